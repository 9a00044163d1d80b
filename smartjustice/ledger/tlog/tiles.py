"""C2SP tlog-tiles paths, widths and entry bundles.

A level-L tile N holds the hashes of the Merkle level 8L nodes N*256 .. N*256+255, i.e.
MTH of 256**L-leaf subtrees; a partial tile of a tree of size s has width
floor(s / 256**L) mod 256. N is written in 3-digit groups, all but the last prefixed
'x' (1234067 -> x001/x234/067). Entry bundles are big-endian u16 length-prefixed entries.
"""
from __future__ import annotations

import re
import struct

TILE_WIDTH = 256
TILE_HEIGHT = 8  # Merkle levels per tile level
MAX_LEVEL = 63
MAX_ENTRY = 65535


class TilePathError(ValueError):
    code = "ledger.tile_path_invalid"


def encode_index(n: int) -> str:
    if n < 0:
        raise TilePathError("negative tile index")
    groups = []
    while True:
        groups.append(f"{n % 1000:03d}")
        n //= 1000
        if n == 0:
            break
    groups.reverse()
    return "/".join(["x" + g for g in groups[:-1]] + [groups[-1]])


def _suffix(width: int) -> str:
    if width == 0:
        return ""
    if not 0 < width < TILE_WIDTH:
        raise TilePathError("partial width must be 1..255")
    return f".p/{width}"


def tile_path(level: int, index: int, width: int = 0) -> str:
    if not 0 <= level <= MAX_LEVEL:
        raise TilePathError("tile level must be 0..63")
    return f"tile/{level}/{encode_index(index)}{_suffix(width)}"


def entries_path(n: int, width: int = 0) -> str:
    return f"tile/entries/{encode_index(n)}{_suffix(width)}"


def partial_width(size: int, level: int) -> int:
    return (size // TILE_WIDTH**level) % TILE_WIDTH


def full_tiles(size: int, level: int) -> int:
    return size // TILE_WIDTH ** (level + 1)


def entries_path_for_log_index(seq: int, size: int) -> str:
    n = seq // TILE_WIDTH
    width = partial_width(size, 0) if n == full_tiles(size, 0) else 0
    return entries_path(n, width)


def tile_width_in_tree(level: int, index: int, size: int) -> int:
    """0 for a full tile in a tree of `size`, the partial width, or raise if absent."""
    full = full_tiles(size, level)
    if index < full:
        return 0
    if index == full and partial_width(size, level):
        return partial_width(size, level)
    raise TilePathError("tile is beyond the tree")


_LEVEL = re.compile(r"(0|[1-9][0-9]?)\Z")
_GROUP_X = re.compile(r"x[0-9]{3}\Z")
_LAST = re.compile(r"([0-9]{3})(?:\.p/([1-9][0-9]{0,2}))?\Z")


def parse_level(text: str) -> int:
    if not _LEVEL.match(text) or int(text) > MAX_LEVEL:
        raise TilePathError("tile level must be 0..63")
    return int(text)


def parse_index(text: str) -> tuple[int, int]:
    """(index, partial width) from 'x001/x234/067[.p/W]'."""
    groups = text.split("/")
    if groups[-1].startswith(("x",)):
        raise TilePathError("the last index group has no 'x'")
    # '.p/W' splits into its own group; glue it back.
    if len(groups) >= 2 and groups[-2].endswith(".p"):
        groups = groups[:-2] + [groups[-2] + "/" + groups[-1]]
    *prefix, last = groups
    m = _LAST.match(last)
    if not m or not all(_GROUP_X.match(g) for g in prefix):
        raise TilePathError("malformed tile index")
    index = 0
    for g in prefix:
        index = index * 1000 + int(g[1:])
    index = index * 1000 + int(m.group(1))
    width = int(m.group(2) or 0)
    if width >= TILE_WIDTH:
        raise TilePathError("partial width must be 1..255")
    if index >= 2**63:
        raise TilePathError("tile index too large")
    return index, width


def encode_bundle(entries: list[bytes]) -> bytes:
    out = bytearray()
    for e in entries:
        if len(e) > MAX_ENTRY:
            raise ValueError("an entry in a bundle is at most 65535 bytes")
        out += struct.pack(">H", len(e)) + e
    return bytes(out)


def decode_bundle(data: bytes) -> list[bytes]:
    out, i = [], 0
    while i < len(data):
        if i + 2 > len(data):
            raise ValueError("truncated entry bundle")
        (n,) = struct.unpack(">H", data[i:i + 2])
        if i + 2 + n > len(data):
            raise ValueError("truncated entry bundle")
        out.append(data[i + 2:i + 2 + n])
        i += 2 + n
    return out
