"""/api/v1/documents/: the document interviews for API clients (a mini-program, a kiosk).

GET  kinds                                  the documents, each with its steps and questions
POST interviews                             {"kind", "prefill"?: {...}, "consent"?: bool} → the interview (201)
GET  interviews/<code>                      answers, the steps now asked, what is missing, the deadline
POST interviews/<code>/steps/<n>            one step's answers {key: value} → the interview
POST interviews/<code>/generate             → the document: verification code, hash, download links (201)
GET  verify/<vcode>                         hash and date of a generated document (not its content)

No account is needed, as on the pages: the resume code is the key to an interview (so no
session authentication and no CSRF). A prefill is taken only with "consent": true. Errors
use the shared shape {"error": {"code", "message", "fields"}}; a step's bad answers come
back together, one message per field, and change nothing.
"""
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from smartjustice.core import clock
from smartjustice.core.api_errors import error_body
from smartjustice.core.errors import InvalidInput

from . import engine, selectors, services
from .errors import InvalidAnswer
from .interviews import DOCUMENTS
from .views import ledger_context


class InvalidRequest(InvalidInput):
    code = "invalid_request"
    default_message = _("Please send a JSON object.")


def question_json(question) -> dict:
    return {"key": question.key, "label": str(question.label), "kind": question.kind,
            "required": question.required, "help": str(question.help),
            "choices": [{"value": value, "label": str(label)} for value, label in question.choices],
            "show_if": {"key": question.show_if[0], "value": question.show_if[1]} if question.show_if else None}


def kind_json(spec) -> dict:
    return {"kind": spec.kind, "title": str(spec.title), "summary": str(spec.summary),
            "prefill_keys": sorted(spec.prefill_keys),
            "steps": [{"index": index, "title": str(step.title), "questions": [question_json(q) for q in step.questions]}
                      for index, step in enumerate(spec.steps)]}


def deadline_json(spec, answers) -> dict | None:
    deadline = services.deadline_for(spec, answers)
    if deadline is None:
        return None
    if isinstance(deadline, str):
        return {"error": deadline}
    return {**deadline.as_json(), "passed": deadline.due < clock.today()}


def interview_json(interview) -> dict:
    spec = engine.get_spec(interview.document_kind)
    missing = engine.first_missing(spec, interview.answers, clock.today())
    return {
        "resume_code": interview.resume_code, "kind": interview.document_kind,
        "answers": engine.visible_answers(spec, interview.answers),
        "steps": [{"index": index, "title": str(spec.steps[index].title),
                   "questions": [q.key for q in engine.visible_questions(spec, index, interview.answers)]}
                  for index in engine.visible_steps(spec, interview.answers)],
        "missing": {"step": missing[0], "question": missing[1].key, "label": str(missing[1].label)} if missing else None,
        "deadline": deadline_json(spec, interview.answers),
        "prefill_source": interview.prefill_source or None,
        "documents": [doc.verification_code for doc in interview.documents.order_by("created_at", "id")],
    }


def document_json(request, interview, document) -> dict:
    def link(fmt):
        return request.build_absolute_uri(reverse("documents:download", args=[
            interview.resume_code, document.verification_code, fmt]))

    return {"verification_code": document.verification_code, "title": document.title,
            "content_hash": document.content_hash, "generated_at": document.created_at.isoformat(),
            "docx_url": link("docx"), "pdf_url": link("pdf"),
            "verify_url": request.build_absolute_uri(reverse("documents:verify", args=[document.verification_code]))}


def _body(request) -> dict:
    if not isinstance(request.data, dict):
        raise InvalidRequest(field="body")
    return request.data


INTERVIEW = inline_serializer("DocumentInterview", {
    "resume_code": serializers.CharField(), "kind": serializers.CharField(),
    "answers": serializers.DictField(child=serializers.CharField()),
    "steps": serializers.ListField(child=serializers.DictField()),
    "missing": serializers.DictField(allow_null=True), "deadline": serializers.DictField(allow_null=True),
    "prefill_source": serializers.CharField(allow_null=True),
    "documents": serializers.ListField(child=serializers.CharField())})
DOCUMENT = inline_serializer("GeneratedDocument", {
    "verification_code": serializers.CharField(), "title": serializers.CharField(),
    "content_hash": serializers.CharField(), "generated_at": serializers.DateTimeField(),
    "docx_url": serializers.URLField(), "pdf_url": serializers.URLField(), "verify_url": serializers.URLField()})
ERROR = OpenApiTypes.OBJECT


