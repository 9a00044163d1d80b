"""The decision (第六十一条 to 第六十九条): extension of the period (第六十二条), the decision,
its service (第七十五条) and closing after performance (第七十七条).
"""
from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from smartjustice.deadlines import services as deadline_services
from smartjustice.deadlines.models import Deadline

from .. import deadlines as periods
from .. import permissions
from ..choices import DecisionType, Procedure, Status
from ..errors import GuardFailed, ReasonRequired
from ..models import ReconsiderationCase
from .common import (
    _event,
    _lock,
    _meet,
    _move,
    _notify_applicant,
    _require,
    _required_text,
    _text,
    current_deadline,
)


def extend_decision_period(case, *, acting_user, days: int, reason: str) -> Deadline:
    """Extend the ordinary 60-day decision period once, by at most 30 days, with the approval
    of the head of the institution and written notice to the parties (第六十二条第一款).
    The simplified procedure has no extension (第六十二条第二款)."""
    _require(permissions.may_approve(acting_user, case))
    reason = _required_text(reason, field="reason")
    with transaction.atomic():
        locked = _lock(case)
        if locked.procedure != Procedure.ORDINARY or locked.status not in (
                Status.ACCEPTED, Status.AWAITING_REPLY, Status.IN_EXAMINATION, Status.HEARING, Status.MEDIATION,
                Status.SUSPENDED):
            raise GuardFailed(_("Only a pending case in the ordinary procedure can be extended (第六十二条)."))
        deadline = current_deadline(locked, periods.DECIDE[Procedure.ORDINARY])
        if deadline is None:
            raise GuardFailed(_("There is no running decision period."))
        if deadline.is_extended:
            raise GuardFailed(_("The decision period was already extended; it can be extended only once, by at "
                                "most 30 days (第六十二条第一款)."))
        deadline = deadline_services.extend_deadline(deadline, days, acting_user=acting_user, reason=reason)
        _event(locked, "extended", acting_user=acting_user, citation="《行政复议法》第六十二条第一款",
               note=_("Decision period extended by %(days)s days to %(due)s: %(reason)s")
               % {"days": deadline.extension_amount, "due": deadline.effective_due_on.isoformat(), "reason": reason})
        _notify_applicant(locked, gettext_lazy("Decision period of %(number)s extended"),
                          gettext_lazy("The decision period of case %(number)s was extended (《行政复议法》"
                                       "第六十二条第一款). The new date is on your case page."))
    return deadline


def decide(case, *, acting_user, decision_type: str, summary: str) -> ReconsiderationCase:
    """Make the reconsideration decision of one of the statutory types (第六十三条 to 第六十九条,
    or 驳回申请 under 第三十三条), approved per 第六十一条第一款. Marks the decision period met."""
    _require(permissions.may_handle(acting_user, case))
    summary = _text(summary)
    if not summary:
        raise ReasonRequired(_("Give the reasons of the decision."), field="summary")
    with transaction.atomic():
        locked = _lock(case)
        _move(locked, Status.DECIDED, acting_user=acting_user, reason=summary,
              changes={"decision_type": decision_type, "decision_summary": summary},
              context={"decision_type": decision_type},
              note=str(DecisionType(decision_type).label) if decision_type in DecisionType.values else "")
        _meet(locked, periods.DECIDE[locked.procedure], acting_user)
    case.refresh_from_db()
    return case


def serve_decision(case, *, acting_user) -> ReconsiderationCase:
    """Serve the decision: it takes legal effect on service (第七十五条第二款). The applicant may
    sue within 15 days of receipt (《行政诉讼法》第四十五条), shown on the case page."""
    _require(permissions.may_handle(acting_user, case))
    with transaction.atomic():
        locked = _lock(case)
        _move(locked, Status.SERVED, acting_user=acting_user)
        _notify_applicant(locked, gettext_lazy("Decision on %(number)s"),
                          gettext_lazy("The reconsideration decision on case %(number)s has been served and is in "
                                       "effect. Read it on your case page."))
    case.refresh_from_db()
    return case


def close_case(case, *, acting_user, performance_note: str) -> ReconsiderationCase:
    """Record that the decision or mediation statement was performed and close the file
    (第七十七条)."""
    _require(permissions.may_handle(acting_user, case))
    note = _text(performance_note)
    if not note:
        raise ReasonRequired(_("Describe how the decision was performed."), field="performance_note")
    with transaction.atomic():
        locked = _lock(case)
        _move(locked, Status.CLOSED, acting_user=acting_user, changes={"performance_note": note}, note=note)
    case.refresh_from_db()
    return case
