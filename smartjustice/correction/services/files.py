"""The correction file: intake (接收, 《社区矫正法》第二十二条), report-in (第二十一条), the people
around the subject (第二十五条), plan (第二十四条), classification (第三条), prohibition orders,
release (第四十四条) and termination (第四十五条)."""
from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from smartjustice.accounts import crypto
from smartjustice.accounts.identity import (
    birth_date_from_resident_id,
    mask_identity,
    validate_resident_id,
)
from smartjustice.audit import services as audit
from smartjustice.core import clock
from smartjustice.core.errors import InvalidInput
from smartjustice.deadlines import services as deadline_services
from smartjustice.deadlines.models import Deadline
from smartjustice.notifications.services import notify
from smartjustice.orgs.choices import Kind

from .. import periods, policy
from ..choices import (
    AlertRule,
    ContactKind,
    GeofenceKind,
    GroupRole,
    Sex,
    SubjectStatus,
    SubjectType,
)
from ..errors import (
    AlreadyReported,
    DuplicateFile,
    GroupIncomplete,
    ProhibitionNotApplicable,
    ReasonRequired,
    SubjectNotActive,
)
from ..models import (
    ClassificationChange,
    ClassificationLevel,
    CorrectionPlan,
    GroupMember,
    ProhibitionOrder,
    Subject,
    SubjectContact,
    TerminationReminder,
)
from ._common import bump, require
from .geofences import build_geofence

__all__ = [
    "register_subject", "record_report_in", "flag_late_report_ins", "set_contacts", "set_correction_group",
    "adopt_plan", "classify_subject", "add_prohibition_order", "assign_officer", "release_subject",
    "terminate_subject", "send_termination_reminders", "REPORT_IN_TYPES",
]

MANAGE = "correction.subject.manage"
# 管制、缓刑、假释 report in themselves within 10 days (第二十一条第一款); 暂予监外执行 are
# handed over by the prison or detention house (第二十一条第二款、第三款).
REPORT_IN_TYPES = {SubjectType.CONTROL, SubjectType.PROBATION, SubjectType.PAROLE}
TEXT_FIELDS = {
    "real_name": _("Enter the person's name."),
    "residence_address": _("Enter the residence (the place of execution, 第十七条)."),
    "decision_organ": _("Enter the decision organ."),
    "decision_document_number": _("Enter the number of the judgment, ruling or decision."),
    "crime_type": _("Enter the crime."),
}


def _text(data: dict, key: str, limit: int) -> str:
    return str(data.get(key) or "").strip()[:limit]


def _age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _require_active(subject: Subject) -> None:
    if not subject.is_active:
        raise SubjectNotActive()


def _lock(subject: Subject) -> Subject:
    return Subject.objects.select_for_update().get(pk=subject.pk)


