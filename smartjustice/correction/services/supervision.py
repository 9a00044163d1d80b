"""Supervision (监督管理, 《社区矫正法》第四章): location reports and check-ins, identity checks,
reports, leave, electronic positioning orders, alerts and their triage, objections.

Location within the law: a check-in or the app's periodic report is an information-based
check (信息化核查, 第二十六条) and is kept as the day's check-in evidence; continuous tracking
with an electronic positioning device (电子定位装置) happens only under an approved order that
names a ground of 第二十九条第一款, lasts at most three months and is renewed only by a new
approval (第二十九条第二款). Device reports are refused without a current order, and tracks
are shown only for a current order and only within its window; the data serve correction work
only (第二十九条第三款), and every display of a track is audited.
"""
from __future__ import annotations

import datetime as dt
import uuid

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from smartjustice.audit import services as audit
from smartjustice.core import clock, prepared
from smartjustice.core.errors import InvalidInput, NotFound
from smartjustice.deadlines.engine import add_months
from smartjustice.orgs.choices import Kind, Level
from smartjustice.orgs.permissions import can
from smartjustice.orgs.selectors import organisations_for_user

from .. import fences, geo, identity, policy
from ..choices import (
    AlertRule,
    AlertStatus,
    FalseAlertCause,
    IdentityResult,
    LeaveStatus,
    ObjectionStatus,
    PositioningGround,
    PositioningStatus,
    ReportSource,
    SubjectStatus,
)
from ..errors import (
    IdentityNotVerified,
    LeaveConflictsWithProhibition,
    LeaveTooLong,
    PositioningApproverNotCounty,
    PositioningNotAuthorised,
    PositioningTooLong,
    ReasonRequired,
    ReportInFuture,
    ReportTooOld,
    StateConflict,
    SubjectNotActive,
)
from ..models import (
    ActivityReport,
    Alert,
    CheckIn,
    IdentityCheck,
    LeaveApplication,
    LocationReport,
    Measure,
    Objection,
    PositioningOrder,
    Subject,
)
from ._common import bump, require
from .supervision_alerts import raise_alert

__all__ = [
    "ReportReplayed", "submit_location_report", "enroll_face", "check_in", "submit_activity_report",
    "apply_for_leave", "decide_leave", "report_return", "propose_positioning", "approve_positioning",
    "refuse_positioning", "lift_positioning", "track_for_user", "triage_alert", "false_alert_report",
    "flag_missed_check_ins", "file_objection", "submit_voice_report", "answer_objection", "summarise_reports", "forget_check_in_cache",
]

SELF = "correction.self_service"


class ReportReplayed(StateConflict):
    """The same report (client id) was already received: the app may drop its copy."""

    code = "correction.report_replayed"
    default_message = _("This report was already received.")


def _active(subject: Subject) -> Subject:
    if subject.status != SubjectStatus.IN_CORRECTION:
        raise SubjectNotActive()
    return subject


def _client_id(value) -> uuid.UUID:
    if value in (None, ""):
        return uuid.uuid4()
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise InvalidInput(_("The report id must be a UUID."), field="client_id") from None


def _check_time(recorded_at: dt.datetime | None) -> dt.datetime:
    now = clock.now()
    if recorded_at is None:
        return now
    if recorded_at.tzinfo is None:
        raise InvalidInput(_("The report's time must include its time zone."), field="recorded_at")
    if recorded_at > now + dt.timedelta(seconds=policy.setting("report.max_future_seconds")):
        raise ReportInFuture(field="recorded_at")
    minutes = policy.setting("report.max_age_minutes")
    if recorded_at < now - dt.timedelta(minutes=minutes):
        raise ReportTooOld(field="recorded_at", minutes=minutes)
    return recorded_at


def _county_id(subject: Subject) -> int | None:
    ids = [int(part) for part in subject.org.path.strip("/").split("/") if part]
    return ids[-2] if len(ids) >= 2 else None


def _on_approved_leave(subject: Subject, day: dt.date) -> bool:
    return LeaveApplication.objects.filter(subject=subject, status=LeaveStatus.APPROVED, starts_on__lte=day,
                                           ends_on__gte=day).exists()


