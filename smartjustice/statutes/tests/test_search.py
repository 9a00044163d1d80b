"""The search engine over a small library, the batch contract and the index build."""
import json
from io import StringIO

import numpy as np
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from smartjustice.statutes.search.bm25 import BM25
from smartjustice.statutes.search.engine import get_engine
from smartjustice.statutes.search.index import dense_article_laws
from smartjustice.statutes.search.tokenize import bigrams, question_bigrams, words
from smartjustice.statutes.services import import_corpus
from smartjustice.statutes.tasks import build_index, build_index_task

from .conftest import CRIMINAL, write_corpus

pytestmark = pytest.mark.django_db


@pytest.fixture
def index_path(settings, tmp_path):
    settings.STATUTES_INDEX_PATH = tmp_path / "var" / "statutes-index.pkl"
    return settings.STATUTES_INDEX_PATH


@pytest.fixture
def indexed(library, index_path):
    build_index()
    return get_engine()


def test_bm25_prefers_the_document_with_more_of_the_rarer_term():
    index = BM25([["合同", "解除"], ["合同", "合同", "违约"], ["离婚"]], k1=1.2, b=0.75)

    scores = index.score(["违约"])

    assert scores[1] > 0 and scores[0] == 0 and scores[2] == 0
    assert list(index.score(["不存在"])) == [0.0, 0.0, 0.0]


def test_question_words_drop_particles_and_punctuation():
    assert words("请问离婚后孩子归谁？") == ["离婚", "孩子", "归"]


@pytest.mark.parametrize("text, expected", [
    ("公司拖欠我三个月工资不发", ["公司", "拖欠", "三个月", "工资", "不发"]),
    ("拖欠两个月工资", ["拖欠", "两个月", "工资"]),
    ("这个月工资还没发", ["这个月", "工资", "没发"]),
    ("买了三个月饼", ["买", "三个", "月饼"]),
    ("本条所称月工资是指劳动者在劳动合同解除前十二个月的平均工资",
     ["本条", "称", "月工资", "指", "劳动者", "劳动合同", "解除", "十二个", "月", "平均工资"]),
])
def test_a_duration_in_months_keeps_the_noun_after_it(text, expected):
    assert words(text) == expected


def test_bigrams_pair_neighbouring_chinese_characters_within_runs():
    assert bigrams("承包经营权，A股") == ["承包", "包经", "经营", "营权"]
    assert question_bigrams("什么是承包") == ["么是", "是承", "承包"]


def test_engine_ranks_the_matching_article_of_the_current_version_first(indexed):
    hits = indexed.search("申请行政复议的期限是多少天", top=3)

    assert hits[0].citation == "中华人民共和国行政复议法第二十条"
    assert len({hit.citation for hit in hits}) == len(hits)
    assert all(hit.score >= later.score for hit, later in zip(hits, hits[1:], strict=False))


def test_engine_indexes_only_current_versions(indexed):
    citations = [hit.citation for hit in indexed.search("具体行政行为 行政复议", top=50)]

    assert "中华人民共和国行政复议法第九条" not in citations  # only the superseded 2017 text has 第九条


def test_question_without_searchable_words_has_no_results(indexed):
    assert indexed.search("吗？的了", top=10) == []


def test_batch_contract_writes_one_line_per_query(indexed, tmp_path):
    queries = tmp_path / "q.jsonl"
    queries.write_text('{"id": 7, "query": "资助恐怖活动组织会判几年"}\n\n{"id": "b", "query": "多大算成年人"}\n',
                       encoding="utf-8")
    out, err = StringIO(), StringIO()

    call_command("statutes", "search", "--batch", str(queries), "--top", "2", stdout=out, stderr=err)

    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [line["id"] for line in lines] == [7, "b"]
    assert lines[0]["results"][0] == "中华人民共和国刑法第一百二十条之一"
    assert lines[1]["results"][0] == "中华人民共和国民法典第十七条"
    assert all(len(line["results"]) <= 2 for line in lines)
    assert json.loads(err.getvalue())["queries"] == 2


