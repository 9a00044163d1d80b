"""Browser: the cockpit (驾驶舱) of a county with two weeks of history, on a phone (390 px) and on
a desktop (1280 px): the map of the offices, the charts with their numbers, and the period
switch. The history is built through the real services, day by day, before the browser opens."""
import datetime as dt
import uuid

import pytest
import time_machine
from playwright.sync_api import expect

from smartjustice.core import clock
from smartjustice.correction import assessments, policy, services
from smartjustice.correction.models import Alert, Questionnaire
from smartjustice.orgs.choices import Kind, Level, Role
from smartjustice.orgs.models import Organisation

from .conftest import HANGZHOU, TONGXIANG
from .factories import probation_data
from .test_browser import DESKTOP, PHONE, sign_in

pytestmark = pytest.mark.browser

OFFICES = {"wutong": (30.63, 120.56), "fengming": (30.61, 120.52)}
MORE_OFFICES = [("tx-wuzhen", "乌镇司法所", 30.74, 120.49), ("tx-chongfu", "崇福司法所", 30.53, 120.43),
                ("tx-puyuan", "濮院司法所", 30.69, 120.62)]
CRIMES = ["危险驾驶罪", "盗窃罪", "诈骗罪", "故意伤害罪", "帮助信息网络犯罪活动罪"]


def _report(subject, login, position):
    services.submit_location_report(subject, acting_user=login, latitude=position[0], longitude=position[1],
                                    client_id=str(uuid.uuid4()))


@pytest.fixture
def county_with_history(db, org_tree, make_user):
    """Offices of 桐乡 with coordinates (崇福 without), 9 people in correction, and 14 days of
    check-ins, location reports and alerts, summarised each night as the daily sweep does; some
    risk assessments, leave, requests for help and public-welfare activity."""
    policy.install_defaults()  # the live server's database starts empty (no data migrations)
    assessments.install_defaults()
    offices = {name: org_tree[name] for name in OFFICES}
    for name, (lat, lon) in OFFICES.items():
        offices[name].latitude, offices[name].longitude = lat, lon
        offices[name].save()
    for code, name, lat, lon in MORE_OFFICES:
        offices[code] = Organisation.objects.create(code=code, name=name, kind=Kind.JUDICIAL_OFFICE,
                                                    level=Level.TOWNSHIP, parent=org_tree["county"],
                                                    latitude=None if code == "tx-chongfu" else lat,
                                                    longitude=None if code == "tx-chongfu" else lon)
    officers = {key: make_user(Role.CORRECTION_OFFICER, org) for key, org in offices.items()}
    make_user(Role.SUPERVISOR, org_tree["county"], username="head-chen")
    admin = make_user(Role.ADMINISTRATOR, org_tree["county"])
    today = clock.today()
    start = dt.datetime.combine(today - dt.timedelta(days=15), dt.time(9), tzinfo=clock.LEGAL_TZ)
    people = []
    with time_machine.travel(start, tick=False):
        services.define_zone(kind="county", name="桐乡市", county=org_tree["county"], acting_user=admin, polygon=TONGXIANG)
        plan = [("wutong", "strict"), ("wutong", "ordinary"), ("wutong", "ordinary"), ("wutong", "lenient"),
                ("fengming", "strict"), ("fengming", "ordinary"), ("tx-wuzhen", "ordinary"), ("tx-puyuan", "strict"),
                ("tx-chongfu", "ordinary")]
        for n, (office, level) in enumerate(plan):
            login = make_user(Role.CORRECTION_SUBJECT, offices[office])
            subject = services.register_subject(
                probation_data(classification=level, crime_type=CRIMES[n % len(CRIMES)],
                               effective_on=start.date() - dt.timedelta(days=5),
                               subject_type=["probation", "probation", "parole", "control"][n % 4],
                               parole_on=start.date() - dt.timedelta(days=30), sentence_expires_on=today + dt.timedelta(days=300),
                               principal_penalty="control" if n % 4 == 3 else "fixed_term", sentence_months=6),
                org=offices[office], acting_user=officers[office], user=login)
            people.append((services.record_report_in(subject, acting_user=officers[office]), login, officers[office]))
    for back in range(14, -1, -1):
        day = today - dt.timedelta(days=back)
        with time_machine.travel(dt.datetime.combine(day, dt.time(10), tzinfo=clock.LEGAL_TZ), tick=False):
            for n, (subject, login, _officer) in enumerate(people):
                if (n + back) % 4:  # most people report from home on most days
                    _report(subject, login, (30.63, 120.56))
                if n in (2, 5) and back % 5 == 0:  # two people's phones now and then place them in Hangzhou
                    _report(subject, login, HANGZHOU)
            services.summarise_reports(day)
            if back:
                services.summarise_check_in_compliance(day - dt.timedelta(days=1))
    for n, alert in enumerate(Alert.objects.order_by("day", "pk")[:5]):
        officer = next(officer for subject, _login, officer in people if subject.pk == alert.subject_id)
        services.triage_alert(alert, confirmed=n == 0, cause="" if n == 0 else "gps_drift", acting_user=officer)
    _programme(people, today)
    return offices


