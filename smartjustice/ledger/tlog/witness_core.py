"""The C2SP tlog-witness v1.0.0 add-checkpoint state machine.

Request body: "old <N>\\n", 0..63 lines of base64 consistency-proof hashes, "\\n", then
the signed checkpoint. Checks, in this order (the spec fixes codes, not order):
    malformed request                                   400
    unknown origin                                      404
    no valid trusted log signature / a bad one          403
    old > size                                          400
    old != size last cosigned (0 if never)              409, body "<size>\\n", text/x.tlog.size
    size 0 with a root other than H("")                 422
    old = 0 with a non-empty proof                      422
    old = size with a different root                    422
    consistency proof fails                             422
Then the witness atomically compares-and-swaps its stored (size, root) — a lost race is
another 409 — and only after the new state is persisted returns 200 with its
cosignature line(s). A witness therefore never cosigns a rollback or a fork.

The cosigned checkpoint (the log's note plus our line) is stored in the same
compare-and-swap, so `latest_cosigned(origin_hash)` can serve the C2SP tlog-witness
monitoring endpoint `GET <prefix>/<hex(H(origin))>/checkpoint` (LEDGER.md §5).
"""
from __future__ import annotations

import hashlib
import sqlite3
import threading
from dataclasses import dataclass
from typing import Protocol

from . import merkle
from .checkpoint import parse_checkpoint
from .cosignature import CosignatureSigner
from .note import NoteError, Verifier, b64decode_strict, open_note, split_note

MAX_PROOF_LINES = 63
SIZE_CONTENT_TYPE = "text/x.tlog.size"
TEXT_CONTENT_TYPE = "text/plain; charset=utf-8"


@dataclass
class Response:
    status: int
    body: bytes
    content_type: str = TEXT_CONTENT_TYPE


class StateStore(Protocol):
    def get(self, origin: str) -> tuple[int, bytes] | None: ...

    def compare_and_swap(self, origin: str, old: tuple[int, bytes] | None, new: tuple[int, bytes],
                         cosigned: str = "") -> bool: ...

    def cosigned(self, origin: str) -> str | None: ...


class MemoryStore:
    def __init__(self):
        self._state: dict[str, tuple[int, bytes]] = {}
        self._notes: dict[str, str] = {}
        self._lock = threading.Lock()

    def get(self, origin):
        return self._state.get(origin)

    def compare_and_swap(self, origin, old, new, cosigned=""):
        with self._lock:
            if self._state.get(origin) != old:
                return False
            self._state[origin] = new
            if cosigned:
                self._notes[origin] = cosigned
            return True

    def cosigned(self, origin):
        return self._notes.get(origin)


class SQLiteStore:
    """Persistent witness state: one (size, root) per origin, updated by compare-and-swap."""

    def __init__(self, path: str):
        self.path = path
        with self._connect() as db:
            db.execute("CREATE TABLE IF NOT EXISTS log_state ("
                       "origin TEXT PRIMARY KEY, size INTEGER NOT NULL, root BLOB NOT NULL)")
            # Added later: older state files gain the table on their next start.
            db.execute("CREATE TABLE IF NOT EXISTS cosigned (origin TEXT PRIMARY KEY, note TEXT NOT NULL)")

    def _connect(self):
        db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        return db

    def get(self, origin):
        with self._connect() as db:
            row = db.execute("SELECT size, root FROM log_state WHERE origin = ?", (origin,)).fetchone()
        return (row[0], bytes(row[1])) if row else None

    def cosigned(self, origin):
        with self._connect() as db:
            row = db.execute("SELECT note FROM cosigned WHERE origin = ?", (origin,)).fetchone()
        return row[0] if row else None

    def compare_and_swap(self, origin, old, new, cosigned=""):
        db = self._connect()
        try:
            db.execute("BEGIN IMMEDIATE")
            row = db.execute("SELECT size, root FROM log_state WHERE origin = ?", (origin,)).fetchone()
            current = (row[0], bytes(row[1])) if row else None
            if current != old:
                db.execute("ROLLBACK")
                return False
            if row:
                db.execute("UPDATE log_state SET size = ?, root = ? WHERE origin = ?", (new[0], new[1], origin))
            else:
                db.execute("INSERT INTO log_state (origin, size, root) VALUES (?, ?, ?)", (origin, new[0], new[1]))
            if cosigned:
                db.execute("INSERT OR REPLACE INTO cosigned (origin, note) VALUES (?, ?)", (origin, cosigned))
            db.execute("COMMIT")
            return True
        finally:
            db.close()


