import datetime as dt
import os

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from smartjustice.files.tasks import purge_orphan_blobs


def test_purge_task_removes_old_orphans_and_keeps_recent_ones(db, media_root):
    old = default_storage.save("uploads/old.bin", ContentFile(b"x"))
    fresh = default_storage.save("uploads/fresh.bin", ContentFile(b"y"))
    week_ago = (dt.datetime.now() - dt.timedelta(days=7)).timestamp()
    os.utime(media_root / old, (week_ago, week_ago))

    removed = purge_orphan_blobs()

    assert removed == 1
    assert (default_storage.exists(old), default_storage.exists(fresh)) == (False, True)
