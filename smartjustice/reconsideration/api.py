"""/api/v1/reconsideration/: 行政复议 cases for apps and partner systems (issue #4).

GET  cases                          the cases the user may see (selectors.cases_for_user), newest first
POST cases                          file: {"submission_token", "org", "respondent", the act, "requests",
                                    "facts_and_reasons", "applicants"?, "agents"?, "submit"?}; a retried
                                    request with the same token returns the same case (200, not 201)
GET  cases/<id>                     the case with its time limits, documents and timeline
POST cases/<id>/submit              submit a draft (a retry returns the case unchanged)
POST cases/<id>/<step>              one procedural step (see STEPS), through the same services as the pages

Errors use the shared shape {"error": {"code", "message", "fields"}}: a case that is missing or
out of the user's scope is a 404 either way; a step the user's role may not take is a 403; a
step the law does not allow now is a 409; an incomplete application is a 400 listing every
missing item in "fields". A refused request changes nothing.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import path, reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from smartjustice.core.api_errors import error_body
from smartjustice.core.errors import InvalidInput
from smartjustice.orgs.models import Organisation

from . import permissions, selectors, services
from .choices import (
    ActType,
    AgentKind,
    ApplicantKind,
    DecisionType,
    DocumentKind,
    Procedure,
    SessionKind,
    SuspensionGround,
    TerminationGround,
)
from .errors import ApplicationIncomplete

TAGS = ["reconsideration"]


def case_json(case, *, detail: bool = False, user=None) -> dict:
    data = {
        "id": case.pk, "case_number": case.case_number, "status": case.status,
        "status_display": str(case.get_status_display()), "procedure": case.procedure or None,
        "org": {"id": case.org_id, "name": case.org.name},
        "respondent": {"id": case.respondent_id, "name": case.respondent.name},
        "act_type": case.act_type or None, "act_document_number": case.act_document_number,
        "received_on": case.received_on.isoformat() if case.received_on else None,
        "accepted_on": case.accepted_on.isoformat() if case.accepted_on else None,
        "decision_type": case.decision_type or None,
        "handler": case.handler_id,
    }
    if not detail:
        return data
    applicant_view = permissions.is_applicant(user, case)
    data.update({
        "act_description": case.act_description, "requests": case.requests,
        "facts_and_reasons": case.facts_and_reasons, "is_late": case.is_late,
        "filing_deadline_on": case.filing_deadline_on.isoformat() if case.filing_deadline_on else None,
        "correction_items": case.correction_items, "decision_summary": case.decision_summary,
        "applicants": [{"kind": a.kind, "name": a.name} for a in case.applicants.all()],
        "deadlines": [{"rule_id": d.rule_id, "due_on": d.effective_due_on.isoformat(), "citation": d.citation,
                       "is_extended": d.is_extended, "met_at": d.met_at.isoformat() if d.met_at else None}
                      for d in selectors.case_deadlines(case)],
        "documents": [{"kind": d.kind, "title": d.title, "verification_code": d.verification_code,
                       "content_hash": d.content_hash, "issued_at": d.issued_at.isoformat(),
                       "pdf": reverse("files:download", args=[d.pdf_id]),
                       "docx": reverse("files:download", args=[d.docx_id])}
                      for d in selectors.case_documents(case)],
        "timeline": [{"at": e.occurred_at.isoformat(), "action": e.action, "to_status": e.to_status or None,
                      "note": e.note, "citation": e.citation}
                     for e in selectors.timeline(case, for_applicant=applicant_view)],
        "steps": [name for name, step in STEPS.items() if step.offered(user, case)],
    })
    return data


def _valid(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _organisation(pk, field: str):
    org = Organisation.objects.filter(pk=pk).first()
    if org is None:
        raise InvalidInput(field=field)
    return org


def _incomplete(exc: ApplicationIncomplete) -> Response:
    fields: dict[str, list[str]] = {}
    for field, message in exc.items:
        fields.setdefault(field, []).append(str(message))
    return Response(error_body(exc.code, str(exc.default_message), fields), status=status.HTTP_400_BAD_REQUEST)


# Filing -----------------------------------------------------------------------------------------

class ReconsiderationPersonSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ApplicantKind.choices, required=False)
    name = serializers.CharField(max_length=120)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True)


class ReconsiderationAgentSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=AgentKind.choices, required=False)
    name = serializers.CharField(max_length=120)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    authority = serializers.CharField(max_length=300, required=False, allow_blank=True)


class ReconsiderationFileSerializer(serializers.Serializer):
    submission_token = serializers.UUIDField()
    org = serializers.IntegerField()
    respondent = serializers.IntegerField()
    act_type = serializers.ChoiceField(choices=ActType.choices, required=False, allow_blank=True)
    act_document_number = serializers.CharField(max_length=80, required=False, allow_blank=True)
    act_description = serializers.CharField(required=False, allow_blank=True)
    act_made_on = serializers.DateField(required=False, allow_null=True)
    act_known_on = serializers.DateField(required=False, allow_null=True)
    remedy_notice_given = serializers.BooleanField(required=False, default=True)
    remedy_known_on = serializers.DateField(required=False, allow_null=True)
    concerns_real_property = serializers.BooleanField(required=False, default=False)
    made_on_the_spot = serializers.BooleanField(required=False, default=False)
    is_warning_or_criticism = serializers.BooleanField(required=False, default=False)
    amount_involved = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True,
                                               min_value=0)
    requests = serializers.CharField(required=False, allow_blank=True)
    facts_and_reasons = serializers.CharField(required=False, allow_blank=True)
    late_reason = serializers.CharField(required=False, allow_blank=True)
    wants_hearing = serializers.BooleanField(required=False, default=False)
    parties_agree_simplified = serializers.BooleanField(required=False, default=False)
    applicants = ReconsiderationPersonSerializer(many=True, required=False)
    agents = ReconsiderationAgentSerializer(many=True, required=False)
    submit = serializers.BooleanField(required=False, default=False)


class CaseListView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(tags=TAGS, responses={200: OpenApiTypes.OBJECT}, operation_id="reconsideration_cases",
                   summary="The cases the user may see")
    def get(self, request):
        cases = selectors.cases_for_user(request.user).order_by("-created_at", "-id")[:200]
        return Response({"results": [case_json(case) for case in cases]})

    @extend_schema(tags=TAGS, request=ReconsiderationFileSerializer, responses={200: OpenApiTypes.OBJECT, 201: OpenApiTypes.OBJECT},
                   operation_id="reconsideration_file", summary="File an application (idempotent per token)")
    def post(self, request):
        data = dict(_valid(ReconsiderationFileSerializer, request))
        token, submit = data.pop("submission_token"), data.pop("submit")
        org = _organisation(data.pop("org"), "org")
        respondent = _organisation(data.pop("respondent"), "respondent")
        applicants, agents = data.pop("applicants", None), data.pop("agents", None)
        existed = selectors.cases_for_user(request.user).filter(submission_token=token).exists()
        case = services.create_draft(acting_user=request.user, org=org, respondent=respondent, token=token,
                                     data=data, applicants=applicants, agents=agents)
        if submit:
            try:
                case = services.submit_application(case, acting_user=request.user, token=token)
            except ApplicationIncomplete as exc:
                return _incomplete(exc)
        return Response(case_json(case, detail=True, user=request.user),
                        status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED)


class CaseView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(tags=TAGS, responses={200: OpenApiTypes.OBJECT}, operation_id="reconsideration_case",
                   summary="One case with its time limits, documents and timeline")
    def get(self, request, case_id):
        case = selectors.access_case(request.user, case_id)
        return Response(case_json(case, detail=True, user=request.user))


class ReconsiderationSubmitSerializer(serializers.Serializer):
    submission_token = serializers.UUIDField(required=False)


class SubmitView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(tags=TAGS, request=ReconsiderationSubmitSerializer, responses={200: OpenApiTypes.OBJECT},
                   operation_id="reconsideration_submit", summary="Submit a draft")
    def post(self, request, case_id):
        data = _valid(ReconsiderationSubmitSerializer, request)
        case = selectors.access_case(request.user, case_id)
        try:
            case = services.submit_application(case, acting_user=request.user, token=data.get("submission_token"))
        except ApplicationIncomplete as exc:
            return _incomplete(exc)
        return Response(case_json(case, detail=True, user=request.user))


# Procedural steps ---------------------------------------------------------------------------------

class ReconsiderationEmptySerializer(serializers.Serializer):
    pass


class ReconsiderationReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)


class ReconsiderationCorrectionRequestSerializer(serializers.Serializer):
    items = serializers.ListField(child=serializers.CharField(allow_blank=True), allow_empty=True)


class ReconsiderationCorrectionSerializer(serializers.Serializer):
    response = serializers.CharField(allow_blank=True)


class ReconsiderationAcceptSerializer(serializers.Serializer):
    procedure = serializers.ChoiceField(choices=Procedure.choices)
    facts_clear = serializers.BooleanField(required=False, default=False)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class ReconsiderationReplySerializer(serializers.Serializer):
    text = serializers.CharField(allow_blank=True)


class ReconsiderationSessionSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=SessionKind.choices)
    scheduled_for = serializers.DateTimeField()
    place = serializers.CharField(required=False, allow_blank=True, default="")
    issues = serializers.CharField(required=False, allow_blank=True, default="")


class ReconsiderationTermsSerializer(serializers.Serializer):
    terms = serializers.CharField(allow_blank=True)


class ReconsiderationSuspendSerializer(serializers.Serializer):
    ground = serializers.ChoiceField(choices=SuspensionGround.choices)
    reason = serializers.CharField(allow_blank=True)


class ReconsiderationTerminateSerializer(serializers.Serializer):
    ground = serializers.ChoiceField(choices=TerminationGround.choices)
    reason = serializers.CharField(allow_blank=True)


class ReconsiderationDecideSerializer(serializers.Serializer):
    decision_type = serializers.ChoiceField(choices=DecisionType.choices)
    summary = serializers.CharField(allow_blank=True)


class ReconsiderationCloseSerializer(serializers.Serializer):
    performance_note = serializers.CharField(allow_blank=True)


class ReconsiderationExtendSerializer(serializers.Serializer):
    days = serializers.IntegerField(min_value=1, max_value=30)
    reason = serializers.CharField(allow_blank=True)


class ReconsiderationAssignSerializer(serializers.Serializer):
    handler = serializers.IntegerField()


class ReconsiderationDocumentSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DocumentKind.choices)


def _assign(case, user, data):
    from smartjustice.accounts.models import User

    handler = User.objects.filter(pk=data["handler"], is_active=True).first()
    return services.assign_handler(case, acting_user=user, handler=handler)


@dataclass(frozen=True)
class Step:
    serializer: type[serializers.Serializer]
    run: Callable
    summary: str
    side: str = "body"  # who is offered the step in "steps": body, approver, respondent, applicant, party

    def offered(self, user, case) -> bool:
        if self.side == "party":
            return permissions.is_applicant(user, case) or permissions.may_respond(user, case)
        return {"body": permissions.may_handle, "approver": permissions.may_approve,
                "respondent": permissions.may_respond, "applicant": permissions.is_applicant}[self.side](user, case)


STEPS: dict[str, Step] = {
    "request-correction": Step(ReconsiderationCorrectionRequestSerializer, lambda c, u, d: services.request_correction(
        c, acting_user=u, items=d["items"]), "Send the one-time correction notice (第三十一条)"),
    "correct": Step(ReconsiderationCorrectionSerializer, lambda c, u, d: services.submit_correction(
        c, acting_user=u, response=d["response"]), "The applicant's corrections (第三十一条第三款)", "applicant"),
    "accept": Step(ReconsiderationAcceptSerializer, lambda c, u, d: services.accept_application(
        c, acting_user=u, procedure=d["procedure"], facts_clear=d["facts_clear"], reason=d["reason"]),
        "Accept and choose the procedure (第三十条, 第五十三条)"),
    "refuse": Step(ReconsiderationReasonSerializer, lambda c, u, d: services.refuse_acceptance(c, acting_user=u, reasons=d["reason"]),
                   "Decide not to accept (第三十条第二款)"),
    "abandon": Step(ReconsiderationReasonSerializer, lambda c, u, d: services.mark_abandoned(c, acting_user=u, reason=d["reason"]),
                    "Record the application as abandoned (第三十一条第二款)"),
    "send-copy": Step(ReconsiderationEmptySerializer, lambda c, u, d: services.send_copy(c, acting_user=u),
                      "Send the copy to the respondent (第四十八条, 第五十四条)"),
    "reply": Step(ReconsiderationReplySerializer, lambda c, u, d: services.record_reply(c, acting_user=u, text=d["text"]),
                  "The respondent's written reply", "respondent"),
    "proceed-without-reply": Step(ReconsiderationEmptySerializer, lambda c, u, d: services.proceed_without_reply(c, acting_user=u),
                                  "Examine without a reply (第七十条)"),
    "schedule-session": Step(ReconsiderationSessionSerializer, lambda c, u, d: services.schedule_session(
        c, acting_user=u, kind=d["kind"], scheduled_for=d["scheduled_for"], place=d["place"], issues=d["issues"],
        participants=["applicant", "respondent"]), "Schedule a hearing or mediation session"),
    "draft-agreement": Step(ReconsiderationTermsSerializer, lambda c, u, d: services.draft_agreement(c, acting_user=u,
                                                                                      terms=d["terms"]),
                            "Draft the mediation agreement (第七十三条)"),
    "confirm-agreement": Step(ReconsiderationEmptySerializer, lambda c, u, d: services.confirm_agreement(c, acting_user=u),
                              "Confirm the mediation agreement (applicant or respondent)", "party"),
    "end-mediation": Step(ReconsiderationReasonSerializer, lambda c, u, d: services.end_mediation(c, acting_user=u,
                                                                                   reason=d["reason"]),
                          "End mediation without agreement (第七十三条第二款)"),
    "suspend": Step(ReconsiderationSuspendSerializer, lambda c, u, d: services.suspend(c, acting_user=u, ground=d["ground"],
                                                                        reason=d["reason"]),
                    "Suspend (第三十九条)"),
    "resume": Step(ReconsiderationReasonSerializer, lambda c, u, d: services.resume(c, acting_user=u, reason=d["reason"]),
                   "Resume (第三十九条第二款)"),
    "terminate": Step(ReconsiderationTerminateSerializer, lambda c, u, d: services.terminate(c, acting_user=u, ground=d["ground"],
                                                                              reason=d["reason"]),
                      "Terminate (第四十一条)"),
    "withdraw": Step(ReconsiderationReasonSerializer, lambda c, u, d: services.withdraw(c, acting_user=u, reason=d["reason"]),
                     "Approve withdrawal (第七十四条第二款)"),
    "decide": Step(ReconsiderationDecideSerializer, lambda c, u, d: services.decide(c, acting_user=u, decision_type=d["decision_type"],
                                                                     summary=d["summary"]),
                   "Decide (第六十一条 to 第六十九条)"),
    "serve": Step(ReconsiderationEmptySerializer, lambda c, u, d: services.serve_decision(c, acting_user=u),
                  "Record service of the decision (第七十五条)"),
    "close": Step(ReconsiderationCloseSerializer, lambda c, u, d: services.close_case(c, acting_user=u,
                                                                      performance_note=d["performance_note"]),
                  "Record performance and close (第七十七条)"),
    "extend": Step(ReconsiderationExtendSerializer, lambda c, u, d: services.extend_decision_period(
        c, acting_user=u, days=d["days"], reason=d["reason"]), "Approve an extension (第六十二条第一款)", "approver"),
    "convert": Step(ReconsiderationReasonSerializer, lambda c, u, d: services.convert_to_ordinary(c, acting_user=u,
                                                                                   reason=d["reason"]),
                    "Approve conversion to the ordinary procedure (第五十五条)", "approver"),
    "assign": Step(ReconsiderationAssignSerializer, _assign, "Assign or reassign the handling officer (第三十六条)"),
    "issue-document": Step(ReconsiderationDocumentSerializer, lambda c, u, d: services.issue_document(c, d["kind"], acting_user=u),
                           "Issue a standard document on demand"),
}


def _step_view(name: str, step: Step) -> type[APIView]:
    class StepView(APIView):
        permission_classes = [IsAuthenticated]

        @extend_schema(tags=TAGS, request=step.serializer, responses={200: OpenApiTypes.OBJECT},
                       operation_id=f"reconsideration_{name.replace('-', '_')}", summary=step.summary)
        def post(self, request, case_id):
            data = _valid(step.serializer, request)
            case = selectors.access_case(request.user, case_id)
            step.run(case, request.user, data)
            case.refresh_from_db()
            return Response(case_json(case, detail=True, user=request.user))

    StepView.__name__ = StepView.__qualname__ = "".join(part.title() for part in name.split("-")) + "StepView"
    return StepView


api_urlpatterns = [
    path("cases", CaseListView.as_view(), name="cases"),
    path("cases/<int:case_id>", CaseView.as_view(), name="case"),
    path("cases/<int:case_id>/submit", SubmitView.as_view(), name="submit"),
    *(path(f"cases/<int:case_id>/{name}", _step_view(name, step).as_view(), name=name)
      for name, step in STEPS.items()),
]