def register_subject(data: dict, *, org, acting_user, user=None) -> Subject:
    """Receive a person into community correction and open their file (第二十二条).

    Guarantees: only an officer of the executing 司法所 may do it; the ID number is checked
    (GB 11643) and stored only encrypted; the period is computed from the judgment with its
    citation; for 管制/缓刑/假释 the `correction.report_in` deadline (第二十一条第一款) is opened
    from the day the judgment or ruling took effect; a person with an open file cannot get a
    second. Any refusal raises with the field concerned and writes nothing."""
    require(acting_user, MANAGE, org)
    if org.kind != Kind.JUDICIAL_OFFICE:
        raise InvalidInput(_("The executing organisation must be a judicial office (司法所)."), field="org")
    for key, message in TEXT_FIELDS.items():
        if not _text(data, key, 200):
            raise InvalidInput(message, field=key)
    subject_type = data.get("subject_type")
    if subject_type not in SubjectType.values:
        raise InvalidInput(_("Choose one of the four kinds of community correction."), field="subject_type")
    id_number = validate_resident_id(data.get("id_number", ""))
    if Subject.objects.filter(id_number_hash=crypto.keyed_hash(id_number),
                              status__in=[SubjectStatus.AWAITING_REPORT, SubjectStatus.IN_CORRECTION]).exists():
        raise DuplicateFile(field="id_number")
    period = periods.compute_period(
        subject_type, effective_on=data.get("effective_on"), principal_penalty=data.get("principal_penalty", ""),
        sentence_months=data.get("sentence_months"), probation_months=data.get("probation_months"),
        custody_days=int(data.get("custody_days") or 0), parole_on=data.get("parole_on"),
        sentence_expires_on=data.get("sentence_expires_on"))
    effective_on = data.get("effective_on") or period.starts_on
    birth = birth_date_from_resident_id(id_number)
    level = ClassificationLevel.objects.filter(code=data.get("classification") or "ordinary", is_active=True).first()
    subject = Subject(
        org=org, user=user, subject_type=subject_type, real_name=_text(data, "real_name", 60),
        sex=Sex.MALE if int(id_number[16]) % 2 else Sex.FEMALE, birth_date=birth,
        id_number_ciphertext=crypto.encrypt(id_number), id_number_hash=crypto.keyed_hash(id_number),
        id_number_masked=mask_identity(id_number),
        # A minor when correction starts stays under the minors' rules after turning 18 (第五十八条).
        is_minor=_age_on(birth, period.starts_on) < 18,
        residence_address=_text(data, "residence_address", 200), phone=_text(data, "phone", 20),
        decision_organ=_text(data, "decision_organ", 120),
        decision_organ_kind=data.get("decision_organ_kind") or "court",
        decision_document_number=_text(data, "decision_document_number", 80), effective_on=effective_on,
        crime_type=_text(data, "crime_type", 80), principal_penalty=data.get("principal_penalty") or "",
        sentence_months=data.get("sentence_months"), probation_months=data.get("probation_months"),
        custody_days=int(data.get("custody_days") or 0), parole_on=data.get("parole_on"),
        sentence_expires_on=data.get("sentence_expires_on"),
        correction_starts_on=period.starts_on, correction_ends_on=period.ends_on,
        period_citation=period.citation, period_rule=period.rule[:200],
        employer=_text(data, "employer", 120), occupation=_text(data, "occupation", 80), classification=level,
    )
    with transaction.atomic():
        subject.save()
        subject.assigned_officers.add(acting_user)
        if subject_type in REPORT_IN_TYPES:
            deadline_services.open_deadline(subject, "correction.report_in", effective_on, org=org,
                                            acting_user=acting_user)
        else:
            subject.status = SubjectStatus.IN_CORRECTION
            subject.reported_at = clock.now()
            subject.save(update_fields=["status", "reported_at"])
        audit.record("correction.subject.registered", actor=acting_user, obj=subject, org=org, changes={
            "subject_type": [None, subject_type], "id_number": [None, subject.id_number_masked],
            "correction_starts_on": [None, period.starts_on.isoformat()],
            "correction_ends_on": [None, period.ends_on.isoformat()], "period_citation": [None, period.citation],
            "is_minor": [None, subject.is_minor]})
        bump(org.pk, clock.today(), "intake")
        bump(org.pk, clock.today(), f"intake.{subject_type}")
    return subject


def report_in_deadline(subject: Subject) -> Deadline | None:
    from django.contrib.contenttypes.models import ContentType

    return Deadline.objects.filter(content_type=ContentType.objects.get_for_model(Subject), object_id=str(subject.pk),
                                   rule_id="correction.report_in").first()


def record_report_in(subject: Subject, *, acting_user, reported_at: dt.datetime | None = None) -> Subject:
    """The person reported in (报到). Marks the report-in deadline met and flags the file
    `is_late_report` when it happened after the due date (第二十一条第一款)."""
    require(acting_user, MANAGE, subject)
    reported_at = reported_at or clock.now()
    if reported_at > clock.now():
        raise InvalidInput(_("The time of reporting cannot be in the future."), field="reported_at")
    with transaction.atomic():
        locked = _lock(subject)
        if locked.status != SubjectStatus.AWAITING_REPORT:
            raise AlreadyReported()
        deadline = report_in_deadline(locked)
        late = deadline is not None and clock.legal_date(reported_at) > deadline.effective_due_on
        if deadline is not None and deadline.met_at is None:
            deadline_services.mark_met(deadline, acting_user=acting_user, met_at=reported_at)
        locked.status = SubjectStatus.IN_CORRECTION
        locked.reported_at = reported_at
        locked.is_late_report = locked.is_late_report or late
        locked.save(update_fields=["status", "reported_at", "is_late_report", "updated_at"])
        audit.record("correction.subject.reported_in", actor=acting_user, obj=locked, org=locked.org, changes={
            "status": [SubjectStatus.AWAITING_REPORT, SubjectStatus.IN_CORRECTION],
            "reported_at": [None, reported_at.isoformat()], "is_late_report": [subject.is_late_report, locked.is_late_report]})
    return locked


