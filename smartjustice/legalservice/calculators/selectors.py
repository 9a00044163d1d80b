"""Reads of the figures tables. Figures marked unreliable are never returned."""
from __future__ import annotations

from decimal import Decimal

from .models import DisabilityCoefficient, Figure, InsuranceLimitSet, Reliability
from .traffic import HEADS, LimitSet


def find_figure(indicator: str, region: str, year: int | None) -> Figure | None:
    """The usable figure for (indicator, region, year), or None."""
    return (Figure.objects.exclude(reliability=Reliability.UNRELIABLE)
            .filter(indicator=indicator, region=region, year=year).first())


def disability_coefficients() -> dict[int, Decimal]:
    return dict(DisabilityCoefficient.objects.values_list("grade", "coefficient"))


def insurance_limit_sets() -> list[LimitSet]:
    return [LimitSet(effective_from=row.effective_from.isoformat(),
                     limits={head: getattr(row, head) for head in HEADS},
                     no_fault_limits={head: getattr(row, f"no_fault_{head}") for head in HEADS},
                     source=row.source)
            for row in InsuranceLimitSet.objects.all()]


def figures_for_display():
    return Figure.objects.exclude(reliability=Reliability.UNRELIABLE).order_by("indicator", "region", "-year")