@pytest.mark.parametrize(("content", "message"), [
    ('{"id": 1, "query": "成年"}\nnot json\n', "Line 2 is not valid JSON."),
    ('{"id": 1}\n', 'Line 1 needs an "id" and a non-empty "query".'),
    ('{"query": "成年"}\n', 'Line 1 needs an "id" and a non-empty "query".'),
    ('{"id": 1, "query": "  "}\n', 'Line 1 needs an "id" and a non-empty "query".'),
])
def test_malformed_batch_line_exits_2_before_any_output(indexed, tmp_path, content, message):
    queries = tmp_path / "q.jsonl"
    queries.write_text(content, encoding="utf-8")
    out = StringIO()

    with translation.override("en"), pytest.raises(CommandError) as excinfo:
        call_command("statutes", "search", "--batch", str(queries), stdout=out)

    assert excinfo.value.returncode == 2
    assert str(excinfo.value) == message
    assert out.getvalue() == ""


def test_batch_without_an_index_says_how_to_build_it(library, index_path, tmp_path):
    queries = tmp_path / "q.jsonl"
    queries.write_text('{"id": 1, "query": "成年"}\n', encoding="utf-8")

    with pytest.raises(CommandError, match="build-index"):
        call_command("statutes", "search", "--batch", str(queries))


def test_missing_batch_file_exits_2(indexed, tmp_path):
    with pytest.raises(CommandError) as excinfo:
        call_command("statutes", "search", "--batch", str(tmp_path / "none.jsonl"))

    assert excinfo.value.returncode == 2


def test_build_index_writes_the_file_and_reports_counts(library, index_path):
    result = build_index()

    assert index_path.exists()
    assert (result["articles"], result["laws"]) == (12, 4)


def test_celery_task_has_the_documented_name():
    assert build_index_task.name == "statutes.build_index"


