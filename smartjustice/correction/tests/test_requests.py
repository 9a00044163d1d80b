"""Assistance tracked to an outcome, change of residence with approval, destination check-ins
and the return report, and the lost-contact rule from the policy table."""
import datetime as dt
import uuid

import pytest

from smartjustice.core.errors import InvalidInput, NotFound
from smartjustice.correction import services
from smartjustice.correction.errors import ReasonRequired, StateConflict
from smartjustice.correction.models import (
    Alert,
    AssistanceRequest,
    DailyMetric,
    LeaveCheckIn,
    ResidenceChange,
)

from .conftest import INSIDE, audit_count

D = dt.date


def test_assistance_goes_from_request_to_outcome(subject, subject_user, officer):
    request = services.request_assistance(subject, acting_user=subject_user, kind="employment",
                                          description="刚失业，希望找一份工厂的工作")
    services.take_up_assistance(request, acting_user=officer)

    closed = services.close_assistance(request, acting_user=officer, outcome="helped", note="推荐至桐乡某羊毛衫厂就业")

    assert (closed.status, closed.outcome, closed.handled_by_id) == ("closed", "helped", officer.pk)
    assert DailyMetric.objects.get(metric="assistance.helped").value == 1
    assert audit_count("correction.assistance.closed") == 1


def test_closing_twice_is_refused(subject, subject_user, officer):
    request = services.request_assistance(subject, acting_user=subject_user, kind="medical", description="需要办理医保")
    services.close_assistance(request, acting_user=officer, outcome="referred", note="转介医保局")

    with pytest.raises(StateConflict):
        services.close_assistance(request, acting_user=officer, outcome="helped", note="再次")


def test_an_unknown_kind_of_help_is_refused(subject, subject_user):
    with pytest.raises(InvalidInput) as raised:
        services.request_assistance(subject, acting_user=subject_user, kind="money", description="需要帮助呀")
    assert raised.value.field == "kind" and AssistanceRequest.objects.count() == 0


def test_another_office_cannot_handle_assistance(subject, subject_user, officer_fengming):
    request = services.request_assistance(subject, acting_user=subject_user, kind="schooling", description="孩子入学问题")

    with pytest.raises(NotFound):
        services.take_up_assistance(request, acting_user=officer_fengming)
    request.refresh_from_db()
    assert request.status == "submitted"


def test_an_approved_move_changes_the_residence_on_file(subject, subject_user, officer):
    change = services.apply_for_residence_change(subject, acting_user=subject_user, new_address="桐乡市凤鸣街道新村2号",
                                                 moving_on=D(2026, 3, 1), reason="租房到期")

    services.decide_residence_change(change, approve=True, acting_user=officer)

    subject.refresh_from_db()
    assert subject.residence_address == "桐乡市凤鸣街道新村2号"
    assert audit_count("correction.subject.residence_changed") == 1


def test_a_refused_move_needs_a_reason_and_leaves_the_file(subject, subject_user, officer):
    change = services.apply_for_residence_change(subject, acting_user=subject_user, new_address="桐乡市凤鸣街道新村2号",
                                                 moving_on=D(2026, 3, 1), reason="租房到期")
    address = subject.residence_address

    with pytest.raises(ReasonRequired):
        services.decide_residence_change(change, approve=False, acting_user=officer)

    change.refresh_from_db()
    subject.refresh_from_db()
    assert (change.status, subject.residence_address) == ("submitted", address)


def test_a_second_pending_move_is_refused(subject, subject_user):
    services.apply_for_residence_change(subject, acting_user=subject_user, new_address="桐乡市凤鸣街道新村2号",
                                        moving_on=D(2026, 3, 1), reason="租房到期")
    with pytest.raises(StateConflict):
        services.apply_for_residence_change(subject, acting_user=subject_user, new_address="桐乡市梧桐街道3号",
                                            moving_on=D(2026, 3, 2), reason="另一处")
    assert ResidenceChange.objects.count() == 1


@pytest.fixture
def trip(subject, subject_user, officer, frozen):
    leave = services.apply_for_leave(subject, acting_user=subject_user, destination="杭州市", reason="探亲",
                                     starts_on=D(2026, 2, 10), ends_on=D(2026, 2, 12), destination_lat=30.27,
                                     destination_lon=120.15)
    return services.decide_leave(leave, approve=True, acting_user=officer)


def test_a_destination_check_in_records_the_distance(trip, subject_user):
    row = services.check_in_on_leave(trip, acting_user=subject_user, latitude=30.28, longitude=120.15,
                                     client_id=str(uuid.uuid4()))

    assert row.distance_m == 1112


def test_destination_check_ins_only_during_the_trip(trip, subject_user, frozen):
    frozen.shift(dt.timedelta(days=3))

    with pytest.raises(InvalidInput):
        services.check_in_on_leave(trip, acting_user=subject_user, latitude=30.28, longitude=120.15)
    assert LeaveCheckIn.objects.count() == 0


def test_the_return_report_ends_the_trip(trip, subject_user):
    returned = services.file_return_report(trip, acting_user=subject_user, text="按时返回，探亲顺利")

    assert (returned.status, returned.return_report) == ("returned", "按时返回，探亲顺利")
    with pytest.raises(StateConflict):
        services.check_in_on_leave(returned, acting_user=subject_user, latitude=30.28, longitude=120.15)


def test_lost_contact_is_flagged_after_the_policy_hours_once(subject, subject_user, frozen):
    frozen.shift(dt.timedelta(hours=25))

    assert services.flag_lost_contact() == 1
    assert services.flag_lost_contact() == 0
    assert Alert.objects.get().rule == "lost_contact"


def test_a_recent_location_report_prevents_lost_contact(subject, subject_user, frozen):
    frozen.shift(dt.timedelta(hours=20))
    services.submit_location_report(subject, acting_user=subject_user, latitude=INSIDE[0], longitude=INSIDE[1],
                                    client_id=str(uuid.uuid4()))
    frozen.shift(dt.timedelta(hours=5))

    assert services.flag_lost_contact() == 0


def test_the_lost_contact_hours_come_from_the_policy(subject, frozen, administrator, org_tree):
    services.update_policy("lost_contact.hours", 48, acting_user=administrator, org=org_tree["county"])
    frozen.shift(dt.timedelta(hours=25))

    assert services.flag_lost_contact() == 0
    assert Alert.objects.count() == 0
