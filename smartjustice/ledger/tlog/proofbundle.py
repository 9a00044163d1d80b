"""Offline proof bundles (c2sp.org/tlog-proof@v1) and their verification.

    c2sp.org/tlog-proof@v1
    extra <b64(entry bytes)>          (we always carry the entry, so the bundle is self-contained)
    index <i>
    <b64 inclusion hash>              (0..63 lines)
    <blank line>
    <cosigned checkpoint, verbatim>

`verify_bundle` guarantees, in order (LEDGER.md §8): the checkpoint's log signature and
witness quorum satisfy the policy; leaf = H(0x00 || entry); the inclusion proof leads
from that leaf at `index` to the checkpoint root; and, when the evidence file's SHA-256
is given, the entry names exactly that hash.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from . import merkle
from .note import NoteError, b64, b64decode_strict
from .policy import Policy

HEADER = "c2sp.org/tlog-proof@v1"


class BundleError(NoteError):
    code = "ledger.bundle_malformed"


class ContentMismatch(NoteError):
    code = "ledger.content_mismatch"


def format_bundle(entry: bytes, index: int, proof: list[bytes], checkpoint_note: str) -> str:
    return (f"{HEADER}\nextra {b64(entry)}\nindex {index}\n" + "".join(b64(p) + "\n" for p in proof)
            + "\n" + checkpoint_note)


@dataclass
class Bundle:
    entry: bytes
    index: int
    proof: list[bytes]
    checkpoint: str


def parse_bundle(text: str) -> Bundle:
    head, sep, checkpoint = text.partition("\n\n")
    if not sep:
        raise BundleError("proof bundle has no checkpoint")
    lines = head.split("\n")
    if lines[0] != HEADER or len(lines) < 3:
        raise BundleError("not a c2sp.org/tlog-proof@v1 bundle")
    if not lines[1].startswith("extra "):
        raise BundleError("bundle carries no entry")
    if not re.fullmatch(r"index (0|[1-9][0-9]*)", lines[2]):
        raise BundleError("bad index line")
    try:
        entry = b64decode_strict(lines[1][6:])
        proof = [b64decode_strict(line) for line in lines[3:]]
    except ValueError:
        raise BundleError("bad base64 in bundle") from None
    if len(proof) > 63:
        raise BundleError("too many proof lines")
    return Bundle(entry, int(lines[2][6:]), proof, checkpoint)


@dataclass
class BundleResult:
    index: int
    size: int
    root: bytes
    leaf_hash: bytes
    entry: bytes
    witness_times: dict[str, int]


def verify_bundle(text: str, policy: Policy, *, file_sha256: str | None = None,
                  checkpoint_note: str | None = None) -> BundleResult:
    bundle = parse_bundle(text)
    verified = policy.verify_checkpoint(checkpoint_note or bundle.checkpoint)
    cp = verified.checkpoint
    leaf = merkle.leaf_hash(bundle.entry)
    merkle.verify_inclusion(bundle.index, cp.size, leaf, bundle.proof, cp.root)
    if file_sha256 is not None:
        needle = f"\ncontent-sha256 {file_sha256.lower()}\n".encode()
        if needle not in bundle.entry:
            raise ContentMismatch("the file's SHA-256 is not the one registered in this entry")
    return BundleResult(bundle.index, cp.size, cp.root, leaf, bundle.entry, verified.witness_times)


def file_sha256(path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
