"""Requests of the service end: assistance (帮扶) tracked to an outcome, change of residence
(迁居, 《社区矫正法》第二十七条第一款; to another county: transfers, 第二十七条第二款), check-ins at the destination while on leave and the return
report, and the lost-contact rule (no check-in or location for the policy's hours)."""
from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from smartjustice.audit import services as audit
from smartjustice.core import clock
from smartjustice.core.errors import InvalidInput, NotFound
from smartjustice.orgs.choices import Kind, Level
from smartjustice.orgs.permissions import can

from .. import geo, policy
from ..choices import (
    AlertRule,
    AssistanceKind,
    AssistanceOutcome,
    AssistanceStatus,
    LeaveStatus,
    ReportSource,
    RequestStatus,
    SubjectStatus,
    TransferStatus,
)
from ..errors import ReasonRequired, StateConflict, TransferWithinCounty
from ..models import (
    AssistanceRequest,
    ExecutionPlaceChange,
    LeaveApplication,
    LeaveCheckIn,
    LocationReport,
    ResidenceChange,
    Subject,
)
from ._common import bump, require
from .geofences import county_of
from .supervision import SELF, _active, _check_time, _client_id, _store_report
from .supervision_alerts import raise_alert
from .transfers import check_receiving_org, refer_move

__all__ = ["request_assistance", "take_up_assistance", "close_assistance", "apply_for_residence_change",
           "decide_residence_change", "check_in_on_leave", "file_return_report", "flag_lost_contact"]

MANAGE = "correction.subject.manage"


def _self(acting_user, subject: Subject) -> None:
    if not can(acting_user, SELF, subject):
        raise NotFound()
    _active(subject)


# Assistance (帮扶) ------------------------------------------------------------------------------

def request_assistance(subject: Subject, *, acting_user, kind: str, description: str) -> AssistanceRequest:
    """The subject asks for help with employment, medical care, schooling or social assistance."""
    _self(acting_user, subject)
    if kind not in AssistanceKind.values:
        raise InvalidInput(_("Choose the kind of help you need."), field="kind")
    if len((description or "").strip()) < 4:
        raise InvalidInput(_("Describe the help you need."), field="description")
    with transaction.atomic():
        row = AssistanceRequest.objects.create(subject=subject, org_id=subject.org_id, kind=kind,
                                               description=description.strip()[:2000], submitted_at=clock.now())
        audit.record("correction.assistance.requested", actor=acting_user, obj=row, org=subject.org,
                     changes={"kind": [None, kind]})
        bump(subject.org_id, clock.today(), "assistance.requested")
    return row


def take_up_assistance(request: AssistanceRequest, *, acting_user) -> AssistanceRequest:
    """An officer starts handling a request (submitted → in progress)."""
    require(acting_user, MANAGE, request.subject)
    with transaction.atomic():
        locked = AssistanceRequest.objects.select_for_update().select_related("subject__org").get(pk=request.pk)
        if locked.status != AssistanceStatus.SUBMITTED:
            raise StateConflict(_("This request is already being handled or closed."))
        locked.status, locked.handled_by, locked.taken_up_at = AssistanceStatus.IN_PROGRESS, acting_user, clock.now()
        locked.save(update_fields=["status", "handled_by", "taken_up_at"])
        audit.record("correction.assistance.taken_up", actor=acting_user, obj=locked, org=locked.subject.org,
                     changes={"status": [AssistanceStatus.SUBMITTED, AssistanceStatus.IN_PROGRESS]})
    return locked


def close_assistance(request: AssistanceRequest, *, acting_user, outcome: str, note: str) -> AssistanceRequest:
    """An officer records the outcome (helped, referred, could not be helped, withdrawn) with
    what was done; an open request of either state may be closed, a closed one not again."""
    require(acting_user, MANAGE, request.subject)
    if outcome not in AssistanceOutcome.values:
        raise InvalidInput(_("Choose the outcome."), field="outcome")
    if not (note or "").strip():
        raise ReasonRequired(field="note")
    with transaction.atomic():
        locked = AssistanceRequest.objects.select_for_update().select_related("subject__org").get(pk=request.pk)
        if locked.status == AssistanceStatus.CLOSED:
            raise StateConflict(_("This request is already closed."))
        old = locked.status
        locked.status, locked.outcome, locked.outcome_note = AssistanceStatus.CLOSED, outcome, note.strip()
        locked.closed_at, locked.handled_by = clock.now(), locked.handled_by or acting_user
        locked.save(update_fields=["status", "outcome", "outcome_note", "closed_at", "handled_by"])
        audit.record("correction.assistance.closed", actor=acting_user, obj=locked, org=locked.subject.org,
                     changes={"status": [old, AssistanceStatus.CLOSED], "outcome": [None, outcome]}, reason=note.strip())
        bump(locked.org_id, clock.today(), f"assistance.{outcome}")
    return locked


