import base64

import pytest
from cryptography.hazmat.primitives import serialization

from smartjustice.ledger.tlog import merkle, tiles
from smartjustice.ledger.tlog.checkpoint import format_checkpoint
from smartjustice.ledger.tlog.cosignature import CosignatureSigner, cosignature_verifier
from smartjustice.ledger.tlog.note import (
    Ed25519Signer,
    Ed25519Verifier,
    add_signatures,
    open_note,
    sign_note,
)
from smartjustice.ledger.tlog.policy import Policy, PolicyError, QuorumNotMet
from smartjustice.ledger.tlog.witness_core import MemoryStore, SQLiteStore, Witness, format_request

from .vectors import load

T = load("tlog_tiles.json")
W = load("witness_protocol.json")


# --- tiles ------------------------------------------------------------------------------

@pytest.mark.parametrize("case", T["tile_path_cases"], ids=lambda c: c["want"])
def test_tile_paths(case):
    assert tiles.tile_path(case["level"], case["index"], case["partial_width"]) == case["want"]


@pytest.mark.parametrize("case", T["entries_path_cases"], ids=lambda c: c["want"])
def test_entries_paths(case):
    assert tiles.entries_path(case["n"], case["partial_width"]) == case["want"]


@pytest.mark.parametrize("case", T["entries_path_for_log_index_cases"], ids=lambda c: c["seq_expr"] + "@" + c["log_size_expr"])
def test_entries_path_for_log_index(case):
    assert tiles.entries_path_for_log_index(case["seq"], case["log_size"]) == case["want"]


@pytest.mark.parametrize("case", T["parse_level_index_cases"], ids=lambda c: c["path_level"] + "/" + c["path_index"])
def test_parse_level_and_index(case):
    if case["want_err"]:
        with pytest.raises(tiles.TilePathError):
            tiles.parse_level(case["path_level"])
            tiles.parse_index(case["path_index"])
    else:
        assert tiles.parse_level(case["path_level"]) == case["want_level"]
        assert tiles.parse_index(case["path_index"]) == (case["want_index"], case["want_partial_width"])


def test_spec_example_70000_leaves():
    ex = T["spec_examples"][0]
    s = ex["tree_size"]

    assert tiles.full_tiles(s, 0) == ex["full_level0_tiles"]
    assert tiles.partial_width(s, 0) == ex["partial_level0_width"]
    assert tiles.full_tiles(s, 1) == ex["full_level1_tiles"]
    assert tiles.partial_width(s, 1) == ex["partial_level1_width"]
    assert tiles.partial_width(s, 2) == ex["partial_level2_width"]
    assert tiles.full_tiles(s, 2) == 0


def test_spec_example_256_leaves_and_index_encoding():
    ex, enc = T["spec_examples"][1], T["spec_examples"][2]

    assert tiles.full_tiles(256, 0) == ex["full_level0_tiles"]
    assert tiles.partial_width(256, 0) == 0
    assert tiles.partial_width(256, 1) == ex["partial_level1_width"]
    assert tiles.encode_index(enc["index"]) == enc["encoded"]


def test_sumdb_record_hash_and_tree_note():
    s = T["sumdb_tlog"]
    h = merkle.leaf_hash(s["record_hash_input_ascii"].encode())

    assert base64.b64encode(h).decode() == s["record_hash_b64"]
    assert format_checkpoint("go.sum database tree", s["tree_size"], h) == s["tree_note_text"]


def test_entry_bundle_roundtrip_and_limits():
    entries = [b"", b"a", b"x" * 65535]

    assert tiles.decode_bundle(tiles.encode_bundle(entries)) == entries
    with pytest.raises(ValueError):
        tiles.encode_bundle([b"x" * 65536])
    with pytest.raises(ValueError):
        tiles.decode_bundle(b"\x00\x05abc")


# --- witness: the 9-request sequence ----------------------------------------------------

