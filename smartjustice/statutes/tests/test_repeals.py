"""Repeals read from the library's own text (repeals.py): the parser, the date rule, the
import that marks them, the pages and the ranking that show them."""
import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from smartjustice.audit.models import AuditEntry
from smartjustice.statutes.models import Article, Law
from smartjustice.statutes.repeals import LawRow, find_repeals, interpreted_law, named_as_repealed
from smartjustice.statutes.services import import_corpus

from .conftest import REGULATION, write_corpus

PROMOTION = """\
# 促进个体工商户发展条例

2022年10月1日 中华人民共和国国务院令第755号公布

2022年11月1日 施行

<!-- INFO END -->

第二条 有经营能力的公民在中华人民共和国境内从事工商业经营，依法登记为个体工商户的，适用本条例。

第三十九条 本条例自2022年11月1日起施行。《个体工商户条例》同时废止。
"""

CIVIL_CODE_FINAL = """\
# 中华人民共和国民法典

2020年5月28日 第十三届全国人民代表大会第三次会议通过

2021年1月1日 施行

<!-- INFO END -->

第一千二百六十条 本法自2021年1月1日起施行。《中华人民共和国婚姻法》、《中华人民共和国担保法》同时废止。
"""

GUARANTEE_INTERPRETATION = """\
# 最高人民法院关于适用《中华人民共和国担保法》若干问题的解释

2000年12月8日 最高人民法院公告公布

<!-- INFO END -->

第一条 当事人对由民事关系产生的债权，以担保法规定的方式设定担保的，可以认定为有效。
"""

TRAFFIC = """\
# 中华人民共和国道路交通安全法

2003年10月28日 第十届全国人民代表大会常务委员会第五次会议通过

<!-- INFO END -->

第一条 为了维护道路交通秩序，预防和减少交通事故，制定本法。
"""


def row(law_id, title, version_on, effective_on=None, is_current=True):
    return LawRow(law_id, title, version_on, effective_on, is_current)


# The parser.

def test_a_closing_provision_names_the_law_it_repeals():
    assert named_as_repealed("本法自2022年6月5日起施行。《中华人民共和国环境噪声污染防治法》同时废止。") == [
        "环境噪声污染防治法"]


def test_every_title_of_a_run_is_repealed_with_dates_between_them():
    text = ("本法自2008年1月1日起施行。1991年4月9日第七届全国人民代表大会第四次会议通过的《中华人民共和国外商投资"
            "企业和外国企业所得税法》和1993年12月13日国务院发布的《中华人民共和国企业所得税暂行条例》同时废止。")

    assert named_as_repealed(text) == ["外商投资企业和外国企业所得税法", "企业所得税暂行条例"]


def test_amendment_decisions_named_in_passing_are_not_repealed():
    text = ("根据2002年1月14日发布的《关于修改〈杭州市城市规划管理条例〉的决定》第二次修正的"
            "《杭州市城市规划管理条例》同时废止。")

    assert named_as_repealed(text) == ["杭州市城市规划管理条例"]


@pytest.mark.parametrize("text", [
    "《某某条例》第十条同时废止。",                       # part of a law
    "依照《中华人民共和国立法法》的规定予以废止。",          # the rule applied, not the law repealed
    "法律、行政法规被修改或者废止的，适用新的规定。",         # no title
    "本条例自2020年1月1日起施行。",                       # no repeal at all
])
def test_what_is_not_a_repeal_of_a_law(text):
    assert named_as_repealed(text) == []


def test_interpretations_name_the_law_they_apply():
    assert interpreted_law("最高人民法院关于适用《中华人民共和国担保法》若干问题的解释") == "担保法"
    assert interpreted_law("最高人民法院关于审理民间借贷案件适用法律若干问题的规定") is None


# The date rule.

