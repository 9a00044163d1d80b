"""Education (教育, 《社区矫正法》第三十六条): courses, study time credited honestly, monthly
study time against the local policy, and public-welfare activity (公益活动, 第四十二条).

How study time is credited. The course page sends a heartbeat every few seconds and at every
change of state (play, pause, seek, the page hidden or shown: the Page Visibility API), with
the media's currentTime, whether it is playing and whether the page is visible. The interval
between two heartbeats earns credit only when all of these hold (`credit_interval`):

- at the previous heartbeat the media was playing and the page visible (foreground playback
  throughout: the page reports a hide at once, so an interval that began visible ended at the
  moment it was hidden);
- the gap is at most `learning.heartbeat_gap_seconds` (continuous; a longer silence means the
  page was throttled, suspended or closed);
- the media time moved forward by no more than the wall-clock time elapsed plus a small
  tolerance (a larger jump is a seek ahead and earns nothing);

and the credit is the media advance, never more than the wall-clock time elapsed, and the
session's total never exceeds the course's length. Only the newest open session of a subject
earns credit, so two tabs cannot count the same minutes twice. Refused time is kept on the
session (`refused_seconds`) so an officer can see skipped or backgrounded playback.

Audit: the start and close of a session and every heartbeat that refuses time are audited;
plain crediting heartbeats (every few seconds) are not, the session row holding their sum.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from smartjustice.audit import services as audit
from smartjustice.core import clock
from smartjustice.core.errors import InvalidInput, NotFound
from smartjustice.orgs.permissions import can

from .. import policy
from ..errors import StateConflict
from ..models import Course, StudySession, Subject, WelfareActivity
from ._common import bump, require
from .supervision import SELF, _active

__all__ = ["credit_interval", "start_study", "study_heartbeat", "close_study", "record_welfare_activity",
           "monthly_programme"]


@dataclass(frozen=True)
class Credit:
    credited: float
    refused: float
    reason: str  # "" when credited or nothing happened; else why time was refused


def credit_interval(*, previous_position: float, previous_at: dt.datetime, was_playing: bool, was_visible: bool,
                    position: float, at: dt.datetime, tolerance: float, max_gap: float) -> Credit:
    """The seconds one heartbeat interval earns (pure function; rules in the module docstring)."""
    elapsed = (at - previous_at).total_seconds()
    advance = position - previous_position
    if advance <= 0 or elapsed <= 0:
        return Credit(0.0, 0.0, "")  # paused, sought back, or a heartbeat out of order
    if not was_visible:
        return Credit(0.0, advance, "hidden")
    if not was_playing:
        return Credit(0.0, advance, "seek")  # moved while paused: a seek
    if elapsed > max_gap:
        return Credit(0.0, advance, "gap")
    if advance > elapsed + tolerance:
        return Credit(0.0, advance, "seek")
    credited = min(advance, elapsed)
    return Credit(credited, advance - credited, "")


def _own(session: StudySession, acting_user) -> None:
    if not can(acting_user, SELF, session.subject):
        raise NotFound()


def start_study(subject: Subject, course: Course, *, acting_user) -> StudySession:
    """Open a study session; any other open session of the subject is closed first, so only
    one session earns credit at a time."""
    if not can(acting_user, SELF, subject):
        raise NotFound()
    _active(subject)
    if not course.is_active:
        raise NotFound()
    now = clock.now()
    with transaction.atomic():
        Subject.objects.select_for_update().filter(pk=subject.pk).first()  # serialise a subject's session starts
        for other in StudySession.objects.select_for_update().filter(subject=subject, closed_at__isnull=True):
            _close(other, acting_user, now)
        session = StudySession.objects.create(subject=subject, course=course, started_at=now, last_heartbeat_at=now)
        audit.record("correction.study.started", actor=acting_user, obj=session, org=subject.org,
                     changes={"course": [None, course.code]})
    return session


def _position(value, course: Course, tolerance: float) -> float:
    try:
        position = float(value)
    except (TypeError, ValueError):
        raise InvalidInput(_("The playback position must be a number of seconds."), field="position") from None
    if position != position or position < 0 or position > course.duration_seconds + tolerance:
        raise InvalidInput(_("The playback position lies outside the course."), field="position")
    return min(position, float(course.duration_seconds))


def study_heartbeat(session: StudySession, *, acting_user, position, playing: bool, visible: bool) -> Credit:
    """Apply one heartbeat: credit the interval since the last one (see module docstring) and
    remember the new state. A closed session is refused (StateConflict) and nothing changes."""
    _own(session, acting_user)
    tolerance = float(policy.setting("learning.heartbeat_tolerance_seconds"))
    max_gap = float(policy.setting("learning.heartbeat_gap_seconds"))
    position = _position(position, session.course, tolerance)
    with transaction.atomic():
        locked = StudySession.objects.select_for_update().select_related("course", "subject__org").get(pk=session.pk)
        if locked.closed_at is not None:
            raise StateConflict(_("This study session has ended; open the course again."))
        now = clock.now()
        credit = credit_interval(previous_position=locked.position_seconds, previous_at=locked.last_heartbeat_at,
                                 was_playing=locked.was_playing, was_visible=locked.was_visible, position=position,
                                 at=now, tolerance=tolerance, max_gap=max_gap)
        room = max(0.0, locked.course.duration_seconds - locked.credited_seconds)
        credited = min(credit.credited, room)
        refused = credit.refused + (credit.credited - credited)
        locked.credited_seconds += credited
        locked.refused_seconds += refused
        locked.position_seconds, locked.last_heartbeat_at = position, now
        locked.was_playing, locked.was_visible = bool(playing), bool(visible)
        locked.save(update_fields=["credited_seconds", "refused_seconds", "position_seconds", "last_heartbeat_at",
                                   "was_playing", "was_visible"])
        if credit.reason:
            audit.record("correction.study.time_refused", actor=acting_user, obj=locked, org=locked.subject.org,
                         changes={"refused_seconds": [None, round(refused, 1)]}, reason=credit.reason)
        if credited:
            bump(locked.subject.org_id, clock.legal_date(now), "learning.seconds", round(credited))
    return Credit(credited, refused, credit.reason)


def _close(session: StudySession, acting_user, now) -> None:
    session.closed_at = now
    session.save(update_fields=["closed_at"])
    audit.record("correction.study.closed", actor=acting_user, obj=session, org=session.subject.org,
                 changes={"credited_seconds": [None, round(session.credited_seconds, 1)],
                          "refused_seconds": [None, round(session.refused_seconds, 1)]})


def close_study(session: StudySession, *, acting_user) -> StudySession:
    """End a session (the page is left). Closing twice changes nothing."""
    _own(session, acting_user)
    with transaction.atomic():
        locked = StudySession.objects.select_for_update().select_related("subject__org").get(pk=session.pk)
        if locked.closed_at is None:
            _close(locked, acting_user, clock.now())
    return locked


def record_welfare_activity(subject: Subject, *, acting_user, day: dt.date, minutes: int,
                            description: str) -> WelfareActivity:
    """An officer records public-welfare activity (第四十二条). Refuses days in the future,
    zero or more than 12 hours in a day, and an empty description, changing nothing."""
    require(acting_user, "correction.subject.manage", subject)
    _active(subject)
    if day > clock.today():
        raise InvalidInput(_("The activity cannot be in the future."), field="day")
    if not isinstance(minutes, int) or not 1 <= minutes <= 720:
        raise InvalidInput(_("Enter between 1 and 720 minutes for one day."), field="minutes")
    if not (description or "").strip():
        raise InvalidInput(_("Describe the activity."), field="description")
    with transaction.atomic():
        row = WelfareActivity.objects.create(subject=subject, org_id=subject.org_id, day=day, minutes=minutes,
                                             description=description.strip()[:200], recorded_by=acting_user,
                                             recorded_at=clock.now())
        audit.record("correction.welfare.recorded", actor=acting_user, obj=row, org=subject.org,
                     changes={"day": [None, day.isoformat()], "minutes": [None, minutes]})
        bump(subject.org_id, day, "welfare.minutes", minutes)
    return row


def _month_bounds(month: dt.date) -> tuple[dt.date, dt.date]:
    start = month.replace(day=1)
    end = (start + dt.timedelta(days=32)).replace(day=1)
    return start, end


def monthly_programme(subject: Subject, month: dt.date | None = None) -> dict:
    """Study and public-welfare minutes of one calendar month (legal time zone) against the
    local policy: {"month", "study_minutes", "study_required", "welfare_minutes",
    "welfare_required", "study_met"}. Study counts by the day a session started."""
    start, end = _month_bounds(month or clock.today())
    start_at = dt.datetime.combine(start, dt.time.min, tzinfo=clock.LEGAL_TZ)
    end_at = dt.datetime.combine(end, dt.time.min, tzinfo=clock.LEGAL_TZ)
    seconds = (StudySession.objects.filter(subject=subject, started_at__gte=start_at, started_at__lt=end_at)
               .aggregate(total=Sum("credited_seconds"))["total"] or 0)
    welfare = (WelfareActivity.objects.filter(subject=subject, day__gte=start, day__lt=end)
               .aggregate(total=Sum("minutes"))["total"] or 0)
    required = policy.setting("learning.monthly_minutes")
    study_minutes = int(seconds // 60)
    return {"month": start, "study_minutes": study_minutes, "study_required": required,
            "welfare_minutes": welfare, "welfare_required": policy.setting("welfare.monthly_minutes"),
            "study_met": study_minutes >= required}

