"""Checking a question before it is searched."""
from django.utils.translation import gettext_lazy as _

from ..errors import InvalidQuery

MAX_QUERY_LENGTH = 500


def validate_query(query: str) -> str:
    """The question stripped of surrounding space; InvalidQuery when empty or too long."""
    cleaned = (query or "").strip()
    if not cleaned:
        raise InvalidQuery(_("Please type a question."), field="q")
    if len(cleaned) > MAX_QUERY_LENGTH:
        raise InvalidQuery(_("The question is too long: at most %(limit)d characters, please."),
                           field="q", limit=MAX_QUERY_LENGTH)
    return cleaned
