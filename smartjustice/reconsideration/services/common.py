"""Helpers shared by the services: locking, the one `_move` that makes a transition, deadline rows,
timeline events and notifications (STYLE §2, §4, §5).
"""
from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from smartjustice.audit import services as audit
from smartjustice.core import clock
from smartjustice.core.errors import PermissionDenied
from smartjustice.deadlines import services as deadline_services
from smartjustice.deadlines.errors import NoHolidayData
from smartjustice.deadlines.models import Deadline
from smartjustice.deadlines.selectors import get_deadlines_for_object
from smartjustice.notifications.services import notify
from smartjustice.orgs.choices import Kind

from .. import deadlines as periods
from .. import workflow
from ..choices import DOCUMENT_FOR_EVENT, Procedure, Status
from ..errors import ReasonRequired
from ..models import CaseEvent, ReconsiderationCase

RESPONDENT_KINDS = frozenset({Kind.ENFORCEMENT_AGENCY, Kind.PUBLIC_SECURITY, Kind.JUSTICE_BUREAU})


def _lock(case: ReconsiderationCase) -> ReconsiderationCase:
    return ReconsiderationCase.objects.select_for_update().get(pk=case.pk)


def _text(value) -> str:
    return (value or "").strip() if isinstance(value, str) or value is None else str(value).strip()


def _required_text(value, *, field: str) -> str:
    """The stripped text, or ReasonRequired on `field` when it is empty (nothing is written)."""
    text = _text(value)
    if not text:
        raise ReasonRequired(field=field)
    return text


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied()


def current_deadline(case, rule_id: str) -> Deadline | None:
    """The latest unmet deadline row of `rule_id` for the case (internal)."""
    return get_deadlines_for_object(case).filter(rule_id=rule_id, met_at__isnull=True).order_by("-id").first()


def _due(case, rule_id: str) -> dt.date | None:
    deadline = current_deadline(case, rule_id)
    return deadline.effective_due_on if deadline else None


def _context(case, **values) -> workflow.Context:
    procedure = case.procedure or Procedure.ORDINARY
    return workflow.Context(
        today=clock.today(),
        review_due=_due(case, periods.ACCEPT_REVIEW),
        correction_due=_due(case, periods.CORRECTION_SUBMIT),
        reply_due=_due(case, periods.REPLY[procedure]),
        **values,
    )


def _open(case, rule_id: str, anchor_on: dt.date, acting_user) -> Deadline | None:
    """Open the deadline row of `rule_id`. Where the period ends in a year whose holiday
    arrangement is not loaded yet, the engine will not guess: the case still moves (a
    submitted application must never be lost or blocked), the gap is audited and shown on
    the case's timeline, and an administrator loads the year (`smartjustice holidays import`)."""
    try:
        with transaction.atomic():
            return deadline_services.open_deadline(case, rule_id, anchor_on, org=case.org, acting_user=acting_user)
    except NoHolidayData as exc:
        audit.record("reconsideration.deadline.unavailable", actor=acting_user, obj=case, org=case.org,
                     changes={"rule_id": [None, rule_id], "anchor_on": [None, anchor_on.isoformat()]},
                     reason=str(exc))
        _event(case, "deadline_unavailable", acting_user=acting_user, visible=False,
               note=_("The time limit “%(rule)s” from %(anchor)s could not be computed: %(error)s")
               % {"rule": rule_id, "anchor": anchor_on.isoformat(), "error": exc})
        return None


def _meet(case, rule_id: str, acting_user) -> None:
    deadline = current_deadline(case, rule_id)
    if deadline is not None:
        deadline_services.mark_met(deadline, acting_user=acting_user)


def _snapshot(case, fields) -> dict:
    return {name: getattr(case, name) for name in fields}


def _notify_applicant(case, subject, body) -> None:
    """Notify the applicant in their language; the message is sent after commit."""
    owner = case.owner
    with translation.override(getattr(owner, "language", "") or settings.LANGUAGE_CODE):
        link = reverse("reconsideration:case", args=[case.pk])
        notify(owner, title=str(subject) % {"number": case.case_number or ""},
               body=str(body) % {"number": case.case_number or ""}, kind="reconsideration.case", link=link,
               org=case.org)


def _move(case: ReconsiderationCase, target: Status, *, acting_user, changes: dict | None = None,
          reason: str = "", note: str = "", context: dict | None = None, visible: bool = True,
          moment: dt.datetime | None = None) -> workflow.Transition:
    """Check and make one move of the table on a locked case (inside the caller's atomic block)."""
    changes = dict(changes or {})
    before_status = case.status
    old = {"status": before_status, **{name: getattr(case, name) for name in changes}}
    for name, value in changes.items():
        setattr(case, name, value)
    transition = workflow.check(case, target, _context(case, **(context or {})))
    moment = moment or clock.now()
    old[transition.timestamp] = getattr(case, transition.timestamp)
    changes[transition.timestamp] = moment
    case.status = target
    setattr(case, transition.timestamp, moment)
    fields = ["status", *changes.keys(), "updated_at"]
    case.save(update_fields=list(dict.fromkeys(fields)))
    new = {"status": str(target), **{k: v for k, v in changes.items()}}
    audit.record(f"reconsideration.case.{transition.action}", actor=acting_user, obj=case, org=case.org,
                 changes=audit.diff(old, new), reason=reason)
    event = CaseEvent.objects.create(
        case=case, occurred_at=moment, action=transition.action, from_status=before_status, to_status=target,
        actor_name=(getattr(acting_user, "display_name", "") or "")[:150] if acting_user else "",
        note=note or reason, citation=transition.citation, visible_to_applicant=visible,
    )
    _queue_document(event, acting_user)
    return transition


def _event(case, action: str, *, acting_user, note: str = "", citation: str = "", visible: bool = True) -> CaseEvent:
    event = CaseEvent.objects.create(case=case, occurred_at=clock.now(), action=action, actor_name=(
        getattr(acting_user, "display_name", "") or "")[:150] if acting_user else "", note=note,
        citation=citation, visible_to_applicant=visible)
    _queue_document(event, acting_user)
    return event


def _queue_document(event: CaseEvent, acting_user) -> None:
    """After commit, issue the document this step calls for (choices.DOCUMENT_FOR_EVENT).
    A step without an acting person (deemed acceptance) leaves it to an officer, on demand:
    a stored file always names the person it was made for."""
    if event.action not in DOCUMENT_FOR_EVENT or acting_user is None:
        return

    def queue(event_id=event.pk, user_id=acting_user.pk):
        from ..tasks import issue_documents_for_event_task

        issue_documents_for_event_task.delay(event_id, user_id)

    transaction.on_commit(queue)


def respondent_officers(case):
    from smartjustice.accounts.models import User
    from smartjustice.orgs.permissions import PERMISSIONS

    roles = PERMISSIONS["reconsideration.respond"].roles
    return User.objects.filter(memberships__org_id=case.respondent_id, memberships__is_active=True,
                               memberships__role__in=roles, is_active=True).distinct().order_by("pk")
