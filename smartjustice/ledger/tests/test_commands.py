import base64
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from smartjustice.ledger import services
from smartjustice.ledger.models import LogEntry, Registration, SignedCheckpoint
from smartjustice.ledger.tlog import merkle

from .conftest import sha


def _run(*args):
    import io

    out = io.StringIO()
    call_command("ledger", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def files(tmp_path):
    paths = []
    for i in range(5):
        p = tmp_path / f"evidence{i}.pdf"
        p.write_bytes(b"%PDF evidence " + bytes([i]) * 100)
        paths.append(p)
    return paths


def test_register_sequence_export_and_verify_offline(org_tree, files, tmp_path):
    for p in files:
        out = json.loads(_run("register", str(p), "--org", "tx-sfj", "--case", "桐执〔2025〕1号"))
        assert out["content_sha256"] == sha(p.read_bytes())
    assert json.loads(_run("sequence")) == {"size": 5, "new_checkpoint": True}

    proof = json.loads(_run("export-proof", "--index", "3", "--old-size", "2"))

    assert set(proof) >= {"checkpoint", "log_vkey", "witness_vkeys", "index", "leaf_hash", "inclusion_proof",
                          "old_size", "old_root", "consistency_proof"}
    root = base64.b64decode(proof["root"])
    leaf = base64.b64decode(proof["leaf_hash"])
    merkle.verify_inclusion(3, 5, leaf, [base64.b64decode(h) for h in proof["inclusion_proof"]], root)
    merkle.verify_consistency(2, 5, base64.b64decode(proof["old_root"]), root,
                              [base64.b64decode(h) for h in proof["consistency_proof"]])
    (tmp_path / "proof.json").write_text(json.dumps(proof))
    (tmp_path / "bundle.txt").write_text(_run("bundle", "--index", "3"))
    (tmp_path / "policy.txt").write_text(_run("policy"))

    for proof_file in ("proof.json", "bundle.txt"):
        result = json.loads(_run("verify", str(files[3]), "--proof", str(tmp_path / proof_file),
                                 "--policy", str(tmp_path / "policy.txt")))
        assert result == {"verified": True, "index": 3, "tree_size": 5, "witnesses": {}}


def test_verify_fails_for_a_changed_file(org_tree, files, tmp_path, capsys):
    _run("register", str(files[0]))
    _run("sequence")
    (tmp_path / "bundle.txt").write_text(_run("bundle", "--index", "0"))
    files[0].write_bytes(files[0].read_bytes() + b"!")

    with pytest.raises(SystemExit) as exit_:
        _run("verify", str(files[0]), "--proof", str(tmp_path / "bundle.txt"))

    assert exit_.value.code == 1


def test_verify_fails_against_another_logs_key(org_tree, files, tmp_path, settings):
    _run("register", str(files[0]))
    _run("sequence")
    (tmp_path / "bundle.txt").write_text(_run("bundle", "--index", "0"))
    from smartjustice.ledger.tlog.note import Ed25519Signer

    other = Ed25519Signer("tongxiang.example/evidence", bytes(32))
    (tmp_path / "policy.txt").write_text(f"log {other.vkey}\nquorum none\n")

    with pytest.raises(SystemExit):
        _run("verify", str(files[0]), "--proof", str(tmp_path / "bundle.txt"), "--policy", str(tmp_path / "policy.txt"))


def test_register_duplicate_and_unknown_org_exit_2(org_tree, files):
    _run("register", str(files[0]))

    with pytest.raises(CommandError) as dup:
        _run("register", str(files[0]))
    with pytest.raises(CommandError) as org:
        _run("register", str(files[1]), "--org", "nope")

    assert (dup.value.returncode, org.value.returncode) == (2, 2)
    assert Registration.objects.count() == 1


def test_check_reports_tampering_with_exit_3(org_tree, files):
    from .conftest import tamper

    _run("register", str(files[0]))
    _run("sequence")
    assert json.loads(_run("check")) == {"ok": True, "size": 1}
    tamper("UPDATE ledger_logentry SET entry = %s", [b"x"])

    with pytest.raises(CommandError) as err:
        _run("check")

    assert err.value.returncode == 3


def test_export_proof_beyond_the_log_is_refused(org_tree, files):
    _run("register", str(files[0]))
    services.sequence_pending()

    with pytest.raises(CommandError) as err:
        _run("export-proof", "--index", "1")

    assert err.value.returncode == 2


def test_register_a_folder_sequences_once_at_the_end(org_tree, tmp_path, settings,
                                                     django_capture_on_commit_callbacks):
    settings.LEDGER_SEQUENCE_ON_REGISTER = True
    folder = tmp_path / "import"
    (folder / "sub").mkdir(parents=True)
    contents = {"a.pdf": b"A", "b.pdf": b"B", "sub/c.pdf": b"C", "sub/copy-of-a.pdf": b"A", "z.pdf": b"Z"}
    for name, data in contents.items():
        (folder / name).write_bytes(data)
    earlier = tmp_path / "earlier.pdf"
    earlier.write_bytes(b"Z")
    with django_capture_on_commit_callbacks(execute=True) as single:
        first = json.loads(_run("register", str(earlier)))

    with django_capture_on_commit_callbacks(execute=True) as bulk:
        out = json.loads(_run("register", str(folder), "--case", "桐执〔2025〕9号"))

    from smartjustice.ledger.tasks import sequence_pending_task

    runs = [sum(cb == sequence_pending_task.delay for cb in cbs) for cbs in (single, bulk)]
    assert runs == [1, 1]  # one sequencing run each, not one per file
    regs = {Path(r["file"]).relative_to(folder).as_posix(): r for r in out["registered"]}
    assert sorted(regs) == ["a.pdf", "b.pdf", "sub/c.pdf"]
    assert {k: r["content_sha256"] for k, r in regs.items()} == {k: sha(contents[k]) for k in regs}
    assert sorted((Path(d["file"]).name, d["number"]) for d in out["duplicates"]) == [
        ("copy-of-a.pdf", regs["a.pdf"]["number"]), ("z.pdf", first["number"])]
    assert Registration.objects.count() == 4
    assert list(SignedCheckpoint.objects.order_by("size").values_list("size", flat=True)) == [1, 4]
    assert LogEntry.objects.count() == 4


def test_register_many_refuses_a_missing_path_and_registers_nothing(org_tree, files, tmp_path):
    with pytest.raises(CommandError) as err:
        _run("register", str(files[0]), str(tmp_path / "missing.pdf"))

    assert err.value.returncode == 2
    assert Registration.objects.count() == 0


def test_sequencing_drains_more_than_one_batch(org_tree, files, settings):
    from smartjustice.ledger.tasks import sequence_pending_task

    settings.LEDGER_BATCH_SIZE = 2
    _run("register", *map(str, files))

    assert sequence_pending_task() == 5
    assert list(SignedCheckpoint.objects.order_by("size").values_list("size", flat=True)) == [2, 4, 5]
