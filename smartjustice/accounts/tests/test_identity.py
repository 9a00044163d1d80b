"""ID validators: GB 11643-1999 (居民身份证号码) and GB 32100-2015 (统一社会信用代码)."""
import datetime as dt

import pytest
from django.utils import translation

from smartjustice.accounts.identity import (
    InvalidIdentity,
    birth_date_from_resident_id,
    mask_identity,
    resident_id_check_char,
    uscc_check_char,
    validate_mobile,
    validate_resident_id,
    validate_uscc,
)

TODAY = dt.date(2026, 11, 28)


@pytest.mark.parametrize(
    ("body", "check"),
    [
        ("11010519491231002", "X"),  # the worked example published with GB 11643-1999
        ("44052418800101001", "4"),
        ("33048319560312002", "0"),
        ("33010220000229001", "5"),
    ],
)
def test_resident_id_check_char_matches_hand_computed_value(body, check):
    # Σ(aᵢ·Wᵢ) mod 11 indexes "10X98765432":
    # 11010519491231002 → 167 mod 11 = 2 → X;  44052418800101001 → 195 mod 11 = 8 → 4;
    # 33048319560312002 → 254 mod 11 = 1 → 0;  33010220000229001 → 150 mod 11 = 7 → 5.
    assert resident_id_check_char(body) == check


def test_valid_resident_id_is_normalised_to_upper_case_x():
    assert validate_resident_id(" 11010519491231002x ", today=TODAY) == "11010519491231002X"


@pytest.mark.parametrize(
    ("value", "fragment_en"),
    [
        ("1101051949123100", "has 18 characters; this one has 16"),
        ("11010519491231002Y", "17 digits followed by a digit or X"),
        ("1101A519491231002X", "17 digits followed by a digit or X"),
        ("99010519491231002X", "not a province code"),
        ("110105194902300028", "not a real date of birth"),
        ("110105203001010019", "impossible"),
        ("110105194912310021", "does not match its check digit"),
    ],
)
def test_invalid_resident_id_gets_a_specific_message(value, fragment_en):
    with translation.override("en"):
        with pytest.raises(InvalidIdentity) as caught:
            validate_resident_id(value, today=TODAY)

        assert fragment_en in str(caught.value)
    assert caught.value.code == "invalid_identity"


def test_check_digit_message_is_chinese_by_default():
    with translation.override("zh-hans"):
        with pytest.raises(InvalidIdentity) as caught:
            validate_resident_id("110105194912310021", today=TODAY)

        assert "校验" in str(caught.value)


def test_birth_date_tomorrow_is_refused_today_is_accepted():
    body_today = "110105" + TODAY.strftime("%Y%m%d") + "001"
    body_tomorrow = "110105" + (TODAY + dt.timedelta(days=1)).strftime("%Y%m%d") + "001"

    assert validate_resident_id(body_today + resident_id_check_char(body_today), today=TODAY)
    with pytest.raises(InvalidIdentity):
        validate_resident_id(body_tomorrow + resident_id_check_char(body_tomorrow), today=TODAY)


def test_birth_date_is_read_from_digits_7_to_14():
    assert birth_date_from_resident_id("11010519491231002X") == dt.date(1949, 12, 31)


@pytest.mark.parametrize(
    ("body", "check"),
    [
        ("91350100M000100Y4", "3"),  # sample code widely published with GB 32100-2015 explanations
        ("91330483MA2B7K3Q1", "8"),
    ],
)
def test_uscc_check_char(body, check):
    assert uscc_check_char(body) == check


def test_valid_uscc_is_normalised():
    assert validate_uscc(" 91350100m000100y43 ") == "91350100M000100Y43"


@pytest.mark.parametrize(
    ("value", "fragment_en"),
    [
        ("91350100M000100Y4", "has 18 characters; this one has 17"),
        ("91350100M000100YI3", "cannot contain: I"),
        ("9135010OM000100Y43", "cannot contain: O"),
        ("91AB0100M000100Y43", "numeric region code"),
        ("91350100M000100Y44", "does not match its check digit"),
    ],
)
def test_invalid_uscc_gets_a_specific_message(value, fragment_en):
    with translation.override("en"):
        with pytest.raises(InvalidIdentity) as caught:
            validate_uscc(value)

        assert fragment_en in str(caught.value)


def test_mask_keeps_first_and_last_four():
    assert mask_identity("330483195603120024") == "3304**********0024"


@pytest.mark.parametrize("value", ["13800000000", "+86 138-0000-0000", "19912345678"])
def test_valid_mobile_numbers(value):
    assert validate_mobile(value) in {"13800000000", "19912345678"}


@pytest.mark.parametrize("value", ["1380000000", "12800000000", "23800000000", "1380000000a", ""])
def test_invalid_mobile_numbers(value):
    with pytest.raises(InvalidIdentity):
        validate_mobile(value)
