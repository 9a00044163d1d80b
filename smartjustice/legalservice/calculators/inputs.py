"""Reading calculator input: one specific, translated message per bad field, naming it.

`Reader` checks each value as it is read (dates, non-negative money, whole numbers in a
range, yes/no); `FigureBook` finds each statistical figure in the input or, failing that,
in the figures table by region and year, and remembers which one it used.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Protocol

from django.utils.translation import gettext_lazy as _

from .errors import FigureNotFound, InvalidField, MissingField, MissingFigure
from .result import FigureUsed

MAX_AGE = 130
TRUE_WORDS = {"true", "1", "yes", "on"}
FALSE_WORDS = {"false", "0", "no", "off", ""}


class Reader:
    """Typed access to a calculator's input mapping. `labels` gives each key's
    human name, used in every message."""

    def __init__(self, data: Mapping, labels: Mapping[str, str]):
        if not isinstance(data, Mapping):
            raise InvalidField(_("The input must be a JSON object."), field_name="input")
        self.data = data
        self.labels = labels

    def label(self, key: str) -> str:
        return str(self.labels.get(key, key))

    def has(self, key: str) -> bool:
        value = self.data.get(key)
        return value is not None and value != ""

    def _missing(self, key: str):
        return MissingField(field=key, field_name=self.label(key))

    def decimal(self, key: str, *, required: bool = True, minimum: Decimal | None = Decimal("0"),
                maximum: Decimal | None = None, positive: bool = False) -> Decimal | None:
        if not self.has(key):
            if required:
                raise self._missing(key)
            return None
        raw = self.data[key]
        if isinstance(raw, bool) or isinstance(raw, float) and raw != raw:
            raise InvalidField(_("“%(field_name)s” must be a number."), field=key, field_name=self.label(key))
        try:
            # str() first: a JSON float such as 0.1 becomes "0.1", never its binary expansion.
            value = Decimal(str(raw).strip().replace(",", ""))
        except (InvalidOperation, ValueError):
            raise InvalidField(_("“%(field_name)s” must be a number."), field=key,
                               field_name=self.label(key)) from None
        if not value.is_finite():
            raise InvalidField(_("“%(field_name)s” must be a number."), field=key, field_name=self.label(key))
        if minimum is not None and value < minimum:
            raise InvalidField(_("“%(field_name)s” cannot be negative."), field=key, field_name=self.label(key))
        if positive and value <= 0:
            raise InvalidField(_("“%(field_name)s” must be more than zero."), field=key,
                               field_name=self.label(key))
        if maximum is not None and value > maximum:
            raise InvalidField(_("“%(field_name)s” cannot be more than %(maximum)s."), field=key,
                               field_name=self.label(key), maximum=maximum)
        return value

    def integer(self, key: str, *, required: bool = True, minimum: int | None = None,
                maximum: int | None = None, message=None) -> int | None:
        if not self.has(key):
            if required:
                raise self._missing(key)
            return None
        raw = self.data[key]
        try:
            if isinstance(raw, bool):
                raise ValueError
            value = Decimal(str(raw).strip())
            if value != value.to_integral_value():
                raise ValueError
            value = int(value)
        except (InvalidOperation, ValueError):
            raise InvalidField(_("“%(field_name)s” must be a whole number."), field=key,
                               field_name=self.label(key)) from None
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            raise InvalidField(message or _("“%(field_name)s” must be between %(minimum)s and %(maximum)s."),
                               field=key, field_name=self.label(key), minimum=minimum, maximum=maximum)
        return value

    def age(self, key: str = "age", *, required: bool = True) -> int | None:
        return self.integer(key, required=required, minimum=0, maximum=MAX_AGE,
                            message=_("“%(field_name)s” must be an age in full years between 0 and 130."))

    def date(self, key: str, *, required: bool = True) -> dt.date | None:
        if not self.has(key):
            if required:
                raise self._missing(key)
            return None
        raw = self.data[key]
        if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime):
            return raw
        try:
            return dt.date.fromisoformat(str(raw).strip())
        except ValueError:
            raise InvalidField(_("“%(field_name)s” must be a date (YYYY-MM-DD)."), field=key,
                               field_name=self.label(key)) from None

    def boolean(self, key: str, *, default: bool = False) -> bool:
        if key not in self.data or self.data[key] is None:
            return default
        raw = self.data[key]
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        if text in TRUE_WORDS:
            return True
        if text in FALSE_WORDS:
            return False
        raise InvalidField(_("“%(field_name)s” must be yes or no."), field=key, field_name=self.label(key))

    def choice(self, key: str, choices: Mapping[str, object], *, required: bool = True,
               default: str | None = None) -> str | None:
        if not self.has(key):
            if required and default is None:
                raise self._missing(key)
            return default
        value = str(self.data[key]).strip()
        if value not in choices:
            raise InvalidField(_("“%(field_name)s” must be one of: %(choices)s."), field=key,
                               field_name=self.label(key), choices=", ".join(choices))
        return value

    def records(self, key: str) -> list[Mapping]:
        """A list of objects (e.g. dependants); empty when absent."""
        if not self.has(key):
            return []
        value = self.data[key]
        if not isinstance(value, list) or not all(isinstance(entry, Mapping) for entry in value):
            raise InvalidField(_("“%(field_name)s” must be a list of entries."), field=key,
                               field_name=self.label(key))
        return value


class FigureRecord(Protocol):
    value: Decimal
    region: str
    year: int | None
    source_title: str


FigureFinder = Callable[[str, str, int | None], "FigureRecord | None"]


class FigureBook:
    """Statistical figures for one calculation: from the input when given there, else from
    `finder` (the figures table) by region and year. Every figure used is listed."""

    def __init__(self, reader: Reader, finder: FigureFinder | None):
        self.reader = reader
        self.finder = finder
        self.used: list[FigureUsed] = []
        self.region = str(reader.data.get("region") or "").strip() or None
        self.year = reader.integer("year", required=False, minimum=1949, maximum=2200)

    def take(self, key: str, indicator: str, *, region: str | None = None, required: bool = True,
             year: int | None = None, derive: tuple[str, Decimal] | None = None) -> Decimal | None:
        """The figure for input `key` (indicator `indicator`). `region` fixes the region
        (e.g. "national"); `derive` = (other indicator, divisor) is a fallback series."""
        value = self.reader.decimal(key, required=False, positive=True)
        if value is not None:
            self.used.append(FigureUsed(key=key, value=value, region=None, year=None, source="input"))
            return value
        region = region or self.region
        year = year if year is not None else self.year
        if self.finder is None or region is None or year is None:
            if not required:
                return None
            raise MissingFigure(field=key, field_name=self.reader.label(key))
        record = self.finder(indicator, region, year)
        divisor = Decimal(1)
        if record is None and derive is not None:
            record = self.finder(derive[0], region, year)
            divisor = derive[1]
            indicator = derive[0]
        if record is None:
            if not required:
                return None
            raise FigureNotFound(field=key, field_name=self.reader.label(key), indicator=indicator,
                                 region=region, year=year)
        self.used.append(FigureUsed(key=indicator, value=record.value, region=record.region,
                                    year=record.year, source=record.source_title))
        return record.value / divisor
