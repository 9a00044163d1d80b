"""Background jobs of the deadline engine (STYLE §5, §6).

`flag_due_deadlines` is a plain function (a one-box install runs it with
`smartjustice deadlines sweep`); the Celery task is a thin wrapper, scheduled in
settings.CELERY_BEAT_SCHEDULE as "deadlines.flag_due_deadlines".
"""
import datetime as dt
import logging

from celery import shared_task

from smartjustice.core import clock

from . import services
from .models import DeadlineReminder
from .selectors import get_deadlines_needing_reminder

logger = logging.getLogger(__name__)


def flag_due_deadlines(today: dt.date | None = None) -> dict[str, int]:
    """Create and dispatch the reminders due today: "due_in_3_days" for unmet deadlines whose
    binding date is within the next 3 days, "overdue" for those past it.

    Idempotent: a reminder kind is sent at most once per deadline (unique constraint), so a
    rerun sends nothing. Each deadline is handled in its own transaction; one failure is
    logged and counted, and the rest carry on."""
    today = today or clock.today()
    counts = {"sent": 0, "skipped": 0, "failed": 0}
    for kind in (DeadlineReminder.Kind.OVERDUE, DeadlineReminder.Kind.DUE_SOON):
        candidates = get_deadlines_needing_reminder(kind, today, services.SOON_DAYS)
        for deadline_id in list(candidates.values_list("id", flat=True)):
            try:
                reminder = services.record_reminder(deadline_id, kind, today=today)
            except Exception:
                logger.exception("deadline reminder %s failed for deadline %s", kind, deadline_id)
                counts["failed"] += 1
                continue
            counts["sent" if reminder is not None else "skipped"] += 1
    return counts


@shared_task(name="deadlines.flag_due_deadlines")
def flag_due_deadlines_task() -> dict[str, int]:
    return flag_due_deadlines()
