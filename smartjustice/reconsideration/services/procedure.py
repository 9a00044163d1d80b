"""Procedure: conversion to the ordinary procedure (第五十五条), suspension and resumption
(第三十九条), termination (第四十一条), withdrawal (第七十四条) and assignment (第三十六条).
"""
from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from smartjustice.audit import services as audit
from smartjustice.core import clock
from smartjustice.core.errors import InvalidInput
from smartjustice.orgs.permissions import can

from .. import deadlines as periods
from .. import permissions
from ..choices import SUSPENSION_ITEM, TERMINATION_ITEM, Procedure, Status, SuspensionGround
from ..errors import GuardFailed
from ..models import ReconsiderationCase
from .common import (
    _event,
    _lock,
    _meet,
    _move,
    _notify_applicant,
    _open,
    _require,
    _required_text,
)


def convert_to_ordinary(case, *, acting_user, reason: str) -> ReconsiderationCase:
    """Convert a simplified case to the ordinary procedure with the approval of the head of
    the institution (第五十五条). The ordinary 60 days count from the original acceptance
    (the law is silent; RULES.md AR-H3 flags this for legal review); the simplified decision
    period is marked met as superseded by the conversion."""
    _require(permissions.may_approve(acting_user, case))
    reason = _required_text(reason, field="reason")
    with transaction.atomic():
        locked = _lock(case)
        if locked.procedure != Procedure.SIMPLIFIED or locked.status not in (
                Status.ACCEPTED, Status.AWAITING_REPLY, Status.IN_EXAMINATION, Status.MEDIATION):
            raise GuardFailed(_("Only a pending case in the simplified procedure can be converted."))
        before = {"procedure": locked.procedure, "procedure_converted_at": None}
        locked.procedure = Procedure.ORDINARY
        locked.procedure_converted_at = clock.now()
        locked.save(update_fields=["procedure", "procedure_converted_at", "updated_at"])
        _meet(locked, periods.DECIDE[Procedure.SIMPLIFIED], acting_user)
        _open(locked, periods.DECIDE[Procedure.ORDINARY], locked.accepted_on, acting_user)
        audit.record("reconsideration.case.converted", actor=acting_user, obj=locked, org=locked.org,
                     changes=audit.diff(before, {"procedure": locked.procedure,
                                                 "procedure_converted_at": locked.procedure_converted_at}),
                     reason=reason)
        _event(locked, "converted", acting_user=acting_user, note=reason, citation="《行政复议法》第五十五条")
    case.refresh_from_db()
    return case


def suspend(case, *, acting_user, ground: str, reason: str) -> ReconsiderationCase:
    """Suspend on a ground of 第三十九条第一款, with written notice to the parties (第三十九条第三款).
    The law does not say the decision period stops (RULES.md AR-SU3): the deadline is left
    as it is and an officer extends it where the law allows."""
    _require(permissions.may_handle(acting_user, case))
    if ground not in SuspensionGround.values:
        raise InvalidInput(_("Choose a ground of suspension."), field="ground")
    reason = _required_text(reason, field="reason")
    with transaction.atomic():
        locked = _lock(case)
        _move(locked, Status.SUSPENDED, acting_user=acting_user, reason=reason,
              changes={"suspension_ground": ground, "status_before_suspension": locked.status},
              note=f"{SuspensionGround(ground).label} (第三十九条第一款{SUSPENSION_ITEM[SuspensionGround(ground)]}): "
                   f"{reason}")
        _notify_applicant(locked, gettext_lazy("Case %(number)s suspended"),
                          gettext_lazy("Case %(number)s is suspended. The ground is on your case page."))
    case.refresh_from_db()
    return case


def resume(case, *, acting_user, reason: str) -> ReconsiderationCase:
    """Resume once the cause is removed, to the stage the case left (第三十九条第二款)."""
    _require(permissions.may_handle(acting_user, case))
    reason = _required_text(reason, field="reason")
    with transaction.atomic():
        locked = _lock(case)
        target = locked.status_before_suspension or Status.IN_EXAMINATION
        _move(locked, Status(target), acting_user=acting_user, reason=reason)
        _notify_applicant(locked, gettext_lazy("Case %(number)s resumed"),
                          gettext_lazy("The examination of case %(number)s has resumed."))
    case.refresh_from_db()
    return case


def terminate(case, *, acting_user, ground: str, reason: str) -> ReconsiderationCase:
    """Terminate on a ground of 第四十一条 (items 二 to 五; withdrawal is `withdraw`)."""
    _require(permissions.may_handle(acting_user, case))
    reason = _required_text(reason, field="reason")
    with transaction.atomic():
        locked = _lock(case)
        note = reason
        if ground in TERMINATION_ITEM:
            note = f"第四十一条{TERMINATION_ITEM[ground]}: {reason}"
        _move(locked, Status.TERMINATED, acting_user=acting_user, reason=reason,
              changes={"termination_ground": ground}, context={"termination_ground": ground}, note=note)
        _notify_applicant(locked, gettext_lazy("Case %(number)s terminated"),
                          gettext_lazy("The reconsideration of case %(number)s was terminated."))
    case.refresh_from_db()
    return case


def withdraw(case, *, acting_user, reason: str) -> ReconsiderationCase:
    """Approve the applicant's withdrawal (撤回), after settlement or otherwise; the case is
    terminated and the applicant may not apply again on the same facts and reasons unless
    the withdrawal was against their true will (第四十一条第一项, 第七十四条第二款)."""
    _require(permissions.may_handle(acting_user, case))
    reason = _required_text(reason, field="reason")
    with transaction.atomic():
        locked = _lock(case)
        _move(locked, Status.WITHDRAWN, acting_user=acting_user, reason=reason,
              changes={"withdrawal_reason": reason})
        _notify_applicant(locked, gettext_lazy("Withdrawal of %(number)s approved"),
                          gettext_lazy("Your withdrawal of case %(number)s was approved and the case terminated."))
    case.refresh_from_db()
    return case


def assign_handler(case, *, acting_user, handler) -> ReconsiderationCase:
    """Assign (or reassign) the handling officer (第三十六条第一款)."""
    _require(permissions.may_handle(acting_user, case) or permissions.may_approve(acting_user, case))
    if handler is None or not can(handler, "reconsideration.handle", permissions.body_side(case)):
        raise InvalidInput(_("Choose a reconsideration officer of this body."), field="handler")
    with transaction.atomic():
        locked = _lock(case)
        before = {"handler": locked.handler_id}
        locked.handler = handler
        locked.save(update_fields=["handler", "updated_at"])
        audit.record("reconsideration.case.assigned", actor=acting_user, obj=locked, org=locked.org,
                     changes=audit.diff(before, {"handler": handler.pk}))
        _event(locked, "assigned", acting_user=acting_user, note=handler.display_name, visible=False,
               citation="《行政复议法》第三十六条第一款")
    case.refresh_from_db()
    return case
