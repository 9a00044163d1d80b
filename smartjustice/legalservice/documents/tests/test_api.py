"""/api/v1/documents/: start, answer, generate and verify without an account."""
import pytest
import time_machine
from rest_framework.test import APIClient

from smartjustice.audit.models import AuditEntry
from smartjustice.legalservice.documents.models import GeneratedDocument, Interview

from .test_documents import LOAN, RECONSIDERATION

pytestmark = pytest.mark.django_db
API = "/api/v1/documents"


@pytest.fixture
def api():
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


def test_kinds_list_every_document_with_its_questions(api):
    response = api.get(f"{API}/kinds")

    kinds = {item["kind"]: item for item in response.json()["results"]}
    assert response.status_code == 200
    assert sorted(kinds) == ["civil_complaint", "civil_defence", "labour_arbitration_application",
                             "legal_aid_application", "mediation_application", "power_of_attorney",
                             "reconsideration_application"]
    loan_amount = kinds["civil_complaint"]["steps"][3]["questions"][0]
    assert loan_amount == {"key": "loan_amount", "label": "Amount lent", "kind": "money", "required": True,
                           "help": "", "choices": [], "show_if": {"key": "dispute", "value": "民间借贷纠纷"}}


@time_machine.travel("2025-04-01 10:00 +0800")
def test_start_answer_generate_and_verify(api):
    started = api.post(f"{API}/interviews", {"kind": "civil_complaint"}, format="json")
    code = started.json()["resume_code"]
    for index, data in LOAN.items():
        answered = api.post(f"{API}/interviews/{code}/steps/{index}", data, format="json")
        assert answered.status_code == 200, answered.json()
    state = api.get(f"{API}/interviews/{code.lower()}").json()
    generated = api.post(f"{API}/interviews/{code}/generate")
    vcode = generated.json()["verification_code"]
    verified = api.get(f"{API}/verify/{vcode}")
    pdf = api.get(generated.json()["pdf_url"].removeprefix("http://testserver"))

    document = GeneratedDocument.objects.get()
    assert started.status_code == 201
    assert state["missing"] is None and state["deadline"] is None
    assert [step["index"] for step in state["steps"]] == [0, 1, 2, 3, 5]  # no labour step for a loan
    assert state["answers"]["loan_amount"] == "50000.00"
    assert generated.status_code == 201
    assert generated.json() == {
        "verification_code": document.verification_code, "title": "民事起诉状", "content_hash": document.content_hash,
        "generated_at": document.created_at.isoformat(),
        "docx_url": f"http://testserver/documents/i/{code}/d/{vcode}.docx",
        "pdf_url": f"http://testserver/documents/i/{code}/d/{vcode}.pdf",
        "verify_url": f"http://testserver/documents/verify/{vcode}"}
    assert verified.status_code == 200
    assert verified.json() == {"verification_code": vcode, "title": "民事起诉状", "content_hash": document.content_hash,
                               "generated_at": document.created_at.isoformat(), "ledger": None}
    assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"


@time_machine.travel("2025-04-01 10:00 +0800")
def test_bad_answers_come_back_together_and_change_nothing(api):
    code = api.post(f"{API}/interviews", {"kind": "reconsideration_application"}, format="json").json()["resume_code"]
    audit_before = AuditEntry.objects.count()

    response = api.post(f"{API}/interviews/{code}/steps/1",
                        {**RECONSIDERATION[1], "respondent": "", "known_on": "2099-01-01"}, format="json")

    assert response.status_code == 400
    assert response.json() == {"error": {"code": "invalid_answer", "message": "Please answer this question.",
                                         "fields": {"respondent": ["Please answer this question."],
                                                    "known_on": ["This date cannot be in the future."]}}}
    assert Interview.objects.get().answers == {}
    assert AuditEntry.objects.count() == audit_before


@time_machine.travel("2025-04-01 10:00 +0800")
def test_generate_refuses_an_incomplete_interview_naming_the_question(api):
    code = api.post(f"{API}/interviews", {"kind": "power_of_attorney"}, format="json").json()["resume_code"]

    response = api.post(f"{API}/interviews/{code}/generate")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "interview_incomplete"
    assert response.json()["error"]["fields"] == {
        "applicant_name": ["Please answer “Your full name” before generating the document."]}
    assert GeneratedDocument.objects.count() == 0


def test_prefill_needs_consent(api):
    body = {"kind": "civil_complaint", "prefill": {"total": "32000.00", "breakdown": "经济补偿"},
            "prefill_source": "calculator:labor-compensation"}

    without = api.post(f"{API}/interviews", body, format="json").json()
    with_consent = api.post(f"{API}/interviews", {**body, "consent": True}, format="json").json()

    assert without["answers"] == {} and without["prefill_source"] is None
    assert with_consent["prefill_source"] == "calculator:labor-compensation"
    assert Interview.objects.get(resume_code=with_consent["resume_code"]).answers == {
        "claim_amount": "32000.00", "claim_breakdown": "经济补偿"}


@pytest.mark.parametrize("method, path", [
    ("get", "interviews/ZZZZZZZZZZZZ"), ("post", "interviews/ZZZZZZZZZZZZ/steps/0"),
    ("post", "interviews/ZZZZZZZZZZZZ/generate"), ("get", "verify/ZZZZ2222")])
def test_unknown_codes_are_plain_404s(api, method, path):
    response = getattr(api, method)(f"{API}/{path}", {} if method == "post" else None, format="json")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_unknown_kind_and_bad_bodies_are_refused(api):
    unknown = api.post(f"{API}/interviews", {"kind": "will"}, format="json")
    not_object = api.post(f"{API}/interviews", ["civil_complaint"], format="json")

    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "unknown_document"
    assert not_object.status_code == 400
    assert not_object.json()["error"] == {"code": "invalid_request", "message": "Please send a JSON object.",
                                          "fields": {"body": ["Please send a JSON object."]}}
    assert Interview.objects.count() == 0
