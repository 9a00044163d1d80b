"""Building correction files for tests through the real services."""
import datetime as dt
import itertools

from smartjustice.accounts.identity import resident_id_check_char

_sequence = itertools.count(50)


def make_id_number(birth: str = "19900101", *, female: bool = False) -> str:
    """A valid GB 11643 number (Tongxiang address code 330483) that belongs to nobody."""
    seq = (next(_sequence) % 499) * 2 + (0 if female else 1)  # 17th digit: odd for men, even for women
    body = f"330483{birth}{seq:03d}"
    return body + resident_id_check_char(body)


def probation_data(**overrides) -> dict:
    data = {
        "subject_type": "probation", "real_name": "测试对象", "id_number": make_id_number(),
        "residence_address": "桐乡市梧桐街道庆丰路1号", "phone": "13800001111",
        "decision_organ": "桐乡市人民法院", "decision_organ_kind": "court",
        "decision_document_number": "（2026）浙0483刑初1号", "effective_on": dt.date(2026, 2, 2),
        "crime_type": "危险驾驶罪", "principal_penalty": "fixed_term", "sentence_months": 12,
        "probation_months": 24, "employer": "桐乡示范羊毛衫有限公司", "occupation": "工人",
    }
    data.update(overrides)
    return data


def register(officer, org, **overrides):
    from smartjustice.correction.services import register_subject

    return register_subject(probation_data(**overrides), org=org, acting_user=officer)


def in_correction(officer, org, **overrides):
    from smartjustice.correction.services import record_report_in

    subject = register(officer, org, **overrides)
    return record_report_in(subject, acting_user=officer)
