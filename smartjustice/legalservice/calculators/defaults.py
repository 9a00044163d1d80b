"""Default rows for the editable tables that stats.json does not cover.

Neither set is in the statute corpus; both are created only where missing (an
administrator's edit is never overwritten) and are labelled so a person confirms them.
"""
from decimal import Decimal

# Common practice: grade 1 = 100 % down to grade 10 = 10 % (RULES.md §6.1: NIC, unverified).
DISABILITY_COEFFICIENTS = {grade: Decimal(11 - grade) / 10 for grade in range(1, 11)}
COEFFICIENT_NOTE = "常见实务（《人体损伤致残程度分级》不在法规库中，待律师确认）"

# 交强险 limits announced by the insurance regulator (not in the statute corpus; confirm).
INSURANCE_LIMITS = [
    {"effective_from": "2008-02-01", "death_disability": "110000", "medical": "10000", "property": "2000",
     "no_fault_death_disability": "11000", "no_fault_medical": "1000", "no_fault_property": "100",
     "source": "中国保监会2008年交强险责任限额调整方案（不在法规库中，待确认）"},
    {"effective_from": "2020-09-19", "death_disability": "180000", "medical": "18000", "property": "2000",
     "no_fault_death_disability": "18000", "no_fault_medical": "1800", "no_fault_property": "100",
     "source": "中国银保监会《关于实施车险综合改革的指导意见》（2020）（不在法规库中，待确认）"},
]
