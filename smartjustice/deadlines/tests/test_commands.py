"""`smartjustice deadlines ...` and `smartjustice holidays import`: the CLI contract."""
import json
import os
import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from smartjustice.deadlines.models import HolidayYear
from smartjustice.deadlines.rules import RULES

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_compute_prints_the_json_contract(loaded_holidays):
    output = run("deadlines", "compute", "reconsideration.accept_review", "--from", "2025-01-24")

    data = json.loads(output)
    assert {key: data[key] for key in ("rule", "from", "due", "unit", "citation")} == {
        "rule": "reconsideration.accept_review", "from": "2025-01-24", "due": "2025-02-07",
        "unit": "working_day", "citation": "《行政复议法》第三十条第一款、第八十八条第二款",
    }
    assert output.count("\n") == 1


def test_compute_with_extension(loaded_holidays):
    data = json.loads(run("deadlines", "compute", "reconsideration.decide_ordinary", "--from", "2025-08-05",
                          "--extend", "30"))

    assert (data["due"], data["original_due"], data["extension"]) == ("2025-11-10", "2025-10-09", 30)


@pytest.mark.parametrize(("args", "code", "fragment"), [
    (("compute", "no.such.rule", "--from", "2025-01-01"), 2, "no.such.rule"),
    (("compute", "reconsideration.apply", "--from", "2025-02-30"), 2, "2025-02-30"),
    (("compute", "reconsideration.apply", "--from", "01/03/2025"), 2, "01/03/2025"),
    (("compute", "reconsideration.decide_ordinary", "--from", "2025-08-01", "--extend", "31"), 2, "30"),
    (("compute", "reconsideration.decide_simplified", "--from", "2025-08-01", "--extend", "5"), 2,
     "reconsideration.decide_simplified"),
    (("compute", "penalty.decide", "--from", "2026-11-30"), 3, "2027"),
])
def test_bad_input_exits_non_zero_with_a_specific_message(loaded_holidays, args, code, fragment):
    with pytest.raises(CommandError) as raised:
        run("deadlines", *args)

    assert raised.value.returncode == code
    assert fragment in str(raised.value)


def test_compute_without_holiday_data_says_how_to_load_it():
    with pytest.raises(CommandError) as raised:
        run("deadlines", "compute", "reconsideration.apply", "--from", "2025-01-05")

    assert raised.value.returncode == 3
    assert "smartjustice holidays import" in str(raised.value)


def test_list_prints_every_rule():
    lines = [json.loads(line) for line in run("deadlines", "list").splitlines()]

    assert [line["id"] for line in lines] == [rule.id for rule in RULES]
    assert all({"id", "amount", "unit", "citation"} <= set(line) for line in lines)


def test_holidays_import_is_idempotent(tmp_path):
    first = json.loads(run("holidays", "import"))
    second = json.loads(run("holidays", "import"))

    assert (first["created"], second["unchanged"]) == ([2025, 2026], [2025, 2026])
    assert HolidayYear.objects.count() == 2


def test_holidays_import_of_a_bad_file_exits_2_and_changes_nothing(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"years": {"2027": {"source": "x", "off": ["2027-02-29"]}}}', encoding="utf-8")

    with pytest.raises(CommandError) as raised:
        run("holidays", "import", str(bad))

    assert raised.value.returncode == 2
    assert "2027-02-29" in str(raised.value)
    assert not HolidayYear.objects.exists()


@pytest.mark.parametrize(("args", "fragment"), [
    (["compute", "no.such.rule", "--from", "2025-01-01"], "没有编号为“no.such.rule”的期限规则"),
    (["compute", "reconsideration.apply", "--from", "2025-13-01"], "“2025-13-01”不是有效日期"),
])
def test_console_script_reports_errors_in_chinese_on_stderr(tmp_path, args, fragment):
    # These errors are found before the database is read, so a fresh var dir is enough.
    env = {**os.environ, "SMARTJUSTICE_VAR_DIR": str(tmp_path), "SMARTJUSTICE_SHARED_DIR": str(settings.SHARED_DIR)}
    env.pop("DATABASE_URL", None)
    result = subprocess.run([sys.executable, "-m", "smartjustice.cli", "deadlines", *args],
                            capture_output=True, text=True, env=env, cwd=settings.BASE_DIR, timeout=60)

    assert result.returncode == 2
    assert result.stdout == ""
    assert fragment in result.stderr
