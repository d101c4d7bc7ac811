"""Exact irreducible matrices: homomorphisms with the right characters, real forms, errors."""

from __future__ import annotations

from typing import Any

import pytest

import repkit as rk
from repkit.characters import character, irreducible_rep, irreps
from repkit.characters.induction import find_induction

from character_families import FAMILY_IDS

# Every family member is covered; Q8 x Q8 needs a non-cyclic abelian subgroup, S6 a
# non-abelian one.
COVERED = [*FAMILY_IDS, "Q8xQ8", "S6"]


@pytest.mark.parametrize("name", COVERED)
def test_irreps_afford_the_table(families: dict[str, Any], name: str) -> None:
    group = families[name]
    table = group.character_table()
    reps = group.irreps()
    assert len(reps) == len(table)
    for i, rho in enumerate(reps):
        assert rho.dim == table.degrees[i]
        assert character(rho) == table[i]
        # exact homomorphism: every relator maps to the identity (rebuilding re-checks)
        assert rk.Rep.from_generators(group, rho.images) == rho


@pytest.mark.parametrize("name", ["S3", "S4", "S5", "D4", "D6", "A4", "A5", "Z2^3", "S3xZ3"])
def test_real_forms_for_indicator_one(families: dict[str, Any], name: str) -> None:
    group = families[name]
    table = group.character_table()
    for i, rho in enumerate(irreps(group, real=True)):
        if table.indicators[i] == 1:
            assert all(m.conjugate() == m for m in rho.images), (name, i)


def test_rational_characters_give_rational_matrices(families: dict[str, Any]) -> None:
    group = families["S4"]
    assert all(rho.field == 1 for rho in irreps(group, real=True))


def test_real_form_needs_a_non_cyclic_subgroup_for_a5(families: dict[str, Any]) -> None:
    table = families["A5"].character_table()
    i = table.degrees.index(4)
    assert table.indicators[i] == 1
    # no element has a real eigenvalue of multiplicity one in the degree-4 character ...
    with pytest.raises(rk.NoSuchRepresentationError, match=r"row 3 .* degree 4.*real form"):
        find_induction(table, i, real=True, max_generators=1, max_subgroups=0)
    assert find_induction(table, i, max_generators=1, max_subgroups=0).is_real is False
    # ... but the Klein four-group has one, so the real form is found and is rational
    induction = find_induction(table, i, real=True)
    assert len(induction.elements) == 4 and induction.is_real
    rho = irreducible_rep(table, i, real=True)
    assert rho.field == 1 and character(rho) == table[i]


def test_quaternionic_irrep_has_no_real_form_but_is_built(families: dict[str, Any]) -> None:
    group = families["Q8"]
    table = group.character_table()
    i = table.indicators.index(-1)
    rho = irreducible_rep(table, i, real=True)
    assert any(m.conjugate() != m for m in rho.images)
    assert character(rho) == table[i]


def test_s6_degree_16_uses_a_nonabelian_subgroup(families: dict[str, Any]) -> None:
    table = families["S6"].character_table()
    i = table.degrees.index(16)
    induction = find_induction(table, i)
    sub = families["S6"].subgroup(list(induction.generators))
    assert not sub.as_group().is_abelian() and sub.order == len(induction.elements)
    assert table.class_data.order // sub.order >= 16
