"""C2SP tlog-checkpoint v1.0.0: `<origin>\\n<size>\\n<b64 root>\\n[<extension>\\n]*`.

Guarantees of `parse_checkpoint` (strict, the default): every line ends in '\\n'; the
origin is non-empty; the size is decimal without leading zeros and fits in a uint64;
the root is canonical standard base64 of exactly 32 bytes; extension lines are
non-empty. `strict=False` follows transparency-dev/formats (any root length, any
trailing text) so the reference vectors can be checked.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .merkle import HASH_SIZE
from .note import MalformedNote, b64, b64decode_strict

MAX_SIZE = 2**64 - 1
_SIZE = re.compile(r"(0|[1-9][0-9]*)\Z")


class MalformedCheckpoint(MalformedNote):
    code = "ledger.checkpoint_malformed"

    def __init__(self, detail: str = ""):
        super().__init__(detail)
        self.args = (f"malformed checkpoint: {detail}",)


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    size: int
    root: bytes
    extensions: str = ""  # the raw text after line 3 (each line ending in '\n')

    def text(self) -> str:
        return f"{self.origin}\n{self.size}\n{b64(self.root)}\n{self.extensions}"


def format_checkpoint(origin: str, size: int, root: bytes, extensions: str = "") -> str:
    if not origin or "\n" in origin:
        raise MalformedCheckpoint("origin must be a non-empty single line")
    if not 0 <= size <= MAX_SIZE:
        raise MalformedCheckpoint("size out of range")
    return Checkpoint(origin, size, root, extensions).text()


def parse_checkpoint(text: str, *, strict: bool = True) -> Checkpoint:
    parts = text.split("\n", 3)
    if len(parts) < 4:
        raise MalformedCheckpoint("a checkpoint needs three lines ending in a newline")
    origin, size_s, root_s, rest = parts
    if not origin:
        raise MalformedCheckpoint("empty origin")
    if not _SIZE.match(size_s):
        raise MalformedCheckpoint("size is not a decimal number without leading zeros")
    size = int(size_s)
    if size > MAX_SIZE:
        raise MalformedCheckpoint("size does not fit in 64 bits")
    try:
        root = b64decode_strict(root_s)
    except ValueError:
        raise MalformedCheckpoint("root hash is not valid base64") from None
    if strict:
        if len(root) != HASH_SIZE or b64(root) != root_s:
            raise MalformedCheckpoint("root hash must be 32 bytes in canonical base64")
        if rest and (not rest.endswith("\n") or "\n\n" in "\n" + rest):
            raise MalformedCheckpoint("extension lines must be non-empty and end in a newline")
    return Checkpoint(origin, size, root, rest)