class Anonymous:
    permission_classes = [AllowAny]
    authentication_classes: list = []  # the resume code is the key; no session, so no CSRF


class KindListView(Anonymous, APIView):
    @extend_schema(operation_id="documents_kinds", responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        return Response({"results": [kind_json(spec) for spec in DOCUMENTS.values()]})


class InterviewStartView(Anonymous, APIView):
    @extend_schema(
        operation_id="documents_interview_start",
        request=inline_serializer("DocumentInterviewStart", {
            "kind": serializers.ChoiceField(choices=sorted(DOCUMENTS)),
            "prefill": serializers.DictField(child=serializers.CharField(), required=False),
            "prefill_source": serializers.CharField(required=False),
            "consent": serializers.BooleanField(required=False)}),
        responses={201: INTERVIEW, 400: ERROR, 404: ERROR},
        examples=[OpenApiExample("From a calculator", request_only=True, value={
            "kind": "civil_complaint", "prefill": {"total": "32000.00"}, "prefill_source": "calculator:labor-compensation",
            "consent": True})])
    def post(self, request):
        data = _body(request)
        kind = str(data.get("kind", ""))
        spec = engine.get_spec(kind)
        prefill, source = None, ""
        if data.get("consent") is True and isinstance(data.get("prefill"), dict):
            prefill = {question: data["prefill"].get(name, "") for name, question in spec.prefill_keys.items()}
            source = str(data.get("prefill_source", ""))[:100]
        interview = services.start_interview(kind, prefill=prefill, prefill_source=source)
        return Response(interview_json(interview), status=status.HTTP_201_CREATED)


class InterviewView(Anonymous, APIView):
    @extend_schema(operation_id="documents_interview", responses={200: INTERVIEW, 404: ERROR})
    def get(self, request, code):
        return Response(interview_json(selectors.access_interview(code)))


class InterviewStepView(Anonymous, APIView):
    @extend_schema(operation_id="documents_interview_answer",
                   request=OpenApiTypes.OBJECT, responses={200: INTERVIEW, 400: ERROR, 404: ERROR},
                   examples=[OpenApiExample("授权委托书, step 1", request_only=True, value={
                       "agent_name": "钱律师", "matter": "与赵某某民间借贷纠纷一案", "authority": "一般授权"})])
    def post(self, request, code, step):
        interview = selectors.access_interview(code)
        try:
            interview = services.save_step(interview, step, _body(request))
        except InvalidAnswer as exc:
            errors = getattr(exc, "errors", None) or {exc.field: str(exc)}
            first = next(iter(errors.values()))
            return Response(error_body(exc.code, first, {key: [message] for key, message in errors.items()}),
                            status=status.HTTP_400_BAD_REQUEST)
        return Response(interview_json(interview))


class GenerateView(Anonymous, APIView):
    @extend_schema(operation_id="documents_generate", request=None,
                   responses={201: DOCUMENT, 400: ERROR, 404: ERROR})
    def post(self, request, code):
        interview = selectors.access_interview(code)
        document = services.generate_document(interview)
        return Response(document_json(request, interview, document), status=status.HTTP_201_CREATED)


class VerifyView(Anonymous, APIView):
    @extend_schema(operation_id="documents_verify", responses={200: inline_serializer("DocumentVerification", {
        "verification_code": serializers.CharField(), "title": serializers.CharField(),
        "content_hash": serializers.CharField(), "generated_at": serializers.DateTimeField(),
        "ledger": serializers.DictField(allow_null=True)}), 404: ERROR})
    def get(self, request, vcode):
        document = selectors.access_document(vcode)
        ledger = ledger_context(document.content_hash).get("ledger_status")
        if ledger is not None:
            ledger = {**ledger, "registered_at": ledger["registered_at"].isoformat()}
        return Response({"verification_code": document.verification_code, "title": document.title,
                         "content_hash": document.content_hash, "generated_at": document.created_at.isoformat(),
                         "ledger": ledger})


api_urlpatterns = [
    path("kinds", KindListView.as_view(), name="kinds"),
    path("interviews", InterviewStartView.as_view(), name="interview-start"),
    path("interviews/<str:code>", InterviewView.as_view(), name="interview"),
    path("interviews/<str:code>/steps/<int:step>", InterviewStepView.as_view(), name="interview-step"),
    path("interviews/<str:code>/generate", GenerateView.as_view(), name="generate"),
    path("verify/<str:vcode>", VerifyView.as_view(), name="verify"),
]
