"""Pages of the document interviews; no account needed: the resume code is the key.

Thin: each view reads by code (selectors), calls a service, and renders. Answers that fail
validation are shown again with a message per field, never dropped.
"""
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from smartjustice.core import clock
from smartjustice.core.errors import DomainError

from . import engine, selectors, services
from .errors import InvalidAnswer
from .interviews import DOCUMENTS
from .render import to_docx, to_pdf

LEDGER_STATUS_TEMPLATE = "ledger/_status.html"


def _interview_or_404(code):
    try:
        return selectors.access_interview(code)
    except DomainError:
        raise Http404(_("No interview has this code.")) from None


def index(request):
    """/documents/: the documents, and resuming by code."""
    code = request.GET.get("code", "")
    error = None
    if code:
        try:
            interview = selectors.access_interview(code)
            return redirect("documents:review", code=interview.resume_code)
        except DomainError:
            error = _("No interview has this code. Please check it and try again.")
    return render(request, "documents/index.html", {"documents": DOCUMENTS.values(), "code": code, "error": error})


@require_POST
def start(request, kind):
    """Start an interview; a calculator's amounts are carried in only with consent."""
    if kind not in DOCUMENTS:
        raise Http404
    prefill, source = None, ""
    if request.POST.get("consent") == "on":
        spec = DOCUMENTS[kind]
        prefill = {question_key: request.POST.get(f"prefill_{field}", "")
                   for field, question_key in spec.prefill_keys.items()}
        source = request.POST.get("prefill_source", "")[:100]
    interview = services.start_interview(kind, prefill=prefill, prefill_source=source)
    spec = engine.get_spec(kind)
    first = engine.visible_steps(spec, interview.answers)[0]
    return redirect("documents:step", code=interview.resume_code, step=first)


def _next_step(spec, answers, step):
    later = [index for index in engine.visible_steps(spec, answers) if index > step]
    return later[0] if later else None


def step(request, code, step):
    """One step of questions. POST saves and moves on; errors keep what was typed."""
    interview = _interview_or_404(code)
    spec = engine.get_spec(interview.document_kind)
    if not 0 <= step < len(spec.steps):
        raise Http404
    values, errors = dict(interview.answers), {}
    if request.method == "POST":
        try:
            interview = services.save_step(interview, step, request.POST)
        except InvalidAnswer as exc:
            errors = getattr(exc, "errors", {exc.field: str(exc)})
            values.update({key: request.POST.get(key, "") for key in request.POST})
        else:
            following = _next_step(spec, interview.answers, step)
            if following is None or request.POST.get("to_review"):
                return redirect("documents:review", code=interview.resume_code)
            return redirect("documents:step", code=interview.resume_code, step=following)
    questions = [(q, values.get(q.key, ""), errors.get(q.key)) for q in engine.visible_questions(spec, step, values)]
    steps = engine.visible_steps(spec, values)
    previous = [index for index in steps if index < step]
    return render(request, "documents/step.html", {
        "interview": interview, "spec": spec, "step": spec.steps[step], "step_index": step,
        "questions": questions, "has_errors": bool(errors), "position": steps.index(step) + 1 if step in steps else 1,
        "count": len(steps), "previous": previous[-1] if previous else None}, status=400 if errors else 200)


def review(request, code):
    """The plain summary before generating, with a link to change each step."""
    interview = _interview_or_404(code)
    spec = engine.get_spec(interview.document_kind)
    missing = engine.first_missing(spec, interview.answers, clock.today())
    deadline = services.deadline_for(spec, interview.answers)
    passed = deadline is not None and not isinstance(deadline, str) and deadline.due < clock.today()
    applicable = services.applicable_deadline(spec, interview.answers)
    note = str(services.deadline_rule(applicable).notes) if applicable is not None else ""
    return render(request, "documents/review.html", {
        "interview": interview, "spec": spec, "summary": engine.review(spec, interview.answers),
        "missing": missing, "deadline": deadline, "deadline_error": deadline if isinstance(deadline, str) else None,
        "deadline_passed": passed, "deadline_note": note,
        "documents": interview.documents.order_by("-created_at")})


@require_POST
def generate(request, code):
    interview = _interview_or_404(code)
    try:
        document = services.generate_document(interview)
    except DomainError:
        return redirect("documents:review", code=interview.resume_code)
    return redirect("documents:document", code=interview.resume_code, vcode=document.verification_code)


def _document_or_404(code, vcode):
    interview = _interview_or_404(code)
    document = interview.documents.filter(verification_code=selectors.normalise_code(vcode)).first()
    if document is None:
        raise Http404
    return interview, document


def verification_url(request, document) -> str:
    return request.build_absolute_uri(reverse("documents:verify", args=[document.verification_code]))


def document_page(request, code, vcode):
    interview, document = _document_or_404(code, vcode)
    return render(request, "documents/document.html", {"interview": interview, "document": document})


def download(request, code, vcode, fmt):
    interview, document = _document_or_404(code, vcode)
    options = {"code": document.verification_code, "content_hash": document.content_hash,
               "generated_on": clock.legal_date(document.created_at).isoformat(),
               "url": verification_url(request, document)}
    if fmt == "docx":
        body = to_docx(document.content, **options)
        content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    elif fmt == "pdf":
        body = to_pdf(document.content, **options)
        content_type = "application/pdf"
    else:
        raise Http404
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{document.document_kind}-{document.verification_code}.{fmt}"'
    return response


def verify(request, vcode=None):
    """/documents/verify/CODE: confirms a document exists, its content hash and date — not its content."""
    vcode = vcode or request.GET.get("code", "")
    document = None
    if vcode:
        try:
            document = selectors.access_document(vcode)
        except DomainError:
            document = None
    context = {"document": document, "code": vcode}
    if document is not None:
        context.update(ledger_context(document.content_hash))
    return render(request, "documents/verify.html", context, status=404 if vcode and document is None else 200)


def ledger_context(content_hash: str) -> dict:
    """The evidence-ledger status of the hash, when the ledger offers the status hook."""
    try:
        from smartjustice.ledger import selectors as ledger_selectors
    except ImportError:
        return {}
    if not hasattr(ledger_selectors, "ledger_status_for_sha256"):
        return {}
    try:
        get_template(LEDGER_STATUS_TEMPLATE)
    except TemplateDoesNotExist:
        return {}
    return {"ledger_template": LEDGER_STATUS_TEMPLATE,
            "ledger_status": ledger_selectors.ledger_status_for_sha256(content_hash)}
