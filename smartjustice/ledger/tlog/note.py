"""C2SP signed notes (c2sp.org/signed-note v1.0.0; Go reference golang.org/x/mod/sumdb/note).

Guarantees:
* vkeys are `<name>+<hex8 keyid>+<b64(type || key)>`, split at the first two '+' only
  (the base64 part may contain '+'); the key id is recomputed and must match.
* `open_note` follows Go's Open: invalid UTF-8 or control characters other than '\n',
  a missing signature block, a bad signature line or more than 100 signatures are
  MalformedNote; lines whose (name, key id) pair is unknown are kept as unverified;
  a known key whose signature fails rejects the whole note (InvalidSignature); two
  configured verifiers for one (name, key id) are AmbiguousKey when that key signed;
  duplicate lines are verified once; a note with no verified signature is UnverifiedNote.
* Ed25519 (type 0x01) signers load Go's `PRIVATE+KEY+<name>+<hex8>+<b64(0x01||seed)>`.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import struct
import unicodedata
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidSignature as _CryptoInvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

ALG_ED25519 = 0x01
ALG_ECDSA = 0x02
ALG_COSIGNATURE_V1 = 0x04
ALG_RFC6962_STH = 0x05
MAX_SIGNATURES = 100
EM_DASH_PREFIX = "\u2014 "


class NoteError(ValueError):
    """Base of every signed-note error; `code` is stable."""

    code = "ledger.note_error"


class MalformedNote(NoteError):
    code = "ledger.note_malformed"

    def __init__(self, detail: str = ""):
        # Go's message is always "malformed note"; the reason is kept in `detail`.
        self.detail = detail
        super().__init__("malformed note")


class InvalidVerifierKey(NoteError):
    code = "ledger.vkey_invalid"


class InvalidSignerKey(NoteError):
    code = "ledger.skey_invalid"


class InvalidSignature(NoteError):
    code = "ledger.signature_invalid"

    def __init__(self, name: str, key_id: int):
        self.name, self.key_id = name, key_id
        super().__init__(f"invalid signature for key {name}+{key_id:08x}")


class AmbiguousKey(NoteError):
    code = "ledger.key_ambiguous"

    def __init__(self, name: str, key_id: int):
        self.name, self.key_id = name, key_id
        super().__init__(f"ambiguous key {name}+{key_id:08x}")


class UnverifiedNote(NoteError):
    code = "ledger.note_unverified"

    def __init__(self, note: Note):
        self.note = note
        super().__init__("note has no verifiable signatures")


def is_valid_name(name: str) -> bool:
    """Non-empty, no Unicode space, no '+' (signed-note §"Key names")."""
    return bool(name) and "+" not in name and not any(ch.isspace() or unicodedata.category(ch) == "Zs" for ch in name)


def key_id(name: str, key_bytes_with_type: bytes) -> int:
    """H(name || 0x0A || type || key)[:4] as a big-endian uint32."""
    digest = hashlib.sha256(name.encode() + b"\n" + key_bytes_with_type).digest()
    return struct.unpack(">I", digest[:4])[0]


def b64decode_strict(text: str) -> bytes:
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError) as exc:
        raise ValueError("invalid base64") from exc


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


# --- verifiers ------------------------------------------------------------------------

class Verifier:
    name: str
    key_id: int
    alg: int

    def verify(self, text: bytes, sig: bytes) -> bool:  # pragma: no cover - interface
        raise NotImplementedError

    @property
    def vkey(self) -> str:
        return f"{self.name}+{self.key_id:08x}+{b64(bytes([self.alg]) + self.key_material)}"


class Ed25519Verifier(Verifier):
    alg = ALG_ED25519

    def __init__(self, name: str, public_key: bytes):
        if not is_valid_name(name):
            raise InvalidVerifierKey(f"invalid key name {name!r}")
        if len(public_key) != 32:
            raise InvalidVerifierKey("an Ed25519 public key has 32 bytes")
        self.name, self.key_material = name, public_key
        self.key_id = key_id(name, bytes([self.alg]) + public_key)
        self._key = Ed25519PublicKey.from_public_bytes(public_key)

    def verify(self, text: bytes, sig: bytes) -> bool:
        if len(sig) != 64:
            return False
        try:
            self._key.verify(sig, text)
        except _CryptoInvalidSignature:
            return False
        return True


class ECDSAVerifier(Verifier):
    """Type 0x02 (transparency-dev/witness): DER SPKI key, key id = H(SPKI)[:4], ASN.1 signature."""

    alg = ALG_ECDSA

    def __init__(self, name: str, spki: bytes):
        if not is_valid_name(name):
            raise InvalidVerifierKey(f"invalid key name {name!r}")
        try:
            key = serialization.load_der_public_key(spki)
        except ValueError as exc:
            raise InvalidVerifierKey("invalid ECDSA public key") from exc
        if not isinstance(key, ec.EllipticCurvePublicKey):
            raise InvalidVerifierKey("not an ECDSA public key")
        self.name, self.key_material, self._key = name, spki, key
        self.key_id = struct.unpack(">I", hashlib.sha256(spki).digest()[:4])[0]

    def verify(self, text: bytes, sig: bytes) -> bool:
        try:
            self._key.verify(sig, text, ec.ECDSA(hashes.SHA256()))
        except (_CryptoInvalidSignature, ValueError):
            return False
        return True


def parse_vkey(vkey: str) -> Verifier:
    """A Verifier for a vkey string; raises InvalidVerifierKey with the reason."""
    from .cosignature import CosignatureVerifier  # cosignature builds on this module

    parts = vkey.split("+", 2)
    if len(parts) != 3:
        raise InvalidVerifierKey("a vkey has three '+'-separated parts")
    name, hex_id, b64key = parts
    if not is_valid_name(name):
        raise InvalidVerifierKey(f"invalid key name {name!r}")
    if len(hex_id) != 8 or any(c not in "0123456789abcdef" for c in hex_id):
        raise InvalidVerifierKey("key id must be 8 lowercase hex digits")
    try:
        raw = b64decode_strict(b64key)
    except ValueError:
        raise InvalidVerifierKey("key is not valid base64") from None
    if not raw:
        raise InvalidVerifierKey("key is empty")
    alg, material = raw[0], raw[1:]
    if alg == ALG_ED25519:
        verifier: Verifier = Ed25519Verifier(name, material)
    elif alg == ALG_COSIGNATURE_V1:
        verifier = CosignatureVerifier(name, material)
    elif alg == ALG_ECDSA:
        verifier = ECDSAVerifier(name, material)
    else:
        raise InvalidVerifierKey(f"unsupported key type 0x{alg:02x}")
    if verifier.key_id != int(hex_id, 16):
        raise InvalidVerifierKey("key id does not match the key")
    return verifier


# --- signers --------------------------------------------------------------------------

class Ed25519Signer:
    """Signs note text with Ed25519 (type 0x01)."""

    alg = ALG_ED25519

    def __init__(self, name: str, seed: bytes):
        if not is_valid_name(name):
            raise InvalidSignerKey(f"invalid key name {name!r}")
        if len(seed) != 32:
            raise InvalidSignerKey("an Ed25519 seed has 32 bytes")
        self.name, self.seed = name, seed
        self._key = Ed25519PrivateKey.from_private_bytes(seed)
        self.public_key = self._key.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        self.key_id = key_id(name, bytes([ALG_ED25519]) + self.public_key)

    @classmethod
    def generate(cls, name: str) -> Ed25519Signer:
        key = Ed25519PrivateKey.generate()
        seed = key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                 serialization.NoEncryption())
        return cls(name, seed)

    @classmethod
    def from_skey(cls, skey: str) -> Ed25519Signer:
        parts = skey.strip().split("+", 4)
        if len(parts) != 5 or parts[0] != "PRIVATE" or parts[1] != "KEY":
            raise InvalidSignerKey("a private key reads PRIVATE+KEY+<name>+<hex8>+<base64>")
        _p, _k, name, hex_id, b64key = parts
        try:
            raw = b64decode_strict(b64key)
        except ValueError:
            raise InvalidSignerKey("key is not valid base64") from None
        if len(raw) != 33 or raw[0] != ALG_ED25519:
            raise InvalidSignerKey("only Ed25519 (type 0x01) private keys are supported")
        signer = cls(name, raw[1:])
        if f"{signer.key_id:08x}" != hex_id:
            raise InvalidSignerKey("key id does not match the key")
        return signer

    @property
    def skey(self) -> str:
        return f"PRIVATE+KEY+{self.name}+{self.key_id:08x}+{b64(bytes([ALG_ED25519]) + self.seed)}"

    @property
    def vkey(self) -> str:
        return f"{self.name}+{self.key_id:08x}+{b64(bytes([ALG_ED25519]) + self.public_key)}"

    def verifier(self) -> Ed25519Verifier:
        return Ed25519Verifier(self.name, self.public_key)

    def sign_bytes(self, message: bytes) -> bytes:
        return self._key.sign(message)

    def signature_line(self, text: bytes) -> str:
        return f"{EM_DASH_PREFIX}{self.name} {b64(struct.pack('>I', self.key_id) + self.sign_bytes(text))}\n"


# --- notes ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Signature:
    name: str
    key_id: int
    b64: str  # base64 of key_id[4] || signature, exactly as on the line

    @property
    def raw(self) -> bytes:
        return base64.b64decode(self.b64)[4:]

    @property
    def line(self) -> str:
        return f"{EM_DASH_PREFIX}{self.name} {self.b64}\n"


@dataclass
class Note:
    text: str
    sigs: list[Signature] = field(default_factory=list)
    unverified: list[Signature] = field(default_factory=list)


def _check_text(text: str) -> None:
    for ch in text:
        if ch < " " and ch != "\n":
            raise MalformedNote("control character in note")


def _decode(msg: bytes | str) -> str:
    if isinstance(msg, bytes):
        try:
            msg = msg.decode("utf-8")
        except UnicodeDecodeError:
            raise MalformedNote("note is not valid UTF-8") from None
    _check_text(msg)
    return msg


def split_note(msg: bytes | str) -> tuple[str, list[Signature]]:
    """Text and signature lines of a note, checked for shape only (no verification)."""
    msg = _decode(msg)
    i = msg.rfind("\n\n")
    if i < 0:
        raise MalformedNote("no signature block")
    text, block = msg[: i + 1], msg[i + 2:]
    if not block or not block.endswith("\n"):
        raise MalformedNote("signature block missing or unterminated")
    sigs = []
    for line in block[:-1].split("\n"):
        if not line.startswith(EM_DASH_PREFIX):
            raise MalformedNote("signature line must start with an em dash")
        name, _sep, b64sig = line[len(EM_DASH_PREFIX):].partition(" ")
        try:
            raw = b64decode_strict(b64sig) if b64sig else b""
        except ValueError:
            raise MalformedNote("signature is not valid base64") from None
        if not is_valid_name(name) or len(raw) < 5:
            raise MalformedNote("bad signature line")
        sigs.append(Signature(name, struct.unpack(">I", raw[:4])[0], b64sig))
        if len(sigs) > MAX_SIGNATURES:
            raise MalformedNote("too many signatures")
    return text, sigs


def open_note(msg: bytes | str, verifiers: list[Verifier]) -> Note:
    """Verify a signed note against known verifiers (Go note.Open semantics)."""
    text, lines = split_note(msg)
    known: dict[tuple[str, int], list[Verifier]] = {}
    for v in verifiers:
        known.setdefault((v.name, v.key_id), []).append(v)
    note = Note(text=text)
    seen: set[tuple[str, int]] = set()
    seen_unverified: set[str] = set()
    text_bytes = text.encode()
    for sig in lines:
        pair = (sig.name, sig.key_id)
        candidates = known.get(pair)
        if not candidates:
            if sig.line not in seen_unverified:
                seen_unverified.add(sig.line)
                note.unverified.append(sig)
            continue
        if len(candidates) > 1:
            raise AmbiguousKey(*pair)
        if pair in seen:
            continue
        seen.add(pair)
        if not candidates[0].verify(text_bytes, sig.raw):
            raise InvalidSignature(*pair)
        note.sigs.append(sig)
    if not note.sigs:
        raise UnverifiedNote(note)
    return note


def sign_note(text: str, signers, existing: str = "") -> str:
    """A signed note: `text` (must end in '\n'), a blank line, then the signature lines.

    `existing` are signature lines already on the note (kept first, as Go's Sign does).
    """
    if not text.endswith("\n") or "\n\n" in text:
        raise MalformedNote("note text must end in a newline and contain no blank line")
    _check_text(text)
    lines = existing + "".join(s.signature_line(text.encode()) for s in signers)
    return f"{text}\n{lines}"


def add_signatures(note: str, signers) -> str:
    """Append signatures by `signers` to an already signed note (duplicates skipped)."""
    text, sigs = split_note(note)
    present = {(s.name, s.key_id) for s in sigs}
    new = [s for s in signers if (s.name, s.key_id) not in present]
    return sign_note(text, new, existing="".join(s.line for s in sigs))