def _evaluate(subject: Subject, report: LocationReport, day: dt.date) -> list[tuple[str, str]]:
    """Check one position against every fence that applies (no query: fences.for_county):
    sets report.inside_county and report.fence_hits and returns the (rule, detail) alerts due."""
    county_id = _county_id(subject)
    county = fences.for_county(county_id) if county_id else fences.CountyFences()
    lat, lon = report.latitude, report.longitude
    due, hits = [], []
    if county.county:
        allowance = policy.setting("location.accuracy_allowance_m")
        report.inside_county = any(f.contains(lat, lon, allowance) for f in county.county)
    for fence, starts_on, ends_on in county.prohibited.get(subject.pk, ()):
        if starts_on <= day <= ends_on and fence.contains(lat, lon):
            hits.append(fence.id)
            due.append((AlertRule.PROHIBITED_AREA, fence.name))
    for fence in county.zones_near(lat, lon):
        if fence.may_contain(lat, lon) and fence.contains(lat, lon):
            hits.append(fence.id)
            due.append((AlertRule.RESTRICTED_ZONE, fence.name))
    if report.inside_county is False and not _on_approved_leave(subject, day):
        due.append((AlertRule.LEFT_COUNTY, f"{lat:.5f},{lon:.5f}"))
    report.fence_hits = hits
    return due


def _raise_due(subject: Subject, report: LocationReport, day: dt.date, due) -> list[Alert]:
    raised = [raise_alert(subject, rule, day=day, report=report, device_id=report.device_id, detail=detail)
              for rule, detail in due]
    return [alert for alert in raised if alert is not None]


def _store_report(subject: Subject, *, source, latitude, longitude, accuracy_m, recorded_at, client_id,
                  device_id="") -> LocationReport:
    lat, lon = geo.check_coordinates(latitude, longitude)
    if accuracy_m not in (None, ""):
        try:
            accuracy_m = float(accuracy_m)
        except (TypeError, ValueError):
            raise InvalidInput(_("The accuracy must be a number of metres."), field="accuracy_m") from None
        if not 0 <= accuracy_m <= 100_000:
            raise InvalidInput(_("The accuracy must be between 0 and 100,000 metres."), field="accuracy_m")
    else:
        accuracy_m = None
    return LocationReport(subject=subject, org_id_at_report=subject.org_id, source=source, client_id=client_id,
                          recorded_at=recorded_at, received_at=clock.now(), latitude=lat, longitude=lon,
                          accuracy_m=accuracy_m, device_id=(device_id or "")[:64])


def submit_location_report(subject: Subject, *, acting_user, source: str = ReportSource.APP, latitude, longitude,
                           accuracy_m=None, recorded_at: dt.datetime | None = None, client_id=None,
                           device_id: str = "") -> LocationReport:
    """Store one position from the subject's app or positioning device and check it against the
    county fence, the county's restricted zones and the subject's prohibited areas.

    Guarantees: bad coordinates, a time in the future or older than the policy allows, and an
    unknown source are refused with a specific error; a device report without a current
    positioning order is refused (第二十九条) and nothing is stored; a report whose client id was
    already received raises ReportReplayed and stores nothing new, so an app can resend safely
    until it is told the report arrived. An app report inside the permitted area counts as the
    day's (passive) check-in. The report is committed before the caller answers."""
    if not can(acting_user, SELF, subject):
        raise NotFound()
    _active(subject)
    if source not in (ReportSource.APP, ReportSource.DEVICE):
        raise InvalidInput(_("Unknown report source."), field="source")
    recorded_at = _check_time(recorded_at)
    client_id = _client_id(client_id)
    if source == ReportSource.DEVICE and _current_order(subject, recorded_at) is None:
        raise PositioningNotAuthorised()
    report = _store_report(subject, source=source, latitude=latitude, longitude=longitude, accuracy_m=accuracy_m,
                           recorded_at=recorded_at, client_id=client_id, device_id=device_id)
    day = clock.legal_date(recorded_at)
    due = _evaluate(subject, report, day)
    wants_check_in = (source == ReportSource.APP and report.inside_county is not False and not due
                      and _checked_in.get(subject.pk) != day)
    if wants_check_in and _has_counting_check_in(subject.pk, day):
        # Checked in earlier today (through another worker, or before this process started):
        # one indexed SELECT instead of a transaction around the report.
        _remember_check_in(subject.pk, day)
        wants_check_in = False
    report.counted_check_in = False
    try:
        if due or wants_check_in:
            with transaction.atomic():
                report.save()
                _raise_due(subject, report, day, due)
                if wants_check_in:
                    report.counted_check_in = _passive_check_in(subject, report, day)
        else:
            # Nothing derives from this report: one INSERT, committed (durable) before we answer.
            _insert_plain(report)
    except IntegrityError:
        if LocationReport.objects.filter(subject=subject, client_id=client_id).exists():
            raise ReportReplayed() from None
        raise
    return report