# Change of residence (迁居) ----------------------------------------------------------------------

def apply_for_residence_change(subject: Subject, *, acting_user, new_address: str, moving_on: dt.date,
                               reason: str, destination_county=None) -> ResidenceChange:
    """Apply to move house (第二十七条第一款: 迁居 needs the institution's approval). A person
    moving to another county may name its county institution (第二十七条第二款: the execution
    place then changes); naming their own county is refused as a mistake."""
    _self(acting_user, subject)
    if len((new_address or "").strip()) < 4:
        raise InvalidInput(_("Enter the full new address."), field="new_address")
    if moving_on < clock.today():
        raise InvalidInput(_("The moving date cannot be in the past."), field="moving_on")
    if not (reason or "").strip():
        raise InvalidInput(_("Give the reason for moving."), field="reason")
    if destination_county is not None:
        if destination_county.kind != Kind.JUSTICE_BUREAU or destination_county.level != Level.COUNTY \
                or not destination_county.is_active:
            raise InvalidInput(_("Choose the county you are moving to from the list."), field="destination_county")
        if destination_county.pk == getattr(county_of(subject.org), "pk", None):
            raise InvalidInput(_("%(county)s is the county where you are already supervised: leave the county empty "
                                 "for a move within it."), field="destination_county", county=destination_county.name)
    if ResidenceChange.objects.filter(subject=subject, status__in=[RequestStatus.SUBMITTED, RequestStatus.REFERRED]).exists():
        raise StateConflict(_("You already have a change of residence awaiting approval."))
    if ExecutionPlaceChange.objects.filter(subject=subject, status=TransferStatus.DECIDED).exists():
        raise StateConflict(_("Your file is being transferred to the new county; apply there once it has been received."))
    with transaction.atomic():
        row = ResidenceChange.objects.create(subject=subject, org_id=subject.org_id, new_address=new_address.strip()[:200],
                                             destination_county=destination_county, moving_on=moving_on,
                                             reason=reason.strip(), submitted_at=clock.now())
        audit.record("correction.residence.applied", actor=acting_user, obj=row, org=subject.org,
                     changes={"new_address": [None, row.new_address], "moving_on": [None, moving_on.isoformat()],
                              "destination_county": [None, destination_county.pk if destination_county else None]})
    return row


def decide_residence_change(change: ResidenceChange, *, approve: bool, acting_user, note: str = "",
                            receiving_org=None) -> ResidenceChange:
    """An officer approves (the file's residence becomes the new address) or refuses with a
    reason (第二十七条: a justified reason should be approved).

    A move to another county (the `receiving_org` the officer picks, else the county the person
    named) is not approved here: the office agrees and refers it to its county institution,
    which decides the change of execution place (transfers.refer_move, 第二十七条第二款). A
    receiving office in the same county makes it an ordinary change of address."""
    require(acting_user, "correction.leave.decide", change.subject)
    if not approve and not (note or "").strip():
        raise ReasonRequired(field="note")
    target = (receiving_org if receiving_org is not None else change.destination_county) if approve else None
    if target is not None:
        try:
            check_receiving_org(change.subject, target)
        except TransferWithinCounty:
            pass
        else:
            refer_move(change, acting_user=acting_user, receiving_org=target, note=note)
            change.refresh_from_db()
            return change
    with transaction.atomic():
        locked = ResidenceChange.objects.select_for_update().select_related("subject__org").get(pk=change.pk)
        if locked.status != RequestStatus.SUBMITTED:
            raise StateConflict(_("This application has already been decided."))
        new = RequestStatus.APPROVED if approve else RequestStatus.REJECTED
        locked.status, locked.decided_by, locked.decided_at = new, acting_user, clock.now()
        locked.decision_note = (note or "").strip()
        locked.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        audit.record("correction.residence.decided", actor=acting_user, obj=locked, org=locked.subject.org,
                     changes={"status": [RequestStatus.SUBMITTED, new]}, reason=locked.decision_note)
        if approve:
            subject = Subject.objects.select_for_update().get(pk=locked.subject_id)
            audit.record("correction.subject.residence_changed", actor=acting_user, obj=subject, org=locked.subject.org,
                         changes={"residence_address": [subject.residence_address, locked.new_address]})
            subject.residence_address = locked.new_address
            subject.save(update_fields=["residence_address", "updated_at"])
    return locked


