"""The monitor against real witness processes, and tamper tests: rollback, forged and
forked checkpoints, changed tree nodes, witnesses that go down or forget their state."""
import hashlib
import urllib.error
import urllib.request

import pytest

from smartjustice.audit.models import AuditEntry
from smartjustice.ledger import keys, monitor, selectors, services, witnessing
from smartjustice.ledger.models import MonitorAlert, MonitorCheckpoint
from smartjustice.ledger.tasks import monitor_task
from smartjustice.ledger.tlog import merkle
from smartjustice.ledger.tlog.checkpoint import format_checkpoint
from smartjustice.ledger.tlog.cosignature import cosignature_verifier
from smartjustice.ledger.tlog.note import Ed25519Signer, open_note, sign_note
from smartjustice.notifications.models import Notification
from smartjustice.orgs.choices import Role

from .conftest import sha, tamper
from .test_witness import NAMES, witnesses  # noqa: F401 - the fixture

Code = MonitorAlert.Code


@pytest.fixture
def supervisor(org_tree, make_user):
    return make_user(Role.SUPERVISOR, org_tree["county"])


def _grow(officer, org, *blobs, publish=True):
    for b in blobs:
        services.register_evidence(acting_user=officer, org=org, content_sha256=sha(b), evidence_type="electronic")
    services.sequence_pending()
    if publish:
        witnessing.publish_latest()


def _codes():
    return sorted((a.source, a.code) for a in MonitorAlert.objects.filter(resolved_at__isnull=True))


def test_witness_serves_its_latest_cosigned_checkpoint_for_monitoring(witnesses, officer, org_tree):  # noqa: F811
    _grow(officer, org_tree["county"], b"a", b"b")
    court = witnesses["court"]
    origin_hex = hashlib.sha256(keys.log_signer().name.encode()).hexdigest()

    with urllib.request.urlopen(f"{court.url}/{origin_hex}/checkpoint", timeout=5) as resp:
        note = resp.read().decode()
    with pytest.raises(urllib.error.HTTPError) as unknown:
        urllib.request.urlopen(f"{court.url}/{'0' * 64}/checkpoint", timeout=5)

    v = cosignature_verifier(court.signer.vkey)
    opened = open_note(note, [keys.log_signer().verifier(), v])
    assert opened.text == format_checkpoint(keys.log_signer().name, 2, selectors.root_at(2))
    assert len(opened.sigs) == 2
    assert v.last_timestamp is not None
    assert unknown.value.code == 404


def test_healthy_log_and_witnesses_raise_nothing_and_are_remembered(witnesses, officer, org_tree):  # noqa: F811
    _grow(officer, org_tree["county"], b"a", b"b", b"c")
    first = monitor.run_monitor()
    _grow(officer, org_tree["county"], b"d", b"e")

    second = monitor_task.delay().get()

    assert first.sizes == {"log": 3, "published": 3, "court": 3, "procuratorate": 3, "justice": 3}
    assert second == {"sizes": {"log": 5, "published": 5, "court": 5, "procuratorate": 5, "justice": 5},
                      "alerts": []}
    assert MonitorAlert.objects.count() == 0
    assert sorted(MonitorCheckpoint.objects.values_list("source", "size")) == sorted(
        [(s, n) for s in ["log", "published", *NAMES] for n in (3, 5)])
    assert all(c.cosigned_at is not None for c in MonitorCheckpoint.objects.filter(source__in=NAMES))


def test_rolling_back_the_log_is_detected_and_notified(witnesses, officer, org_tree, supervisor, make_user):  # noqa: F811
    bystander = make_user(Role.SUPERVISOR, org_tree["other_county"])
    _grow(officer, org_tree["county"], b"a", b"b", b"c")
    _grow(officer, org_tree["county"], b"d", b"e")
    monitor.run_monitor()
    # An operator restores an older database: everything after size 3 disappears.
    tamper("DELETE FROM ledger_publishedcheckpoint")
    tamper("DELETE FROM ledger_signedcheckpoint WHERE size > 3")
    tamper("DELETE FROM ledger_treenode WHERE (level = 0 AND \"index\" >= 3) OR (level = 1 AND \"index\" >= 1) "
           "OR level >= 2")
    tamper("DELETE FROM ledger_logentry WHERE \"index\" >= 3")

    report = monitor.run_monitor()

    assert (report.sizes["log"], report.sizes["published"]) == (None, None)
    assert _codes() == [("log", Code.ROLLBACK), ("published", Code.ROLLBACK)]
    alert = MonitorAlert.objects.get(source="log")
    assert alert.kind == "misbehaviour"
    assert "from size 5 to 3" in alert.detail
    assert Notification.objects.filter(recipient=supervisor, kind="ledger.monitor.rollback",
                                       link="/ledger/status").count() == 2
    assert not Notification.objects.filter(recipient__in=[bystander, officer]).exists()
    assert AuditEntry.objects.filter(action="ledger.monitor.alert_raised", object_id=str(alert.pk)).count() == 1

    monitor.run_monitor()

    assert MonitorAlert.objects.count() == 2  # still open: not raised, nor notified, twice
    assert Notification.objects.filter(recipient=supervisor).count() == 2


