import pytest

from smartjustice.statutes.numerals import format_label, format_number, parse_label, parse_number


@pytest.mark.parametrize(("text", "number"), [
    ("一", 1), ("十", 10), ("十一", 11), ("二十", 20), ("一百", 100), ("一百一十", 110),
    ("一百二十", 120), ("二百零一", 201), ("一千零一十", 1010), ("一千二百五十九", 1259),
    ("一千二百六十", 1260), ("两百", 200), ("〇", 0), ("30", 30),
])
def test_parse_number(text, number):
    assert parse_number(text) == number


@pytest.mark.parametrize("number", [1, 10, 11, 20, 100, 101, 110, 120, 201, 1000, 1010, 1259, 1260, 9999])
def test_format_then_parse_round_trips(number):
    assert parse_number(format_number(number)) == number


@pytest.mark.parametrize(("number", "text"), [
    (10, "十"), (15, "十五"), (110, "一百一十"), (201, "二百零一"), (1010, "一千零一十"),
    (1259, "一千二百五十九"), (1005, "一千零五"),
])
def test_format_number_uses_statute_book_forms(number, text):
    assert format_number(number) == text


@pytest.mark.parametrize(("label", "parsed"), [
    ("第十条", (10, 0)), ("第二百零一条", (201, 0)), ("第一千二百五十九条", (1259, 0)),
    ("第一百二十条之一", (120, 1)), ("第三十条之二", (30, 2)), ("第30条", (30, 0)),
])
def test_parse_label(label, parsed):
    assert parse_label(label) == parsed


def test_format_label_with_inserted_article():
    assert format_label(120, 1) == "第一百二十条之一"
    assert format_label(10) == "第十条"


@pytest.mark.parametrize("bad", ["", "第条", "第十", "十条", "第甲条", "第十条之"])
def test_parse_label_rejects_what_is_not_a_label(bad):
    with pytest.raises(ValueError):
        parse_label(bad)


@pytest.mark.parametrize("bad", ["", "甲", "十a"])
def test_parse_number_rejects_non_numerals(bad):
    with pytest.raises(ValueError):
        parse_number(bad)
