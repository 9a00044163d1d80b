"""Background jobs for files: a plain function with a thin Celery wrapper (STYLE §6)."""
from celery import shared_task

from . import services


def purge_orphan_blobs() -> int:
    """Remove stored blobs whose upload transaction rolled back (see services.purge_orphan_blobs)."""
    return len(services.purge_orphan_blobs())


@shared_task(name="files.purge_orphan_blobs", ignore_result=True)
def purge_orphan_blobs_task() -> None:
    purge_orphan_blobs()
