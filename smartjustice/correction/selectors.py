"""Reads of correction files (STYLE §2, §3).

`subjects_for_user`: the files an officer may list: their own office's (supervisors: every
office below them), minus minors' files unless the officer is assigned to that minor
(《社区矫正法》第五十四条: minors' identity is kept confidential and their files are given to
nobody outside a lawful query). `access_subject` raises NotFound for a missing file and an
out-of-scope one alike, and records the read in the audit trail (every read of a file is
audited). A supervisor may open a minor's file in their scope only by stating the lawful
query it serves; the reason is written into the audit entry.
"""
from django.db.models import Q

from smartjustice.audit import services as audit
from smartjustice.core import clock
from smartjustice.core.errors import NotFound
from smartjustice.orgs.permissions import can
from smartjustice.orgs.selectors import scope_q

from .choices import AlertStatus, LeaveStatus, PositioningStatus, SubjectStatus
from .models import Alert, LeaveApplication, Measure, PositioningOrder, Subject

VIEW = "correction.subject.view"


def _minor_visible_q(user) -> Q:
    return Q(is_minor=False) | Q(assigned_officers=user)


def subjects_for_user(user):
    """Every file the user may list, newest first (minors only for their assigned officers)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Subject.objects.none()
    return (Subject.objects.filter(scope_q(user, VIEW) & _minor_visible_q(user))
            .select_related("org", "classification").distinct())


def get_subject(pk) -> Subject | None:
    """Internal read, no permission check (tasks, services)."""
    return Subject.objects.filter(pk=pk).select_related("org").first() if str(pk).isdigit() else None


def may_open_minor(user, subject: Subject) -> bool:
    return subject.assigned_officers.filter(pk=user.pk).exists()


def access_subject(user, pk, *, action: str = VIEW, lawful_query: str = "", audit_read: bool = True) -> Subject:
    """The file if `user` may `action` it; NotFound otherwise. Audited as a sensitive read.

    A minor's file opens for an assigned officer, or for someone else in scope who states a
    lawful query (第五十四条第二款); without one it is NotFound, like a missing file."""
    subject = get_subject(pk)
    if subject is None or not can(user, action, subject):
        raise NotFound()
    reason = ""
    if subject.is_minor and not may_open_minor(user, subject):
        reason = (lawful_query or "").strip()
        if not reason:
            raise NotFound()
        reason = f"lawful query (《社区矫正法》第五十四条第二款): {reason}"
    if audit_read:
        audit.record_read("correction.subject.read", actor=user, obj=subject, org=subject.org, reason=reason)
    return subject


def has_active_file(user) -> bool:
    """Whether the person has an active correction file of their own (menus of the service end)."""
    if user is None or not user.is_authenticated:
        return False
    return Subject.objects.filter(
        user=user, status__in=[SubjectStatus.AWAITING_REPORT, SubjectStatus.IN_CORRECTION]).exists()


def own_subject(user) -> Subject:
    """The signed-in person's own active file (the service end); NotFound if none."""
    if user is None or not user.is_authenticated:
        raise NotFound()
    subject = (Subject.objects.filter(user=user, status__in=[SubjectStatus.AWAITING_REPORT, SubjectStatus.IN_CORRECTION])
               .select_related("org", "classification").first())
    if subject is None:
        raise NotFound()
    return subject


def alerts_for_user(user, *, status: str | None = None):
    qs = Alert.objects.filter(subject__in=subjects_for_user(user)).select_related("subject", "org")
    return qs.filter(status=status) if status else qs


def access_alert(user, pk, action: str = "correction.alert.triage") -> Alert:
    alert = Alert.objects.filter(pk=pk).select_related("subject", "org").first() if str(pk).isdigit() else None
    if alert is None or not can(user, action, alert.subject) or not subjects_for_user(user).filter(pk=alert.subject_id).exists():
        raise NotFound()
    return alert


def leave_for_user(user, *, status: str | None = None):
    qs = LeaveApplication.objects.filter(subject__in=subjects_for_user(user)).select_related("subject")
    return qs.filter(status=status) if status else qs


