"""Electronic positioning within 《社区矫正法》第二十九条: refused without an order, approved only
by the county bureau head, at most three months, renewal only by a new approval, tracks
stopped at expiry."""
import datetime as dt
import uuid

import pytest

from smartjustice.audit.models import AuditEntry
from smartjustice.core.clock import LEGAL_TZ
from smartjustice.core.errors import NotFound
from smartjustice.correction import services
from smartjustice.correction.errors import (
    PositioningApproverNotCounty,
    PositioningNotAuthorised,
    PositioningTooLong,
)
from smartjustice.correction.models import LocationReport


def device_report(subject, user, **extra):
    return services.submit_location_report(subject, acting_user=user, source="device", latitude=30.63,
                                           longitude=120.56, client_id=str(uuid.uuid4()), device_id="GPS-1", **extra)


def approved_order(subject, officer, supervisor, months=3, renews=None):
    order = services.propose_positioning(subject, ground="left_without_approval", facts="2026年2月8日未经批准前往杭州。",
                                         months=months, acting_user=officer, renews=renews)
    return services.approve_positioning(order, acting_user=supervisor)


def test_device_reports_are_refused_without_an_order_and_nothing_is_stored(subject, subject_user):
    with pytest.raises(PositioningNotAuthorised):
        device_report(subject, subject_user)

    assert LocationReport.objects.count() == 0


def test_tracks_are_refused_without_a_current_order(subject, officer):
    with pytest.raises(PositioningNotAuthorised):
        services.track_for_user(officer, subject)

    assert not AuditEntry.objects.filter(action="correction.track.read").exists()


def test_a_proposed_but_unapproved_order_authorises_nothing(subject, officer, subject_user):
    services.propose_positioning(subject, ground="violated_prohibition_order", facts="进入禁止区域。", acting_user=officer)

    with pytest.raises(PositioningNotAuthorised):
        device_report(subject, subject_user)


def test_an_order_longer_than_three_months_is_refused(subject, officer):
    with pytest.raises(PositioningTooLong):
        services.propose_positioning(subject, ground="left_without_approval", facts="未经批准外出。", months=4,
                                     acting_user=officer)


def test_an_unknown_ground_is_refused(subject, officer):
    with pytest.raises(Exception) as raised:
        services.propose_positioning(subject, ground="general_risk", facts="风险较高。", acting_user=officer)

    assert raised.value.field == "ground"


def test_only_the_county_bureau_head_approves(subject, officer, township_supervisor, supervisor_other_county):
    order = services.propose_positioning(subject, ground="left_without_approval", facts="未经批准外出。", acting_user=officer)

    with pytest.raises(PositioningApproverNotCounty):
        services.approve_positioning(order, acting_user=township_supervisor)
    with pytest.raises(NotFound):
        services.approve_positioning(order, acting_user=supervisor_other_county)
    with pytest.raises(NotFound):
        services.approve_positioning(order, acting_user=officer)

    order.refresh_from_db()
    assert order.status == "proposed"


def test_an_approved_order_lasts_three_months_and_tracks_stop_at_expiry(subject, officer, supervisor, subject_user, frozen):
    order = approved_order(subject, officer, supervisor)
    assert order.ends_at == dt.datetime(2026, 5, 10, 10, 0, tzinfo=LEGAL_TZ)
    device_report(subject, subject_user)

    assert len(services.track_for_user(officer, subject)) == 1
    assert AuditEntry.objects.filter(action="correction.track.read", kind="read").count() == 1

    frozen.move_to(dt.datetime(2026, 5, 10, 10, 0, tzinfo=LEGAL_TZ))
    with pytest.raises(PositioningNotAuthorised):
        device_report(subject, subject_user)
    with pytest.raises(PositioningNotAuthorised):
        services.track_for_user(officer, subject)
    assert LocationReport.objects.count() == 1


def test_renewal_needs_a_new_approval_and_continues_from_the_end(subject, officer, supervisor, subject_user, frozen):
    first = approved_order(subject, officer, supervisor)
    frozen.move_to(dt.datetime(2026, 5, 1, 9, 0, tzinfo=LEGAL_TZ))
    renewal = services.propose_positioning(subject, ground="left_without_approval", facts="经评估仍有必要继续使用。",
                                           months=3, acting_user=officer, renews=first)

    frozen.move_to(dt.datetime(2026, 5, 11, 9, 0, tzinfo=LEGAL_TZ))  # first expired, renewal not yet approved
    with pytest.raises(PositioningNotAuthorised):
        device_report(subject, subject_user)

    renewal = services.approve_positioning(renewal, acting_user=supervisor)
    assert renewal.starts_at == dt.datetime(2026, 5, 11, 9, 0, tzinfo=LEGAL_TZ)
    assert renewal.ends_at == dt.datetime(2026, 8, 11, 9, 0, tzinfo=LEGAL_TZ)
    device_report(subject, subject_user)
    assert LocationReport.objects.count() == 1


def test_an_order_cannot_be_renewed_twice(subject, officer, supervisor):
    first = approved_order(subject, officer, supervisor)
    services.propose_positioning(subject, ground="left_without_approval", facts="继续使用。", acting_user=officer, renews=first)

    with pytest.raises(Exception) as raised:
        services.propose_positioning(subject, ground="left_without_approval", facts="再次续期。", acting_user=officer, renews=first)

    assert raised.value.code == "correction.state_conflict"


def test_a_lifted_order_stops_tracking_at_once(subject, officer, supervisor, subject_user):
    order = approved_order(subject, officer, supervisor)

    services.lift_positioning(order, acting_user=officer, note="已无继续使用必要")

    with pytest.raises(PositioningNotAuthorised):
        device_report(subject, subject_user)
