"""The consultation journeys in a real browser on a phone-sized screen: ask in lay words, see the
cited articles with the match marked, rate the answer, pass it to a lawyer without retyping; a
lawyer pauses new questions and offers a call time that a citizen books from the roster."""
import datetime as dt

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from smartjustice.core import clock
from smartjustice.legalservice.consult.models import Booking, LawyerProfile, LawyerQuestion
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


def sign_in(page, live_server, username, next_path):
    page.goto(f"{live_server.url}{reverse('accounts:login')}?next={next_path}")
    page.get_by_label("手机号码或用户名").fill(username)
    page.get_by_label("密码", exact=True).fill(PASSWORD)
    page.locator("main").get_by_role("button", name="登录").click()


def test_lawyer_pauses_and_offers_a_time_then_a_citizen_books_it_from_the_roster(live_server, new_page, screenshot,
                                                                                  orgs, make_lawyer, make_user):
    lawyer = make_lawyer(orgs["firm"], specialties=["labour"], username="lawyer-wang", password=PASSWORD,
                         real_name="王律师")
    make_user(Role.CITIZEN, orgs["county"], username="13957300009", password=PASSWORD, real_name="沈阿婆")
    starts = (clock.now().astimezone(clock.LEGAL_TZ) + dt.timedelta(days=2)).replace(hour=10, minute=0, second=0,
                                                                                     microsecond=0)
    page = new_page(PHONE)
    sign_in(page, live_server, "lawyer-wang", reverse("consult:lawyer-desk"))

    page.get_by_role("link", name="我的名册信息和通话时段").click()
    page.get_by_label("接受新的咨询").uncheck()
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".messages")).to_have_text("您的名册信息已保存。")
    page.get_by_label("开始时间").fill(starts.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="添加这个时段").click()
    expect(page.locator(".messages")).to_contain_text(f"已开放时段：{starts:%Y-%m-%d} 10:00–10:30")
    screenshot(page, "consult-lawyer-profile-phone")

    citizen = new_page(PHONE)
    citizen.goto(f"{live_server.url}{reverse('consult:lawyers')}?availability=calls")
    card = citizen.locator("li.card", has_text="王律师")
    expect(card).to_contain_text("暂不接受咨询")
    screenshot(citizen, "consult-roster-phone")
    card.get_by_role("link", name=f"预约 王律师 {starts:%Y-%m-%d} 10:00").click()
    citizen.get_by_label("手机号码或用户名").fill("13957300009")
    citizen.get_by_label("密码", exact=True).fill(PASSWORD)
    citizen.locator("main").get_by_role("button", name="登录").click()
    citizen.get_by_label("通话方式").select_option("video")
    citizen.get_by_label("通话想咨询什么？").fill("工资被拖欠三个月")
    screenshot(citizen, "consult-book-slot-phone")
    citizen.get_by_role("button", name="预约这个时段").click()

    expect(citizen.get_by_role("heading", name="我的通话")).to_be_visible()
    expect(citizen.locator("main")).to_contain_text(f"{starts:%Y-%m-%d}")
    booking = Booking.objects.get()
    assert (booking.lawyer, booking.starts_at, booking.mode, booking.subject) == (lawyer, starts, "video",
                                                                                 "工资被拖欠三个月")
    lawyer.refresh_from_db()
    assert lawyer.is_available is False


