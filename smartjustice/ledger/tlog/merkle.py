"""RFC 9162 §2.1 Merkle tree hashing, proof generation and proof verification.

Guarantees: leaf = SHA-256(0x00 || entry), node = SHA-256(0x01 || left || right),
MTH of the empty tree = SHA-256(""). Inclusion proofs (PATH) and consistency proofs
(PROOF) are generated bottom-up, byte-identical to transparency-dev/merkle and
golang.org/x/mod/sumdb/tlog, and verified with the RFC 9162 §2.1.3.2 / §2.1.4.2
algorithms including the edge cases of transparency-dev/merkle (LEDGER.md §1).

Proof generation is written against ranges so that a store can fetch every hash it
needs in one query: `inclusion_ranges` / `consistency_ranges` name the subtrees
[lo, hi) whose MTH form the proof, `perfect_decomposition` splits each range into
aligned perfect subtrees (level, index), and `hash_range` folds them back together.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()


class ProofError(ValueError):
    """A proof could not be generated or did not verify; subclasses say why."""

    code = "ledger.proof_invalid"


class IndexOutOfRange(ProofError):
    code = "ledger.index_out_of_range"


class SizeOutOfRange(ProofError):
    code = "ledger.size_out_of_range"


class WrongProofLength(ProofError):
    code = "ledger.wrong_proof_length"


class BadHashLength(ProofError):
    code = "ledger.bad_hash_length"


class RootMismatch(ProofError):
    code = "ledger.root_mismatch"


def leaf_hash(entry: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + entry).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def split_point(n: int) -> int:
    """The largest power of two strictly less than n (n >= 2)."""
    if n < 2:
        raise ValueError("split needs n >= 2")
    return 1 << ((n - 1).bit_length() - 1)


def root_from_leaf_hashes(hashes: Sequence[bytes]) -> bytes:
    """MTH of a list of leaf hashes, iteratively (no recursion depth limit)."""
    if not hashes:
        return EMPTY_ROOT
    level = list(hashes)
    # Pair up left to right; an odd last node is carried up unchanged. This equals the
    # recursive "largest power of two" split of RFC 9162 §2.1.1.
    while len(level) > 1:
        nxt = [node_hash(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            nxt.append(level[-1])
        level = nxt
    return level[0]


# --- ranges ---------------------------------------------------------------------------

def inclusion_ranges(index: int, size: int) -> list[tuple[int, int]]:
    """The subtrees [lo, hi) whose MTH make up PATH(index, D[size]), leaf sibling first."""
    if not 0 <= index < size:
        raise IndexOutOfRange(f"index {index} is not below tree size {size}")
    out: list[tuple[int, int]] = []
    lo, hi, m = 0, size, index
    while hi - lo > 1:
        k = split_point(hi - lo)
        if m < k:
            out.append((lo + k, hi))
            hi = lo + k
        else:
            out.append((lo, lo + k))
            lo, m = lo + k, m - k
    out.reverse()
    return out


def consistency_ranges(old_size: int, size: int) -> list[tuple[int, int]]:
    """The subtrees whose MTH make up PROOF(old_size, D[size]) (0 < old_size <= size)."""
    if not 0 < old_size <= size:
        raise SizeOutOfRange(f"consistency needs 0 < old size ({old_size}) <= size ({size})")
    out: list[tuple[int, int]] = []
    lo, hi, m, complete = 0, size, old_size, True
    while True:
        n = hi - lo
        if m == n:
            if not complete:
                out.append((lo, hi))
            break
        k = split_point(n)
        if m <= k:
            out.append((lo + k, hi))
            hi = lo + k
        else:
            out.append((lo, lo + k))
            lo, m, complete = lo + k, m - k, False
    out.reverse()
    return out


def perfect_decomposition(lo: int, hi: int) -> list[tuple[int, int]]:
    """Split [lo, hi) (lo aligned as in any PATH/PROOF range) into perfect subtrees.

    Returns (level, index) pairs, left to right, where node (level, index) covers
    leaves [index * 2**level, (index + 1) * 2**level).
    """
    out = []
    while lo < hi:
        # The largest aligned power of two that starts at lo and fits before hi.
        level = (lo & -lo).bit_length() - 1 if lo else 64
        while (1 << level) > hi - lo:
            level -= 1
        out.append((level, lo >> level))
        lo += 1 << level
    return out


def hash_range(lo: int, hi: int, nodes: Mapping[tuple[int, int], bytes]) -> bytes:
    """MTH(D[lo:hi]) from the perfect subtree hashes of its decomposition."""
    parts = [nodes[p] for p in perfect_decomposition(lo, hi)]
    # Perfect subtrees shrink left to right, so folding from the right reproduces
    # the RFC split (the left part is always the largest power of two).
    acc = parts[-1]
    for h in reversed(parts[:-1]):
        acc = node_hash(h, acc)
    return acc


def needed_nodes(ranges: Iterable[tuple[int, int]]) -> set[tuple[int, int]]:
    return {p for lo, hi in ranges for p in perfect_decomposition(lo, hi)}


def proof_from_ranges(ranges: Sequence[tuple[int, int]],
                      fetch: Callable[[set[tuple[int, int]]], Mapping[tuple[int, int], bytes]]) -> list[bytes]:
    nodes = fetch(needed_nodes(ranges))
    return [hash_range(lo, hi, nodes) for lo, hi in ranges]


# --- an in-memory tree (tests, witnesses, offline tools) --------------------------------

class MemoryTree:
    """An append-only tree in memory holding every perfect subtree hash."""

    def __init__(self, leaf_hashes: Iterable[bytes] = ()):
        self.levels: list[list[bytes]] = [[]]
        for h in leaf_hashes:
            self.append_hash(h)

    @property
    def size(self) -> int:
        return len(self.levels[0])

    def append(self, entry: bytes) -> int:
        return self.append_hash(leaf_hash(entry))

    def append_hash(self, h: bytes) -> int:
        index = self.size
        self.levels[0].append(h)
        level, i = 0, index
        while i % 2 == 1:  # completing a right child completes its parent
            parent = node_hash(self.levels[level][i - 1], self.levels[level][i])
            level += 1
            if len(self.levels) <= level:
                self.levels.append([])
            self.levels[level].append(parent)
            i //= 2
        return index

    def _fetch(self, wanted):
        return {(lv, ix): self.levels[lv][ix] for lv, ix in wanted}

    def root(self, size: int | None = None) -> bytes:
        size = self.size if size is None else size
        if not 0 <= size <= self.size:
            raise SizeOutOfRange(f"size {size} is beyond the tree ({self.size})")
        if size == 0:
            return EMPTY_ROOT
        return hash_range(0, size, self._fetch(set(perfect_decomposition(0, size))))

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        size = self.size if size is None else size
        if size > self.size:
            raise SizeOutOfRange(f"size {size} is beyond the tree ({self.size})")
        return proof_from_ranges(inclusion_ranges(index, size), self._fetch)

    def consistency_proof(self, old_size: int, size: int | None = None) -> list[bytes]:
        size = self.size if size is None else size
        if size > self.size:
            raise SizeOutOfRange(f"size {size} is beyond the tree ({self.size})")
        return proof_from_ranges(consistency_ranges(old_size, size), self._fetch)


# --- verification -----------------------------------------------------------------------

def _check_hashes(proof: Sequence[bytes]) -> None:
    for p in proof:
        if len(p) != HASH_SIZE:
            raise BadHashLength(f"proof hash of {len(p)} bytes, expected {HASH_SIZE}")


def root_from_inclusion_proof(index: int, size: int, leaf: bytes, proof: Sequence[bytes]) -> bytes:
    """The root implied by an inclusion proof (RFC 9162 §2.1.3.2); raises on bad shape."""
    if index < 0 or size < 0 or index >= size:
        raise IndexOutOfRange(f"index {index} is not below tree size {size}")
    if len(leaf) != HASH_SIZE:
        raise BadHashLength(f"leaf hash of {len(leaf)} bytes, expected {HASH_SIZE}")
    _check_hashes(proof)
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            raise WrongProofLength("inclusion proof is too long")
        if fn % 2 == 1 or fn == sn:
            r = node_hash(p, r)
            if fn % 2 == 0:
                while fn != 0 and fn % 2 == 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise WrongProofLength("inclusion proof is too short")
    return r


def verify_inclusion(index: int, size: int, leaf: bytes, proof: Sequence[bytes], root: bytes) -> None:
    """Raise a ProofError unless `leaf` is at `index` in the tree of `size` with `root`."""
    if root_from_inclusion_proof(index, size, leaf, proof) != root:
        raise RootMismatch("inclusion proof does not lead to the root")


def verify_consistency(size1: int, size2: int, root1: bytes, root2: bytes, proof: Sequence[bytes]) -> None:
    """Raise a ProofError unless tree (size2, root2) extends tree (size1, root1)."""
    if size1 < 0 or size2 < size1:
        raise SizeOutOfRange(f"new size {size2} is smaller than old size {size1}")
    if size1 == 0:
        raise SizeOutOfRange("a consistency proof from the empty tree is meaningless")
    if size1 == size2:
        if proof:
            raise WrongProofLength("equal sizes need an empty proof")
        if root1 != root2:
            raise RootMismatch("equal sizes but different roots")
        return
    if not proof:
        raise WrongProofLength("consistency proof is empty")
    _check_hashes(proof)
    path = list(proof)
    if size1 & (size1 - 1) == 0:
        path = [root1, *path]
    fn, sn = size1 - 1, size2 - 1
    while fn % 2 == 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise WrongProofLength("consistency proof is too long")
        if fn % 2 == 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if fn % 2 == 0:
                while fn != 0 and fn % 2 == 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise WrongProofLength("consistency proof is too short")
    if fr != root1:
        raise RootMismatch("consistency proof does not lead to the old root")
    if sr != root2:
        raise RootMismatch("consistency proof does not lead to the new root")
