"""Schreier–Sims: orders of symmetric, alternating, Mathieu and Rubik groups; membership; errors."""

from __future__ import annotations

import math

import numpy as np
import pytest
from gap_data import load_gap_groups
from hypothesis import given, settings
from hypothesis import strategies as st

import repkit as rk
from repkit.groups.schreier_sims import _schreier_sims, permutation_group_order, schreier_sims


def cycle(n: int) -> list[int]:
    return list(range(1, n)) + [0]


def transposition(n: int) -> list[int]:
    return [1, 0] + list(range(2, n))


def three_cycle_gens(n: int) -> list[list[int]]:
    """(0 1 2) and an (n-2)- or (n-1)-cycle generating A_n (n >= 3)."""
    a = [1, 2, 0] + list(range(3, n))
    if n % 2:                       # n odd: (0 1 ... n-1) is even
        return [a, cycle(n)]
    b = [0] + list(range(2, n)) + [1]                       # (1 2 ... n-1), even for n even
    return [a, b]


@pytest.mark.parametrize("n", [1, 2, 3, 5, 8, 13, 30, 64], ids=lambda n: f"S{n}")
def test_symmetric_orders(n: int) -> None:
    gens = [cycle(n), transposition(n)] if n > 1 else [[0]]
    assert permutation_group_order(gens) == math.factorial(n)


@pytest.mark.parametrize("n", [3, 4, 5, 6, 7, 10, 17, 32], ids=lambda n: f"A{n}")
def test_alternating_orders(n: int) -> None:
    assert permutation_group_order(three_cycle_gens(n)) == math.factorial(n) // 2


def test_intransitive_and_imprimitive_groups_are_verified() -> None:
    # C2 wr C4 on 8 points (imprimitive): order 2^4 * 4 = 64, no trivial upper bound applies
    swap = [1, 0, 2, 3, 4, 5, 6, 7]
    rot = [2, 3, 4, 5, 6, 7, 0, 1]
    assert permutation_group_order([swap, rot]) == 64
    # S3 x C5 on 3 + 5 points
    g1 = [1, 0, 2, 3, 4, 5, 6, 7]
    g2 = [1, 2, 0, 3, 4, 5, 6, 7]
    g3 = [0, 1, 2, 4, 5, 6, 7, 3]
    assert permutation_group_order([g1, g2, g3]) == 30
    # diagonal C6 in S3 x C2: order 6 not 12 (the verification must not overcount)
    d = [1, 2, 0, 4, 3]
    assert permutation_group_order([d]) == 6


ORDER_ONLY = [g for g in load_gap_groups() if g["kind"] != "presentation"]


@pytest.mark.gap
@pytest.mark.parametrize("ref", ORDER_ONLY, ids=[g["name"] for g in ORDER_ONLY])
def test_orders_against_gap(ref) -> None:
    chain = schreier_sims(ref["generators"])
    assert chain.order == ref["order"]
    assert all(chain.contains(g) for g in chain.strong_generators)
    G = rk.Group.from_permutations({f"g{i}": p for i, p in enumerate(ref["generators"])},
                                   max_order=10)
    assert G.order == ref["order"] and not G.is_enumerated


def test_rubik_cube_order() -> None:
    rubik = next(g for g in load_gap_groups() if g["name"] == "Rubik")
    assert permutation_group_order(rubik["generators"]) == 43_252_003_274_489_856_000


@st.composite
def small_permutation_groups(draw):
    n = draw(st.integers(1, 7))
    gens = draw(st.lists(st.permutations(list(range(n))), min_size=1, max_size=3))
    return n, [list(g) for g in gens]


def brute_closure(n: int, gens: list[list[int]]) -> set[tuple[int, ...]]:
    identity = tuple(range(n))
    seen, frontier = {identity}, [identity]
    while frontier:
        new = []
        for g in frontier:
            for s in gens:
                h = tuple(g[s[i]] for i in range(n))
                if h not in seen:
                    seen.add(h)
                    new.append(h)
        frontier = new
    return seen


def chain_in_mode(gens: list[list[int]], n: int, mode: str):
    """``dense``: explicit transversals; ``vector``: Schreier vectors only (no dense table)."""
    arrays = [np.asarray(g, dtype=np.intp) for g in gens]
    return _schreier_sims(arrays, n, 0 if mode == "vector" else 1 << 22)


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["dense", "vector"])
@given(small_permutation_groups(), st.randoms(use_true_random=False))
@settings(max_examples=120, deadline=None)
def test_against_brute_force(mode, data, rnd) -> None:
    n, gens = data
    elements = brute_closure(n, gens)
    chain = chain_in_mode(gens, n, mode)
    assert chain.order == len(elements)
    assert math.prod(chain.orbit_sizes) == chain.order
    # membership: every element is in, and random permutations are in exactly when listed
    for g in list(elements)[:20]:
        assert chain.contains(g)
    for _ in range(20):
        p = list(range(n))
        rnd.shuffle(p)
        assert chain.contains(p) == (tuple(p) in elements)
    # the base is a base: only the identity fixes every base point
    fixing = [g for g in elements if all(g[b] == b for b in chain.base)]
    assert fixing == [tuple(range(n))]


