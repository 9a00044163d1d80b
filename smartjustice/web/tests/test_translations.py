"""Every string the shell and the account pages show has a Simplified Chinese translation.

Catalogues: smartjustice/web/locale (web templates and code) and smartjustice/accounts/locale
(accounts, plus the strings of orgs/*.py and core/*.py, which have no catalogue of their own).
"""
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

from .msgids import msgids_under

APPS = Path(settings.BASE_DIR) / "smartjustice"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")

CATALOGUES = {
    "web": (APPS / "web/locale/zh_Hans/LC_MESSAGES/django.po", [APPS / "web"]),
    "accounts": (APPS / "accounts/locale/zh_Hans/LC_MESSAGES/django.po",
                 [APPS / "accounts", APPS / "orgs", APPS / "core"]),
}


@pytest.mark.parametrize("name", sorted(CATALOGUES))
def test_catalogue_translates_every_msgid(name):
    po_path, sources = CATALOGUES[name]
    catalogue = polib.pofile(str(po_path))
    translated = {entry.msgid for entry in catalogue if entry.msgstr or any(entry.msgstr_plural.values())}

    missing = sorted(msgids_under(*sources) - translated)

    assert missing == []


@pytest.mark.parametrize("name", sorted(CATALOGUES))
def test_catalogue_header_and_placeholders(name):
    catalogue = polib.pofile(str(CATALOGUES[name][0]))

    assert catalogue.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert catalogue.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    for entry in catalogue:
        texts = [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values())
        for text in texts:
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(entry.msgid)), entry.msgid
