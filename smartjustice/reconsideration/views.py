"""Pages of the reconsideration app: filing, receipt, the applicant's case page, the officer
workbench and the respondent portal. Thin: access through selectors (404 when missing or out
of scope), writes through services, refusals shown on the form in the user's language."""
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from smartjustice.core import clock
from smartjustice.core.errors import DomainError, NotFound, PermissionDenied
from smartjustice.core.qr import qr_svg
from smartjustice.orgs.permissions import can

from . import forms, permissions, selectors, services, workflow
from .choices import ActType, Procedure, SessionKind, Status
from .errors import ApplicationIncomplete


def _get(access, user, pk):
    try:
        return access(user, pk)
    except NotFound:
        raise Http404() from None


def _deadline_context(case):
    return {"deadlines": selectors.case_deadlines(case), "next_deadline": selectors.next_deadline(case)}


# Filing -------------------------------------------------------------------------------------

def _initial(case=None, user=None) -> dict:
    if case is None:
        from smartjustice.orgs.models import Organisation

        bodies = list(Organisation.objects.filter(kind="reconsideration_body", is_active=True)[:2])
        return {"submission_token": uuid.uuid4(), "org": bodies[0] if len(bodies) == 1 else None,
                "applicant_name": getattr(user, "real_name", ""), "applicant_phone": getattr(user, "mobile", ""),
                "remedy_notice_given": "yes"}
    first = case.applicants.first()
    agent = case.agents.first()
    values = {name: getattr(case, name) for name in services.DRAFT_FIELDS}
    values["remedy_notice_given"] = "yes" if case.remedy_notice_given else "no"
    return {**values, "submission_token": case.submission_token or uuid.uuid4(), "org": case.org,
            "respondent": case.respondent, "applicant_name": first.name if first else "",
            "applicant_phone": first.phone if first else "", "applicant_address": first.address if first else "",
            "agent_name": agent.name if agent else "", "agent_phone": agent.phone if agent else ""}


@login_required
def apply(request, pk=None):
    """The guided application: save a draft at any point, resume it later, submit it."""
    if not can(request.user, "reconsideration.file"):
        raise DjangoPermissionDenied
    case = _get(selectors.access_own_case, request.user, pk) if pk else None
    if case is not None and case.status != Status.DRAFT:
        return redirect("reconsideration:case", pk=case.pk)
    missing = []
    if request.method == "POST":
        form = forms.ApplicationForm(request.POST)
        if form.is_valid():
            try:
                case = _save(request, form, case)
                if request.POST.get("action") == "submit":
                    case = services.submit_application(case, acting_user=request.user,
                                                       token=form.cleaned_data["submission_token"])
                    return redirect("reconsideration:receipt", pk=case.pk)
                messages.success(request, _("Draft saved. You can come back and finish it later."))
                return redirect("reconsideration:apply_draft", pk=case.pk)
            except ApplicationIncomplete as exc:
                missing = exc.items
                for field, message in exc.items:
                    form.add_error(field if field in form.fields else None, str(message))
            except DomainError as exc:
                form.add_domain_error(exc)
    else:
        form = forms.ApplicationForm(initial=_initial(case, request.user))
    window = services.filing_window_for(case) if case is not None and case.act_known_on else None
    return render(request, "reconsideration/apply.html", {
        "form": form, "case": case, "missing": missing, "window": window,
        "upload_form": forms.UploadForm(), "files": selectors.case_files(case) if case else [],
    }, status=400 if missing or form.errors else 200)


def _save(request, form, case):
    data = form.case_data()
    applicants, agents = form.people()
    if case is None:
        if form.cleaned_data.get("respondent") is None:
            from .errors import ApplicationIncomplete as Incomplete

            raise Incomplete([("respondent", _("Choose the agency that made the act."))])
        return services.create_draft(acting_user=request.user, org=form.cleaned_data["org"],
                                     respondent=form.cleaned_data["respondent"],
                                     token=form.cleaned_data["submission_token"], data=data,
                                     applicants=applicants, agents=agents)
    return services.save_draft(case, acting_user=request.user, data=data,
                               respondent=form.cleaned_data.get("respondent"), applicants=applicants, agents=agents)


@login_required
@require_POST
def upload(request, pk):
    """Attach a file (evidence, correction material, the respondent's evidence) to a case."""
    case = _get(selectors.access_case, request.user, pk)
    form = forms.UploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.upload_document(case, form.cleaned_data["file"], acting_user=request.user)
            messages.success(request, _("File uploaded."))
        except (DomainError, NotFound) as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, _("Choose a file to upload."))
    return redirect(request.POST.get("next") or reverse("reconsideration:case", args=[case.pk]))


