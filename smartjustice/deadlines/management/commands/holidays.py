"""`smartjustice holidays import [PATH]`: load the State Council's holiday arrangements.

PATH defaults to settings.SHARED_DIR/domain/holidays_cn.json. Idempotent and all or
nothing (services.import_holidays); a malformed file exits with 2 and changes nothing.
"""
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from smartjustice.core.errors import DomainError

from ...services import default_holidays_path, import_holidays


class Command(BaseCommand):
    # A data command: it needs the database, not a clean bill of health for every app.
    requires_system_checks: list = []
    help = _("Import official holiday arrangements (放假调休安排).")

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="{import}")
        load = actions.add_parser("import", help=_("Import a holidays_cn.json file."))
        load.add_argument("path", nargs="?", default=None, metavar="PATH",
                          help=_("Defaults to the shared holidays_cn.json."))

    def handle(self, *args, action, path=None, **options):
        path = path or default_holidays_path()
        try:
            result = import_holidays(path)
        except DomainError as exc:
            raise CommandError(str(exc), returncode=2) from None
        self.stdout.write(json.dumps({"path": str(path), **result}, ensure_ascii=False))