def _vector_witness(store=None):
    key = serialization.load_ssh_private_key(W["witness_ssh_private_key_pem"].encode(), password=None)
    seed = key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                             serialization.NoEncryption())
    signer = CosignatureSigner(Ed25519Signer(W["witness_name"], seed), clock=lambda: 1700000000)
    log = Ed25519Verifier(W["origin"], bytes.fromhex(W["log_public_key_hex"]))
    return Witness(signer, {W["origin"]: [log]}, store or MemoryStore()), signer


def _replay(witness, signer):
    for req in W["requests"]:
        resp = witness.add_checkpoint(req["body"].encode())
        assert resp.status == req["c2sp_status"], req["assert"]
        body = resp.body.decode()
        if req["assert"].startswith("body == "):
            assert body == req["assert"][len("body == "):].strip('"').replace("\\n", "\n")
            assert resp.content_type == "text/x.tlog.size"
        elif "— example.com/witness" in req["assert"]:
            assert body.startswith("— example.com/witness ")
            cp = req["body"].split("\n\n", 1)[1]
            cosigned = cp + body
            v = cosignature_verifier(signer.vkey)
            open_note(cosigned, [v])
            assert v.last_timestamp == 1700000000
        else:
            needle = req["assert"].split('"')[1]
            if req["c2sp_status"] == req["observed_status"]:
                assert needle in body


def test_witness_request_sequence_from_litewitness():
    witness, signer = _vector_witness()

    _replay(witness, signer)

    assert witness.store.get(W["origin"])[0] == W["final_state"]["size"]


def test_witness_sequence_with_persistent_sqlite_state(tmp_path):
    store = SQLiteStore(str(tmp_path / "w.sqlite"))
    witness, signer = _vector_witness(store)

    _replay(witness, signer)

    assert SQLiteStore(str(tmp_path / "w.sqlite")).get(W["origin"])[0] == 5


def test_vector_roots_are_mth_of_synthetic_leaves():
    leaves = [base64.b64decode(h) for h in W["leaf_hashes_b64"]]
    tree = merkle.MemoryTree(leaves)

    assert base64.b64encode(tree.root(3)).decode() == "RcCI1Nk56ZcSmIEfIn0SleqtV7uvrlXNccFx595Iwl0="
    assert base64.b64encode(tree.root(5)).decode() == "QrtXrQZCCvpIgsSmOsah7HdICzMLLyDfxToMql9WTjY="


class _Log:
    def __init__(self, origin="tongxiang.example/evidence"):
        self.signer = Ed25519Signer(origin, bytes([7]) * 32)
        self.tree = merkle.MemoryTree()

    def checkpoint(self, size=None, root=None):
        size = self.tree.size if size is None else size
        root = self.tree.root(size) if root is None else root
        return sign_note(format_checkpoint(self.signer.name, size, root), [self.signer])


def _witness_for(log):
    signer = CosignatureSigner(Ed25519Signer("witness.court.example", bytes([9]) * 32), clock=lambda: 1)
    return Witness(signer, {log.signer.name: [log.signer.verifier()]}, MemoryStore())


def test_witness_refuses_a_fork_at_the_same_size():
    log = _Log()
    for i in range(4):
        log.tree.append(b"e%d" % i)
    witness = _witness_for(log)
    assert witness.add_checkpoint(format_request(0, [], log.checkpoint())).status == 200

    forked = witness.add_checkpoint(format_request(4, [], log.checkpoint(4, bytes(32))))

    assert forked.status == 422
    assert witness.store.get(log.signer.name) == (4, log.tree.root())


def test_witness_refuses_a_rollback_and_an_inconsistent_extension():
    log = _Log()
    for i in range(6):
        log.tree.append(b"e%d" % i)
    witness = _witness_for(log)
    assert witness.add_checkpoint(format_request(0, [], log.checkpoint())).status == 200
    other = merkle.MemoryTree(merkle.leaf_hash(b"x%d" % i) for i in range(8))

    rollback = witness.add_checkpoint(format_request(0, [], log.checkpoint(3)))
    fork = witness.add_checkpoint(format_request(6, other.consistency_proof(6), log.checkpoint(8, other.root())))

    assert (rollback.status, rollback.body) == (409, b"6\n")
    assert fork.status == 422
    assert witness.store.get(log.signer.name) == (6, log.tree.root())


