"""Send every due pending notification delivery now (for installs without Celery beat)."""
from django.core.management.base import BaseCommand

from smartjustice.notifications.tasks import retry_pending_deliveries


class Command(BaseCommand):
    help = "Attempt every pending SMS/e-mail delivery whose retry time has passed."

    def handle(self, *args, **options):
        outcome = retry_pending_deliveries()
        self.stdout.write(
            f"sent {outcome['sent']}, failed {outcome['failed']}, still pending {outcome['pending']}"
        )
