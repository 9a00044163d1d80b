"""Issue #7 "done when", in a real browser on a phone-sized screen: an interview without an
account, resumed with its code on another device, downloaded as DOCX and PDF and verified
by its code; and a calculator's result carried into a 民事起诉状 with consent."""
import io
import re

import pytest
from playwright.sync_api import expect

from smartjustice.legalservice.documents.models import GeneratedDocument, Interview
from smartjustice.testing.browser import PHONE

pytestmark = pytest.mark.browser


def _docx_text(body: bytes) -> str:
    from docx import Document

    return "\n".join(paragraph.text for paragraph in Document(io.BytesIO(body)).paragraphs)


def _pdf_text(body: bytes) -> str:
    from pypdf import PdfReader

    return re.sub(r"\s+", "", "".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages))


def _download(page, link_name: str):
    with page.expect_download() as caught:
        page.get_by_role("link", name=link_name).click()
    download = caught.value
    with open(download.path(), "rb") as handle:
        return download.suggested_filename, handle.read()


def test_interview_without_account_resume_on_another_device_download_and_verify(live_server, new_page, screenshot):
    base = live_server.url
    page = new_page(PHONE)
    page.goto(f"{base}/documents/")
    page.locator("[data-start=power_of_attorney]").click()

    # Step 1 on the first device, then a mistake in the phone number that is kept and named.
    expect(page.get_by_role("heading", level=1)).to_have_text("授权委托书")
    page.get_by_label("姓名", exact=True).fill("沈阿婆")
    page.get_by_label("住址", exact=True).fill("浙江省桐乡市梧桐街道庆丰路8号")
    page.get_by_label("联系电话", exact=True).fill("138-abc")
    page.get_by_role("button", name="保存并继续").click()
    expect(page.locator("#id_applicant_phone_error")).to_have_text("请填写数字电话号码，例如 13800000000。")
    expect(page.get_by_label("姓名", exact=True)).to_have_value("沈阿婆")
    page.get_by_label("联系电话", exact=True).fill("13957300001")
    page.get_by_role("button", name="保存并继续").click()
    expect(page.get_by_label("受托人姓名")).to_be_visible()
    code = page.locator("#resume-code").inner_text()
    assert re.fullmatch(r"[2-9A-HJKMNP-Z]{12}", code)

    # A fresh context is another device: no cookies, only the code.
    other = new_page(PHONE)
    other.goto(f"{base}/documents/")
    other.get_by_role("textbox", name="续填码").fill(code.lower())
    other.get_by_role("button", name="继续").click()
    expect(other).to_have_url(f"{base}/documents/i/{code}/review")
    expect(other.get_by_role("alert")).to_contain_text("生成文书前，请先回答“受托人姓名”。")
    other.get_by_role("link", name="去回答").click()
    other.get_by_label("受托人姓名").fill("钱律师")
    other.get_by_label("委托事项").fill("与赵某某民间借贷纠纷一案")
    other.get_by_label("代理权限").select_option("一般授权")
    other.get_by_role("button", name="保存并继续").click()
    expect(other).to_have_url(f"{base}/documents/i/{code}/review")

    # Go back and change an answer, then see the plain summary with the new answer.
    other.locator("[data-change='0']").click()
    expect(other.get_by_label("住址", exact=True)).to_have_value("浙江省桐乡市梧桐街道庆丰路8号")
    other.get_by_label("住址", exact=True).fill("浙江省桐乡市梧桐街道庆丰路18号")
    other.get_by_role("button", name="保存并查看摘要").click()
    expect(other.locator("main")).to_contain_text("浙江省桐乡市梧桐街道庆丰路18号")
    expect(other.locator("main")).not_to_contain_text("庆丰路8号")
    screenshot(other, "documents-review-phone")
    other.get_by_role("button", name="生成文书").click()

    document = GeneratedDocument.objects.get()
    expect(other.locator("#verification-code")).to_have_text(document.verification_code)
    docx_name, docx = _download(other, "下载 Word（DOCX）")
    pdf_name, pdf = _download(other, "下载 PDF")
    assert docx_name == f"power_of_attorney-{document.verification_code}.docx"
    assert pdf_name == f"power_of_attorney-{document.verification_code}.pdf"
    assert docx[:2] == b"PK" and pdf[:5] == b"%PDF-"
    docx_text, pdf_text = _docx_text(docx), _pdf_text(pdf)
    for expected in ("沈阿婆", "浙江省桐乡市梧桐街道庆丰路18号", "13957300001", "钱律师", "与赵某某民间借贷纠纷一案",
                     "代理权限：一般授权。", document.verification_code, document.content_hash):
        assert expected in docx_text
        assert expected in pdf_text
    assert "庆丰路8号" not in docx_text

    # Someone holding only the printed code checks it on the verification page.
    checker = new_page(PHONE)
    checker.goto(f"{base}/documents/verify/")
    checker.get_by_label("验证码").fill(document.verification_code)
    checker.get_by_role("button", name="验证").click()
    expect(checker.locator("#verified")).to_have_text("该文书由本平台生成。")
    expect(checker.locator("#content-hash")).to_have_text(document.content_hash)
    expect(checker.locator("main")).not_to_contain_text("钱律师")
    screenshot(checker, "documents-verify-phone")
    assert Interview.objects.get().resume_code == code


def test_calculator_result_carried_into_civil_complaint_with_consent(live_server, new_page, screenshot):
    base = live_server.url
    page = new_page(PHONE)
    page.goto(f"{base}/calculators/labor-compensation")
    page.locator("#id_start_date").fill("2020-01-01")
    page.locator("#id_end_date").fill("2023-08-01")
    page.locator("#id_monthly_wage").fill("8000")
    page.locator("#id_city_avg_wage_monthly").fill("9000")
    page.get_by_role("button", name="计算", exact=True).click()

    # 3 full years + 7 months (≥ 6) → N = 4; 4 × 8000 (《劳动合同法》第四十七条).
    expect(page.locator("#calc-total")).to_have_text("32000.00")
    carry = page.get_by_role("button", name="用这些金额起草民事起诉状")
    carry.click()
    # Without the consent tick the browser refuses (required): nothing is started.
    assert Interview.objects.count() == 0
    page.locator("#id_consent").check()
    carry.click()

    expect(page.get_by_role("heading", level=1)).to_have_text("民事起诉状")
    page.get_by_label("纠纷类型").select_option("劳动争议")
    page.get_by_role("button", name="保存并查看摘要").click()
    claim = page.locator("section.card", has=page.get_by_role("heading", name="诉讼请求"))
    expect(claim).to_contain_text("32000.00")
    claim.get_by_role("link", name="修改").click()
    expect(page.get_by_label("请求金额（元）")).to_have_value("32000.00")
    expect(page.get_by_label("金额计算")).to_contain_text("32000.00")
    screenshot(page, "documents-complaint-prefilled-phone")
    interview = Interview.objects.get()
    assert interview.prefill_source == "calculator:labor-compensation"
    assert interview.answers["claim_amount"] == "32000.00"
