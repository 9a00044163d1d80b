"""The correction period (矫正期限) computed from the judgment, with the rule that fixes it.

Pure functions: dates in, dates and citation out. A period of N months that runs "from"
day D includes D and ends the day before the corresponding day N months later, which is
how judgments state it (自2025年1月10日起至2026年1月9日止); month arithmetic follows
《民法典》第二百零二条 (deadlines.engine.add_months).

| type | starts | length | citation |
| 管制 | the day the judgment is executed | the term, less 2 days per day in custody | 《刑法》第三十八条第一款, 第四十一条 |
| 缓刑 | the day the judgment became final | the probation period fixed by the court | 《刑法》第七十三条 |
| 假释 | the day of parole | the unserved term (life: 10 years) | 《刑法》第八十三条 |
| 暂予监外执行 | the day the decision takes effect | until the sentence expires | 《刑事诉讼法》第二百六十八条第三款 |
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from smartjustice.core.errors import InvalidInput
from smartjustice.deadlines.engine import add_months

from .choices import PrincipalPenalty, SubjectType


@dataclass(frozen=True)
class CorrectionPeriod:
    starts_on: dt.date
    ends_on: dt.date
    citation: str
    rule: str  # how it was computed, in words

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1


def _months_from(start: dt.date, months: int) -> dt.date:
    return add_months(start, months) - dt.timedelta(days=1)


def compute_period(subject_type: str, *, effective_on: dt.date | None, principal_penalty: str = "",
                   sentence_months: int | None = None, probation_months: int | None = None,
                   custody_days: int = 0, parole_on: dt.date | None = None,
                   sentence_expires_on: dt.date | None = None) -> CorrectionPeriod:
    """The correction period of one subject, or InvalidInput naming the field that is wrong."""
    if subject_type == SubjectType.CONTROL:
        return _control(effective_on, sentence_months, custody_days)
    if subject_type == SubjectType.PROBATION:
        return _probation(effective_on, principal_penalty, sentence_months, probation_months)
    if subject_type == SubjectType.PAROLE:
        return _parole(parole_on, principal_penalty, sentence_expires_on)
    if subject_type == SubjectType.TEMPORARY_OUTSIDE:
        return _temporary_outside(effective_on, sentence_expires_on)
    raise InvalidInput(_("Choose one of the four kinds of community correction."), field="subject_type")


def _require(value, field: str, message):
    if value in (None, ""):
        raise InvalidInput(message, field=field)
    return value


def _control(start, months, custody_days) -> CorrectionPeriod:
    start = _require(start, "effective_on", _("Enter the day the judgment is executed."))
    months = _require(months, "sentence_months", _("Enter the term of public surveillance in months."))
    if not 3 <= months <= 24:
        raise InvalidInput(_("Public surveillance lasts from 3 months to 2 years (《刑法》第三十八条第一款)."),
                           field="sentence_months")
    if custody_days < 0:
        raise InvalidInput(_("Days in custody cannot be negative."), field="custody_days")
    end = _months_from(start, months) - dt.timedelta(days=2 * custody_days)
    if end < start:
        raise InvalidInput(_("The days in custody, counted double, use up the whole term."), field="custody_days")
    return CorrectionPeriod(start, end, "《刑法》第三十八条第一款、第四十一条",
                            f"{months} 个月，自判决执行之日起计算；先行羁押 {custody_days} 日折抵刑期 {2 * custody_days} 日")


def _probation(start, penalty, sentence_months, probation_months) -> CorrectionPeriod:
    start = _require(start, "effective_on", _("Enter the day the judgment became final."))
    probation_months = _require(probation_months, "probation_months", _("Enter the probation period in months."))
    sentence_months = _require(sentence_months, "sentence_months", _("Enter the original term in months."))
    if penalty == PrincipalPenalty.CRIMINAL_DETENTION:
        low, high, paragraph = max(sentence_months, 2), 12, "第一款"
    elif penalty == PrincipalPenalty.FIXED_TERM:
        low, high, paragraph = max(sentence_months, 12), 60, "第二款"
    else:
        raise InvalidInput(_("A suspended sentence is given only with criminal detention or fixed-term imprisonment."),
                           field="principal_penalty")
    if not low <= probation_months <= high:
        raise InvalidInput(_("The probation period must be between %(low)s and %(high)s months for this sentence (《刑法》第七十三条)."),
                           field="probation_months", low=low, high=high)
    return CorrectionPeriod(start, _months_from(start, probation_months), f"《刑法》第七十三条{paragraph}、第三款",
                            f"缓刑考验期 {probation_months} 个月，从判决确定之日起计算")


def _parole(parole_on, penalty, sentence_expires_on) -> CorrectionPeriod:
    parole_on = _require(parole_on, "parole_on", _("Enter the day of parole."))
    if penalty == PrincipalPenalty.LIFE:
        return CorrectionPeriod(parole_on, _months_from(parole_on, 120), "《刑法》第八十三条第一款、第二款",
                                "无期徒刑的假释考验期限为十年，从假释之日起计算")
    if penalty != PrincipalPenalty.FIXED_TERM:
        raise InvalidInput(_("Parole is granted from fixed-term or life imprisonment."), field="principal_penalty")
    expires = _require(sentence_expires_on, "sentence_expires_on", _("Enter the day the original sentence expires."))
    if expires < parole_on:
        raise InvalidInput(_("The sentence expires before the day of parole."), field="sentence_expires_on")
    return CorrectionPeriod(parole_on, expires, "《刑法》第八十三条第一款、第二款",
                            "考验期限为没有执行完毕的刑期，从假释之日起计算")


def _temporary_outside(start, sentence_expires_on) -> CorrectionPeriod:
    start = _require(start, "effective_on", _("Enter the day the decision took effect."))
    expires = _require(sentence_expires_on, "sentence_expires_on", _("Enter the day the original sentence expires."))
    if expires < start:
        raise InvalidInput(_("The sentence expires before the decision took effect."), field="sentence_expires_on")
    return CorrectionPeriod(start, expires, "《刑事诉讼法》第二百六十八条第三款",
                            "监外执行期间计入执行刑期（以贿赂等非法手段取得或脱逃的期间除外），至原判刑期届满之日止")
