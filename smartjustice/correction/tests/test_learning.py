"""Study time is credited honestly: continuous, forward, foreground playback only, never more
than the wall clock, never beyond the course; monthly totals against the policy; welfare hours."""
import datetime as dt

import pytest

from smartjustice.core.errors import InvalidInput, NotFound
from smartjustice.correction import services
from smartjustice.correction.errors import StateConflict
from smartjustice.correction.models import Course, StudySession, WelfareActivity
from smartjustice.correction.services.learning import credit_interval

from .conftest import START, audit_count

T0 = START


def interval(advance, elapsed, *, playing=True, visible=True, position=100.0):
    return credit_interval(previous_position=position, previous_at=T0, was_playing=playing, was_visible=visible,
                           position=position + advance, at=T0 + dt.timedelta(seconds=elapsed), tolerance=2, max_gap=30)


@pytest.mark.parametrize("advance, elapsed, playing, visible, credited, refused, reason", [
    (10, 10, True, True, 10, 0, ""),          # normal playback
    (11.5, 10, True, True, 10, 1.5, ""),      # jitter within tolerance: capped at the wall clock
    (60, 10, True, True, 0, 60, "seek"),      # seek ahead
    (10, 10, True, False, 0, 10, "hidden"),   # playing while the page was hidden
    (10, 10, False, True, 0, 10, "seek"),     # moved while paused
    (40, 40, True, True, 0, 40, "gap"),       # heartbeats missed: not continuous
    (-30, 10, True, True, 0, 0, ""),          # sought back
    (0, 10, True, True, 0, 0, ""),            # paused
    (5, 0, True, True, 0, 0, ""),             # out of order / duplicate
])
def test_credit_interval_rules(advance, elapsed, playing, visible, credited, refused, reason):
    credit = interval(advance, elapsed, playing=playing, visible=visible)

    assert (credit.credited, credit.refused, credit.reason) == (credited, refused, reason)


@pytest.fixture
def video(db):
    return Course.objects.create(code="law-basics", title="社区矫正法入门", kind="video",
                                 media_url="/static/x.mp4", duration_seconds=120)


def beat(session, user, frozen, seconds, position, *, playing=True, visible=True):
    frozen.shift(seconds)
    return services.study_heartbeat(session, acting_user=user, position=position, playing=playing, visible=visible)


def test_continuous_foreground_playback_is_credited(subject, subject_user, video, frozen):
    session = services.start_study(subject, video, acting_user=subject_user)
    beat(session, subject_user, frozen, 1, 0)  # play pressed at 0

    beat(session, subject_user, frozen, 10, 10)
    beat(session, subject_user, frozen, 10, 20)

    session.refresh_from_db()
    assert (session.credited_seconds, session.refused_seconds) == (20, 0)


def test_seeking_ahead_earns_nothing_and_is_audited(subject, subject_user, video, frozen):
    session = services.start_study(subject, video, acting_user=subject_user)
    beat(session, subject_user, frozen, 1, 0)

    credit = beat(session, subject_user, frozen, 5, 100)

    session.refresh_from_db()
    assert (credit.credited, session.credited_seconds, session.refused_seconds, session.position_seconds) == (0, 0, 100, 100)
    assert audit_count("correction.study.time_refused") == 1


def test_time_while_the_page_is_hidden_earns_nothing(subject, subject_user, video, frozen):
    session = services.start_study(subject, video, acting_user=subject_user)
    beat(session, subject_user, frozen, 1, 0)
    beat(session, subject_user, frozen, 5, 5, visible=False)  # the page reports the hide at once

    beat(session, subject_user, frozen, 10, 15, visible=True)

    session.refresh_from_db()
    assert (session.credited_seconds, session.refused_seconds) == (5, 10)


def test_credit_never_exceeds_the_course_length(subject, subject_user, frozen):
    short = Course.objects.create(code="short", title="短课", kind="text", body="……", duration_seconds=15)
    session = services.start_study(subject, short, acting_user=subject_user)
    beat(session, subject_user, frozen, 1, 0)

    beat(session, subject_user, frozen, 10, 10)
    beat(session, subject_user, frozen, 10, 15)

    session.refresh_from_db()
    assert session.credited_seconds == 15


def test_a_position_beyond_the_course_is_refused_and_changes_nothing(subject, subject_user, video, frozen):
    session = services.start_study(subject, video, acting_user=subject_user)

    with pytest.raises(InvalidInput) as raised:
        beat(session, subject_user, frozen, 1, 500)

    assert raised.value.field == "position"
    session.refresh_from_db()
    assert (session.position_seconds, session.was_playing) == (0, False)


def test_a_second_tab_closes_the_first_so_minutes_count_once(subject, subject_user, video, frozen):
    first = services.start_study(subject, video, acting_user=subject_user)
    beat(first, subject_user, frozen, 1, 0)

    second = services.start_study(subject, video, acting_user=subject_user)

    with pytest.raises(StateConflict):
        beat(first, subject_user, frozen, 10, 10)
    assert StudySession.objects.filter(closed_at__isnull=True).get() == second


def test_someone_else_cannot_send_heartbeats(subject, officer, video, frozen, subject_user):
    session = services.start_study(subject, video, acting_user=subject_user)

    with pytest.raises(NotFound):
        services.study_heartbeat(session, acting_user=officer, position=0, playing=True, visible=True)


def test_monthly_totals_against_the_policy(subject, subject_user, officer, video, frozen, administrator, org_tree):
    services.update_policy("learning.monthly_minutes", 1, acting_user=administrator, org=org_tree["county"])
    session = services.start_study(subject, video, acting_user=subject_user)
    beat(session, subject_user, frozen, 1, 0)
    for second in range(10, 70, 10):
        beat(session, subject_user, frozen, 10, second)
    services.record_welfare_activity(subject, acting_user=officer, day=dt.date(2026, 2, 9), minutes=90,
                                     description="社区敬老院志愿服务")

    month = services.monthly_programme(subject)

    assert month == {"month": dt.date(2026, 2, 1), "study_minutes": 1, "study_required": 1, "welfare_minutes": 90,
                     "welfare_required": 0, "study_met": True}


@pytest.mark.parametrize("minutes, day, field", [(0, dt.date(2026, 2, 9), "minutes"), (721, dt.date(2026, 2, 9), "minutes"),
                                                  (60, dt.date(2026, 2, 11), "day")])
def test_bad_welfare_records_are_refused(subject, officer, minutes, day, field):
    before = audit_count()

    with pytest.raises(InvalidInput) as raised:
        services.record_welfare_activity(subject, acting_user=officer, day=day, minutes=minutes, description="扫街")

    assert raised.value.field == field
    assert WelfareActivity.objects.count() == 0 and audit_count() == before


def test_an_officer_of_another_office_cannot_record_welfare(subject, officer_fengming):
    with pytest.raises(NotFound):
        services.record_welfare_activity(subject, acting_user=officer_fengming, day=dt.date(2026, 2, 9), minutes=60,
                                         description="扫街")
    assert WelfareActivity.objects.count() == 0