def test_deterministic_output() -> None:
    gens = three_cycle_gens(9)
    a, b = schreier_sims(gens), schreier_sims(gens)
    assert a.base == b.base and a.strong_generators == b.strong_generators


def test_errors() -> None:
    with pytest.raises(rk.InvalidPermutationError, match=r"generators\[1\]: expected an image list of length 3"):
        schreier_sims([[1, 0, 2], [0, 1]])
    with pytest.raises(rk.InvalidPermutationError, match=r"generators\[0\]: expected a permutation"):
        schreier_sims([[1, 1, 2]])
    with pytest.raises(rk.InvalidPermutationError, match="explicit degree"):
        schreier_sims([])
    assert schreier_sims([], degree=4).order == 1
    chain = schreier_sims([[1, 0, 2]])
    with pytest.raises(rk.InvalidPermutationError, match="perm: expected an image list of length 3"):
        chain.contains([0, 1])


def test_group_order_uses_no_enumeration() -> None:
    gens = {"a": three_cycle_gens(40)[0], "b": three_cycle_gens(40)[1]}
    G = rk.Group.from_permutations(gens, max_order=1)
    assert G.order == math.factorial(40) // 2 and not G.is_enumerated
    with pytest.raises(rk.GroupTooLargeError):
        G.element("a")
    assert np.array_equal(np.array(G.permutation_of("a a a")), np.arange(40))


def _dihedral_gens(n: int) -> list[list[int]]:
    return [[(i + 1) % n for i in range(n)], [(-i) % n for i in range(n)]]


@pytest.mark.parametrize("mode", ["dense", "vector"])
@pytest.mark.parametrize("name", ["S7", "A8", "C2wrC4", "D12xC5", "M11", "reflection_first"])
def test_modes_agree_on_verified_groups(name: str, mode: str) -> None:
    """Groups that need the full verification (no order shortcut) in both level modes."""
    if name == "S7":
        gens, order = [cycle(7), transposition(7)], 5040
    elif name == "A8":
        gens, order = three_cycle_gens(8), 20160
    elif name == "C2wrC4":
        gens, order = [[1, 0, 2, 3, 4, 5, 6, 7], [2, 3, 4, 5, 6, 7, 0, 1]], 64
    elif name == "D12xC5":
        d = _dihedral_gens(12)
        gens = [p + list(range(12, 17)) for p in d] + [list(range(12)) + [13, 14, 15, 16, 12]]
        order = 24 * 5
    elif name == "M11":
        gens = [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0],
                [0, 1, 6, 9, 5, 3, 10, 2, 8, 4, 7]]
        order = 7920
    else:                                   # reflection first: <f> is not normalized by r
        gens, order = _dihedral_gens(30)[::-1] + [cycle(30)], 60
    n = len(gens[0])
    chain = chain_in_mode(gens, n, mode)
    assert chain.order == order
    assert all(chain.contains(g) for g in chain.strong_generators)
    assert all(chain.contains(g) for g in gens)
    elements = brute_closure(n, gens)
    assert len(elements) == order
    rng = np.random.default_rng(7)
    samples = [tuple(rng.permutation(n).tolist()) for _ in range(30)]
    samples += [g for g in list(elements)[:30]]
    assert all(chain.contains(p) == (p in elements) for p in samples)


@pytest.mark.parametrize("case, order", [
    ("dihedral(50000)", 100_000),
    ("cyclic(100000)", 100_000),
    ("translations(300x300)", 90_000),
    ("symmetric(64)", math.factorial(64)),
], ids=["D50000", "C100000", "T300x300", "S64"])
def test_large_degree_orders_with_bounded_memory(case: str, order: int) -> None:
    """Schreier vectors: memory O(degree * log|orbit|) per level, not degree^2."""
    import tracemalloc

    if case.startswith("dihedral"):
        gens = _dihedral_gens(50_000)
    elif case.startswith("cyclic"):
        gens = [cycle(100_000)]
    elif case.startswith("translations"):
        gens = [list(p) for p in rk.translations((300, 300)).permutation_generators]
    else:
        gens = [cycle(64), transposition(64)]
    tracemalloc.start()
    try:
        chain = schreier_sims(gens)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert chain.order == order
    assert all(chain.contains(g) for g in gens)
    assert peak < 200 * 2**20
    if order < math.factorial(len(gens[0])):
        assert not chain.contains(transposition(len(gens[0])))


def test_large_group_objects_use_the_chain() -> None:
    assert rk.translations((64, 64)).order == 4096
    assert rk.dihedral(3000).order == 6000
