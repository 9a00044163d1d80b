"""Background jobs of community correction (STYLE §6): plain functions a one-box install runs
from cron or the shell; the Celery tasks are thin wrappers. Each sweep is idempotent (unique
rows stop a rerun from doing anything twice) and handles each subject in its own transaction.

Schedule daily (the lead adds them to CELERY_BEAT_SCHEDULE):
  correction.daily_sweeps → flag_late_report_ins, flag_missed_check_ins, send_termination_reminders,
  summarise_reports (run it hourly too, with today's date, to keep the cockpit's report counts fresh),
  summarise_check_in_compliance (for yesterday, the last complete day),
  schedule_random_spot_checks (once a day whatever the number of runs)
  correction.frequent_sweeps (every few minutes) → flag_missed_spot_checks, flag_lost_contact
"""
import datetime as dt
import logging

from celery import shared_task

from smartjustice.core import clock

from . import services

logger = logging.getLogger(__name__)


def _summarise_yesterday(today: dt.date) -> int:
    return services.summarise_check_in_compliance(today - dt.timedelta(days=1))


def run_daily_sweeps(today: dt.date | None = None) -> dict[str, int]:
    today = today or clock.today()
    results = {}
    for name, job in (("late_report_ins", services.flag_late_report_ins),
                      ("missed_check_ins", services.flag_missed_check_ins),
                      ("termination_reminders", services.send_termination_reminders),
                      ("report_counters", services.summarise_reports),
                      ("check_in_compliance", _summarise_yesterday),
                      ("random_spot_checks", services.schedule_random_spot_checks)):
        try:
            outcome = job(today)
            results[name] = len(outcome) if isinstance(outcome, list) else outcome
        except Exception:
            logger.exception("correction sweep %s failed", name)
            results[name] = -1
    return results


@shared_task(name="correction.daily_sweeps")
def daily_sweeps() -> dict[str, int]:
    return run_daily_sweeps()


def run_frequent_sweeps() -> dict[str, int]:
    """Missed video spot checks (minutes matter) and lost contact (hours)."""
    results = {}
    for name, job in (("missed_spot_checks", services.flag_missed_spot_checks),
                      ("lost_contact", services.flag_lost_contact)):
        try:
            results[name] = job()
        except Exception:
            logger.exception("correction sweep %s failed", name)
            results[name] = -1
    return results


@shared_task(name="correction.frequent_sweeps")
def frequent_sweeps() -> dict[str, int]:
    return run_frequent_sweeps()
