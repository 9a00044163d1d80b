"""Proof exports for courts and offline verifiers (issue #5 §5).

`export_proof` builds the JSON the issue specifies: checkpoint (signed-note text),
log_vkey, witness_vkeys, index, leaf_hash, inclusion_proof, old_size, old_root,
consistency_proof (hashes in standard base64), plus `entry` (base64 entry bytes) so the
file's SHA-256 can be checked without the server. `export_bundle` writes the same proof
as a c2sp.org/tlog-proof@v1 text file. Both use the latest cosigned checkpoint when
one is published, else the latest log-signed checkpoint.
"""
from __future__ import annotations

import base64
from pathlib import Path

from django.conf import settings

from . import keys, selectors
from .errors import ProofRequestInvalid
from .tlog.checkpoint import parse_checkpoint
from .tlog.note import split_note
from .tlog.policy import Policy
from .tlog.proofbundle import format_bundle


def _b64(b: bytes) -> str:
    return base64.b64encode(b).decode()


def policy_text() -> str:
    """The trust policy: LEDGER_POLICY_FILE, or "this log, no witnesses" when absent."""
    path = Path(settings.LEDGER_POLICY_FILE)
    if path.exists():
        return path.read_text()
    return f"log {keys.log_vkey()}\nquorum none\n"


def policy() -> Policy:
    return Policy.parse(policy_text())


def current_checkpoint() -> tuple[str, int]:
    published = selectors.latest_published_checkpoint()
    signed = selectors.latest_signed_checkpoint()
    if published is not None:
        return published.note, published.size
    if signed is None:
        raise ProofRequestInvalid(detail="the log has no checkpoint yet")
    return signed.note, signed.size


def export_proof(index: int, old_size: int | None = None) -> dict:
    note, size = current_checkpoint()
    if not 0 <= index < size:
        raise ProofRequestInvalid(detail=f"index {index} is not below the checkpoint size {size}")
    entry = selectors.get_entry(index)
    root = parse_checkpoint(split_note(note)[0]).root
    out = {
        "checkpoint": note,
        "log_vkey": keys.log_vkey(),
        "witness_vkeys": [v.vkey for v in policy().witnesses.values()],
        "index": index,
        "leaf_hash": _b64(bytes(entry.leaf_hash)),
        "inclusion_proof": [_b64(h) for h in selectors.inclusion_proof(index, size)],
        "entry": _b64(bytes(entry.entry)),
        "size": size,
        "root": _b64(root),
    }
    if old_size is not None:
        if not 0 < old_size <= size:
            raise ProofRequestInvalid(detail=f"old size must be between 1 and {size}")
        out["old_size"] = old_size
        out["old_root"] = _b64(selectors.root_at(old_size))
        out["consistency_proof"] = [_b64(h) for h in selectors.consistency_proof(old_size, size)]
    return out


def export_bundle(index: int) -> str:
    note, size = current_checkpoint()
    if not 0 <= index < size:
        raise ProofRequestInvalid(detail=f"index {index} is not below the checkpoint size {size}")
    entry = selectors.get_entry(index)
    return format_bundle(bytes(entry.entry), index, selectors.inclusion_proof(index, size), note)


def bundle_from_json(data: dict) -> str:
    """A tlog-proof bundle from an export_proof JSON document (it must carry `entry`)."""
    if "entry" not in data:
        raise ProofRequestInvalid(detail="the JSON proof carries no entry")
    return format_bundle(base64.b64decode(data["entry"]), int(data["index"]),
                         [base64.b64decode(h) for h in data["inclusion_proof"]], data["checkpoint"])