def test_a_checkpoint_forged_with_another_key_is_a_bad_signature(officer, org_tree, supervisor):
    _grow(officer, org_tree["county"], b"a", b"b", publish=False)
    monitor.run_monitor()
    impostor = Ed25519Signer(keys.log_signer().name, bytes([7]) * 32)
    forged = sign_note(format_checkpoint(impostor.name, 2, merkle.leaf_hash(b"forged")), [impostor])
    tamper("UPDATE ledger_signedcheckpoint SET note = %s WHERE size = 2", [forged])

    report = monitor.run_monitor()

    assert report.sizes["log"] is None
    assert _codes() == [("log", Code.BAD_SIGNATURE)]
    assert MonitorAlert.objects.get().evidence == forged
    assert MonitorCheckpoint.objects.filter(source="log").count() == 1  # the forgery is not stored
    assert Notification.objects.filter(recipient=supervisor, kind="ledger.monitor.bad_signature").count() == 1


def test_a_fork_signed_with_the_log_key_is_detected(officer, org_tree):
    _grow(officer, org_tree["county"], b"a", b"b", b"c", publish=False)
    monitor.run_monitor()
    log = keys.log_signer()
    other = merkle.MemoryTree(merkle.leaf_hash(b"x%d" % i) for i in range(3)).root()
    # An insider holding the log key shows a different tree of the same size.
    fork = sign_note(format_checkpoint(log.name, 3, other), [log])
    tamper("UPDATE ledger_signedcheckpoint SET note = %s, root = %s WHERE size = 3", [fork, other])

    monitor.run_monitor()

    alert = MonitorAlert.objects.get()
    assert (alert.source, alert.code) == ("log", Code.FORK)
    assert fork in alert.evidence and MonitorCheckpoint.objects.get(source="log", size=3).note in alert.evidence


def test_a_changed_tree_node_fails_the_consistency_check(officer, org_tree):
    _grow(officer, org_tree["county"], b"a", b"b", b"c", publish=False)
    monitor.run_monitor()
    _grow(officer, org_tree["county"], b"d", b"e", publish=False)
    tamper("UPDATE ledger_treenode SET hash = %s WHERE level = 0 AND \"index\" = 2", [b"\x00" * 32])

    monitor.run_monitor()

    assert _codes() == [("log", Code.FORK)]
    assert list(MonitorCheckpoint.objects.filter(source="log").values_list("size", flat=True)) == [3]


def test_a_down_witness_is_a_health_alert_closed_when_it_returns(witnesses, officer, org_tree, supervisor):  # noqa: F811
    _grow(officer, org_tree["county"], b"a")
    monitor.run_monitor()
    witnesses["court"].stop()

    monitor.run_monitor()
    monitor.run_monitor()

    alert = MonitorAlert.objects.get()
    assert (alert.source, alert.kind, alert.code, alert.resolved_at) == ("court", "health", Code.UNREACHABLE, None)
    assert Notification.objects.filter(recipient=supervisor, kind="ledger.monitor.unreachable").count() == 1

    witnesses["court"].start()
    path = witnesses["court"].key.parent / "ledger" / "policy.txt"
    path.write_text("\n".join(" ".join(line.split()[:3] + [witnesses["court"].url])
                              if line.startswith("witness court ") else line for line in path.read_text().split("\n")))
    monitor.run_monitor()

    alert.refresh_from_db()
    assert alert.resolved_at is not None
    assert _codes() == []


def test_a_witness_that_forgets_its_state_is_a_rollback(witnesses, officer, org_tree, tmp_path):  # noqa: F811
    _grow(officer, org_tree["county"], b"a", b"b")
    monitor.run_monitor()
    court = witnesses["court"]
    court.stop()
    for f in court.state.parent.glob(court.state.name + "*"):
        f.unlink()
    court.start()
    path = tmp_path / "ledger" / "policy.txt"
    path.write_text("\n".join(" ".join(line.split()[:3] + [court.url]) if line.startswith("witness court ") else line
                              for line in path.read_text().split("\n")))

    monitor.run_monitor()

    assert _codes() == [("court", Code.ROLLBACK)]


def test_status_page_for_monitors_only(client, witnesses, officer, org_tree, supervisor, make_user):  # noqa: F811
    _grow(officer, org_tree["county"], b"a", b"b", b"c")
    other = make_user(Role.ENFORCEMENT_OFFICER, org_tree["other_county"])
    services.register_evidence(acting_user=other, org=org_tree["other_county"], content_sha256=sha(b"z"),
                               evidence_type="electronic")
    monitor.run_monitor()
    witnesses["justice"].stop()
    monitor.run_monitor()
    foreign = make_user(Role.SUPERVISOR, org_tree["other_county"])

    client.force_login(officer)
    denied = client.get("/ledger/status")
    client.force_login(foreign)
    denied_foreign = client.get("/ledger/status")
    client.force_login(supervisor)
    page = client.get("/ledger/status")

    assert (denied.status_code, denied_foreign.status_code, page.status_code) == (404, 404, 200)
    o = page.context["o"]
    assert (o["size"], o["published_size"], o["pending"]) == (3, 3, 1)
    assert [(r["org__code"], r["total"], r["sequenced"]) for r in o["per_org"]] == [("tx-sfj", 3, 3), ("hn-sfj", 1, 0)]
    health = {w["name"]: (w["reachable"], w["size"]) for w in o["witnesses"]}
    assert health == {"court": (True, 3), "procuratorate": (True, 3), "justice": (False, 3)}
    assert all(w["last_cosigned_at"] is not None for w in o["witnesses"])
    assert [(a.source, a.code) for a in o["open_alerts"]] == [("justice", Code.UNREACHABLE)]
    html = page.content.decode()
    assert 'data-alert="unreachable"' in html and 'data-witness="justice"' in html


def test_monitor_beat_entry_is_scheduled(settings):
    assert settings.CELERY_BEAT_SCHEDULE["ledger-monitor"]["task"] == "ledger.monitor"
