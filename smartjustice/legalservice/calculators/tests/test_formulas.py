"""Worked cases for every calculator; each expected amount is worked out by hand in a comment.

Pure functions: no database. Figures are given in the input (source "input") so each case
states every number it depends on.
"""
from decimal import Decimal

import pytest
from django.utils import translation

from smartjustice.legalservice.calculators import labour, personal_injury, traffic, work_injury
from smartjustice.legalservice.calculators.defaults import DISABILITY_COEFFICIENTS
from smartjustice.legalservice.calculators.errors import InvalidField, MissingField, MissingFigure
from smartjustice.legalservice.calculators.traffic import LimitSet


def amounts(result) -> dict:
    return {item.key: item.as_json()["amount"] for item in result.items}


# labor-compensation ------------------------------------------------------------------------

LABOUR_CASES = [
    # 2018-03-01..2024-08-31: 6 full years + 6 months → N = 7; 10000 ≤ 3 × 8000: 7 × 10000 = 70000.
    ("six_month_remainder_counts_one",
     {"start_date": "2018-03-01", "end_date": "2024-08-31", "monthly_wage": "10000", "city_avg_wage_monthly": "8000"},
     {"service_months_factor": "7.00", "economic_compensation": "70000.00"}, "70000.00"),
    # 2018-03-01..2024-08-30: 6 years + 5 months 30 days → N = 6.5; 6.5 × 10000 = 65000.
    ("remainder_under_six_months_counts_half",
     {"start_date": "2018-03-01", "end_date": "2024-08-30", "monthly_wage": "10000", "city_avg_wage_monthly": "8000"},
     {"service_months_factor": "6.50", "economic_compensation": "65000.00"}, "65000.00"),
    # 2020-01-01..2020-12-31: exactly one year, no remainder → N = 1; 1 × 5000 = 5000.
    ("exact_year_no_remainder",
     {"start_date": "2020-01-01", "end_date": "2020-12-31", "monthly_wage": "5000", "city_avg_wage_monthly": "8000"},
     {"service_months_factor": "1.00", "economic_compensation": "5000.00"}, "5000.00"),
    # 2024-06-01..2024-07-15: 1 month 15 days → N = 0.5; 0.5 × 7333.33 = 3666.665 → 3666.67 (half up, once).
    ("short_service_half_month_rounded_at_end",
     {"start_date": "2024-06-01", "end_date": "2024-07-15", "monthly_wage": "7333.33", "city_avg_wage_monthly": "8000"},
     {"service_months_factor": "0.50", "economic_compensation": "3666.67"}, "3666.67"),
    # 2005-01-01..2024-12-31: 20 years → N = 20; 30000 > 3 × 9000 = 27000 → W = 27000, N = 12:
    # 12 × 27000 = 324000.
    ("high_earner_wage_and_twelve_year_cap",
     {"start_date": "2005-01-01", "end_date": "2024-12-31", "monthly_wage": "30000", "city_avg_wage_monthly": "9000"},
     {"service_months_factor": "20.00", "economic_compensation": "324000.00"}, "324000.00"),
    # Wage exactly 3 × 9000 = 27000 is not *higher*: no cap; N = 20: 20 × 27000 = 540000.
    ("wage_equal_to_triple_is_not_capped",
     {"start_date": "2005-01-01", "end_date": "2024-12-31", "monthly_wage": "27000", "city_avg_wage_monthly": "9000"},
     {"service_months_factor": "20.00", "economic_compensation": "540000.00"}, "540000.00"),
    # Unlawful, N = 7 (as the first case): 2 × 7 × 10000 = 140000, no economic compensation.
    ("unlawful_termination_twice",
     {"start_date": "2018-03-01", "end_date": "2024-08-31", "monthly_wage": "10000", "city_avg_wage_monthly": "8000",
      "unlawful": True},
     {"service_months_factor": "7.00", "damages": "140000.00"}, "140000.00"),
    # Wage 1800 below minimum 2430 → 2430; N = 1: 2430.
    ("minimum_wage_floor",
     {"start_date": "2020-01-01", "end_date": "2020-12-31", "monthly_wage": "1800", "city_avg_wage_monthly": "8000",
      "minimum_wage_monthly": "2430"},
     {"service_months_factor": "1.00", "economic_compensation": "2430.00"}, "2430.00"),
]


