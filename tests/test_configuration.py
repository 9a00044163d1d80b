"""Configuration from the environment and the two-command contract (issue #2 §1, §2)."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SMARTJUSTICE = Path(sys.executable).with_name("smartjustice")


def run_cli(*args, env_overrides=None, tmp_path=None):
    env = {key: value for key, value in os.environ.items()
           if key not in {"SECRET_KEY", "DEBUG", "SMARTJUSTICE_ENV", "DJANGO_SETTINGS_MODULE",
                          # set by the browser tests' conftest for Playwright; never in deployment
                          "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    if tmp_path is not None:
        env["SMARTJUSTICE_VAR_DIR"] = str(tmp_path)
    env.update(env_overrides or {})
    return subprocess.run([str(SMARTJUSTICE), *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)


PRODUCTION = {
    "SMARTJUSTICE_ENV": "production",
    "SECRET_KEY": "a-production-secret-that-is-long-enough-and-random-ish-0123456789abcdefgh",
    "ALLOWED_HOSTS": "justice.example.org",
}


def test_check_deploy_passes_with_production_settings(tmp_path):
    result = run_cli("check", "--deploy", "--fail-level", "WARNING", env_overrides=PRODUCTION, tmp_path=tmp_path)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key(tmp_path):
    env = dict(PRODUCTION)
    del env["SECRET_KEY"]

    result = run_cli("check", env_overrides=env, tmp_path=tmp_path)

    assert result.returncode != 0
    assert "SECRET_KEY must be set in production" in result.stderr
    assert not (tmp_path / "secret_key").exists()


def test_production_refuses_debug(tmp_path):
    result = run_cli("check", env_overrides={**PRODUCTION, "DEBUG": "1"}, tmp_path=tmp_path)

    assert result.returncode != 0
    assert "DEBUG must be off in production" in result.stderr


def test_dev_secret_is_generated_once_into_an_untracked_file(tmp_path):
    first = run_cli("shell", "--no-imports", "-c", "from django.conf import settings; print(settings.SECRET_KEY, settings.DEBUG)",
                    tmp_path=tmp_path)
    second = run_cli("shell", "--no-imports", "-c", "from django.conf import settings; print(settings.SECRET_KEY)",
                     tmp_path=tmp_path)

    key = (tmp_path / "secret_key").read_text().strip()
    assert first.stdout.split() == [key, "True"]
    assert second.stdout.split() == [key]
    assert len(key) >= 50
    assert oct((tmp_path / "secret_key").stat().st_mode & 0o777) == "0o600"


def test_malformed_boolean_is_a_clear_configuration_error(tmp_path):
    result = run_cli("check", env_overrides={"DEBUG": "maybe"}, tmp_path=tmp_path)

    assert result.returncode != 0
    assert "DEBUG must be one of 1/0/true/false/yes/no, not 'maybe'" in result.stderr


def test_database_url_selects_the_database(tmp_path):
    result = run_cli("shell", "--no-imports", "-c", "from django.db import connection; print(connection.vendor)",
                     env_overrides={"DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}"}, tmp_path=tmp_path)

    assert result.stdout.strip() == "sqlite"


def test_tasks_run_inline_without_redis_and_on_the_broker_with_it(tmp_path):
    code = "from django.conf import settings; print(settings.CELERY_TASK_ALWAYS_EAGER, settings.CELERY_BROKER_URL)"
    inline = run_cli("shell", "--no-imports", "-c", code, env_overrides={"REDIS_URL": ""}, tmp_path=tmp_path)
    queued = run_cli("shell", "--no-imports", "-c", code, env_overrides={"REDIS_URL": "redis://127.0.0.1:6379/3"}, tmp_path=tmp_path)

    assert inline.stdout.split() == ["True", "memory://"]
    assert queued.stdout.split() == ["False", "redis://127.0.0.1:6379/3"]


def test_unknown_storage_backend_is_refused(tmp_path):
    result = run_cli("check", env_overrides={"STORAGE_BACKEND": "ftp"}, tmp_path=tmp_path)

    assert result.returncode != 0
    assert "STORAGE_BACKEND must be 'local' or 's3'" in result.stderr


@pytest.mark.parametrize("command", ["help", "migrate --help", "demo --help"])
def test_console_script_wraps_management_commands(command, tmp_path):
    result = run_cli(*command.split(), tmp_path=tmp_path)

    assert result.returncode == 0, result.stderr


def test_readme_opens_with_the_two_commands():
    lines = [line.strip() for line in (ROOT / "README.md").read_text().splitlines() if line.strip().startswith("make ")]

    assert lines[:2] == ["make run", "make test"]


def test_package_json_assets_are_pinned_and_not_committed():
    package = json.loads((ROOT / "package.json").read_text())
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout.split()

    assert package["dependencies"] == {"htmx.org": "2.0.11"}
    assert not [path for path in tracked if path.startswith("node_modules/") or path.endswith(".min.js")]
