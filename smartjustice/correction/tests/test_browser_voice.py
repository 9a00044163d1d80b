"""Browser journey (issue #6, reports): a person under correction records a voice report on a
phone with Chromium's fake microphone and sends it; the officer's file page plays it back.
Once as Chromium records by itself (MP4), once as a browser that can only record WebM/Opus
(Firefox, many Android WebViews): MP4 is hidden from MediaRecorder.isTypeSupported.

The suite's `browser` has no microphone; recording needs Chromium's fake-media switches, so
this module launches a second Chromium through the same Playwright instance and executable."""
import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from smartjustice.core import clock
from smartjustice.correction import policy, services
from smartjustice.correction.models import ActivityReport
from smartjustice.orgs.choices import Role
from smartjustice.testing.browser import CHROMIUM, CHROMIUM_ARGS, DESKTOP, PHONE

from .factories import probation_data

pytestmark = pytest.mark.browser
PASSWORD = "correct-horse-battery"
FAKE_MEDIA = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"]
# A browser whose MediaRecorder writes WebM/Opus but not MP4.
WEBM_ONLY = """(() => { const supported = MediaRecorder.isTypeSupported.bind(MediaRecorder);
  MediaRecorder.isTypeSupported = (type) => !type.startsWith("audio/mp4") && supported(type); })();"""


@pytest.fixture(scope="module")
def recording_browser(browser):
    recorder = browser.browser_type.launch(executable_path=CHROMIUM, headless=True, args=[*CHROMIUM_ARGS, *FAKE_MEDIA])
    yield recorder
    recorder.close()


@pytest.fixture
def media_root(settings, tmp_path):
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = root
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                                                          "OPTIONS": {"location": str(root)}}}
    return root


@pytest.fixture
def subject_wu(db, org_tree, make_user):
    """A 暂予监外执行 subject of 梧桐司法所 who signs in as "subject-wu"."""
    # A live-server test flushes the database afterwards, migration data included: reinstall it.
    policy.install_defaults()
    officer = make_user(Role.CORRECTION_OFFICER, org_tree["wutong"])
    person = make_user(Role.CORRECTION_SUBJECT, org_tree["wutong"], username="subject-wu")
    today = clock.today()
    return services.register_subject(
        probation_data(subject_type="temporary_outside", effective_on=today - dt.timedelta(days=3),
                       sentence_expires_on=today + dt.timedelta(days=200)),
        org=org_tree["wutong"], acting_user=officer, user=person)


def sign_in(page, base_url, username):
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("手机号码或用户名").fill(username)
    page.get_by_label("密码", exact=True).fill(PASSWORD)
    page.locator("main").get_by_role("button", name="登录").click()


@pytest.mark.parametrize("browser_kind, name, content_type, magic", [
    ("chromium", "voice-report.mp4", "video/mp4", b"ftyp"),
    ("webm-only", "voice-report.webm", "audio/webm", b"\x1a\x45\xdf\xa3"),
])
def test_a_recorded_voice_report_is_played_back_by_the_officer(live_server, recording_browser, new_page, subject_wu,
                                                               org_tree, make_user, media_root, screenshot,
                                                               browser_kind, name, content_type, magic):
    make_user(Role.CORRECTION_OFFICER, org_tree["wutong"], username="officer-shen")
    subject = subject_wu
    url = live_server.url
    context = recording_browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai")
    context.set_default_timeout(15_000)
    context.grant_permissions(["microphone"], origin=url)
    if browser_kind == "webm-only":
        context.add_init_script(WEBM_ONLY)
    try:
        phone = context.new_page()
        sign_in(phone, url, "subject-wu")
        phone.goto(f"{url}/correction/me/report/")
        for hidden in ("#voice-stop", "#voice-preview", "#voice-send"):
            expect(phone.locator(hidden)).to_be_hidden()
        phone.locator("#voice-start").click()
        expect(phone.locator("#voice-status")).to_have_text("正在录音……说完后请点击“停止”。")
        expect(phone.locator("#voice-start")).to_be_hidden()
        phone.wait_for_timeout(1_500)
        phone.locator("#voice-stop").click()
        expect(phone.locator("#voice-send")).to_be_visible()
        expect(phone.locator("#voice-preview")).to_be_visible()
        expect(phone.locator("#voice-stop")).to_be_hidden()
        screenshot(phone, f"correction-voice-report-{browser_kind}")
        phone.locator("#voice-send").click()
        expect(phone).to_have_url(re.compile(r"/correction/me/$"))
    finally:
        context.close()

    stored = ActivityReport.objects.get(subject=subject).recording
    with stored.blob.open("rb") as handle:
        head = handle.read(16)
    assert (stored.original_name, stored.content_type, stored.size > 1_000) == (name, content_type, True)
    assert magic in head

    desk = new_page(DESKTOP)
    sign_in(desk, url, "officer-shen")
    desk.goto(f"{url}/correction/subjects/{subject.pk}/")
    source = desk.locator(f'audio source[src="/files/{stored.pk}/"]')
    assert source.get_attribute("type") == content_type
    with desk.expect_response(re.compile(rf"/files/{stored.pk}/$")) as loaded:
        desk.locator("audio").evaluate("audio => audio.load()")
    assert (loaded.value.status, loaded.value.headers["content-type"]) == (200, content_type)
    # The browser decoded the recording's metadata (HAVE_METADATA) without a media error.
    desk.wait_for_function("() => document.querySelector('audio').readyState >= 1")
    assert desk.locator("audio").evaluate("audio => [audio.error, audio.currentSrc.endsWith('/files/' + "
                                          f"{stored.pk} + '/')]") == [None, True]
    screenshot(desk, f"correction-voice-report-officer-{browser_kind}")


def test_a_browser_that_records_none_of_the_formats_asks_for_a_written_report(live_server, new_page, subject_wu):
    phone = new_page()
    phone.add_init_script("MediaRecorder.isTypeSupported = () => false;")
    sign_in(phone, live_server.url, "subject-wu")

    phone.goto(f"{live_server.url}/correction/me/report/")

    expect(phone.locator("#voice-status")).to_have_text("此浏览器无法录音（MP4、WebM 或 Ogg 格式均不支持），请改用文字报告。")
    expect(phone.locator("#voice-start")).to_be_hidden()


def test_a_microphone_that_cannot_be_used_says_so(live_server, new_page, subject_wu):
    phone = new_page()  # the suite's browser has no (fake) microphone
    sign_in(phone, live_server.url, "subject-wu")
    phone.goto(f"{live_server.url}/correction/me/report/")

    phone.locator("#voice-start").click()

    expect(phone.locator("#voice-status")).to_have_text(
        "无法使用麦克风。请允许本页面使用麦克风后再次点击“开始录音”，或改用文字报告。")
    expect(phone.locator("#voice-stop")).to_be_hidden()
    assert ActivityReport.objects.count() == 0