def access_leave(user, pk, action: str = "correction.leave.decide") -> LeaveApplication:
    leave = LeaveApplication.objects.filter(pk=pk).select_related("subject").first() if str(pk).isdigit() else None
    if leave is None or not can(user, action, leave.subject) or not subjects_for_user(user).filter(pk=leave.subject_id).exists():
        raise NotFound()
    return leave


def measures_of(subject: Subject):
    return Measure.objects.filter(subject=subject).order_by("-decided_at", "-id")


def access_positioning_order(user, pk, action: str) -> PositioningOrder:
    order = PositioningOrder.objects.filter(pk=pk).select_related("subject", "subject__org").first() if str(pk).isdigit() else None
    if order is None or not can(user, action, order.subject):
        raise NotFound()
    return order


def current_positioning_order(subject: Subject, moment=None) -> PositioningOrder | None:
    """The approved, unexpired, unlifted order in force at `moment` (default now), if any."""
    moment = moment or clock.now()
    return (PositioningOrder.objects.filter(subject=subject, status=PositioningStatus.APPROVED,
                                            starts_at__lte=moment, ends_at__gt=moment)
            .order_by("-starts_at").first())


def workbench_counts(user) -> dict:
    subjects = subjects_for_user(user)
    today = clock.today()
    return {
        "open_alerts": Alert.objects.filter(subject__in=subjects, status=AlertStatus.OPEN).count(),
        "alerts_today": Alert.objects.filter(subject__in=subjects, day=today).count(),
        "pending_leave": LeaveApplication.objects.filter(subject__in=subjects, status=LeaveStatus.SUBMITTED).count(),
    }


def cockpit_data(user, *, days: int = 30, office=None) -> dict:
    """Aggregates for the cockpit (驾驶舱); see correction.cockpit."""
    from . import cockpit

    return cockpit.cockpit_data(user, days=days, office=office)


# Education, assessments, requests, spot checks ------------------------------------------------

def active_courses():
    from .models import Course

    return Course.objects.filter(is_active=True)


def access_course(pk):
    """An active course (courses are open to every subject); NotFound otherwise."""
    course = active_courses().filter(pk=pk).first() if str(pk).isdigit() else None
    if course is None:
        raise NotFound()
    return course


def own_row(model, user, pk, **filters):
    """A row of `model` that belongs to the signed-in subject's own file; NotFound otherwise."""
    subject = own_subject(user)
    row = model.objects.filter(pk=pk, subject=subject, **filters).select_related("subject__org").first() \
        if str(pk).isdigit() else None
    if row is None:
        raise NotFound()
    return row


def active_questionnaires():
    from .models import Questionnaire

    return Questionnaire.objects.filter(is_active=True)


def _in_scope(model, user, **filters):
    return model.objects.filter(subject__in=subjects_for_user(user), **filters).select_related("subject")


def assessments_to_review(user):
    from .choices import AssessmentStatus
    from .models import Assessment

    return _in_scope(Assessment, user, status=AssessmentStatus.AWAITING_REVIEW).select_related(
        "questionnaire", "suggested_level").order_by("taken_at")


def open_assistance(user):
    from .choices import AssistanceStatus
    from .models import AssistanceRequest

    return _in_scope(AssistanceRequest, user, status__in=[AssistanceStatus.SUBMITTED, AssistanceStatus.IN_PROGRESS]
                     ).order_by("submitted_at")


def pending_residence_changes(user):
    from .choices import RequestStatus
    from .models import ResidenceChange

    return _in_scope(ResidenceChange, user, status=RequestStatus.SUBMITTED).order_by("submitted_at")


def spot_checks_to_record(user):
    from .choices import SpotCheckStatus
    from .models import SpotCheck

    return _in_scope(SpotCheck, user, status__in=[SpotCheckStatus.ISSUED, SpotCheckStatus.JOINED,
                                                  SpotCheckStatus.MISSED], recorded_at__isnull=True).order_by("issued_at")


def access_in_scope(model, user, pk, action: str = "correction.subject.manage"):
    """A row of `model` (with a `subject`) that `user` may `action`; NotFound when missing or
    out of scope alike."""
    row = model.objects.filter(pk=pk).select_related("subject__org").first() if str(pk).isdigit() else None
    if row is None or not can(user, action, row.subject) or not subjects_for_user(user).filter(pk=row.subject_id).exists():
        raise NotFound()
    return row
