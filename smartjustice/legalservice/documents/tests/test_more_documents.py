"""劳动仲裁申请书, 答辩状, 法律援助申请表, 人民调解申请书 and the 劳动争议 民事起诉状: the text
extracted from the DOCX and the PDF contains the answers; the periods come from the deadline
engine with their citations; conditional questions are asked only when they apply."""
import io
import re

import pytest
import time_machine
from django.conf import settings
from django.utils import translation

from smartjustice.audit.models import AuditEntry
from smartjustice.legalservice.documents import services
from smartjustice.legalservice.documents.errors import InterviewIncomplete, InvalidAnswer
from smartjustice.legalservice.documents.models import GeneratedDocument

pytestmark = pytest.mark.django_db

NOW = "2025-04-28 10:00 +0800"
PERSON = {"applicant_name": "沈阿婆", "applicant_gender": "女", "applicant_birth": "1956-03-08",
          "applicant_address": "浙江省桐乡市梧桐街道庆丰路8号", "applicant_phone": "13957300001"}

LABOUR_ARBITRATION = {
    0: {**PERSON, "applicant_occupation": "车间操作工"},
    1: {"employer_name": "桐乡市某某纺织有限公司", "employer_address": "浙江省桐乡市崇福镇工业园区9号",
        "employer_representative": "周某某", "employer_representative_title": "执行董事"},
    2: {"employment_start": "2019-06-01", "job_title": "挡车工", "monthly_wage": "6500", "employment_ended": "是",
        "employment_end": "2025-01-31", "wages_only": "否", "known_on": "2025-03-03"},
    3: {"requests": "一、裁决被申请人支付违法解除劳动合同赔偿金78000元；\n二、裁决被申请人支付拖欠工资13000元。",
        "claim_amount": "91000", "facts_and_reasons": "被申请人于2025年1月31日无故解除劳动合同。",
        "evidence": "劳动合同一份，来源于申请人；工资流水，来源于银行。", "commission": "桐乡市劳动人事争议仲裁委员会"},
}
DEFENCE = {
    0: PERSON,
    1: {"plaintiff_name": "赵某某", "cause": "民间借贷纠纷", "case_number": "（2025）浙0483民初123号",
        "court": "桐乡市人民法院", "served_on": "2025-03-10"},
    2: {"defence_request": "请求驳回原告的全部诉讼请求。", "facts_and_reasons": "答辩人已于2024年8月全额还款。",
        "evidence": "银行转账凭证一份。"},
}
LEGAL_AID = {
    0: {**PERSON, "applicant_id_number": "330483195603081228"},
    1: {"matter_type": "请求给付赡养费、抚养费、扶养费", "opponent_name": "沈某某", "handling_body": "桐乡市人民法院",
        "matter_summary": "申请人年老体弱，子女拒绝支付赡养费。"},
    2: {"exemption": "否", "household_size": "1", "household_income": "0", "financial_statement": "无固定收入，靠低保生活。",
        "aid_agency": "桐乡市法律援助中心"},
}
MEDIATION = {
    0: PERSON,
    1: {"respondent_name": "钱某某", "respondent_address": "浙江省桐乡市梧桐街道庆丰路10号"},
    2: {"dispute_type": "邻里纠纷", "mediation_request": "请求被申请人拆除违章搭建的围墙。",
        "facts_and_reasons": "被申请人搭建的围墙占用了公共通道。", "committee": "梧桐街道人民调解委员会"},
}
LABOUR_COMPLAINT = {
    0: {"dispute": "劳动争议"},
    1: PERSON,
    2: {"defendant_name": "桐乡市某某纺织有限公司", "defendant_address": "浙江省桐乡市崇福镇工业园区9号"},
    4: {"employment_start": "2019-06-01", "job_title": "挡车工", "employment_end": "2025-01-31",
        "arbitration_commission": "桐乡市劳动人事争议仲裁委员会", "award_number": "桐劳人仲案字〔2025〕第88号仲裁裁决书",
        "award_received_on": "2025-04-20"},
    5: {"claim_amount": "78000", "facts_and_reasons": "被告违法解除劳动合同，仲裁裁决未支持赔偿金。", "court": "桐乡市人民法院"},
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


def texts(client, interview, document) -> tuple[str, str]:
    from docx import Document
    from pypdf import PdfReader

    base = f"/documents/i/{interview.resume_code}/d/{document.verification_code}"
    docx = client.get(base + ".docx")
    pdf = client.get(base + ".pdf")
    assert docx.status_code == 200 and pdf.status_code == 200
    docx_text = re.sub(r"\s+", "", "".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs))
    pdf_text = re.sub(r"\s+", "", "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages))
    return docx_text, pdf_text


def assert_contains(client, interview, expected):
    document = services.generate_document(interview)
    docx_text, pdf_text = texts(client, interview, document)
    for text in (*expected, document.verification_code, document.content_hash):
        text = re.sub(r"\s+", "", text)
        assert text in docx_text, text
        assert text in pdf_text, text
    return document, docx_text


@time_machine.travel(NOW)
def test_labour_arbitration_application_contains_the_answers(client):
    interview = fill("labour_arbitration_application", LABOUR_ARBITRATION)

    document, text = assert_contains(client, interview, [
        "劳动争议仲裁申请书",
        "申请人：沈阿婆，女，1956-03-08出生，职业车间操作工，工作单位桐乡市某某纺织有限公司",
        "被申请人：桐乡市某某纺织有限公司，住所浙江省桐乡市崇福镇工业园区9号，法定代表人（主要负责人）周某某，职务执行董事。",
        "一、裁决被申请人支付违法解除劳动合同赔偿金78000元；", "二、裁决被申请人支付拖欠工资13000元。",
        "以上请求金额合计人民币91000.00元。",
        "申请人于2019-06-01入职被申请人处，从事挡车工工作，月工资6500.00元，双方劳动关系于2025-01-31终止。",
        "被申请人于2025年1月31日无故解除劳动合同。", "劳动合同一份，来源于申请人；工资流水，来源于银行。",
        "桐乡市劳动人事争议仲裁委员会", "2025年4月28日"])
    assert document.title == "劳动争议仲裁申请书"
    assert "现仍存续" not in text


@time_machine.travel(NOW)
def test_labour_arbitration_limitation_is_one_year_from_knowing(client, holidays):
    interview = fill("labour_arbitration_application", LABOUR_ARBITRATION)

    response = client.get(f"/documents/i/{interview.resume_code}/review", HTTP_ACCEPT_LANGUAGE="en")

    body = response.content.decode()
    # 2025-03-03 + 1 year = 2026-03-03, a Tuesday and a working day (《劳动争议调解仲裁法》第二十七条第一款).
    assert "The last day is 2026-03-03." in body
    assert "Limitation period for labour arbitration" in body
    assert "第二十七条第一款" in body
    assert "the date assumes neither happened." in body
    assert 'id="deadline-passed"' not in body


@time_machine.travel(NOW)
def test_unpaid_wages_run_from_the_end_of_employment_and_are_unlimited_while_it_lasts(client, holidays):
    steps = {**LABOUR_ARBITRATION, 2: {**LABOUR_ARBITRATION[2], "wages_only": "是", "known_on": ""}}
    ended = fill("labour_arbitration_application", steps)
    ongoing = fill("labour_arbitration_application", {
        **steps, 2: {**steps[2], "employment_ended": "否", "employment_end": ""}})

    ended_body = client.get(f"/documents/i/{ended.resume_code}/review", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    ongoing_body = client.get(f"/documents/i/{ongoing.resume_code}/review", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    # 2025-01-31 + 1 year = 2026-01-31, a Saturday → Monday 2026-02-02 (《民法典》第二百零三条).
    assert "The last day is 2026-02-02." in ended_body and "第二十七条第四款" in ended_body
    assert 'id="deadline"' not in ongoing_body  # 第二十七条第四款: no limit while employed
    assert "known_on" not in ended.answers and "employment_end" not in ongoing.answers
    document = services.generate_document(ongoing)
    assert any(block["text"].endswith("双方劳动关系现仍存续。") for block in document.content)


@time_machine.travel(NOW)
def test_labour_questions_are_required_only_when_they_apply():
    interview = fill("labour_arbitration_application", {k: v for k, v in LABOUR_ARBITRATION.items() if k < 2})
    audit_before = AuditEntry.objects.count()

    with translation.override("en"), pytest.raises(InvalidAnswer) as caught:
        services.save_step(interview, 2, {**LABOUR_ARBITRATION[2], "employment_end": "", "known_on": ""})

    assert caught.value.errors == {"employment_end": "Please answer this question.",
                                   "known_on": "Please answer this question."}
    interview.refresh_from_db()
    assert "employment_start" not in interview.answers
    assert AuditEntry.objects.count() == audit_before


@time_machine.travel(NOW)
def test_civil_defence_contains_the_answers_and_its_fifteen_days(client, holidays):
    interview = fill("civil_defence", DEFENCE)

    assert_contains(client, interview, [
        "民事答辩状", "答辩人：沈阿婆，女，1956-03-08出生，住址浙江省桐乡市梧桐街道庆丰路8号，联系电话13957300001。",
        "被答辩人：赵某某。",
        "答辩人因赵某某诉答辩人民间借贷纠纷一案（（2025）浙0483民初123号），于2025-03-10收到起诉状副本",
        "请求驳回原告的全部诉讼请求。", "答辩人已于2024年8月全额还款。", "银行转账凭证一份。", "桐乡市人民法院"])
    body = client.get(f"/documents/i/{interview.resume_code}/review", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    # 2025-03-10 + 15 days = 2025-03-25 (《民事诉讼法》第一百二十八条第一款); on 2025-04-28 it has passed.
    assert "The last day is 2025-03-25." in body and "第一百二十八条第一款" in body
    assert 'id="deadline-passed"' in body


@time_machine.travel(NOW)
def test_legal_aid_application_contains_the_answers_and_accepts_no_income(client):
    interview = fill("legal_aid_application", LEGAL_AID)

    assert_contains(client, interview, [
        "法律援助申请表", "公民身份号码：330483195603081228", "事项类别：请求给付赡养费、抚养费、扶养费。",
        "对方当事人：沈某某。", "办案机关（争议处理机关）：桐乡市人民法院。", "申请人年老体弱，子女拒绝支付赡养费。",
        "家庭人口：1人；家庭月收入：人民币0.00元。", "无固定收入，靠低保生活。", "《法律援助法》第四十一条",
        "桐乡市法律援助中心"])


@time_machine.travel(NOW)
def test_legal_aid_exemption_skips_the_financial_questions(client):
    steps = {**LEGAL_AID, 2: {"exemption": "第三项", "aid_agency": "桐乡市法律援助中心"}}
    interview = fill("legal_aid_application", steps)

    document, text = assert_contains(client, interview, [
        "申请人属于《法律援助法》第四十二条第三项规定的人员，免予核查经济困难状况"])
    assert "家庭月收入" not in text


@time_machine.travel(NOW)
def test_legal_aid_rejects_bad_figures_and_needs_the_id_number():
    interview = fill("legal_aid_application", {1: LEGAL_AID[1]})
    audit_before = AuditEntry.objects.count()

    with translation.override("en"), pytest.raises(InvalidAnswer) as figures:
        services.save_step(interview, 2, {**LEGAL_AID[2], "household_size": "0", "household_income": "-1"})
    with translation.override("en"), pytest.raises(InvalidAnswer) as identity:
        services.save_step(interview, 0, PERSON)
    with pytest.raises(InterviewIncomplete) as incomplete:
        services.generate_document(interview)

    assert figures.value.errors == {"household_size": "Please give a whole number from 1 to 99.",
                                    "household_income": "The amount cannot be negative."}
    assert identity.value.errors == {"applicant_id_number": "Please answer this question."}
    assert incomplete.value.field == "applicant_name"
    interview.refresh_from_db()
    assert set(interview.answers) == set(LEGAL_AID[1])
    assert AuditEntry.objects.count() == audit_before
    assert GeneratedDocument.objects.count() == 0


@time_machine.travel(NOW)
def test_mediation_application_contains_the_answers(client):
    interview = fill("mediation_application", MEDIATION)

    assert_contains(client, interview, [
        "人民调解申请书", "被申请人：钱某某，住址浙江省桐乡市梧桐街道庆丰路10号。", "纠纷类型：邻里纠纷",
        "请求被申请人拆除违章搭建的围墙。", "被申请人搭建的围墙占用了公共通道。",
        "申请人依照《人民调解法》第十七条之规定，自愿申请贵委员会调解上述纠纷。", "梧桐街道人民调解委员会"])


@time_machine.travel(NOW)
def test_labour_complaint_states_the_award_and_counts_fifteen_days(client, holidays):
    interview = fill("civil_complaint", LABOUR_COMPLAINT)

    document, text = assert_contains(client, interview, [
        "案由：劳动争议", "原告于2019-06-01入职被告处，从事挡车工工作，双方劳动关系于2025-01-31终止。",
        "双方劳动争议经桐乡市劳动人事争议仲裁委员会仲裁，该委作出桐劳人仲案字〔2025〕第88号仲裁裁决书，原告于2025-04-20收到。",
        "判令被告向原告支付人民币78000.00元", "仲裁裁决书复印件"])
    assert "出借" not in text
    body = client.get(f"/documents/i/{interview.resume_code}/review", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    # 2025-04-20 + 15 days = 2025-05-05, in the Labour Day holiday (1–5 May 2025) → 2025-05-06.
    assert "The last day is 2025-05-06." in body
    assert "第四十八条、第五十条" in body


@time_machine.travel(NOW)
def test_labour_complaint_asks_for_the_award():
    interview = fill("civil_complaint", {0: {"dispute": "劳动争议"}})

    with translation.override("en"), pytest.raises(InvalidAnswer) as caught:
        services.save_step(interview, 4, {**LABOUR_COMPLAINT[4], "award_received_on": "2025-05-01"})

    assert caught.value.errors == {"award_received_on": "This date cannot be in the future."}


def test_deadline_without_holiday_data_says_so(client):
    with time_machine.travel(NOW):
        interview = fill("civil_defence", DEFENCE)
        body = client.get(f"/documents/i/{interview.resume_code}/review", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "No official holiday arrangement is loaded yet." in body
    assert 'id="deadline"' not in body


def test_pdf_lines_never_split_a_number_nor_start_with_closing_punctuation():
    from smartjustice.legalservice.documents.render import wrap_lines

    def measure(text):  # every character one unit wide
        return len(text)

    assert wrap_lines("公民身份号码：330483195603081228。", 20, measure) == [
        "公民身份号码：", "330483195603081228。"]  # the number moves to the next line whole
    assert wrap_lines("公民身份号码：330483195603081228。", 10, measure) == [
        "公民身份号码：", "3304831956", "03081228。"]  # only a run longer than a line is broken
    assert wrap_lines("甲乙丙丁戊己庚辛壬癸，子丑", 10, measure) == ["甲乙丙丁戊己庚辛壬癸，", "子丑"]
    assert wrap_lines("ab" * 8, 10, measure) == ["abababab" "ab", "ababab"]
