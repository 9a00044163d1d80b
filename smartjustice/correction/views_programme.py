"""Pages of education, assessments, requests and spot checks: the service end (mobile-first,
elderly mode via the shell) and the officers' actions on a file. Thin: access through
selectors, changes through services."""
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from smartjustice.core.errors import DomainError, NotFound

from . import selectors, services
from .choices import AssessmentStatus, SpotCheckStatus
from .forms import (
    AssessmentReviewForm,
    AssistanceCloseForm,
    AssistanceForm,
    FieldVisitForm,
    QuestionnaireForm,
    ResidenceForm,
    ReturnReportForm,
    SpotCheckResultForm,
    WelfareForm,
)
from .models import (
    Assessment,
    AssistanceRequest,
    ClassificationLevel,
    LeaveApplication,
    SpotCheck,
    StudySession,
)
from .services.geofences import county_of
from .views import flash_outcome, not_found_as_404

# Service end: learning -----------------------------------------------------------------------

@login_required
@not_found_as_404
def my_learning(request):
    subject = selectors.own_subject(request.user)
    return render(request, "correction/learning.html", {
        "subject": subject, "courses": selectors.active_courses(), "month": services.monthly_programme(subject),
        "sessions": subject.study_sessions.select_related("course")[:10],
        "questionnaires": selectors.active_questionnaires(),
        "welfare": subject.welfare_activities.all()[:10],
    })


