import base64
import hashlib

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from smartjustice.ledger.tlog import checkpoint as ckpt
from smartjustice.ledger.tlog import cosignature as cosig
from smartjustice.ledger.tlog import note

from .vectors import load

SN = load("signed_note.json")
CP = load("checkpoint.json")
CS = load("cosignature.json")


def _verifier(name):
    keys = SN["go_keys"][name]
    return note.parse_vkey(keys["vkey"])


def test_c2sp_example_note_verifies():
    ex = SN["c2sp_example"]

    n = note.open_note(ex["signed_note"], [note.parse_vkey(ex["vkey"])])

    assert n.text == ex["text"]
    assert [s.name for s in n.sigs] == ["example.com/foo"]


def test_go_private_key_roundtrip_and_public_key():
    peter = note.Ed25519Signer.from_skey(SN["go_keys"]["peter"]["skey"])

    assert peter.vkey == SN["go_keys"]["peter"]["vkey"]
    assert peter.skey == SN["go_keys"]["peter"]["skey"]


def test_enoch_seed_of_zero_bytes_gives_published_vkey():
    enoch = note.Ed25519Signer("EnochRoot", bytes.fromhex(SN["go_keys"]["enoch"]["seed_hex"]))

    assert enoch.vkey == SN["go_keys"]["enoch"]["vkey"]


def test_sign_reproduces_go_output_byte_for_byte():
    sign = SN["go_sign"]
    peter = note.Ed25519Signer.from_skey(SN["go_keys"]["peter"]["skey"])
    enoch = note.Ed25519Signer("EnochRoot", bytes(32))

    signed = note.sign_note(sign["text"], [peter])
    both = note.add_signatures(signed, [enoch])

    assert signed == sign["want_signed_note"]
    assert both == sign["want_signed_note"] + sign["enoch_sig_line"]


@pytest.mark.parametrize("case", SN["go_open_cases"], ids=lambda c: c["desc"])
def test_go_open_cases(case):
    msg = case["msg"] if case["msg"] is not None else base64.b64decode(case["msg_b64"])
    verifiers = [_verifier(v) for v in case["verifiers"]]
    if case["want_ok"]:
        n = note.open_note(msg, verifiers)
        assert n.text == case.get("want_text", n.text)
        assert [(s.name, f"{s.key_id:08x}", s.b64) for s in n.sigs] == [
            (s["name"], s["key_id_hex"], s["sig_b64"]) for s in case["want_sigs"]]
        if "want_unverified" in case:
            assert [(s.name, f"{s.key_id:08x}", s.b64) for s in n.unverified] == [
                (s["name"], s["key_id_hex"], s["sig_b64"]) for s in case["want_unverified"]]
        return
    with pytest.raises(note.NoteError) as err:
        note.open_note(msg, verifiers)
    assert str(err.value) == case["want_error"]
    expected_class = {
        "malformed note": note.MalformedNote,
        "note has no verifiable signatures": note.UnverifiedNote,
    }.get(case["want_error"])
    if case["want_error"].startswith("ambiguous key"):
        expected_class = note.AmbiguousKey
    if case["want_error"].startswith("invalid signature"):
        expected_class = note.InvalidSignature
    assert type(err.value) is expected_class
    if "want_unverified" in case:
        assert [s.b64 for s in err.value.note.unverified] == [s["sig_b64"] for s in case["want_unverified"]]


def test_malformed_note_detail_does_not_leak_into_message():
    with pytest.raises(note.MalformedNote) as err:
        note.open_note("no signatures\n", [])

    assert err.value.code == "ledger.note_malformed"


@pytest.mark.parametrize("case", SN["go_vkey_invalid"], ids=lambda c: c["why"])
def test_go_invalid_vkeys(case):
    with pytest.raises(note.InvalidVerifierKey):
        note.parse_vkey(case["vkey"])


@pytest.mark.parametrize("case", SN["formats_vkey_cases"], ids=lambda c: c["vkey"][:30])
def test_formats_vkey_cases(case):
    if case["want_ok"]:
        v = note.parse_vkey(case["vkey"])
        assert v.alg == case["type"]
        assert v.vkey == case["vkey"]
    else:
        with pytest.raises(note.InvalidVerifierKey):
            note.parse_vkey(case["vkey"])


