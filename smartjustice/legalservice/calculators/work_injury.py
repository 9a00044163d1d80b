"""Work-injury benefits (工伤保险待遇): 《工伤保险条例》 and 《浙江省工伤保险条例》.

  * Own wage (本人工资, 《工伤保险条例》第六十四条第二款): clamped to 60 %–300 % of the
    coordination area's average wage when that figure is known.
  * One-time disability subsidy: 27/25/23/21/18/16/13/11/9/7 months of own wage for grades
    1–10 (第三十五条至第三十七条); monthly allowance 90/85/80/75 % (grades 1–4, fund) and
    70/60 % (grades 5–6, employer, only when no suitable work is arranged), topped up to the
    local minimum wage (第三十五条第一款第二项, 第三十六条第一款第二项).
  * Zhejiang, grades 5–10 on termination: medical and employment subsidies of 30/25/10/7/4/2
    months of the previous-year provincial average monthly wage; within five years of the
    statutory retirement age the employment subsidy falls by 20 % per year of age
    (《浙江省工伤保险条例》第二十七条第二款).
  * Death (第三十九条): 20 × previous-year national urban per-capita disposable income;
    funeral 6 × the area's previous-year average monthly wage; dependants' monthly pension
    40 % (spouse) / 30 % (each other), +10 % for an orphan or solitary elder, in total at most
    the deceased's own wage.
"""
from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .errors import InvalidField
from .inputs import FigureBook, FigureFinder, Reader
from .result import Item, Result, money, plain

REGULATION = "《工伤保险条例》"
ZHEJIANG = "《浙江省工伤保险条例》"
SUBSIDY_MONTHS = {1: 27, 2: 25, 3: 23, 4: 21, 5: 18, 6: 16, 7: 13, 8: 11, 9: 9, 10: 7}
SUBSIDY_ARTICLE = {1: "第三十五条第一款第一项", 5: "第三十六条第一款第一项", 7: "第三十七条第一项"}
ALLOWANCE_RATE = {1: Decimal("0.90"), 2: Decimal("0.85"), 3: Decimal("0.80"), 4: Decimal("0.75"),
                  5: Decimal("0.70"), 6: Decimal("0.60")}
ZHEJIANG_SUBSIDY_MONTHS = {5: 30, 6: 25, 7: 10, 8: 7, 9: 4, 10: 2}
FLOOR, CEILING = Decimal("0.6"), Decimal("3")
SPOUSE_RATE, OTHER_RATE, SOLITARY_EXTRA = Decimal("0.40"), Decimal("0.30"), Decimal("0.10")

LABELS = {
    "grade": gettext_lazy("Disability grade (1–10)"),
    "own_monthly_wage": gettext_lazy("Own monthly wage (12-month average before the injury)"),
    "area_avg_wage_monthly": gettext_lazy("Coordination-area average monthly wage"),
    "province_avg_wage_monthly": gettext_lazy("Zhejiang average monthly wage (previous year)"),
    "minimum_wage_monthly": gettext_lazy("Local minimum monthly wage"),
    "age": gettext_lazy("Age at termination (full years)"),
    "retirement_age": gettext_lazy("Statutory retirement age"),
    "national_urban_income_prev_year": gettext_lazy(
        "National urban per-capita disposable income (previous year)"),
    "dependants": gettext_lazy("Dependants"),
    "region": gettext_lazy("Region"),
    "year": gettext_lazy("Statistical year"),
}


def _subsidy_article(grade: int) -> str:
    start = 1 if grade <= 4 else 5 if grade <= 6 else 7
    return REGULATION + SUBSIDY_ARTICLE[start]