def _insert_plain(report: LocationReport) -> None:
    """Store a report from which nothing derives, in one round trip.

    On PostgreSQL: one server-side prepared INSERT … ON CONFLICT DO NOTHING RETURNING id (the
    statement is parsed and planned once per connection); outside a transaction the connection
    is in autocommit, so the row is committed when this returns. A replayed client id inserts
    nothing and raises IntegrityError like report.save() would; the driver's errors come as
    Django's (OperationalError when the database is unreachable), as from the ORM. Elsewhere:
    report.save()."""
    from django.db import connection

    if connection.vendor != "postgresql":
        with transaction.atomic():  # a savepoint: a replay must not spoil a caller's transaction
            report.save()
        return
    import json

    row = prepared.fetchone(_PLAIN_INSERT, (
        report.subject_id, report.org_id_at_report, report.source, report.client_id, report.recorded_at,
        report.received_at, report.latitude, report.longitude, report.accuracy_m, report.device_id,
        report.inside_county, json.dumps(report.fence_hits)))
    if row is None:
        raise IntegrityError("correction_report_once")
    report.pk = row[0]
    report._state.adding = False
    report._state.db = connection.alias


_PLAIN_INSERT = (
    "INSERT INTO correction_locationreport (subject_id, org_id_at_report, source, client_id, recorded_at, "
    "received_at, latitude, longitude, accuracy_m, device_id, inside_county, fence_hits) "
    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s::jsonb) "
    "ON CONFLICT (subject_id, client_id) DO NOTHING RETURNING id"
)


# Subjects known (after commit) to have today's counting check-in, per process: spares the
# hot path one query per report. A stale entry only skips a redundant existence check.
_checked_in: dict[int, dt.date] = {}


def forget_check_in_cache() -> None:
    _checked_in.clear()


def _has_counting_check_in(subject_id: int, day: dt.date) -> bool:
    """Whether the subject already has the day's counting check-in (committed rows only when
    called outside a transaction). On PostgreSQL a server-side prepared statement."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return CheckIn.objects.filter(subject_id=subject_id, day=day, counts=True).exists()
    return prepared.fetchone(_COUNTING_CHECK_IN, (subject_id, day)) is not None


_COUNTING_CHECK_IN = "SELECT 1 FROM correction_checkin WHERE subject_id = %s AND day = %s AND counts LIMIT 1"


def _remember_check_in(subject_id: int, day: dt.date) -> None:
    transaction.on_commit(lambda: _checked_in.__setitem__(subject_id, day))


def _passive_check_in(subject: Subject, report: LocationReport, day: dt.date) -> bool:
    """Record the day's passive check-in unless one counts already; True if this report did."""
    if CheckIn.objects.filter(subject=subject, day=day, counts=True).exists():
        _remember_check_in(subject.pk, day)
        return False
    CheckIn.objects.create(subject=subject, org_id=subject.org_id, day=day, checked_in_at=report.recorded_at,
                           report=report, is_passive=True, inside_permitted_area=True, counts=True)
    Subject.objects.filter(pk=subject.pk).update(last_check_in_at=report.recorded_at)
    bump(subject.org_id, day, "check_ins")
    _remember_check_in(subject.pk, day)
    return True


def enroll_face(subject: Subject, photo: bytes, *, acting_user, verifier=None) -> Subject:
    """Keep the reference face template, encrypted, in the subject's file (never elsewhere)."""
    require(acting_user, "correction.subject.manage", subject)
    verifier = verifier or identity.get_verifier()
    template = verifier.enroll(photo)
    with transaction.atomic():
        locked = Subject.objects.select_for_update().get(pk=subject.pk)
        had = locked.has_face_template
        locked.face_template_ciphertext = template
        locked.face_template_provider = verifier.name
        locked.save(update_fields=["face_template_ciphertext", "face_template_provider", "updated_at"])
        audit.record("correction.subject.face_enrolled", actor=acting_user, obj=locked, org=locked.org,
                     changes={"face_template": ["[on file]" if had else None, "[on file]"], "provider": [None, verifier.name]})
    return locked


def _verify(subject: Subject, photo: bytes, verifier) -> identity.Verification:
    if not subject.has_face_template:
        identity.check_photo(photo)
        return identity.Verification(IdentityResult.NOT_ENROLLED, verifier.name)
    max_distance = policy.setting("identity.max_face_distance_milli") / 1000
    return verifier.verify(subject.face_template_ciphertext, photo, max_distance=max_distance, reference=str(subject.pk))


