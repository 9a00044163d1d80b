"""`smartjustice consult sweep` (issue #3 §4): run the unanswered-question sweep once
(tasks.sweep_unanswered_questions), for installs without Celery beat; prints the counts as JSON."""
import json

from django.core.management.base import BaseCommand
from django.utils.translation import gettext_lazy as _


class Command(BaseCommand):
    requires_system_checks: list = []
    help = _("Remind lawyers of unanswered questions and pass overdue ones to the legal aid centre.")

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="{sweep}")
        actions.add_parser("sweep", help=_("Run the unanswered-question sweep once."))

    def handle(self, *args, action, **options):
        from ...tasks import sweep_unanswered_questions

        self.stdout.write(json.dumps(sweep_unanswered_questions()))