def test_an_import_that_changes_the_library_rebuilds_the_index_after_commit(corpus_dir, index_path,
                                                                            django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        import_corpus(corpus_dir)

    assert get_engine().search("成年人", top=1)[0].citation == "中华人民共和国民法典第十七条"


def test_index_follows_a_changed_law_after_rebuild(indexed, library):
    assert indexed.search("没收财产", top=1)[0].citation != "中华人民共和国刑法第一百二十条之一"
    write_corpus(library, {"刑法/刑法.md": CRIMINAL.replace("处五年以下有期徒刑。", "处五年以下有期徒刑，没收财产。")})
    import_corpus(library, rebuild_index=False)

    build_index()

    assert get_engine().search("没收财产", top=1)[0].citation == "中华人民共和国刑法第一百二十条之一"


def test_search_page_shows_ranked_articles_from_the_index(client, indexed):
    response = client.get(reverse("statutes:search"), {"q": "申请行政复议的期限"})

    assert response.status_code == 200
    assert response.context["results"][0].article.citation == "中华人民共和国行政复议法第二十条"


def test_index_holds_a_unit_vector_per_section_heading(indexed):
    vectors = indexed.section_vectors

    assert vectors.shape == (int(indexed.article_section.max()) + 1, 384)
    assert abs(float((vectors[0] ** 2).sum()) - 1.0) < 1e-3


def test_index_embeds_whole_articles_of_the_laws_within_the_budget(indexed):
    embedded = indexed.dense_articles

    assert len(embedded) == len(indexed.article_ids)  # the test library is far below the default budget
    assert indexed.article_vectors.shape == (len(embedded), 384)
    assert abs(float((indexed.article_vectors[0] ** 2).sum()) - 1.0) < 1e-3


def test_article_budget_takes_whole_laws_in_order_of_authority_and_stops_at_the_first_that_does_not_fit():
    prior = np.asarray([5.0, 9.0, 7.0, 8.0], dtype=np.float32)
    counts = np.asarray([10, 100, 50, 30], dtype=np.float32)

    assert dense_article_laws(prior, counts, 130) == [1, 3]
    assert dense_article_laws(prior, counts, 179) == [1, 3]  # law 2 (50) does not fit; law 0 is not tried
    assert dense_article_laws(prior, counts, 180) == [1, 3, 2]
    assert dense_article_laws(prior, counts, 99) == []


def test_article_embedding_can_be_switched_off_alone(settings, library, index_path):
    settings.STATUTES_DENSE_ARTICLES = 0

    build_index()

    assert get_engine().article_vectors is None and len(get_engine().dense_articles) == 0
    assert get_engine().section_vectors is not None
    assert get_engine().search("申请行政复议的期限是多少天", top=1)[0].citation == "中华人民共和国行政复议法第二十条"


def test_dense_field_can_be_switched_off(settings, library, index_path):
    settings.STATUTES_DENSE_SEARCH = False

    build_index()

    assert get_engine().section_vectors is None
    assert get_engine().article_vectors is None
    assert get_engine().search("申请行政复议的期限是多少天", top=1)[0].citation == "中华人民共和国行政复议法第二十条"


ANIMALS = """\
# 中华人民共和国民法典

# 侵权责任编

2020年5月28日 第十三届全国人民代表大会第三次会议通过

<!-- INFO END -->

## 第九章 饲养动物损害责任

第一千二百四十五条 饲养的动物造成他人损害的，饲养人或者管理人应当承担侵权责任。
"""

UTILITIES = """\
# 中华人民共和国民法典

# 合同编

2020年5月28日 第十三届全国人民代表大会第三次会议通过

<!-- INFO END -->

## 第十章 供用电、水、气、热力合同

第六百四十八条 供用电合同是供电人向用电人供电，用电人支付电费的合同。
"""


def test_a_lay_question_sharing_no_word_with_the_article_reaches_it_through_its_chapter(tmp_path, index_path,
                                                                                         settings, monkeypatch):
    from smartjustice.statutes.search import lay_terms

    monkeypatch.setattr(lay_terms, "LAY_TO_STATUTORY", {})  # the dense field alone (狗 would add 饲养, 动物)
    import_corpus(write_corpus(tmp_path / "laws", {"民法典/侵权责任编.md": ANIMALS, "民法典/合同编.md": UTILITIES}),
                  rebuild_index=False)
    question = "我家的狗把邻居咬伤了怎么办"
    settings.STATUTES_DENSE_SEARCH = False
    build_index()
    lexical = get_engine().scores(question)
    settings.STATUTES_DENSE_SEARCH = True
    build_index()

    hits = get_engine().search(question, top=2)

    assert lexical[0] == lexical[1]  # no shared word: the words alone cannot tell the two apart
    assert hits[0].citation == "中华人民共和国民法典第一千二百四十五条"


def test_every_everyday_word_and_statutory_word_of_the_lay_list_is_one_word_of_the_tokenizer():
    from smartjustice.statutes.search.lay_terms import LAY_TO_STATUTORY

    for everyday, statutory in LAY_TO_STATUTORY.items():
        assert words(everyday) == [everyday], everyday
        for word in statutory:
            assert words(word) == [word], (everyday, word)


def test_everyday_words_add_their_statutory_words_once_and_not_those_already_asked():
    from smartjustice.statutes.search.lay_terms import expand

    assert expand(["老板", "工资", "劳动报酬"]) == ["用人单位"]
    assert expand(["老公", "老婆", "离婚"]) == ["配偶", "夫妻"]
    assert expand(["离婚", "财产"]) == []


def test_a_question_in_everyday_words_finds_the_article_in_statutory_words(tmp_path, index_path, settings,
                                                                           monkeypatch):
    from smartjustice.statutes.search import lay_terms

    settings.STATUTES_DENSE_SEARCH = False
    write_corpus(tmp_path / "laws", {"社会法/劳动合同法(2012-12-28).md": """\
        # 中华人民共和国劳动合同法

        2007年6月29日 第十届全国人民代表大会常务委员会第二十八次会议通过

        <!-- INFO END -->

        第三十条 用人单位应当按照劳动合同约定和国家规定，向劳动者及时足额支付劳动报酬。

        第四十条 工资的计算办法由双方在合同中写明。

        第五十条 工资应当以货币形式按月支付。

        第五十一条 本法所称工资包括奖金和津贴。
        """})
    import_corpus(tmp_path / "laws", rebuild_index=False)
    build_index()

    expanded = [hit.citation for hit in get_engine().search("老板不给工资", top=4)]
    monkeypatch.setattr(lay_terms, "LAY_TO_STATUTORY", {})
    literal = [hit.citation for hit in get_engine().search("老板不给工资", top=4)]

    # 老板 → 用人单位 and 工资 → 劳动报酬 reach 第三十条, which shares no word with the question.
    assert expanded[0] == "中华人民共和国劳动合同法第三十条"
    assert literal.index("中华人民共和国劳动合同法第三十条") == 3  # last: only the law-level fields reach it
