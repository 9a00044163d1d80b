"""Video spot checks (issued by an officer or the random schedule, joined within N minutes via
the configured conferencing link, missed ones raise an alert) and field visits."""
import datetime as dt
import random

import pytest

from smartjustice.core.errors import InvalidInput, NotFound
from smartjustice.correction import conferencing, services
from smartjustice.correction.errors import ReasonRequired, StateConflict
from smartjustice.correction.models import Alert, FieldVisit, SpotCheck

from . import factories
from .conftest import audit_count


@pytest.fixture
def template(settings):
    settings.CORRECTION_CONFERENCE_URL_TEMPLATE = "https://meet.example.gov.cn/{room}"


def test_an_issued_check_carries_the_meeting_link_and_deadline(subject, officer, template, frozen):
    check = services.issue_spot_check(subject, acting_user=officer)

    room = conferencing.UrlTemplateProvider().room_name(check)
    assert check.meeting_url == f"https://meet.example.gov.cn/{room}"
    assert room.startswith(f"jz-{check.pk}-") and len(room) == len(f"jz-{check.pk}-") + 20
    assert check.join_by - check.issued_at == dt.timedelta(minutes=10)


def test_the_subject_is_notified_with_the_deadline(subject, subject_user, officer, frozen):
    from smartjustice.notifications.models import Notification

    services.issue_spot_check(subject, acting_user=officer)

    note = Notification.objects.get(recipient=subject_user, kind="correction.spot_check")
    assert (note.title, note.link) == ("视频抽查：请在 10:10 前接入", "/correction/me/spot-checks/")


def test_without_a_template_there_is_no_link(subject, officer, settings):
    settings.CORRECTION_CONFERENCE_URL_TEMPLATE = ""

    assert services.issue_spot_check(subject, acting_user=officer).meeting_url == ""


def test_joining_in_time_then_passing(subject, subject_user, officer, frozen):
    check = services.issue_spot_check(subject, acting_user=officer)
    frozen.shift(dt.timedelta(minutes=9))

    joined = services.join_spot_check(check, acting_user=subject_user)
    passed = services.record_spot_check_result(joined, acting_user=officer, passed=True, note="本人在家，状态良好")

    assert (joined.joined_at - check.issued_at, passed.status) == (dt.timedelta(minutes=9), "passed")


def test_joining_late_is_refused_and_the_sweep_raises_an_alert(subject, subject_user, officer, frozen):
    check = services.issue_spot_check(subject, acting_user=officer)
    frozen.shift(dt.timedelta(minutes=11))

    with pytest.raises(StateConflict):
        services.join_spot_check(check, acting_user=subject_user)
    assert services.flag_missed_spot_checks() == 1
    assert services.flag_missed_spot_checks() == 0

    check.refresh_from_db()
    assert (check.status, check.joined_at) == ("missed", None)
    assert Alert.objects.get().rule == "missed_spot_check"


def test_a_missed_check_cannot_pass(subject, officer, frozen):
    check = services.issue_spot_check(subject, acting_user=officer)
    frozen.shift(dt.timedelta(minutes=11))
    services.flag_missed_spot_checks()

    with pytest.raises(StateConflict):
        services.record_spot_check_result(check, acting_user=officer, passed=True, note="补登")


def test_one_waiting_check_at_a_time(subject, officer):
    services.issue_spot_check(subject, acting_user=officer)

    with pytest.raises(StateConflict):
        services.issue_spot_check(subject, acting_user=officer)
    assert SpotCheck.objects.count() == 1


def test_another_office_cannot_issue(subject, officer_fengming):
    with pytest.raises(NotFound):
        services.issue_spot_check(subject, acting_user=officer_fengming)
    assert SpotCheck.objects.count() == 0 and audit_count("correction.spot_check.issued") == 0


def test_the_random_schedule_picks_the_policy_share_once_a_day(subject, officer, org_tree, frozen, administrator):
    for _ in range(4):
        factories.in_correction(officer, org_tree["wutong"], id_number=factories.make_id_number())
    services.issue_spot_check(subject, acting_user=officer)  # already checked today: not drawn again
    services.update_policy("spot_check.daily_permille", 500, acting_user=administrator, org=org_tree["county"])

    first = services.schedule_random_spot_checks(rng=random.Random(1))
    second = services.schedule_random_spot_checks(rng=random.Random(1))

    assert (first, second) == (2, 0)  # 4 not yet checked × 50 % = 2; a rerun draws nothing
    assert SpotCheck.objects.filter(issued_by__isnull=True).exclude(subject=subject).count() == 2


def test_a_field_visit_is_recorded(subject, officer):
    visit = services.record_field_visit(subject, acting_user=officer, visited_on=dt.date(2026, 2, 9), place="庆丰路1号家中",
                                        findings="本人在家，与家属交谈，表现正常", people_met="母亲")

    assert FieldVisit.objects.get() == visit
    assert audit_count("correction.field_visit.recorded") == 1


def test_a_field_visit_in_the_future_is_refused(subject, officer):
    with pytest.raises(InvalidInput) as raised:
        services.record_field_visit(subject, acting_user=officer, visited_on=dt.date(2026, 2, 11), place="家中",
                                    findings="本人在家，表现正常")
    assert raised.value.field == "visited_on" and FieldVisit.objects.count() == 0


def test_a_result_needs_a_note(subject, subject_user, officer):
    check = services.join_spot_check(services.issue_spot_check(subject, acting_user=officer), acting_user=subject_user)

    with pytest.raises(ReasonRequired):
        services.record_spot_check_result(check, acting_user=officer, passed=True, note=" ")
    check.refresh_from_db()
    assert check.status == "joined"
