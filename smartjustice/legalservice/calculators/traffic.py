"""Road traffic accidents (道路交通事故): compulsory insurance first, then the split by fault.

  1. The compulsory insurer (交强险) pays within its limits, per head: death/disability,
     medical, property; when the insured vehicle bears no responsibility the no-fault
     sub-limits apply (《道路交通安全法》第七十六条第一款; 《机动车交通事故责任强制保险条例》
     第二十一条, 第二十三条). A loss the victim caused on purpose is not paid (条例第二十一条第二款).
  2. The remainder (《道路交通安全法》第七十六条第一款):
       vehicle–vehicle: borne by fault (第一项);
       vehicle–pedestrian/non-motor: all if the pedestrian is not at fault; reduced by the
       pedestrian's fault; at most 10 % if the vehicle is not at fault (第二项); nothing if
       the pedestrian collided on purpose (第二款).
  The limits are editable data with effective dates (set by the insurance regulator, not in
  the statute corpus); the share for each responsibility category is local practice (NIC)
  and can always be overridden by `liability_percent`.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .errors import InvalidField, MissingFigure
from .inputs import Reader
from .result import FigureUsed, Item, Result, money, plain

ROAD_LAW = "《道路交通安全法》"
INSURANCE_REGULATION = "《机动车交通事故责任强制保险条例》"
HEADS = ("death_disability", "medical", "property")

# Local practice, not law (RULES.md §6.4 step 7: NIC): the share of the remainder borne by the
# motor-vehicle side for each responsibility the police determined.
VEHICLE_SHARES = {"full": 100, "main": 70, "equal": 50, "secondary": 30, "none": 0}
PEDESTRIAN_SHARES = {"full": 100, "main": 80, "equal": 60, "secondary": 40, "none": 10}

LABELS = {
    "accident_date": gettext_lazy("Accident date"),
    "collision": gettext_lazy("Kind of collision"),
    "responsibility": gettext_lazy("Responsibility of the motor vehicle"),
    "liability_percent": gettext_lazy("Share of the motor vehicle (%)"),
    "victim_intentional": gettext_lazy("The victim caused the accident on purpose"),
    "death_disability_loss": gettext_lazy("Death and disability losses"),
    "medical_loss": gettext_lazy("Medical losses"),
    "property_loss": gettext_lazy("Property losses"),
    "insured": gettext_lazy("The vehicle had compulsory insurance"),
}
for head in HEADS:
    LABELS[f"limit_{head}"] = gettext_lazy("Compulsory-insurance limit: %(head)s") % {"head": head}
    LABELS[f"no_fault_limit_{head}"] = gettext_lazy("No-fault limit: %(head)s") % {"head": head}


@dataclass(frozen=True)
class LimitSet:
    """交强险 limits in force from `effective_from`."""

    effective_from: str
    limits: dict  # head → Decimal, with responsibility
    no_fault_limits: dict  # head → Decimal, without responsibility
    source: str


def _limits_from_input(reader: Reader) -> LimitSet | None:
    keys = [f"limit_{head}" for head in HEADS] + [f"no_fault_limit_{head}" for head in HEADS]
    if not any(reader.has(key) for key in keys):
        return None
    return LimitSet(
        effective_from="input",
        limits={head: reader.decimal(f"limit_{head}") for head in HEADS},
        no_fault_limits={head: reader.decimal(f"no_fault_limit_{head}") for head in HEADS},
        source="input")


def traffic_accident(data, limit_sets: Sequence[LimitSet] = ()) -> Result:
    """What the victim can recover: the insurer's part per head, then the vehicle side's share."""
    reader = Reader(data, LABELS)
    accident_date = reader.date("accident_date")
    collision = reader.choice("collision", {"vehicle_vehicle": 1, "vehicle_pedestrian": 1})
    responsibility = reader.choice("responsibility", VEHICLE_SHARES)
    override = reader.decimal("liability_percent", required=False, maximum=Decimal(100))
    intentional = reader.boolean("victim_intentional")
    insured = reader.boolean("insured", default=True)
    losses = {head: reader.decimal(f"{head}_loss", required=False) or Decimal(0) for head in HEADS}

    limit_set = _limits_from_input(reader)
    if limit_set is None:
        in_force = [s for s in limit_sets if s.effective_from <= accident_date.isoformat()]
        if not in_force:
            raise MissingFigure(_("No compulsory-insurance limits are recorded for %(date)s; please give them."),
                                field="limit_death_disability", date=accident_date.isoformat())
        limit_set = max(in_force, key=lambda s: s.effective_from)
    result = Result("traffic-accident")
    at_fault = responsibility != "none"
    limits = limit_set.limits if at_fault else limit_set.no_fault_limits
    for head in HEADS:
        region, year = None, None
        result.figures.append(FigureUsed(
            key=("compulsory_insurance_limit_" if at_fault else "compulsory_insurance_no_fault_limit_") + head,
            value=limits[head], region=region, year=year,
            source=limit_set.source if limit_set.source == "input"
            else f"{limit_set.source} ({limit_set.effective_from})"))

    insurance_citation = f"{ROAD_LAW}第七十六条第一款; {INSURANCE_REGULATION}第二十一条, 第二十三条"
    paid = {}
    for head in HEADS:
        if intentional:
            paid[head] = Decimal(0)
            formula = _("nothing: the victim caused the loss on purpose")
        else:
            paid[head] = min(losses[head], limits[head])
            formula = _("min(loss %(loss)s, limit %(limit)s) = %(amount)s") % {
                "loss": money(losses[head]), "limit": money(limits[head]), "amount": money(paid[head])}
            if not insured:
                formula += _("; no insurance: paid by the party obliged to insure")
        if losses[head] or head == "death_disability":
            result.items.append(Item(
                key=f"compulsory_insurance_{head}",
                label={"death_disability": _("Compulsory insurance: death and disability"),
                       "medical": _("Compulsory insurance: medical"),
                       "property": _("Compulsory insurance: property")}[head],
                amount=paid[head], formula=formula,
                citation=insurance_citation + (f"; {INSURANCE_REGULATION}第二十一条第二款" if intentional else "")))

    remainder = sum(losses.values(), Decimal(0)) - sum(paid.values(), Decimal(0))
    if collision == "vehicle_vehicle":
        share = override if override is not None else Decimal(VEHICLE_SHARES[responsibility])
        rule = _("vehicles: borne by fault")
        citation = f"{ROAD_LAW}第七十六条第一款第一项"
    elif intentional:
        share = Decimal(0)
        rule = _("the pedestrian collided on purpose: the vehicle side bears nothing")
        citation = f"{ROAD_LAW}第七十六条第二款"
    else:
        share = override if override is not None else Decimal(PEDESTRIAN_SHARES[responsibility])
        if responsibility == "none" and share > 10:
            raise InvalidField(_("A motor vehicle without fault bears at most 10 % towards a pedestrian."),
                               field="liability_percent")
        rule = (_("vehicle not at fault: at most 10 percent") if responsibility == "none"
                else _("pedestrian or non-motor party: vehicle side bears all, reduced by the victim's fault"))
        citation = f"{ROAD_LAW}第七十六条第一款第二项"
    source = _("given") if override is not None else _("local practice table")
    liability = remainder * share / 100
    result.items.append(Item(
        key="motor_side_liability", label=_("Borne by the motor-vehicle side beyond the insurance"),
        amount=liability,
        formula=_("(%(total)s − %(insured)s) × %(share)s %% (%(source)s; %(rule)s) = %(amount)s")
        % {"total": money(sum(losses.values(), Decimal(0))), "insured": money(sum(paid.values(), Decimal(0))),
           "share": plain(share), "source": source, "rule": rule, "amount": money(liability)},
        citation=citation))
    return result