def test_an_old_provision_does_not_repeal_a_newer_law_of_the_same_title():
    laws = [row(1, "人民检察院刑事诉讼规则（试行）", dt.date(2012, 11, 22)),
            row(2, "人民检察院刑事诉讼规则", dt.date(2019, 12, 2))]
    provisions = [(10, 1, "本规则自2013年1月1日起施行。《人民检察院刑事诉讼规则》同时废止。"),
                  (20, 2, "本规则自2019年12月30日起施行。《人民检察院刑事诉讼规则（试行）》同时废止。")]

    repeals = find_repeals(laws, provisions, today=dt.date(2026, 11, 28))

    assert {law_id: (repeal.article_id, repeal.basis) for law_id, repeal in repeals.items()} == {1: (20, "named")}


def test_a_repeal_takes_effect_on_the_day_the_repealing_provision_names_not_on_adoption():
    # As in the corpus: the info lines of 增值税法 carry its adoption only, no 施行 date.
    laws = [row(1, "中华人民共和国增值税暂行条例", dt.date(2017, 11, 19)),
            row(2, "中华人民共和国增值税法", dt.date(2024, 12, 25))]
    provisions = [(20, 2, "本法自2026年1月1日起施行。《中华人民共和国增值税暂行条例》同时废止。")]

    assert find_repeals(laws, provisions, today=dt.date(2025, 12, 31)) == {}
    assert set(find_repeals(laws, provisions, today=dt.date(2026, 1, 1))) == {1}


@pytest.mark.parametrize("text, day", [
    ("本法自2026年1月1日起施行。《中华人民共和国增值税暂行条例》同时废止。", dt.date(2026, 1, 1)),
    ("本条例自 2022 年 11 月 1 日起施行。", dt.date(2022, 11, 1)),
    ("本规定自公布之日起施行。", None),
    ("本法自2026年2月30日起施行。", None),
])
def test_the_commencement_day_a_provision_names(text, day):
    from smartjustice.statutes.repeals import commencement

    assert commencement(text) == day


# The import.

@pytest.fixture
def repeal_corpus(tmp_path):
    return write_corpus(tmp_path / "laws", {
        "行政法规/个体工商户条例(2011-04-16).md": REGULATION,
        "行政法规/促进个体工商户发展条例(2022-10-01).md": PROMOTION,
        "民法典/附则.md": CIVIL_CODE_FINAL,
        "司法解释/最高人民法院关于适用《担保法》若干问题的解释(2000-12-08).md": GUARANTEE_INTERPRETATION,
        "行政法/道路交通安全法(2003-10-28).md": TRAFFIC,
    })


def marks():
    return sorted((law.short_title, law.repeal_basis, law.repealed_by.law.short_title if law.repealed_by else None,
                   law.repealed_by.label if law.repealed_by else None)
                  for law in Law.objects.select_related("repealed_by__law"))


@pytest.mark.django_db
def test_import_marks_repealed_laws_with_the_provision_that_repealed_them(repeal_corpus):
    report = import_corpus(repeal_corpus, rebuild_index=False)

    assert report.laws_repealed == 2
    assert marks() == [
        ("个体工商户条例", "named", "促进个体工商户发展条例", "第三十九条"),
        ("促进个体工商户发展条例", "", None, None),
        ("最高人民法院关于适用《中华人民共和国担保法》若干问题的解释", "interpreted_law", "民法典", "第一千二百六十条"),
        ("民法典", "", None, None),
        ("道路交通安全法", "", None, None),
    ]