@login_required
def receipt(request, pk):
    """The printable receipt with the case number (回执)."""
    case = _get(selectors.access_own_case, request.user, pk)
    if case.status == Status.DRAFT:
        return redirect("reconsideration:apply_draft", pk=case.pk)
    track_url = request.build_absolute_uri(reverse("reconsideration:case", args=[case.pk]))
    track_qr = qr_svg(track_url, _("Scan to follow case %(number)s") % {"number": case.case_number})
    return render(request, "reconsideration/receipt.html", {"case": case, "track_url": track_url,
                                                            "track_qr": track_qr, **_deadline_context(case)})


# Applicant ----------------------------------------------------------------------------------

@login_required
def my_cases(request):
    return render(request, "reconsideration/my_cases.html", {"cases": selectors.own_cases(request.user)})


@login_required
def case_page(request, pk):
    """Every step, date and document of the applicant's case, and what to do next by when."""
    case = _get(selectors.access_own_case, request.user, pk)
    if case.status == Status.DRAFT:
        return redirect("reconsideration:apply_draft", pk=case.pk)
    correction_form = forms.CorrectionForm()
    if request.method == "POST":
        try:
            if request.POST.get("action") == "correct":
                correction_form = forms.CorrectionForm(request.POST)
                if correction_form.is_valid():
                    services.submit_correction(case, acting_user=request.user,
                                               response=correction_form.cleaned_data["response"])
                    messages.success(request, _("Your corrections were sent."))
                    return redirect("reconsideration:case", pk=case.pk)
            elif request.POST.get("action") == "confirm_agreement":
                services.confirm_agreement(case, acting_user=request.user)
                messages.success(request, _("You confirmed the mediation agreement."))
                return redirect("reconsideration:case", pk=case.pk)
        except DomainError as exc:
            correction_form.add_domain_error(exc)
    return render(request, "reconsideration/case.html", {
        "case": case, "events": selectors.timeline(case, for_applicant=True),
        "files": selectors.case_files_with_ledger_status(case), "documents": selectors.case_documents(case),
        "sessions": case.sessions.all(), "agreement": getattr(case, "agreement", None),
        "correction_form": correction_form, "upload_form": forms.UploadForm(), **_deadline_context(case),
    })


# Officer workbench --------------------------------------------------------------------------

@dataclass(frozen=True)
class Action:
    label: str
    form: type | None
    available: Callable
    run: Callable
    approval: bool = False  # needs reconsideration.approve instead of .handle
    with_case: bool = False  # the form's choices depend on the case
    either: bool = False  # officers and approvers alike (assignment, 第三十六条)


def _target(status):
    return lambda case: workflow.is_allowed(case.status, status)


def _session_available(kind):
    target = Status.HEARING if kind == SessionKind.HEARING else Status.MEDIATION
    return lambda case: case.status == target or workflow.is_allowed(case.status, target) and (
        kind != SessionKind.HEARING or case.procedure == Procedure.ORDINARY)


def _record_minutes(case, user, data):
    session = case.sessions.filter(held_at__isnull=True).order_by("scheduled_for").first()
    if session is None:
        raise services.GuardFailed(_("There is no session waiting for its minutes."))
    return services.record_session(session, acting_user=user, minutes=data["minutes"], attendance={
        "applicant": data["applicant_attended"], "respondent": data["respondent_attended"]})


def _assign(case, user, data):
    from smartjustice.accounts.models import User

    return services.assign_handler(case, acting_user=user, handler=User.objects.filter(pk=data["handler"]).first())


def _schedule(kind):
    def run(case, user, data):
        return services.schedule_session(case, acting_user=user, kind=kind, scheduled_for=data["scheduled_for"],
                                         place=data["place"], issues=data["issues"],
                                         participants=["applicant", "respondent"])
    return run


