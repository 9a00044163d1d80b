"""Template helpers of the statute library, for every app that shows law.

`{% load statutes %}` then `{{ text|link_citations }}`: each citation such as
《行政复议法》第三十条 or 《中华人民共和国行政复议法》第三十条第一款 becomes a link to that
article of the law's current version. Citations of laws not in the library stay plain text.
"""
import re

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from ..numerals import NUMERAL_CHARS, format_label, parse_label
from ..selectors import current_titles

register = template.Library()

CITATION_RE = re.compile(
    rf"《(?P<title>[^《》]{{1,80}})》(?P<label>第[{NUMERAL_CHARS}\d]+条(?:之[{NUMERAL_CHARS}]+)?)"
    rf"(?P<rest>(?:第[{NUMERAL_CHARS}\d]+[款项])*)"
)


def citation_url(title: str, label: str) -> str:
    """The permanent link of an article of a law's current version."""
    return reverse("statutes:cite", args=[title, label])


@register.filter(needs_autoescape=True)
def link_citations(text, autoescape=True):
    """Escape `text` and turn each citation of a known law into a link (class "citation")."""
    escape = conditional_escape if autoescape else (lambda value: value)
    text = "" if text is None else str(text)
    titles = current_titles()
    pieces, last = [], 0
    for match in CITATION_RE.finditer(text):
        title = match.group("title").strip()
        if title not in titles and f"中华人民共和国{title}" not in titles:
            continue
        try:
            label = format_label(*parse_label(match.group("label")))
        except ValueError:
            continue
        pieces.append(escape(text[last:match.start()]))
        pieces.append(format_html('<a class="citation" href="{}">{}</a>', citation_url(title, label),
                                  match.group(0)))
        last = match.end()
    pieces.append(escape(text[last:]))
    return mark_safe("".join(str(piece) for piece in pieces))
