"""Browser journey (issue #4 "done when"): a citizen files from a phone-sized window, the
officer requests a correction, the citizen responds, the officer accepts under the simplified
procedure, the respondent replies, a mediation session ends in an agreement confirmed by both
sides, and the applicant sees the closed case. Runs at the real date (cookies must not expire
in the browser), so every period here ends within the loaded holiday years only if the date
allows; the assertions are about states, not dates."""
import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from smartjustice.core import clock
from smartjustice.reconsideration import services
from smartjustice.reconsideration.choices import Status
from smartjustice.reconsideration.models import ReconsiderationCase

pytestmark = pytest.mark.browser
PASSWORD = "correct-horse-battery"
DESKTOP = {"width": 1280, "height": 900}


def sign_in(page, base_url, username):
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("手机号码或用户名").fill(username)
    page.get_by_label("密码", exact=True).fill(PASSWORD)
    page.locator("main").get_by_role("button", name="登录").click()


def officer_does(page, name, label, fields=None):
    page.locator("summary", has_text=label).first.click()
    for selector, value in (fields or {}).items():
        page.locator(selector).fill(value)
    page.locator(f"button[name=do][value={name}]").click()
    expect(page.locator(".messages")).to_contain_text("已完成")


def test_simplified_case_ends_in_mediation(live_server, new_page, orgs, people):
    url = live_server.url
    today = clock.today()
    citizen = new_page()
    sign_in(citizen, url, people["applicant"].username)
    citizen.goto(f"{url}/reconsideration/apply/")
    citizen.locator("#id_org").select_option(str(orgs["body"].pk))
    citizen.locator("#id_respondent").select_option(str(orgs["respondent"].pk))
    citizen.locator("#id_act_type").select_option("penalty")
    citizen.locator("#id_act_description").fill("违法停车罚款200元")
    citizen.locator("#id_act_known_on").fill((today - dt.timedelta(days=5)).isoformat())
    citizen.locator("#id_amount_involved").fill("200")
    citizen.get_by_role("button", name="保存草稿").click()
    expect(citizen.locator(".messages")).to_contain_text("草稿已保存")
    citizen.get_by_role("button", name="提交申请").click()
    expect(citizen.locator(".correction-list")).to_contain_text("请写明您请求行政复议机构做什么")
    citizen.locator("#id_requests").fill("撤销该行政处罚决定")
    citizen.locator("#id_facts_and_reasons").fill("车辆停放在划定车位内。")
    citizen.get_by_role("button", name="提交申请").click()
    expect(citizen).to_have_url(re.compile(r"/receipt/$"))
    case = ReconsiderationCase.objects.get()
    expect(citizen.locator(".case-number-large")).to_have_text(case.case_number)

    officer = new_page(DESKTOP)
    sign_in(officer, url, people["officer"].username)
    officer.goto(f"{url}/reconsideration/workbench/{case.pk}/")
    officer_does(officer, "request_correction", "要求补正",
                 {"#id_request_correction-items": "请上传行政处罚决定书照片\n请写明违法停车的具体地点"})

    citizen.goto(f"{url}/reconsideration/cases/{case.pk}/")
    expect(citizen.locator(".correction-items li")).to_have_count(2)
    citizen.locator("#id_response").fill("已上传决定书，地点为庆丰路停车位。")
    citizen.get_by_role("button", name="提交补正材料").click()
    expect(citizen.locator(".messages")).to_contain_text("补正材料已提交")

    officer.goto(f"{url}/reconsideration/workbench/{case.pk}/")
    officer.locator("summary", has_text="受理").first.click()
    officer.locator("#id_accept-procedure").select_option("simplified")
    officer.locator("#id_accept-facts_clear").check()
    officer.locator("button[name=do][value=accept]").click()
    expect(officer.locator(".case-status")).to_have_text("已受理")
    officer_does(officer, "send_copy", "向被申请人发送申请书副本")

    respondent = new_page(DESKTOP)
    sign_in(respondent, url, people["respondent_officer"].username)
    respondent.goto(f"{url}/reconsideration/respondent/cases/{case.pk}/")
    respondent.locator("#id_text").fill("处罚事实清楚，证据确凿。")
    respondent.get_by_role("button", name="提交答复").click()
    expect(respondent.locator(".messages")).to_contain_text("答复已提交")

    officer.goto(f"{url}/reconsideration/workbench/{case.pk}/")
    officer_does(officer, "mediation", "安排调解",
                 {"#id_mediation-scheduled_for": f"{(today + dt.timedelta(days=2)).isoformat()}T10:00",
                  "#id_mediation-place": "线上调解室"})
    officer_does(officer, "agreement", "起草调解协议", {"#id_agreement-terms": "罚款减为100元，申请人撤回其余请求。"})

    citizen.goto(f"{url}/reconsideration/cases/{case.pk}/")
    citizen.get_by_role("button", name="我确认调解协议").click()
    respondent.goto(f"{url}/reconsideration/respondent/cases/{case.pk}/")
    respondent.get_by_role("button", name="为本机关确认协议").click()
    expect(respondent.locator(".case-status")).to_have_text("调解结案")

    officer.goto(f"{url}/reconsideration/workbench/{case.pk}/")
    officer_does(officer, "close", "记录履行情况并结案", {"#id_close-performance_note": "已按调解书履行"})

    citizen.goto(f"{url}/reconsideration/cases/{case.pk}/")
    expect(citizen.locator(".case-status")).to_have_text("已结案")
    expect(citizen.locator(".agreement")).to_contain_text("罚款减为100元")
    expect(citizen.locator(".documents")).to_contain_text("行政复议调解书")
    case.refresh_from_db()
    assert case.status == Status.CLOSED and case.mediated_at is not None