def check_in(subject: Subject, *, acting_user, latitude, longitude, accuracy_m=None, photo: bytes | None,
             recorded_at=None, client_id=None, verifier=None) -> CheckIn:
    """The subject checks in from the phone: position plus an identity check.

    Guarantees: every identity attempt is recorded (IdentityCheck) with provider, result and
    score, whatever the outcome. A photo with no face or several faces is refused with a
    specific error (the attempt recorded, no check-in); a face that does not match is recorded
    with an IDENTITY_FAILED alert and refused (IdentityNotVerified); when no provider could
    perform the check (none installed, provider down, no reference photo) the check-in is
    stored but does not count until an officer confirms it: never silently accepted."""
    if not can(acting_user, SELF, subject):
        raise NotFound()
    _active(subject)
    recorded_at = _check_time(recorded_at)
    client_id = _client_id(client_id)
    report = _store_report(subject, source=ReportSource.CHECK_IN, latitude=latitude, longitude=longitude,
                           accuracy_m=accuracy_m, recorded_at=recorded_at, client_id=client_id)
    verifier = verifier or identity.get_verifier()
    outcome = _verify(subject, photo, verifier)  # slow (face model): outside any transaction
    day = clock.legal_date(recorded_at)
    with transaction.atomic():
        check = IdentityCheck.objects.create(subject=subject, checked_at=clock.now(), provider=outcome.provider,
                                             result=outcome.result, score=outcome.score, detail=outcome.detail[:200])
        audit.record("correction.identity.checked", actor=acting_user, obj=check, org=subject.org,
                     changes={"result": [None, outcome.result], "score": [None, outcome.score]})
        if outcome.result == IdentityResult.NOT_MATCHED:
            raise_alert(subject, AlertRule.IDENTITY_FAILED, day=day, detail=outcome.detail)
    if outcome.result in identity.FACE_MESSAGES:
        raise InvalidInput(identity.FACE_MESSAGES[outcome.result], field="photo")
    if outcome.result == IdentityResult.NOT_MATCHED:
        raise IdentityNotVerified(result=IdentityResult(outcome.result).label)
    try:
        with transaction.atomic():
            due = _evaluate(subject, report, day)
            report.save()
            _raise_due(subject, report, day, due)
            inside = report.inside_county is not False and not due
            counts = inside and outcome.result == IdentityResult.MATCHED
            check_in_row = CheckIn.objects.create(subject=subject, org_id=subject.org_id, day=day, checked_in_at=recorded_at,
                                                  report=report, identity_check=check, inside_permitted_area=inside,
                                                  counts=counts)
            if counts:
                Subject.objects.filter(pk=subject.pk).update(last_check_in_at=recorded_at)
                bump(subject.org_id, day, "check_ins")
                _remember_check_in(subject.pk, day)
            audit.record("correction.check_in.recorded", actor=acting_user, obj=check_in_row, org=subject.org,
                         changes={"counts": [None, counts], "identity": [None, outcome.result],
                                  "inside_permitted_area": [None, inside]})
    except IntegrityError:
        raise ReportReplayed() from None
    return check_in_row


def submit_activity_report(subject: Subject, text: str, *, acting_user, recording=None) -> ActivityReport:
    """A periodic report of activities (text; a recording may be attached)."""
    if not can(acting_user, SELF, subject):
        raise NotFound()
    _active(subject)
    text = (text or "").strip()
    if len(text) < 5:
        raise InvalidInput(_("Write a few sentences about your work, life and whereabouts since the last report."), field="text")
    if len(text) > 5000:
        raise InvalidInput(_("The report is too long (at most 5,000 characters)."), field="text")
    with transaction.atomic():
        report = ActivityReport.objects.create(subject=subject, org_id=subject.org_id, submitted_at=clock.now(),
                                               text=text, recording=recording)
        audit.record("correction.activity_report.submitted", actor=acting_user, obj=report, org=subject.org,
                     changes={"length": [None, len(text)]})
        bump(subject.org_id, clock.today(), "activity_reports")
    return report


def submit_voice_report(subject: Subject, audio, *, acting_user, text: str = "") -> ActivityReport:
    """A periodic report as a recorded voice message (browser MediaRecorder, MP4/AAC or MP3),
    stored through smartjustice.files with the report as its owner, so only the file's
    officers can play it back. The text is optional here. Refusals of the upload (missing,
    empty, too large, wrong type) raise the files app's errors and store nothing: no report,
    no file row, no audit entry."""
    from smartjustice.files.services import store_upload

    if not can(acting_user, SELF, subject):
        raise NotFound()
    _active(subject)
    text = (text or "").strip()
    if len(text) > 5000:
        raise InvalidInput(_("The report is too long (at most 5,000 characters)."), field="text")
    with transaction.atomic():
        report = ActivityReport.objects.create(subject=subject, org_id=subject.org_id, submitted_at=clock.now(),
                                               text=text)
        stored = store_upload(audio, org=subject.org, acting_user=acting_user, owner=report)
        report.recording = stored
        report.save(update_fields=["recording"])
        audit.record("correction.activity_report.submitted", actor=acting_user, obj=report, org=subject.org,
                     changes={"length": [None, len(text)], "recording": [None, stored.pk]})
        bump(subject.org_id, clock.today(), "activity_reports")
    return report


