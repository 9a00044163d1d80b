"""Browser journey of a change of execution place (《社区矫正法》第二十七条第二款): the person applies
to move to another county, their office agrees, the county head issues the decision, the new
county institution receives the file, and the old office no longer opens it. Phone-sized pages
(390 px) for the forms; runs at the real date."""
import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from smartjustice.core import clock
from smartjustice.correction import policy, services
from smartjustice.correction.models import ExecutionPlaceChange
from smartjustice.orgs.choices import Role

from .factories import probation_data

pytestmark = pytest.mark.browser
PASSWORD = "correct-horse-battery"


def sign_in(page, base_url, username):
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("手机号码或用户名").fill(username)
    page.get_by_label("密码", exact=True).fill(PASSWORD)
    page.locator("main").get_by_role("button", name="登录").click()


def test_move_to_another_county_is_decided_received_and_leaves_the_old_office(
        live_server, new_page, db, org_tree, make_user, screenshot):
    policy.install_defaults()
    officer = make_user(Role.CORRECTION_OFFICER, org_tree["wutong"], username="officer-zhou")
    make_user(Role.SUPERVISOR, org_tree["county"], username="head-chen")
    make_user(Role.CORRECTION_OFFICER, org_tree["other_county"], username="haining-wu")
    person = make_user(Role.CORRECTION_SUBJECT, org_tree["wutong"], username="subject-han")
    today = clock.today()
    subject = services.record_report_in(services.register_subject(
        probation_data(effective_on=today - dt.timedelta(days=3)), org=org_tree["wutong"], acting_user=officer,
        user=person), acting_user=officer)
    url = live_server.url

    phone = new_page()
    sign_in(phone, url, "subject-han")
    phone.goto(f"{url}/correction/me/residence/")
    phone.get_by_label("新住址").fill("海宁市硖石街道新华路8号")
    phone.get_by_label("是否迁往外县（市、区）？").select_option(label="海宁市司法局")
    phone.get_by_label("迁居日期").fill((today + dt.timedelta(days=20)).isoformat())
    phone.locator("textarea[name=reason]").fill("在海宁找到工作")
    phone.locator("main button[type=submit]").click()
    expect(phone.locator("main")).to_contain_text("海宁市硖石街道新华路8号（海宁市司法局）")
    screenshot(phone, "correction-transfer-apply")

    desk = new_page()
    sign_in(desk, url, "officer-zhou")
    desk.goto(f"{url}/correction/")
    desk.locator("#residence a.btn").first.click()
    screenshot(desk, "correction-transfer-office-decision")
    desk.get_by_role("button", name="批准", exact=True).click()
    expect(desk.locator(".messages")).to_contain_text("已同意迁往外县，并报县级社区矫正机构作出变更执行地决定。")
    transfer = ExecutionPlaceChange.objects.get()

    head = new_page()
    sign_in(head, url, "head-chen")
    head.goto(f"{url}/correction/")
    head.locator("#transfers-to-decide").get_by_role("link", name=subject.real_name).click()
    expect(head.locator("#decide")).to_be_visible()
    screenshot(head, "correction-transfer-decision-form")
    head.get_by_role("button", name="作出变更决定").click()
    number = f"tx-sfj〔{today.year}〕变更1号"
    expect(head.locator(".messages")).to_contain_text(f"已作出决定 {number}，并已通知海宁市司法局。")
    expect(head.locator("#document")).to_contain_text("社区矫正对象变更执行地决定书")

    haining = new_page()
    sign_in(haining, url, "haining-wu")
    haining.goto(f"{url}/correction/transfers/incoming/")
    expect(haining.locator(f"#incoming-{transfer.pk}")).to_contain_text(number)
    screenshot(haining, "correction-transfer-incoming")
    haining.locator(f"#incoming-{transfer.pk}").get_by_role("link", name="接收").click()
    haining.get_by_label("负责执行的司法所").select_option(label="硖石司法所")
    haining.get_by_label("转送日期").fill(today.isoformat())
    haining.get_by_role("button", name="确认接收").click()
    expect(haining.locator("main")).to_contain_text("须将法律文书转送所在地人民检察院和公安机关后方可完成接收")
    haining.get_by_label("已将法律文书转送所在地人民检察院").check()
    haining.get_by_label("已将法律文书转送所在地公安机关").check()
    screenshot(haining, "correction-transfer-accept-form")
    haining.get_by_role("button", name="确认接收").click()
    expect(haining.locator(".messages")).to_contain_text(f"已接收{subject.real_name}的档案，现由硖石司法所执行。")
    expect(haining).to_have_url(re.compile(r"/correction/transfers/incoming/$"))

    response = desk.goto(f"{url}/correction/subjects/{subject.pk}/")
    assert response.status == 404
    subject.refresh_from_db()
    assert (subject.org_id, subject.residence_address) == (org_tree["other_township"].pk, "海宁市硖石街道新华路8号")