ACTIONS: dict[str, Action] = {
    "request_correction": Action(gettext_lazy("Request correction"), forms.CorrectionRequestForm,
                                 _target(Status.CORRECTION_REQUESTED), lambda c, u, d: services.request_correction(
                                     c, acting_user=u, items=d["items"].splitlines())),
    "accept": Action(gettext_lazy("Accept"), forms.AcceptForm, _target(Status.ACCEPTED),
                     lambda c, u, d: services.accept_application(c, acting_user=u, procedure=d["procedure"],
                                                                 facts_clear=d["facts_clear"], reason=d["reason"])),
    "not_accept": Action(gettext_lazy("Do not accept"), forms.ReasonForm, _target(Status.NOT_ACCEPTED),
                         lambda c, u, d: services.refuse_acceptance(c, acting_user=u, reasons=d["reason"])),
    "abandon": Action(gettext_lazy("Record as abandoned"), forms.ReasonForm, _target(Status.ABANDONED),
                      lambda c, u, d: services.mark_abandoned(c, acting_user=u, reason=d["reason"])),
    "send_copy": Action(gettext_lazy("Send the copy to the respondent"), None, _target(Status.AWAITING_REPLY),
                        lambda c, u, d: services.send_copy(c, acting_user=u)),
    "proceed": Action(gettext_lazy("Examine without a reply"), None,
                      lambda c: c.status == Status.AWAITING_REPLY,
                      lambda c, u, d: services.proceed_without_reply(c, acting_user=u)),
    "hearing": Action(gettext_lazy("Schedule a hearing"), forms.SessionForm, _session_available(SessionKind.HEARING),
                      _schedule(SessionKind.HEARING)),
    "mediation": Action(gettext_lazy("Schedule a mediation session"), forms.SessionForm,
                        _session_available(SessionKind.MEDIATION), _schedule(SessionKind.MEDIATION)),
    "minutes": Action(gettext_lazy("Record the session"), forms.MinutesForm,
                      lambda c: c.sessions.filter(held_at__isnull=True).exists()
                      and c.status in (Status.HEARING, Status.MEDIATION), _record_minutes),
    "agreement": Action(gettext_lazy("Draft the mediation agreement"), forms.AgreementForm,
                        lambda c: c.status == Status.MEDIATION,
                        lambda c, u, d: services.draft_agreement(c, acting_user=u, terms=d["terms"])),
    "end_mediation": Action(gettext_lazy("End mediation without agreement"), forms.ReasonForm,
                            lambda c: c.status == Status.MEDIATION,
                            lambda c, u, d: services.end_mediation(c, acting_user=u, reason=d["reason"])),
    "suspend": Action(gettext_lazy("Suspend"), forms.SuspendForm, _target(Status.SUSPENDED),
                      lambda c, u, d: services.suspend(c, acting_user=u, ground=d["ground"], reason=d["reason"])),
    "resume": Action(gettext_lazy("Resume"), forms.ReasonForm, lambda c: c.status == Status.SUSPENDED,
                     lambda c, u, d: services.resume(c, acting_user=u, reason=d["reason"])),
    "terminate": Action(gettext_lazy("Terminate"), forms.TerminateForm, _target(Status.TERMINATED),
                        lambda c, u, d: services.terminate(c, acting_user=u, ground=d["ground"], reason=d["reason"])),
    "withdraw": Action(gettext_lazy("Approve withdrawal"), forms.ReasonForm, _target(Status.WITHDRAWN),
                       lambda c, u, d: services.withdraw(c, acting_user=u, reason=d["reason"])),
    "decide": Action(gettext_lazy("Decide"), forms.DecideForm, _target(Status.DECIDED),
                     lambda c, u, d: services.decide(c, acting_user=u, decision_type=d["decision_type"],
                                                     summary=d["summary"])),
    "serve": Action(gettext_lazy("Record service of the decision"), None, _target(Status.SERVED),
                    lambda c, u, d: services.serve_decision(c, acting_user=u)),
    "close": Action(gettext_lazy("Record performance and close"), forms.CloseForm, _target(Status.CLOSED),
                    lambda c, u, d: services.close_case(c, acting_user=u, performance_note=d["performance_note"])),
    "assign": Action(gettext_lazy("Assign the handling officer"), forms.AssignForm,
                     lambda c: not c.is_terminal and c.status != Status.DRAFT, _assign, with_case=True,
                     either=True),
    "extend": Action(gettext_lazy("Approve an extension (第六十二条)"), forms.ExtendForm,
                     lambda c: c.procedure == Procedure.ORDINARY and c.status in (
                         Status.ACCEPTED, Status.AWAITING_REPLY, Status.IN_EXAMINATION, Status.HEARING,
                         Status.MEDIATION, Status.SUSPENDED),
                     lambda c, u, d: services.extend_decision_period(c, acting_user=u, days=d["days"],
                                                                     reason=d["reason"]), approval=True),
    "convert": Action(gettext_lazy("Approve conversion to the ordinary procedure (第五十五条)"), forms.ReasonForm,
                      lambda c: c.procedure == Procedure.SIMPLIFIED and c.status in (
                          Status.ACCEPTED, Status.AWAITING_REPLY, Status.IN_EXAMINATION, Status.MEDIATION),
                      lambda c, u, d: services.convert_to_ordinary(c, acting_user=u, reason=d["reason"]),
                      approval=True),
}


