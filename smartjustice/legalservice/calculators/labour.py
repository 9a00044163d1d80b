"""Labour-contract money claims (劳动合同法): economic compensation, damages, double wages.

Pure functions: input mapping and a figure finder in, Result out; no database, no clock.

  * N (service years, 《劳动合同法》第四十七条第一款): one month's wage per full year of
    service; a remainder of six months or more (以上 includes six, 《民法典》第一千二百五十九条)
    counts as a year; a shorter remainder as half a month.
  * W (monthly wage): the average of the 12 months before termination (第四十七条第三款),
    never below the local minimum wage when that is given (《劳动合同法实施条例》第二十七条).
  * Cap (第四十七条第二款): only when W is *higher than* three times the city's previous-year
    average monthly wage, W becomes that triple and N at most 12.
  * Damages for unlawful termination (第四十八条, 第八十七条): twice the compensation, N
    counted from the start of employment, and no compensation on top (实施条例第二十五条).
  * Double wages (第八十二条第一款; 实施条例第六条、第七条): from the day after the first
    month of work is complete to the day before the contract is signed, at most to the day
    before the first anniversary: at most 11 months; part months at wage ÷ 21.75 per weekday
    (劳社部发〔2008〕3号).
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from smartjustice.deadlines.engine import add_months

from .errors import InvalidField
from .inputs import FigureBook, FigureFinder, Reader
from .result import Item, Result, money, plain

LABOUR_LAW = "《劳动合同法》"
LABOUR_REGULATION = "《劳动合同法实施条例》"
MONTHLY_WORKING_DAYS = Decimal("21.75")
THREE = Decimal(3)
TWELVE = Decimal(12)

LABOUR_LABELS = {
    "start_date": gettext_lazy("Start of employment"),
    "end_date": gettext_lazy("End of employment"),
    "monthly_wage": gettext_lazy("Monthly wage"),
    "city_avg_wage_monthly": gettext_lazy("City average monthly wage (previous year)"),
    "minimum_wage_monthly": gettext_lazy("Local minimum monthly wage"),
    "unlawful": gettext_lazy("Unlawful termination"),
    "contract_signed_date": gettext_lazy("Date the written contract was signed"),
    "region": gettext_lazy("Region"),
    "year": gettext_lazy("Statistical year"),
}


def _check_order(reader: Reader, earlier_key: str, earlier: dt.date, later_key: str, later: dt.date) -> None:
    if later < earlier:
        raise InvalidField(_("“%(field_name)s” cannot be before “%(other)s”."), field=later_key,
                           field_name=reader.label(later_key), other=reader.label(earlier_key))


def service_factor(start: dt.date, end: dt.date) -> tuple[Decimal, int, int, int]:
    """(N, full years, remainder months, remainder days) for service from `start` to `end`
    inclusive (the end date is the last day of the employment relation)."""
    after_end = end + dt.timedelta(days=1)
    years = 0
    while add_months(start, 12 * (years + 1)) <= after_end:
        years += 1
    anniversary = add_months(start, 12 * years)
    months = 0
    while add_months(anniversary, months + 1) <= after_end:
        months += 1
    days = (after_end - add_months(anniversary, months)).days
    if months >= 6:
        extra = Decimal(1)
    elif months or days:
        extra = Decimal("0.5")
    else:
        extra = Decimal(0)
    return Decimal(years) + extra, years, months, days


def labor_compensation(data, finder: FigureFinder | None = None) -> Result:
    """经济补偿 (or 赔偿金 when `unlawful`) with the cap of 《劳动合同法》第四十七条第二款."""
    reader = Reader(data, LABOUR_LABELS)
    start = reader.date("start_date")
    end = reader.date("end_date")
    _check_order(reader, "start_date", start, "end_date", end)
    wage = reader.decimal("monthly_wage", positive=True)
    minimum = reader.decimal("minimum_wage_monthly", required=False, positive=True)
    unlawful = reader.boolean("unlawful")
    book = FigureBook(reader, finder)
    city_average = book.take("city_avg_wage_monthly", "city_avg_wage_monthly")

    result = Result("labor-compensation")
    n, years, months, days = service_factor(start, end)
    result.items.append(Item(
        key="service_months_factor",
        label=_("Service years N (months of wages; not money, not added to the total)"),
        amount=n,
        formula=_("%(years)s full years, remainder %(months)s months %(days)s days → N = %(n)s "
                  "(remainder ≥ 6 months counts 1, less than 6 months counts 0.5)")
        % {"years": years, "months": months, "days": days, "n": plain(n)},
        citation=f"{LABOUR_LAW}第四十七条第一款",
        counts_in_total=False,
    ))

    base, wage_note = wage, ""
    if minimum is not None and wage < minimum:
        base = minimum
        wage_note = _("wage below the local minimum wage, %(minimum)s used; ") % {"minimum": money(minimum)}
    capped_n = n
    cap = THREE * city_average
    if base > cap:
        wage_note += _("wage %(wage)s is higher than 3 × %(average)s = %(cap)s: wage capped at %(cap)s "
                       "and N at most 12; ") % {"wage": money(base), "average": money(city_average),
                                                "cap": money(cap)}
        base = cap
        capped_n = min(n, TWELVE)
    else:
        wage_note += _("wage %(wage)s is not higher than 3 × %(average)s = %(cap)s: no cap; ") % {
            "wage": money(base), "average": money(city_average), "cap": money(cap)}
    compensation = capped_n * base
    if unlawful:
        result.items.append(Item(
            key="damages",
            label=_("Damages for unlawful termination (twice the economic compensation)"),
            amount=2 * compensation,
            formula=wage_note + _("2 × %(n)s × %(wage)s = %(amount)s")
            % {"n": plain(capped_n), "wage": money(base), "amount": money(2 * compensation)},
            citation=f"{LABOUR_LAW}第四十八条, 第八十七条, 第四十七条; {LABOUR_REGULATION}第二十五条",
        ))
    else:
        result.items.append(Item(
            key="economic_compensation",
            label=_("Economic compensation"),
            amount=compensation,
            formula=wage_note + _("%(n)s × %(wage)s = %(amount)s")
            % {"n": plain(capped_n), "wage": money(base), "amount": money(compensation)},
            citation=f"{LABOUR_LAW}第四十七条" + (f"; {LABOUR_REGULATION}第二十七条" if minimum else ""),
        ))
    result.figures = book.used
    return result


def _weekdays(start: dt.date, end_exclusive: dt.date) -> int:
    count, day = 0, start
    while day < end_exclusive:
        if day.weekday() < 5:
            count += 1
        day += dt.timedelta(days=1)
    return count


def double_wages(data, finder: FigureFinder | None = None) -> Result:
    """The extra wage owed for months without a written contract (《劳动合同法》第八十二条第一款):
    the second 1× on top of the wage already paid."""
    reader = Reader(data, LABOUR_LABELS)
    start = reader.date("start_date")
    if reader.has("contract_signed_date"):
        key = "contract_signed_date"
        signed = reader.date(key)
        _check_order(reader, "start_date", start, key, signed)
        stop = signed  # the signing day itself is not a double-wage day (实施条例第六条第二款)
    else:
        key = "end_date"
        if not reader.has(key):
            raise InvalidField(_("Please give “%(field_name)s” or “%(other)s”."), field="contract_signed_date",
                               field_name=reader.label("contract_signed_date"), other=reader.label("end_date"))
        ended = reader.date(key)
        _check_order(reader, "start_date", start, key, ended)
        stop = ended + dt.timedelta(days=1)
    wage = reader.decimal("monthly_wage", positive=True)

    window_start = add_months(start, 1)
    anniversary = add_months(start, 12)
    window_end = min(stop, anniversary)  # exclusive; 实施条例第七条: at most to the day before
    months, days = 0, 0
    if window_end > window_start:
        while add_months(window_start, months + 1) <= window_end:
            months += 1
        remainder_start = add_months(window_start, months)
        days = _weekdays(remainder_start, window_end)
    factor = Decimal(months) + Decimal(days) / MONTHLY_WORKING_DAYS
    amount = Decimal(months) * wage + Decimal(days) * wage / MONTHLY_WORKING_DAYS
    last_day = window_end - dt.timedelta(days=1)
    period = (_("%(first)s to %(last)s") % {"first": window_start.isoformat(), "last": last_day.isoformat()}
              if window_end > window_start else _("none (the contract was signed within the first month)"))
    result = Result("double-wages")
    result.items.append(Item(
        key="double_wage_months",
        label=_("Months owed double wages (not money, not added to the total)"),
        amount=factor,
        formula=_("period %(period)s: %(months)s full months + %(days)s weekdays ÷ 21.75 (at most 11 months)")
        % {"period": period, "months": months, "days": days},
        citation=f"{LABOUR_LAW}第八十二条第一款; {LABOUR_REGULATION}第六条, 第七条",
        counts_in_total=False,
    ))
    result.items.append(Item(
        key="double_wages",
        label=_("Additional wages for the months without a written contract"),
        amount=amount,
        formula=_("%(months)s × %(wage)s + %(days)s × %(wage)s ÷ 21.75 = %(amount)s")
        % {"months": months, "wage": money(wage), "days": days, "amount": money(amount)},
        citation=f"{LABOUR_LAW}第十条, 第八十二条第一款; {LABOUR_REGULATION}第六条, 第七条",
    ))
    return result
