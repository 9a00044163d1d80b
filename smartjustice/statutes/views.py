"""Public pages of the statute library: categories, a law's table of contents, one page per
article (a permanent link), and search. Law is public: no login is needed."""
import functools

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from smartjustice.core.errors import DomainError, NotFound

from . import selectors
from .search.query import validate_query


def not_found_as_404(view):
    """Selectors raise NotFound; a page answers it with the site's 404."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotFound:
            raise Http404() from None

    return wrapped


def index(request):
    """/statutes/: the categories and the search box."""
    return render(request, "statutes/index.html", {
        "categories": selectors.categories(),
        "latest_import": selectors.latest_import(),
    })


@not_found_as_404
def category(request, name: str):
    """/statutes/category/<name>/: the laws filed under a category, every version."""
    laws = list(selectors.laws_in_category(name))
    if not laws:
        raise NotFound()
    return render(request, "statutes/category.html", {"category": name, "laws": laws})


@not_found_as_404
def law(request, law_id: int):
    """/statutes/<law id>/: a law version's record and table of contents."""
    law = selectors.access_law(law_id)
    return render(request, "statutes/law.html", {
        "law": law,
        "toc": selectors.table_of_contents(law),
        "other_versions": selectors.other_versions(law),
        "repealed_laws": _repealed_by_heading(selectors.laws_repealed_by(law)),
    })


def _repealed_by_heading(laws) -> list[tuple[str, list]]:
    """The laws a law's provisions repealed, and apart from them the interpretations of those
    laws: 《民法典》第一千二百六十条 repealed 婚姻法, not its interpretations (ADR 0010)."""
    laws = list(laws)
    return [(_("Laws this law repealed"), [law for law in laws if law.repeal_basis == "named"]),
            (_("Interpretations of the laws it repealed"),
             [law for law in laws if law.repeal_basis == "interpreted_law"])]


@not_found_as_404
def article(request, law_id: int, label: str):
    """/statutes/<law id>/<第X条 or X>/: one article; a numeric or Arabic label redirects to
    the canonical 第X条 form so that each article has one address."""
    article = selectors.access_article(law_id, label)
    if label != article.label:
        return redirect(article, permanent=True)
    previous, following = selectors.neighbours(article)
    current = None
    if not article.law.is_current:
        try:
            current = selectors.access_current_article(article.law.title, article.label)
        except NotFound:
            current = None
    return render(request, "statutes/article.html", {
        "article": article, "law": article.law, "previous": previous, "following": following,
        "current": current,
    })


@not_found_as_404
def cite(request, title: str, label: str):
    """/statutes/cite/<title>/<label>/: the article of the law's current version (the target
    of the citation linker); follows new versions without changing the link."""
    return redirect(selectors.access_current_article(title, label))


def search(request):
    """/statutes/search/?q=: ranked articles for a question in everyday words."""
    query = request.GET.get("q", "")
    context = {"query": query, "results": [], "error": None, "searched": "q" in request.GET}
    if "q" in request.GET:
        try:
            cleaned = validate_query(query)
        except DomainError as exc:
            context["error"] = str(exc)
        else:
            context["results"] = selectors.search_articles(cleaned, limit=20)
    if not context["searched"]:
        context["error"] = None
    return render(request, "statutes/search.html", context, status=400 if context["error"] else 200)