def _may(user, case, action: Action) -> bool:
    if action.either:
        allowed = permissions.may_handle(user, case) or permissions.may_approve(user, case)
    else:
        allowed = permissions.may_approve(user, case) if action.approval else permissions.may_handle(user, case)
    return allowed and action.available(case)


def _form(action: Action, name: str, case, data=None):
    if action.form is None:
        return None
    kwargs = {"case": case} if action.with_case else {}
    return action.form(data, prefix=name, **kwargs)


def available_actions(user, case) -> list[tuple[str, Action, object]]:
    return [(name, action, _form(action, name, case))
            for name, action in ACTIONS.items() if _may(user, case, action)]


@login_required
def workbench(request):
    """The officer's case list with filters (status, procedure, respondent, act type, officer, due)."""
    if not (can(request.user, "reconsideration.handle") or can(request.user, "reconsideration.approve")):
        raise DjangoPermissionDenied
    params = {key: request.GET.get(key, "") for key in ("status", "procedure", "respondent", "act_type", "due",
                                                        "handler")}
    cases = selectors.filter_cases(selectors.body_cases(request.user), **params).order_by("-received_on", "-id")
    from smartjustice.orgs.models import Organisation

    respondents = Organisation.objects.filter(kind__in=services.RESPONDENT_KINDS, is_active=True).order_by("path")
    officers = selectors.body_officers(
        Organisation.objects.filter(kind="reconsideration_body").filter(
            pk__in=selectors.body_cases(request.user).values("org_id")).values_list("pk", flat=True))
    return render(request, "reconsideration/workbench.html", {
        "cases": cases, "params": params, "officers": officers, "statuses": Status.choices, "procedures": Procedure.choices,
        "act_types": ActType.choices, "respondents": respondents, "today": clock.today(),
    })


@login_required
def officer_case(request, pk):
    """Case detail for the body, with the moves allowed now and nothing else."""
    case = _get(selectors.access_body_case, request.user, pk)
    if not (permissions.may_handle(request.user, case) or permissions.may_approve(request.user, case)):
        raise Http404()
    actions = available_actions(request.user, case)
    status = 200
    if request.method == "POST" and request.POST.get("action") == "issue_document":
        try:
            document = services.issue_document(case, request.POST.get("kind", ""), acting_user=request.user)
            messages.success(request, _("Issued: %(title)s.") % {"title": document.title})
        except (DomainError, PermissionDenied) as exc:
            messages.error(request, str(exc))
        return redirect("reconsideration:officer_case", pk=case.pk)
    if request.method == "POST":
        name = request.POST.get("action", "")
        action = ACTIONS.get(name)
        if action is None or not _may(request.user, case, action):
            raise DjangoPermissionDenied
        form = _form(action, name, case, request.POST)
        if form is None or form.is_valid():
            try:
                action.run(case, request.user, form.cleaned_data if form else {})
                messages.success(request, _("Done: %(action)s.") % {"action": action.label})
                return redirect("reconsideration:officer_case", pk=case.pk)
            except (DomainError, PermissionDenied) as exc:
                if form is None:
                    messages.error(request, str(exc))
                else:
                    form.add_domain_error(exc)
        status = 400
        actions = [(n, a, form if n == name else f) for n, a, f in actions]
    return render(request, "reconsideration/officer_case.html", {
        "case": case, "actions": actions, "events": selectors.timeline(case, for_applicant=False),
        "files": selectors.case_files_with_ledger_status(case), "sessions": case.sessions.all(),
        "documents": selectors.case_documents(case), "missing_documents": services.missing_documents(case),
        "agreement": getattr(case, "agreement", None), "upload_form": forms.UploadForm(),
        "simplified_criteria": services.simplified_criteria(case), **_deadline_context(case),
    }, status=status)


@login_required
def statistics(request):
    """Figures over the cases of the bodies the user works for (or supervises)."""
    if not can(request.user, "reconsideration.statistics"):
        raise DjangoPermissionDenied
    figures = selectors.statistics(selectors.body_cases(request.user))
    return render(request, "reconsideration/statistics.html", {"figures": figures})