@pytest.mark.parametrize("name,data,expected,total", LABOUR_CASES, ids=[case[0] for case in LABOUR_CASES])
def test_labor_compensation_worked_cases(name, data, expected, total):
    result = labour.labor_compensation(data)

    assert amounts(result) == expected
    assert result.as_json()["total"] == total


DOUBLE_WAGE_CASES = [
    # Start 2024-01-10, left 2024-05-20: window 2024-02-10..2024-05-20 = 3 months (to 05-09) +
    # weekdays 05-10(Fri),13,14,15,16,17,20 = 7: 3 × 6000 + 7 × 6000 / 21.75 = 18000 + 1931.034… = 19931.03.
    ("part_month_by_weekdays", {"start_date": "2024-01-10", "end_date": "2024-05-20", "monthly_wage": "6000"},
     {"double_wage_months": "3.32", "double_wages": "19931.03"}),
    # Never signed, worked two years: window 2024-02-10..2025-01-09 = 11 months: 11 × 6000 = 66000.
    ("capped_at_eleven_months", {"start_date": "2024-01-10", "end_date": "2026-01-09", "monthly_wage": "6000"},
     {"double_wage_months": "11.00", "double_wages": "66000.00"}),
    # Signed 2024-02-05, within the first month: nothing owed.
    ("signed_within_first_month", {"start_date": "2024-01-10", "contract_signed_date": "2024-02-05",
                                   "monthly_wage": "6000"},
     {"double_wage_months": "0.00", "double_wages": "0.00"}),
    # Signed 2024-04-10: window 2024-02-10..2024-04-09 = 2 months: 12000.
    ("signed_after_two_months", {"start_date": "2024-01-10", "contract_signed_date": "2024-04-10",
                                 "monthly_wage": "6000"},
     {"double_wage_months": "2.00", "double_wages": "12000.00"}),
]


@pytest.mark.parametrize("name,data,expected", DOUBLE_WAGE_CASES, ids=[case[0] for case in DOUBLE_WAGE_CASES])
def test_double_wages_worked_cases(name, data, expected):
    assert amounts(labour.double_wages(data)) == expected


# work-injury -------------------------------------------------------------------------------

