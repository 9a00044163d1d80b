"""The importer: numbering, paragraphs, chapters, versions, idempotence, all-or-nothing."""
import datetime as dt
import json
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from smartjustice.audit.models import AuditEntry
from smartjustice.statutes.errors import CorpusNotFound, EmptyCorpus, MalformedLawFile
from smartjustice.statutes.models import Article, ImportRun, Law
from smartjustice.statutes.services import import_corpus

from .conftest import CRIMINAL, RECONSIDERATION_2023, SMALL_CORPUS, write_corpus

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        sorted(Law.objects.values_list("title", "version_label", "content_hash", "is_current")),
        sorted(Article.objects.values_list("law__title", "law__version_label", "label", "text")),
    )


def test_import_creates_one_law_per_title_and_version(corpus_dir):
    report = import_corpus(corpus_dir, rebuild_index=False)

    assert sorted(Law.objects.values_list("short_title", "version_label", "is_current")) == [
        ("个体工商户条例", "2011-04-16", True),
        ("刑法", "1997-03-14", True),
        ("民法典", "2020-05-28", True),
        ("行政复议法", "2017-09-01", False),
        ("行政复议法", "2023-09-01", True),
    ]
    assert (report.laws_created, report.laws_updated, report.laws_unchanged) == (5, 0, 0)
    assert report.articles_written == Article.objects.count() == 14


def test_law_fields_come_from_title_info_lines_and_file_name(library):
    law = Law.objects.get(short_title="行政复议法", version_label="2023-09-01")

    assert law.title == "中华人民共和国行政复议法"
    assert law.category == "行政法"
    assert law.version_on == dt.date(2023, 9, 1)
    assert law.promulgated_on == dt.date(1999, 4, 29)
    assert law.amended_on == ["2009-08-27", "2017-09-01", "2023-09-01"]
    assert law.source_paths == ["行政法/行政复议法(2023-09-01).md"]
    assert law.article_count == 5


def test_version_date_without_file_date_is_the_last_adoption_not_entry_into_force(library):
    civil_code = Law.objects.get(short_title="民法典")

    assert (civil_code.version_on, civil_code.promulgated_on, civil_code.effective_on) == (
        dt.date(2020, 5, 28), dt.date(2020, 5, 28), dt.date(2021, 1, 1))


def test_inserted_article_keeps_its_label_and_numbers(library):
    article = Article.objects.get(law__short_title="刑法", label="第一百二十条之一")

    assert (article.number, article.suffix) == (120, 1)
    assert list(Article.objects.filter(law=article.law).values_list("label", "number", "suffix")) == [
        ("第一百二十条", 120, 0), ("第一百二十条之一", 120, 1), ("第二百零一条", 201, 0),
    ]


def test_multi_paragraph_article_keeps_its_paragraphs(library):
    article = Article.objects.get(law__version_label="2023-09-01", label="第二十条")

    assert article.paragraphs == [
        "公民、法人或者其他组织认为行政行为侵犯其合法权益的，可以自知道或者应当知道该行政行为之日起"
        "六十日内提出行政复议申请；但是法律规定的申请期限超过六十日的除外。",
        "因不可抗力或者其他正当理由耽误法定申请期限的，申请期限自障碍消除之日起继续计算。",
    ]


def test_chapter_and_section_path_with_spacing_normalised(library):
    law = Law.objects.get(short_title="行政复议法", version_label="2023-09-01")

    paths = dict(law.articles.values_list("label", "chapter_path"))
    assert paths == {
        "第一条": ["第一章 总 则"],
        "第十条": ["第三章 申请", "第一节 申请人"],
        "第二十条": ["第三章 申请", "第一节 申请人"],
        "第三十条": ["第三章 申请", "第二节 受理"],
        "第八十八条": ["第七章 附 则"],
    }


def test_code_split_over_files_is_one_law_with_parts_in_article_order(library):
    civil_code = Law.objects.get(short_title="民法典")

    assert list(civil_code.articles.values_list("label", "chapter_path")) == [
        ("第一条", ["总则", "第一章 基本规定"]),
        ("第十七条", ["总则", "第二章 自然人"]),
        ("第一千二百五十九条", ["附则"]),
    ]
    assert civil_code.source_paths == ["民法典/总则.md", "民法典/附则.md"]


def test_same_file_under_two_categories_is_imported_once_and_listed_under_both(library):
    regulation = Law.objects.get(short_title="个体工商户条例")

    assert regulation.categories == "|经济法|行政法规|"
    assert regulation.article_count == 1


def test_reimport_of_the_same_folder_changes_nothing(library):
    before = snapshot()
    ids = sorted(Article.objects.values_list("id", flat=True))

    report = import_corpus(library, rebuild_index=False)

    assert (report.laws_created, report.laws_updated, report.laws_unchanged, report.articles_written) == (0, 0, 5, 0)
    assert snapshot() == before
    assert sorted(Article.objects.values_list("id", flat=True)) == ids


