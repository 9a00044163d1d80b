"""Browser journey (issue #6 "nothing accepted is lost", passive check-in): a person under
correction switches location sharing on; the first report meets a server that answers 503
(database unavailable), the second a phone without network; the page says both are saved on the
phone; once the phone is online again the queue drains, each report is stored exactly once and
the first position of the day inside the county is the passive check-in. Runs at the real date;
the subject is a 暂予监外执行 case so no holiday-calendar period is involved."""
import datetime as dt
import json

import pytest
from playwright.sync_api import expect

from smartjustice.core import clock
from smartjustice.correction import policy, services
from smartjustice.correction.models import CheckIn, LocationReport
from smartjustice.orgs.choices import Role
from smartjustice.testing.browser import PHONE

from .conftest import INSIDE, TONGXIANG
from .factories import probation_data

pytestmark = pytest.mark.browser
PASSWORD = "correct-horse-battery"
ENDPOINT = "**/api/v1/correction/location-reports"
UNAVAILABLE = {"error": {"code": "temporarily_unavailable", "message": "系统暂时无法保存，请稍后重试；您的报告不会丢失。"}}


@pytest.fixture
def subject_lin(db, org_tree, make_user):
    """A 暂予监外执行 subject of 梧桐司法所 who signs in as "subject-lin", in a county with its fence."""
    # A live-server test flushes the database afterwards, migration data included: reinstall it.
    policy.install_defaults()
    officer = make_user(Role.CORRECTION_OFFICER, org_tree["wutong"])
    admin = make_user(Role.ADMINISTRATOR, org_tree["county"])
    person = make_user(Role.CORRECTION_SUBJECT, org_tree["wutong"], username="subject-lin")
    services.define_zone(kind="county", name="桐乡市", county=org_tree["county"], acting_user=admin, polygon=TONGXIANG)
    today = clock.today()
    subject = services.register_subject(
        probation_data(subject_type="temporary_outside", effective_on=today - dt.timedelta(days=3),
                       sentence_expires_on=today + dt.timedelta(days=200)),
        org=org_tree["wutong"], acting_user=officer, user=person)
    return subject


def queued_client_ids(page, user_id):
    stored = page.evaluate(f"localStorage.getItem('smartjustice.correction.location-reports.{user_id}')")
    return [report["client_id"] for report in json.loads(stored or "[]")]


def test_reports_kept_through_an_outage_are_stored_once_and_check_in(live_server, browser, subject_lin, screenshot):
    context = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai",
                                  geolocation={"latitude": INSIDE[0], "longitude": INSIDE[1], "accuracy": 15},
                                  permissions=["geolocation"])
    context.set_default_timeout(10_000)
    try:
        phone = context.new_page()
        phone.goto(f"{live_server.url}/accounts/login/")
        phone.get_by_label("手机号码或用户名").fill("subject-lin")
        phone.get_by_label("密码", exact=True).fill(PASSWORD)
        phone.locator("main").get_by_role("button", name="登录").click()
        phone.goto(f"{live_server.url}/correction/me/")
        status = phone.locator("#location-sharing-status")
        toggle = phone.locator("#location-sharing-toggle")

        # The server cannot save: every POST is answered 503 with Retry-After.
        phone.route(ENDPOINT, lambda route: route.fulfill(
            status=503, headers={"Retry-After": "5"}, content_type="application/json",
            body=json.dumps(UNAVAILABLE, ensure_ascii=False)))
        toggle.click()
        expect(toggle).to_have_attribute("aria-pressed", "true")
        expect(status).to_have_text("网络或系统暂时不可用，已保存 1 条，恢复后自动补报。")

        # Then the phone loses its network; switching sharing off and on takes a second position.
        context.set_offline(True)
        phone.unroute(ENDPOINT)
        toggle.click()
        expect(toggle).to_have_attribute("aria-pressed", "false")
        toggle.click()
        expect(status).to_have_text("网络或系统暂时不可用，已保存 2 条，恢复后自动补报。")
        queued = queued_client_ids(phone, subject_lin.user_id)
        assert len(queued) == 2 and LocationReport.objects.count() == 0
        screenshot(phone, "correction-location-sharing-queued")

        context.set_offline(False)  # the window's "online" event sends the queue at once

        expect(status).to_contain_text("位置已上报（")
        expect(phone.locator("#location-sharing-check-in")).to_have_text(
            "今日签到已完成：本次位置上报在允许活动的区域内。")
        assert queued_client_ids(phone, subject_lin.user_id) == []
        rows = {str(report.client_id): report for report in LocationReport.objects.filter(subject=subject_lin)}
        assert sorted(rows) == sorted(queued)
        check_in = CheckIn.objects.get(subject=subject_lin)
        assert (check_in.is_passive, check_in.counts, str(check_in.report.client_id)) == (True, True, queued[0])
        screenshot(phone, "correction-location-sharing")

        phone.locator(".elderly-toggle button").click()
        expect(phone.locator("body.elderly")).to_have_count(1)
        expect(toggle).to_have_text("停止位置上报")
        screenshot(phone, "correction-location-sharing-elderly")
    finally:
        context.close()
