"""The public pages: categories, table of contents, article links, citation links, search."""
import pytest
from django.template import Context, Template
from django.urls import reverse

from smartjustice.statutes.models import Article, Law

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_index(settings, tmp_path):
    settings.STATUTES_INDEX_PATH = tmp_path / "no-index.pkl"


def current(short_title):
    return Law.objects.get(short_title=short_title, is_current=True)


def test_index_lists_categories_of_current_laws(client, library):
    response = client.get(reverse("statutes:index"))

    assert response.status_code == 200
    assert [(c["name"], c["count"]) for c in response.context["categories"]] == [
        ("刑法", 1), ("民法典", 1), ("经济法", 1), ("行政法", 1), ("行政法规", 1)]
    assert 'for="id_q"' in response.content.decode()


def test_category_lists_every_version_and_marks_superseded(client, library):
    response = client.get(reverse("statutes:category", args=["行政法"]))

    assert [(law.version_label, law.is_current) for law in response.context["laws"]] == [
        ("2023-09-01", True), ("2017-09-01", False)]
    assert "badge" in response.content.decode()


def test_law_filed_under_a_second_category_is_listed_there(client, library):
    response = client.get(reverse("statutes:category", args=["经济法"]))

    assert [law.short_title for law in response.context["laws"]] == ["个体工商户条例"]


def test_unknown_category_is_404(client, library):
    assert client.get(reverse("statutes:category", args=["没有"])).status_code == 404


def test_table_of_contents_groups_articles_under_headings(client, library, django_assert_max_num_queries):
    law = current("行政复议法")

    with django_assert_max_num_queries(6):
        response = client.get(reverse("statutes:law", args=[law.pk]))

    toc = response.context["toc"]
    assert [(entry.path, [a.label for a in entry.articles]) for entry in toc] == [
        (["第一章 总 则"], ["第一条"]),
        (["第三章 申请", "第一节 申请人"], ["第十条", "第二十条"]),
        (["第三章 申请", "第二节 受理"], ["第三十条"]),
        (["第七章 附 则"], ["第八十八条"]),
    ]
    assert [v.version_label for v in response.context["other_versions"]] == ["2017-09-01"]


def test_article_page_shows_every_paragraph(client, library):
    law = current("行政复议法")

    response = client.get(f"/statutes/{law.pk}/第二十条/")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<p id="p2">因不可抗力或者其他正当理由耽误法定申请期限的' in html
    assert response.context["previous"].label == "第十条"
    assert response.context["following"].label == "第三十条"


def test_article_by_number_redirects_to_the_canonical_label(client, library):
    law = current("刑法")

    response = client.get(f"/statutes/{law.pk}/201/")

    assert response.status_code == 301
    assert response["Location"] == f"/statutes/{law.pk}/%E7%AC%AC%E4%BA%8C%E7%99%BE%E9%9B%B6%E4%B8%80%E6%9D%A1/"


def test_inserted_article_has_its_own_page(client, library):
    law = current("刑法")

    response = client.get(reverse("statutes:article", args=[law.pk, "第一百二十条之一"]))

    assert response.context["article"].text == "资助恐怖活动组织的，处五年以下有期徒刑。"


def test_superseded_article_points_to_the_current_version(client, library):
    old = Law.objects.get(short_title="行政复议法", version_label="2017-09-01")

    response = client.get(reverse("statutes:article", args=[old.pk, "第一条"]))

    assert response.context["current"] == Article.objects.get(law=current("行政复议法"), label="第一条")


@pytest.mark.parametrize("path", ["/statutes/999999/", "/statutes/999999/第一条/", "/statutes/cite/没有法/第一条/"])
def test_missing_law_or_article_is_404(client, library, path):
    assert client.get(path).status_code == 404


def test_missing_article_of_existing_law_is_404(client, library):
    assert client.get(reverse("statutes:article", args=[current("刑法").pk, "第九百条"])).status_code == 404


def test_cite_link_resolves_short_and_full_titles_to_the_current_version(client, library):
    target = Article.objects.get(law=current("行政复议法"), label="第三十条")

    for title in ("行政复议法", "中华人民共和国行政复议法"):
        response = client.get(reverse("statutes:cite", args=[title, "第三十条"]))
        assert response.status_code == 302
        assert response["Location"] == target.get_absolute_url()


def render_linked(text):
    return Template("{% load statutes %}{{ text|link_citations }}").render(Context({"text": text}))


def test_link_citations_links_short_and_full_titles_with_paragraphs(library):
    html = render_linked("依据《行政复议法》第三十条和《中华人民共和国行政复议法》第二十条第一款。")

    assert html == (
        '依据<a class="citation" href="/statutes/cite/%E8%A1%8C%E6%94%BF%E5%A4%8D%E8%AE%AE%E6%B3%95/'
        '%E7%AC%AC%E4%B8%89%E5%8D%81%E6%9D%A1/">《行政复议法》第三十条</a>和'
        '<a class="citation" href="/statutes/cite/%E4%B8%AD%E5%8D%8E%E4%BA%BA%E6%B0%91%E5%85%B1%E5%92%8C'
        '%E5%9B%BD%E8%A1%8C%E6%94%BF%E5%A4%8D%E8%AE%AE%E6%B3%95/%E7%AC%AC%E4%BA%8C%E5%8D%81%E6%9D%A1/">'
        '《中华人民共和国行政复议法》第二十条第一款</a>。'
    )


def test_link_citations_leaves_unknown_laws_plain_and_escapes_text(library):
    html = render_linked("<b>《不存在法》第一条</b>")

    assert html == "&lt;b&gt;《不存在法》第一条&lt;/b&gt;"


def test_linked_citation_leads_to_the_article(client, library):
    html = render_linked("《刑法》第一百二十条之一")
    href = html.split('href="')[1].split('"')[0]

    response = client.get(href, follow=True)

    assert response.context["article"].label == "第一百二十条之一"


def test_search_without_index_falls_back_to_text_match(client, library):
    response = client.get(reverse("statutes:search"), {"q": "个体工商户"})

    assert response.status_code == 200
    assert [r.article.citation for r in response.context["results"]] == ["个体工商户条例第二条"]


@pytest.mark.parametrize(("query", "message"), [("   ", "请输入问题"), ("问" * 501, "问题太长")])
def test_search_rejects_empty_and_over_long_questions(client, library, query, message):
    response = client.get(reverse("statutes:search"), {"q": query}, HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert response.status_code == 400
    assert response.context["results"] == []
    assert message in response.content.decode()
    assert 'role="alert"' in response.content.decode()
