"""The period engine: turns a statutory period into a due date (issue #2 §5, STYLE §5).

Pure functions over dates, a rule and a holiday calendar; no database, no clock. Both the
`smartjustice deadlines compute` command and the services call `compute_due`.

Counting, by unit:
  * calendar days ("day"): the start day is not counted (《民法典》第二百零一条), the period
    ends n days later; a last day that is a statutory rest day moves to the day after the
    rest ends (《民法典》第二百零三条第一款; 《民事诉讼法》第八十五条).
  * working days ("working_day"), where a statute says so (《行政复议法》第八十八条第二款,
    《行政处罚法》第八十五条): the n-th working day after the start day. Weekends
    (《国务院关于职工工作时间的规定》第七条) and official holidays are skipped; weekend days
    the State Council made working days (调休上班) count.
  * months and years: the corresponding day of the final month, or its last day where there is
    no such day (《民法典》第二百零二条), then the rest-day roll-over as for calendar days.

Every day the result depends on must lie in a year whose official arrangement is loaded;
otherwise NoHolidayData is raised, never a guess.
"""
from __future__ import annotations

import calendar as _calendar
import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from .errors import (
    ExtensionExceedsCap,
    ExtensionNotAllowed,
    InvalidAmount,
    InvalidDate,
    NoHolidayData,
)

if TYPE_CHECKING:
    from .rules import Rule


class Unit(enum.StrEnum):
    """Units of a period; the values are those of shared/domain/rules.json."""

    CALENDAR_DAY = "day"
    WORKING_DAY = "working_day"
    MONTH = "month"
    YEAR = "year"


# Saturday and Sunday are the weekly rest days of state organs (《国务院关于职工工作时间的规定》第七条).
WEEKEND = frozenset({5, 6})

UNIT_LABELS = {
    Unit.CALENDAR_DAY: _("calendar days"),
    Unit.WORKING_DAY: _("working days"),
    Unit.MONTH: _("months"),
    Unit.YEAR: _("years"),
}

# The legal basis of each way of counting, shown with the rule's own citation.
COUNTING_BASIS = {
    Unit.CALENDAR_DAY: "《民法典》第二百零一条、第二百零三条",
    Unit.WORKING_DAY: "《民法典》第二百零一条; 《国务院关于职工工作时间的规定》第七条",
    Unit.MONTH: "《民法典》第二百零一条、第二百零二条、第二百零三条",
    Unit.YEAR: "《民法典》第二百零一条、第二百零二条、第二百零三条",
}


def parse_date(value, *, field: str | None = None) -> dt.date:
    """A date from "YYYY-MM-DD" (or a date); InvalidDate for anything else."""
    if isinstance(value, dt.datetime):
        raise InvalidDate(value=str(value), field=field)
    if isinstance(value, dt.date):
        return value
    text = str(value).strip() if value is not None else ""
    if not text:
        raise InvalidDate(_("Please give the date the period is counted from (YYYY-MM-DD)."), field=field)
    if len(text) != 10 or text[4] != "-" or text[7] != "-" or not text.isascii():
        raise InvalidDate(value=text, field=field)
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidDate(value=text, field=field) from None


def parse_amount(value, *, field: str | None = None) -> int:
    """A positive whole number from an int or its decimal text; InvalidAmount otherwise."""
    if isinstance(value, bool):
        raise InvalidAmount(value=str(value), field=field)
    if isinstance(value, int):
        number = value
    else:
        text = str(value).strip() if value is not None else ""
        if not text.isascii() or not text.isdigit() or len(text) > 5:
            raise InvalidAmount(value=text, field=field)
        number = int(text)
    if number < 1:
        raise InvalidAmount(value=str(value), field=field)
    return number


@dataclass(frozen=True)
class HolidayCalendar:
    """The official rest-day arrangement for some years (放假调休安排).

    `off`: days off, including weekend days inside a holiday block; `workdays`: weekend days
    that are working days (调休上班); `years`: the years whose arrangement is known. Any
    date asked about outside `years` raises NoHolidayData.
    """

    off: frozenset[dt.date] = frozenset()
    workdays: frozenset[dt.date] = frozenset()
    years: frozenset[int] = frozenset()

    def __post_init__(self):
        both = self.off & self.workdays
        if both:
            raise ValueError(f"dates both off and working: {sorted(both)}")
        stray = {d for d in self.off | self.workdays if d.year not in self.years}
        if stray:
            raise ValueError(f"dates outside the calendar's years: {sorted(stray)}")

    @classmethod
    def build(cls, *, off: Iterable[dt.date] = (), workdays: Iterable[dt.date] = (),
              years: Iterable[int] = ()) -> HolidayCalendar:
        return cls(off=frozenset(off), workdays=frozenset(workdays), years=frozenset(years))

    @classmethod
    def from_mapping(cls, data: Mapping) -> HolidayCalendar:
        """From the shape of shared/domain/holidays_cn.json: {"years": {"2025": {"off": [...],
        "workdays": [...]}}}. Validation with messages for people lives in services."""
        off, workdays, years = set(), set(), set()
        for year, block in data["years"].items():
            years.add(int(year))
            off.update(dt.date.fromisoformat(d) for d in block.get("off", []))
            workdays.update(dt.date.fromisoformat(d) for d in block.get("workdays", []))
        return cls.build(off=off, workdays=workdays, years=years)

    def covers(self, year: int) -> bool:
        return year in self.years

    def _require(self, day: dt.date) -> None:
        if day.year not in self.years:
            raise NoHolidayData(year=day.year)

    def is_rest_day(self, day: dt.date) -> bool:
        """A statutory rest day (法定休假日): a listed day off, or a weekend day not listed as
        a working day."""
        self._require(day)
        if day in self.workdays:
            return False
        return day in self.off or day.weekday() in WEEKEND

    def is_working_day(self, day: dt.date) -> bool:
        return not self.is_rest_day(day)


