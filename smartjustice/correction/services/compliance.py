"""Check-in compliance for the cockpit (驾驶舱): a daily summary, so the cockpit reads counters
and never the check-in or location rows.

The duty. A person in correction reports to the office (《社区矫正法》第二十三条) at the rhythm of
their management level (分类管理, 第二十四条): `ClassificationLevel.check_in_every_days`, local
policy; a person without a level checks in every day. On day D the duty is *kept* when the
person has a counting check-in within the interval that ends on D (D - every + 1 … D), the same
rule the missed-check-in alert applies (supervision.flag_missed_check_ins). The person is *due*
on D when they had reported in and were in correction on D, and a full interval has passed
since reporting in (before that nobody can have missed one).

`summarise_check_in_compliance(day)` sets two DailyMetric counters for each office for that
day: "compliance.due" (people due) and "compliance.kept" (of them, people who kept the duty).
Compliance over a period is kept / due summed over its days (person-days). Idempotent: the
counters are set, not added to, so a rerun (e.g. after an officer confirmed a check-in late)
corrects the day. The daily sweep summarises yesterday, the last complete day.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db import transaction
from django.db.models import Q

from smartjustice.core import clock

from ..choices import SubjectStatus
from ..models import CheckIn, DailyMetric, Subject

__all__ = ["summarise_check_in_compliance", "COMPLIANCE_DUE", "COMPLIANCE_KEPT"]

COMPLIANCE_DUE = "compliance.due"
COMPLIANCE_KEPT = "compliance.kept"
_BATCH = 2000


def _in_correction_on(day: dt.date) -> Q:
    """Files of people who had reported in and were in correction on `day` (a file released or
    terminated later still counts for the days before)."""
    end_of_day = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=clock.LEGAL_TZ)
    still = (Q(status=SubjectStatus.IN_CORRECTION)
             | Q(status=SubjectStatus.RELEASED, released_on__gt=day)
             | Q(status=SubjectStatus.TERMINATED, terminated_on__gt=day))
    return still & Q(reported_at__isnull=False, reported_at__lt=end_of_day, correction_starts_on__lte=day)


def _tally(rows: list[tuple[int, int, int | None, dt.datetime]], day: dt.date, due: Counter, kept: Counter) -> None:
    intervals = {pk: max(every or 1, 1) for pk, _org, every, _reported in rows}
    oldest = day - dt.timedelta(days=max(intervals.values()) - 1)
    latest: dict[int, dt.date] = {}
    for subject_id, check_day in (CheckIn.objects.filter(subject_id__in=list(intervals), counts=True,
                                                         day__gte=oldest, day__lte=day)
                                  .values_list("subject_id", "day")):
        if check_day > latest.get(subject_id, dt.date.min):
            latest[subject_id] = check_day
    for pk, org_id, _every, reported_at in rows:
        since = day - dt.timedelta(days=intervals[pk] - 1)
        if clock.legal_date(reported_at) > since:
            continue  # not yet a full interval since reporting in
        due[org_id] += 1
        if latest.get(pk, dt.date.min) >= since:
            kept[org_id] += 1


def summarise_check_in_compliance(day: dt.date | None = None) -> int:
    """Set "compliance.due" and "compliance.kept" of every office for `day` (default: yesterday)
    from the files and their counting check-ins. Returns the number of offices set."""
    day = day or clock.today() - dt.timedelta(days=1)
    due: Counter = Counter()
    kept: Counter = Counter()
    rows = (Subject.objects.filter(_in_correction_on(day)).order_by("pk")
            .values_list("pk", "org_id", "classification__check_in_every_days", "reported_at"))
    batch: list = []
    for row in rows.iterator(chunk_size=_BATCH):
        batch.append(row)
        if len(batch) == _BATCH:
            _tally(batch, day, due, kept)
            batch = []
    if batch:
        _tally(batch, day, due, kept)
    offices = set(due) | set(DailyMetric.objects.filter(day=day, metric__in=[COMPLIANCE_DUE, COMPLIANCE_KEPT])
                             .values_list("org_id", flat=True))
    with transaction.atomic():
        for org_id in offices:
            for metric, counter in ((COMPLIANCE_DUE, due), (COMPLIANCE_KEPT, kept)):
                DailyMetric.objects.update_or_create(org_id=org_id, day=day, metric=metric,
                                                     defaults={"value": counter[org_id]})
    return len(offices)