# Leave (外出, 第二十七条第一款) ----------------------------------------------------------------

def _prohibited_conflict(subject: Subject, lat, lon, starts_on: dt.date, ends_on: dt.date):
    if lat in (None, "") or lon in (None, ""):
        return None
    lat, lon = geo.check_coordinates(lat, lon)
    county_id = _county_id(subject)
    if county_id is None:
        return None
    for fence, order_start, order_end in fences.for_county(county_id).prohibited.get(subject.pk, ()):
        if order_start <= ends_on and starts_on <= order_end and fence.contains(lat, lon):
            return fence, order_end
    return None


def _check_leave(subject, *, destination_lat, destination_lon, starts_on, ends_on) -> None:
    limit = policy.setting("leave.max_days_per_trip")
    days = (ends_on - starts_on).days + 1
    if days > limit:
        raise LeaveTooLong(field="ends_on", days=days, limit=limit)
    conflict = _prohibited_conflict(subject, destination_lat, destination_lon, starts_on, ends_on)
    if conflict:
        fence, until = conflict
        # 《人民检察院刑事诉讼规则》第六百四十三条第二项: approving entry contrary to a 禁止令 is unlawful.
        raise LeaveConflictsWithProhibition(field="destination", area=fence.name, until=f"{until:%Y-%m-%d}")


def apply_for_leave(subject: Subject, *, acting_user, destination: str, starts_on: dt.date, ends_on: dt.date,
                    reason: str, destination_lat=None, destination_lon=None) -> LeaveApplication:
    """Apply to leave the city or county. Refuses dates in the past or reversed, a trip longer
    than the policy limit, and a destination inside an active prohibited area."""
    if not can(acting_user, SELF, subject):
        raise NotFound()
    _active(subject)
    if not (destination or "").strip():
        raise InvalidInput(_("Enter where you are going."), field="destination")
    if not (reason or "").strip():
        raise InvalidInput(_("Give the reason for the trip (work, family, medical care...)."), field="reason")
    if starts_on < clock.today():
        raise InvalidInput(_("The trip cannot start in the past."), field="starts_on")
    if ends_on < starts_on:
        raise InvalidInput(_("The return date must be on or after the departure date."), field="ends_on")
    _check_leave(subject, destination_lat=destination_lat, destination_lon=destination_lon, starts_on=starts_on,
                 ends_on=ends_on)
    with transaction.atomic():
        leave = LeaveApplication.objects.create(
            subject=subject, org_id=subject.org_id, destination=destination.strip()[:120],
            destination_lat=destination_lat or None, destination_lon=destination_lon or None,
            starts_on=starts_on, ends_on=ends_on, reason=reason.strip(), submitted_at=clock.now())
        audit.record("correction.leave.applied", actor=acting_user, obj=leave, org=subject.org,
                     changes={"destination": [None, leave.destination], "dates": [None, f"{starts_on}–{ends_on}"]})
        bump(subject.org_id, clock.today(), "leave.applied")
    return leave


def decide_leave(leave: LeaveApplication, *, approve: bool, acting_user, note: str = "") -> LeaveApplication:
    """An officer approves or refuses. Approval re-checks the policy limit and the prohibition
    orders as they stand now; a refusal needs a reason (第二十七条: a justified reason must be approved)."""
    require(acting_user, "correction.leave.decide", leave.subject)
    if not approve and not (note or "").strip():
        raise ReasonRequired(field="note")
    with transaction.atomic():
        locked = LeaveApplication.objects.select_for_update().get(pk=leave.pk)
        if locked.status != LeaveStatus.SUBMITTED:
            raise StateConflict(_("This application has already been decided."))
        if approve:
            _check_leave(locked.subject, destination_lat=locked.destination_lat, destination_lon=locked.destination_lon,
                         starts_on=locked.starts_on, ends_on=locked.ends_on)
        new = LeaveStatus.APPROVED if approve else LeaveStatus.REJECTED
        audit.record("correction.leave.decided", actor=acting_user, obj=locked, org=locked.org,
                     changes={"status": [locked.status, new]}, reason=note)
        locked.status, locked.decided_by, locked.decided_at, locked.decision_note = new, acting_user, clock.now(), note.strip()
        locked.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        bump(locked.org_id, clock.today(), f"leave.{new}")
    return locked


