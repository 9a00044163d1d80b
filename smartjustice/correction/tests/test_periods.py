"""The correction period from the judgment, per type, with its citation (periods.py)."""
import datetime as dt

import pytest

from smartjustice.core.errors import InvalidInput
from smartjustice.correction.periods import compute_period

D = dt.date

CASES = [
    # 管制: from the day the judgment is executed; custody offsets 2 days each (《刑法》第四十一条).
    ("control", dict(effective_on=D(2026, 1, 10), sentence_months=6), D(2026, 1, 10), D(2026, 7, 9), "《刑法》第三十八条第一款、第四十一条"),
    ("control", dict(effective_on=D(2026, 1, 10), sentence_months=6, custody_days=5), D(2026, 1, 10), D(2026, 6, 29), "《刑法》第三十八条第一款、第四十一条"),
    # 缓刑: from the day the judgment became final (《刑法》第七十三条第三款).
    ("probation", dict(effective_on=D(2026, 2, 2), principal_penalty="fixed_term", sentence_months=12, probation_months=24),
     D(2026, 2, 2), D(2028, 2, 1), "《刑法》第七十三条第二款、第三款"),
    ("probation", dict(effective_on=D(2025, 12, 31), principal_penalty="criminal_detention", sentence_months=3, probation_months=2),
     None, None, None),  # below the original term: refused
    ("probation", dict(effective_on=D(2026, 1, 31), principal_penalty="criminal_detention", sentence_months=1, probation_months=2),
     D(2026, 1, 31), D(2026, 3, 30), "《刑法》第七十三条第一款、第三款"),
    # 假释: from the day of parole; the unserved term, life: 10 years (《刑法》第八十三条).
    ("parole", dict(parole_on=D(2026, 3, 1), principal_penalty="fixed_term", sentence_expires_on=D(2027, 5, 20)),
     D(2026, 3, 1), D(2027, 5, 20), "《刑法》第八十三条第一款、第二款"),
    ("parole", dict(parole_on=D(2026, 3, 1), principal_penalty="life"), D(2026, 3, 1), D(2036, 2, 29), "《刑法》第八十三条第一款、第二款"),
    # 暂予监外执行: until the sentence expires (《刑事诉讼法》第二百六十八条第三款).
    ("temporary_outside", dict(effective_on=D(2026, 2, 1), sentence_expires_on=D(2026, 12, 31)),
     D(2026, 2, 1), D(2026, 12, 31), "《刑事诉讼法》第二百六十八条第三款"),
]


@pytest.mark.parametrize("subject_type, kwargs, start, end, citation", CASES)
def test_period_from_the_judgment(subject_type, kwargs, start, end, citation):
    if start is None:
        with pytest.raises(InvalidInput):
            compute_period(subject_type, **{"effective_on": None, **kwargs})
        return

    period = compute_period(subject_type, **{"effective_on": None, **kwargs})

    assert (period.starts_on, period.ends_on, period.citation) == (start, end, citation)


@pytest.mark.parametrize("months", [2, 25])
def test_public_surveillance_outside_3_months_to_2_years_is_refused(months):
    with pytest.raises(InvalidInput) as raised:
        compute_period("control", effective_on=D(2026, 1, 1), sentence_months=months)

    assert raised.value.field == "sentence_months"


def test_probation_over_five_years_is_refused():
    with pytest.raises(InvalidInput) as raised:
        compute_period("probation", effective_on=D(2026, 1, 1), principal_penalty="fixed_term",
                       sentence_months=36, probation_months=61)

    assert raised.value.field == "probation_months"
