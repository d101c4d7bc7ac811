"""Permutations as elements: ``G.element_of_permutation`` and ``G.subgroup_of_permutations``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import repkit as rk

GROUPS: dict[str, Callable[[], Any]] = {
    "S3": lambda: rk.Group.from_permutations({"s": [1, 0, 2], "c": [1, 2, 0]}),
    "A5": lambda: rk.Group.from_permutations({"a": [1, 0, 3, 2, 4], "b": [2, 1, 4, 3, 0]}),
    "AGL(1,11)": lambda: rk.Group.from_permutations({"t": [(x + 1) % 11 for x in range(11)],
                                                     "m": [(2 * x) % 11 for x in range(11)]}),
    "S5 family": lambda: rk.symmetric(5),
    "D7 family": lambda: rk.dihedral(7),
    "Z2^3 (one point fixed)": lambda: rk.Group.from_permutations(
        {"x": [1, 0, 2, 3, 4, 5, 6], "y": [0, 1, 3, 2, 4, 5, 6], "z": [0, 1, 2, 3, 5, 4, 6]}),
}


@pytest.fixture(scope="module", params=list(GROUPS))
def group(request: pytest.FixtureRequest) -> Any:
    return GROUPS[request.param]()


def test_round_trip_on_every_element(group: Any) -> None:
    assert all(group.element_of_permutation(group.permutation_of(g)) == g for g in group.elements)


def test_products_compose_like_functions(group: Any) -> None:
    rng = np.random.default_rng(0)
    for _ in range(25):
        g, h = (int(x) for x in rng.integers(0, group.order, size=2))
        p, q = np.array(group.permutation_of(g)), np.array(group.permutation_of(h))
        assert group.element_of_permutation(p[q].tolist()) == group.mul(g, h)   # (g h)(i) = g(h(i))


def test_numpy_and_tuple_inputs(group: Any) -> None:
    g = group.order - 1
    p = group.permutation_of(g)
    assert group.element_of_permutation(np.array(p)) == group.element_of_permutation(p) == g


def test_a_permutation_outside_the_group_is_refused() -> None:
    A5 = GROUPS["A5"]()
    with pytest.raises(rk.NotAnElementError, match="not in it"):
        A5.element_of_permutation([1, 0, 2, 3, 4])           # odd


@pytest.mark.parametrize("bad", [[0, 1], [0, 0, 1], [0, 1, 3]], ids=["short", "repeat", "range"])
def test_malformed_lists_are_refused(bad: list[int]) -> None:
    with pytest.raises(rk.InvalidPermutationError, match="p"):
        GROUPS["S3"]().element_of_permutation(bad)


def test_groups_without_permutations_refuse() -> None:
    G = rk.Group.from_presentation("<a | a^3>")
    with pytest.raises(rk.NotAnElementError, match="not given by permutations"):
        G.element_of_permutation([1, 2, 0])
    with pytest.raises(rk.NotAnElementError, match="image list"):
        GROUPS["S3"]().element_of_permutation("s c")


def test_subgroups_from_permutations() -> None:
    S4 = rk.Group.from_permutations({"c": [1, 2, 3, 0], "t": [1, 0, 2, 3]})
    V = S4.subgroup_of_permutations([[1, 0, 3, 2], [2, 3, 0, 1]])
    assert V.order == 4 and V.is_normal()
    C = S4.subgroup_of_permutations([(1, 2, 3, 0)])
    assert C.order == 4 and not C.is_normal()
    with pytest.raises(rk.NotAnElementError, match=r"permutations\[1\]"):
        GROUPS["A5"]().subgroup_of_permutations([[1, 0, 3, 2, 4], [1, 0, 2, 3, 4]])


@settings(max_examples=30, deadline=None)
@given(st.permutations(list(range(6))))
def test_membership_agrees_with_the_enumerated_group(p: list[int]) -> None:
    G = rk.Group.from_permutations({"a": [1, 2, 0, 3, 4, 5], "b": [0, 1, 2, 4, 5, 3],
                                    "c": [3, 4, 5, 0, 1, 2]})
    members = {G.permutation_of(g) for g in G.elements}
    if tuple(p) in members:
        assert G.permutation_of(G.element_of_permutation(p)) == tuple(p)
    else:
        with pytest.raises(rk.NotAnElementError):
            G.element_of_permutation(p)


@pytest.mark.parametrize("n", [3, 5, pytest.param(8, marks=pytest.mark.slow)])
def test_the_natural_action_is_accepted_and_a_wrong_one_refused(n: int) -> None:
    gens = {"c": list(range(1, n)) + [0], "t": [1, 0] + list(range(2, n))}
    G = rk.Group.from_permutations(gens)
    rho = rk.permutation_rep(G, gens)
    assert rho.dim == n
    swapped = {"c": gens["t"], "t": gens["c"]}        # c -> a transposition: c has order n > 2
    with pytest.raises(rk.NotAHomomorphismError):
        rk.permutation_rep(G, swapped)
