"""Canonical entry bytes of an evidence registration (the log's leaf data).

Format (UTF-8, one "key value" per line, every line ends in '\\n', keys in this order):

    smartjustice.ledger/evidence/v1
    number <registration number>
    content-sha256 <64 lowercase hex: SHA-256 of the evidence file>
    type <EvidenceType code>
    org <registering organisation code>
    officer <registering user's id, or "-">
    case <case reference, or "-">
    time <UTC time, YYYY-MM-DDTHH:MM:SSZ>
    description-hash <"-", or hex SHA-256(salt || description) with the salt kept off-log>

No raw personal data goes into the log (《个人信息保护法》第六条, data minimisation):
the description is committed to by a salted hash only; names and ID numbers never appear.
Values contain no newline or control character; the whole entry is at most 1 KiB, well
within a tlog-tiles entry bundle (65535 B).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass

HEADER = "smartjustice.ledger/evidence/v1"
KEYS = ("number", "content-sha256", "type", "org", "officer", "case", "time", "description-hash")
_HEX64 = re.compile(r"[0-9a-f]{64}\Z")
_VALUE = re.compile(r"[^\x00-\x1f\x7f]{1,200}\Z")


class EntryFormatError(ValueError):
    pass


@dataclass(frozen=True)
class EvidenceEntry:
    number: str
    content_sha256: str
    evidence_type: str
    org_code: str
    officer: str
    case: str
    time: dt.datetime
    description_hash: str

    def encode(self) -> bytes:
        values = (self.number, self.content_sha256, self.evidence_type, self.org_code,
                  self.officer or "-", self.case or "-",
                  self.time.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                  self.description_hash or "-")
        for v in values:
            if not _VALUE.match(v):
                raise EntryFormatError(f"value {v!r} is empty, too long or has control characters")
        if not _HEX64.match(self.content_sha256):
            raise EntryFormatError("content hash must be 64 lowercase hex digits")
        return (HEADER + "\n" + "".join(f"{k} {v}\n" for k, v in zip(KEYS, values, strict=True))).encode()


def description_hash(salt: bytes, description: str) -> str:
    return hashlib.sha256(salt + description.encode()).hexdigest() if description else "-"


def decode_entry(data: bytes) -> dict[str, str]:
    """The fields of an entry, checked for the exact canonical shape."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise EntryFormatError("entry is not UTF-8") from None
    lines = text.split("\n")
    if lines[0] != HEADER or lines[-1] != "" or len(lines) != len(KEYS) + 2:
        raise EntryFormatError("not an evidence entry")
    out = {}
    for key, line in zip(KEYS, lines[1:-1], strict=True):
        k, sep, v = line.partition(" ")
        if k != key or not sep or not _VALUE.match(v):
            raise EntryFormatError(f"bad line for {key}")
        out[key] = v
    return out