class BadRequest(ValueError):
    pass


def parse_request(body: bytes) -> tuple[int, list[bytes], str]:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise BadRequest("request is not UTF-8") from None
    first, sep, rest = text.partition("\n")
    if not sep or not first.startswith("old "):
        raise BadRequest("request must start with 'old <size>'")
    old_s = first[4:]
    if not old_s.isdigit() or (len(old_s) > 1 and old_s[0] == "0") or int(old_s) >= 2**64:
        raise BadRequest("old size is not a decimal number")
    proof = []
    while True:
        line, sep, rest = rest.partition("\n")
        if not sep:
            raise BadRequest("missing blank line before the checkpoint")
        if line == "":
            break
        if len(proof) == MAX_PROOF_LINES:
            raise BadRequest("too many consistency proof lines")
        try:
            h = b64decode_strict(line)
        except ValueError:
            raise BadRequest("proof line is not base64") from None
        if len(h) != merkle.HASH_SIZE:
            raise BadRequest("proof hash is not 32 bytes")
        proof.append(h)
    return int(old_s), proof, rest


def format_request(old: int, proof: list[bytes], signed_checkpoint: str) -> bytes:
    from .note import b64

    return (f"old {old}\n" + "".join(b64(p) + "\n" for p in proof) + "\n" + signed_checkpoint).encode()


class Witness:
    """One witness: its cosigner, the logs it trusts (origin -> verifiers) and its state."""

    def __init__(self, signer: CosignatureSigner, logs: dict[str, list[Verifier]], store: StateStore):
        self.signer, self.logs, self.store = signer, logs, store

    def add_checkpoint(self, body: bytes) -> Response:
        try:
            old, proof, signed = parse_request(body)
            text, _sigs = split_note(signed)
            cp = parse_checkpoint(text)
        except (BadRequest, NoteError) as exc:
            return Response(400, f"bad request: {exc}\n".encode())
        verifiers = self.logs.get(cp.origin)
        if not verifiers:
            return Response(404, b"unknown log\n")
        try:
            open_note(signed, verifiers)
        except NoteError as exc:
            return Response(403, f"invalid signature: {exc}\n".encode())
        if old > cp.size:
            return Response(400, b"old size is larger than the checkpoint size\n")
        state = self.store.get(cp.origin)
        current_size = state[0] if state else 0
        if old != current_size:
            return Response(409, f"{current_size}\n".encode(), SIZE_CONTENT_TYPE)
        if cp.size == 0 and cp.root != merkle.EMPTY_ROOT:
            return Response(422, b"empty tree with a non-empty root\n")
        if old == 0 and proof:
            return Response(422, b"consistency proof from size 0 must be empty\n")
        if state and old == cp.size and cp.root != state[1]:
            return Response(422, b"same size, different root: consistency proof fails\n")
        if old > 0:
            try:
                merkle.verify_consistency(old, cp.size, state[1], cp.root, proof)
            except merkle.ProofError as exc:
                return Response(422, f"invalid consistency proof: {exc}\n".encode())
        # Signed before the swap but released only after it: a lost race discards the line.
        line = self.signer.signature_line(text.encode())
        if not self.store.compare_and_swap(cp.origin, state, (cp.size, cp.root), cosigned=signed + line):
            latest = self.store.get(cp.origin)
            return Response(409, f"{latest[0] if latest else 0}\n".encode(), SIZE_CONTENT_TYPE)
        return Response(200, line.encode())

    def latest_cosigned(self, origin_hash: str) -> str | None:
        """The latest checkpoint this witness cosigned for the log whose origin hashes to
        `origin_hash` (lower-case hex SHA-256), or None (unknown log, or never cosigned)."""
        for origin in self.logs:
            if hashlib.sha256(origin.encode()).hexdigest() == origin_hash:
                return self.store.cosigned(origin)
        return None
