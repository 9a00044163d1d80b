"""Officers' oversight (信息化核查 and 实地查访, 《社区矫正法》第二十六条): video spot checks
(视频抽查) issued by an officer or by the random daily schedule, joined through the configured
conferencing link within the policy's minutes, with the result recorded and a missed check
raising an alert; and field-visit records."""
from __future__ import annotations

import datetime as dt
import random

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from smartjustice.audit import services as audit
from smartjustice.core import clock
from smartjustice.core.errors import InvalidInput, NotFound
from smartjustice.notifications.services import notify
from smartjustice.orgs.permissions import can

from .. import conferencing, policy
from ..choices import AlertRule, SpotCheckStatus, SubjectStatus
from ..errors import ReasonRequired, StateConflict
from ..models import FieldVisit, SpotCheck, Subject
from ._common import bump, require
from .supervision import SELF, _active
from .supervision_alerts import raise_alert

__all__ = ["issue_spot_check", "join_spot_check", "record_spot_check_result", "flag_missed_spot_checks",
           "schedule_random_spot_checks", "record_field_visit"]

MANAGE = "correction.subject.manage"


def _issue(subject: Subject, issued_by, now: dt.datetime) -> SpotCheck:
    join_by = now + dt.timedelta(minutes=policy.setting("spot_check.join_minutes"))
    check = SpotCheck.objects.create(subject=subject, org_id=subject.org_id, issued_by=issued_by, issued_at=now,
                                     join_by=join_by)
    check.meeting_url = conferencing.get_provider().meeting_url(check)[:500]
    check.save(update_fields=["meeting_url"])
    audit.record("correction.spot_check.issued", actor=issued_by, obj=check, org=subject.org,
                 changes={"join_by": [None, join_by.isoformat()], "scheduled": [None, issued_by is None]})
    bump(subject.org_id, clock.legal_date(now), "spot_checks")
    if subject.user_id:
        user = subject.user
        with translation.override(getattr(user, "language", "") or settings.LANGUAGE_CODE):
            notify(user, kind="correction.spot_check", org=subject.org, link=reverse("correction:my_spot_checks"),
                   title=gettext("Video spot check: join by %(time)s") % {
                       "time": f"{join_by.astimezone(clock.LEGAL_TZ):%H:%M}"},
                   body=gettext("Open the video spot checks page and join the call before the time shown."))
    return check


def issue_spot_check(subject: Subject, *, acting_user) -> SpotCheck:
    """An officer issues a check now; the subject must join within `spot_check.join_minutes`.
    Refused while another check of the subject is still waiting."""
    require(acting_user, MANAGE, subject)
    _active(subject)
    with transaction.atomic():
        Subject.objects.select_for_update().filter(pk=subject.pk).first()
        if SpotCheck.objects.filter(subject=subject, status=SpotCheckStatus.ISSUED).exists():
            raise StateConflict(_("A spot check of this person is already waiting to be joined."))
        return _issue(subject, acting_user, clock.now())


def join_spot_check(check: SpotCheck, *, acting_user) -> SpotCheck:
    """The subject joins: in time, the check becomes joined and the meeting link is theirs to
    open; after `join_by` it is refused (the sweep marks it missed) and nothing changes."""
    if not can(acting_user, SELF, check.subject):
        raise NotFound()
    with transaction.atomic():
        locked = SpotCheck.objects.select_for_update().select_related("subject__org").get(pk=check.pk)
        now = clock.now()
        if locked.status == SpotCheckStatus.JOINED:
            return locked  # opening the link again is harmless
        if locked.status != SpotCheckStatus.ISSUED or now > locked.join_by:
            raise StateConflict(_("This spot check can no longer be joined: the time to join has passed."))
        locked.status, locked.joined_at = SpotCheckStatus.JOINED, now
        locked.save(update_fields=["status", "joined_at"])
        audit.record("correction.spot_check.joined", actor=acting_user, obj=locked, org=locked.subject.org,
                     changes={"status": [SpotCheckStatus.ISSUED, SpotCheckStatus.JOINED]})
    return locked