def test_a_citizen_cancels_a_call_and_the_lawyer_cancels_another_with_a_reason(live_server, new_page, screenshot,
                                                                               orgs, make_lawyer, make_user,
                                                                               make_slot, settings):
    from smartjustice.legalservice.consult import services

    settings.CONSULT_CONFERENCE_URL_TEMPLATE = "https://meet.example.org/{room}"
    lawyer = make_lawyer(orgs["firm"], specialties=["labour"], username="lawyer-wang", password=PASSWORD,
                         real_name="王律师")
    citizen = make_user(Role.CITIZEN, orgs["county"], username="13957300009", password=PASSWORD, real_name="沈阿婆")
    neighbour = make_user(Role.CITIZEN, orgs["county"], real_name="李大伯")
    starts = (clock.now().astimezone(clock.LEGAL_TZ) + dt.timedelta(days=2)).replace(hour=10, minute=0, second=0,
                                                                                     microsecond=0)
    mine = services.book_slot(make_slot(lawyer, starts_at=starts), acting_user=citizen, mode="video",
                              subject="工资被拖欠三个月")
    theirs = services.book_slot(make_slot(lawyer, starts_at=starts + dt.timedelta(hours=1)), acting_user=neighbour,
                                mode="audio", subject="邻里纠纷")
    page = new_page(PHONE)
    sign_in(page, live_server, "13957300009", reverse("consult:my-questions"))

    expect(page.get_by_role("link", name="进入通话")).to_have_count(1)
    screenshot(page, "consult-my-calls-phone")
    page.get_by_role("link", name=f"取消 {starts:%Y-%m-%d} 10:00").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("确定取消这次通话吗？")
    expect(page.locator("main")).to_contain_text("该时段将重新开放，其他人可以预约。")
    page.get_by_label("理由（律师本人可见）").fill("家里有事")
    screenshot(page, "consult-cancel-call-phone")
    page.get_by_role("button", name="确定取消通话").click()

    expect(page.locator(".messages")).to_contain_text(f"已取消通话：{starts:%Y-%m-%d} 10:00–10:30。")
    expect(page.locator("main")).to_contain_text("您已取消：家里有事")
    expect(page.get_by_role("link", name="进入通话")).to_have_count(0)
    screenshot(page, "consult-my-calls-cancelled-phone")

    desk = new_page(PHONE)
    sign_in(desk, live_server, "lawyer-wang", reverse("consult:lawyer-desk"))
    screenshot(desk, "consult-lawyer-desk-calls-phone")
    desk.get_by_role("link", name="我的名册信息和通话时段").click()
    expect(desk.get_by_role("link", name=f"取消通话 {starts:%Y-%m-%d} 11:00")).to_be_visible()
    screenshot(desk, "consult-lawyer-profile-booked-phone")
    desk.get_by_role("link", name="返回咨询工作台").click()
    desk.get_by_role("link", name=f"取消 {starts:%Y-%m-%d} 11:00 李大伯").click()
    desk.get_by_role("button", name="确定取消通话").click()
    expect(desk.locator("main [role=alert]").first).to_have_text("请告诉群众取消的原因：对方将失去已预约的时段。")
    screenshot(desk, "consult-lawyer-cancel-refused-phone")
    desk.get_by_label("理由（群众可见）").fill("临时要出庭")
    desk.get_by_role("button", name="确定取消通话").click()

    expect(desk.locator(".messages")).to_contain_text("已取消通话")
    cancelled = desk.locator("section", has=desk.get_by_role("heading", name="已取消的通话"))
    expect(cancelled).to_contain_text("群众已取消：家里有事")
    expect(cancelled).to_contain_text("您已取消：临时要出庭")
    screenshot(desk, "consult-lawyer-desk-cancelled-phone")
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.status, mine.slot_id is not None, theirs.status, theirs.slot_id) == (
        "cancelled", True, "cancelled", None)


def test_the_bureau_registers_a_lawyer_and_corrects_the_licence_number_from_the_roster(live_server, new_page,
                                                                                         screenshot, orgs, lawyer,
                                                                                         make_user):
    make_user(Role.ADMINISTRATOR, orgs["county"], username="bureau-admin", password=PASSWORD, real_name="局管理员")
    newcomer = make_user(Role.LAWYER, orgs["firm"], real_name="李律师")
    page = new_page(PHONE)
    sign_in(page, live_server, "bureau-admin", reverse("consult:roster"))

    page.get_by_role("link", name="登记律师").click()
    page.get_by_label("律师", exact=True).select_option(label="李律师")
    page.get_by_label("执业证号").fill("1330420191000012")
    page.get_by_label("劳动与工资", exact=True).check()
    page.get_by_role("button", name="列入名册").click()
    expect(page.locator("#id_licence_number_error")).to_have_text("律师执业证号为17位数字。")
    screenshot(page, "consult-register-lawyer-phone")
    page.get_by_label("执业证号").fill("13304201910000123")
    page.get_by_role("button", name="列入名册").click()

    expect(page.locator(".messages")).to_have_text("李律师已登记在桐乡明理律师事务所的律师名册中。")
    page.get_by_role("link", name="更正执业证号或执业机构 李律师").click()
    page.get_by_label("执业证号").fill("13304201910000124")
    page.get_by_label("更正理由（律师本人可见）").fill("登记时录错末位数字")
    screenshot(page, "consult-correct-lawyer-phone")
    page.get_by_role("button", name="保存更正").click()

    expect(page.locator(".messages")).to_have_text("李律师的名册信息已更正。")
    assert LawyerProfile.objects.get(user=newcomer).licence_number == "13304201910000124"
