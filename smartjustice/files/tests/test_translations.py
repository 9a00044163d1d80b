"""Every string of the files app (type labels, refusals, the upload page) has a Simplified
Chinese translation with the same placeholders."""
import re
from pathlib import Path

import polib
from django.conf import settings

from smartjustice.web.tests.msgids import msgids_under

APP = Path(settings.BASE_DIR) / "smartjustice" / "files"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def test_catalogue_translates_every_msgid_with_its_placeholders():
    catalogue = polib.pofile(str(APP / "locale/zh_Hans/LC_MESSAGES/django.po"))
    translated = {entry.msgid: entry.msgstr for entry in catalogue if entry.msgstr}

    assert sorted(msgids_under(APP) - set(translated)) == []
    assert catalogue.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    for msgid, msgstr in translated.items():
        assert sorted(PLACEHOLDER.findall(msgstr)) == sorted(PLACEHOLDER.findall(msgid)), msgid