@pytest.mark.parametrize("pair", SN["formats_test_keypairs"], ids=lambda p: p["vkey"].split("+")[0])
def test_formats_keypairs(pair):
    signer = note.Ed25519Signer.from_skey(pair["skey"])

    assert signer.vkey == pair["vkey"]
    signed = note.sign_note("hello\n", [signer])
    assert note.open_note(signed, [note.parse_vkey(pair["vkey"])]).text == "hello\n"


def test_vkey_base64_may_contain_plus():
    # "Known+...+AXAQ0T7l..." splits at the first two '+' only; KnownAgain's key has '+' inside.
    v = note.parse_vkey(SN["formats_test_keypairs"][2]["vkey"])

    assert v.name == "KnownAgain"
    assert v.key_id == 0x4893B26C


def test_signature_by_same_name_other_key_is_unverified_not_invalid():
    peter = note.Ed25519Signer.from_skey(SN["go_keys"]["peter"]["skey"])
    impostor = note.Ed25519Signer("PeterNeumann", bytes(range(32)))
    signed = note.sign_note("text\n", [impostor, peter])

    n = note.open_note(signed, [peter.verifier()])

    assert [s.key_id for s in n.sigs] == [peter.key_id]
    assert [s.key_id for s in n.unverified] == [impostor.key_id]


def test_sixteen_signatures_are_accepted():
    signers = [note.Ed25519Signer(f"k{i}", bytes([i]) * 32) for i in range(16)]
    signed = note.sign_note("t\n", signers)

    n = note.open_note(signed, [s.verifier() for s in signers])

    assert len(n.sigs) == 16


# --- checkpoints ------------------------------------------------------------------------

def test_c2sp_checkpoint_example_parses():
    ex = CP["c2sp_example"]
    text, sigs = note.split_note(ex["signed_checkpoint"])

    c = ckpt.parse_checkpoint(text)

    assert (c.origin, c.size, base64.b64encode(c.root).decode()) == (ex["origin"], ex["size"], ex["root_b64"])
    assert sigs[0].key_id == int.from_bytes(base64.b64decode(sigs[0].b64)[:4], "big")


@pytest.mark.parametrize("case", CP["formats_marshal_cases"], ids=lambda c: c["origin"])
def test_formats_marshal(case):
    assert ckpt.format_checkpoint(case["origin"], case["size"], case["hash_ascii"].encode()) == case["want"]


@pytest.mark.parametrize("case", CP["formats_unmarshal_cases"], ids=lambda c: c["desc"])
def test_formats_unmarshal(case):
    if case["want_ok"]:
        c = ckpt.parse_checkpoint(case["m"], strict=False)
        assert (c.origin, c.size, c.root, c.extensions) == (
            case["origin"], case["size"], case["hash_ascii"].encode(), case["rest"])
    else:
        with pytest.raises(ckpt.MalformedCheckpoint):
            ckpt.parse_checkpoint(case["m"], strict=False)


@pytest.mark.parametrize("text", [
    "Log\n123\nYmFuYW5hcw==\n",  # root not 32 bytes
    "Log\n0123\n" + base64.b64encode(bytes(32)).decode() + "\n",  # leading zero
    "Log\n1\n" + base64.b64encode(bytes(32)).decode() + "\n\n",  # empty extension line
    "Log\n1\n" + base64.b64encode(bytes(32)).decode(),  # unterminated
])
def test_strict_checkpoint_rules(text):
    with pytest.raises(ckpt.MalformedCheckpoint):
        ckpt.parse_checkpoint(text)


def _ssh_ed25519(pub_line):
    blob = base64.b64decode(pub_line.split()[1])
    n = int.from_bytes(blob[:4], "big")
    assert blob[4:4 + n] == b"ssh-ed25519"
    rest = blob[4 + n:]
    m = int.from_bytes(rest[:4], "big")
    return rest[4:4 + m]


@pytest.mark.parametrize("size,ok", [(4, True), (5, False)])
def test_real_sigsum_checkpoint_signature(size, ok):
    s = CP["sigsum_signed_checkpoint"]
    pub = _ssh_ed25519(s["public_key_ssh"])
    origin = "sigsum.org/v1/tree/" + hashlib.sha256(pub).hexdigest()
    body = ckpt.format_checkpoint(origin, size, bytes.fromhex(s["root_hex"]))
    v = note.Ed25519Verifier(origin, pub)

    assert v.verify(body.encode(), bytes.fromhex(s["signature_hex"])) is ok


def test_sigsum_format_checkpoint():
    s = CP["sigsum_format_checkpoint"]
    origin = "sigsum.org/v1/tree/" + hashlib.sha256(bytes(32)).hexdigest()

    assert ckpt.format_checkpoint(origin, s["size"], bytes.fromhex(s["root_hex"])) == s["want_body"]