def report_return(leave: LeaveApplication, *, acting_user) -> LeaveApplication:
    """The subject reports back from an approved trip."""
    if not can(acting_user, SELF, leave.subject):
        raise NotFound()
    with transaction.atomic():
        locked = LeaveApplication.objects.select_for_update().get(pk=leave.pk)
        if locked.status != LeaveStatus.APPROVED:
            raise StateConflict(_("Only an approved trip can be reported as returned."))
        locked.status, locked.returned_at = LeaveStatus.RETURNED, clock.now()
        locked.save(update_fields=["status", "returned_at"])
        audit.record("correction.leave.returned", actor=acting_user, obj=locked, org=locked.org,
                     changes={"status": [LeaveStatus.APPROVED, LeaveStatus.RETURNED]})
    return locked


# Electronic positioning (第二十九条) ----------------------------------------------------------

def _current_order(subject: Subject, moment: dt.datetime) -> PositioningOrder | None:
    return (PositioningOrder.objects.filter(subject=subject, status=PositioningStatus.APPROVED,
                                            starts_at__lte=moment, ends_at__gt=moment).first())


def _add_months(moment: dt.datetime, months: int) -> dt.datetime:
    local = moment.astimezone(clock.LEGAL_TZ)
    return dt.datetime.combine(add_months(local.date(), months), local.timetz())


def propose_positioning(subject: Subject, *, ground: str, facts: str, months: int = 3, acting_user,
                        renews: PositioningOrder | None = None, device_id: str = "") -> PositioningOrder:
    """An officer proposes a positioning order on a ground of 第二十九条第一款, for at most three
    months; a renewal names the order it continues and needs a fresh approval."""
    require(acting_user, "correction.positioning.propose", subject)
    _active(subject)
    if ground not in PositioningGround.values:
        raise InvalidInput(_("Name one of the grounds of 《社区矫正法》第二十九条第一款."), field="ground")
    if not isinstance(months, int) or not 1 <= months <= 3:
        raise PositioningTooLong(field="months")
    if len((facts or "").strip()) < 4:
        raise ReasonRequired(field="facts")
    if renews is not None and (renews.subject_id != subject.pk or renews.status != PositioningStatus.APPROVED
                               or PositioningOrder.objects.filter(renews=renews).exists()):
        raise StateConflict(_("Only an approved order of this person that has not been renewed can be renewed."))
    with transaction.atomic():
        order = PositioningOrder.objects.create(subject=subject, org_id=subject.org_id, ground=ground, facts=facts.strip(),
                                                months=months, renews=renews, device_id=(device_id or "")[:64],
                                                proposed_by=acting_user, proposed_at=clock.now())
        audit.record("correction.positioning.proposed", actor=acting_user, obj=order, org=subject.org,
                     changes={"ground": [None, ground], "months": [None, months], "renews": [None, renews.pk if renews else None]})
    return order


def _is_county_head(user, subject: Subject) -> bool:
    return any(subject.org.path.startswith(org.path) for org in organisations_for_user(
        user, "correction.positioning.approve").filter(level=Level.COUNTY, kind=Kind.JUSTICE_BUREAU))


def approve_positioning(order: PositioningOrder, *, acting_user, note: str = "") -> PositioningOrder:
    """The county justice bureau head approves: the order runs from now (a renewal: from the end
    of the order it renews, if that is still ahead) for its months, never more than three."""
    require(acting_user, "correction.positioning.approve", order.subject)
    if not _is_county_head(acting_user, order.subject):
        raise PositioningApproverNotCounty()
    with transaction.atomic():
        locked = PositioningOrder.objects.select_for_update().get(pk=order.pk)
        if locked.status != PositioningStatus.PROPOSED:
            raise StateConflict(_("This order has already been decided."))
        now = clock.now()
        starts_at = max(now, locked.renews.ends_at) if locked.renews_id else now
        locked.status, locked.approved_by, locked.approved_at = PositioningStatus.APPROVED, acting_user, now
        locked.starts_at, locked.ends_at, locked.decision_note = starts_at, _add_months(starts_at, locked.months), note
        locked.save(update_fields=["status", "approved_by", "approved_at", "starts_at", "ends_at", "decision_note"])
        audit.record("correction.positioning.approved", actor=acting_user, obj=locked, org=locked.org,
                     changes={"status": [PositioningStatus.PROPOSED, PositioningStatus.APPROVED],
                              "window": [None, f"{starts_at.isoformat()}/{locked.ends_at.isoformat()}"]})
    return locked


def refuse_positioning(order: PositioningOrder, *, acting_user, note: str) -> PositioningOrder:
    require(acting_user, "correction.positioning.approve", order.subject)
    if not (note or "").strip():
        raise ReasonRequired(field="note")
    with transaction.atomic():
        locked = PositioningOrder.objects.select_for_update().get(pk=order.pk)
        if locked.status != PositioningStatus.PROPOSED:
            raise StateConflict(_("This order has already been decided."))
        locked.status, locked.decision_note = PositioningStatus.REFUSED, note.strip()
        locked.save(update_fields=["status", "decision_note"])
        audit.record("correction.positioning.refused", actor=acting_user, obj=locked, org=locked.org,
                     changes={"status": [PositioningStatus.PROPOSED, PositioningStatus.REFUSED]}, reason=note)
    return locked


