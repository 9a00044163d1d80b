"""Personal injury and death (人身损害赔偿), 人损解释 (2022), torts after 2022-05-01 (第二十四条).

  * years(age) (第十二条, 第十五条, 第十七条): 20 years; from 60 (以上 includes 60) one year less
    per year of age over 60; from 75, 5 years.
  * Death compensation = urban per-capita disposable income × years(age) (第十五条);
    disability compensation = the same × disability coefficient (第十二条).
  * Funeral expenses = 6 × the previous-year average monthly wage of employees (第十四条).
  * Dependants' living expenses (第十六条, 第十七条): urban per-capita consumption × years
    (minor: to 18; adult unable to work: 20 with the same age rule) × the victim's coefficient
    ÷ the number of people obliged to support; with several dependants the yearly sum is at
    most one year's consumption. Counted into the death / disability compensation.
  * Other heads (《民法典》第一千一百七十九条; 第六条至第十一条, 第十三条): medical,
    lost earnings, nursing (at most 20 years), hospital meals, transport, nutrition,
    assistive devices; mental distress is a free amount (《民法典》第一千一百八十三条).
"""
from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .errors import InvalidField
from .inputs import MAX_AGE, FigureBook, FigureFinder, Reader
from .result import Item, Result, money, plain

INTERPRETATION = "《最高人民法院关于审理人身损害赔偿案件适用法律若干问题的解释》"
MENTAL_INTERPRETATION = "《最高人民法院关于确定民事侵权精神损害赔偿责任若干问题的解释》"
CIVIL_CODE = "《民法典》"
NURSING_MAX_DAYS = 20 * 365

LABELS = {
    "age": gettext_lazy("Age (full years)"),
    "urban_income": gettext_lazy("Urban per-capita disposable income (previous year)"),
    "employee_avg_wage_monthly": gettext_lazy("Employees' average monthly wage (previous year)"),
    "urban_consumption": gettext_lazy("Urban per-capita consumption expenditure (previous year)"),
    "dependants": gettext_lazy("Dependants"),
    "coefficient": gettext_lazy("Disability coefficient (0–1)"),
    "grade": gettext_lazy("Disability grade (1–10)"),
    "medical_expenses": gettext_lazy("Medical expenses"),
    "lost_days": gettext_lazy("Days off work"),
    "daily_income": gettext_lazy("Daily income"),
    "nursing_days": gettext_lazy("Nursing days"),
    "nursing_daily_rate": gettext_lazy("Nursing rate per day"),
    "carers": gettext_lazy("Number of carers"),
    "inpatient_days": gettext_lazy("Days in hospital"),
    "meal_allowance_daily": gettext_lazy("Hospital meal allowance per day"),
    "transport_expenses": gettext_lazy("Transport expenses"),
    "nutrition_expenses": gettext_lazy("Nutrition expenses"),
    "assistive_devices": gettext_lazy("Assistive devices"),
    "mental_distress": gettext_lazy("Mental distress solatium"),
    "region": gettext_lazy("Region"),
    "year": gettext_lazy("Statistical year"),
}


def years_by_age(age: int) -> int:
    """人损解释 第十二条, 第十五条, 第十七条: 20; 60 and over: minus one per year over 60; 75 and over: 5."""
    if age < 60:
        return 20
    if age < 75:
        return 20 - (age - 60)
    return 5


def _dependant_years(reader: Reader, index: int, dependant: Mapping) -> tuple[int, int, str]:
    sub = Reader(dependant, {"age": _("Dependant %(number)s: age") % {"number": index},
                             "supporters": _("Dependant %(number)s: people obliged to support") % {
                                 "number": index}})
    age = sub.integer("age", minimum=0, maximum=MAX_AGE,
                      message=_("“%(field_name)s” must be an age in full years between 0 and 130."))
    supporters = sub.integer("supporters", required=False, minimum=1, maximum=20) or 1
    kind = str(dependant.get("kind", "")).strip()
    if kind == "minor":
        if age >= 18:
            raise InvalidField(_("Dependant %(number)s is %(age)s: only someone under 18 is a minor."),
                               field="dependants", number=index, age=age)
        return 18 - age, supporters, _("minor aged %(age)s: 18 − %(age)s = %(years)s years") % {
            "age": age, "years": 18 - age}
    if kind == "unable_to_work":
        years = years_by_age(age)
        return years, supporters, _("adult aged %(age)s unable to work: %(years)s years") % {
            "age": age, "years": years}
    raise InvalidField(_("Dependant %(number)s: the kind must be “minor” or “unable_to_work”."),
                       field="dependants", number=index)


