"""Loading the search index (built by search.index) for queries; see SEARCH_NOTES.md."""
from django.conf import settings


def get_engine():
    """The loaded search engine, or None while no index file has been built."""
    path = settings.STATUTES_INDEX_PATH
    if not path.exists():
        return None
    from .index import load_engine

    return load_engine(path)
