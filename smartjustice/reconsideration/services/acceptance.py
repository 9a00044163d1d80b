"""Acceptance review (受理审查, 第三十条, 第三十一条): correction, abandonment, refusal,
acceptance with the choice of procedure (第五十三条) and deemed acceptance.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from smartjustice.core import clock
from smartjustice.core.errors import InvalidInput

from .. import deadlines as periods
from .. import permissions
from ..choices import ActType, Procedure, Status
from ..errors import CorrectionItemsRequired, ReasonRequired, SimplifiedNotAllowed
from ..models import ReconsiderationCase
from .common import (
    _due,
    _lock,
    _meet,
    _move,
    _notify_applicant,
    _open,
    _require,
    _required_text,
    _text,
)
from .filing import _clean_fields

SIMPLIFIED_AMOUNT_LIMIT = Decimal("3000")  # 第五十三条第一款第三项: 三千元以下


def request_correction(case, *, acting_user, items: list[str]) -> ReconsiderationCase:
    """Send the one-time correction notice (补正通知) listing every item at once, within the
    review period (第三十一条第一款); the applicant has 10 working days from receipt
    (第三十一条第二款). The notice is served through the applicant's case page, so it is
    received the day it is sent."""
    _require(permissions.may_handle(acting_user, case))
    items = [_text(item) for item in (items or []) if _text(item)]
    if not items:
        raise CorrectionItemsRequired(field="items")
    with transaction.atomic():
        locked = _lock(case)
        _move(locked, Status.CORRECTION_REQUESTED, acting_user=acting_user, changes={"correction_items": items},
              note="\n".join(items))
        _meet(locked, periods.ACCEPT_REVIEW, acting_user)
        _open(locked, periods.CORRECTION_SUBMIT, clock.today(), acting_user)
        _notify_applicant(locked, gettext_lazy("Please correct application %(number)s"),
                          gettext_lazy("The reconsideration body asks you to correct or complete your application "
                                       "%(number)s within 10 working days. See the list on your case page."))
    case.refresh_from_db()
    return case


def submit_correction(case, *, acting_user, response: str, data: dict | None = None) -> ReconsiderationCase:
    """The applicant's corrections: a new acceptance review of 5 working days starts on
    receipt (第三十一条第三款)."""
    _require(permissions.is_applicant(acting_user, case) or permissions.may_edit_draft(acting_user, case))
    response = _text(response)
    if not response:
        raise ReasonRequired(_("Describe what you corrected or added."), field="response")
    values = _clean_fields(data or {})
    with transaction.atomic():
        locked = _lock(case)
        _move(locked, Status.SUBMITTED, acting_user=acting_user,
              changes={"correction_response": response, **values}, note=response)
        _meet(locked, periods.CORRECTION_SUBMIT, acting_user)
        _open(locked, periods.ACCEPT_REVIEW, clock.today(), acting_user)
    case.refresh_from_db()
    return case


def mark_abandoned(case, *, acting_user, reason: str) -> ReconsiderationCase:
    """The correction period lapsed without corrections or a justified reason: the
    application is deemed abandoned and this is recorded (第三十一条第二款)."""
    _require(permissions.may_handle(acting_user, case))
    reason = _required_text(reason, field="reason")
    with transaction.atomic():
        locked = _lock(case)
        _move(locked, Status.ABANDONED, acting_user=acting_user, reason=reason)
        _notify_applicant(locked, gettext_lazy("Application %(number)s deemed abandoned"),
                          gettext_lazy("No corrections arrived in time, so application %(number)s is deemed "
                                       "abandoned (《行政复议法》第三十一条第二款)."))
    case.refresh_from_db()
    return case


def refuse_acceptance(case, *, acting_user, reasons: str) -> ReconsiderationCase:
    """Decide not to accept (不予受理), with reasons, within the review period (第三十条第二款)."""
    _require(permissions.may_handle(acting_user, case))
    reasons = _required_text(reasons, field="reasons")
    with transaction.atomic():
        locked = _lock(case)
        _move(locked, Status.NOT_ACCEPTED, acting_user=acting_user, changes={"not_accepted_reasons": reasons},
              reason=reasons)
        _meet(locked, periods.ACCEPT_REVIEW, acting_user)
        _notify_applicant(locked, gettext_lazy("Application %(number)s not accepted"),
                          gettext_lazy("The reconsideration body decided not to accept application %(number)s. "
                                       "The reasons are on your case page."))
    case.refresh_from_db()
    return case


def simplified_criteria(case) -> list[str]:
    """Which cases of 第五十三条 the facts meet (empty: only ordinary, unless all agree)."""
    met = []
    if case.made_on_the_spot:
        met.append("第五十三条第一款第一项")
    if case.is_warning_or_criticism:
        met.append("第五十三条第一款第二项")
    if case.amount_involved is not None and case.amount_involved <= SIMPLIFIED_AMOUNT_LIMIT:
        met.append("第五十三条第一款第三项")
    if case.act_type == ActType.INFORMATION_DISCLOSURE:
        met.append("第五十三条第一款第四项")
    if case.parties_agree_simplified:
        met.append("第五十三条第二款")
    return met


def _start_periods(case, procedure: str, accepted_on: dt.date, acting_user) -> None:
    _open(case, periods.SEND_COPY[procedure], accepted_on, acting_user)
    _open(case, periods.DECIDE[procedure], accepted_on, acting_user)


def accept_application(case, *, acting_user, procedure: str, facts_clear: bool = False,
                       reason: str = "") -> ReconsiderationCase:
    """Accept (受理) and choose the procedure. The simplified procedure needs a case of
    第五十三条 and the officer's finding that the facts are clear, rights and duties plain and
    the dispute small. Opens the copy period (7 WD ordinary 第四十八条, 3 WD simplified
    第五十四条第一款) and the decision period (60 / 30 days, 第六十二条)."""
    _require(permissions.may_handle(acting_user, case))
    if procedure not in Procedure.values:
        raise InvalidInput(_("Choose the ordinary or the simplified procedure."), field="procedure")
    with transaction.atomic():
        locked = _lock(case)
        if procedure == Procedure.SIMPLIFIED and not (facts_clear and simplified_criteria(locked)):
            raise SimplifiedNotAllowed(field="procedure")
        today = clock.today()
        _move(locked, Status.ACCEPTED, acting_user=acting_user, reason=_text(reason),
              changes={"procedure": procedure, "accepted_on": today, "procedure_reason": _text(reason)},
              note=str(Procedure(procedure).label))
        _meet(locked, periods.ACCEPT_REVIEW, acting_user)
        _start_periods(locked, procedure, today, acting_user)
        _notify_applicant(locked, gettext_lazy("Application %(number)s accepted"),
                          gettext_lazy("Your reconsideration application %(number)s was accepted."))
    case.refresh_from_db()
    return case


def deem_accepted(case, *, today: dt.date | None = None) -> ReconsiderationCase:
    """Deemed acceptance (视为受理): no decision not to accept by the end of the review period,
    so the application counts as accepted from the day the period ended (第三十条第三款).
    The ordinary procedure applies until an officer finds 第五十三条 met. The missed review
    deadline stays unmet, as a record that it was missed. Safe to run twice."""
    with transaction.atomic():
        locked = _lock(case)
        if locked.status != Status.SUBMITTED:
            return locked
        review_due = _due(locked, periods.ACCEPT_REVIEW)
        _move(locked, Status.ACCEPTED, acting_user=None,
              changes={"procedure": Procedure.ORDINARY, "accepted_on": review_due, "is_deemed_accepted": True},
              context={"deemed": True}, note=_("Deemed accepted: the review period ended without a decision."))
        _start_periods(locked, Procedure.ORDINARY, review_due, None)
        _notify_applicant(locked, gettext_lazy("Application %(number)s accepted"),
                          gettext_lazy("Your reconsideration application %(number)s is deemed accepted "
                                       "(《行政复议法》第三十条第三款)."))
    case.refresh_from_db()
    return case
