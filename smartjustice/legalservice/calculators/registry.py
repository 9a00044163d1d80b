"""The calculators by name, with the fields their pages ask for.

Each entry runs a pure function; `services.calculate` hands it the figures table, the
coefficient table and the insurance limits. Names and input keys are those of issue #7.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from . import labour, personal_injury, traffic, work_injury


@dataclass(frozen=True)
class Field:
    key: str
    kind: str = "money"  # money | number | integer | date | bool | choice | dependants | text
    required: bool = False
    choices: tuple = ()
    help: str = ""


@dataclass(frozen=True)
class Calculator:
    name: str
    title: str
    summary: str
    labels: dict
    fields: tuple[Field, ...]
    needs: tuple[str, ...] = field(default=("finder",))  # what services pass in
    function: Callable | None = None


REGION_FIELDS = (Field("region", "text", help=_("e.g. 浙江省; used to look up figures you leave empty")),
                 Field("year", "integer", help=_("the statistical year of the figures, e.g. 2024")))
DEPENDANTS_HELP = _("One per line: age, kind (minor or unable_to_work), people obliged to support. "
                    "Example: 10, minor, 2")

CALCULATORS: dict[str, Calculator] = {c.name: c for c in (
    Calculator("labor-compensation", _("Economic compensation on termination"),
               _("经济补偿 or, for an unlawful termination, 赔偿金 under 《劳动合同法》."),
               labour.LABOUR_LABELS,
               (Field("start_date", "date", True), Field("end_date", "date", True),
                Field("monthly_wage", required=True), Field("city_avg_wage_monthly"),
                Field("minimum_wage_monthly"), Field("unlawful", "bool"), *REGION_FIELDS),
               function=labour.labor_compensation),
    Calculator("double-wages", _("Double wages without a written contract"),
               _("The extra wage for months worked without a written contract."),
               labour.LABOUR_LABELS,
               (Field("start_date", "date", True), Field("contract_signed_date", "date"),
                Field("end_date", "date"), Field("monthly_wage", required=True)),
               function=labour.double_wages),
    Calculator("work-injury", _("Work-injury disability benefits"),
               _("工伤 disability subsidy, allowance and the Zhejiang subsidies."),
               work_injury.LABELS,
               (Field("grade", "integer", True), Field("own_monthly_wage", required=True),
                Field("area_avg_wage_monthly"), Field("province_avg_wage_monthly"),
                Field("minimum_wage_monthly"), Field("age", "integer"), Field("retirement_age", "integer"),
                *REGION_FIELDS),
               function=work_injury.work_injury),
    Calculator("work-death", _("Work-related death benefits"),
               _("一次性工亡补助金, funeral subsidy and dependants' pension."),
               {**work_injury.LABELS, "own_monthly_wage": work_injury.LABELS["own_monthly_wage"]},
               (Field("national_urban_income_prev_year"), Field("area_avg_wage_monthly"),
                Field("own_monthly_wage"),
                Field("dependants", "relations",
                      help=_("One per line: spouse or other, then “yes” for an orphan or solitary elder. "
                             "Example: spouse")),
                *REGION_FIELDS),
               function=work_injury.work_death),
    Calculator("injury-death", _("Death compensation (personal injury)"),
               _("死亡赔偿金, funeral expenses and dependants' living expenses."),
               personal_injury.LABELS,
               (Field("age", "integer", True), Field("urban_income"), Field("employee_avg_wage_monthly"),
                Field("urban_consumption"), Field("dependants", "dependants", help=DEPENDANTS_HELP),
                *REGION_FIELDS),
               function=personal_injury.injury_death),
    Calculator("injury-disability", _("Disability compensation (personal injury)"),
               _("残疾赔偿金 and the other heads of damage."),
               personal_injury.LABELS,
               (Field("age", "integer", True), Field("urban_income"), Field("coefficient", "number"),
                Field("grade", "integer"), Field("medical_expenses"), Field("lost_days", "number"),
                Field("daily_income"), Field("nursing_days", "number"), Field("nursing_daily_rate"),
                Field("carers", "integer"), Field("inpatient_days", "number"), Field("meal_allowance_daily"),
                Field("transport_expenses"), Field("nutrition_expenses"), Field("assistive_devices"),
                Field("mental_distress"), Field("urban_consumption"),
                Field("dependants", "dependants", help=DEPENDANTS_HELP), *REGION_FIELDS),
               needs=("finder", "coefficients"), function=personal_injury.injury_disability),
    Calculator("traffic-accident", _("Road traffic accident"),
               _("Compulsory insurance first, then the split by fault."),
               traffic.LABELS,
               (Field("accident_date", "date", True),
                Field("collision", "choice", True, choices=(("vehicle_vehicle", _("between motor vehicles")),
                                                            ("vehicle_pedestrian", _("vehicle and pedestrian or non-motor vehicle")))),
                Field("responsibility", "choice", True, choices=(
                    ("full", _("full")), ("main", _("main")), ("equal", _("equal")),
                    ("secondary", _("secondary")), ("none", _("none")))),
                Field("liability_percent", "number"), Field("victim_intentional", "bool"),
                Field("death_disability_loss"), Field("medical_loss"), Field("property_loss")),
               needs=("limits",), function=traffic.traffic_accident),
)}
