"""Compile every .po under smartjustice/ into its .mo with polib.

Django's own compilemessages needs GNU gettext, which a fresh machine may lack; the
compiled files are build output and are not committed.
"""
from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile translation catalogues (.po → .mo) without GNU gettext."

    def handle(self, *args, **options):
        root = Path(settings.BASE_DIR) / "smartjustice"
        count = 0
        for po_path in sorted(root.glob("**/locale/*/LC_MESSAGES/*.po")):
            catalogue = polib.pofile(str(po_path))
            catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
            count += 1
        self.stdout.write(f"compiled {count} catalogue(s)")