def dependant_living_expenses(reader: Reader, book: FigureBook, coefficient: Decimal) -> Item | None:
    """被扶养人生活费, year by year so the yearly cap of 第十七条第二款 applies exactly."""
    dependants = reader.records("dependants")
    if not dependants:
        return None
    consumption = book.take("urban_consumption", "urban_per_capita_consumption_expenditure")
    entries = [_dependant_years(reader, index, dependant) for index, dependant in enumerate(dependants, 1)]
    total, capped_years = Decimal(0), 0
    for year in range(max(years for years, _supporters, _text in entries)):
        yearly = sum((consumption * coefficient / supporters
                      for years, supporters, _text in entries if years > year), Decimal(0))
        if yearly > consumption:
            yearly = consumption
            capped_years += 1
        total += yearly
    parts = "; ".join(f"{text} ÷ {supporters}" for years, supporters, text in entries)
    cap_note = (_("; %(years)s years capped at one year's consumption") % {"years": capped_years}
                if capped_years else "")
    return Item(
        key="dependant_living_expenses",
        label=_("Dependants' living expenses (counted into the compensation)"),
        amount=total,
        formula=_("%(consumption)s per year × coefficient %(coefficient)s: %(parts)s%(cap)s = %(amount)s")
        % {"consumption": money(consumption), "coefficient": plain(coefficient), "parts": parts,
           "cap": cap_note, "amount": money(total)},
        citation=f"{INTERPRETATION}第十六条, 第十七条")


def injury_death(data, finder: FigureFinder | None = None) -> Result:
    """Death compensation, funeral expenses and dependants' living expenses."""
    reader = Reader(data, LABELS)
    age = reader.age("age")
    book = FigureBook(reader, finder)
    income = book.take("urban_income", "urban_per_capita_disposable_income")
    wage = book.take("employee_avg_wage_monthly", "employee_avg_wage_monthly",
                     derive=("non_private_unit_avg_annual_wage", Decimal(12)))
    result = Result("injury-death")
    years = years_by_age(age)
    compensation = income * years
    result.items.append(Item(
        key="death_compensation", label=_("Death compensation"), amount=compensation,
        formula=_("%(income)s × %(years)s years (age %(age)s) = %(amount)s")
        % {"income": money(income), "years": years, "age": age, "amount": money(compensation)},
        citation=f"{INTERPRETATION}第十五条; {CIVIL_CODE}第一千一百七十九条"))
    funeral = 6 * wage
    result.items.append(Item(
        key="funeral_expenses", label=_("Funeral expenses"), amount=funeral,
        formula=_("6 months × %(wage)s = %(amount)s") % {"wage": money(wage), "amount": money(funeral)},
        citation=f"{INTERPRETATION}第十四条"))
    dependants = dependant_living_expenses(reader, book, Decimal(1))
    if dependants:
        result.items.append(dependants)
    result.figures = book.used
    return result


def _amount_item(reader: Reader, key: str, label: str, citation: str) -> Item | None:
    amount = reader.decimal(key, required=False)
    if amount is None:
        return None
    return Item(key=key, label=label, amount=amount, formula=_("as incurred: %(amount)s") % {
        "amount": money(amount)}, citation=citation)


