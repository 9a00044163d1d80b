import base64

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from smartjustice.ledger.tlog import merkle

from .vectors import load

V = load("merkle_rfc9162.json")


def _b64(x):
    return base64.b64decode(x) if x else b""


def _tree(n):
    entries = [bytes.fromhex(h) for h in V["tree"]["leaf_inputs_hex"][:n]]
    return merkle.MemoryTree(merkle.leaf_hash(e) for e in entries)


@pytest.mark.parametrize("kat", V["hasher_kat"], ids=lambda k: k["desc"])
def test_hasher_known_answers(kat):
    if kat["op"] == "empty_root":
        got = merkle.EMPTY_ROOT
    elif kat["op"] == "leaf":
        got = merkle.leaf_hash(kat["input_ascii"].encode())
    else:
        got = merkle.node_hash(kat["left_ascii"].encode(), kat["right_ascii"].encode())
    assert got.hex() == kat["want_hex"]


@pytest.mark.parametrize("size", range(9))
def test_roots_of_the_reference_tree(size):
    want = V["tree"]["root_hex_by_size"][str(size)]
    entries = [bytes.fromhex(h) for h in V["tree"]["leaf_inputs_hex"][:size]]

    assert merkle.root_from_leaf_hashes([merkle.leaf_hash(e) for e in entries]).hex() == want
    assert _tree(size).root().hex() == want


def test_every_node_of_the_reference_tree():
    tree = _tree(8)

    for level, hashes in enumerate(V["tree"]["node_hashes_hex_by_level"]):
        assert [h.hex() for h in tree.levels[level]] == hashes


@pytest.mark.parametrize("case", V["inclusion_paths"]["cases"], ids=lambda c: f"{c['leaf_index']}-{c['tree_size']}")
def test_inclusion_paths(case):
    proof = _tree(8).inclusion_proof(case["leaf_index"], case["tree_size"])

    assert [p.hex() for p in proof] == case["proof_hex"]


@pytest.mark.parametrize("case", V["consistency_paths"]["cases"], ids=lambda c: f"{c['size1']}-{c['size2']}")
def test_consistency_paths(case):
    proof = _tree(8).consistency_proof(case["size1"], case["size2"])

    assert [p.hex() for p in proof] == case["proof_hex"]


@pytest.mark.parametrize("case", V["inclusion_probes"]["cases"], ids=lambda c: c["file"])
def test_inclusion_probes(case):
    args = (case["leafIdx"], case["treeSize"], _b64(case["leafHash"]),
            [_b64(p) for p in case["proof"] or []], _b64(case["root"]))
    if case["wantErr"]:
        with pytest.raises(merkle.ProofError):
            merkle.verify_inclusion(*args)
    else:
        merkle.verify_inclusion(*args)


@pytest.mark.parametrize("case", V["consistency_probes"]["cases"], ids=lambda c: c["file"] + c["desc"])
def test_consistency_probes(case):
    args = (case["size1"], case["size2"], _b64(case["root1"]), _b64(case["root2"]),
            [_b64(p) for p in case["proof"] or []])
    if case["wantErr"]:
        with pytest.raises(merkle.ProofError):
            merkle.verify_consistency(*args)
    else:
        merkle.verify_consistency(*args)


def test_specific_errors():
    tree = _tree(8)
    leaf = tree.levels[0][3]
    proof = tree.inclusion_proof(3)

    with pytest.raises(merkle.IndexOutOfRange):
        merkle.verify_inclusion(8, 8, leaf, proof, tree.root())
    with pytest.raises(merkle.WrongProofLength):
        merkle.verify_inclusion(3, 8, leaf, proof[:-1], tree.root())
    with pytest.raises(merkle.WrongProofLength):
        merkle.verify_inclusion(3, 8, leaf, [*proof, proof[0]], tree.root())
    with pytest.raises(merkle.BadHashLength):
        merkle.verify_inclusion(3, 8, leaf[:31], proof, tree.root())
    with pytest.raises(merkle.RootMismatch):
        merkle.verify_inclusion(3, 8, tree.levels[0][4], proof, tree.root())
    with pytest.raises(merkle.SizeOutOfRange):
        merkle.verify_consistency(5, 4, tree.root(5), tree.root(4), [])
    with pytest.raises(merkle.SizeOutOfRange):
        tree.inclusion_proof(0, 9)


# --- properties ------------------------------------------------------------------------

def _random_tree(n):
    return merkle.MemoryTree(merkle.leaf_hash(i.to_bytes(4, "big")) for i in range(n))


def _ceil_log2(n):
    return (n - 1).bit_length()


@hsettings(max_examples=150, deadline=None)
@given(st.integers(1, 600).flatmap(lambda n: st.tuples(st.just(n), st.integers(0, n - 1))))
def test_every_inclusion_proof_verifies_and_is_short(args):
    n, m = args
    tree = _random_tree(n)

    proof = tree.inclusion_proof(m)

    assert len(proof) <= _ceil_log2(n)
    merkle.verify_inclusion(m, n, tree.levels[0][m], proof, tree.root())
    root_recursive = merkle.root_from_leaf_hashes(tree.levels[0])
    assert tree.root() == root_recursive


@hsettings(max_examples=150, deadline=None)
@given(st.integers(1, 600).flatmap(lambda n: st.tuples(st.just(n), st.integers(1, n))))
def test_every_consistency_proof_verifies_and_is_short(args):
    n, m = args
    tree = _random_tree(n)

    proof = tree.consistency_proof(m)

    assert len(proof) <= _ceil_log2(n) + 1
    merkle.verify_consistency(m, n, tree.root(m), tree.root(), proof)


@hsettings(max_examples=150, deadline=None)
@given(st.integers(2, 300).flatmap(lambda n: st.tuples(st.just(n), st.integers(0, n - 1), st.data())))
def test_any_single_bit_flip_breaks_an_inclusion_proof(args):
    n, m, data = args
    tree = _random_tree(n)
    proof = tree.inclusion_proof(m)
    leaf, root = tree.levels[0][m], tree.root()
    targets = ["leaf", "root"] + [f"p{i}" for i in range(len(proof))]
    target = data.draw(st.sampled_from(targets))
    bit = data.draw(st.integers(0, 255))

    def flip(h):
        b = bytearray(h)
        b[bit // 8] ^= 1 << (bit % 8)
        return bytes(b)

    if target == "leaf":
        leaf = flip(leaf)
    elif target == "root":
        root = flip(root)
    else:
        i = int(target[1:])
        proof[i] = flip(proof[i])
    with pytest.raises(merkle.ProofError):
        merkle.verify_inclusion(m, n, leaf, proof, root)


@hsettings(max_examples=150, deadline=None)
@given(st.integers(2, 300).flatmap(lambda n: st.tuples(st.just(n), st.integers(1, n - 1), st.data())))
def test_any_single_bit_flip_breaks_a_consistency_proof(args):
    n, m, data = args
    tree = _random_tree(n)
    proof = tree.consistency_proof(m)
    r1, r2 = tree.root(m), tree.root()
    targets = ["r1", "r2"] + [f"p{i}" for i in range(len(proof))]
    target = data.draw(st.sampled_from(targets))
    bit = data.draw(st.integers(0, 255))

    def flip(h):
        b = bytearray(h)
        b[bit // 8] ^= 1 << (bit % 8)
        return bytes(b)

    if target == "r1":
        r1 = flip(r1)
    elif target == "r2":
        r2 = flip(r2)
    else:
        i = int(target[1:])
        proof[i] = flip(proof[i])
    with pytest.raises(merkle.ProofError):
        merkle.verify_consistency(m, n, r1, r2, proof)