WORK_INJURY_CASES = [
    # Grade 1, wage 6000 within 60–300 % of 7000: subsidy 27 × 6000 = 162000; allowance 90 % = 5400/month.
    ("grade_1", {"grade": 1, "own_monthly_wage": "6000", "area_avg_wage_monthly": "7000"},
     {"own_wage": "6000.00", "one_time_disability_subsidy": "162000.00", "disability_allowance_monthly": "5400.00"},
     "162000.00"),
    # Wage 3000 < 60 % × 7000 = 4200 → 4200; grade 10: 7 × 4200 = 29400; no Zhejiang figure → no subsidies.
    ("clamp_up_to_sixty_percent", {"grade": 10, "own_monthly_wage": "3000", "area_avg_wage_monthly": "7000"},
     {"own_wage": "4200.00", "one_time_disability_subsidy": "29400.00"}, "29400.00"),
    # Wage 30000 > 300 % × 7000 = 21000 → 21000; grade 4: 21 × 21000 = 441000; allowance 75 % = 15750.
    ("clamp_down_to_three_hundred_percent", {"grade": 4, "own_monthly_wage": "30000", "area_avg_wage_monthly": "7000"},
     {"own_wage": "21000.00", "one_time_disability_subsidy": "441000.00", "disability_allowance_monthly": "15750.00"},
     "441000.00"),
    # Grade 5, wage 5000: 18 × 5000 = 90000; allowance 70 % = 3500; Zhejiang 30 × 9000 = 270000 each;
    # age 50, retirement 60: 10 years left → no reduction. Total 90000 + 270000 + 270000 = 630000.
    ("grade_5_zhejiang_subsidies", {"grade": 5, "own_monthly_wage": "5000", "area_avg_wage_monthly": "7000",
                                    "province_avg_wage_monthly": "9000", "age": 50, "retirement_age": 60},
     {"own_wage": "5000.00", "one_time_disability_subsidy": "90000.00", "disability_allowance_monthly": "3500.00",
      "one_time_medical_subsidy": "270000.00", "one_time_employment_subsidy": "270000.00"}, "630000.00"),
    # Grade 7, age 57 of 60: 57 − 55 = 2 → factor 0.6: employment 10 × 9000 × 0.6 = 54000;
    # medical 90000; subsidy 13 × 5000 = 65000. Total 209000.
    ("near_retirement_reduction", {"grade": 7, "own_monthly_wage": "5000", "area_avg_wage_monthly": "7000",
                                   "province_avg_wage_monthly": "9000", "age": 57, "retirement_age": 60},
     {"own_wage": "5000.00", "one_time_disability_subsidy": "65000.00", "one_time_medical_subsidy": "90000.00",
      "one_time_employment_subsidy": "54000.00"}, "209000.00"),
    # Age 55 of 60: exactly five years left is not "fewer than five" → factor 1: 10 × 9000 = 90000.
    ("five_years_left_no_reduction", {"grade": 7, "own_monthly_wage": "5000", "province_avg_wage_monthly": "9000",
                                      "age": 55, "retirement_age": 60},
     {"own_wage": "5000.00", "one_time_disability_subsidy": "65000.00", "one_time_medical_subsidy": "90000.00",
      "one_time_employment_subsidy": "90000.00"}, "245000.00"),
    # Age 61 of 60: 61 − 55 = 6 → 1 − 1.2 < 0 → 0.
    ("past_retirement_employment_subsidy_zero", {"grade": 9, "own_monthly_wage": "5000",
                                                 "province_avg_wage_monthly": "9000", "age": 61, "retirement_age": 60},
     {"own_wage": "5000.00", "one_time_disability_subsidy": "45000.00", "one_time_medical_subsidy": "36000.00",
      "one_time_employment_subsidy": "0.00"}, "81000.00"),
    # Grade 6 allowance 60 % × 3000 = 1800 < minimum 2430 → topped up to 2430.
    ("allowance_topped_up_to_minimum_wage", {"grade": 6, "own_monthly_wage": "3000", "minimum_wage_monthly": "2430"},
     {"own_wage": "3000.00", "one_time_disability_subsidy": "48000.00", "disability_allowance_monthly": "2430.00"},
     "48000.00"),
]


@pytest.mark.parametrize("name,data,expected,total", WORK_INJURY_CASES, ids=[case[0] for case in WORK_INJURY_CASES])
def test_work_injury_worked_cases(name, data, expected, total):
    result = work_injury.work_injury(data)

    assert amounts(result) == expected
    assert result.as_json()["total"] == total


WORK_DEATH_CASES = [
    # 20 × 54188 = 1083760; funeral 6 × 7000 = 42000. Total 1125760.
    ("no_dependants", {"national_urban_income_prev_year": "54188", "area_avg_wage_monthly": "7000"},
     {"one_time_death_subsidy": "1083760.00", "funeral_subsidy": "42000.00"}),
    # Spouse 40 % + child orphan 30 % + 10 % = 80 % × 6000 = 4800 per month.
    ("spouse_and_orphan", {"national_urban_income_prev_year": "54188", "area_avg_wage_monthly": "7000",
                           "own_monthly_wage": "6000",
                           "dependants": [{"relation": "spouse"}, {"relation": "other", "orphan_or_solitary": True}]},
     {"one_time_death_subsidy": "1083760.00", "funeral_subsidy": "42000.00", "dependant_pension_monthly": "4800.00"}),
    # 40 + 30 + 30 + 30 = 130 % > 100 % → capped at the wage 6000.
    ("pension_capped_at_wage", {"national_urban_income_prev_year": "54188", "area_avg_wage_monthly": "7000",
                                "own_monthly_wage": "6000",
                                "dependants": [{"relation": "spouse"}, {"relation": "other"}, {"relation": "other"},
                                               {"relation": "other"}]},
     {"one_time_death_subsidy": "1083760.00", "funeral_subsidy": "42000.00", "dependant_pension_monthly": "6000.00"}),
]


@pytest.mark.parametrize("name,data,expected", WORK_DEATH_CASES, ids=[case[0] for case in WORK_DEATH_CASES])
def test_work_death_worked_cases(name, data, expected):
    result = work_injury.work_death(data)

    assert amounts(result) == expected
    assert result.as_json()["total"] == "1125760.00"