def test_ordinary_case_revoked_after_an_approved_extension(live_server, new_page, orgs, people, settings,
                                                           screenshot):
    """Ordinary procedure: filed and accepted on Tue 2026-02-10 (60 days → Mon 2026-04-13), the
    head approves a 30-day extension (→ 2026-05-13, 第六十二条第一款), the decision to revoke is
    made on 2026-04-20, after the original date and within the extended one, and served. The
    server's clock is set with time-machine; the session cookie is made long-lived so the real
    browser, living in today's date, still sends it."""
    import time_machine

    from smartjustice.reconsideration.models import CaseDocument

    settings.SESSION_COOKIE_AGE = 20 * 365 * 24 * 3600
    url = live_server.url
    with time_machine.travel(dt.datetime(2026, 2, 10, 9, 0, tzinfo=clock.LEGAL_TZ), tick=True) as traveller:
        citizen = new_page()
        sign_in(citizen, url, people["applicant"].username)
        citizen.goto(f"{url}/reconsideration/apply/")
        citizen.locator("#id_org").select_option(str(orgs["body"].pk))
        citizen.locator("#id_respondent").select_option(str(orgs["respondent"].pk))
        citizen.locator("#id_act_type").select_option("penalty")
        citizen.locator("#id_act_document_number").fill("桐市监罚〔2026〕88号")
        citizen.locator("#id_act_description").fill("以未按规定停放车辆为由罚款5000元")
        citizen.locator("#id_act_known_on").fill("2026-02-05")
        citizen.locator("#id_amount_involved").fill("5000")
        citizen.locator("#id_requests").fill("撤销该行政处罚决定")
        citizen.locator("#id_facts_and_reasons").fill("车辆停放在划定车位内，处罚认定事实错误。")
        citizen.get_by_role("button", name="提交申请").click()
        expect(citizen).to_have_url(re.compile(r"/receipt/$"))
        case = ReconsiderationCase.objects.get()

        officer = new_page(DESKTOP)
        sign_in(officer, url, people["officer"].username)
        officer.goto(f"{url}/reconsideration/workbench/{case.pk}/")
        officer.locator("summary", has_text="受理").first.click()
        officer.locator("#id_accept-procedure").select_option("ordinary")
        officer.locator("button[name=do][value=accept]").click()
        expect(officer.locator(".case-status")).to_have_text("已受理")
        officer_does(officer, "send_copy", "向被申请人发送申请书副本")

        respondent = new_page(DESKTOP)
        sign_in(respondent, url, people["respondent_officer"].username)
        respondent.goto(f"{url}/reconsideration/respondent/cases/{case.pk}/")
        respondent.locator("#id_text").fill("当事人车辆停放于消防通道，处罚适当。")
        respondent.get_by_role("button", name="提交答复").click()
        expect(respondent.locator(".messages")).to_contain_text("答复已提交")

        traveller.move_to(dt.datetime(2026, 4, 8, 9, 0, tzinfo=clock.LEGAL_TZ))
        supervisor = new_page(DESKTOP)
        sign_in(supervisor, url, people["supervisor"].username)
        supervisor.goto(f"{url}/reconsideration/workbench/{case.pk}/")
        officer_does(supervisor, "extend", "批准延长审理期限",
                     {"#id_extend-days": "30", "#id_extend-reason": "案情复杂，需调取监控录像核实"})
        expect(supervisor.locator(".deadlines")).to_contain_text("2026-05-13")

        traveller.move_to(dt.datetime(2026, 4, 20, 9, 0, tzinfo=clock.LEGAL_TZ))
        officer.goto(f"{url}/reconsideration/workbench/{case.pk}/")
        officer.locator("summary", has_text="作出决定").first.click()
        officer.locator("#id_decide-decision_type").select_option("revoke")
        officer.locator("#id_decide-summary").fill("监控录像显示车辆停放于划定车位内，被申请人认定的主要事实不清、证据不足。")
        officer.locator("button[name=do][value=decide]").click()
        expect(officer.locator(".messages")).to_contain_text("已完成")
        expect(officer.locator(".decision")).to_have_text("撤销")
        officer_does(officer, "serve", "记录决定已送达")

        citizen.goto(f"{url}/reconsideration/cases/{case.pk}/")
        expect(citizen.locator(".case-status")).to_have_text("决定已送达")
        expect(citizen.locator(".decision h2")).to_have_text("撤销")
        expect(citizen.locator(".documents")).to_contain_text("行政复议决定书")
        screenshot(citizen, "reconsideration-revoked-after-extension")

    deadline = services.current_deadline(case, "reconsideration.decide_ordinary")
    assert deadline is None  # met by the decision
    from smartjustice.deadlines.models import Deadline

    row = Deadline.objects.get(object_id=str(case.pk), rule_id="reconsideration.decide_ordinary")
    assert (row.due_on, row.extended_until, row.is_extended) == (dt.date(2026, 4, 13), dt.date(2026, 5, 13), True)
    assert clock.legal_date(row.met_at) == dt.date(2026, 4, 20)
    decision = CaseDocument.objects.get(case=case, kind="decision")
    text = "".join(block["text"] for block in decision.content)
    assert "审理期限依照《中华人民共和国行政复议法》第六十二条第一款延长至2026年5月13日" in text
    assert "撤销被申请人作出的桐市监罚〔2026〕88号行政处罚决定" in text