def injury_disability(data, finder: FigureFinder | None = None,
                      coefficients: Mapping[int, Decimal] | None = None) -> Result:
    """Every head of damage for a disabling injury; `coefficients` is the editable
    grade → coefficient table (local practice: the grading standard is not in the corpus)."""
    reader = Reader(data, LABELS)
    age = reader.age("age")
    if reader.has("coefficient"):
        coefficient = reader.decimal("coefficient", positive=True, maximum=Decimal(1))
        coefficient_note = _("coefficient %(coefficient)s as given") % {"coefficient": plain(coefficient)}
    elif reader.has("grade"):
        grade = reader.integer("grade", minimum=1, maximum=10,
                               message=_("“%(field_name)s” must be a whole number from 1 to 10."))
        if not coefficients or grade not in coefficients:
            raise InvalidField(_("No coefficient is recorded for grade %(grade)s; please give the coefficient."),
                               field="coefficient", grade=grade)
        coefficient = coefficients[grade]
        coefficient_note = _("grade %(grade)s → coefficient %(coefficient)s (local practice table)") % {
            "grade": grade, "coefficient": plain(coefficient)}
    else:
        raise InvalidField(_("Please give “%(field_name)s” or “%(other)s”."), field="coefficient",
                           field_name=reader.label("coefficient"), other=reader.label("grade"))
    book = FigureBook(reader, finder)
    income = book.take("urban_income", "urban_per_capita_disposable_income")
    result = Result("injury-disability")
    add = result.items.append

    item = _amount_item(reader, "medical_expenses", _("Medical expenses"), f"{INTERPRETATION}第六条")
    if item:
        add(item)
    if reader.has("lost_days") or reader.has("daily_income"):
        days = reader.decimal("lost_days")
        daily = reader.decimal("daily_income")
        add(Item(key="lost_earnings", label=_("Lost earnings"), amount=days * daily,
                 formula=_("%(days)s days × %(daily)s = %(amount)s")
                 % {"days": plain(days), "daily": money(daily), "amount": money(days * daily)},
                 citation=f"{INTERPRETATION}第七条"))
    if reader.has("nursing_days") or reader.has("nursing_daily_rate"):
        days = reader.decimal("nursing_days")
        rate = reader.decimal("nursing_daily_rate")
        carers = reader.integer("carers", required=False, minimum=1, maximum=10) or 1
        note = ""
        if days > NURSING_MAX_DAYS:
            note = _(" (at most 20 years: %(days)s days)") % {"days": NURSING_MAX_DAYS}
            days = Decimal(NURSING_MAX_DAYS)
        amount = carers * days * rate
        add(Item(key="nursing_fee", label=_("Nursing fee"), amount=amount,
                 formula=_("%(carers)s × %(days)s days%(note)s × %(rate)s = %(amount)s")
                 % {"carers": carers, "days": plain(days), "note": note, "rate": money(rate),
                    "amount": money(amount)},
                 citation=f"{INTERPRETATION}第八条"))
    if reader.has("inpatient_days") or reader.has("meal_allowance_daily"):
        days = reader.decimal("inpatient_days")
        rate = reader.decimal("meal_allowance_daily")
        add(Item(key="hospital_meal_allowance", label=_("Hospital meal allowance"), amount=days * rate,
                 formula=_("%(days)s days × %(rate)s = %(amount)s")
                 % {"days": plain(days), "rate": money(rate), "amount": money(days * rate)},
                 citation=f"{INTERPRETATION}第十条"))
    for key, label, article in (
        ("transport_expenses", _("Transport expenses"), "第九条"),
        ("nutrition_expenses", _("Nutrition expenses"), "第十一条"),
        ("assistive_devices", _("Assistive devices"), "第十三条"),
    ):
        item = _amount_item(reader, key, label, INTERPRETATION + article)
        if item:
            add(item)
    years = years_by_age(age)
    compensation = income * years * coefficient
    add(Item(key="disability_compensation", label=_("Disability compensation"), amount=compensation,
             formula=_("%(income)s × %(years)s years (age %(age)s) × %(coefficient)s (%(note)s) = %(amount)s")
             % {"income": money(income), "years": years, "age": age, "coefficient": plain(coefficient),
                "note": coefficient_note, "amount": money(compensation)},
             citation=f"{INTERPRETATION}第十二条"))
    dependants = dependant_living_expenses(reader, book, coefficient)
    if dependants:
        add(dependants)
    mental = reader.decimal("mental_distress", required=False)
    if mental is not None:
        add(Item(key="mental_distress", label=_("Mental distress solatium"), amount=mental,
                 formula=_("amount claimed: %(amount)s. No formula; the court weighs the fault, the means "
                           "and place, the consequences, the tortfeasor's gain, its ability to pay and the "
                           "local standard of living") % {"amount": money(mental)},
                 citation=f"{CIVIL_CODE}第一千一百八十三条; {MENTAL_INTERPRETATION}第五条"))
    result.figures = book.used
    return result