def test_reimport_updates_a_changed_law_in_place(library):
    law = Law.objects.get(short_title="刑法")
    write_corpus(library, {"刑法/刑法.md": CRIMINAL.replace("处五年以下有期徒刑。", "处五年以下有期徒刑，并处罚金。")})

    report = import_corpus(library, rebuild_index=False)

    assert (report.laws_created, report.laws_updated, report.laws_unchanged) == (0, 1, 4)
    assert report.articles_written == 3
    assert Law.objects.get(short_title="刑法").pk == law.pk
    assert Article.objects.get(law=law, label="第一百二十条之一").text == "资助恐怖活动组织的，处五年以下有期徒刑，并处罚金。"


def test_a_newer_version_supersedes_the_current_one(tmp_path):
    older = {"行政法/行政复议法(2017-09-01).md": SMALL_CORPUS["行政法/行政复议法(2017-09-01).md"]}
    import_corpus(write_corpus(tmp_path / "a", older), rebuild_index=False)
    assert list(Law.objects.values_list("version_label", "is_current")) == [("2017-09-01", True)]

    import_corpus(write_corpus(tmp_path / "b", {"行政法/行政复议法(2023-09-01).md": RECONSIDERATION_2023}),
                  rebuild_index=False)

    assert sorted(Law.objects.values_list("version_label", "is_current")) == [
        ("2017-09-01", False), ("2023-09-01", True)]


def test_import_writes_one_audit_entry_and_a_run(corpus_dir):
    import_corpus(corpus_dir, rebuild_index=False)

    entry = AuditEntry.objects.get(action="statutes.library.imported")
    assert entry.changes == {"laws_created": 5, "laws_updated": 0, "articles_written": 14}
    assert entry.actor_name == "system"
    assert ImportRun.objects.get().laws_created == 5


def test_missing_folder_raises_and_changes_nothing(library, tmp_path):
    before = snapshot()
    audit_count = AuditEntry.objects.count()

    with pytest.raises(CorpusNotFound):
        import_corpus(tmp_path / "missing", rebuild_index=False)

    assert snapshot() == before
    assert AuditEntry.objects.count() == audit_count


def test_folder_without_law_files_raises(tmp_path, db):
    (tmp_path / "empty" / "行政法").mkdir(parents=True)

    with pytest.raises(EmptyCorpus):
        import_corpus(tmp_path / "empty", rebuild_index=False)

    assert Law.objects.count() == 0


def test_one_malformed_file_fails_the_whole_import_and_keeps_the_library(library):
    before = snapshot()
    write_corpus(library, {
        "刑法/刑法.md": CRIMINAL.replace("处五年以下有期徒刑。", "改过的文字。"),
        "其他/坏文件.md": "# 没有信息结束标记的文件\n\n第一条 内容。\n",
    })

    with pytest.raises(MalformedLawFile) as excinfo:
        import_corpus(library, rebuild_index=False)

    assert "其他/坏文件.md" in str(excinfo.value)
    assert snapshot() == before


def test_a_failure_while_writing_rolls_back_every_write(library, monkeypatch):
    before = snapshot()
    write_corpus(library, {"刑法/刑法.md": CRIMINAL.replace("处五年以下有期徒刑。", "改过的文字。")})
    from smartjustice.statutes import services

    def explode(titles):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_mark_current_versions", explode)

    with pytest.raises(RuntimeError):
        import_corpus(library, rebuild_index=False)

    assert snapshot() == before


def test_duplicate_article_in_one_file_is_reported(tmp_path, db):
    root = write_corpus(tmp_path / "laws", {"其他/重复.md": "# 重复条例\n\n<!-- INFO END -->\n\n第一条 甲。\n\n第一条 乙。\n"})

    with pytest.raises(MalformedLawFile, match="第一条"):
        import_corpus(root, rebuild_index=False)

    assert Law.objects.count() == 0


def test_command_prints_counts_and_exits_2_on_a_missing_folder(corpus_dir, tmp_path):
    out = StringIO()

    call_command("statutes", "import", str(corpus_dir), "--no-index", stdout=out)

    data = json.loads(out.getvalue())
    assert (data["laws_created"], data["articles_written"]) == (5, 14)
    with pytest.raises(CommandError) as excinfo:
        call_command("statutes", "import", str(tmp_path / "nowhere"), "--no-index")
    assert excinfo.value.returncode == 2
    assert "nowhere" in str(excinfo.value)
    assert Law.objects.count() == 5


def test_smoke_import_of_the_shared_corpus(db):
    root = settings.SHARED_DIR / "laws"
    if not root.is_dir():
        pytest.skip(f"shared law corpus not found at {root} (set SMARTJUSTICE_SHARED_DIR)")

    report = import_corpus(root, rebuild_index=False)

    assert report.laws_created > 1800
    assert report.articles_written > 80000
    civil_code = Law.objects.get(title="中华人民共和国民法典")
    assert civil_code.article_count == 1260
    assert civil_code.articles.get(label="第一千二百五十九条").number == 1259
    assert Law.objects.filter(title="中华人民共和国行政复议法", is_current=True).get().version_label == "2023-09-01"