# injury-death ------------------------------------------------------------------------------

@pytest.mark.parametrize("age,years", [(0, 20), (59, 20), (60, 20), (61, 19), (74, 6), (75, 5), (90, 5), (130, 5)])
def test_years_by_age_follows_the_sixty_and_seventy_five_rules(age, years):
    assert personal_injury.years_by_age(age) == years


INJURY_DEATH_CASES = [
    # Age 45: 78251 × 20 = 1565020; funeral 6 × 11436.58 = 68619.48.
    ("under_sixty", {"age": 45, "urban_income": "78251", "employee_avg_wage_monthly": "11436.58"},
     {"death_compensation": "1565020.00", "funeral_expenses": "68619.48"}, "1633639.48"),
    # Age 65: 20 − 5 = 15 years: 78251 × 15 = 1173765.
    ("age_sixty_five", {"age": 65, "urban_income": "78251", "employee_avg_wage_monthly": "10000"},
     {"death_compensation": "1173765.00", "funeral_expenses": "60000.00"}, "1233765.00"),
    # Age 80 ≥ 75: 5 years: 391255.
    ("age_eighty", {"age": 80, "urban_income": "78251", "employee_avg_wage_monthly": "10000"},
     {"death_compensation": "391255.00", "funeral_expenses": "60000.00"}, "451255.00"),
    # Dependants: minor 10 (8 years, 2 supporters: 22255.5/year) + adult 70 unable to work (10 years):
    # years 1–8: 22255.5 + 44511 = 66766.5 > 44511 → 44511; years 9–10: 44511 → 10 × 44511 = 445110.
    ("dependants_with_yearly_cap", {"age": 40, "urban_income": "71268", "employee_avg_wage_monthly": "10000",
                                    "urban_consumption": "44511",
                                    "dependants": [{"age": 10, "kind": "minor", "supporters": 2},
                                                   {"age": 70, "kind": "unable_to_work"}]},
     {"death_compensation": "1425360.00", "funeral_expenses": "60000.00", "dependant_living_expenses": "445110.00"},
     "1930470.00"),
    # One minor aged 15 with 2 supporters: 44511 × 3 ÷ 2 = 66766.5.
    ("minor_shared_support", {"age": 40, "urban_income": "71268", "employee_avg_wage_monthly": "10000",
                              "urban_consumption": "44511", "dependants": [{"age": 15, "kind": "minor", "supporters": 2}]},
     {"death_compensation": "1425360.00", "funeral_expenses": "60000.00", "dependant_living_expenses": "66766.50"},
     "1552126.50"),
]


@pytest.mark.parametrize("name,data,expected,total", INJURY_DEATH_CASES, ids=[case[0] for case in INJURY_DEATH_CASES])
def test_injury_death_worked_cases(name, data, expected, total):
    result = personal_injury.injury_death(data)

    assert amounts(result) == expected
    assert result.as_json()["total"] == total


# injury-disability -------------------------------------------------------------------------

def test_injury_disability_every_head():
    data = {"age": 62, "urban_income": "78251", "grade": 8, "medical_expenses": "35000.50",
            "lost_days": "120", "daily_income": "200", "nursing_days": "30", "nursing_daily_rate": "150",
            "inpatient_days": "20", "meal_allowance_daily": "100", "transport_expenses": "800",
            "nutrition_expenses": "3000", "assistive_devices": "5000", "mental_distress": "10000"}

    result = personal_injury.injury_disability(data, coefficients=DISABILITY_COEFFICIENTS)

    # Disability: age 62 → 18 years; grade 8 → 0.3 (practice table): 78251 × 18 × 0.3 = 422555.4.
    # Lost earnings 120 × 200 = 24000; nursing 1 × 30 × 150 = 4500; meals 20 × 100 = 2000.
    assert amounts(result) == {
        "medical_expenses": "35000.50", "lost_earnings": "24000.00", "nursing_fee": "4500.00",
        "hospital_meal_allowance": "2000.00", "transport_expenses": "800.00", "nutrition_expenses": "3000.00",
        "assistive_devices": "5000.00", "disability_compensation": "422555.40", "mental_distress": "10000.00"}
    # 35000.50 + 24000 + 4500 + 2000 + 800 + 3000 + 5000 + 422555.40 + 10000 = 506855.90
    assert result.as_json()["total"] == "506855.90"