# Leave: destination check-ins and the return report ---------------------------------------------

def check_in_on_leave(leave: LeaveApplication, *, acting_user, latitude, longitude, accuracy_m=None,
                      recorded_at=None, client_id=None) -> LeaveCheckIn:
    """Check in from the destination of an approved trip, on a day of the trip. The position
    is stored as a check-in report with its distance from the declared destination."""
    _self(acting_user, leave.subject)
    recorded_at = _check_time(recorded_at)
    day = clock.legal_date(recorded_at)
    if leave.status != LeaveStatus.APPROVED:
        raise StateConflict(_("Only an approved trip that has not ended allows destination check-ins."))
    if not leave.starts_on <= day <= leave.ends_on:
        raise InvalidInput(_("Destination check-ins are possible only on the days of the trip."), field="recorded_at")
    report = _store_report(leave.subject, source=ReportSource.CHECK_IN, latitude=latitude, longitude=longitude,
                           accuracy_m=accuracy_m, recorded_at=recorded_at, client_id=_client_id(client_id))
    distance = None
    if leave.destination_lat is not None and leave.destination_lon is not None:
        distance = round(geo.distance_m(report.latitude, report.longitude, leave.destination_lat, leave.destination_lon))
    with transaction.atomic():
        report.save()
        row = LeaveCheckIn.objects.create(leave=leave, report=report, checked_in_at=recorded_at, distance_m=distance)
        audit.record("correction.leave.destination_check_in", actor=acting_user, obj=row, org=leave.subject.org,
                     changes={"distance_m": [None, distance]})
    return row


def file_return_report(leave: LeaveApplication, *, acting_user, text: str) -> LeaveApplication:
    """The return report (销假): the subject reports back with an account of the trip; the trip
    becomes returned. Only an approved trip can be reported back."""
    if not can(acting_user, SELF, leave.subject):
        raise NotFound()
    if len((text or "").strip()) < 4:
        raise InvalidInput(_("Describe briefly how the trip went."), field="text")
    with transaction.atomic():
        locked = LeaveApplication.objects.select_for_update().select_related("subject__org").get(pk=leave.pk)
        if locked.status != LeaveStatus.APPROVED:
            raise StateConflict(_("Only an approved trip can be reported as returned."))
        locked.status, locked.returned_at, locked.return_report = LeaveStatus.RETURNED, clock.now(), text.strip()[:2000]
        locked.save(update_fields=["status", "returned_at", "return_report"])
        audit.record("correction.leave.returned", actor=acting_user, obj=locked, org=locked.subject.org,
                     changes={"status": [LeaveStatus.APPROVED, LeaveStatus.RETURNED], "return_report": [None, "[filed]"]})
    return locked


# Lost contact ------------------------------------------------------------------------------------

def flag_lost_contact(now: dt.datetime | None = None) -> int:
    """Sweep: a subject in correction with no check-in and no location report received within
    `lost_contact.hours` (policy), and who reported in earlier than that, gets a LOST_CONTACT
    alert for the day (once a day). Uses the received_at index, never a per-subject scan.
    Returns alerts raised."""
    now = now or clock.now()
    since = now - dt.timedelta(hours=policy.setting("lost_contact.hours"))
    heard = set(LocationReport.objects.filter(received_at__gte=since).values_list("subject_id", flat=True).distinct())
    candidates = (Subject.objects.filter(status=SubjectStatus.IN_CORRECTION, reported_at__lt=since)
                  .exclude(last_check_in_at__gte=since).exclude(pk__in=heard).select_related("org"))
    raised = 0
    day = clock.legal_date(now)
    for subject in candidates:
        with transaction.atomic():
            if raise_alert(subject, AlertRule.LOST_CONTACT, day=day,
                           detail=f"no check-in or location since {since.astimezone(clock.LEGAL_TZ):%Y-%m-%d %H:%M}"):
                raised += 1
    return raised
