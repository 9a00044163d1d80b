"""Chinese numerals as used in article numbers: 第十条, 第二百零一条, 第一千二百五十九条,
第一百二十条之一 (an article inserted after 第一百二十条 by an amendment).

Pure functions; `parse_number` also accepts Arabic digits, which some citations use (第30条).
"""
import re

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
          "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000}
NUMERAL_CHARS = "".join(DIGITS) + "".join(UNITS) + "万"
_DIGIT_NAMES = "零一二三四五六七八九"

LABEL_RE = re.compile(rf"^第([{NUMERAL_CHARS}\d]+)条(?:之([{NUMERAL_CHARS}\d]+))?$")


def parse_number(text: str) -> int:
    """"一千二百五十九" → 1259, "十" → 10, "二百零一" → 201, "30" → 30.

    Raises ValueError for an empty string or a character that is not a numeral."""
    text = text.strip()
    if not text:
        raise ValueError("empty numeral")
    if text.isdigit():
        return int(text)
    total, section, digit = 0, 0, None
    for char in text:
        if char in DIGITS:
            digit = DIGITS[char]
        elif char in UNITS:
            # A bare unit (十 in 十一, 一百十) means one of it.
            section += (1 if digit is None else digit) * UNITS[char]
            digit = None
        elif char == "万":
            total += (section + (digit or 0)) * 10000
            section, digit = 0, None
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    return total + section + (digit or 0)


def format_number(number: int) -> str:
    """The statute-book form of 1..99999: 10 → 十, 110 → 一百一十, 201 → 二百零一,
    1010 → 一千零一十, 1259 → 一千二百五十九."""
    if number <= 0 or number >= 100000:
        raise ValueError(f"article numbers run from 1 to 99999, not {number}")
    parts: list[str] = []
    pending_zero = False
    for value, unit in ((10000, "万"), (1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = number // value % 10
        if digit == 0:
            pending_zero = bool(parts)
            continue
        if pending_zero:
            parts.append("零")
            pending_zero = False
        # 十 alone at the head: 第十条, 第十五条 (not 一十五).
        if not (unit == "十" and digit == 1 and not parts):
            parts.append(_DIGIT_NAMES[digit])
        parts.append(unit)
    return "".join(parts)


def parse_label(label: str) -> tuple[int, int]:
    """"第一百二十条之一" → (120, 1); "第十条" → (10, 0). Raises ValueError otherwise."""
    match = LABEL_RE.match(label.replace(" ", "").replace("\u3000", ""))
    if not match:
        raise ValueError(f"not an article label: {label!r}")
    return parse_number(match.group(1)), parse_number(match.group(2)) if match.group(2) else 0


def format_label(number: int, suffix: int = 0) -> str:
    """(120, 1) → "第一百二十条之一"; (10, 0) → "第十条"."""
    label = f"第{format_number(number)}条"
    return f"{label}之{format_number(suffix)}" if suffix else label