@pytest.mark.django_db
def test_a_reimport_keeps_the_marks_and_a_corrected_corpus_clears_them(repeal_corpus):
    import_corpus(repeal_corpus, rebuild_index=False)
    before = marks()

    marked = Law.objects.get(short_title="个体工商户条例")
    entry = AuditEntry.objects.get(action="statutes.law.repeal_marked", object_id=str(marked.pk))
    assert entry.changes == {"repealed_by": [None, marked.repealed_by_id], "repeal_basis": ["", "named"]}

    again = import_corpus(repeal_corpus, rebuild_index=False)
    assert (again.laws_unchanged, again.laws_repealed, marks()) == (5, 2, before)
    assert AuditEntry.objects.filter(action="statutes.law.repeal_marked").count() == 2  # nothing new

    (repeal_corpus / "行政法规/促进个体工商户发展条例(2022-10-01).md").write_text(
        PROMOTION.replace("《个体工商户条例》同时废止。", ""), encoding="utf-8")
    corrected = import_corpus(repeal_corpus, rebuild_index=False)

    assert (corrected.laws_updated, corrected.laws_repealed) == (1, 1)
    assert Law.objects.get(short_title="个体工商户条例").repeal_basis == ""
    cleared = AuditEntry.objects.filter(action="statutes.law.repeal_marked", object_id=str(marked.pk)).latest("id")
    assert cleared.changes["repeal_basis"] == ["named", ""]


# Pages.

