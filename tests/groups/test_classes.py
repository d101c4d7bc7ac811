"""Conjugacy classes, centre, derived subgroup, exponent; GAP reference invariants."""

from __future__ import annotations

import numpy as np
import pytest
from gap_data import load_gap_groups

import repkit as rk
from repkit.groups.classes import conjugation_permutations, orbit_partition


def test_known_invariants(known_group) -> None:
    G, facts = known_group
    assert G.order == facts.order
    classes = G.conjugacy_classes()
    assert len(classes) == facts.nclasses
    assert G.center().order == facts.center
    assert G.derived_subgroup().order == facts.derived
    assert G.exponent == facts.exponent
    assert G.is_abelian() == (facts.nclasses == facts.order)


def test_class_structure(known_group) -> None:
    G, _ = known_group
    classes = G.conjugacy_classes()
    assert classes[0] == (0,)
    assert sorted(g for c in classes for g in c) == list(G.elements)      # a partition
    assert all(G.order % len(c) == 0 for c in classes)                     # sizes divide |G|
    assert [c[0] for c in classes] == sorted(c[0] for c in classes)        # sorted by least
    assert all(list(c) == sorted(c) for c in classes)
    assert G.class_representatives == tuple(c[0] for c in classes)
    assert G.class_sizes == tuple(map(len, classes)) and sum(G.class_sizes) == G.order
    for k, c in enumerate(classes):
        assert all(G.class_of[g] == k for g in c)
    # class sizes are indices of centralizers: |class(g)| * |C(g)| = |G|
    for k, g in enumerate(G.class_representatives):
        centralizer = sum(1 for x in G.elements if G.mul(g, x) == G.mul(x, g))
        assert len(classes[k]) * centralizer == G.order


def test_classes_are_full_conjugation_orbits(small_group) -> None:
    G = small_group
    for c in G.conjugacy_classes():
        g = c[0]
        assert tuple(sorted({G.conjugate(g, x) for x in G.elements})) == c


def test_conjugation_permutations_are_permutations() -> None:
    G = rk.Group.from_presentation("<a, b | a^2, b^3, (a b)^5>")
    for perm in conjugation_permutations(G):
        assert sorted(perm.tolist()) == list(range(60)) and perm[0] == 0


def test_orbit_partition_without_permutations() -> None:
    orbits, label = orbit_partition(3, [])
    assert orbits == ((0,), (1,), (2,)) and label.tolist() == [0, 1, 2]


def test_centre_elements_commute_with_everything(known_group) -> None:
    G, _ = known_group
    Z = G.center()
    assert all(G.mul(z, g) == G.mul(g, z) for z in Z.elements for g in G.elements)
    assert Z.is_normal()


def test_derived_subgroup_facts() -> None:
    S4 = rk.Group.from_permutations({"c": [1, 2, 3, 0], "t": [1, 0, 2, 3]})
    D = S4.derived_subgroup()
    even = [g for g in S4.elements if _is_even(S4.permutation_of(g))]
    assert D.elements == tuple(even)                                     # S4' = A4
    A5 = rk.Group.from_presentation("<a, b | a^2, b^3, (a b)^5>")
    assert A5.derived_subgroup().order == 60                             # A5 is perfect
    D4 = rk.Group.from_presentation("<r, f | r^4, f^2, (r f)^2>")
    assert D4.derived_subgroup() == D4.center() == D4.subgroup(["r^2"])
    G = rk.Group.from_presentation("<a | a^7>")
    assert G.derived_subgroup().order == 1 and G.is_abelian()
    # G/G' abelian: every commutator lies in G'
    B3 = rk.Group.from_presentation("<a, b, c | a^2, b^2, c^2, (a b)^3, (b c)^4, (a c)^2>")
    Dp = B3.derived_subgroup()
    assert all(B3.commutator(g, h) in Dp for g in range(0, 48, 5) for h in range(0, 48, 3))
    assert Dp.is_normal()


def _is_even(p: tuple[int, ...]) -> bool:
    seen, parity = set(), 0
    for i in range(len(p)):
        j, length = i, 0
        while j not in seen:
            seen.add(j)
            j, length = p[j], length + 1
        parity += max(length - 1, 0)
    return parity % 2 == 0


def test_exponent_is_lcm_of_all_element_orders(small_group) -> None:
    G = small_group
    orders = [G.element_order(g) for g in G.elements]
    assert G.exponent == int(np.lcm.reduce(orders))


# ---------------------------------------------------------------- GAP reference data
GAP_FULL = [g for g in load_gap_groups() if g["kind"] != "order_only"]


@pytest.mark.gap
@pytest.mark.parametrize("ref", GAP_FULL, ids=[g["name"] for g in GAP_FULL])
def test_against_gap(ref) -> None:
    if ref["kind"] == "presentation":
        G = rk.Group.from_presentation(ref["presentation"])
    else:
        names = [f"g{i}" for i in range(len(ref["generators"]))]
        G = rk.Group.from_permutations(dict(zip(names, ref["generators"])))
    assert G.order == ref["order"]
    assert len(G.conjugacy_classes()) == ref["nclasses"]
    assert sorted(G.class_sizes) == ref["class_sizes"]
    assert G.center().order == ref["center_order"]
    assert G.derived_subgroup().order == ref["derived_order"]
    assert G.exponent == ref["exponent"]