def flag_late_report_ins(today: dt.date | None = None) -> list[int]:
    """Daily sweep: files still awaiting report-in after the due date are flagged late and get
    a LATE_REPORT_IN alert (once). More than one month late without justification is a ground to
    propose revocation (刑诉解释 第五百四十三条第一款第二项). Idempotent; returns flagged ids."""
    from .supervision_alerts import raise_alert

    today = today or clock.today()
    flagged = []
    for subject in Subject.objects.filter(status=SubjectStatus.AWAITING_REPORT, is_late_report=False):
        deadline = report_in_deadline(subject)
        if deadline is None or deadline.effective_due_on >= today:
            continue
        with transaction.atomic():
            locked = _lock(subject)
            if locked.is_late_report or locked.status != SubjectStatus.AWAITING_REPORT:
                continue
            locked.is_late_report = True
            locked.save(update_fields=["is_late_report", "updated_at"])
            audit.record("correction.subject.flagged_late", obj=locked, org=locked.org,
                         changes={"is_late_report": [False, True]},
                         reason=f"report-in due {deadline.effective_due_on:%Y-%m-%d} ({deadline.citation})")
            raise_alert(locked, AlertRule.LATE_REPORT_IN, day=today,
                        detail=f"报到期限 {deadline.effective_due_on:%Y-%m-%d}（{deadline.citation}）")
        flagged.append(subject.pk)
    return flagged


def set_contacts(subject: Subject, contacts: list[dict], *, acting_user) -> list[SubjectContact]:
    """Replace the guardian and family list. A minor's file needs a guardian (第五十三条)."""
    require(acting_user, MANAGE, subject)
    _require_active(subject)
    rows = []
    for index, item in enumerate(contacts):
        if item.get("kind") not in ContactKind.values:
            raise InvalidInput(_("Contact %(n)s: choose guardian, family member or emergency contact."), field="contacts", n=index + 1)
        name, relation = str(item.get("name") or "").strip(), str(item.get("relation") or "").strip()
        if not name or not relation:
            raise InvalidInput(_("Contact %(n)s: enter the name and the relation."), field="contacts", n=index + 1)
        rows.append(SubjectContact(subject=subject, kind=item["kind"], name=name[:60], relation=relation[:30],
                                   phone=str(item.get("phone") or "")[:20]))
    if subject.is_minor and not any(row.kind == ContactKind.GUARDIAN for row in rows):
        raise InvalidInput(_("A minor's file must name the guardian (《社区矫正法》第五十三条)."), field="contacts")
    with transaction.atomic():
        old = list(subject.contacts.values_list("name", "relation"))
        subject.contacts.all().delete()
        SubjectContact.objects.bulk_create(rows)
        audit.record("correction.subject.contacts_set", actor=acting_user, obj=subject, org=subject.org,
                     changes={"contacts": [old, [(row.name, row.relation) for row in rows]]})
    return rows


def set_correction_group(subject: Subject, members: list[dict], *, acting_user) -> list[GroupMember]:
    """Set the correction group (矫正小组, 第二十五条). Refuses a group for a woman without a
    female member (第二十五条第二款) and a minor's group without someone familiar with minors
    (第五十二条第二款)."""
    require(acting_user, MANAGE, subject)
    _require_active(subject)
    rows = []
    for index, item in enumerate(members):
        name = str(item.get("name") or "").strip()
        if not name or item.get("role") not in GroupRole.values or item.get("sex") not in Sex.values:
            raise GroupIncomplete(_("Member %(n)s: enter the name, role and sex."), field="members", n=index + 1)
        rows.append(GroupMember(subject=subject, name=name[:60], role=item["role"], sex=item["sex"],
                                knows_minors=bool(item.get("knows_minors")), phone=str(item.get("phone") or "")[:20]))
    if not rows:
        raise GroupIncomplete(_("A correction group needs at least one member."), field="members")
    if subject.sex == Sex.FEMALE and not any(row.sex == Sex.FEMALE for row in rows):
        raise GroupIncomplete(_("The person is female, so the group must include a female member (《社区矫正法》第二十五条第二款)."),
                              field="members")
    if subject.is_minor and not any(row.knows_minors for row in rows):
        raise GroupIncomplete(_("A minor's group must include someone familiar with minors (《社区矫正法》第五十二条第二款)."),
                              field="members")
    with transaction.atomic():
        old = list(subject.group_members.values_list("name", flat=True))
        subject.group_members.all().delete()
        GroupMember.objects.bulk_create(rows)
        audit.record("correction.subject.group_set", actor=acting_user, obj=subject, org=subject.org,
                     changes={"group": [old, [row.name for row in rows]]})
    return rows


