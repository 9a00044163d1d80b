"""Interviews without an account, resume by code, generation, DOCX/PDF content, verification."""
import io
import re

import pytest
import time_machine
from django.conf import settings
from django.utils import translation

from smartjustice.audit.models import AuditEntry
from smartjustice.legalservice.documents import engine, services
from smartjustice.legalservice.documents.errors import InterviewIncomplete, InvalidAnswer
from smartjustice.legalservice.documents.interviews import DOCUMENTS
from smartjustice.legalservice.documents.models import GeneratedDocument, Interview

pytestmark = pytest.mark.django_db

RECONSIDERATION = {
    0: {"applicant_name": "王小梅", "applicant_gender": "女", "applicant_address": "浙江省桐乡市梧桐街道复兴路1号",
        "applicant_phone": "13800000001"},
    1: {"respondent": "桐乡市市场监督管理局", "act_name": "桐市监罚〔2025〕12号行政处罚决定书",
        "known_on": "2025-03-03", "reconsideration_body": "桐乡市人民政府"},
    2: {"request": "请求撤销桐市监罚〔2025〕12号行政处罚决定。", "facts_and_reasons": "被申请人认定事实不清，证据不足。"},
}
LOAN = {
    0: {"dispute": "民间借贷纠纷"},
    1: {"applicant_name": "李大成", "applicant_address": "浙江省桐乡市凤鸣街道1号", "applicant_phone": "13800000002"},
    2: {"defendant_name": "赵借钱", "defendant_address": "浙江省桐乡市崇福镇2号"},
    3: {"loan_amount": "50000", "loan_date": "2024-01-15", "loan_due_date": "2024-07-15"},
    5: {"claim_amount": "50000", "facts_and_reasons": "被告到期未还款，经多次催要未果。", "court": "桐乡市人民法院"},
}


def fill(kind, steps):
    interview = services.start_interview(kind)
    for index, data in steps.items():
        interview = services.save_step(interview, index, data)
    return interview


@pytest.fixture
def holidays(db):
    from smartjustice.deadlines.services import import_holidays

    path = settings.SHARED_DIR / "domain" / "holidays_cn.json"
    if not path.exists():
        pytest.skip("shared holiday data missing")
    import_holidays(path)


def test_condition_hides_loan_questions_for_other_disputes():
    spec = DOCUMENTS["civil_complaint"]

    assert [q.key for q in engine.visible_questions(spec, 3, {"dispute": "民间借贷纠纷"})] == [
        "loan_amount", "loan_date", "loan_due_date", "loan_interest"]
    assert engine.visible_questions(spec, 3, {"dispute": "劳动争议"}) == []
    assert 3 not in engine.visible_steps(spec, {"dispute": "劳动争议"})


@time_machine.travel("2025-04-01 10:00 +0800")
def test_bad_answers_change_nothing_and_name_each_field():
    interview = services.start_interview("reconsideration_application")
    audit_before = AuditEntry.objects.count()

    with translation.override("en"), pytest.raises(InvalidAnswer) as caught:
        services.save_step(interview, 1, {"respondent": "", "act_name": "x", "known_on": "2099-01-01",
                                          "reconsideration_body": "y"})

    assert caught.value.errors == {"respondent": "Please answer this question.",
                                   "known_on": "This date cannot be in the future."}
    interview.refresh_from_db()
    assert interview.answers == {}
    assert AuditEntry.objects.count() == audit_before


@time_machine.travel("2025-04-01 10:00 +0800")
def test_resume_code_finds_the_interview_and_answers_can_be_changed(client):
    interview = fill("reconsideration_application", RECONSIDERATION)

    response = client.get("/documents/", {"code": interview.resume_code.lower()})
    changed = client.post(f"/documents/i/{interview.resume_code}/2",
                          {"request": "请求确认违法。", "facts_and_reasons": "理由"})

    assert response.status_code == 302
    assert response["Location"] == f"/documents/i/{interview.resume_code}/review"
    assert changed.status_code == 302
    interview.refresh_from_db()
    assert interview.answers["request"] == "请求确认违法。"
    assert interview.answers["respondent"] == "桐乡市市场监督管理局"


def test_unknown_resume_code_is_404_and_lists_nothing(client):
    assert client.get("/documents/i/NOPE2345/review").status_code == 404


