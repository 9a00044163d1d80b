"""Real witness processes on 127.0.0.1 ephemeral ports, started from the test."""
import subprocess
import sys
import urllib.error
import urllib.request

import pytest

from smartjustice.ledger import keys, selectors, services, witnessing
from smartjustice.ledger.models import PublishedCheckpoint
from smartjustice.ledger.tlog import merkle
from smartjustice.ledger.tlog.checkpoint import format_checkpoint
from smartjustice.ledger.tlog.note import Ed25519Signer, sign_note
from smartjustice.ledger.tlog.policy import Policy
from smartjustice.ledger.tlog.witness_core import format_request

from .conftest import sha

NAMES = ["court", "procuratorate", "justice"]


class WitnessProcess:
    def __init__(self, tmp_path, name, log_vkey, seed_byte):
        self.name = name
        self.signer = Ed25519Signer(f"witness.{name}.example/evidence", bytes([seed_byte]) * 32)
        self.key = tmp_path / f"{name}.key"
        self.key.write_text(self.signer.skey + "\n")
        self.state = tmp_path / f"{name}.sqlite"
        self.log_vkey = log_vkey
        self.proc = None
        self.url = None

    def start(self):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "smartjustice.ledger.witness_server", "--key", str(self.key),
             "--listen", "127.0.0.1:0", "--state", str(self.state), "--log-vkey", self.log_vkey],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.proc.stdout.readline()
        assert line.startswith("listening on "), line
        self.url = "http://" + line.split()[-1]
        return self

    def stop(self):
        if self.proc:
            self.proc.terminate()
            self.proc.wait(timeout=10)
            self.proc = None


@pytest.fixture
def witnesses(tmp_path, settings, db):
    log_vkey = keys.log_vkey()
    procs = [WitnessProcess(tmp_path, n, log_vkey, i + 1) for i, n in enumerate(NAMES)]
    for w in procs:
        w.start()
    policy = "\n".join([f"log {log_vkey}",
                        *[f"witness {w.name} {w.signer.vkey} {w.url}" for w in procs],
                        "group judicial 2 court procuratorate justice", "quorum judicial", ""])
    (tmp_path / "ledger" / "policy.txt").write_text(policy)
    settings.LEDGER_WITNESS_TIMEOUT = 2.0
    yield {w.name: w for w in procs}
    for w in procs:
        w.stop()


def _register_and_sequence(officer, org, *blobs):
    for b in blobs:
        services.register_evidence(acting_user=officer, org=org, content_sha256=sha(b), evidence_type="electronic")
    return services.sequence_pending()


def test_checkpoint_is_published_with_cosignatures_meeting_the_policy(witnesses, officer, org_tree, tmp_path):
    _register_and_sequence(officer, org_tree["county"], b"a", b"b", b"c")

    published = witnessing.publish_latest()

    assert published.size == 3
    assert set(published.witnesses) == set(NAMES)
    result = Policy.parse((tmp_path / "ledger" / "policy.txt").read_text()).verify_checkpoint(published.note)
    assert result.checkpoint.size == 3


def test_growth_is_cosigned_with_consistency_proofs(witnesses, officer, org_tree):
    _register_and_sequence(officer, org_tree["county"], b"a", b"b", b"c")
    witnessing.publish_latest()
    _register_and_sequence(officer, org_tree["county"], b"d", b"e")

    published = witnessing.publish_latest()

    assert published.size == 5
    assert len(published.witnesses) == 3


def test_down_witnesses_delay_publication_but_not_registration(witnesses, officer, org_tree):
    witnesses["court"].stop()
    witnesses["justice"].stop()

    cp = _register_and_sequence(officer, org_tree["county"], b"a")
    first = witnessing.publish_latest()

    assert cp.size == 1
    assert first is None
    assert PublishedCheckpoint.objects.count() == 0
    witnesses["court"].start()
    witnesses["justice"].start()
    policy_path = witnesses["court"].key.parent / "ledger" / "policy.txt"
    text = policy_path.read_text()
    for w in witnesses.values():
        text = "\n".join(
            " ".join(line.split()[:3] + [w.url]) if line.startswith(f"witness {w.name} ") else line
            for line in text.split("\n"))
    policy_path.write_text(text)

    second = witnessing.publish_latest()

    assert second.size == 1
    assert set(second.witnesses) == set(NAMES)


def _post(url, body):
    req = urllib.request.Request(url + "/add-checkpoint", data=body, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=5) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def test_witness_refuses_rollback_and_fork_and_keeps_state_across_restart(witnesses, officer, org_tree):
    _register_and_sequence(officer, org_tree["county"], b"a", b"b", b"c", b"d")
    witnessing.publish_latest()
    court = witnesses["court"]
    log = keys.log_signer()
    forked_tree = merkle.MemoryTree(merkle.leaf_hash(b"x%d" % i) for i in range(4))
    fork = sign_note(format_checkpoint(log.name, 4, forked_tree.root()), [log])
    rollback = selectors.latest_signed_checkpoint()
    older = sign_note(format_checkpoint(log.name, 2, selectors.root_at(2)), [log])

    assert _post(court.url, format_request(4, [], fork))[0] == 422
    assert _post(court.url, format_request(0, [], older)) == (409, b"4\n")
    court.stop()
    court.start()
    assert _post(court.url, format_request(0, [], older)) == (409, b"4\n")
    assert _post(court.url, format_request(4, [], rollback.note))[0] == 200


def test_witness_rejects_a_checkpoint_signed_by_another_key(witnesses):
    impostor = Ed25519Signer(keys.log_signer().name, bytes([99]) * 32)
    note = sign_note(format_checkpoint(impostor.name, 1, merkle.leaf_hash(b"x")), [impostor])

    status, body = _post(witnesses["court"].url, format_request(0, [], note))

    assert status == 403