def adopt_plan(subject: Subject, content: str, *, acting_user) -> CorrectionPlan:
    """Adopt a new version of the individual correction plan (第二十四条)."""
    require(acting_user, MANAGE, subject)
    _require_active(subject)
    content = (content or "").strip()
    if len(content) < 10:
        raise InvalidInput(_("Write the plan: at least a few sentences on the measures for this person."), field="content")
    with transaction.atomic():
        locked = _lock(subject)
        last = locked.plans.order_by("-version").first()
        plan = CorrectionPlan.objects.create(subject=locked, version=(last.version + 1) if last else 1,
                                             content=content, created_by=acting_user, created_at=clock.now())
        audit.record("correction.plan.adopted", actor=acting_user, obj=locked, org=locked.org,
                     changes={"plan_version": [last.version if last else None, plan.version]})
    return plan


def classify_subject(subject: Subject, level_code: str, *, reason: str, acting_user) -> ClassificationChange:
    """Move the subject to another classification level, keeping the history."""
    require(acting_user, MANAGE, subject)
    _require_active(subject)
    if not (reason or "").strip():
        raise ReasonRequired(field="reason")
    level = ClassificationLevel.objects.filter(code=level_code, is_active=True).first()
    if level is None:
        raise InvalidInput(_("Unknown classification level."), field="level")
    with transaction.atomic():
        locked = _lock(subject)
        if locked.classification_id == level.pk:
            raise InvalidInput(_("The person is already at this level."), field="level")
        change = ClassificationChange.objects.create(subject=locked, from_level=locked.classification, to_level=level,
                                                     reason=reason.strip(), changed_by=acting_user, changed_at=clock.now())
        audit.record("correction.subject.classified", actor=acting_user, obj=locked, org=locked.org, reason=reason.strip(),
                     changes={"classification": [locked.classification.code if locked.classification else None, level.code]})
        locked.classification = level
        locked.save(update_fields=["classification", "updated_at"])
    return change


def add_prohibition_order(subject: Subject, *, document_number: str, starts_on: dt.date, ends_on: dt.date,
                          activities: str = "", persons: str = "", areas: list[dict] = (), acting_user) -> ProhibitionOrder:
    """Record a court prohibition order (禁止令) with its prohibited areas as geofences. Only with
    管制 or 缓刑 (《刑法》第三十八条第二款, 第七十二条第二款)."""
    from ..fences import invalidate

    require(acting_user, MANAGE, subject)
    _require_active(subject)
    if subject.subject_type not in (SubjectType.CONTROL, SubjectType.PROBATION):
        raise ProhibitionNotApplicable(field="subject_type")
    if not (document_number or "").strip():
        raise InvalidInput(_("Enter the number of the judgment containing the order."), field="document_number")
    if not starts_on or not ends_on or ends_on < starts_on:
        raise InvalidInput(_("The order must end on or after the day it starts."), field="ends_on")
    if not (activities or "").strip() and not (persons or "").strip() and not areas:
        raise InvalidInput(_("An order prohibits activities, areas or contact with persons: give at least one."), field="activities")
    with transaction.atomic():
        order = ProhibitionOrder.objects.create(subject=subject, document_number=document_number.strip()[:80],
                                                activities=(activities or "").strip(), persons=(persons or "").strip(),
                                                starts_on=starts_on, ends_on=ends_on)
        for area in areas:
            build_geofence(kind=GeofenceKind.PROHIBITED, name=area.get("name", ""), org=subject.org, subject=subject,
                           prohibition_order=order, circle=area.get("circle"), polygon=area.get("polygon")).save()
        audit.record("correction.prohibition_order.recorded", actor=acting_user, obj=subject, org=subject.org,
                     changes={"prohibition_order": [None, order.document_number], "areas": [None, len(areas)],
                              "period": [None, f"{starts_on:%Y-%m-%d}–{ends_on:%Y-%m-%d}"]})
        transaction.on_commit(invalidate)
    return order


def assign_officer(subject: Subject, officer, *, acting_user) -> None:
    """Assign an officer of the executing office to the file (needed to see a minor's file)."""
    require(acting_user, MANAGE, subject)
    require(officer, MANAGE, subject)
    with transaction.atomic():
        subject.assigned_officers.add(officer)
        audit.record("correction.subject.officer_assigned", actor=acting_user, obj=subject, org=subject.org,
                     changes={"assigned_officer": [None, officer.pk]})


