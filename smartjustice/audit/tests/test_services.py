"""The audit trail is written by record() and cannot be changed afterwards (issue #2 §4)."""
import datetime as dt

import pytest
import time_machine
from django.db import DatabaseError, connection, transaction

from smartjustice.audit.models import AuditEntry, AuditEntryIsImmutable
from smartjustice.audit.services import diff, record, record_read
from smartjustice.core.middleware import RequestContext, _current
from smartjustice.orgs.choices import Role

FROZEN = dt.datetime(2026, 3, 2, 1, 30, tzinfo=dt.UTC)


@time_machine.travel(FROZEN, tick=False)
def test_record_writes_actor_org_object_time_ip_and_diff(org_tree, make_user):
    officer = make_user(Role.CORRECTION_OFFICER, org_tree["wutong"], real_name="周丽")
    token = _current.set(RequestContext(ip="10.1.2.3", user_agent="test", path="/x"))
    try:
        entry = record("orgs.organisation.renamed", actor=officer, obj=org_tree["wutong"],
                       changes=diff({"name": "梧桐司法所"}, {"name": "梧桐街道司法所"}))
    finally:
        _current.reset(token)

    stored = AuditEntry.objects.get(pk=entry.pk)
    assert (stored.action, stored.actor_id, stored.actor_name, stored.org_id) == (
        "orgs.organisation.renamed", officer.pk, "周丽", None)
    assert (stored.object_type, stored.object_id, stored.object_repr) == (
        "orgs.organisation", str(org_tree["wutong"].pk), "梧桐司法所")
    assert stored.ip == "10.1.2.3"
    assert stored.occurred_at == FROZEN
    assert stored.changes == {"name": ["梧桐司法所", "梧桐街道司法所"]}
    assert stored.kind == AuditEntry.Kind.CHANGE


def test_record_takes_the_organisation_from_the_object(org_tree, make_user):
    admin = make_user(Role.ADMINISTRATOR, org_tree["county"])
    membership = admin.memberships.get()

    entry = record("orgs.membership.granted", actor=admin, obj=membership)

    assert entry.org_id == org_tree["county"].pk


def test_record_read_is_kind_read(org_tree, make_user):
    admin = make_user(Role.ADMINISTRATOR, org_tree["county"])

    entry = record_read("accounts.user.id_number_revealed", actor=admin, obj=admin, org=org_tree["county"])

    assert (entry.kind, entry.org_id) == (AuditEntry.Kind.READ, org_tree["county"].pk)


def test_diff_keeps_changed_fields_and_redacts_secrets():
    changes = diff({"status": "submitted", "password": "a", "same": 1},
                   {"status": "accepted", "password": "b", "same": 1})

    assert changes == {"status": ["submitted", "accepted"], "password": ["[redacted]", "[redacted]"]}


def test_entry_rolls_back_with_the_change_it_describes(org_tree, make_user):
    admin = make_user(Role.ADMINISTRATOR, org_tree["county"])

    with pytest.raises(RuntimeError), transaction.atomic():
        record("orgs.organisation.renamed", actor=admin, obj=org_tree["county"])
        raise RuntimeError("the change failed")

    assert AuditEntry.objects.count() == 0


@pytest.fixture
def entry(org_tree, make_user):
    admin = make_user(Role.ADMINISTRATOR, org_tree["county"])
    return record("orgs.organisation.renamed", actor=admin, obj=org_tree["county"], changes={"a": [1, 2]})


def test_saving_an_existing_entry_is_refused(entry):
    entry.action = "something.else"

    with pytest.raises(AuditEntryIsImmutable):
        entry.save()

    assert AuditEntry.objects.get(pk=entry.pk).action == "orgs.organisation.renamed"


def test_deleting_an_entry_is_refused(entry):
    with pytest.raises(AuditEntryIsImmutable):
        entry.delete()

    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_queryset_update_and_delete_are_refused(entry):
    with pytest.raises(AuditEntryIsImmutable):
        AuditEntry.objects.filter(pk=entry.pk).update(action="x")
    with pytest.raises(AuditEntryIsImmutable):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(AuditEntryIsImmutable):
        AuditEntry.objects.bulk_update([entry], ["action"])

    assert AuditEntry.objects.get(pk=entry.pk).action == "orgs.organisation.renamed"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the database trigger exists on PostgreSQL")
@pytest.mark.parametrize("statement", [
    "UPDATE audit_auditentry SET action = 'tampered' WHERE id = %s",
    "DELETE FROM audit_auditentry WHERE id = %s",
])
def test_database_refuses_raw_update_and_delete(entry, statement):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, [entry.pk])

    assert AuditEntry.objects.get(pk=entry.pk).action == "orgs.organisation.renamed"