# --- cosignatures ------------------------------------------------------------------------

def test_c2sp_cosignature_example():
    ex = CS["c2sp_example"]
    text = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
    sig_b64 = ex["example_sig_line"].split(" ")[-1]

    assert cosig.cosignature_message(text, ex["want_timestamp"]).decode() == ex["cosigned_message"]
    assert base64.b64decode(sig_b64)[:4].hex() == ex["want_key_id_hex"]
    assert cosig.cosignature_timestamp(sig_b64) == ex["want_timestamp"]


def test_sigsum_cosigned_message():
    d = CS["sigsum_cosigned_data"]
    text = ckpt.format_checkpoint(d["origin"], d["size"], bytes.fromhex(d["root_hex"]))

    assert cosig.cosignature_message(text, d["timestamp"]).decode() == d["want_message"]


@pytest.mark.parametrize("case", CS["formats_timestamp_cases"], ids=lambda c: str(c.get("why", "ok")))
def test_timestamp_extraction(case):
    if case["want_ok"]:
        assert cosig.cosignature_timestamp(case["sig_b64"]) == case["want_timestamp"]
    else:
        with pytest.raises(cosig.InvalidCosignature):
            cosig.cosignature_timestamp(case["sig_b64"])


@pytest.mark.parametrize("real", CS["real_witnessed_checkpoints"], ids=lambda r: r["desc"][:20])
def test_real_witnessed_checkpoints(real):
    log = note.parse_vkey(real["log_vkey"])
    witnesses = [cosig.cosignature_verifier(v) for v in real["witness_vkeys_type01"]]

    n = note.open_note(real["signed_checkpoint"], [log, *witnesses])

    assert (n.sigs[0].name == log.name) is real["want_log_sig_ok"]
    assert sum(1 for s in n.sigs if s.name != log.name) == real["want_cosigs_ok"]
    assert all(w.last_timestamp for w in witnesses)


@pytest.mark.parametrize("real", CS["real_witnessed_checkpoints"], ids=lambda r: r["desc"][:20])
def test_type01_keyid_does_not_match_a_cosignature_line(real):
    log = note.parse_vkey(real["log_vkey"])
    as_type01 = [note.parse_vkey(v) for v in real["witness_vkeys_type01"]]

    n = note.open_note(real["signed_checkpoint"], [log, *as_type01])

    assert [s.name for s in n.sigs] == [log.name]
    assert len(n.unverified) == 2


@pytest.mark.parametrize("real", CS["real_witnessed_checkpoints"], ids=lambda r: r["desc"][:20])
def test_tampered_witnessed_checkpoint_is_rejected(real):
    log = note.parse_vkey(real["log_vkey"])
    witnesses = [cosig.cosignature_verifier(v) for v in real["witness_vkeys_type01"]]
    text = real["signed_checkpoint"]
    lines = text.split("\n")
    size = int(lines[1])
    tampered = "\n".join([lines[0], str(size + 1), *lines[2:]])

    with pytest.raises(note.InvalidSignature):
        note.open_note(tampered, [log, *witnesses])


def test_witness_readme_times_match_cosignature_timestamps():
    from datetime import datetime

    real = CS["real_witnessed_checkpoints"][0]
    witnesses = {v.split("+")[0]: cosig.cosignature_verifier(v) for v in real["witness_vkeys_type01"]}
    note.open_note(real["signed_checkpoint"], [note.parse_vkey(real["log_vkey"]), *witnesses.values()])

    for entry in real["readme_witness_times"]:
        name, when = entry.split(": ")
        assert witnesses[name].last_timestamp == int(datetime.fromisoformat(when).timestamp())


def test_cosigner_roundtrip_and_public_key_match():
    base = note.Ed25519Signer("witness.court.example/evidence", bytes(range(32)))
    signer = cosig.CosignatureSigner(base, clock=lambda: 1700000000)
    text = ckpt.format_checkpoint("o", 1, bytes(32))

    line = signer.signature_line(text.encode())
    signed = note.sign_note(text, [base]).rstrip("\n") + "\n" + line

    v = cosig.cosignature_verifier(base.vkey)
    n = note.open_note(signed, [v])
    assert v.last_timestamp == 1700000000
    assert Ed25519PublicKey.from_public_bytes(v.key_material)
    assert n.sigs[0].key_id == signer.key_id != base.key_id
