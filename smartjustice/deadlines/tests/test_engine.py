"""The period engine against a table of hand-worked cases (issue #2 §5).

Official arrangements used (shared/domain/holidays_cn.json):
  2025 off: 1/1; 1/28–2/4; 4/4–4/6; 5/1–5/5; 5/31–6/2; 10/1–10/8.
       make-up working days: 1/26 (Sun), 2/8 (Sat), 4/27 (Sun), 9/28 (Sun), 10/11 (Sat).
  2026 off: 1/1–1/3; 2/15–2/23; 4/4–4/6; 5/1–5/5; 6/19–6/21; 9/25–9/27; 10/1–10/7.
       make-up working days: 1/4 (Sun), 2/14 (Sat), 2/28 (Sat), 5/9 (Sat), 9/20 (Sun), 10/10 (Sat).
Each expected date below is worked out by hand in its comment.
"""
import datetime as dt

import pytest

from smartjustice.deadlines import engine
from smartjustice.deadlines.engine import HolidayCalendar, Unit, compute_due, end_of_period
from smartjustice.deadlines.errors import (
    ExtensionExceedsCap,
    ExtensionNotAllowed,
    InvalidAmount,
    InvalidDate,
    NoHolidayData,
)
from smartjustice.deadlines.rules import get_rule

D = dt.date.fromisoformat