@dataclass(frozen=True)
class DueDate:
    """The result of a computation: the last day of the period and why."""

    rule_id: str
    title: str
    anchor: dt.date
    amount: int
    unit: Unit
    citation: str
    due: dt.date
    # The due date before any extension, and the extension in the rule's extension unit.
    original_due: dt.date
    extension_amount: int = 0
    extension_citation: str = ""
    # True when the last day fell on a rest day and moved (《民法典》第二百零三条第一款).
    rolled_over: bool = False
    counting_basis: str = field(default="")

    @property
    def is_extended(self) -> bool:
        return self.extension_amount > 0

    # The names a Deadline row uses, so templates (deadlines/_due.html) take either.
    is_met = False

    @property
    def effective_due_on(self) -> dt.date:
        return self.due

    @property
    def unit_label(self) -> str:
        return str(UNIT_LABELS[self.unit])

    def as_json(self) -> dict:
        """The JSON contract of `smartjustice deadlines compute` and the API (issue #2 §5)."""
        data = {
            "rule": self.rule_id,
            "from": self.anchor.isoformat(),
            "due": self.due.isoformat(),
            "unit": str(self.unit),
            "citation": self.citation,
            "title": self.title,
            "amount": self.amount,
        }
        if self.is_extended:
            data["extension"] = self.extension_amount
            data["original_due"] = self.original_due.isoformat()
            data["extension_citation"] = self.extension_citation
        return data


def add_months(day: dt.date, months: int) -> dt.date:
    """The corresponding day `months` later, or the last day of that month where it has no
    such day (《民法典》第二百零二条: 31 January + 1 month → 28/29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = _calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


def roll_forward(day: dt.date, calendar: HolidayCalendar) -> dt.date:
    """The day itself if it is not a rest day, else the first day after the rest ends
    (《民法典》第二百零三条第一款)."""
    while calendar.is_rest_day(day):
        day += dt.timedelta(days=1)
    return day


def add_working_days(anchor: dt.date, amount: int, calendar: HolidayCalendar) -> dt.date:
    """The `amount`-th working day after `anchor` (the anchor itself is never counted)."""
    day, counted = anchor, 0
    while counted < amount:
        day += dt.timedelta(days=1)
        if calendar.is_working_day(day):
            counted += 1
    return day


def end_of_period(anchor: dt.date, amount: int, unit: Unit, calendar: HolidayCalendar) -> dt.date:
    """The last day of a period of `amount` `unit` counted from `anchor`, after roll-over."""
    if unit is Unit.WORKING_DAY:
        return add_working_days(anchor, amount, calendar)
    if unit is Unit.CALENDAR_DAY:
        raw = anchor + dt.timedelta(days=amount)
    elif unit is Unit.MONTH:
        raw = add_months(anchor, amount)
    elif unit is Unit.YEAR:
        raw = add_months(anchor, 12 * amount)
    else:  # pragma: no cover - Unit is closed
        raise ValueError(unit)
    return roll_forward(raw, calendar)


def compute_due(rule: Rule, anchor: dt.date, calendar: HolidayCalendar,
                extension_amount: int = 0) -> DueDate:
    """The due date of `rule` counted from `anchor`, optionally extended.

    An extension runs from the original due date (the day the unextended period ends), in
    the rule's extension unit, and may not exceed the rule's cap: for the ordinary
    reconsideration procedure at most 30 days (《行政复议法》第六十二条第一款).
    Raises InvalidDate, InvalidAmount, ExtensionNotAllowed, ExtensionExceedsCap, NoHolidayData.
    """
    anchor = parse_date(anchor, field="from")
    original = end_of_period(anchor, rule.amount, rule.unit, calendar)
    due, extension_citation = original, ""
    if extension_amount:
        extension_amount = parse_amount(extension_amount, field="extend")
        extension = rule.extension
        if extension is None:
            raise ExtensionNotAllowed(rule_id=rule.id, field="extend")
        if extension.max_amount is not None and extension_amount > extension.max_amount:
            raise ExtensionExceedsCap(cap=extension.describe_cap(), citation=extension.citation,
                                      amount=extension_amount, field="extend")
        due = end_of_period(original, extension_amount, extension.unit, calendar)
        extension_citation = extension.citation
    raw_end = _unrolled_end(anchor, rule.amount, rule.unit)
    return DueDate(
        rule_id=rule.id,
        title=str(rule.title),
        anchor=anchor,
        amount=rule.amount,
        unit=rule.unit,
        citation=rule.citation,
        due=due,
        original_due=original,
        extension_amount=extension_amount or 0,
        extension_citation=extension_citation,
        rolled_over=raw_end is not None and original != raw_end,
        counting_basis=rule.counting_basis,
    )


def _unrolled_end(anchor: dt.date, amount: int, unit: Unit) -> dt.date | None:
    if unit is Unit.CALENDAR_DAY:
        return anchor + dt.timedelta(days=amount)
    if unit is Unit.MONTH:
        return add_months(anchor, amount)
    if unit is Unit.YEAR:
        return add_months(anchor, 12 * amount)
    return None  # working days never roll over: the count lands on a working day
