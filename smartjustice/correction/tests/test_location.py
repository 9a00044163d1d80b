"""Location reports: validation, replay, geofence alerts, passive check-in, triage and the
false-alert report."""
import datetime as dt
import uuid

import pytest

from smartjustice.core.clock import LEGAL_TZ
from smartjustice.core.errors import InvalidInput, NotFound
from smartjustice.correction import services
from smartjustice.correction.errors import ReportInFuture, ReportTooOld
from smartjustice.correction.models import Alert, CheckIn, DailyMetric, LocationReport

from .conftest import HANGZHOU, INSIDE


def report(subject, user, position=INSIDE, **extra):
    extra.setdefault("client_id", str(uuid.uuid4()))
    return services.submit_location_report(subject, acting_user=user, latitude=position[0], longitude=position[1], **extra)


@pytest.mark.parametrize("lat, lon, field", [(91, 120, "latitude"), (30, 181, "longitude"), ("abc", 120, "latitude"),
                                             (float("nan"), 120, "latitude")])
def test_coordinates_out_of_range_are_refused(subject, subject_user, lat, lon, field):
    with pytest.raises(InvalidInput) as raised:
        report(subject, subject_user, (lat, lon))

    assert raised.value.field == field
    assert LocationReport.objects.count() == 0


def test_reports_from_the_future_or_too_old_are_refused(subject, subject_user, frozen):
    now = dt.datetime(2026, 2, 10, 10, 0, tzinfo=LEGAL_TZ)

    with pytest.raises(ReportInFuture):
        report(subject, subject_user, recorded_at=now + dt.timedelta(minutes=5))
    with pytest.raises(ReportTooOld):
        report(subject, subject_user, recorded_at=now - dt.timedelta(hours=2))
    report(subject, subject_user, recorded_at=now - dt.timedelta(minutes=30))

    assert LocationReport.objects.count() == 1


def test_a_replayed_report_is_refused_and_stored_once(subject, subject_user, county_fence):
    client_id = str(uuid.uuid4())
    report(subject, subject_user, client_id=client_id)

    with pytest.raises(services.ReportReplayed):
        report(subject, subject_user, client_id=client_id)

    assert LocationReport.objects.count() == 1
    assert CheckIn.objects.count() == 1


def test_someone_else_cannot_report_for_the_subject(subject, make_user):
    with pytest.raises(NotFound):
        report(subject, make_user())


def test_an_app_report_inside_the_county_is_the_days_passive_check_in(subject, subject_user, county_fence):
    report(subject, subject_user)
    report(subject, subject_user)

    check_in = CheckIn.objects.get()
    assert (check_in.is_passive, check_in.counts, check_in.day) == (True, True, dt.date(2026, 2, 10))
    assert DailyMetric.objects.get(metric="check_ins").value == 1
    assert services.summarise_reports(dt.date(2026, 2, 10)) == 1
    assert services.summarise_reports(dt.date(2026, 2, 10)) == 1
    assert DailyMetric.objects.get(metric="reports").value == 2


def test_a_worker_that_has_not_seen_the_days_check_in_does_not_count_a_second_one(subject, subject_user, county_fence):
    first = report(subject, subject_user)
    services.forget_check_in_cache()  # as a second server process would start: nothing cached

    second = report(subject, subject_user)

    assert (first.counted_check_in, second.counted_check_in) == (True, False)
    assert CheckIn.objects.get().report_id == first.pk
    assert DailyMetric.objects.get(metric="check_ins").value == 1
    assert LocationReport.objects.count() == 2


def test_leaving_the_county_without_leave_raises_one_alert_a_day(subject, subject_user, county_fence):
    report(subject, subject_user, HANGZHOU)
    report(subject, subject_user, HANGZHOU)

    alert = Alert.objects.get()
    assert (alert.rule, alert.status) == ("left_county", "open")
    assert LocationReport.objects.get(pk=alert.report_id).inside_county is False
    assert CheckIn.objects.count() == 0


def test_approved_leave_covers_the_trip(subject, subject_user, officer, county_fence):
    leave = services.apply_for_leave(subject, acting_user=subject_user, destination="杭州市", reason="看病",
                                     starts_on=dt.date(2026, 2, 10), ends_on=dt.date(2026, 2, 12))
    services.decide_leave(leave, approve=True, acting_user=officer)

    report(subject, subject_user, HANGZHOU)

    assert Alert.objects.count() == 0