RULE_CASES = [
    # --- calendar days (《民法典》第二百零一条, 第二百零三条) ---
    # 1/6–1/31 = 26 days, February 28 → 54, 3/6 → 60; Thursday.
    ("reconsideration.apply", "2025-01-05", "2025-03-06"),
    # 12/2–12/31 = 30, 1/30 → 60; 1/30 is in the Spring Festival block (1/28–2/4) → 2/5 (Wed).
    ("reconsideration.apply", "2024-12-01", "2025-02-05"),
    # 1/22 + 7 = 1/29, Spring Festival → first day after the block: 2/5 (Wed).
    ("legal_aid.review", "2025-01-22", "2025-02-05"),
    # 1/24 + 7 = 1/31, Spring Festival → 2/5.
    ("legal_aid.review", "2025-01-24", "2025-02-05"),
    # 3/1 (Sat) + 7 = 3/8, an ordinary Saturday → Monday 3/10.
    ("legal_aid.review", "2025-03-01", "2025-03-10"),
    # 10/4 + 7 = 10/11, a Saturday that is a make-up working day → stays 10/11.
    ("legal_aid.review", "2025-10-04", "2025-10-11"),
    # 9/18 + 10 = 9/28, a Sunday that is a make-up working day → stays 9/28.
    ("correction.report_in", "2025-09-18", "2025-09-28"),
    # 9/22 + 10 = 10/2, National Day block 10/1–10/8 → 10/9 (Thu).
    ("correction.report_in", "2025-09-22", "2025-10-09"),
    # Year boundary: 12/18–12/31 = 14, 1/1 → 15; 1/1–1/3 off, 1/4 (Sun) is a working day → 1/4.
    ("penalty.pay_fine", "2025-12-17", "2026-01-04"),
    # 12/21–12/31 = 11, 1/4 → 15: the make-up Sunday 2026-01-04 itself.
    ("penalty.pay_fine", "2025-12-20", "2026-01-04"),
    # 12/27 (Sat) + 7 = 2026-01-03 (off) → 1/4 (make-up Sunday).
    ("legal_aid.review", "2025-12-27", "2026-01-04"),
    # 1/21–1/31 = 11, 2/19 → 30; Spring Festival 2/15–2/23 → 2/24 (Tue).
    ("reconsideration.decide_simplified", "2026-01-20", "2026-02-24"),
    # 8/2–8/31 = 30, 9/30 → 60; Tuesday, a working day.
    ("reconsideration.decide_ordinary", "2025-08-01", "2025-09-30"),
    # 8/6–8/31 = 26, 9/30 → 56, 10/4 → 60; National Day block → 10/9 (Thu).
    ("reconsideration.decide_ordinary", "2025-08-05", "2025-10-09"),
    # 10/10–10/31 = 22, 11/8 → 30; Saturday → Monday 11/10.
    ("reconsideration.extension_max", "2025-10-09", "2025-11-10"),
    # 9/2–9/30 = 29, 10/1 → 30; National Day 10/1–10/7 → 10/8 (Thu).
    ("mediation.judicial_confirmation", "2026-09-01", "2026-10-08"),
    # 8/22–8/31 = 10, 9/20 → 30: a Sunday that is a make-up working day → stays 9/20.
    ("mediation.judicial_confirmation", "2026-08-21", "2026-09-20"),
    # 11/2–11/30 = 29, December → 60, 1/30 → 90: Friday 2026-01-30.
    ("penalty.decide", "2025-11-01", "2026-01-30"),
    # --- years (《民法典》第二百零二条) ---
    # 2026-05-01, Labour Day block 5/1–5/5 → 5/6 (Wed).
    ("reconsideration.apply_uninformed_limit", "2025-05-01", "2026-05-06"),
    # 2026-02-14 is a Saturday but a make-up working day → stays.
    ("reconsideration.apply_uninformed_limit", "2025-02-14", "2026-02-14"),
    # 2026-01-31 is an ordinary Saturday → Monday 2/2.
    ("reconsideration.apply_uninformed_limit", "2025-01-31", "2026-02-02"),
    # --- working days (《行政复议法》第八十八条第二款, 《行政处罚法》第八十五条) ---
    # From Fri 1/24: 1/26 (make-up Sun) 1, 1/27 2, 1/28–2/4 off, 2/5 3, 2/6 4, 2/7 5.
    ("reconsideration.accept_review", "2025-01-24", "2025-02-07"),
    # From Wed 2/5: 2/6 1, 2/7 2, 2/8 (make-up Sat) 3, 2/10 4, 2/11 5.
    ("reconsideration.accept_review", "2025-02-05", "2025-02-11"),
    # From Fri 3/7, no holidays: 3/10, 11, 12, 13, 14.
    ("reconsideration.accept_review", "2025-03-07", "2025-03-14"),
    # From the holiday 10/1: 10/9 1, 10/10 2, 10/11 (make-up Sat) 3, 10/13 4, 10/14 5.
    ("reconsideration.accept_review", "2025-10-01", "2025-10-14"),
    # From Thu 9/25: 9/26 1, 9/28 (make-up Sun) 2, 9/29 3, 9/30 4, 10/1–10/8 off,
    # 10/9 5, 10/10 6, 10/11 (make-up Sat) 7, 10/13 8, 10/14 9, 10/15 10.
    ("reconsideration.correction_submit", "2025-09-25", "2025-10-15"),
    # From Fri 4/25: 4/27 (make-up Sun) 1, 4/28 2, 4/29 3, 4/30 4, 5/1–5/5 off,
    # 5/6 5, 5/7 6, 5/8 7, 5/9 8, 5/12 9, 5/13 10.
    ("reconsideration.respondent_reply", "2025-04-25", "2025-05-13"),
    # Year boundary: 12/30 1, 12/31 2, 1/1–1/3 off, 1/4 (make-up Sun) 3, 1/5 4, 1/6 5.
    ("penalty.hearing_request", "2025-12-29", "2026-01-06"),
    # From Wed 2/11: 2/12 1, 2/13 2, 2/14 (make-up Sat) 3, 2/15–2/23 off, 2/24 4, 2/25 5, 2/26 6, 2/27 7.
    ("penalty.serve_decision", "2026-02-11", "2026-02-27"),
    # From Tue 2/24: 2/25 1, 2/26 2, 2/27 3, 2/28 (make-up Sat) 4, 3/2 5, 3/3 6, 3/4 7.
    ("penalty.serve_decision", "2026-02-24", "2026-03-04"),
    # From Fri 9/18: 9/20 (make-up Sun) 1, 9/21 2, 9/22 3, 9/23 4, 9/24 5.
    ("reconsideration.accept_review", "2026-09-18", "2026-09-24"),
    # From Wed 9/23: 9/24 1, 9/25–9/27 off (Mid-Autumn), 9/28 2, 9/29 3, 9/30 4, 10/1–10/7 off, 10/8 5.
    ("reconsideration.accept_review", "2026-09-23", "2026-10-08"),
    # From Thu 4/30: 5/1–5/5 off, 5/6 1, 5/7 2, 5/8 3, 5/9 (make-up Sat) 4, 5/11 5, 5/12 6,
    # 5/13 7, 5/14 8, 5/15 9, 5/18 10.
    ("reconsideration.respondent_reply", "2026-04-30", "2026-05-18"),
]


