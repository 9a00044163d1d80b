"""The cockpit (驾驶舱): check-in compliance from the daily summary, alerts per rule with their
false rate, people by level, risk band, type, crime and office, the map's offices, the scope
of each role, and a page that never reads the location rows."""
import datetime as dt
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from smartjustice.core.clock import LEGAL_TZ
from smartjustice.correction import cockpit, services
from smartjustice.correction.models import Alert, DailyMetric, Questionnaire
from smartjustice.orgs.choices import Role

from . import factories
from .conftest import HANGZHOU, INSIDE


@pytest.fixture
def as_user(client):
    def login(user):
        client.force_login(user)
        return client
    return login


def at(day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(2026, 2, day, hour, 0, tzinfo=LEGAL_TZ)


def report(subject, user, position=INSIDE, **extra):
    return services.submit_location_report(subject, acting_user=user, latitude=position[0], longitude=position[1],
                                           client_id=str(uuid.uuid4()), **extra)


@pytest.fixture
def person(make_user, officer, officer_fengming, org_tree):
    """person("wutong", classification="strict", ...) → a file in correction with its own login."""
    officers = {"wutong": officer, "fengming": officer_fengming}

    def build(office="wutong", **overrides):
        org = org_tree[office]
        login = make_user(Role.CORRECTION_SUBJECT, org)
        subject = services.register_subject(factories.probation_data(**overrides), org=org,
                                            acting_user=officers[office], user=login)
        if subject.status == "awaiting_report":  # a 暂予监外执行 file is received in correction at once
            subject = services.record_report_in(subject, acting_user=officers[office])
        return subject, login
    return build


# Check-in compliance ---------------------------------------------------------------------------

@pytest.fixture
def compliance_days(frozen, person, county_fence):
    """Reported in on 2026-02-10. 梧桐: A (严管, every day) checks in on the 10th and 12th,
    B (普管, every 3 days) on the 11th; 凤鸣: C (严管) never checks in."""
    a, a_login = person("wutong", classification="strict")
    b, b_login = person("wutong", classification="ordinary")
    person("fengming", classification="strict")
    report(a, a_login)
    frozen.move_to(at(11))
    report(b, b_login)
    frozen.move_to(at(12))
    report(a, a_login)
    frozen.move_to(at(13, 2))
    for day in (10, 11, 12):
        services.summarise_check_in_compliance(dt.date(2026, 2, day))


def test_compliance_counts_person_days_within_each_levels_interval(compliance_days, org_tree):
    rows = DailyMetric.objects.filter(metric__startswith="compliance.").order_by("day", "org__name", "metric")

    assert [(row.day.day, row.org.name, row.metric, row.value) for row in rows] == [
        (10, "凤鸣司法所", "compliance.due", 1), (10, "凤鸣司法所", "compliance.kept", 0),
        (10, "梧桐司法所", "compliance.due", 1), (10, "梧桐司法所", "compliance.kept", 1),
        (11, "凤鸣司法所", "compliance.due", 1), (11, "凤鸣司法所", "compliance.kept", 0),
        (11, "梧桐司法所", "compliance.due", 1), (11, "梧桐司法所", "compliance.kept", 0),
        (12, "凤鸣司法所", "compliance.due", 1), (12, "凤鸣司法所", "compliance.kept", 0),
        (12, "梧桐司法所", "compliance.due", 2), (12, "梧桐司法所", "compliance.kept", 2),
    ]


def test_the_cockpit_rate_is_kept_over_due_per_office_and_overall(compliance_days, supervisor):
    result = cockpit.cockpit_data(supervisor, days=7)["compliance"]

    assert {key: result[key] for key in ("due", "kept", "missed", "rate", "check_ins")} == {
        "due": 7, "kept": 3, "missed": 4, "rate": 0.4286, "check_ins": 3}
    assert result["by_office"] == [{"name": "凤鸣司法所", "due": 3, "kept": 0, "rate": 0.0},
                                   {"name": "梧桐司法所", "due": 4, "kept": 3, "rate": 0.75}]


def test_summarising_a_day_twice_sets_the_same_counters(compliance_days):
    before = list(DailyMetric.objects.filter(metric__startswith="compliance.").values_list("org_id", "day", "metric", "value"))

    assert services.summarise_check_in_compliance(dt.date(2026, 2, 12)) == 2

    after = list(DailyMetric.objects.filter(metric__startswith="compliance.").values_list("org_id", "day", "metric", "value"))
    assert sorted(after) == sorted(before)


def test_a_released_person_still_counts_for_the_days_before_release(frozen, person, officer):
    subject, _login = person("wutong", classification="strict", subject_type="temporary_outside",
                             sentence_expires_on=dt.date(2026, 2, 11))
    frozen.move_to(at(12))
    services.release_subject(subject, acting_user=officer)

    services.summarise_check_in_compliance(dt.date(2026, 2, 11))
    services.summarise_check_in_compliance(dt.date(2026, 2, 12))

    due = dict(DailyMetric.objects.filter(metric="compliance.due").values_list("day", "value"))
    assert due == {dt.date(2026, 2, 11): 1}


# Alerts per rule -----------------------------------------------------------------------------

def test_alerts_per_rule_with_outcomes_and_false_rate(subject, subject_user, officer, supervisor, county_fence, frozen):
    for day in range(10, 14):
        frozen.move_to(at(day))
        report(subject, subject_user, HANGZHOU)
    services.flag_missed_check_ins(dt.date(2026, 2, 13))
    left = list(Alert.objects.filter(rule="left_county").order_by("day"))
    services.triage_alert(left[0], confirmed=False, cause="gps_drift", acting_user=officer)
    services.triage_alert(left[1], confirmed=False, cause="indoor_signal", acting_user=officer)
    services.triage_alert(left[2], confirmed=True, acting_user=officer)
    services.triage_alert(Alert.objects.get(rule="missed_check_in"), confirmed=False, cause="gps_drift",
                          acting_user=officer)

    data = cockpit.cockpit_data(supervisor, days=7)

    assert data["alerts"]["rules"] == [
        {"rule": "left_county", "label": "未经批准离开县（市）", "raised": 4, "open": 1, "confirmed": 1, "false": 2,
         "false_rate": 0.6667},
        {"rule": "missed_check_in", "label": "未按时签到", "raised": 1, "open": 0, "confirmed": 0, "false": 1,
         "false_rate": 1.0}]
    assert {key: data["alerts"][key] for key in ("raised", "open", "confirmed", "false", "false_rate")} == {
        "raised": 5, "open": 1, "confirmed": 1, "false": 3, "false_rate": 0.75}
    assert (data["open_alerts"], data["false_rate"]) == (1, 0.75)
    assert [values["alerts"] for _day, values in data["trend"]] == [0, 0, 0, 1, 1, 1, 2]


def test_the_period_leaves_out_older_alerts(subject, subject_user, supervisor, county_fence, frozen):
    report(subject, subject_user, HANGZHOU)
    frozen.move_to(at(20))

    week, month = cockpit.cockpit_data(supervisor, days=7), cockpit.cockpit_data(supervisor, days=30)

    assert (week["alerts"]["raised"], month["alerts"]["raised"]) == (0, 1)
    assert (len(week["trend"]), week["trend"][0][0], week["trend"][-1][0]) == (7, dt.date(2026, 2, 14), dt.date(2026, 2, 20))
    assert week["open_alerts"] == 1  # open now, whenever raised


# People by type, level, risk, crime and office; the map --------------------------------------

@pytest.fixture
def people(subject, subject_user, person, officer, frozen):
    """梧桐: the `subject` fixture (缓刑, 普管, 危险驾驶罪) with two risk assessments, a 假释 (严管,
    盗窃罪) and a released file; 凤鸣: a 管制 (宽管, 盗窃罪)."""
    risk = Questionnaire.objects.get(code="risk-basic")
    services.take_assessment(subject, risk, {"r1": 2, "r2": 2, "r3": 0, "r4": 0, "r5": 0}, acting_user=subject_user)
    frozen.shift(dt.timedelta(minutes=5))
    services.take_assessment(subject, risk, {"r1": 0, "r2": 0, "r3": 0, "r4": 0, "r5": 0}, acting_user=subject_user)
    person("wutong", subject_type="parole", classification="strict", crime_type="盗窃罪", parole_on=dt.date(2026, 2, 2),
           sentence_expires_on=dt.date(2026, 12, 31))
    released, _login = person("wutong", subject_type="temporary_outside", sentence_expires_on=dt.date(2026, 2, 10))
    services.release_subject(released, acting_user=officer)
    person("fengming", subject_type="control", classification="lenient", crime_type="盗窃罪", sentence_months=6,
           principal_penalty="control")


def test_people_by_type_level_risk_crime_and_office(people, supervisor):
    data = cockpit.cockpit_data(supervisor)

    assert data["active"] == 3
    assert data["by_type"] == [("管制", 1), ("假释", 1), ("缓刑", 1)]
    assert data["by_level"] == [("严管", 1), ("普管", 1), ("宽管", 1)]
    assert data["by_risk"] == [("低风险", 1), ("未评估", 2)]
    assert data["by_crime"] == [("盗窃罪", 2), ("危险驾驶罪", 1)]
    assert data["by_office"] == [("梧桐司法所", 2), ("凤鸣司法所", 1)]


def test_risk_bands_run_from_the_highest_risk_down(subject, subject_user, person, supervisor):
    risk = Questionnaire.objects.get(code="risk-basic")
    other, other_login = person("wutong")
    services.take_assessment(subject, risk, {"r1": 0, "r2": 0, "r3": 0, "r4": 0, "r5": 0}, acting_user=subject_user)
    services.take_assessment(other, risk, {"r1": 2, "r2": 2, "r3": 2, "r4": 1, "r5": 0}, acting_user=other_login)
    person("wutong")

    assert cockpit.cockpit_data(supervisor)["by_risk"] == [("高风险", 1), ("低风险", 1), ("未评估", 1)]


def test_the_map_places_offices_with_coordinates_and_lists_the_others(people, supervisor, org_tree, subject_user,
                                                                       subject, county_fence):
    wutong = org_tree["wutong"]
    wutong.latitude, wutong.longitude = 30.63, 120.56
    wutong.save()
    report(subject, subject_user, HANGZHOU)

    result = cockpit.cockpit_data(supervisor)["map"]

    assert result["offices"] == [{"id": wutong.pk, "name": "梧桐司法所", "subjects": 2, "open_alerts": 1,
                                  "latitude": 30.63, "longitude": 120.56}]
    assert [(row["name"], row["subjects"], row["open_alerts"]) for row in result["without_coordinates"]] == [
        ("凤鸣司法所", 1, 0)]
    assert [outline["name"] for outline in result["outlines"]] == ["桐乡市"]


# Scope and permissions ------------------------------------------------------------------------

def test_an_officer_sees_only_their_own_office(people, officer_fengming, officer_other_county, org_tree):
    fengming = cockpit.cockpit_data(officer_fengming)
    other = cockpit.cockpit_data(officer_other_county)

    assert (fengming["active"], fengming["by_office"]) == (1, [("凤鸣司法所", 1)])
    assert [row["name"] for row in fengming["map"]["without_coordinates"]] == ["凤鸣司法所"]
    assert (other["active"], other["by_office"], other["by_type"]) == (0, [], [])
    assert [row["name"] for row in other["map"]["without_coordinates"]] == ["硖石司法所"]


@pytest.mark.parametrize("who, office, status", [
    ("supervisor", "wutong", 200), ("township_supervisor", "wutong", 200), ("officer", "wutong", 200),
    ("officer_fengming", "wutong", 404), ("supervisor_other_county", "wutong", 404),
    ("township_supervisor", "county", 404), ("subject_user", "wutong", 403),
])
def test_narrowing_to_an_office_outside_ones_scope_is_404(people, request, as_user, org_tree, who, office, status):
    client = as_user(request.getfixturevalue(who))

    response = client.get(f"/correction/cockpit/?office={org_tree[office].pk}")

    assert response.status_code == status


def test_a_supervisor_narrowed_to_one_office_sees_only_it(people, supervisor, as_user, org_tree):
    page = as_user(supervisor).get(f"/correction/cockpit/?days=7&office={org_tree['fengming'].pk}").content.decode()

    assert '<p class="big-number" id="active-count">1</p>' in page
    assert "凤鸣司法所 · 最近 7 天" in page


def test_a_period_other_than_7_30_or_90_days_is_refused_with_a_message(people, supervisor, as_user):
    page = as_user(supervisor).get("/correction/cockpit/?days=365").content.decode()

    assert '<p class="error" role="alert" id="period-error">请选择 7 天、30 天或 90 天。</p>' in page
    assert "最近 30 天" in page


# The page ---------------------------------------------------------------------------------------

def test_the_page_never_reads_location_rows_and_its_queries_do_not_grow(people, subject, subject_user, person,
                                                                         supervisor, as_user, county_fence):
    client = as_user(supervisor)
    client.get("/correction/cockpit/")  # session and caches warmed

    def page_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/correction/cockpit/?days=90").status_code == 200
        return [q["sql"] for q in queries.captured_queries]

    before = page_queries()
    for _n in range(3):
        report(subject, subject_user, HANGZHOU)
        report(subject, subject_user)
    other, other_login = person("fengming", classification="strict")
    report(other, other_login)
    services.summarise_reports()
    services.summarise_check_in_compliance(dt.date(2026, 2, 10))
    after = page_queries()

    assert [sql for sql in before + after if "correction_locationreport" in sql] == []
    assert len(after) == len(before) == 16


def test_the_page_draws_the_map_and_the_charts_with_their_numbers_as_text(people, supervisor, as_user, org_tree):
    wutong = org_tree["wutong"]
    wutong.latitude, wutong.longitude = 30.63, 120.56
    wutong.save()

    page = as_user(supervisor).get("/correction/cockpit/").content.decode()

    assert '<svg class="map" viewBox="0 0 400 300"' in page
    assert '<circle class="map-office map-calm" cx="200.0" cy="150.0" r="22.0">' in page
    assert '<tspan class="map-name">梧桐司法所</tspan>' in page
    assert 'id="offices-without-coordinates"' in page and "凤鸣司法所" in page
    assert '<span class="bar-label">盗窃罪</span><span class="bar-value">2</span>' in page
    assert '<rect class="bar-fill" width="100.0%"' in page
    assert '<rect class="bar-fill" width="50.0%"' in page