@time_machine.travel("2025-04-01 10:00 +0800")
def test_generating_needs_every_required_answer():
    interview = fill("reconsideration_application", {0: RECONSIDERATION[0]})

    with pytest.raises(InterviewIncomplete) as caught:
        services.generate_document(interview)

    assert caught.value.field == "respondent"
    assert GeneratedDocument.objects.count() == 0


@time_machine.travel("2025-04-01 10:00 +0800")
def test_review_shows_the_reconsideration_deadline_from_the_engine(client, holidays):
    from smartjustice.deadlines.services import compute

    interview = fill("reconsideration_application", RECONSIDERATION)
    due = compute("reconsideration.apply", "2025-03-03").due

    response = client.get(f"/documents/i/{interview.resume_code}/review", HTTP_ACCEPT_LANGUAGE="en")

    # 2025-03-03 + 60 days = 2025-05-02, inside the Labour Day holiday (1–5 May 2025) → 2025-05-06.
    assert due.isoformat() == "2025-05-06"
    assert f"The last day is {due.isoformat()}." in response.content.decode()


def _docx_text(body: bytes) -> str:
    from docx import Document

    return "\n".join(paragraph.text for paragraph in Document(io.BytesIO(body)).paragraphs)


def _pdf(body: bytes):
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(body))


@time_machine.travel("2025-04-01 10:00 +0800")
def test_reconsideration_docx_and_pdf_contain_the_answers_and_embed_the_font(client, holidays):
    interview = fill("reconsideration_application", RECONSIDERATION)
    document = services.generate_document(interview)
    base = f"/documents/i/{interview.resume_code}/d/{document.verification_code}"

    docx = client.get(base + ".docx")
    pdf = client.get(base + ".pdf")

    assert docx.status_code == 200 and pdf.status_code == 200
    docx_text = _docx_text(docx.content)
    reader = _pdf(pdf.content)
    pdf_text = re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))
    for answer in ("王小梅", "桐乡市市场监督管理局", "桐市监罚〔2025〕12号行政处罚决定书", "请求撤销桐市监罚〔2025〕12号行政处罚决定。",
                   "被申请人认定事实不清，证据不足。", "桐乡市人民政府", "最迟于2025年5月6日前提出", document.verification_code,
                   document.content_hash):
        assert answer in docx_text
        assert answer in pdf_text
    fonts = [font.get_object() for page in reader.pages for font in page["/Resources"]["/Font"].values()]
    descriptors = [font["/DescendantFonts"][0].get_object()["/FontDescriptor"] for font in fonts]
    assert all("NotoSansSC" in str(font["/BaseFont"]) for font in fonts)
    assert all("/FontFile2" in descriptor for descriptor in descriptors)  # embedded TrueType subset


@time_machine.travel("2025-04-01 10:00 +0800")
def test_loan_complaint_contains_the_loan_and_verification_page_confirms_hash(client):
    interview = fill("civil_complaint", LOAN)
    document = services.generate_document(interview)

    pdf_text = re.sub(r"\s+", "", "".join(
        page.extract_text() for page in _pdf(client.get(
            f"/documents/i/{interview.resume_code}/d/{document.verification_code}.pdf").content).pages))
    verify = client.get(f"/documents/verify/{document.verification_code}")

    assert "原告于2024-01-15向被告出借人民币50000.00元，约定于2024-07-15归还。" in pdf_text
    assert "赵借钱" in pdf_text and "案由：民间借贷纠纷" in pdf_text
    assert document.content_hash == services.content_hash(document.content)
    assert verify.status_code == 200
    assert document.content_hash in verify.content.decode()
    assert "赵借钱" not in verify.content.decode()  # the page confirms, it does not disclose
    assert AuditEntry.objects.filter(action="documents.document.generated", object_id=str(document.pk)).count() == 1


def test_unknown_verification_code_says_so(client):
    response = client.get("/documents/verify/ZZZZ2222", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 404
    assert "No document has this verification code." in response.content.decode()


def test_calculator_amounts_prefill_the_complaint_only_with_consent(client):
    data = {"prefill_total": "70000.00", "prefill_breakdown": "经济补偿：70000.00", "prefill_source": "calculator:x"}

    without = client.post("/documents/start/civil_complaint", data)
    with_consent = client.post("/documents/start/civil_complaint", {**data, "consent": "on"})

    first, second = Interview.objects.order_by("id")
    assert without.status_code == 302 and with_consent.status_code == 302
    assert first.answers == {}
    assert second.answers == {"claim_amount": "70000.00", "claim_breakdown": "经济补偿：70000.00"}
    assert second.prefill_source == "calculator:x"
