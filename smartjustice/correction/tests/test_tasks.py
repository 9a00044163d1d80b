"""The daily sweeps run together and are safe to run twice."""
import datetime as dt

from smartjustice.correction import services
from smartjustice.correction.tasks import run_daily_sweeps, run_frequent_sweeps


def test_daily_sweeps_are_idempotent(subject):
    day = dt.date(2026, 2, 13)

    first = run_daily_sweeps(day)
    second = run_daily_sweeps(day)

    assert first == {"late_report_ins": 0, "missed_check_ins": 1, "termination_reminders": 0, "report_counters": 0,
                     "check_in_compliance": 1, "random_spot_checks": 0}
    assert second == {"late_report_ins": 0, "missed_check_ins": 0, "termination_reminders": 0, "report_counters": 0,
                      "check_in_compliance": 1, "random_spot_checks": 0}


def test_the_daily_draw_of_spot_checks_happens_once_today(subject):
    assert run_daily_sweeps()["random_spot_checks"] == 1
    assert run_daily_sweeps()["random_spot_checks"] == 0


def test_frequent_sweeps_flag_a_missed_check_and_lost_contact_once(subject, officer, frozen):
    services.issue_spot_check(subject, acting_user=officer)
    frozen.shift(dt.timedelta(hours=25))

    assert run_frequent_sweeps() == {"missed_spot_checks": 1, "lost_contact": 1}
    assert run_frequent_sweeps() == {"missed_spot_checks": 0, "lost_contact": 0}