def test_injury_disability_coefficient_given_and_dependant_scaled_by_it():
    data = {"age": 30, "urban_income": "71268", "coefficient": "0.15", "urban_consumption": "44511",
            "dependants": [{"age": 16, "kind": "minor"}]}

    result = personal_injury.injury_disability(data)

    # 71268 × 20 × 0.15 = 213804; dependant 44511 × 2 years × 0.15 = 13353.3.
    assert amounts(result) == {"disability_compensation": "213804.00", "dependant_living_expenses": "13353.30"}


def test_nursing_capped_at_twenty_years():
    result = personal_injury.injury_disability({"age": 30, "urban_income": "1", "coefficient": "1",
                                                "nursing_days": "8000", "nursing_daily_rate": "100"})

    # 8000 days > 20 × 365 = 7300: 7300 × 100 = 730000.
    assert amounts(result)["nursing_fee"] == "730000.00"


# traffic-accident --------------------------------------------------------------------------

LIMITS = [LimitSet("2008-02-01", {"death_disability": Decimal(110000), "medical": Decimal(10000), "property": Decimal(2000)},
                   {"death_disability": Decimal(11000), "medical": Decimal(1000), "property": Decimal(100)}, "old"),
          LimitSet("2020-09-19", {"death_disability": Decimal(180000), "medical": Decimal(18000), "property": Decimal(2000)},
                   {"death_disability": Decimal(18000), "medical": Decimal(1800), "property": Decimal(100)}, "new")]

TRAFFIC_CASES = [
    # Pedestrian, vehicle main (80 % practice): insurer 180000 + 18000 + 2000 = 200000;
    # remainder 300000 + 50000 + 5000 − 200000 = 155000 × 80 % = 124000. Total 324000.
    ("pedestrian_main", {"accident_date": "2024-05-01", "collision": "vehicle_pedestrian", "responsibility": "main",
                         "death_disability_loss": "300000", "medical_loss": "50000", "property_loss": "5000"},
     {"compulsory_insurance_death_disability": "180000.00", "compulsory_insurance_medical": "18000.00",
      "compulsory_insurance_property": "2000.00", "motor_side_liability": "124000.00"}, "324000.00"),
    # Vehicle not at fault: no-fault limits 18000 / 1800; remainder 300000 + 50000 − 19800 = 330200 × 10 % = 33020.
    ("pedestrian_vehicle_not_at_fault", {"accident_date": "2024-05-01", "collision": "vehicle_pedestrian",
                                         "responsibility": "none", "death_disability_loss": "300000",
                                         "medical_loss": "50000"},
     {"compulsory_insurance_death_disability": "18000.00", "compulsory_insurance_medical": "1800.00",
      "motor_side_liability": "33020.00"}, "52820.00"),
    # Before 2020-09-19 the 2008 limits apply: 110000 + 10000; remainder 300000 + 50000 − 120000 = 230000 × 100 %.
    ("old_limits_by_date", {"accident_date": "2019-05-01", "collision": "vehicle_pedestrian", "responsibility": "full",
                            "death_disability_loss": "300000", "medical_loss": "50000"},
     {"compulsory_insurance_death_disability": "110000.00", "compulsory_insurance_medical": "10000.00",
      "motor_side_liability": "230000.00"}, "350000.00"),
    # Pedestrian collided on purpose: neither the insurer nor the vehicle side pays.
    ("pedestrian_intentional", {"accident_date": "2024-05-01", "collision": "vehicle_pedestrian",
                                "responsibility": "none", "victim_intentional": True, "death_disability_loss": "100000"},
     {"compulsory_insurance_death_disability": "0.00", "motor_side_liability": "0.00"}, "0.00"),
    # Two vehicles, given share 35 %: remainder 50000 − 18000 = 32000 × 35 % = 11200.
    ("vehicles_by_given_share", {"accident_date": "2024-05-01", "collision": "vehicle_vehicle", "responsibility": "secondary",
                                 "liability_percent": "35", "medical_loss": "50000"},
     {"compulsory_insurance_death_disability": "0.00", "compulsory_insurance_medical": "18000.00",
      "motor_side_liability": "11200.00"}, "29200.00"),
]


