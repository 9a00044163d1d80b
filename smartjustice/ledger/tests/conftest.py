import hashlib

import pytest
from django.db import connection

from smartjustice.orgs.choices import Role


@pytest.fixture(autouse=True)
def ledger_files(settings, tmp_path):
    """Each test gets its own log key and high-water file; sequencing is explicit."""
    settings.LEDGER_KEY_FILE = tmp_path / "ledger" / "log.key"
    settings.LEDGER_HIGH_WATER_FILE = tmp_path / "ledger" / "checkpoint"
    settings.LEDGER_POLICY_FILE = str(tmp_path / "ledger" / "policy.txt")
    settings.LEDGER_SEQUENCE_ON_REGISTER = False
    settings.LEDGER_WITNESSES = []
    return tmp_path


@pytest.fixture
def officer(org_tree, make_user):
    return make_user(Role.ENFORCEMENT_OFFICER, org_tree["county"])


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def tamper(sql: str, params=()):
    """Change stored rows behind the application's back, as an attacker with DB access."""
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            # The append-only triggers stop this; a superuser can switch them off.
            cur.execute("SET session_replication_role = replica")
            cur.execute(sql, params)
            cur.execute("SET session_replication_role = origin")
        else:
            cur.execute(sql, params)
