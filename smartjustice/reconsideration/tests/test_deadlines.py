"""The filing window of 《行政复议法》第二十条 and 第二十一条, against hand-counted dates."""
import datetime as dt

from django.utils import translation

from smartjustice.reconsideration.deadlines import filing_window

D = dt.date.fromisoformat


def window(calendar, **facts):
    values = {"known_on": D("2026-03-02"), "made_on": D("2026-03-01"), "remedy_notice_given": True,
              "remedy_known_on": None, "concerns_real_property": False, "filed_on": D("2026-03-10")}
    values.update(facts)
    with translation.override("en"):
        return filing_window(calendar=calendar, **values)


def test_sixty_days_from_knowledge(calendar):
    result = window(calendar)

    # 2 March + 60 days = 1 May 2026, Labour Day (1–5 May off) → Wednesday 6 May.
    assert (result.last_day, result.is_late, result.beyond_absolute_limit) == (D("2026-05-06"), False, False)
    assert result.limits[0].citation == "《行政复议法》第二十条第一款"
    assert result.explanation[-1] == "Your application is within the period."


def test_late_by_one_day_is_recorded_as_late_with_the_justified_reason_rule(calendar):
    result = window(calendar, filed_on=D("2026-05-07"))

    assert (result.last_day, result.is_late) == (D("2026-05-06"), True)
    assert "第二十条第二款" in result.text


def test_without_remedy_notice_the_sixty_days_have_not_started(calendar):
    result = window(calendar, remedy_notice_given=False, known_on=D("2025-06-10"), made_on=D("2025-06-10"),
                    filed_on=D("2026-03-10"))

    # Only the one-year outer limit binds: 10 June 2026 (Wednesday).
    assert (result.last_day, result.is_late) == (D("2026-06-10"), False)
    assert "第二十条第三款" in result.text


def test_without_remedy_notice_sixty_days_from_learning_of_the_right(calendar):
    result = window(calendar, remedy_notice_given=False, known_on=D("2025-06-10"), made_on=D("2025-06-10"),
                    remedy_known_on=D("2026-01-05"), filed_on=D("2026-03-10"))

    # 5 Jan 2026 + 60 days = 6 March 2026 (Friday), earlier than the one-year limit.
    assert (result.last_day, result.is_late) == (D("2026-03-06"), True)


def test_one_year_cap_binds_before_late_knowledge_of_the_right(calendar):
    result = window(calendar, remedy_notice_given=False, known_on=D("2025-03-03"), made_on=D("2025-03-03"),
                    remedy_known_on=D("2026-02-26"), filed_on=D("2026-03-10"))

    # One year from 3 March 2025 → 3 March 2026 (Tuesday), before 27 April (26 Feb + 60 days).
    assert (result.last_day, result.is_late) == (D("2026-03-03"), True)


def test_five_year_absolute_limit(calendar):
    result = window(calendar, made_on=D("2020-05-10"), known_on=D("2026-03-02"), filed_on=D("2026-03-10"))

    assert (result.is_late, result.beyond_absolute_limit) == (True, True)
    assert result.limits[-1].citation == "《行政复议法》第二十一条"
    # 10 May 2020 + 5 years = Saturday 10 May 2025 → Monday 12 May 2025.
    assert result.limits[-1].due == D("2025-05-12") and result.limits[-1].approximate is False
    assert "more than 5 years ago" in result.text


def test_twenty_years_for_real_property(calendar):
    result = window(calendar, made_on=D("2020-05-10"), known_on=D("2026-03-02"), filed_on=D("2026-03-10"),
                    concerns_real_property=True)

    # 10 May 2040: outside the loaded holiday years, so computed without roll-over; it does
    # not bind (the 60 days do), so no warning is shown.
    assert (result.is_late, result.beyond_absolute_limit, result.last_day) == (False, False, D("2026-05-06"))
    assert (result.limits[-1].due, result.limits[-1].approximate) == (D("2040-05-10"), True)
    assert "holiday calendar" not in result.text


def test_an_old_year_that_binds_is_flagged_as_approximate(calendar):
    result = window(calendar, known_on=D("2023-03-01"), made_on=D("2023-02-27"), filed_on=D("2026-03-10"))

    # 1 March 2023 + 60 days = 30 April 2023; the 2023 arrangement is not loaded.
    assert (result.last_day, result.is_late) == (D("2023-04-30"), True)
    assert "holiday calendar" in result.text


def test_missing_knowledge_date_gives_no_last_day(calendar):
    result = window(calendar, known_on=None, made_on=None)

    assert (result.last_day, result.is_late) == (None, False)
    assert result.explanation == ["Give the date you learned of the act so the application period can be computed."]
