"""Leave to go outside the county (第二十七条第一款): limits from the policy table, approval by
an officer, blocked when it conflicts with a prohibition order."""
import datetime as dt

import pytest

from smartjustice.core.errors import InvalidInput, NotFound
from smartjustice.correction import services
from smartjustice.correction.errors import (
    LeaveConflictsWithProhibition,
    LeaveTooLong,
    ReasonRequired,
)
from smartjustice.correction.models import LeaveApplication

D = dt.date


def apply(subject, user, days=3, **extra):
    extra.setdefault("destination", "杭州市")
    return services.apply_for_leave(subject, acting_user=user, reason="探望住院的母亲", starts_on=D(2026, 2, 12),
                                    ends_on=D(2026, 2, 12) + dt.timedelta(days=days - 1), **extra)


def test_a_subject_applies_and_an_officer_approves(subject, subject_user, officer):
    leave = apply(subject, subject_user)

    decided = services.decide_leave(leave, approve=True, acting_user=officer)

    assert (decided.status, decided.decided_by_id) == ("approved", officer.pk)


def test_leave_longer_than_the_policy_allows_is_refused(subject, subject_user):
    with pytest.raises(LeaveTooLong) as raised:
        apply(subject, subject_user, days=31)

    assert "31" in str(raised.value) and "30" in str(raised.value)
    assert LeaveApplication.objects.count() == 0


def test_a_policy_edit_takes_effect_on_the_next_application(subject, subject_user, administrator, org_tree):
    services.update_policy("leave.max_days_per_trip", 7, acting_user=administrator, org=org_tree["county"])

    with pytest.raises(LeaveTooLong):
        apply(subject, subject_user, days=8)
    assert apply(subject, subject_user, days=7).days == 7


def test_approval_rechecks_a_limit_lowered_after_applying(subject, subject_user, officer, administrator, org_tree):
    leave = apply(subject, subject_user, days=10)
    services.update_policy("leave.max_days_per_trip", 7, acting_user=administrator, org=org_tree["county"])

    with pytest.raises(LeaveTooLong):
        services.decide_leave(leave, approve=True, acting_user=officer)

    leave.refresh_from_db()
    assert leave.status == "submitted"


def test_a_destination_in_an_active_prohibited_area_is_blocked(subject, subject_user, officer):
    services.add_prohibition_order(subject, document_number="（2026）浙0483刑初1号", starts_on=D(2026, 2, 2),
                                   ends_on=D(2027, 2, 1), acting_user=officer,
                                   areas=[{"name": "被害人所在小区", "circle": {"lat": 30.27, "lon": 120.15, "radius_m": 500}}])

    with pytest.raises(LeaveConflictsWithProhibition) as raised:
        apply(subject, subject_user, destination_lat=30.271, destination_lon=120.151)

    assert "被害人所在小区" in str(raised.value) and "2027-02-01" in str(raised.value)
    assert LeaveApplication.objects.count() == 0


def test_dates_in_the_past_or_reversed_are_refused(subject, subject_user):
    with pytest.raises(InvalidInput) as past:
        services.apply_for_leave(subject, acting_user=subject_user, destination="杭州", reason="看病",
                                 starts_on=D(2026, 2, 9), ends_on=D(2026, 2, 10))
    with pytest.raises(InvalidInput) as reversed_dates:
        services.apply_for_leave(subject, acting_user=subject_user, destination="杭州", reason="看病",
                                 starts_on=D(2026, 2, 12), ends_on=D(2026, 2, 11))

    assert (past.value.field, reversed_dates.value.field) == ("starts_on", "ends_on")


def test_a_refusal_needs_a_reason(subject, subject_user, officer):
    leave = apply(subject, subject_user)

    with pytest.raises(ReasonRequired):
        services.decide_leave(leave, approve=False, acting_user=officer)
    services.decide_leave(leave, approve=False, acting_user=officer, note="理由不充分，请补充住院证明")

    leave.refresh_from_db()
    assert leave.status == "rejected"


def test_an_officer_of_another_office_cannot_decide(subject, subject_user, officer_fengming):
    leave = apply(subject, subject_user)

    with pytest.raises(NotFound):
        services.decide_leave(leave, approve=True, acting_user=officer_fengming)


def test_return_is_reported_after_an_approved_trip(subject, subject_user, officer):
    leave = services.decide_leave(apply(subject, subject_user), approve=True, acting_user=officer)

    assert services.report_return(leave, acting_user=subject_user).status == "returned"
