"""`smartjustice deadlines compute|list|sweep` (issue #2 §5).

  compute RULE_ID --from YYYY-MM-DD [--extend N]
      prints {"rule", "from", "due", "unit", "citation", "title", "amount"} as one JSON line
      (with "extension", "original_due", "extension_citation" when extended).
  list
      prints one JSON line per rule: id, title, amount, unit, citation, from.
  sweep
      runs the reminder sweep (tasks.flag_due_deadlines) once, for installs without Celery.

Bad input (unknown rule, malformed date or number, extension over the cap) exits with 2,
a year without holiday data with 3; the message goes to stderr in the active language.
"""
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from smartjustice.core.errors import DomainError, InvalidInput

from ... import services
from ...rules import all_rules


def fail(exc: DomainError) -> CommandError:
    return CommandError(str(exc), returncode=2 if isinstance(exc, InvalidInput) else 3)


class Command(BaseCommand):
    # A data command: it needs the database, not a clean bill of health for every app.
    requires_system_checks: list = []
    help = _("Compute statutory due dates and list the deadline rules.")

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="{compute,list,sweep}")
        compute = actions.add_parser("compute", help=_("Compute the due date of a rule."))
        compute.add_argument("rule_id", metavar="RULE_ID")
        compute.add_argument("--from", dest="anchor", required=True, metavar="YYYY-MM-DD",
                             help=_("The day the period is counted from (it is not itself counted)."))
        compute.add_argument("--extend", dest="extend", default=None, metavar="N",
                             help=_("Extend by N (the rule's extension unit), within the legal cap."))
        actions.add_parser("list", help=_("List every rule with its period and legal basis."))
        actions.add_parser("sweep", help=_("Send the deadline reminders due today."))

    def handle(self, *args, action, **options):
        if action == "compute":
            try:
                due = services.compute(options["rule_id"], options["anchor"], options["extend"])
            except DomainError as exc:
                raise fail(exc) from None
            self.stdout.write(json.dumps(due.as_json(), ensure_ascii=False))
        elif action == "list":
            for rule in all_rules():
                self.stdout.write(json.dumps(rule.as_json(), ensure_ascii=False))
        elif action == "sweep":
            from ...tasks import flag_due_deadlines

            self.stdout.write(json.dumps(flag_due_deadlines()))