@pytest.mark.parametrize(("rule_id", "anchor", "expected"), RULE_CASES)
def test_rule_due_dates_match_hand_worked_table(calendar, rule_id, anchor, expected):
    due = compute_due(get_rule(rule_id), D(anchor), calendar)

    assert due.due == D(expected)
    assert due.rule_id == rule_id
    assert due.citation == get_rule(rule_id).citation


MONTH_CASES = [
    # 1/31 + 1 month: February has no 31st → its last day, Fri 2025-02-28 (《民法典》第二百零二条).
    ("2025-01-31", 1, "2025-02-28"),
    # 2026-02-28 is a Saturday but a make-up working day → stays.
    ("2026-01-31", 1, "2026-02-28"),
    # 3/31 + 1 month → 4/30 (Wed).
    ("2025-03-31", 1, "2025-04-30"),
    # 8/31 + 1 month → 9/30 (Tue).
    ("2025-08-31", 1, "2025-09-30"),
    # 12/31 + 2 months crosses the year → 2026-02-28 (make-up Saturday).
    ("2025-12-31", 2, "2026-02-28"),
    # 12/31 + 1 month → 2026-01-31, an ordinary Saturday → Monday 2/2.
    ("2025-12-31", 1, "2026-02-02"),
    # 7/31 + 3 months → 10/31 (Fri).
    ("2025-07-31", 3, "2025-10-31"),
    # 2025-09-01 + 1 month → 10/1, National Day block → 10/9.
    ("2025-09-01", 1, "2025-10-09"),
]


@pytest.mark.parametrize(("anchor", "months", "expected"), MONTH_CASES)
def test_month_periods_end_on_corresponding_or_last_day_then_roll(calendar, anchor, months, expected):
    assert end_of_period(D(anchor), months, Unit.MONTH, calendar) == D(expected)


@pytest.fixture
def synthetic_2028_2029():
    """Leap-year checks with a made-up calendar that has no holidays (weekends only):
    there is no official data for 2028, so the real calendar must refuse instead."""
    return HolidayCalendar.build(years={2028, 2029})


def test_january_31_plus_one_month_in_a_leap_year_is_february_29(synthetic_2028_2029):
    # 2028 is a leap year; 2028-02-29 is a Tuesday.
    assert end_of_period(D("2028-01-31"), 1, Unit.MONTH, synthetic_2028_2029) == D("2028-02-29")


def test_february_29_plus_one_year_is_february_28(synthetic_2028_2029):
    # 2029 has no 29 February → its last day, Wednesday 2029-02-28.
    assert end_of_period(D("2028-02-29"), 1, Unit.YEAR, synthetic_2028_2029) == D("2029-02-28")


def test_leap_year_without_official_data_is_refused(calendar):
    with pytest.raises(NoHolidayData) as raised:
        end_of_period(D("2028-01-31"), 1, Unit.MONTH, calendar)

    assert raised.value.code == "no_holiday_data"
    assert raised.value.params == {"year": 2028}


def test_calendar_period_ending_in_an_unloaded_year_is_refused(calendar):
    # 2026-11-30 + 90 days = 2027-02-28: no official arrangement for 2027.
    with pytest.raises(NoHolidayData) as raised:
        compute_due(get_rule("penalty.decide"), D("2026-11-30"), calendar)

    assert raised.value.params == {"year": 2027}


def test_working_days_through_an_unloaded_year_are_refused(calendar):
    # 5 working days from 2024-12-30 must know whether 2024-12-31 was a working day.
    with pytest.raises(NoHolidayData) as raised:
        compute_due(get_rule("reconsideration.accept_review"), D("2024-12-30"), calendar)

    assert raised.value.params == {"year": 2024}


@pytest.mark.parametrize("day", ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11",
                                 "2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20",
                                 "2026-10-10"])
