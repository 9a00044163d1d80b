"""Reading the statute library. The library is public legal information: every reader,
signed in or not, may see every law, so there is no scope here, only existence checks.

`access_*` raise core.errors.NotFound for what does not exist."""
import dataclasses
import re

from django.core.cache import cache
from django.db.models import Q, QuerySet

from smartjustice.core.errors import NotFound

from .models import Article, ImportRun, Law
from .numerals import format_label, parse_label
from .parser import NATIONAL_PREFIX

TITLES_CACHE_KEY = "statutes:current-titles"
TITLES_CACHE_SECONDS = 300


def categories() -> list[dict]:
    """[{"name": "行政法", "count": 119}, ...]: current laws filed under each category (a law
    filed under two counts in both), by name."""
    counts: dict[str, int] = {}
    for filed_under in Law.objects.filter(is_current=True).values_list("categories", flat=True):
        for name in filed_under.strip("|").split("|"):
            if name:
                counts[name] = counts.get(name, 0) + 1
    return [{"name": name, "count": counts[name]} for name in sorted(counts)]


def laws_in_category(category: str) -> QuerySet[Law]:
    """Every version of the laws filed under the category, current first within a title."""
    return Law.objects.filter(categories__contains=f"|{category}|").order_by("short_title", "-version_label")


def access_law(law_id: int) -> Law:
    try:
        return Law.objects.select_related("repealed_by__law").get(pk=law_id)
    except Law.DoesNotExist:
        raise NotFound() from None


def laws_repealed_by(law: Law) -> QuerySet[Law]:
    """The laws of the library that a provision of this law version repealed (repeals.py)."""
    return (Law.objects.filter(repealed_by__law=law).select_related("repealed_by")
            .order_by("repeal_basis", "title", "version_label"))


def other_versions(law: Law) -> QuerySet[Law]:
    return Law.objects.filter(title=law.title).exclude(pk=law.pk).order_by("-version_label")


@dataclasses.dataclass
class TocEntry:
    """A heading of a law's table of contents with the articles under it directly."""

    path: list[str]
    articles: list[Article]

    @property
    def depth(self) -> int:
        return len(self.path)

    @property
    def heading(self) -> str:
        return self.path[-1] if self.path else ""


def table_of_contents(law: Law) -> list[TocEntry]:
    """The law's headings in printed order, each with the articles that follow it (one query)."""
    entries: list[TocEntry] = []
    for article in law.articles.order_by("position"):
        if not entries or entries[-1].path != article.chapter_path:
            entries.append(TocEntry(list(article.chapter_path), []))
        entries[-1].articles.append(article)
    return entries


def normalise_label(label: str) -> str:
    """"第30条", "30", "第三十条" → "第三十条"; raises NotFound for anything else."""
    label = label.strip()
    try:
        if label.isdigit():
            return format_label(int(label))
        return format_label(*parse_label(label))
    except ValueError:
        raise NotFound() from None


def access_article(law_id: int, label: str) -> Article:
    """The article of that law version; the label may be 第三十条, 第30条 or 30."""
    try:
        return Article.objects.select_related("law__repealed_by__law").get(law_id=law_id, label=normalise_label(label))
    except Article.DoesNotExist:
        raise NotFound() from None


def neighbours(article: Article) -> tuple[Article | None, Article | None]:
    siblings = Article.objects.filter(law_id=article.law_id).only("id", "label", "law_id")
    previous = siblings.filter(position__lt=article.position).order_by("-position").first()
    following = siblings.filter(position__gt=article.position).order_by("position").first()
    return previous, following


def _title_query(title: str) -> Q:
    title = title.strip().strip("《》")
    return Q(title=title) | Q(short_title=title) | Q(short_title=title.removeprefix(NATIONAL_PREFIX))


def current_law(title: str) -> Law:
    """The current version of a law by full or short title (行政复议法 or
    中华人民共和国行政复议法); NotFound when there is none."""
    law = Law.objects.filter(_title_query(title), is_current=True).order_by("-title").first()
    if law is None:
        raise NotFound()
    return law


def access_current_article(title: str, label: str) -> Article:
    """The article of the current version of the titled law."""
    law = current_law(title)
    return access_article(law.pk, label)


def current_titles() -> frozenset[str]:
    """Full and short titles of the current laws, cached for a few minutes (imports clear it),
    so that the citation linker costs no query per citation."""
    titles = cache.get(TITLES_CACHE_KEY)
    if titles is None:
        rows = Law.objects.filter(is_current=True).values_list("title", "short_title")
        titles = frozenset(title for row in rows for title in row)
        cache.set(TITLES_CACHE_KEY, titles, TITLES_CACHE_SECONDS)
    return titles


def latest_import() -> ImportRun | None:
    return ImportRun.objects.order_by("-started_at").first()


_SPACE = re.compile(r"\s+")


def find_articles_by_text(query: str, *, limit: int = 20) -> QuerySet[Article]:
    """A plain substring match over current versions: the fallback while no search index has
    been built yet. Laws in force come before repealed ones (repeals.py)."""
    query = _SPACE.sub("", query)
    return (Article.objects.filter(law__is_current=True, text__contains=query)
            .select_related("law__repealed_by__law")
            .order_by("law__repeal_basis", "law__short_title", "position")[:limit])


@dataclasses.dataclass
class SearchResult:
    article: Article
    score: float


def search_articles(query: str, *, limit: int = 20) -> list[SearchResult]:
    """Ranked articles for a validated question: the search index when it has been built,
    otherwise a substring match over current versions."""
    from .search.engine import get_engine

    engine = get_engine()
    if engine is None:
        return [SearchResult(article, 0.0) for article in find_articles_by_text(query, limit=limit)]
    hits = engine.search(query, top=limit)
    articles = Article.objects.select_related("law__repealed_by__law").in_bulk([hit.article_id for hit in hits])
    return [SearchResult(articles[hit.article_id], hit.score) for hit in hits if hit.article_id in articles]
