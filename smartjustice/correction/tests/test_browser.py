"""Browser journey (issue #6 "done when"): a person under correction checks in on a phone with
the browser's (mocked) location and a face photo, submits a report and applies for leave; an
officer approves the leave and marks an alert as false; a supervisor opens the cockpit. Runs at
the real date; the subject is a 暂予监外执行 case so no holiday-calendar period is involved."""
import datetime as dt
import re
import uuid

import pytest
from playwright.sync_api import expect

from smartjustice.core import clock
from smartjustice.correction import identity, services
from smartjustice.correction.models import Alert, CheckIn, LeaveApplication
from smartjustice.orgs.choices import Role

from . import faces
from .conftest import HANGZHOU, INSIDE, TONGXIANG
from .factories import probation_data

pytestmark = pytest.mark.browser
PASSWORD = "correct-horse-battery"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def sign_in(page, base_url, username):
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("手机号码或用户名").fill(username)
    page.get_by_label("密码", exact=True).fill(PASSWORD)
    page.locator("main").get_by_role("button", name="登录").click()


@pytest.fixture
def journey(db, org_tree, make_user):
    officer = make_user(Role.CORRECTION_OFFICER, org_tree["wutong"], username="officer-zhou")
    supervisor = make_user(Role.SUPERVISOR, org_tree["county"], username="head-chen")
    admin = make_user(Role.ADMINISTRATOR, org_tree["county"])
    person = make_user(Role.CORRECTION_SUBJECT, org_tree["wutong"], username="subject-han")
    today = clock.today()
    subject = services.register_subject(
        probation_data(subject_type="temporary_outside", effective_on=today - dt.timedelta(days=3),
                       sentence_expires_on=today + dt.timedelta(days=200)),
        org=org_tree["wutong"], acting_user=officer, user=person)
    services.define_zone(kind="county", name="桐乡市", county=org_tree["county"], acting_user=admin, polygon=TONGXIANG)
    return {"officer": officer, "supervisor": supervisor, "person": person, "subject": subject}


@pytest.mark.skipif(not identity.local_available(), reason="dlib-bin / face_recognition_models not installed")
def test_check_in_report_leave_alert_triage_and_cockpit(live_server, browser, new_page, journey, tmp_path, screenshot):
    url = live_server.url
    subject = journey["subject"]
    services.enroll_face(subject, faces.one_face(), acting_user=journey["officer"], verifier=identity.LocalFaceVerifier())
    photo = tmp_path / "selfie.png"
    photo.write_bytes(faces.one_face_mirrored())

    context = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai",
                                  geolocation={"latitude": INSIDE[0], "longitude": INSIDE[1], "accuracy": 15},
                                  permissions=["geolocation"])
    context.set_default_timeout(20_000)
    try:
        phone = context.new_page()
        sign_in(phone, url, "subject-han")
        phone.goto(f"{url}/correction/me/check-in/")
        expect(phone.locator("#check-in-submit")).to_be_enabled()
        phone.locator("input[type=file][name=photo]").set_input_files(str(photo))
        phone.locator("#check-in-submit").click()
        expect(phone).to_have_url(re.compile(r"/correction/me/$"))
        expect(phone.locator(".messages")).to_be_visible()
        check_in = CheckIn.objects.get(subject=subject)
        assert (check_in.counts, check_in.identity_check.result) == (True, "matched")
        assert abs(check_in.report.latitude - INSIDE[0]) < 1e-6
        screenshot(phone, "correction-subject-home")

        phone.goto(f"{url}/correction/me/report/")
        phone.locator("#id_text").fill("本周在家休养，按时服药，没有外出。")
        phone.locator("main button[type=submit]").click()
        expect(phone).to_have_url(re.compile(r"/correction/me/$"))
        assert subject.activity_reports.get().text == "本周在家休养，按时服药，没有外出。"

        start = clock.today() + dt.timedelta(days=2)
        phone.goto(f"{url}/correction/me/leave/")
        phone.locator("#id_destination").fill("杭州市")
        phone.locator("#id_starts_on").fill(start.isoformat())
        phone.locator("#id_ends_on").fill((start + dt.timedelta(days=2)).isoformat())
        phone.locator("#id_reason").fill("到浙江省人民医院复查")
        phone.locator("main form button[type=submit]").first.click()
        expect(phone.locator(".leave-status").first).to_be_visible()
        leave = LeaveApplication.objects.get(subject=subject)

        services.submit_location_report(subject, acting_user=journey["person"], latitude=HANGZHOU[0],
                                        longitude=HANGZHOU[1], client_id=str(uuid.uuid4()), device_id="PHONE-1")
        alert = Alert.objects.get(subject=subject, rule="left_county")

        desk = new_page(DESKTOP)
        sign_in(desk, url, "officer-zhou")
        desk.goto(f"{url}/correction/")
        desk.locator(f"#leave-{leave.pk} button[value=yes]").click()
        expect(desk.locator(f"#leave-{leave.pk}")).to_have_count(0)
        leave.refresh_from_db()
        assert leave.status == "approved"

        row = desk.locator(f"#alert-{alert.pk}")
        row.locator("select[name=confirmed]").select_option("no")
        row.locator("select[name=cause]").select_option("gps_drift")
        row.locator("input[name=note]").fill("定位漂移，本人当时在家")
        row.locator("button[type=submit]").click()
        expect(desk.locator(f"#alert-{alert.pk}")).to_have_count(0)
        alert.refresh_from_db()
        assert (alert.status, alert.false_cause) == ("false", "gps_drift")

        phone.goto(f"{url}/correction/me/leave/")
        expect(phone.locator(".leave-status").first).to_contain_text(str(LeaveApplication.objects.get().get_status_display()))

        head = new_page(DESKTOP)
        sign_in(head, url, "head-chen")
        head.goto(f"{url}/correction/cockpit/")
        expect(head.locator("#active-count")).to_have_text("1")
        expect(head.locator("#by-type")).to_contain_text("1")
        expect(head.locator("#by-type svg.bar")).to_be_visible()
        screenshot(head, "correction-cockpit")
    finally:
        context.close()