def test_witness_rejects_old_larger_than_size_and_nonempty_proof_from_zero():
    log = _Log()
    log.tree.append(b"a")
    witness = _witness_for(log)

    assert witness.add_checkpoint(format_request(2, [], log.checkpoint())).status == 400
    assert witness.add_checkpoint(format_request(0, [bytes(32)], log.checkpoint())).status == 422
    assert witness.add_checkpoint(format_request(0, [], log.checkpoint(0, bytes(32)))).status == 422
    assert witness.add_checkpoint(b"garbage").status == 400
    assert witness.store.get(log.signer.name) is None


# --- policy -----------------------------------------------------------------------------

def _deployment(n=5):
    log = _Log()
    for i in range(3):
        log.tree.append(b"e%d" % i)
    names = ["court", "procuratorate", "justice", "police", "market"]
    cosigners = {name: CosignatureSigner(Ed25519Signer(f"witness.{name}.example", bytes([i + 1]) * 32),
                                         clock=lambda: 1700000000) for i, name in enumerate(names[:n])}
    text = "\n".join([
        f"log {log.signer.vkey}",
        *[f"witness {name} {c.base.vkey}" for name, c in cosigners.items()],
        "group judicial 2 court procuratorate justice",
        "group exec any police market",
        "group q all judicial exec",
        "quorum q",
    ])
    return log, cosigners, Policy.parse(text)


def _cosign(log, cosigners, names):
    signed = log.checkpoint()
    text = signed.split("\n\n")[0] + "\n"
    return signed + "".join(cosigners[n].signature_line(text.encode()) for n in names)


def test_policy_quorum_met_reports_witness_times():
    log, cosigners, policy = _deployment()

    result = policy.verify_checkpoint(_cosign(log, cosigners, ["court", "justice", "police"]))

    assert result.checkpoint.size == 3
    assert result.witness_times == {"court": 1700000000, "justice": 1700000000, "police": 1700000000}


@pytest.mark.parametrize("names", [["court", "justice"], ["court", "police", "market"], []])
def test_policy_quorum_not_met(names):
    log, cosigners, policy = _deployment()

    with pytest.raises(QuorumNotMet):
        policy.verify_checkpoint(_cosign(log, cosigners, names))


def test_policy_rejects_a_bad_cosignature_from_a_known_witness():
    from smartjustice.ledger.tlog.note import InvalidSignature

    log, cosigners, policy = _deployment()
    signed = _cosign(log, cosigners, ["court", "justice", "police"])
    bad_line = cosigners["market"].signature_line(b"another text\n")

    with pytest.raises(InvalidSignature):
        policy.verify_checkpoint(signed + bad_line)


def test_policy_requires_the_log_signature():
    from smartjustice.ledger.tlog.note import UnverifiedNote

    log, cosigners, policy = _deployment()
    other_log = Ed25519Signer(log.signer.name, bytes([8]) * 32)
    text = format_checkpoint(log.signer.name, log.tree.size, log.tree.root())
    signed = sign_note(text, [other_log])

    with pytest.raises(UnverifiedNote):
        policy.verify_checkpoint(signed)


@pytest.mark.parametrize("text", [
    "quorum none",
    "log bad+key",
    "log example+00000000+AA==\nquorum none",
    "witness a b\nquorum a",
])
def test_policy_parse_errors(text):
    with pytest.raises(PolicyError):
        Policy.parse(text)


def test_add_signatures_skips_existing():
    log = _Log()
    signed = log.checkpoint()

    assert add_signatures(signed, [log.signer]) == signed