def statistics_rows(figures: dict) -> list[list]:
    """The figures as (section, item, value) rows, in the page's order, for the export."""
    rows = [[_("Overall figures"), _("Cases received"), figures["total"]], [_("Overall figures"), _("Concluded"), figures["concluded"]],
            [_("Overall figures"), _("Mediation rate (%)"), figures["mediation_rate"]],
            [_("Overall figures"), _("Withdrawal rate (%)"), figures["withdrawal_rate"]],
            [_("Overall figures"), _("Correction rate (%)"), figures["correction_rate"]],
            [_("Overall figures"), _("Average duration (days)"), figures["average_days"]],
            [_("Overall figures"), _("Time limits met on time"), figures["deadlines_on_time"]],
            [_("Overall figures"), _("Time limits met late"), figures["deadlines_late"]],
            [_("Overall figures"), _("Time limits missed"), figures["deadlines_missed"]],
            [_("Overall figures"), _("Time limits met on time (%)"), figures["deadlines_met_rate"]],
            [_("Overall figures"), _("Decisions within the period (%)"), figures["decisions_on_time_rate"]]]
    for section, key in ((_("By status"), "by_status"), (_("By respondent"), "by_respondent"),
                         (_("By type of act"), "by_act_type"), (_("Outcomes"), "by_decision")):
        rows.extend([section, row["label"], row["n"]] for row in figures[key])
    return [[str(section), str(item), "" if value is None else value] for section, item, value in rows]


@login_required
def statistics_export(request):
    """The statistics as CSV in UTF-8 with a byte-order mark, so Excel opens the Chinese text."""
    import csv

    from django.http import HttpResponse

    if not can(request.user, "reconsideration.statistics"):
        raise DjangoPermissionDenied
    figures = selectors.statistics(selectors.body_cases(request.user))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (f'attachment; filename="reconsideration-statistics-{clock.today():%Y%m%d}.csv"')
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([_("Section"), _("Item"), _("Value")])
    writer.writerows(statistics_rows(figures))
    return response


@login_required
def supervision(request):
    """The supervisor's view across offices: per body and officer, pending, due-soon, overdue
    and unassigned cases, with links to the filtered lists."""
    if not can(request.user, "reconsideration.approve"):
        raise DjangoPermissionDenied
    return render(request, "reconsideration/supervision.html",
                  {"bodies": selectors.workload(selectors.body_cases(request.user)), "today": clock.today()})


# Respondent portal --------------------------------------------------------------------------

@login_required
def respondent_list(request):
    if not can(request.user, "reconsideration.respond"):
        raise DjangoPermissionDenied
    return render(request, "reconsideration/respondent_list.html", {
        "cases": selectors.respondent_cases(request.user).order_by("-copy_sent_at")})


@login_required
def respondent_case(request, pk):
    """The respondent's view: the application, its reply deadline, reply and evidence uploads;
    a missed deadline is flagged with its consequence under 第七十条."""
    case = _get(selectors.access_respondent_case, request.user, pk)
    reply_form = forms.ReplyForm()
    if request.method == "POST":
        try:
            if request.POST.get("action") == "reply":
                reply_form = forms.ReplyForm(request.POST)
                if reply_form.is_valid():
                    services.record_reply(case, acting_user=request.user, text=reply_form.cleaned_data["text"])
                    messages.success(request, _("Your reply was submitted."))
                    return redirect("reconsideration:respondent_case", pk=case.pk)
            elif request.POST.get("action") == "confirm_agreement":
                services.confirm_agreement(case, acting_user=request.user)
                messages.success(request, _("You confirmed the mediation agreement."))
                return redirect("reconsideration:respondent_case", pk=case.pk)
        except (DomainError, PermissionDenied) as exc:
            reply_form.add_domain_error(exc)
    procedure = case.procedure or Procedure.ORDINARY
    reply_deadline = next((d for d in selectors.case_deadlines(case)
                           if d.rule_id == services.periods.REPLY[procedure]), None)
    missed = bool(reply_deadline and (case.reply_is_late or (
        reply_deadline.met_at is None and reply_deadline.effective_due_on < clock.today())))
    return render(request, "reconsideration/respondent_case.html", {
        "case": case, "reply_form": reply_form, "reply_deadline": reply_deadline, "missed": missed,
        "files": selectors.case_files_with_ledger_status(case), "upload_form": forms.UploadForm(),
        "documents": selectors.case_documents(case),
        "may_reply": case.status == Status.AWAITING_REPLY, "sessions": case.sessions.all(),
        "agreement": getattr(case, "agreement", None),
    })


# Verification of issued documents --------------------------------------------------------------

def verify(request, code=None):
    """/reconsideration/verify/CODE: anyone holding a document checks that the body issued it:
    title, case number, body, date and content hash, never the content itself."""
    code = code or request.GET.get("code", "")
    document = selectors.document_by_code(code) if code else None
    return render(request, "reconsideration/verify.html", {"code": code, "document": document},
                  status=404 if code and document is None else 200)
