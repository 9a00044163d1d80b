"""What every calculator returns: items that explain the total, and the figures used.

The JSON contract (CLI `smartjustice calc`, API, page) is
{"calculator", "total", "items": [{"key","label","amount","formula","citation"}],
 "figures": [{"key","value","region","year","source"}]}. Money is a Decimal computed at
full precision and rounded to the fen (ROUND_HALF_UP) once, at the end of each item;
amounts and the total are written as strings ("1234.50") so no float ever touches money.
The total is the sum of the money items as shown; items with `counts_in_total` unset (a
factor such as the service years N, a monthly allowance or pension, a wage base) are listed,
labelled as such, and not added to the total.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

FEN = Decimal("0.01")


def to_fen(amount: Decimal) -> Decimal:
    """Round once, at the end, to the fen (half up, as a cashier would)."""
    return amount.quantize(FEN, rounding=ROUND_HALF_UP)


def plain(number: Decimal) -> str:
    """A Decimal without exponent or trailing zeros, for formulas ("1.5", "36000")."""
    text = format(number.normalize(), "f")
    return text


def money(number: Decimal) -> str:
    """A money amount as shown in formulas: rounded to the fen, two decimals."""
    return format(to_fen(number), "f")


@dataclass
class Item:
    key: str
    label: str
    amount: Decimal  # exact; rounded by `rounded`
    formula: str
    citation: str
    counts_in_total: bool = True

    @property
    def rounded(self) -> Decimal:
        return to_fen(self.amount)

    def as_json(self) -> dict:
        return {"key": self.key, "label": str(self.label), "amount": format(self.rounded, "f"),
                "formula": str(self.formula), "citation": self.citation}


@dataclass
class FigureUsed:
    key: str
    value: Decimal
    region: str | None
    year: int | None
    source: str

    def as_json(self) -> dict:
        return {"key": self.key, "value": plain(self.value), "region": self.region,
                "year": self.year, "source": self.source}


@dataclass
class Result:
    calculator: str
    items: list[Item] = field(default_factory=list)
    figures: list[FigureUsed] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((item.rounded for item in self.items if item.counts_in_total), Decimal("0.00"))

    def item(self, key: str) -> Item:
        return next(item for item in self.items if item.key == key)

    def as_json(self) -> dict:
        return {
            "calculator": self.calculator,
            "total": format(self.total, "f"),
            "items": [item.as_json() for item in self.items],
            "figures": [figure.as_json() for figure in self.figures],
        }