def test_make_up_weekend_days_are_working_days(calendar, day):
    assert D(day).weekday() in (5, 6)
    assert calendar.is_working_day(D(day)) is True
    assert calendar.is_rest_day(D(day)) is False


@pytest.mark.parametrize(("day", "is_rest"), [
    ("2025-10-08", True),  # Wednesday inside the National Day block
    ("2025-02-03", True),  # Monday inside the Spring Festival block
    ("2026-06-19", True),  # Friday, Dragon Boat Festival
    ("2025-03-08", True),  # ordinary Saturday
    ("2025-03-09", True),  # ordinary Sunday
    ("2025-03-10", False),  # ordinary Monday
    ("2026-01-02", True),  # Friday, New Year block 2026
])
def test_rest_days(calendar, day, is_rest):
    assert calendar.is_rest_day(D(day)) is is_rest


def test_unknown_year_is_not_guessed(calendar):
    with pytest.raises(NoHolidayData):
        calendar.is_rest_day(D("2027-03-03"))


def test_extension_counts_from_the_original_due_date(calendar):
    # Original due 2025-09-30 (see table); + 30 days → 10/30 (Thu).
    due = compute_due(get_rule("reconsideration.decide_ordinary"), D("2025-08-01"), calendar, extension_amount=30)

    assert (due.original_due, due.due, due.extension_amount) == (D("2025-09-30"), D("2025-10-30"), 30)
    assert due.extension_citation == "《行政复议法》第六十二条第一款"


def test_extension_from_a_rolled_over_due_date_rolls_again(calendar):
    # Original due 10/9 (rolled from 10/4); + 30 → 11/8 (Sat) → 11/10, same as extension_max.
    due = compute_due(get_rule("reconsideration.decide_ordinary"), D("2025-08-05"), calendar, extension_amount=30)

    assert (due.original_due, due.due) == (D("2025-10-09"), D("2025-11-10"))
    assert due.rolled_over is True


def test_shorter_extension(calendar):
    # 9/30 + 10 = 10/10, National Day block 10/1–10/8 does not matter: 10/10 is a Friday.
    due = compute_due(get_rule("reconsideration.decide_ordinary"), D("2025-08-01"), calendar, extension_amount=10)

    assert due.due == D("2025-10-10")


def test_extension_above_the_cap_is_refused(calendar):
    with pytest.raises(ExtensionExceedsCap) as raised:
        compute_due(get_rule("reconsideration.decide_ordinary"), D("2025-08-01"), calendar, extension_amount=31)

    assert raised.value.code == "extension_exceeds_cap"
    assert raised.value.field == "extend"


def test_extension_of_a_period_without_one_is_refused(calendar):
    with pytest.raises(ExtensionNotAllowed):
        compute_due(get_rule("reconsideration.decide_simplified"), D("2026-01-20"), calendar, extension_amount=1)


@pytest.mark.parametrize("amount", ["abc", "-3", "0", "1.5", "３"])
def test_malformed_extension_is_refused(amount):
    with pytest.raises(InvalidAmount):
        engine.parse_amount(amount)


@pytest.mark.parametrize("text", ["2025-02-30", "2025/03/01", "20250301", "2025-3-1", "", "２０２５-０３-０１",
                                  "2025-13-01", "tomorrow"])
def test_malformed_dates_are_refused(text):
    with pytest.raises(InvalidDate) as raised:
        engine.parse_date(text)

    assert raised.value.code == "invalid_date"


def test_json_contract_keys(calendar):
    due = compute_due(get_rule("reconsideration.apply"), D("2025-01-05"), calendar)

    assert due.as_json() == {
        "rule": "reconsideration.apply", "from": "2025-01-05", "due": "2025-03-06", "unit": "day",
        "citation": "《行政复议法》第二十条第一款", "title": str(get_rule("reconsideration.apply").title),
        "amount": 60,
    }


def test_calendar_refuses_a_day_both_off_and_working():
    with pytest.raises(ValueError):
        HolidayCalendar.build(off={D("2025-01-26")}, workdays={D("2025-01-26")}, years={2025})


def test_calendar_refuses_days_outside_its_years():
    with pytest.raises(ValueError):
        HolidayCalendar.build(off={D("2027-01-01")}, years={2026})
