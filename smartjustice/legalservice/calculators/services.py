"""Calculator services: run a calculator against the figures tables; load the figures.

`calculate` changes nothing. `load_figures` replaces figures from the shared statistics
file in one transaction with one audit entry; a bad file changes nothing.
"""
from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from smartjustice.audit import services as audit

from . import selectors
from .defaults import COEFFICIENT_NOTE, DISABILITY_COEFFICIENTS, INSURANCE_LIMITS
from .errors import InvalidField, UnknownCalculator
from .models import DisabilityCoefficient, Figure, InsuranceLimitSet, Reliability
from .registry import CALCULATORS
from .result import Result


def get_calculator(name: str):
    try:
        return CALCULATORS[name]
    except KeyError:
        raise UnknownCalculator(name=name) from None


def calculate(name: str, data) -> Result:
    """Run calculator `name` on `data`; figures not in `data` come from the tables."""
    calculator = get_calculator(name)
    if "limits" in calculator.needs:
        return calculator.function(data, selectors.insurance_limit_sets())
    kwargs = {}
    if "coefficients" in calculator.needs:
        kwargs["coefficients"] = selectors.disability_coefficients()
    return calculator.function(data, selectors.find_figure, **kwargs)


def default_stats_path() -> Path:
    return Path(settings.SHARED_DIR) / "domain" / "stats.json"


FIELDS = ("indicator", "indicator_zh", "region", "year", "value", "unit", "source_title", "source_url",
          "publisher", "reliability", "note")


def _parse_record(index: int, record) -> dict:
    if not isinstance(record, dict):
        raise InvalidField(_("Record %(number)s is not an object."), field="path", number=index)
    for key in ("indicator", "region", "value", "source_title", "reliability"):
        if record.get(key) in (None, ""):
            raise InvalidField(_("Record %(number)s has no “%(key)s”."), field="path", number=index, key=key)
    if record["reliability"] not in Reliability.values:
        raise InvalidField(_("Record %(number)s has an unknown reliability “%(value)s”."), field="path",
                           number=index, value=record["reliability"])
    try:
        value = Decimal(str(record["value"]))
    except InvalidOperation:
        raise InvalidField(_("Record %(number)s has a value that is not a number."), field="path",
                           number=index) from None
    year = record.get("year")
    if year is not None and (not isinstance(year, int) or isinstance(year, bool)):
        raise InvalidField(_("Record %(number)s has a year that is not a whole number."), field="path", number=index)
    row = {key: record.get(key) or "" for key in FIELDS}
    row.update(value=value, year=year)
    return row


def read_stats(path=None) -> list[dict]:
    """Parse the statistics file; every record is checked before anything is written."""
    path = Path(path) if path else default_stats_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InvalidField(_("The statistics file %(path)s does not exist."), field="path", path=str(path)) from None
    except (ValueError, UnicodeDecodeError):
        raise InvalidField(_("The statistics file %(path)s is not valid JSON."), field="path",
                           path=str(path)) from None
    if not isinstance(data, list):
        raise InvalidField(_("The statistics file must hold a list of records."), field="path")
    return [_parse_record(index, record) for index, record in enumerate(data, start=1)]


def load_figures(path=None, *, acting_user=None) -> dict:
    """Create or update every reliable figure of the file (keyed by indicator, region, year);
    skip those marked unreliable. Also creates the default coefficient and insurance-limit
    rows where missing. Returns counts."""
    rows = read_stats(path)
    counts = {"created": 0, "updated": 0, "unchanged": 0, "skipped_unreliable": 0}
    with transaction.atomic():
        for row in rows:
            if row["reliability"] == Reliability.UNRELIABLE:
                counts["skipped_unreliable"] += 1
                continue
            key = {"indicator": row.pop("indicator"), "region": row.pop("region"), "year": row.pop("year")}
            figure = Figure.objects.filter(**key).first()
            if figure is None:
                Figure.objects.create(**key, **row)
                counts["created"] += 1
            elif any(getattr(figure, name) != value for name, value in row.items()):
                for name, value in row.items():
                    setattr(figure, name, value)
                figure.save()
                counts["updated"] += 1
            else:
                counts["unchanged"] += 1
        for grade, coefficient in DISABILITY_COEFFICIENTS.items():
            DisabilityCoefficient.objects.get_or_create(grade=grade, defaults={
                "coefficient": coefficient, "note": COEFFICIENT_NOTE})
        for limits in INSURANCE_LIMITS:
            InsuranceLimitSet.objects.get_or_create(
                effective_from=dt.date.fromisoformat(limits["effective_from"]),
                defaults={key: value for key, value in limits.items() if key != "effective_from"})
        audit.record("calculators.figures.loaded", actor=acting_user,
                     changes={"path": str(path or default_stats_path()), **counts})
    return counts
