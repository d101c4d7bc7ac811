"""Isotypic projectors per block (a separating central element, no sum over G) against the
class-sum formula over the whole group, on permutation, tensor and cyclotomic representations."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

import pytest

import repkit as rk
from repkit.characters import decompose
from repkit.exact import Matrix


def _affine(q: int, g: int) -> tuple[Any, dict[str, list[int]]]:
    gens = {"t": [(x + 1) % q for x in range(q)], "m": [(g * x) % q for x in range(q)]}
    return rk.Group.from_permutations(gens), gens


def _affine_natural(q: int, g: int) -> Any:
    group, gens = _affine(q, g)
    return rk.permutation_rep(group, gens)


def _affine_on_pairs(q: int, g: int) -> Any:
    """AGL(1, q) on ordered pairs of distinct points (several constituents, multiplicities)."""
    group, gens = _affine(q, g)
    pairs = [(x, y) for x in range(q) for y in range(q) if x != y]
    index = {pair: i for i, pair in enumerate(pairs)}
    return rk.permutation_rep(group, {name: [index[(p[x], p[y])] for x, y in pairs]
                                      for name, p in gens.items()})


REPS: dict[str, Callable[[], Any]] = {
    "AGL(1,7) natural": lambda: _affine_natural(7, 3),
    "AGL(1,5) on pairs": lambda: _affine_on_pairs(5, 2),
    "S4 natural": lambda: rk.natural(rk.symmetric(4)),
    "S4 natural^2": lambda: rk.natural(rk.symmetric(4)) @ rk.natural(rk.symmetric(4)),
    "D6 rotation": lambda: rk.dihedral_rotation(6),
    "D5 rotation + trivial": lambda: rk.dihedral_rotation(5) + rk.trivial(rk.dihedral(5)),
    "Z7 cyclotomic": lambda: (lambda irr: irr[1] + irr[1] + irr[4])(rk.cyclic(7).irreps()),
    "A5 irreducible^2": lambda: (lambda r: r @ r)(rk.alternating(5).irreps()[1]),
    "D8 regular": lambda: rk.regular(rk.dihedral(8)),
}


@pytest.mark.parametrize("name", list(REPS))
def test_projectors_equal_the_class_sum_formula(name: str) -> None:
    rho = REPS[name]()
    dec = decompose(rho)
    reference = dec._projectors_from_class_sums()
    assert dec.projectors == reference
    n = rho.dim
    total = Matrix.zeros(n, n)
    for p, d, m in zip(dec.projectors, dec.table.degrees, dec.multiplicities):
        assert p @ p == p and p.rank() == d * m
        assert all(p @ image == image @ p for image in rho.images)
        total = total + p
    assert total.is_identity()


def test_projectors_of_a_large_permutation_rep() -> None:
    rho = _affine_natural(101, 2)                    # |G| = 10100, two constituents
    dec = decompose(rho)
    assert [m for m in dec.multiplicities if m] == [1, 1]
    trivial, rest = (dec.projectors[i] for i, m in enumerate(dec.multiplicities) if m)
    assert trivial == Matrix([[Fraction(1, 101)] * 101 for _ in range(101)])
    assert (trivial + rest).is_identity() and (rest @ rest) == rest


@pytest.mark.parametrize("name", list(REPS))
def test_change_of_basis_per_block_equals_the_group_sum_construction(name: str) -> None:
    rho = REPS[name]()
    dec = decompose(rho)
    q, qi = dec._basis_from_blocks()
    q_ref, qi_ref = dec._basis_from_group_sums()
    assert q == q_ref and qi == qi_ref
    assert (q @ qi).is_identity()
    blocks = [irrep for _, irrep in dec.blocks]
    for j in range(len(rho.group.generators)):
        assert qi @ rho.images[j] @ q == Matrix.block_diag(*[b.images[j] for b in blocks])


@pytest.mark.parametrize("n", [7, 8])
def test_change_of_basis_of_the_natural_rep_of_a_symmetric_group(n: int) -> None:
    """S_n on n points (|G| = n!): the blocks are solved from the two generators alone."""
    rho = rk.natural(rk.symmetric(n))
    dec = decompose(rho)
    assert sorted(m for m in dec.multiplicities if m) == [1, 1]
    q, qi = dec._basis_from_blocks()
    assert (dec.change_of_basis, dec.inverse_change_of_basis) == (q, qi)
    for j in range(len(rho.group.generators)):
        expected = Matrix.block_diag(*[irrep.images[j] for _, irrep in dec.blocks])
        assert qi @ rho.images[j] @ q == expected