def record_spot_check_result(check: SpotCheck, *, acting_user, passed: bool, note: str) -> SpotCheck:
    """The officer records what the call showed. Only a joined check can pass; a missed one may
    be recorded as failed with a note (the alert already exists)."""
    require(acting_user, MANAGE, check.subject)
    if not (note or "").strip():
        raise ReasonRequired(field="note")
    with transaction.atomic():
        locked = SpotCheck.objects.select_for_update().select_related("subject__org").get(pk=check.pk)
        allowed = {SpotCheckStatus.JOINED} if passed else {SpotCheckStatus.JOINED, SpotCheckStatus.MISSED}
        if locked.status not in allowed:
            raise StateConflict(_("Only a joined spot check can pass, and a result is recorded once."))
        new = SpotCheckStatus.PASSED if passed else SpotCheckStatus.FAILED
        audit.record("correction.spot_check.recorded", actor=acting_user, obj=locked, org=locked.subject.org,
                     changes={"status": [locked.status, new]}, reason=note.strip())
        locked.status, locked.result_note = new, note.strip()
        locked.recorded_by, locked.recorded_at = acting_user, clock.now()
        locked.save(update_fields=["status", "result_note", "recorded_by", "recorded_at"])
    return locked


def flag_missed_spot_checks(now: dt.datetime | None = None) -> int:
    """Sweep: each check still waiting after `join_by` becomes missed and raises a
    MISSED_SPOT_CHECK alert. Idempotent: a missed check is not looked at again."""
    now = now or clock.now()
    flagged = 0
    for pk in SpotCheck.objects.filter(status=SpotCheckStatus.ISSUED, join_by__lt=now).values_list("pk", flat=True):
        with transaction.atomic():
            check = SpotCheck.objects.select_for_update().select_related("subject__org").get(pk=pk)
            if check.status != SpotCheckStatus.ISSUED:
                continue
            check.status = SpotCheckStatus.MISSED
            check.save(update_fields=["status"])
            audit.record("correction.spot_check.missed", obj=check, org=check.subject.org,
                         changes={"status": [SpotCheckStatus.ISSUED, SpotCheckStatus.MISSED]})
            raise_alert(check.subject, AlertRule.MISSED_SPOT_CHECK, day=clock.legal_date(check.join_by),
                        detail=f"spot check {check.pk} not joined by {check.join_by.astimezone(clock.LEGAL_TZ):%H:%M}")
            flagged += 1
    return flagged


def schedule_random_spot_checks(day: dt.date | None = None, *, rng: random.Random | None = None) -> int:
    """The random schedule: once a day, issue checks now to a random `spot_check.daily_permille`
    share of subjects in correction (at least one when any are), skipping anyone an officer
    already checked that day. Returns checks issued (0 on a rerun the same day)."""
    day = day or clock.today()
    share = policy.setting("spot_check.daily_permille")
    if share <= 0 or day != clock.today():
        return 0  # checks are issued now, to be joined within minutes: only today's draw makes sense
    start = dt.datetime.combine(day, dt.time.min, tzinfo=clock.LEGAL_TZ)
    todays = SpotCheck.objects.filter(issued_at__gte=start, issued_at__lt=start + dt.timedelta(days=1))
    if todays.filter(issued_by__isnull=True).exists():
        return 0  # the day's draw is done; a rerun of the sweep draws nothing more
    already = todays.values("subject_id")
    pool = list(Subject.objects.filter(status=SubjectStatus.IN_CORRECTION).exclude(pk__in=already)
                .values_list("pk", flat=True).order_by("pk"))
    if not pool:
        return 0
    count = max(1, len(pool) * share // 1000)
    chosen = (rng or random.SystemRandom()).sample(pool, min(count, len(pool)))
    issued = 0
    for subject in Subject.objects.filter(pk__in=chosen).select_related("org"):
        with transaction.atomic():
            _issue(subject, None, clock.now())
            issued += 1
    return issued


def record_field_visit(subject: Subject, *, acting_user, visited_on: dt.date, place: str, findings: str,
                       people_met: str = "") -> FieldVisit:
    """An officer records a field visit (实地查访). Refuses a future date or empty findings."""
    require(acting_user, MANAGE, subject)
    if visited_on > clock.today():
        raise InvalidInput(_("The visit cannot be in the future."), field="visited_on")
    if not (place or "").strip():
        raise InvalidInput(_("Enter where the visit took place."), field="place")
    if len((findings or "").strip()) < 4:
        raise InvalidInput(_("Write down what the visit found."), field="findings")
    with transaction.atomic():
        visit = FieldVisit.objects.create(subject=subject, org_id=subject.org_id, visited_on=visited_on,
                                          place=place.strip()[:200], people_met=(people_met or "").strip()[:200],
                                          findings=findings.strip(), recorded_by=acting_user, recorded_at=clock.now())
        audit.record("correction.field_visit.recorded", actor=acting_user, obj=visit, org=subject.org,
                     changes={"visited_on": [None, visited_on.isoformat()], "place": [None, visit.place]})
        bump(subject.org_id, visited_on, "field_visits")
    return visit
