"""Decomposition: multiplicities, isotypic projectors, exact block-diagonalizing basis."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import repkit as rk
from repkit.characters import character, decompose
from repkit.exact import Matrix

from character_families import SMALL_IDS


def _check_block_diagonal(rho: Any, dec: Any) -> None:
    q, qi = dec.change_of_basis, dec.inverse_change_of_basis
    assert (q @ qi).is_identity()
    blocks = [irrep for _, irrep in dec.blocks]
    assert [row for row, _ in dec.blocks] == sorted(row for row, _ in dec.blocks)
    for j in range(len(rho.group.generators)):
        expected = Matrix.block_diag(*[b.images[j] for b in blocks])
        assert qi @ rho.images[j] @ q == expected


@pytest.mark.parametrize("name", SMALL_IDS)
def test_regular_rep_contains_each_irreducible_degree_times(families: dict[str, Any],
                                                            name: str) -> None:
    group = families[name]
    rho = rk.regular(group)
    dec = decompose(rho)
    assert dec.multiplicities == group.character_table().degrees
    assert rho.decompose().multiplicities == dec.multiplicities
    _check_block_diagonal(rho, dec)


@pytest.mark.parametrize("name", ["S3", "D4", "Q8", "A4", "S4"])
def test_projectors(families: dict[str, Any], name: str) -> None:
    group = families[name]
    rho = rk.regular(group)
    dec = decompose(rho)
    n = rho.dim
    total = Matrix.zeros(n, n)
    for i, p in enumerate(dec.projectors):
        assert p @ p == p
        assert p.rank() == dec.table.degrees[i] * dec.multiplicities[i]
        assert all(p @ m == m @ p for m in rho.images)
        total = total + p
    assert total.is_identity()


@pytest.mark.parametrize("name", ["S4", "A4", "D5"])
def test_natural_and_tensor_reps(families: dict[str, Any], name: str) -> None:
    group = families[name]
    table = group.character_table()
    rho = group.irreps()[-1]
    rho2 = rho @ rho
    dec = decompose(rho2)
    chi = character(rho2)
    assert dec.multiplicities == tuple(chi.inner_product(psi) for psi in table)
    _check_block_diagonal(rho2, dec)
    assert str(dec).startswith("X.") or str(dec)[0].isdigit()


def test_natural_rep_of_s4(families: dict[str, Any]) -> None:
    group = families["S4"]
    rho = rk.natural(group)
    dec = decompose(rho)
    table = group.character_table()
    assert dec.multiplicities[0] == 1 and sum(dec.multiplicities) == 2
    assert sum(m * d for m, d in zip(dec.multiplicities, table.degrees)) == 4
    _check_block_diagonal(rho, dec)



@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(data=st.data())
def test_random_direct_sums_decompose_back(families: dict[str, Any], data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(["S3", "D4", "Q8", "A4", "Z7"]), label="group")
    group = families[name]
    irreps = group.irreps()
    r = len(irreps)
    mults = data.draw(st.lists(st.integers(0, 2), min_size=r, max_size=r), label="multiplicities")
    assume(0 < sum(m * rho.dim for m, rho in zip(mults, irreps)) <= 7)
    n = sum(m * rho.dim for m, rho in zip(mults, irreps))
    entries = data.draw(st.lists(st.integers(-3, 3), min_size=n * n, max_size=n * n), label="Q")
    q = Matrix([entries[i * n:(i + 1) * n] for i in range(n)])
    assume(q.det() != 0)
    qi = q.inverse()
    images = {}
    for j, gen in enumerate(group.generators):
        blocks = [rho.images[j] for rho, m in zip(irreps, mults) for _ in range(m)]
        images[gen] = q @ Matrix.block_diag(*blocks) @ qi
    rho = rk.Rep.from_generators(group, images)
    dec = decompose(rho)
    assert dec.multiplicities == tuple(mults)
    _check_block_diagonal(rho, dec)


def test_projectors_of_a_cyclotomic_rep(families: dict[str, Any]) -> None:
    group = families["Z7"]
    irreps = group.irreps()
    rho = irreps[1] + irreps[1] + irreps[4]
    assert rho.field == 7
    dec = decompose(rho)
    assert dec.multiplicities == (0, 2, 0, 0, 1, 0, 0)
    for i, p in enumerate(dec.projectors):
        assert p @ p == p and p.rank() == dec.multiplicities[i]
    _check_block_diagonal(rho, dec)
    assert str(dec) == "2*X.2 + X.5"


def test_blocks_are_the_groups_irreps(families: dict[str, Any]) -> None:
    group = families["D4"]
    dec = decompose(rk.regular(group))
    irreps = group.irreps()
    assert all(block is irreps[row] for row, block in dec.blocks)
