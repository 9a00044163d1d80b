"""Validators for Chinese identity numbers.

- 居民身份证号码: GB 11643-1999 《公民身份号码》, 18 characters: 6-digit address code,
  8-digit birth date, 3-digit sequence, 1 check character (ISO 7064 MOD 11-2).
- 统一社会信用代码: GB 32100-2015 《法人和其他组织统一社会信用代码编码规则》, 18 characters
  from a 31-symbol alphabet, the last one a check character (MOD 31).

Each validator returns the normalised value or raises InvalidIdentity with a specific,
translatable reason, so forms can tell the user exactly what is wrong.
"""
import datetime as dt

from django.utils.translation import gettext_lazy as _

from smartjustice.core import clock
from smartjustice.core.errors import InvalidInput

RESIDENT_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
RESIDENT_ID_CHECK_CHARS = "10X98765432"
# First two digits: province-level address codes of GB/T 2260 (plus 71/81/82/83 for
# Taiwan, Hong Kong, Macao and residence permits), so a typo in them is caught early.
PROVINCE_CODES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 "
    "61 62 63 64 65 71 81 82 83".split()
)

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


class InvalidIdentity(InvalidInput):
    code = "invalid_identity"


def resident_id_check_char(body17: str) -> str:
    """The GB 11643 check character for the first 17 digits."""
    total = sum(int(digit) * weight for digit, weight in zip(body17, RESIDENT_ID_WEIGHTS, strict=True))
    return RESIDENT_ID_CHECK_CHARS[total % 11]


def validate_resident_id(value: str, *, today: dt.date | None = None) -> str:
    """Return the normalised 18-character ID number (upper-case X) or raise InvalidIdentity."""
    number = (value or "").strip().upper()
    if len(number) != 18:
        raise InvalidIdentity(_("A resident ID number has 18 characters; this one has %(count)d."),
                              count=len(number))
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise InvalidIdentity(_("A resident ID number is 17 digits followed by a digit or X."))
    if number[:2] not in PROVINCE_CODES:
        raise InvalidIdentity(_("The first two digits of the ID number are not a province code."))
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise InvalidIdentity(_("Digits 7 to 14 of the ID number are not a real date of birth.")) from None
    if birth > (today or clock.today()) or birth.year < 1850:
        raise InvalidIdentity(_("The date of birth in the ID number is impossible."))
    if resident_id_check_char(number[:17]) != number[17]:
        raise InvalidIdentity(_("The last character of the ID number does not match its check digit; please check for a typo."))
    return number


def birth_date_from_resident_id(number: str) -> dt.date:
    return dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def uscc_check_char(body17: str) -> str:
    """The GB 32100 check character for the first 17 characters."""
    total = sum(USCC_ALPHABET.index(char) * weight for char, weight in zip(body17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def validate_uscc(value: str) -> str:
    """Return the normalised 统一社会信用代码 or raise InvalidIdentity."""
    code = (value or "").strip().upper()
    if len(code) != 18:
        raise InvalidIdentity(_("A unified social credit code has 18 characters; this one has %(count)d."),
                              count=len(code))
    bad = sorted({char for char in code if char not in USCC_ALPHABET})
    if bad:
        raise InvalidIdentity(_("A unified social credit code cannot contain: %(chars)s (I, O, Z, S and V are never used)."),
                              chars=" ".join(bad))
    if not code[2:8].isdigit():
        raise InvalidIdentity(_("Characters 3 to 8 of a unified social credit code are a numeric region code."))
    if uscc_check_char(code[:17]) != code[17]:
        raise InvalidIdentity(_("The last character of the unified social credit code does not match its check digit; please check for a typo."))
    return code


def mask_identity(number: str) -> str:
    """Shown on pages: first 4 and last 4 characters, e.g. 3304**********1234."""
    if len(number) <= 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def validate_mobile(value: str) -> str:
    """A mainland mobile number: 11 digits starting with 1 and a second digit 3-9."""
    number = (value or "").strip().replace(" ", "").replace("-", "")
    if number.startswith("+86"):
        number = number[3:]
    if len(number) != 11 or not number.isdigit() or number[0] != "1" or number[1] not in "3456789":
        raise InvalidIdentity(_("Enter an 11-digit mainland mobile number, e.g. 13800000000."))
    return number
