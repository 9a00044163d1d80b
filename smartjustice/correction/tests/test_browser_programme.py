"""Browser journey: a person under correction studies a text course (time credited only while
the page is in front), answers the risk questionnaire; the officer confirms the suggested
level on the workbench. Runs at the real date and clock (the credit is checked against real
elapsed time)."""
import datetime as dt
import re
import time

import pytest
from playwright.sync_api import expect

from smartjustice.core import clock
from smartjustice.correction import assessments, policy, services
from smartjustice.correction.models import Course, StudySession
from smartjustice.orgs.choices import Role

from .factories import probation_data

pytestmark = pytest.mark.browser
PASSWORD = "correct-horse-battery"


def sign_in(page, base_url, username):
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("手机号码或用户名").fill(username)
    page.get_by_label("密码", exact=True).fill(PASSWORD)
    page.locator("main").get_by_role("button", name="登录").click()
    # The sign-in answer (its session cookie) must arrive before the next navigation starts.
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def test_study_time_questionnaire_and_confirmation(live_server, new_page, db, org_tree, make_user, screenshot):
    # A live-server test flushes the database afterwards, migration data included: reinstall it.
    assessments.install_defaults()
    policy.install_defaults()
    officer = make_user(Role.CORRECTION_OFFICER, org_tree["wutong"], username="officer-lu")
    person = make_user(Role.CORRECTION_SUBJECT, org_tree["wutong"], username="subject-xu")
    today = clock.today()
    subject = services.register_subject(
        probation_data(subject_type="temporary_outside", effective_on=today - dt.timedelta(days=3),
                       sentence_expires_on=today + dt.timedelta(days=200)),
        org=org_tree["wutong"], acting_user=officer, user=person)
    course = Course.objects.create(code="duties", title="义务和权利", kind="text", body="社区矫正对象应当遵守法律。",
                                   duration_seconds=600)
    url = live_server.url

    phone = new_page()
    sign_in(phone, url, "subject-xu")
    phone.goto(f"{url}/correction/me/learning/")
    phone.get_by_role("link", name=re.compile("义务和权利")).click()
    started = time.monotonic()
    expect(phone.locator("#study-status")).to_contain_text(re.compile(r"[：:] ?0 "), timeout=5_000)
    expect(phone.locator("#study-status")).to_contain_text(re.compile(r"[：:] ?(9|10|11) "), timeout=15_000)
    visible_for = time.monotonic() - started
    # The page goes to the background: the Page Visibility API reports it and the reading clock stops.
    phone.evaluate("""() => { window.testVisibility = 'hidden';
        Object.defineProperty(document, 'visibilityState', {configurable: true, get: () => window.testVisibility});
        document.dispatchEvent(new Event('visibilitychange')); }""")
    phone.wait_for_timeout(3_000)
    phone.evaluate("""() => { window.testVisibility = 'visible'; document.dispatchEvent(new Event('visibilitychange')); }""")
    phone.wait_for_timeout(1_000)
    session = StudySession.objects.get(course=course)
    assert 8 <= session.credited_seconds <= visible_for + 2
    assert session.refused_seconds < 1  # timer jitter only: the hidden page's reading clock did not move
    screenshot(phone, "correction-course")

    phone.goto(f"{url}/correction/me/assessments/risk-basic/")
    for question, choice in (("r1", 2), ("r2", 2), ("r3", 2), ("r4", 1), ("r5", 0)):
        phone.locator(f"input[name={question}][value='{choice}']").check()
    phone.locator("main button[type=submit]").click()
    expect(phone).to_have_url(re.compile(r"/correction/me/learning/$"))
    assessment = subject.assessments.get()
    assert assessment.band == "高风险"

    desk = new_page({"width": 1280, "height": 900})
    sign_in(desk, url, "officer-lu")
    desk.goto(f"{url}/correction/")
    desk.locator(f"#assessment-{assessment.pk} button[type=submit]").click()
    expect(desk.locator(f"#assessment-{assessment.pk}")).to_have_count(0)
    subject.refresh_from_db()
    assert subject.classification.code == "strict"
    phone.close()  # stop the course page's heartbeats before the database goes away


def test_an_officer_enters_a_questionnaire_during_an_interview(live_server, new_page, db, org_tree, make_user,
                                                                 screenshot):
    assessments.install_defaults()
    policy.install_defaults()
    officer = make_user(Role.CORRECTION_OFFICER, org_tree["wutong"], username="officer-lu")
    today = clock.today()
    subject = services.register_subject(
        probation_data(subject_type="temporary_outside", effective_on=today - dt.timedelta(days=3),
                       sentence_expires_on=today + dt.timedelta(days=200)),
        org=org_tree["wutong"], acting_user=officer)
    url = live_server.url

    phone = new_page()  # 390 px wide
    sign_in(phone, url, "officer-lu")
    phone.goto(f"{url}/correction/subjects/{subject.pk}/")
    phone.get_by_role("link", name="代为填写问卷（谈话时）").click()
    phone.get_by_role("link", name="再犯风险初评（本地量表）").click()
    for question, answer in [("r1", "是"), ("r2", "是"), ("r3", "有时"), ("r4", "否")]:  # r5 not yet answered
        phone.locator(f"#id_{question}").get_by_label(answer, exact=True).check()
    phone.get_by_role("button", name="提交答案").click()
    expect(phone.locator("main")).to_contain_text("请回答这个问题。")
    assert subject.assessments.count() == 0
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, "correction-assessment-enter-phone")
    phone.locator("#id_r5").get_by_label("否", exact=True).check()
    phone.get_by_role("button", name="提交答案").click()

    expect(phone.locator("#assessments")).to_contain_text("5 · 中风险")
    expect(phone.locator("#assessments")).to_contain_text("谈话时代为填写")
    row = subject.assessments.get()
    assert (row.score, row.band, row.entered_by_id) == (5, "中风险", officer.pk)
    phone.locator("#assessments").screenshot(path=str(screenshot(phone, "correction-assessment-entered-phone")))
    phone.locator(f"#assessment-{row.pk}").get_by_role("button", name="确认").click()
    expect(phone.locator(f"#assessment-{row.pk}")).to_contain_text("已确认")
    subject.refresh_from_db()
    assert subject.classification.code == "ordinary"
