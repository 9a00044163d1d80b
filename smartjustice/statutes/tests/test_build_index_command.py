"""`smartjustice statutes build-index --if-stale`: builds only a missing or out-of-date index
(used by `make run`, which must not rebuild the index on every start)."""
import io
import json

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def build(*flags) -> dict:
    out = io.StringIO()
    call_command("statutes", "build-index", *flags, stdout=out)
    return json.loads(out.getvalue())


def test_if_stale_builds_a_missing_index_then_leaves_it(library, settings, tmp_path):
    settings.STATUTES_INDEX_PATH = tmp_path / "index.pkl"

    first = build("--if-stale")
    modified = settings.STATUTES_INDEX_PATH.stat().st_mtime_ns
    second = build("--if-stale")

    assert first.get("index") != "up to date"
    assert second == {"index": "up to date", "path": str(settings.STATUTES_INDEX_PATH)}
    assert settings.STATUTES_INDEX_PATH.stat().st_mtime_ns == modified


def test_if_stale_rebuilds_after_the_library_changed(library, settings, tmp_path):
    from smartjustice.statutes.services import import_corpus
    from smartjustice.statutes.tests.conftest import RECONSIDERATION_2023, write_corpus

    settings.STATUTES_INDEX_PATH = tmp_path / "index.pkl"
    build("--if-stale")
    import_corpus(write_corpus(tmp_path / "more", {"宪法相关法/行政复议法(2099-01-01).md":
                                                   RECONSIDERATION_2023.replace("第五次会议修订", "第九次会议修订")}),
                  rebuild_index=False)

    again = build("--if-stale")

    assert again.get("index") != "up to date"