@pytest.mark.django_db
def test_the_law_and_article_pages_say_a_repealed_law_was_repealed_and_by_what(client, repeal_corpus):
    import_corpus(repeal_corpus, rebuild_index=False)
    old = Law.objects.get(short_title="个体工商户条例")
    repealing = Article.objects.get(law__short_title="促进个体工商户发展条例", label="第三十九条")

    with translation.override("zh-hans"):
        pages = [client.get(old.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode(),
                 client.get(reverse("statutes:article", args=[old.pk, "第二条"]),
                            HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()]

    for page in pages:
        assert "本法规已被废止。" in page and '<span class="badge">现行有效</span>' not in page
        assert "法律不溯及既往" in page and "《立法法》第一百零四条" in page
        assert f'废止依据： <a href="{repealing.get_absolute_url()}">促进个体工商户发展条例第三十九条</a>' in page
    in_force = client.get(Law.objects.get(short_title="道路交通安全法").get_absolute_url()).content.decode()
    assert "本法规已被废止" not in in_force and "废止依据" not in in_force


@pytest.mark.django_db
def test_the_repealing_law_lists_what_it_repealed(client, repeal_corpus):
    import_corpus(repeal_corpus, rebuild_index=False)
    code = Law.objects.get(short_title="民法典")
    interpretation = Law.objects.get(short_title__contains="担保法")
    provision = Article.objects.get(law=code, label="第一千二百六十条")

    with translation.override("zh-hans"):
        page = client.get(code.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
        unrelated = client.get(Law.objects.get(short_title="道路交通安全法").get_absolute_url(),
                               HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    assert "本法规废止的法规" not in page  # the laws 第一千二百六十条 names are not in this library
    assert "<h2 id=\"repeals-heading-2\">所废止法律的司法解释</h2>" in page
    assert (f'<a href="{interpretation.get_absolute_url()}">{interpretation.title}</a><small>（2000-12-08）</small>\n'
            f'      — <a href="{provision.get_absolute_url()}">第一千二百六十条</a>') in page
    assert "所废止法律的司法解释" not in unrelated
    with translation.override("zh-hans"):
        interpretation_page = client.get(interpretation.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert '<span class="badge">所解释的法律已废止</span>' in interpretation_page
    assert '<span class="badge">已废止</span>' not in interpretation_page


# Ranking.

@pytest.mark.django_db
def test_a_repealed_law_gives_way_to_the_law_in_force_that_uses_the_same_words(settings, tmp_path, repeal_corpus):
    settings.STATUTES_INDEX_PATH = tmp_path / "var" / "statutes-index.pkl"
    settings.STATUTES_DENSE_SEARCH = False
    from smartjustice.statutes.search.engine import get_engine
    from smartjustice.statutes.tasks import build_index

    import_corpus(repeal_corpus, rebuild_index=False)
    build_index()
    marked = [hit.citation for hit in get_engine().search("个体工商户 经营 公民", top=5)]
    Law.objects.update(repeal_basis="", repealed_by=None)  # the same library, read as if nothing was repealed
    build_index()
    unmarked = [hit.citation for hit in get_engine().search("个体工商户 经营 公民", top=5)]

    assert marked[:2] == ["促进个体工商户发展条例第二条", "促进个体工商户发展条例第三十九条"]
    assert "个体工商户条例第二条" not in marked
    assert unmarked[:2] == ["个体工商户条例第二条", "促进个体工商户发展条例第二条"]


VAT_REGULATION = """\
# 中华人民共和国增值税暂行条例

2017年11月19日 中华人民共和国国务院令第691号修订

<!-- INFO END -->

第一条 在中华人民共和国境内销售货物的单位和个人，应当缴纳增值税。
"""

VAT_LAW = """\
# 中华人民共和国增值税法

2024年12月25日 第十四届全国人民代表大会常务委员会第十三次会议通过

<!-- INFO END -->

第三十八条 本法自2026年1月1日起施行。《中华人民共和国增值税暂行条例》同时废止。
"""


@pytest.mark.django_db(transaction=True)
def test_the_daily_refresh_marks_a_repeal_on_the_day_it_takes_effect_and_rebuilds_the_index(tmp_path, monkeypatch):
    import time_machine

    from smartjustice.statutes import services
    from smartjustice.statutes.tasks import refresh_repeals_task

    corpus = write_corpus(tmp_path / "laws", {"行政法规/增值税暂行条例(2017-11-19).md": VAT_REGULATION,
                                              "经济法/增值税法(2024-12-25).md": VAT_LAW})
    queued = []
    monkeypatch.setattr(services, "_queue_index_build", lambda: queued.append("build"))
    with time_machine.travel(dt.datetime(2025, 12, 31, 15, 59, tzinfo=dt.UTC), tick=False):  # 23:59 in Beijing
        assert import_corpus(corpus, rebuild_index=False).laws_repealed == 0
        assert refresh_repeals_task() == 0
    assert queued == []
    with time_machine.travel(dt.datetime(2025, 12, 31, 16, 0, tzinfo=dt.UTC), tick=False):  # 2026-01-01 00:00
        assert refresh_repeals_task() == 1
        assert refresh_repeals_task() == 0

    vat = Law.objects.get(short_title="增值税暂行条例")
    assert (vat.repeal_basis, vat.repealed_by.label) == ("named", "第三十八条")
    assert queued == ["build"]


@pytest.mark.django_db(transaction=True)
def test_an_import_that_only_changes_which_laws_are_repealed_still_rebuilds_the_index(repeal_corpus, monkeypatch):
    from smartjustice.statutes import services

    queued = []
    monkeypatch.setattr(services, "_queue_index_build", lambda: queued.append("build"))
    import_corpus(repeal_corpus, rebuild_index=True)
    Law.objects.update(repeal_basis="", repealed_by=None)  # as a library imported before repeals were read
    queued.clear()

    unchanged = import_corpus(repeal_corpus, rebuild_index=True)
    again = import_corpus(repeal_corpus, rebuild_index=True)

    assert (unchanged.laws_unchanged, unchanged.laws_repealed, again.laws_repealed) == (5, 2, 2)
    assert queued == ["build"]  # the second import changed nothing


@pytest.mark.django_db
def test_the_repealing_law_lists_the_law_it_named_under_its_own_heading(client, repeal_corpus):
    import_corpus(repeal_corpus, rebuild_index=False)
    promotion = Law.objects.get(short_title="促进个体工商户发展条例")
    old = Law.objects.get(short_title="个体工商户条例")

    with translation.override("zh-hans"):
        page = client.get(promotion.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    assert '<h2 id="repeals-heading-1">本法规废止的法规</h2>' in page
    assert f'<a href="{old.get_absolute_url()}">个体工商户条例</a><small>（2011-04-16）</small>' in page
    assert "所废止法律的司法解释" not in page
