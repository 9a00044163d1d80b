"""The daily sweeps run together and are safe to run twice."""
import datetime as dt

from smartjustice.correction.tasks import run_daily_sweeps


def test_daily_sweeps_are_idempotent(subject):
    day = dt.date(2026, 2, 13)

    first = run_daily_sweeps(day)
    second = run_daily_sweeps(day)

    assert first == {"late_report_ins": 0, "missed_check_ins": 1, "termination_reminders": 0, "report_counters": 0}
    assert second == {"late_report_ins": 0, "missed_check_ins": 0, "termination_reminders": 0, "report_counters": 0}