def _certificate_number(subject: Subject, day: dt.date) -> str:
    count = Subject.objects.filter(org=subject.org, released_on__year=day.year).count() + 1
    return f"{subject.org.code}-{day.year}-{count:04d}"


def release_subject(subject: Subject, *, acting_user, pardoned: bool = False) -> Subject:
    """Release at the end of the term or on pardon (解除社区矫正, 第四十四条): issue the release
    certificate and record the notice to the decision organ, procuratorate and police. Refused
    before the end date unless pardoned."""
    require(acting_user, MANAGE, subject)
    today = clock.today()
    with transaction.atomic():
        locked = _lock(subject)
        if locked.status != SubjectStatus.IN_CORRECTION:
            raise SubjectNotActive()
        if today < locked.correction_ends_on and not pardoned:
            raise InvalidInput(_("The correction period runs until %(end)s; release before then only on a pardon (第四十四条)."),
                               field="released_on", end=f"{locked.correction_ends_on:%Y-%m-%d}")
        locked.status = SubjectStatus.RELEASED
        locked.released_on = today
        locked.certificate_number = _certificate_number(locked, today)
        locked.save(update_fields=["status", "released_on", "certificate_number", "updated_at"])
        audit.record("correction.subject.released", actor=acting_user, obj=locked, org=locked.org,
                     changes={"status": [SubjectStatus.IN_CORRECTION, SubjectStatus.RELEASED],
                              "certificate_number": [None, locked.certificate_number],
                              "notified": [None, ["decision organ", "procuratorate", "public security"]]},
                     reason="pardon" if pardoned else "term expired")
        bump(locked.org_id, today, "released")
    return locked


TERMINATION_REASONS = {
    "revoked": _("suspended sentence or parole revoked"),
    "committed": _("committed to prison"),
    "deceased": _("deceased"),
}


def terminate_subject(subject: Subject, reason: str, *, acting_user) -> Subject:
    """Correction terminates (终止, 第四十五条) on revocation, committal or death."""
    require(acting_user, MANAGE, subject)
    if reason not in TERMINATION_REASONS:
        raise InvalidInput(_("Correction terminates only on revocation, committal or death (第四十五条)."), field="reason")
    with transaction.atomic():
        locked = _lock(subject)
        if not locked.is_active:
            raise SubjectNotActive()
        before = locked.status
        locked.status = SubjectStatus.TERMINATED
        locked.terminated_on = clock.today()
        locked.termination_reason = reason
        locked.save(update_fields=["status", "terminated_on", "termination_reason", "updated_at"])
        audit.record("correction.subject.terminated", actor=acting_user, obj=locked, org=locked.org,
                     changes={"status": [before, SubjectStatus.TERMINATED]}, reason=reason)
    return locked


def send_termination_reminders(today: dt.date | None = None) -> int:
    """Daily sweep: remind each assigned officer once when a file's correction ends within the
    policy's number of days (termination.remind_days_before), so release is handled on time
    (第四十四条; 《人民检察院刑事诉讼规则》第六百四十三条第六项). Idempotent; returns reminders sent."""
    today = today or clock.today()
    days = policy.setting("termination.remind_days_before")
    sent = 0
    due = Subject.objects.filter(status=SubjectStatus.IN_CORRECTION, correction_ends_on__gte=today,
                                 correction_ends_on__lte=today + dt.timedelta(days=days))
    for subject in due.exclude(termination_reminders__days_before=days):
        with transaction.atomic():
            _reminder, created = TerminationReminder.objects.get_or_create(
                subject=subject, days_before=days, defaults={"sent_at": clock.now()})
            if not created:
                continue
            for officer in subject.assigned_officers.all():
                with translation.override(getattr(officer, "language", "") or settings.LANGUAGE_CODE):
                    notify(officer, kind="correction.termination_due", org=subject.org,
                           title=gettext("Correction ends on %(end)s: %(name)s") % {
                               "end": f"{subject.correction_ends_on:%Y-%m-%d}", "name": subject.real_name},
                           body=gettext("Prepare the release certificate and the notices to the decision organ, "
                                        "procuratorate and police (《社区矫正法》第四十四条)."),
                           link=f"/correction/subjects/{subject.pk}/")
            audit.record("correction.subject.termination_reminder", obj=subject, org=subject.org,
                         changes={"reminder": [None, f"{days} days before {subject.correction_ends_on:%Y-%m-%d}"]})
            sent += 1
    return sent