@pytest.mark.parametrize("name,data,expected,total", TRAFFIC_CASES, ids=[case[0] for case in TRAFFIC_CASES])
def test_traffic_accident_worked_cases(name, data, expected, total):
    result = traffic.traffic_accident(data, LIMITS)

    assert amounts(result) == expected
    assert result.as_json()["total"] == total


# bad input ---------------------------------------------------------------------------------

BAD_INPUT = [
    (labour.labor_compensation, {"start_date": "2024-05-01", "end_date": "2024-04-30", "monthly_wage": "1",
                                 "city_avg_wage_monthly": "1"}, InvalidField, "end_date",
     "“End of employment” cannot be before “Start of employment”."),
    (labour.labor_compensation, {"start_date": "2024-01-01", "end_date": "2024-04-30", "monthly_wage": "-5",
                                 "city_avg_wage_monthly": "1"}, InvalidField, "monthly_wage",
     "“Monthly wage” cannot be negative."),
    (labour.labor_compensation, {"start_date": "2024-01-01", "end_date": "2024-04-30", "monthly_wage": "5000"},
     MissingFigure, "city_avg_wage_monthly",
     "Please give “City average monthly wage (previous year)”, or a region and year to look it up."),
    (labour.labor_compensation, {"start_date": "2024-13-01", "end_date": "2024-04-30", "monthly_wage": "5000"},
     InvalidField, "start_date", "“Start of employment” must be a date (YYYY-MM-DD)."),
    (work_injury.work_injury, {"grade": 11, "own_monthly_wage": "5000"}, InvalidField, "grade",
     "“Disability grade (1–10)” must be a whole number from 1 to 10."),
    (work_injury.work_injury, {"grade": 3}, MissingField, "own_monthly_wage",
     "Please give “Own monthly wage (12-month average before the injury)”."),
    (personal_injury.injury_death, {"age": 131, "urban_income": "1", "employee_avg_wage_monthly": "1"}, InvalidField,
     "age", "“Age (full years)” must be an age in full years between 0 and 130."),
    (personal_injury.injury_death, {"age": 40, "employee_avg_wage_monthly": "1"}, MissingFigure, "urban_income",
     "Please give “Urban per-capita disposable income (previous year)”, or a region and year to look it up."),
    (personal_injury.injury_death, {"age": 40, "urban_income": "1", "employee_avg_wage_monthly": "1",
                                    "urban_consumption": "1", "dependants": [{"age": 19, "kind": "minor"}]},
     InvalidField, "dependants", "Dependant 1 is 19: only someone under 18 is a minor."),
]


@pytest.mark.parametrize("function,data,error,field,message", BAD_INPUT)
def test_bad_input_names_the_field(function, data, error, field, message):
    with translation.override("en"):
        with pytest.raises(error) as caught:
            function(data)
        shown = str(caught.value)

    assert caught.value.field == field
    assert shown == message


def test_vehicle_without_fault_cannot_bear_more_than_ten_percent_of_pedestrian_loss():
    with pytest.raises(InvalidField) as caught:
        traffic.traffic_accident({"accident_date": "2024-05-01", "collision": "vehicle_pedestrian",
                                  "responsibility": "none", "liability_percent": "20", "medical_loss": "5000"}, LIMITS)

    assert caught.value.field == "liability_percent"


def test_float_input_is_read_through_its_decimal_text():
    # 0.1 + 0.2 as floats is 0.30000000000000004; read as text each is exact.
    result = personal_injury.injury_disability({"age": 30, "urban_income": "1", "coefficient": "1",
                                                "medical_expenses": 0.1, "transport_expenses": 0.2})

    assert amounts(result)["medical_expenses"] == "0.10"
    assert result.item("medical_expenses").amount == Decimal("0.1")


def test_message_is_in_chinese_for_chinese_users():
    with translation.override("zh-hans"):
        with pytest.raises(InvalidField) as caught:
            work_injury.work_injury({"grade": 11, "own_monthly_wage": "1"})
        shown = str(caught.value)

    assert shown == "“伤残等级（1–10级）”必须是1至10之间的整数。"