def clamp_own_wage(wage: Decimal, area_average: Decimal | None) -> tuple[Decimal, str]:
    """本人工资 within 60 %–300 % of the area average (《工伤保险条例》第六十四条第二款)."""
    if area_average is None:
        return wage, _("own wage %(wage)s (area average not given: not checked against 60 %%–300 %%)") % {
            "wage": money(wage)}
    low, high = FLOOR * area_average, CEILING * area_average
    if wage < low:
        return low, _("own wage %(wage)s below 60 %% × %(average)s: %(low)s used") % {
            "wage": money(wage), "average": money(area_average), "low": money(low)}
    if wage > high:
        return high, _("own wage %(wage)s above 300 %% × %(average)s: %(high)s used") % {
            "wage": money(wage), "average": money(area_average), "high": money(high)}
    return wage, _("own wage %(wage)s within 60 %%–300 %% of %(average)s") % {
        "wage": money(wage), "average": money(area_average)}


def near_retirement_factor(age: int, retirement_age: int) -> Decimal:
    """《浙江省工伤保险条例》第二十七条第二款: fewer than five years to retirement → 20 % less per
    year of age past retirement_age − 5, never below zero."""
    over = age - (retirement_age - 5)
    if over <= 0:
        return Decimal(1)
    return max(Decimal(0), Decimal(1) - Decimal("0.2") * over)


def work_injury(data, finder: FigureFinder | None = None) -> Result:
    """Disability benefits for a rated work injury; Zhejiang subsidies when their figure is known."""
    reader = Reader(data, LABELS)
    grade = reader.integer("grade", minimum=1, maximum=10,
                           message=_("“%(field_name)s” must be a whole number from 1 to 10."))
    wage = reader.decimal("own_monthly_wage", positive=True)
    minimum = reader.decimal("minimum_wage_monthly", required=False, positive=True)
    age = reader.age("age", required=False)
    retirement_age = reader.integer("retirement_age", required=age is not None, minimum=40, maximum=80)
    book = FigureBook(reader, finder)
    area_average = book.take("area_avg_wage_monthly", "coordination_area_avg_wage_monthly", required=False)
    province_average = None
    if grade >= 5:
        province_average = book.take("province_avg_wage_monthly", "zj_province_avg_wage_monthly",
                                     required=False)

    own_wage, wage_note = clamp_own_wage(wage, area_average)
    result = Result("work-injury")
    result.items.append(Item(
        key="own_wage", label=_("Own wage used (monthly base; not added to the total)"), amount=own_wage,
        formula=wage_note, citation=f"{REGULATION}第六十四条第二款", counts_in_total=False))
    months = SUBSIDY_MONTHS[grade]
    subsidy = months * own_wage
    result.items.append(Item(
        key="one_time_disability_subsidy", label=_("One-time disability subsidy"), amount=subsidy,
        formula=_("grade %(grade)s: %(months)s months × %(wage)s = %(amount)s")
        % {"grade": grade, "months": months, "wage": money(own_wage), "amount": money(subsidy)},
        citation=_subsidy_article(grade)))
    if grade <= 6:
        rate = ALLOWANCE_RATE[grade]
        allowance = rate * own_wage
        note = ""
        if minimum is not None and allowance < minimum:
            note = _("; below the local minimum wage, topped up to %(minimum)s") % {"minimum": money(minimum)}
            allowance = minimum
        payer = _("paid monthly by the fund") if grade <= 4 else _(
            "paid monthly by the employer, only if no suitable work is arranged")
        article = "第三十五条第一款第二项" if grade <= 4 else "第三十六条第一款第二项"
        result.items.append(Item(
            key="disability_allowance_monthly",
            label=_("Disability allowance, per month (not added to the total)"), amount=allowance,
            formula=_("%(rate)s %% × %(wage)s%(note)s; %(payer)s")
            % {"rate": plain(rate * 100), "wage": money(own_wage), "note": note, "payer": payer},
            citation=REGULATION + article, counts_in_total=False))
    if grade >= 5 and province_average is not None:
        zj_months = ZHEJIANG_SUBSIDY_MONTHS[grade]
        medical = zj_months * province_average
        trigger = _("when the employee asks to end the employment") if grade <= 6 else _(
            "when the contract expires or the employee resigns")
        result.items.append(Item(
            key="one_time_medical_subsidy", label=_("One-time work-injury medical subsidy (Zhejiang)"),
            amount=medical,
            formula=_("%(months)s months × %(average)s = %(amount)s, paid by the fund %(trigger)s")
            % {"months": zj_months, "average": money(province_average), "amount": money(medical),
               "trigger": trigger},
            citation=f"{ZHEJIANG}第二十七条第二款; {REGULATION}"
            + ("第三十六条第二款" if grade <= 6 else "第三十七条第二项")))
        factor = near_retirement_factor(age, retirement_age) if age is not None else Decimal(1)
        employment = zj_months * province_average * factor
        reduction = (_(" × %(factor)s (age %(age)s, retirement age %(retirement)s: 20 %% less per year "
                       "within five years of retirement)")
                     % {"factor": plain(factor), "age": age, "retirement": retirement_age}
                     if age is not None else _(" (age not given: no near-retirement reduction checked)"))
        result.items.append(Item(
            key="one_time_employment_subsidy",
            label=_("One-time disability employment subsidy (Zhejiang, paid by the employer)"),
            amount=employment,
            formula=_("%(months)s months × %(average)s%(reduction)s = %(amount)s")
            % {"months": zj_months, "average": money(province_average), "reduction": reduction,
               "amount": money(employment)},
            citation=f"{ZHEJIANG}第二十七条第二款"))
    result.figures = book.used
    return result