def lift_positioning(order: PositioningOrder, *, acting_user, note: str) -> PositioningOrder:
    """Lift an order early when no longer needed (第二十九条第二款: 应当及时解除)."""
    require(acting_user, "correction.positioning.propose", order.subject)
    with transaction.atomic():
        locked = PositioningOrder.objects.select_for_update().get(pk=order.pk)
        if not locked.is_current(clock.now()):
            raise StateConflict(_("Only an order in force can be lifted."))
        locked.status, locked.lifted_at, locked.ends_at = PositioningStatus.LIFTED, clock.now(), clock.now()
        locked.save(update_fields=["status", "lifted_at", "ends_at"])
        audit.record("correction.positioning.lifted", actor=acting_user, obj=locked, org=locked.org,
                     changes={"status": [PositioningStatus.APPROVED, PositioningStatus.LIFTED]}, reason=note)
    return locked


def track_for_user(user, subject: Subject) -> list[LocationReport]:
    """The device track under the current order, from its start until now. Refused (and nothing
    shown) without a current order; positions outside the order's window are never shown.
    Audited as a sensitive read (第二十九条第三款)."""
    require(user, "correction.track.view", subject)
    now = clock.now()
    order = _current_order(subject, now)
    if order is None:
        raise PositioningNotAuthorised()
    audit.record_read("correction.track.read", actor=user, obj=subject, org=subject.org,
                      reason=f"positioning order {order.pk} ({order.get_ground_display()})")
    return list(LocationReport.objects.filter(subject=subject, source=ReportSource.DEVICE,
                                              recorded_at__gte=order.starts_at, recorded_at__lt=order.ends_at,
                                              recorded_at__lte=now)
                .order_by("recorded_at"))


# Alerts ---------------------------------------------------------------------------------------

def triage_alert(alert: Alert, *, confirmed: bool, acting_user, cause: str = "", note: str = "") -> Alert:
    """An officer marks an alert confirmed, or false with its cause (GPS drift, indoor signal,
    device left behind...), so noisy rules show up in the false-alert report."""
    require(acting_user, "correction.alert.triage", alert.subject)
    if not confirmed and cause not in FalseAlertCause.values:
        raise InvalidInput(_("Say why the alert is false (GPS drift, indoor signal, device left behind...)."), field="cause")
    if not confirmed and cause == FalseAlertCause.OTHER and not (note or "").strip():
        raise ReasonRequired(field="note")
    with transaction.atomic():
        locked = Alert.objects.select_for_update().get(pk=alert.pk)
        if locked.status != AlertStatus.OPEN:
            raise StateConflict(_("This alert has already been handled."))
        new = AlertStatus.CONFIRMED if confirmed else AlertStatus.FALSE
        audit.record("correction.alert.triaged", actor=acting_user, obj=locked, org=locked.org,
                     changes={"status": [locked.status, new], "false_cause": [None, cause or None]}, reason=note)
        locked.status, locked.false_cause, locked.triage_note = new, "" if confirmed else cause, (note or "").strip()
        locked.triaged_by, locked.triaged_at = acting_user, clock.now()
        locked.save(update_fields=["status", "false_cause", "triage_note", "triaged_by", "triaged_at"])
        bump(locked.org_id, locked.day, f"alerts.{new}")
    return locked


def false_alert_report(user, *, since: dt.date | None = None, until: dt.date | None = None) -> dict:
    """False-alert rate per rule and per device among triaged alerts the user may see:
    {"rules": [{rule, label, triaged, false, rate}], "devices": [...]}; rate is false/triaged."""
    from ..selectors import alerts_for_user

    qs = alerts_for_user(user).exclude(status=AlertStatus.OPEN)
    if since:
        qs = qs.filter(day__gte=since)
    if until:
        qs = qs.filter(day__lte=until)

    def rows(field):
        out = []
        for row in qs.values(field).annotate(triaged=Count("id"), false=Count("id", filter=Q(status=AlertStatus.FALSE))).order_by(field):
            out.append({field: row[field], "triaged": row["triaged"], "false": row["false"],
                        "rate": round(row["false"] / row["triaged"], 4) if row["triaged"] else 0.0})
        return out

    rules = rows("rule")
    for row in rules:
        row["label"] = str(AlertRule(row["rule"]).label)
    return {"rules": rules, "devices": [row for row in rows("device_id") if row["device_id"]]}


