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


def cockpit_data(user, *, days: int = 30) -> dict:
    """Aggregates for the cockpit (驾驶舱), from the subject table's counts and the DailyMetric
    summary rows that services keep up to date: never a scan of location rows. Counts only,
    no identities, so minors' files (第五十四条) are never exposed here."""
    import datetime as dt

    from django.db.models import Count, Sum

    from .choices import SubjectType
    from .models import DailyMetric

    scope = scope_q(user, "correction.cockpit.view")
    active = Subject.objects.filter(scope, status__in=[SubjectStatus.AWAITING_REPORT, SubjectStatus.IN_CORRECTION])
    since = clock.today() - dt.timedelta(days=days - 1)
    metrics = DailyMetric.objects.filter(scope, day__gte=since)
    totals = dict(metrics.values_list("metric").annotate(total=Sum("value")).values_list("metric", "total"))
    trend_rows = metrics.filter(metric__in=["check_ins", "alerts", "reports"]).values("day", "metric").annotate(total=Sum("value"))
    trend: dict = {}
    for row in trend_rows:
        trend.setdefault(row["day"], {"check_ins": 0, "alerts": 0, "reports": 0})[row["metric"]] = row["total"]
    triaged = totals.get("alerts.confirmed", 0) + totals.get("alerts.false", 0)
    type_labels = dict(SubjectType.choices)
    return {
        "days": days,
        "active": active.count(),
        "by_type": [(type_labels.get(row["subject_type"], row["subject_type"]), row["n"])
                    for row in active.values("subject_type").annotate(n=Count("id")).order_by("subject_type")],
        "by_office": list(active.values_list("org__name").annotate(n=Count("id")).order_by("org__name")),
        "by_level": list(active.values_list("classification__name").annotate(n=Count("id")).order_by("classification__name")),
        "by_crime": list(active.values_list("crime_type").annotate(n=Count("id")).order_by("-n")[:10]),
        "totals": totals,
        "false_rate": round(totals.get("alerts.false", 0) / triaged, 4) if triaged else None,
        # Dotted metric names cannot be looked up in templates: named figures instead.
        "figures": {
            "leave_applied": totals.get("leave.applied", 0), "leave_approved": totals.get("leave.approved", 0),
            "learning_hours": round(totals.get("learning.seconds", 0) / 3600, 1),
            "welfare_hours": round(totals.get("welfare.minutes", 0) / 60, 1),
            "assistance_requested": totals.get("assistance.requested", 0),
            "assistance_helped": totals.get("assistance.helped", 0),
            "assistance_referred": totals.get("assistance.referred", 0),
            "spot_checks": totals.get("spot_checks", 0), "field_visits": totals.get("field_visits", 0),
        },
        "trend": sorted(trend.items()),
    }


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