def test_a_position_just_outside_within_gps_accuracy_raises_no_alert(subject, subject_user, county_fence):
    report(subject, subject_user, (30.4995, 120.5))  # about 55 m south of the fence

    assert Alert.objects.count() == 0


def test_entering_a_prohibited_area_raises_an_alert(subject, subject_user, officer, county_fence):
    services.add_prohibition_order(subject, document_number="（2026）浙0483刑初1号", starts_on=dt.date(2026, 2, 2),
                                   ends_on=dt.date(2027, 2, 1), acting_user=officer,
                                   areas=[{"name": "振东新区娱乐场所", "circle": {"lat": 30.63, "lon": 120.56, "radius_m": 200}}])

    report(subject, subject_user, (30.6305, 120.5605))

    alert = Alert.objects.get()
    assert (alert.rule, alert.detail) == ("prohibited_area", "振东新区娱乐场所")
    assert CheckIn.objects.count() == 0


def test_entering_a_restricted_zone_polygon_raises_an_alert(subject, subject_user, administrator, org_tree, county_fence):
    services.define_zone(kind="admin_zone", name="水上乐园", county=org_tree["county"], acting_user=administrator,
                         polygon=[[30.60, 120.50], [30.60, 120.52], [30.62, 120.52], [30.62, 120.50]])

    report(subject, subject_user, (30.61, 120.51))

    assert list(Alert.objects.values_list("rule", "detail")) == [("restricted_zone", "水上乐园")]


def test_a_bad_polygon_is_refused(administrator, org_tree):
    with pytest.raises(InvalidInput):
        services.define_zone(kind="admin_zone", name="x", county=org_tree["county"], acting_user=administrator,
                             polygon=[[30.6, 120.5], [30.6, 120.5]])


def test_missed_check_ins_raise_alerts_once(subject, frozen):
    assert services.flag_missed_check_ins(dt.date(2026, 2, 10)) == 0  # reported in today
    assert services.flag_missed_check_ins(dt.date(2026, 2, 13)) == 1  # ordinary level: every 3 days
    assert services.flag_missed_check_ins(dt.date(2026, 2, 13)) == 0

    assert list(Alert.objects.values_list("rule", flat=True)) == ["missed_check_in"]


def test_triage_false_alert_needs_a_cause_and_changes_nothing_without(subject, subject_user, officer, county_fence):
    report(subject, subject_user, HANGZHOU)
    alert = Alert.objects.get()

    with pytest.raises(InvalidInput):
        services.triage_alert(alert, confirmed=False, acting_user=officer)
    alert.refresh_from_db()
    assert alert.status == "open"

    services.triage_alert(alert, confirmed=False, cause="gps_drift", acting_user=officer)
    alert.refresh_from_db()
    assert (alert.status, alert.false_cause, alert.triaged_by_id) == ("false", "gps_drift", officer.pk)


def test_another_office_cannot_triage(subject, subject_user, officer_fengming, county_fence):
    report(subject, subject_user, HANGZHOU)

    with pytest.raises(NotFound):
        services.triage_alert(Alert.objects.get(), confirmed=True, acting_user=officer_fengming)


def test_false_alert_report_per_rule_and_device(subject, subject_user, officer, county_fence, frozen):
    for day in range(10, 14):
        frozen.move_to(dt.datetime(2026, 2, day, 10, 0, tzinfo=LEGAL_TZ))
        report(subject, subject_user, HANGZHOU, device_id="PHONE-A")
    alerts = list(Alert.objects.order_by("day"))
    services.triage_alert(alerts[0], confirmed=False, cause="gps_drift", acting_user=officer)
    services.triage_alert(alerts[1], confirmed=False, cause="indoor_signal", acting_user=officer)
    services.triage_alert(alerts[2], confirmed=True, acting_user=officer)  # alerts[3] stays open

    result = services.false_alert_report(officer)

    assert result["rules"] == [{"rule": "left_county", "label": "未经批准离开县（市）",
                                "triaged": 3, "false": 2, "rate": 0.6667}]
    assert result["devices"] == [{"device_id": "PHONE-A", "triaged": 3, "false": 2, "rate": 0.6667}]


def test_false_alert_report_is_scoped(subject, subject_user, officer, officer_fengming, county_fence):
    report(subject, subject_user, HANGZHOU)
    services.triage_alert(Alert.objects.get(), confirmed=False, cause="gps_drift", acting_user=officer)

    assert services.false_alert_report(officer_fengming) == {"rules": [], "devices": []}