@login_required
@not_found_as_404
def my_course(request, course_id):
    subject = selectors.own_subject(request.user)
    course = selectors.access_course(course_id)
    try:
        session = services.start_study(subject, course, acting_user=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect("correction:learning")
    return render(request, "correction/course.html", {"subject": subject, "course": course, "session": session})


def _json_error(exc: DomainError, status: int):
    return JsonResponse({"error": {"code": exc.code, "message": str(exc), "field": exc.field}}, status=status)


@login_required
@require_POST
def study_heartbeat(request, session_id):
    """JSON {"position": seconds, "playing": bool, "visible": bool} → {"credited", "total"}."""
    try:
        session = selectors.own_row(StudySession, request.user, session_id)
        body = json.loads(request.body or b"{}")
        if not isinstance(body, dict):
            raise ValueError
        credit = services.study_heartbeat(session, acting_user=request.user, position=body.get("position"),
                                          playing=body.get("playing") is True, visible=body.get("visible") is True)
    except NotFound as exc:
        return _json_error(exc, 404)
    except ValueError:
        return JsonResponse({"error": {"code": "invalid", "message": _("The request is not valid JSON."), "field": None}},
                            status=400)
    except DomainError as exc:
        return _json_error(exc, exc.http_status)
    session.refresh_from_db(fields=["credited_seconds"])
    return JsonResponse({"credited": round(credit.credited, 1), "refused": round(credit.refused, 1),
                         "reason": credit.reason, "total": round(session.credited_seconds, 1)})


@login_required
@require_POST
def study_close(request, session_id):
    try:
        session = selectors.own_row(StudySession, request.user, session_id)
        services.close_study(session, acting_user=request.user)
    except NotFound:
        raise Http404 from None
    return JsonResponse({"closed": True})


# Service end: assessments, assistance, residence, leave -----------------------------------------

@login_required
@not_found_as_404
def my_assessment(request, code):
    subject = selectors.own_subject(request.user)
    questionnaire = selectors.active_questionnaires().filter(code=code).first()
    if questionnaire is None:
        raise Http404
    form = QuestionnaireForm(questionnaire.definition, request.POST or None)
    if form.submit_to(request, lambda data: services.take_assessment(subject, questionnaire, data,
                                                                     acting_user=request.user)):
        messages.success(request, _("Thank you. Result: %(band)s. Your officer will review it.")
                         % {"band": form.service_result.band})
        return redirect("correction:learning")
    return render(request, "correction/assessment.html", {"form": form, "questionnaire": questionnaire})


@login_required
@not_found_as_404
def my_assistance(request):
    subject = selectors.own_subject(request.user)
    form = AssistanceForm(request.POST or None)
    if form.submit_to(request, lambda data: services.request_assistance(subject, acting_user=request.user, **data)):
        messages.success(request, _("Your request was sent to your officer."))
        return redirect("correction:assistance")
    return render(request, "correction/assistance.html", {"form": form, "requests": subject.assistance_requests.all()})


@login_required
@not_found_as_404
def my_residence(request):
    subject = selectors.own_subject(request.user)
    form = ResidenceForm(request.POST or None, own_county=county_of(subject.org))
    if form.submit_to(request, lambda data: services.apply_for_residence_change(subject, acting_user=request.user,
                                                                               **data)):
        messages.success(request, _("Your application was sent to your officer."))
        return redirect("correction:residence")
    return render(request, "correction/residence.html", {"form": form, "subject": subject,
                                                         "changes": subject.residence_changes.select_related(
                                                             "destination_county", "transfer__receiving_county",
                                                             "transfer__to_office")})


@login_required
@not_found_as_404
def my_trip(request, leave_id):
    """An approved trip: destination check-in (browser location) and the return report."""
    leave = selectors.own_row(LeaveApplication, request.user, leave_id)
    form = ReturnReportForm(request.POST if "text" in request.POST else None)
    if request.method == "POST":
        try:
            if "text" in request.POST:
                if form.is_valid():
                    services.file_return_report(leave, acting_user=request.user, text=form.cleaned_data["text"])
                    messages.success(request, _("Welcome back: your return was recorded."))
                    return redirect("correction:leave")
            else:
                row = services.check_in_on_leave(leave, acting_user=request.user, latitude=request.POST.get("latitude"),
                                                 longitude=request.POST.get("longitude"),
                                                 accuracy_m=request.POST.get("accuracy_m") or None,
                                                 client_id=request.POST.get("client_id") or None)
                messages.success(request, _("Checked in at your destination.") if row.distance_m is None else
                                 _("Checked in at your destination (%(km)s km from the declared address).")
                                 % {"km": f"{row.distance_m / 1000:.1f}"})
                return redirect("correction:trip", leave_id=leave.pk)
        except services.ReportReplayed:
            return redirect("correction:trip", leave_id=leave.pk)
        except DomainError as exc:
            if "text" in request.POST:
                form.add_domain_error(exc)
            else:
                messages.error(request, str(exc))
    return render(request, "correction/trip.html", {"leave": leave, "form": form,
                                                    "check_ins": leave.check_ins.all()})


@login_required
@not_found_as_404
def my_spot_checks(request):
    subject = selectors.own_subject(request.user)
    return render(request, "correction/my_spot_checks.html", {"checks": subject.spot_checks.all()[:10],
                                                              "waiting": SpotCheckStatus.ISSUED})


@login_required
@require_POST
@not_found_as_404
def my_spot_check_join(request, check_id):
    check = selectors.own_row(SpotCheck, request.user, check_id)
    try:
        check = services.join_spot_check(check, acting_user=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect("correction:my_spot_checks")
    if check.meeting_url:
        return HttpResponseRedirect(check.meeting_url)
    messages.success(request, _("You have joined. Your officer will call you now."))
    return redirect("correction:my_spot_checks")


# Governance end: actions on a file --------------------------------------------------------------

@login_required
@require_POST
@not_found_as_404
def record_welfare(request, subject_id):
    subject = selectors.access_subject(request.user, subject_id, action="correction.subject.manage", audit_read=False)
    form = WelfareForm(request.POST)
    if form.is_valid():
        flash_outcome(request, lambda: services.record_welfare_activity(subject, acting_user=request.user,
                                                                        **form.cleaned_data),
                      _("Public-welfare activity recorded."))
    else:
        messages.error(request, _("Check the activity's day, minutes and description."))
    return redirect("correction:subject", subject_id=subject.pk)


@login_required
@require_POST
@not_found_as_404
def record_visit(request, subject_id):
    subject = selectors.access_subject(request.user, subject_id, action="correction.subject.manage", audit_read=False)
    form = FieldVisitForm(request.POST)
    if form.is_valid():
        flash_outcome(request, lambda: services.record_field_visit(subject, acting_user=request.user,
                                                                   **form.cleaned_data),
                      _("Field visit recorded."))
    else:
        messages.error(request, _("Check the visit's date, place and findings."))
    return redirect("correction:subject", subject_id=subject.pk)


@login_required
@require_POST
@not_found_as_404
def issue_check(request, subject_id):
    subject = selectors.access_subject(request.user, subject_id, action="correction.subject.manage", audit_read=False)
    flash_outcome(request, lambda: services.issue_spot_check(subject, acting_user=request.user),
                  _("Video spot check issued."))
    return redirect("correction:subject", subject_id=subject.pk)


@login_required
@not_found_as_404
def enter_assessment(request, subject_id, code=None):
    """An officer of the file enters a questionnaire answered in an interview (代为填写问卷):
    pick a questionnaire, then the same form the subject sees on the phone. The row records
    the officer as the one who entered it; the suggestion awaits review as usual."""
    subject = selectors.access_subject(request.user, subject_id, action="correction.assessment.enter", audit_read=False)
    questionnaires = selectors.active_questionnaires()
    questionnaire = None
    if code is not None:
        questionnaire = questionnaires.filter(code=code).first()
        if questionnaire is None:
            raise Http404
    form = QuestionnaireForm(questionnaire.definition, request.POST or None) if questionnaire else None
    if form is not None and form.submit_to(request, lambda data: services.take_assessment(
            subject, questionnaire, data, acting_user=request.user)):
        row = form.service_result
        messages.success(request, _("Answers recorded: %(score)s points, %(band)s. Review the suggested level below.")
                         % {"score": row.score, "band": row.band})
        return redirect(reverse("correction:subject", args=[subject.pk]) + "#assessments")
    return render(request, "correction/assessment_enter.html", {
        "subject": subject, "questionnaire": questionnaire, "questionnaires": questionnaires, "form": form})


@login_required
@require_POST
@not_found_as_404
def record_check(request, check_id):
    check = selectors.access_in_scope(SpotCheck, request.user, check_id)
    form = SpotCheckResultForm(request.POST)
    if form.is_valid():
        flash_outcome(request, lambda: services.record_spot_check_result(check, acting_user=request.user,
                                                                         **form.cleaned_data),
                      _("Result recorded."))
    else:
        messages.error(request, _("Write a note on the result."))
    return redirect("correction:workbench")


@login_required
@require_POST
@not_found_as_404
def review_assessment(request, assessment_id):
    row = selectors.access_in_scope(Assessment, request.user, assessment_id)
    form = AssessmentReviewForm(request.POST)
    if form.is_valid():
        flash_outcome(request, lambda: services.review_assessment(row, acting_user=request.user,
                                                                  level_code=form.cleaned_data["level"] or None,
                                                                  note=form.cleaned_data["note"]),
                      _("Classification reviewed."))
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(back)
    return redirect("correction:workbench")


@login_required
@require_POST
@not_found_as_404
def handle_assistance(request, request_id):
    row = selectors.access_in_scope(AssistanceRequest, request.user, request_id)
    if request.POST.get("action") == "take_up":
        flash_outcome(request, lambda: services.take_up_assistance(row, acting_user=request.user),
                      _("Request taken up."))
    else:
        form = AssistanceCloseForm(request.POST)
        if form.is_valid():
            flash_outcome(request, lambda: services.close_assistance(row, acting_user=request.user,
                                                                     **form.cleaned_data),
                          _("Outcome recorded."))
        else:
            messages.error(request, _("Choose the outcome and say what was done."))
    return redirect("correction:workbench")


def workbench_extras(user) -> dict:
    """What the workbench shows of this module (views.workbench adds it to its context)."""
    from . import selectors_transfer

    return {"assessments": selectors.assessments_to_review(user), "assistance": selectors.open_assistance(user),
            "residence_changes": selectors.pending_residence_changes(user),
            "transfers_to_decide": selectors_transfer.transfers_to_decide(user),
            "incoming_transfers": selectors_transfer.incoming_transfers(user),
            "spot_checks": selectors.spot_checks_to_record(user), "awaiting_review": AssessmentStatus.AWAITING_REVIEW,
            "assistance_close_form": AssistanceCloseForm(),
            "levels": ClassificationLevel.objects.filter(is_active=True)}


# Service end: voice reports -----------------------------------------------------------------------

@login_required
@require_POST
def my_voice_report(request):
    """Upload of a recorded voice report (multipart "audio", optional "text") → JSON, so the
    recording page can keep the recording and retry when the upload fails."""
    try:
        subject = selectors.own_subject(request.user)
        report = services.submit_voice_report(subject, request.FILES.get("audio"), acting_user=request.user,
                                              text=request.POST.get("text", ""))
    except NotFound as exc:
        return _json_error(exc, 404)
    except DomainError as exc:
        return _json_error(exc, exc.http_status)
    messages.success(request, _("Your voice report was submitted."))
    return JsonResponse({"id": report.pk}, status=201)
