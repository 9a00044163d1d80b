"""Cross-check with the Go reference packages (issue #5 §5): proofs exported by
`smartjustice ledger export-proof` from a real, witnessed log must verify with
golang.org/x/mod/sumdb/note (note.Open) and golang.org/x/mod/sumdb/tlog (CheckRecord,
CheckTree), driven by smartjustice/ledger/gocheck/main.go. Needs Debian's golang-go and
golang-golang-x-mod-dev (`make go-deps`); skipped with the reason when they are absent.
"""
import base64
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from smartjustice.ledger import witnessing
from smartjustice.ledger.tlog.note import Ed25519Signer

from .test_commands import _run
from .test_witness import NAMES, witnesses  # noqa: F401 - the fixture

pytestmark = pytest.mark.go_reference

GOPATH = "/usr/share/gocode"
SOURCE = Path(__file__).resolve().parent.parent / "gocheck"


@pytest.fixture(scope="module")
def gocheck(tmp_path_factory):
    go = shutil.which("go")
    if go is None:
        pytest.skip("no Go toolchain: apt-get install golang-go golang-golang-x-mod-dev (make go-deps)")
    if not Path(GOPATH, "src/golang.org/x/mod/sumdb/tlog/tlog.go").exists():
        pytest.skip(f"golang.org/x/mod is not in {GOPATH}: apt-get install golang-golang-x-mod-dev (make go-deps)")
    out = tmp_path_factory.mktemp("gocheck")
    env = {**os.environ, "GOPATH": GOPATH, "GO111MODULE": "off", "GOCACHE": str(out / "cache"),
           "GOFLAGS": "", "CGO_ENABLED": "0"}
    built = subprocess.run([go, "build", "-o", str(out / "gocheck"), "."], cwd=SOURCE, env=env,
                           capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    return out / "gocheck"


def _go(binary, doc):
    return subprocess.run([str(binary)], input=json.dumps(doc), capture_output=True, text=True, timeout=60)


@pytest.fixture
def witnessed_log(witnesses, org_tree, tmp_path):  # noqa: F811
    """37 files registered through the CLI, sequenced in three batches, cosigned by 3 witnesses."""
    for upto in (10, 25, 37):
        for i in range(len(list(tmp_path.glob("f*.bin"))), upto):
            p = tmp_path / f"f{i}.bin"
            p.write_bytes(b"evidence %d" % i)
            _run("register", str(p), "--case", f"桐执〔2025〕{i}号")
        _run("sequence")
        assert witnessing.publish_latest().size == upto
    return witnesses


@pytest.mark.parametrize(("index", "old_size"), [(0, 1), (7, 10), (36, 25), (20, 37), (31, 32), (12, 16)])
def test_go_reference_verifies_our_checkpoint_and_proofs(gocheck, witnessed_log, index, old_size):
    doc = json.loads(_run("export-proof", "--index", str(index), "--old-size", str(old_size)))

    result = _go(gocheck, doc)

    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report == {"origin": "tongxiang.example/evidence", "size": 37, "log": "tongxiang.example/evidence",
                      "witnesses": [f"witness.{n}.example/evidence" for n in NAMES], "index": index,
                      "inclusion": True, "consistency": True, "old_size": old_size}


def _flip(b64: str) -> str:
    raw = bytearray(base64.b64decode(b64))
    raw[0] ^= 1
    return base64.b64encode(bytes(raw)).decode()


def _cosignature_flipped(note: str) -> str:
    lines = note.split("\n")
    for i, line in enumerate(lines):
        if line.startswith("— witness.court."):
            name, sig = line.rsplit(" ", 1)
            raw = bytearray(base64.b64decode(sig))
            raw[-1] ^= 1
            lines[i] = f"{name} {base64.b64encode(bytes(raw)).decode()}"
    return "\n".join(lines)


@pytest.mark.parametrize(("corrupt", "message"), [
    (lambda d: d.update(inclusion_proof=[_flip(d["inclusion_proof"][0]), *d["inclusion_proof"][1:]]),
     "tlog.CheckRecord: invalid transparency proof"),
    (lambda d: d.update(inclusion_proof=d["inclusion_proof"][:-1]), "tlog.CheckRecord"),
    (lambda d: d.update(index=d["index"] + 1, entry=""), "tlog.CheckRecord"),
    (lambda d: d.update(leaf_hash=_flip(d["leaf_hash"])), "leaf_hash is not the RFC 9162 leaf hash of entry"),
    (lambda d: d.update(consistency_proof=[_flip(d["consistency_proof"][0]), *d["consistency_proof"][1:]]),
     "tlog.CheckTree: invalid transparency proof"),
    (lambda d: d.update(old_root=_flip(d["old_root"])), "tlog.CheckTree"),
    (lambda d: d.update(checkpoint=d["checkpoint"].replace("\n37\n", "\n38\n", 1)), "note.Open"),
    (lambda d: d.update(checkpoint=_cosignature_flipped(d["checkpoint"])), "note.Open: invalid signature"),
    (lambda d: d.update(log_vkey=Ed25519Signer("tongxiang.example/evidence", bytes(32)).vkey),
     "the checkpoint carries no valid signature of the log key"),
])
def test_go_reference_rejects_corrupted_proofs(gocheck, witnessed_log, corrupt, message):
    doc = json.loads(_run("export-proof", "--index", "20", "--old-size", "25"))
    assert _go(gocheck, doc).returncode == 0
    corrupt(doc)

    result = _go(gocheck, doc)

    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith("NOT VERIFIED: ") and message in result.stderr, result.stderr
