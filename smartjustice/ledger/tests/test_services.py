import pytest
from django.db import connection

from smartjustice.audit.models import AuditEntry
from smartjustice.core.errors import PermissionDenied
from smartjustice.ledger import errors, selectors, services
from smartjustice.ledger.entries import decode_entry
from smartjustice.ledger.models import (
    LedgerRowIsImmutable,
    LogEntry,
    Registration,
    SignedCheckpoint,
    TreeNode,
)
from smartjustice.ledger.tlog import merkle
from smartjustice.ledger.tlog.checkpoint import parse_checkpoint
from smartjustice.ledger.tlog.note import open_note, parse_vkey, split_note
from smartjustice.orgs.choices import Role

from .conftest import sha, tamper


def _register(officer, org, data=b"file", **kw):
    kw.setdefault("evidence_type", "electronic")
    return services.register_evidence(acting_user=officer, org=org, content_sha256=sha(data), **kw)


def test_register_stores_a_canonical_entry_without_personal_data(officer, org_tree):
    reg = _register(officer, org_tree["county"], case_reference="桐综执罚〔2025〕12号", description="张三的身份证复印件")

    fields = decode_entry(bytes(reg.entry))
    assert fields == {
        "number": reg.number, "content-sha256": sha(b"file"), "type": "electronic", "org": "tx-sfj",
        "officer": str(officer.pk), "case": "桐综执罚〔2025〕12号",
        "time": reg.registered_at.astimezone(__import__("datetime").UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "description-hash": fields["description-hash"],
    }
    assert "张三" not in bytes(reg.entry).decode()
    assert len(fields["description-hash"]) == 64
    assert AuditEntry.objects.filter(action="ledger.evidence.registered", object_id=str(reg.pk)).count() == 1


def test_duplicate_registration_by_the_same_department_is_refused(officer, org_tree):
    first = _register(officer, org_tree["county"])
    audits = AuditEntry.objects.count()

    with pytest.raises(errors.DuplicateRegistration) as err:
        _register(officer, org_tree["county"])

    assert first.number in str(err.value)
    assert Registration.objects.count() == 1
    assert AuditEntry.objects.count() == audits


def test_another_department_may_register_the_same_file(officer, org_tree, make_user):
    other = make_user(Role.ENFORCEMENT_OFFICER, org_tree["other_county"])
    _register(officer, org_tree["county"])

    _register(other, org_tree["other_county"])

    assert Registration.objects.count() == 2


@pytest.mark.parametrize("kw,error", [
    ({"content_sha256": "abc"}, errors.InvalidContentHash),
    ({"content_sha256": "g" * 64}, errors.InvalidContentHash),
    ({"evidence_type": "rumour"}, errors.InvalidEvidenceType),
    ({"case_reference": "line\nbreak"}, errors.InvalidCaseReference),
    ({"case_reference": "x" * 101}, errors.InvalidCaseReference),
    ({"description": "x" * 2001}, errors.DescriptionTooLong),
])
def test_bad_input_is_refused_and_changes_nothing(officer, org_tree, kw, error):
    args = {"content_sha256": sha(b"x"), "evidence_type": "documentary"} | kw

    with pytest.raises(error):
        services.register_evidence(acting_user=officer, org=org_tree["county"], **args)

    assert Registration.objects.count() == 0
    assert AuditEntry.objects.count() == 0


@pytest.mark.parametrize("role,org_key", [
    (Role.CITIZEN, "county"), (Role.LAWYER, "county"), (Role.ENFORCEMENT_OFFICER, "other_county"),
])
def test_register_needs_the_role_in_the_organisation(org_tree, make_user, role, org_key):
    user = make_user(role, org_tree[org_key])

    with pytest.raises(PermissionDenied):
        _register(user, org_tree["county"])

    assert Registration.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_sequence_signs_a_checkpoint_that_verifies_with_the_log_key(officer, org_tree, settings):
    regs = [_register(officer, org_tree["county"], data=b"f%d" % i) for i in range(5)]

    cp = services.sequence_pending()

    assert cp.size == 5
    text, _ = split_note(cp.note)
    parsed = parse_checkpoint(text)
    assert parsed.origin == settings.LEDGER_ORIGIN == "tongxiang.example/evidence"
    vkey = (settings.LEDGER_KEY_FILE.with_suffix(".vkey")).read_text().strip()
    open_note(cp.note, [parse_vkey(vkey)])
    expected = merkle.root_from_leaf_hashes([merkle.leaf_hash(bytes(r.entry)) for r in regs])
    assert parsed.root == expected == bytes(cp.root)
    assert list(LogEntry.objects.order_by("index").values_list("registration__number", flat=True)) == [r.number for r in regs]


def test_first_sequence_signs_the_empty_tree_once(db):
    first = services.sequence_pending()
    second = services.sequence_pending()

    assert first.size == 0 and bytes(first.root) == merkle.EMPTY_ROOT
    assert second is None
    assert SignedCheckpoint.objects.count() == 1


def test_batches_extend_the_tree_consistently(officer, org_tree):
    sizes = []
    for batch in range(4):
        for i in range(batch * 3 + 1):
            _register(officer, org_tree["county"], data=b"b%d-%d" % (batch, i))
        sizes.append(services.sequence_pending(batch_size=5).size)

    assert sizes == [1, 5, 10, 15]
    cps = {c.size: bytes(c.root) for c in SignedCheckpoint.objects.all()}
    for old in sizes[:-1]:
        merkle.verify_consistency(old, 15, cps[old], cps[15], selectors.consistency_proof(old, 15))
    for entry in LogEntry.objects.all():
        merkle.verify_inclusion(entry.index, 15, bytes(entry.leaf_hash), selectors.inclusion_proof(entry.index, 15), cps[15])
    services.verify_log_integrity(full=True)
    assert TreeNode.objects.count() == sum(len(lv) for lv in merkle.MemoryTree(
        bytes(h) for h in LogEntry.objects.order_by("index").values_list("leaf_hash", flat=True)).levels)


def test_inclusion_proof_uses_one_query(officer, org_tree, django_assert_num_queries):
    for i in range(37):
        _register(officer, org_tree["county"], data=b"q%d" % i)
    services.sequence_pending()

    with django_assert_num_queries(2):  # the size check and the node fetch
        proof = selectors.inclusion_proof(20, 37)

    assert len(proof) == 6


def test_bad_proof_requests_get_specific_errors(officer, org_tree):
    _register(officer, org_tree["county"])
    services.sequence_pending()

    with pytest.raises(errors.ProofRequestInvalid):
        selectors.inclusion_proof(1, 1)
    with pytest.raises(errors.ProofRequestInvalid):
        selectors.inclusion_proof(0, 2)
    with pytest.raises(errors.ProofRequestInvalid):
        selectors.consistency_proof(0, 1)


def test_stored_rows_are_append_only(officer, org_tree):
    reg = _register(officer, org_tree["county"])
    services.sequence_pending()
    entry = LogEntry.objects.get()

    for action in (lambda: reg.save(), lambda: reg.delete(), lambda: entry.delete(),
                   lambda: LogEntry.objects.update(entry=b"x"), lambda: TreeNode.objects.all().delete(),
                   lambda: SignedCheckpoint.objects.all().delete()):
        with pytest.raises(LedgerRowIsImmutable):
            action()


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_postgres_trigger_refuses_update_and_delete(officer, org_tree):
    from django.db import DatabaseError, transaction

    _register(officer, org_tree["county"])
    services.sequence_pending()

    for sql in ("UPDATE ledger_logentry SET entry = 'x'", "DELETE FROM ledger_treenode",
                "DELETE FROM ledger_signedcheckpoint", "UPDATE ledger_registration SET case_reference = 'x'"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
            cur.execute(sql)
    assert LogEntry.objects.count() == 1


# --- tampering ---------------------------------------------------------------------------

@pytest.fixture
def sequenced_log(officer, org_tree):
    for i in range(6):
        _register(officer, org_tree["county"], data=b"t%d" % i)
    services.sequence_pending()
    return org_tree


def test_changed_entry_is_detected_by_the_full_check(sequenced_log):
    tamper("UPDATE ledger_logentry SET entry = %s WHERE \"index\" = 2", [b"forged"])

    with pytest.raises(errors.LedgerIntegrityError, match="entry 2"):
        services.verify_log_integrity(full=True)


def test_changed_registration_is_detected_by_the_full_check(sequenced_log):
    tamper("UPDATE ledger_registration SET entry = %s WHERE id = (SELECT MIN(id) FROM ledger_registration)", [b"forged"])

    with pytest.raises(errors.LedgerIntegrityError, match="differs from its registration"):
        services.verify_log_integrity(full=True)


def test_changed_frontier_node_stops_sequencing(sequenced_log, officer):
    tamper("UPDATE ledger_treenode SET hash = %s WHERE level = 2 AND \"index\" = 0", [bytes(32)])
    _register(officer, sequenced_log["county"], data=b"new")

    with pytest.raises(errors.LedgerIntegrityError, match="root differs"):
        services.sequence_pending()

    assert LogEntry.objects.count() == 6
    assert SignedCheckpoint.objects.count() == 1


def test_changed_inner_node_is_detected_by_the_full_check(sequenced_log):
    tamper("UPDATE ledger_treenode SET hash = %s WHERE level = 0 AND \"index\" = 5", [bytes(32)])

    with pytest.raises(errors.LedgerIntegrityError, match=r"tree node \(0, 5\)"):
        services.verify_log_integrity(full=True)


def test_forged_checkpoint_signature_is_detected(sequenced_log):
    tamper("UPDATE ledger_signedcheckpoint SET note = replace(note, '\n6\n', '\n7\n')")

    with pytest.raises(errors.LedgerIntegrityError, match="does not verify"):
        services.verify_log_integrity()


def test_rollback_of_the_database_is_detected(sequenced_log, officer, settings, django_capture_on_commit_callbacks):
    _register(officer, sequenced_log["county"], data=b"late")
    with django_capture_on_commit_callbacks(execute=True):
        services.sequence_pending()
    assert settings.LEDGER_HIGH_WATER_FILE.read_text() == SignedCheckpoint.objects.get(size=7).note
    tamper("DELETE FROM ledger_signedcheckpoint WHERE size = 7")
    tamper("DELETE FROM ledger_treenode WHERE (level = 0 AND \"index\" = 6)")
    tamper("DELETE FROM ledger_logentry WHERE \"index\" = 6")

    with pytest.raises(errors.LedgerIntegrityError, match="rollback"):
        services.verify_log_integrity()
    with pytest.raises(errors.LedgerIntegrityError, match="rollback"):
        services.sequence_pending()


def test_entries_beyond_the_checkpoint_are_detected(sequenced_log):
    tamper("DELETE FROM ledger_signedcheckpoint WHERE size = 6")

    with pytest.raises(errors.LedgerIntegrityError, match="beyond"):
        services.verify_log_integrity()


def test_crash_between_sequencing_and_commit_loses_nothing(officer, org_tree, monkeypatch):
    for i in range(3):
        _register(officer, org_tree["county"], data=b"c%d" % i)
    services.sequence_pending()
    _register(officer, org_tree["county"], data=b"c3")

    def crash(*a, **k):
        raise RuntimeError("power cut")

    monkeypatch.setattr(SignedCheckpoint, "save", crash)
    with pytest.raises(RuntimeError):
        services.sequence_pending()
    monkeypatch.undo()

    assert LogEntry.objects.count() == 3
    assert TreeNode.objects.filter(level=0).count() == 3
    cp = services.sequence_pending()
    assert cp.size == 4
    services.verify_log_integrity(full=True)


def test_batch_registration_is_all_or_nothing(officer, org_tree):
    _register(officer, org_tree["county"], data=b"dup")
    items = [{"content_sha256": sha(b"a"), "evidence_type": "documentary"},
             {"content_sha256": sha(b"dup"), "evidence_type": "documentary"}]

    with pytest.raises(errors.DuplicateRegistration):
        services.register_evidence_batch(acting_user=officer, org=org_tree["county"], items=items)

    assert Registration.objects.count() == 1
    regs = services.register_evidence_batch(acting_user=officer, org=org_tree["county"], items=items[:1])
    assert [r.content_sha256 for r in regs] == [sha(b"a")]
    assert AuditEntry.objects.filter(action="ledger.evidence.registered_batch").count() == 1


def test_deferred_sequencing_queues_one_run_for_many_registrations(officer, org_tree, settings,
                                                                   django_capture_on_commit_callbacks):
    from smartjustice.ledger.tasks import sequence_pending_task

    settings.LEDGER_SEQUENCE_ON_REGISTER = True
    with django_capture_on_commit_callbacks() as each:
        for data in (b"1", b"2", b"3"):
            _register(officer, org_tree["county"], data)
    with django_capture_on_commit_callbacks() as deferred:
        with services.deferred_sequencing() as state:
            for data in (b"4", b"5", b"6"):
                _register(officer, org_tree["county"], data)
            services.register_evidence_batch(acting_user=officer, org=org_tree["county"], items=[
                {"content_sha256": sha(b"7"), "evidence_type": "electronic"}])

    assert [cb == sequence_pending_task.delay for cb in each] == [True, True, True]
    assert [cb == sequence_pending_task.delay for cb in deferred] == [True]
    assert state["registered"] == 4
    assert Registration.objects.filter(log_entry__isnull=True).count() == 7
