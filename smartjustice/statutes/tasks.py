"""Background jobs of the statute library (STYLE §6): building the search index, and the
daily re-reading of repeals that take effect on a later day (services.refresh_repeals).

`build_index` is a plain function (`smartjustice statutes build-index` runs it too); the
Celery task "statutes.build_index" is a thin wrapper, queued after every import that changed
the library. With no Redis configured, Celery runs it inline.
"""
import logging

from celery import shared_task
from django.conf import settings

logger = logging.getLogger(__name__)


def build_index() -> dict:
    """Build the search index from the current library and write it atomically beside the
    database (settings.STATUTES_INDEX_PATH). Safe to run twice: the second run rewrites an
    identical index."""
    from .search.index import build_and_save

    return build_and_save(settings.STATUTES_INDEX_PATH)


@shared_task(name="statutes.build_index")
def build_index_task() -> dict:
    return build_index()



@shared_task(name="statutes.refresh_repeals")
def refresh_repeals_task() -> int:
    from .services import refresh_repeals

    return refresh_repeals()
