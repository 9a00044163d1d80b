"""The consultation journey in a real browser on a phone-sized screen: ask in lay words, see the
cited articles with the match marked, rate the answer, pass it to a lawyer without retyping."""
import pytest
from playwright.sync_api import expect

from smartjustice.legalservice.consult.models import LawyerQuestion
from smartjustice.orgs.choices import Role
from smartjustice.testing.browser import PHONE

from .conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_ask_see_cited_articles_rate_and_escalate_to_a_lawyer(live_server, new_page, screenshot, law_library,
                                                              lawyer, make_user, org_tree):
    make_user(Role.CITIZEN, org_tree["county"], username="13957300009", password=PASSWORD, real_name="沈阿婆")
    page = new_page(PHONE)
    page.goto(f"{live_server.url}/consult/")

    page.get_by_label("您的问题").fill("用人单位不支付加班费怎么办")
    page.get_by_role("button", name="提问").click()

    answer = page.locator("article.consult-answer").first
    expect(answer.get_by_role("link", name="中华人民共和国劳动合同法第八十五条")).to_be_visible()
    expect(answer.locator("mark").first).to_have_text("用人单位")
    expect(answer.locator(".consult-next")).to_contain_text("劳动争议仲裁委员会")
    screenshot(page, "consult-answer-phone")

    answer.get_by_role("button", name="有帮助", exact=True).click()
    expect(page.get_by_role("status")).to_have_text("感谢您的评价。")
    expect(page.get_by_role("button", name="有帮助", exact=True)).to_have_attribute("aria-pressed", "true")

    page.get_by_role("link", name="咨询律师").first.click()
    page.get_by_label("手机号码或用户名").fill("13957300009")
    page.get_by_label("密码", exact=True).fill(PASSWORD)
    page.locator("main").get_by_role("button", name="登录").click()
    expect(page.get_by_label("标题")).to_have_value("用人单位不支付加班费怎么办")
    expect(page.get_by_label("您的问题")).to_contain_text("中华人民共和国劳动合同法第八十五条")
    page.get_by_role("button", name="发送给律师").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("用人单位不支付加班费怎么办")
    expect(page.locator("main")).to_contain_text("等待律师回复")
    screenshot(page, "consult-lawyer-question-phone")
    question = LawyerQuestion.objects.get()
    assert question.lawyer == lawyer and question.owner.username == "13957300009"
