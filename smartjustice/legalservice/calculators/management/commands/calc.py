"""`smartjustice calc NAME --input JSON` and `smartjustice calc load-figures [PATH]` (issue #7).

  calc NAME --input JSON   prints {"calculator", "total", "items", "figures"} as one JSON
                           line, the same object as POST /api/v1/calculators/NAME; amounts
                           are strings with two decimals.
  calc load-figures [PATH] loads shared/domain/stats.json (or PATH) into the figures table,
                           skipping unreliable records; prints the counts.
  calc list                prints the calculator names.
Bad input exits with 2 and a message naming the field on stderr.
"""
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from smartjustice.core.errors import DomainError

from ... import services
from ...registry import CALCULATORS


class Command(BaseCommand):
    requires_system_checks: list = []
    help = _("Run a compensation calculator, or load the statistical figures.")

    def add_arguments(self, parser):
        parser.add_argument("name", metavar="NAME|load-figures|list")
        parser.add_argument("path", nargs="?", default=None, metavar="PATH")
        parser.add_argument("--input", dest="input", default=None, metavar="JSON")

    def handle(self, *args, name, path, **options):
        try:
            if name == "load-figures":
                counts = services.load_figures(path)
                self.stdout.write(json.dumps(counts))
            elif name == "list":
                for calculator in CALCULATORS.values():
                    self.stdout.write(calculator.name)
            else:
                if options["input"] is None:
                    raise CommandError(_("Please give the input with --input JSON."), returncode=2)
                try:
                    data = json.loads(options["input"])
                except ValueError:
                    raise CommandError(_("--input is not valid JSON."), returncode=2) from None
                result = services.calculate(name, data)
                self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False))
        except DomainError as exc:
            raise CommandError(str(exc), returncode=2) from None
