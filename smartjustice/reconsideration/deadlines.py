"""The periods of a 行政复议 case: which deadline rule runs when, and the filing window.

`filing_window` is a pure function (dates and a holiday calendar in, the last day to apply
and a plain explanation out), used by the form to warn the applicant and by the service at
submission. The rest maps case events to rows of smartjustice.deadlines (one row per
period, with its citation), through smartjustice.deadlines.services.

Filing (申请期限):
  * 60 days from the day the applicant knew or should have known of the act (第二十条第一款);
  * without the remedy notice (right, organ, period), the 60 days run from the day the
    applicant learned of those, but at most 1 year from knowing the act (第二十条第三款);
  * never more than 5 years (20 for real property) after the act was made (第二十一条).
A late application is recorded with the explanation; the organ decides on acceptance
(第三十条第一款第四项), and time lost for a justified reason is not counted (第二十条第二款).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from smartjustice.deadlines import engine
from smartjustice.deadlines.errors import NoHolidayData
from smartjustice.deadlines.rules import get_rule

from .choices import Procedure

APPLY = "reconsideration.apply"
APPLY_UNINFORMED = "reconsideration.apply_uninformed_limit"
APPLY_ABSOLUTE = "reconsideration.apply_absolute_limit"
APPLY_ABSOLUTE_REAL_PROPERTY = "reconsideration.apply_absolute_limit_real_property"
ACCEPT_REVIEW = "reconsideration.accept_review"
CORRECTION_SUBMIT = "reconsideration.correction_submit"
DECIDE = {Procedure.ORDINARY: "reconsideration.decide_ordinary",
          Procedure.SIMPLIFIED: "reconsideration.decide_simplified"}
SEND_COPY = {Procedure.ORDINARY: "reconsideration.send_copy_ordinary",
             Procedure.SIMPLIFIED: "reconsideration.send_copy_simplified"}
REPLY = {Procedure.ORDINARY: "reconsideration.respondent_reply",
         Procedure.SIMPLIFIED: "reconsideration.respondent_reply_simplified"}


@dataclass(frozen=True)
class Limit:
    rule_id: str
    anchor: dt.date
    due: dt.date
    citation: str
    approximate: bool = False  # the holiday year was not loaded: no rest-day roll-over applied


@dataclass(frozen=True)
class FilingWindow:
    """The last day to apply and why; `is_late` when `filed_on` is after it."""

    last_day: dt.date | None
    limits: tuple[Limit, ...]
    is_late: bool
    beyond_absolute_limit: bool
    explanation: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.explanation)


def _limit(rule_id: str, anchor: dt.date, calendar: engine.HolidayCalendar) -> Limit:
    rule = get_rule(rule_id)
    try:
        due = engine.compute_due(rule, anchor, calendar)
        return Limit(rule_id, anchor, due.due, rule.citation)
    except NoHolidayData:
        # An old act (or a year not yet published): show the plain end of the period and say so.
        raw = engine._unrolled_end(anchor, rule.amount, rule.unit)
        return Limit(rule_id, anchor, raw, rule.citation, approximate=True)


def filing_window(*, known_on: dt.date | None, made_on: dt.date | None, remedy_notice_given: bool,
                  remedy_known_on: dt.date | None, concerns_real_property: bool, filed_on: dt.date,
                  calendar: engine.HolidayCalendar) -> FilingWindow:
    """The filing period of 第二十条 and 第二十一条 for these facts (see the module docstring).

    Never refuses: missing dates give a window with no last day and an explanation of what
    is needed to compute it."""
    limits: list[Limit] = []
    lines: list[str] = []
    if known_on is None:
        lines.append(_("Give the date you learned of the act so the application period can be computed."))
    elif remedy_notice_given:
        limit = _limit(APPLY, known_on, calendar)
        limits.append(limit)
        lines.append(_("You may apply within 60 days from %(known)s, the day you learned of the act: "
                       "the last day is %(due)s (%(citation)s).")
                     % {"known": known_on.isoformat(), "due": limit.due.isoformat(), "citation": limit.citation})
    else:
        outer = _limit(APPLY_UNINFORMED, known_on, calendar)
        limits.append(outer)
        if remedy_known_on is not None:
            inner = _limit(APPLY, remedy_known_on, calendar)
            limits.append(inner)
            lines.append(_("The authority did not tell you of your right to reconsideration, so the 60 days run "
                           "from %(informed)s, the day you learned of it: until %(due)s (%(citation)s).")
                         % {"informed": remedy_known_on.isoformat(), "due": inner.due.isoformat(),
                            "citation": "《行政复议法》第二十条第三款"})
        else:
            lines.append(_("The authority did not tell you of your right to reconsideration, so the 60 days have "
                           "not started yet (《行政复议法》第二十条第三款)."))
        lines.append(_("In any case you must apply within one year from %(known)s: by %(due)s (%(citation)s).")
                     % {"known": known_on.isoformat(), "due": outer.due.isoformat(), "citation": outer.citation})
    absolute = None
    if made_on is not None:
        absolute = _limit(APPLY_ABSOLUTE_REAL_PROPERTY if concerns_real_property else APPLY_ABSOLUTE, made_on,
                          calendar)
        limits.append(absolute)
    last_day = min((limit.due for limit in limits), default=None)
    is_late = last_day is not None and filed_on > last_day
    beyond_absolute = absolute is not None and filed_on > absolute.due
    if beyond_absolute:
        years = 20 if concerns_real_property else 5
        lines.append(_("The act was made on %(made)s, more than %(years)s years ago: the reconsideration organ "
                       "does not accept such an application (%(citation)s).")
                     % {"made": made_on.isoformat(), "years": years, "citation": absolute.citation})
    elif is_late:
        lines.append(_("Your application is after the last day, %(due)s. It is still recorded. If force majeure "
                       "or another justified reason kept you from applying in time, explain it: that time is "
                       "not counted (《行政复议法》第二十条第二款).") % {"due": last_day.isoformat()})
    elif last_day is not None:
        lines.append(_("Your application is within the period."))
    # Only a limit that decides the answer needs the warning (a far-off 5-year cut-off does not).
    if any(limit.approximate and (limit.due == last_day or limit is absolute and beyond_absolute)
           for limit in limits):
        lines.append(_("The holiday calendar of a year involved is not loaded; a last day falling on a rest day "
                       "may move to the next working day."))
    return FilingWindow(last_day=last_day, limits=tuple(limits), is_late=is_late,
                        beyond_absolute_limit=beyond_absolute, explanation=lines)
