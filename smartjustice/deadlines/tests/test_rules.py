"""The rule table against the law texts in shared/laws (read at test time).

For every rule: the cited law version exists in the corpus, every cited article, paragraph
(款) and item (项) exists, the period's wording ("六十日", "一年"...) is in the cited passage,
and a working-day period is one the law's working-day article lists (《行政复议法》第八十八条
第二款, 《行政处罚法》第八十五条); a calendar-day period of those laws is one it does not list.
"""
import re
from functools import cache

import pytest
from django.conf import settings

from smartjustice.deadlines.engine import COUNTING_BASIS, Unit
from smartjustice.deadlines.errors import UnknownRule
from smartjustice.deadlines.rules import REQUIRED_RULE_IDS, RULES, Citation, get_rule

LAWS = settings.SHARED_DIR / "laws"
pytestmark = pytest.mark.skipif(not LAWS.is_dir(), reason=f"law corpus not found at {LAWS}")

DIGITS = "零一二三四五六七八九"
WORKING_DAY_ARTICLES = {"行政复议法": "第八十八条", "行政处罚法": "第八十五条"}


def chinese_number(n: int) -> str:
    """1–99 as written in statutes: 5 → 五, 10 → 十, 15 → 十五, 60 → 六十."""
    tens, ones = divmod(n, 10)
    if n < 10:
        return DIGITS[n]
    return (DIGITS[tens] if tens > 1 else "") + "十" + (DIGITS[ones] if ones else "")


def period_words(amount: int, unit: Unit) -> str:
    number = chinese_number(amount)
    return {Unit.MONTH: f"{number}个月", Unit.YEAR: f"{number}年"}.get(unit, f"{number}日")


@cache
def law_text(law: str, version: str) -> str:
    matches = sorted(LAWS.glob(f"*/{law}({version}).md"))
    assert len(matches) == 1, f"《{law}》({version}) not found once in the corpus: {matches}"
    return matches[0].read_text(encoding="utf-8")


ARTICLE_HEAD = re.compile(r"^(第[零一二三四五六七八九十百千]+条(?:之[一二三四五六七八九十]+)?) ", re.M)


@cache
def articles(law: str, version: str) -> dict[str, list[str]]:
    """{"第六十二条": [paragraph, ...]}; item lines "（一）…" stay with their paragraph."""
    text = law_text(law, version)
    heads = list(ARTICLE_HEAD.finditer(text))
    result = {}
    for index, head in enumerate(heads):
        end = heads[index + 1].start() if index + 1 < len(heads) else len(text)
        body = text[head.end():end].split("\n#")[0]
        paragraphs: list[str] = []
        for line in body.split("\n"):
            line = line.strip().strip("\u200b")
            if not line:
                continue
            if line.startswith("（") and paragraphs:
                paragraphs[-1] += "\n" + line
            else:
                paragraphs.append(line)
        result.setdefault(head.group(1), paragraphs)
    return result


ORDINALS = {f"第{chinese_number(n)}": n for n in range(1, 20)}


def passage(citation: Citation) -> str:
    paragraphs = articles(citation.law, citation.version).get(citation.article)
    assert paragraphs, f"{citation.text}: article not in 《{citation.law}》({citation.version})"
    text = "\n".join(paragraphs)
    if citation.paragraph:
        number = ORDINALS[citation.paragraph.removesuffix("款")]
        assert len(paragraphs) >= number, f"{citation.text}: the article has {len(paragraphs)} paragraph(s)"
        text = paragraphs[number - 1]
    if citation.item:
        mark = "（" + citation.item.removeprefix("第").removesuffix("项") + "）"
        lines = [line for line in text.split("\n") if line.startswith(mark)]
        assert lines, f"{citation.text}: item {mark} not found"
        text = lines[0]
    return text


def test_every_required_rule_is_present():
    ids = {rule.id for rule in RULES}

    assert set(REQUIRED_RULE_IDS) <= ids
    assert len(REQUIRED_RULE_IDS) == 13


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_citation_names_a_law_and_an_article(rule):
    assert re.fullmatch(r"(《[^》]+》第[零一二三四五六七八九十百千]+条(第[一二三四五六七八九十]+[款项])*"
                        r"(、第[零一二三四五六七八九十百千]+条(第[一二三四五六七八九十]+[款项])*)*)(；.+)?",
                        rule.citation), rule.citation


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_every_cited_article_exists_in_the_law_text(rule):
    for citation in rule.citations:
        assert passage(citation)


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_the_period_is_written_in_the_cited_passage(rule):
    words = period_words(rule.amount, rule.unit)

    assert words in passage(rule.citations[0]), f"{rule.id}: “{words}” not in {rule.citations[0].text}"


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_working_day_classification_follows_the_law(rule):
    law = rule.citations[0].law
    working_article = WORKING_DAY_ARTICLES.get(law)
    if working_article is None:
        # No working-day clause in this law: its "N日" are calendar days (《民法典》第二百零四条).
        assert rule.unit is not Unit.WORKING_DAY
        return
    clause = "\n".join(articles(law, rule.citations[0].version)[working_article])
    listed = f"“{chinese_number(rule.amount)}日”" in clause
    if rule.unit is Unit.WORKING_DAY:
        assert listed
        assert rule.citations[-1].law == law and rule.citations[-1].article == working_article
    elif rule.unit is Unit.CALENDAR_DAY:
        assert not listed, f"{rule.id}: {rule.amount} days is a working-day period under {working_article}"


def test_extension_cap_of_ordinary_reconsideration_is_the_laws_thirty_days():
    rule = get_rule("reconsideration.decide_ordinary")

    assert (rule.extension.max_amount, rule.extension.unit) == (30, Unit.CALENDAR_DAY)
    assert "延长期限最多不得超过三十日" in passage(rule.extension.citations[0])


def test_counting_basis_articles_exist():
    civil_code = "".join(p.read_text(encoding="utf-8") for p in sorted((LAWS / "民法典").glob("*.md")))
    for article in ("第二百零一条", "第二百零二条", "第二百零三条", "第二百零四条"):
        assert re.search(rf"^{article} ", civil_code, re.M)
    assert "星期六和星期日为周休息日" in "\n".join(
        articles("国务院关于职工工作时间的规定", "1995-03-25")["第七条"])
    assert all(basis.startswith("《民法典》第二百零一条") for basis in COUNTING_BASIS.values())


def test_law_versions_are_the_current_ones_of_rules_md():
    versions = {(c.law, c.version) for rule in RULES for c in rule.citations}

    assert ("行政复议法", "2023-09-01") in versions
    assert ("行政复议法", "2017-09-01") not in versions
    assert ("民事诉讼法", "2021-12-24") not in versions


@pytest.mark.parametrize("rule_id", ["nope", "reconsideration", "", None, "RECONSIDERATION.APPLY"])
def test_unknown_rule_ids_are_refused(rule_id):
    with pytest.raises(UnknownRule) as raised:
        get_rule(rule_id)

    assert raised.value.code == "unknown_rule"