def flag_missed_check_ins(day: dt.date | None = None) -> int:
    """Daily sweep: a subject in correction with no counting check-in within their level's
    interval (policy) gets a MISSED_CHECK_IN alert for `day` (once). Returns alerts raised."""
    day = day or clock.today()
    raised = 0
    subjects = (Subject.objects.filter(status=SubjectStatus.IN_CORRECTION, correction_starts_on__lte=day)
                .select_related("classification", "org"))
    for subject in subjects:
        every = subject.classification.check_in_every_days if subject.classification else 1
        since = day - dt.timedelta(days=every - 1)
        if CheckIn.objects.filter(subject=subject, counts=True, day__gte=since, day__lte=day).exists():
            continue
        if subject.reported_at and clock.legal_date(subject.reported_at) > since:
            continue  # not yet a full interval since reporting in
        with transaction.atomic():
            if raise_alert(subject, AlertRule.MISSED_CHECK_IN, day=day, detail=f"no check-in since {since:%Y-%m-%d}"):
                raised += 1
    return raised


# Objections -----------------------------------------------------------------------------------

def file_objection(subject: Subject, *, acting_user, explanation: str, measure: Measure | None = None,
                   alert: Alert | None = None, evidence=None) -> Objection:
    """The subject contests a measure or an alert; the answer is due within the policy's days."""
    if not can(acting_user, SELF, subject):
        raise NotFound()
    target = measure or alert
    if (measure is None) == (alert is None) or target.subject_id != subject.pk:
        raise NotFound()
    if len((explanation or "").strip()) < 5:
        raise InvalidInput(_("Explain why you disagree."), field="explanation")
    if Objection.objects.filter(Q(measure=measure) if measure else Q(alert=alert), status=ObjectionStatus.OPEN).exists():
        raise StateConflict(_("You already have an objection awaiting an answer on this."))
    due = clock.today() + dt.timedelta(days=policy.setting("objection.answer_days"))
    with transaction.atomic():
        objection = Objection.objects.create(subject=subject, org_id=subject.org_id, measure=measure, alert=alert,
                                             explanation=explanation.strip(), evidence=evidence,
                                             submitted_at=clock.now(), answer_due_on=due)
        audit.record("correction.objection.filed", actor=acting_user, obj=objection, org=subject.org,
                     changes={"target": [None, f"measure:{measure.pk}" if measure else f"alert:{alert.pk}"],
                              "answer_due_on": [None, due.isoformat()]})
    return objection


def answer_objection(objection: Objection, *, upheld: bool, answer: str, acting_user) -> Objection:
    """An officer answers. Upholding withdraws the measure, or marks the alert false."""
    require(acting_user, "correction.measure.decide", objection.subject)
    if len((answer or "").strip()) < 2:
        raise InvalidInput(_("Write the answer to the objection."), field="answer")
    with transaction.atomic():
        locked = Objection.objects.select_for_update().get(pk=objection.pk)
        if locked.status != ObjectionStatus.OPEN:
            raise StateConflict(_("This objection has already been answered."))
        new = ObjectionStatus.UPHELD if upheld else ObjectionStatus.DISMISSED
        locked.status, locked.answer, locked.answered_by, locked.answered_at = new, answer.strip(), acting_user, clock.now()
        locked.save(update_fields=["status", "answer", "answered_by", "answered_at"])
        if upheld and locked.measure_id:
            Measure.objects.filter(pk=locked.measure_id).update(withdrawn=True)
        if upheld and locked.alert_id:
            Alert.objects.filter(pk=locked.alert_id).update(status=AlertStatus.FALSE, false_cause=FalseAlertCause.OTHER,
                                                            triage_note=answer.strip(), triaged_by=acting_user,
                                                            triaged_at=clock.now())
        audit.record("correction.objection.answered", actor=acting_user, obj=locked, org=locked.org,
                     changes={"status": [ObjectionStatus.OPEN, new]}, reason=answer.strip())
    return locked


def summarise_reports(day: dt.date | None = None) -> int:
    """Set the cockpit's "reports" counter of each office for `day` from the location rows
    received that day (run by the periodic task, so the hot path never updates a shared
    counter row). Idempotent: the counter is set, not added to. Returns offices updated."""
    from ..models import DailyMetric

    day = day or clock.today()
    start = dt.datetime.combine(day, dt.time.min, tzinfo=clock.LEGAL_TZ)
    counts = (LocationReport.objects.filter(received_at__gte=start, received_at__lt=start + dt.timedelta(days=1))
              .values_list("org_id_at_report").annotate(n=Count("id")))
    updated = 0
    for org_id, n in counts:
        DailyMetric.objects.update_or_create(org_id=org_id, day=day, metric="reports", defaults={"value": n})
        updated += 1
    return updated
