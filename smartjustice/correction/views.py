"""Pages of community correction: the service end (mobile-first, elderly mode via the shell)
and the governance end. Thin: access through selectors, changes through services."""
import datetime as dt
import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from smartjustice.core import clock
from smartjustice.core.errors import DomainError, NotFound
from smartjustice.orgs.permissions import can

from . import policy, selectors, services
from .choices import (
    AlertStatus,
    AssessmentStatus,
    LeaveStatus,
    MeasureKind,
    PositioningStatus,
    SubjectStatus,
    SubjectType,
)
from .forms import (
    ActivityReportForm,
    CheckInForm,
    FieldVisitForm,
    LeaveDecisionForm,
    LeaveForm,
    ObjectionForm,
    TriageForm,
    WelfareForm,
)
from .models import (
    Alert,
    ClassificationLevel,
    LeaveApplication,
    Measure,
    Objection,
    PositioningOrder,
)


def not_found_as_404(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotFound:
            raise Http404 from None
    return wrapper


def flash_outcome(request, call, success: str) -> None:
    """A POST-only action (a button, no page of its own): run it, then say how it went as a
    flash message on the page the view redirects to: `success`, or the DomainError's own
    message. The pages of this app share it so each button reports the same way."""
    try:
        call()
        messages.success(request, success)
    except DomainError as exc:
        messages.error(request, str(exc))


# Service end ----------------------------------------------------------------------------------

@login_required
@not_found_as_404
def my_home(request):
    subject = selectors.own_subject(request.user)
    today = clock.today()
    return render(request, "correction/me.html", {
        "subject": subject,
        "checked_in_today": subject.check_ins.filter(day=today, counts=True).exists(),
        "leave": subject.leave_applications.all()[:5],
        "measures": subject.measures.filter(withdrawn=False)[:5],
        "alerts": subject.alerts.all()[:5],
        "objections": subject.objections.all()[:5],
        "waiting_checks": subject.spot_checks.filter(status="issued").count(),
    })


@login_required
@not_found_as_404
def my_check_in(request):
    subject = selectors.own_subject(request.user)
    form = CheckInForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            row = services.check_in(subject, acting_user=request.user, latitude=data["latitude"],
                                    longitude=data["longitude"], accuracy_m=data.get("accuracy_m"),
                                    client_id=data["client_id"], photo=data["photo"].read())
        except services.ReportReplayed:
            messages.success(request, _("Your check-in was already received."))
            return redirect("correction:me")
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            if row.counts:
                messages.success(request, _("Checked in. Thank you."))
            else:
                messages.warning(request, _("Your check-in was recorded, but it could not be confirmed automatically; your officer will confirm it."))
            return redirect("correction:me")
    return render(request, "correction/check_in.html", {"form": form, "subject": subject})


@login_required
@not_found_as_404
def my_report(request):
    subject = selectors.own_subject(request.user)
    form = ActivityReportForm(request.POST or None)
    if form.submit_to(request, lambda data: services.submit_activity_report(subject, data["text"],
                                                                           acting_user=request.user)):
        messages.success(request, _("Your report was submitted."))
        return redirect("correction:me")
    return render(request, "correction/report.html", {"form": form, "subject": subject,
                                                      "reports": subject.activity_reports.all()[:5]})


@login_required
@not_found_as_404
def my_leave(request):
    subject = selectors.own_subject(request.user)
    form = LeaveForm(request.POST or None)
    if form.submit_to(request, lambda data: services.apply_for_leave(subject, acting_user=request.user, **data)):
        messages.success(request, _("Your application was sent to your officer."))
        return redirect("correction:leave")
    return render(request, "correction/leave.html", {"form": form, "subject": subject,
                                                     "applications": subject.leave_applications.all()})


@login_required
@require_POST
@not_found_as_404
def my_leave_return(request, leave_id):
    subject = selectors.own_subject(request.user)
    leave = LeaveApplication.objects.filter(pk=leave_id, subject=subject).first()
    if leave is None:
        raise Http404
    flash_outcome(request, lambda: services.report_return(leave, acting_user=request.user),
                  _("Welcome back: your return was recorded."))
    return redirect("correction:leave")


@login_required
@not_found_as_404
def my_objection(request, target, target_id):
    subject = selectors.own_subject(request.user)
    model = {"measure": Measure, "alert": Alert}.get(target)
    item = model.objects.filter(pk=target_id, subject=subject).first() if model else None
    if item is None:
        raise Http404
    form = ObjectionForm(request.POST or None)
    if form.submit_to(request, lambda data: services.file_objection(subject, acting_user=request.user,
                                                                   explanation=data["explanation"], **{target: item})):
        messages.success(request, _("Your objection was filed; you will get an answer by the date shown."))
        return redirect("correction:me")
    return render(request, "correction/objection.html", {"form": form, "item": item, "target": target})


# Governance end -------------------------------------------------------------------------------

def _require(request, action):
    if not can(request.user, action):
        raise PermissionDenied


@login_required
def workbench(request):
    """Today's alerts, due tasks and pending approvals of the offices the officer works for."""
    from . import views_programme  # imports this module: a top-level import would be circular

    _require(request, "correction.subject.view")
    subjects = selectors.subjects_for_user(request.user)
    today = clock.today()
    ending = subjects.filter(status=SubjectStatus.IN_CORRECTION,
                             correction_ends_on__lte=today + dt.timedelta(days=policy.setting("termination.remind_days_before"))).order_by("correction_ends_on")
    return render(request, "correction/workbench.html", {
        "alerts": Alert.objects.filter(subject__in=subjects, status=AlertStatus.OPEN).select_related("subject")[:50],
        "pending_leave": LeaveApplication.objects.filter(subject__in=subjects, status=LeaveStatus.SUBMITTED).select_related("subject"),
        "awaiting_report": subjects.filter(status=SubjectStatus.AWAITING_REPORT),
        "ending": ending[:20],
        "objections": Objection.objects.filter(subject__in=subjects, status="open").select_related("subject").order_by("answer_due_on"),
        "positioning": PositioningOrder.objects.filter(subject__in=subjects, status=PositioningStatus.PROPOSED).select_related("subject"),
        "triage_form": TriageForm(), "leave_form": LeaveDecisionForm(), "today": today,
        "may_cockpit": can(request.user, "correction.cockpit.view"),
        **views_programme.workbench_extras(request.user),
    })


@login_required
def subject_list(request):
    _require(request, "correction.subject.view")
    subjects = selectors.subjects_for_user(request.user)
    kind, status, query = request.GET.get("type", ""), request.GET.get("status", ""), request.GET.get("q", "").strip()
    if kind in SubjectType.values:
        subjects = subjects.filter(subject_type=kind)
    if status in SubjectStatus.values:
        subjects = subjects.filter(status=status)
    if query:
        subjects = subjects.filter(real_name__contains=query)
    return render(request, "correction/subjects.html", {
        "subjects": subjects[:200], "types": SubjectType.choices, "statuses": SubjectStatus.choices,
        "selected": {"type": kind, "status": status, "q": query}})


@login_required
@not_found_as_404
def subject_detail(request, subject_id):
    subject = selectors.access_subject(request.user, subject_id, lawful_query=request.GET.get("lawful_query", ""))
    suggestion, why = services.suggest_next_measure(subject)
    return render(request, "correction/subject.html", {
        "subject": subject, "measures": selectors.measures_of(subject), "why": why,
        "suggestion": MeasureKind(suggestion).label if suggestion else None,
        "contacts": subject.contacts.all(), "group": subject.group_members.all(), "plan": subject.plans.first(),
        "history": subject.classification_history.select_related("from_level", "to_level"),
        "orders": subject.prohibition_orders.all(), "alerts": subject.alerts.all()[:20],
        "reports": subject.activity_reports.select_related("recording")[:10], "check_ins": subject.check_ins.select_related("identity_check")[:10],
        "month": services.monthly_programme(subject), "welfare": subject.welfare_activities.all()[:10],
        "visits": subject.field_visits.all()[:10], "spot_checks": subject.spot_checks.all()[:10],
        "trips": subject.leave_applications.prefetch_related("check_ins")[:10],
        "assessments": subject.assessments.select_related("questionnaire", "suggested_level")[:10],
        "welfare_form": WelfareForm(), "visit_form": FieldVisitForm(),
        "may_manage": can(request.user, "correction.subject.manage", subject),
        "may_enter_assessment": can(request.user, "correction.assessment.enter", subject),
        "awaiting_review": AssessmentStatus.AWAITING_REVIEW, "levels": ClassificationLevel.objects.filter(is_active=True),
    })


@login_required
@require_POST
@not_found_as_404
def leave_decide(request, leave_id):
    leave = selectors.access_leave(request.user, leave_id)
    form = LeaveDecisionForm(request.POST)
    if form.is_valid():
        flash_outcome(request, lambda: services.decide_leave(leave, approve=form.cleaned_data["approve"],
                                                             note=form.cleaned_data["note"], acting_user=request.user),
                      _("Decision recorded."))
    return redirect("correction:workbench")


@login_required
@require_POST
@not_found_as_404
def alert_triage(request, alert_id):
    alert = selectors.access_alert(request.user, alert_id)
    form = TriageForm(request.POST)
    if form.is_valid():
        flash_outcome(request, lambda: services.triage_alert(alert, confirmed=form.cleaned_data["confirmed"],
                                                             cause=form.cleaned_data["cause"],
                                                             note=form.cleaned_data["note"], acting_user=request.user),
                      _("Alert handled."))
    return redirect("correction:workbench")


@login_required
def false_alert_report(request):
    _require(request, "correction.subject.view")
    return render(request, "correction/false_alert_report.html", {"report": services.false_alert_report(request.user)})


@login_required
@not_found_as_404
def cockpit(request):
    """The cockpit (驾驶舱) of the user's scope, for 7, 30 or 90 days, optionally one office."""
    from . import cockpit as board

    _require(request, "correction.cockpit.view")
    office = board.access_office(request.user, request.GET["office"]) if request.GET.get("office") else None
    period_error = None
    try:
        days = board.period_days(request.GET.get("days"))
    except DomainError as exc:
        days, period_error = board.DEFAULT_PERIOD, str(exc)
    data = board.cockpit_data(request.user, days=days, office=office)
    return render(request, "correction/cockpit.html", {
        "data": data, "periods": board.PERIODS, "offices": board.office_choices(request.user),
        "period_error": period_error})
