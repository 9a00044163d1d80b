"""C2SP tlog-cosignature v1.0.1 (Ed25519 cosignature/v1, signature type 0x04).

Guarantees: key id = H(name || 0x0A || 0x04 || pub32)[:4]; a signature line carries
key_id[4] || u64be timestamp || ed25519_sig[64] (76 bytes); the signed message is
"cosignature/v1\\ntime <ts>\\n" + the full checkpoint text (extension lines included).
A witness key published as type 0x01 is used with the same public key and a 0x04 key id.
"""
from __future__ import annotations

import struct
import time as _time
from collections.abc import Callable

from cryptography.exceptions import InvalidSignature as _CryptoInvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from .note import (
    ALG_COSIGNATURE_V1,
    ALG_ED25519,
    EM_DASH_PREFIX,
    Ed25519Signer,
    InvalidVerifierKey,
    NoteError,
    Verifier,
    b64,
    b64decode_strict,
    is_valid_name,
    key_id,
    parse_vkey,
)

COSIGNATURE_LENGTH = 76


class InvalidCosignature(NoteError):
    code = "ledger.cosignature_invalid"


def cosignature_message(checkpoint_text: str | bytes, timestamp: int) -> bytes:
    if isinstance(checkpoint_text, str):
        checkpoint_text = checkpoint_text.encode()
    return b"cosignature/v1\ntime " + str(int(timestamp)).encode() + b"\n" + checkpoint_text


def cosignature_timestamp(sig_b64: str) -> int:
    """The timestamp carried by a cosignature's base64 payload (key id included)."""
    try:
        raw = b64decode_strict(sig_b64)
    except ValueError:
        raise InvalidCosignature("cosignature is not valid base64") from None
    if len(raw) != COSIGNATURE_LENGTH:
        raise InvalidCosignature(f"a cosignature has {COSIGNATURE_LENGTH} bytes, got {len(raw)}")
    return struct.unpack(">Q", raw[4:12])[0]


class CosignatureVerifier(Verifier):
    """Verifies cosignature/v1 lines; `last_timestamp` is set by a successful verify."""

    alg = ALG_COSIGNATURE_V1

    def __init__(self, name: str, public_key: bytes):
        if not is_valid_name(name):
            raise InvalidVerifierKey(f"invalid key name {name!r}")
        if len(public_key) != 32:
            raise InvalidVerifierKey("an Ed25519 public key has 32 bytes")
        self.name, self.key_material = name, public_key
        self.key_id = key_id(name, bytes([ALG_COSIGNATURE_V1]) + public_key)
        self._key = Ed25519PublicKey.from_public_bytes(public_key)
        self.last_timestamp: int | None = None

    def verify(self, text: bytes, sig: bytes) -> bool:
        if len(sig) != COSIGNATURE_LENGTH - 4:
            return False
        ts = struct.unpack(">Q", sig[:8])[0]
        try:
            self._key.verify(sig[8:], cosignature_message(text, ts))
        except _CryptoInvalidSignature:
            return False
        self.last_timestamp = ts
        return True


def cosignature_verifier(vkey: str) -> CosignatureVerifier:
    """A cosignature verifier from a witness vkey published as type 0x01 or 0x04."""
    parsed = parse_vkey(vkey)
    if isinstance(parsed, CosignatureVerifier):
        return parsed
    if parsed.alg != ALG_ED25519:
        raise InvalidVerifierKey("a witness key must be Ed25519 (0x01 or 0x04)")
    return CosignatureVerifier(parsed.name, parsed.key_material)


class CosignatureSigner:
    """A witness's signer: Ed25519 seed, cosignature/v1 lines with the current time."""

    alg = ALG_COSIGNATURE_V1

    def __init__(self, signer: Ed25519Signer, clock: Callable[[], float] = _time.time):
        self.base, self.clock = signer, clock
        self.name = signer.name
        self.public_key = signer.public_key
        self.key_id = key_id(self.name, bytes([ALG_COSIGNATURE_V1]) + self.public_key)

    @property
    def vkey(self) -> str:
        return f"{self.name}+{self.key_id:08x}+{b64(bytes([ALG_COSIGNATURE_V1]) + self.public_key)}"

    def verifier(self) -> CosignatureVerifier:
        return CosignatureVerifier(self.name, self.public_key)

    def signature_line(self, text: bytes, timestamp: int | None = None) -> str:
        ts = int(self.clock()) if timestamp is None else int(timestamp)
        sig = self.base.sign_bytes(cosignature_message(text, ts))
        payload = struct.pack(">IQ", self.key_id, ts) + sig
        return f"{EM_DASH_PREFIX}{self.name} {b64(payload)}\n"
