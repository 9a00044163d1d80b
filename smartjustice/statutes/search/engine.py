"""The search engine of the statute library as the rest of the app sees it."""
from django.conf import settings


def get_engine():
    """The loaded search engine (search.index.Engine), or None while no index has been built."""
    from .index import load_engine

    return load_engine(settings.STATUTES_INDEX_PATH)
