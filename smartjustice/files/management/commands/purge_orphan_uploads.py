"""Delete stored blobs that no file record refers to (left by rolled-back transactions)."""
import datetime as dt

from django.core.management.base import BaseCommand

from smartjustice.files.services import purge_orphan_blobs


class Command(BaseCommand):
    help = "Delete upload blobs without a StoredFile row, older than --hours (default 6)."

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=float, default=6.0)

    def handle(self, *args, hours, **options):
        deleted = purge_orphan_blobs(older_than=dt.timedelta(hours=hours))
        self.stdout.write(f"deleted {len(deleted)} orphan blob(s)")