def _programme(people, today):
    risk = Questionnaire.objects.get(code="risk-basic")
    for n, (subject, login, _officer) in enumerate(people[:6]):
        answers = [(0, 0, 0, 0, 0), (2, 2, 0, 0, 0), (2, 2, 2, 1, 0)][n % 3]
        services.take_assessment(subject, risk, {f"r{i + 1}": a for i, a in enumerate(answers)}, acting_user=login)
    for n, (subject, login, officer) in enumerate(people[:3]):
        leave = services.apply_for_leave(subject, acting_user=login, destination="杭州市", reason="复查",
                                         starts_on=today + dt.timedelta(days=3), ends_on=today + dt.timedelta(days=4))
        services.decide_leave(leave, approve=n < 2, acting_user=officer, note="" if n < 2 else "理由不充分")
    for n, (subject, login, officer) in enumerate(people[3:6]):
        request = services.request_assistance(subject, acting_user=login, kind="employment", description="需要找工作")
        if n < 2:
            services.close_assistance(request, acting_user=officer, outcome=["helped", "referred"][n], note="已处理")
    for subject, _login, officer in people[:4]:
        services.record_welfare_activity(subject, acting_user=officer, day=today, minutes=120, description="社区清扫")


@pytest.mark.parametrize("viewport, name", [(PHONE, "phone"), (DESKTOP, "desktop")])
def test_the_cockpit_shows_the_map_and_charts_at_phone_and_desktop_width(live_server, new_page, county_with_history,
                                                                          screenshot, viewport, name):
    page = new_page(viewport)
    sign_in(page, live_server.url, "head-chen")

    page.goto(f"{live_server.url}/correction/cockpit/")

    expect(page.locator("#active-count")).to_have_text("9")
    expect(page.locator("#office-map svg.map")).to_be_visible()
    expect(page.locator("#office-map .map-name")).to_have_count(4)
    expect(page.locator("#offices-without-coordinates")).to_contain_text("崇福司法所")
    expect(page.locator("#by-crime svg.bar").first).to_be_visible()
    expect(page.locator("#chart-compliance")).to_contain_text("%")
    expect(page.locator("#chart-alerts")).to_contain_text("未经批准离开县（市）")
    expect(page.locator("#trend-check-ins rect.column").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    screenshot(page, f"correction-cockpit-{name}")

    page.locator("input[name=days][value='7']").check()
    page.locator(".cockpit-filter button[type=submit]").click()

    expect(page.locator("#cockpit-period")).to_contain_text("最近 7 天")
    expect(page.locator("#trend-check-ins rect.column")).to_have_count(7)