def work_death(data, finder: FigureFinder | None = None) -> Result:
    """The three death benefits of 《工伤保险条例》第三十九条第一款."""
    reader = Reader(data, LABELS)
    dependants = reader.records("dependants")
    wage = reader.decimal("own_monthly_wage", required=bool(dependants), positive=True)
    book = FigureBook(reader, finder)
    national_income = book.take("national_urban_income_prev_year", "urban_per_capita_disposable_income",
                                region="national")
    area_average = book.take("area_avg_wage_monthly", "coordination_area_avg_wage_monthly")

    result = Result("work-death")
    subsidy = 20 * national_income
    result.items.append(Item(
        key="one_time_death_subsidy", label=_("One-time work-death subsidy"), amount=subsidy,
        formula=_("20 × %(income)s = %(amount)s") % {"income": money(national_income), "amount": money(subsidy)},
        citation=f"{REGULATION}第三十九条第一款第三项"))
    funeral = 6 * area_average
    result.items.append(Item(
        key="funeral_subsidy", label=_("Funeral subsidy"), amount=funeral,
        formula=_("6 months × %(average)s = %(amount)s") % {"average": money(area_average), "amount": money(funeral)},
        citation=f"{REGULATION}第三十九条第一款第一项"))
    if dependants:
        own_wage, wage_note = clamp_own_wage(wage, area_average)
        parts, total_rate = [], Decimal(0)
        for index, dependant in enumerate(dependants, start=1):
            relation = str(dependant.get("relation", "")).strip()
            if relation not in ("spouse", "other"):
                raise InvalidField(_("Dependant %(number)s: the relation must be “spouse” or “other”."),
                                   field="dependants", number=index)
            rate = SPOUSE_RATE if relation == "spouse" else OTHER_RATE
            solitary = Reader(dependant, {"orphan_or_solitary": _("orphan or solitary elder")}).boolean(
                "orphan_or_solitary")
            if solitary:
                rate += SOLITARY_EXTRA
            total_rate += rate
            parts.append(f"{plain(rate * 100)}%")
        pension = total_rate * own_wage
        cap_note = ""
        if pension > own_wage:
            pension = own_wage
            cap_note = _("; capped at the deceased's own wage")
        result.items.append(Item(
            key="dependant_pension_monthly",
            label=_("Dependants' pension, per month in total (not added to the total)"), amount=pension,
            formula=_("(%(parts)s) × %(wage)s%(cap)s; %(note)s")
            % {"parts": " + ".join(parts), "wage": money(own_wage), "cap": cap_note, "note": wage_note},
            citation=f"{REGULATION}第三十九条第一款第二项, 第六十四条第二款", counts_in_total=False))
    result.figures = book.used
    return result
