"""Character tables of larger and high-exponent groups: the fast paths prove the identities.

The exact check inside :func:`repkit.character_table` is multimodular (Galois compatibility
plus a Gram matrix modulo primes with a proven bound). These tests check the results with an
independent exact computation in ``Z[x] / Phi_e`` (python-flint), the one repkit used before,
and with identities that need no table at all (sum of squared degrees, the number of square
roots of 1, Galois stability of the set of rows).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import flint
import numpy as np
import pytest

import repkit as rk
from repkit.characters.dixon import ClassData, modular_characters, right_multiplications
from repkit.characters.verify import (
    class_values_mod_p,
    verification_primes,
    verify_class_blocks,
    verify_orthogonality,
)


def _affine(q: int, g: int) -> Any:
    """AGL(1, q) on the points of Z_q (x -> x + 1, x -> g x with g a primitive root)."""
    return rk.Group.from_permutations({"t": [(x + 1) % q for x in range(q)],
                                       "m": [(g * x) % q for x in range(q)]})


SCALE: dict[str, Callable[[], Any]] = {
    "D24": lambda: rk.dihedral(24),
    "D32": lambda: rk.dihedral(32),
    "Z32": lambda: rk.cyclic(32),
    "Z8xZ6": lambda: rk.Group.from_presentation("<a, b | a^8, b^6, a b = b a>"),
    "Z4xZ4xZ3": lambda: rk.translations((4, 4, 3)),
    "AGL(1,13)": lambda: _affine(13, 2),
    "AGL(1,11)": lambda: _affine(11, 2),
    "M16": lambda: rk.Group.from_presentation("<a, b | a^8, b^2, b a b^-1 = a^5>"),
    "SD32": lambda: rk.Group.from_presentation("<a, b | a^16, b^2, b a b^-1 = a^7>"),
    "Q32": lambda: rk.Group.from_presentation("<a, b | a^16, b^2 = a^8, b^-1 a b = a^-1>"),
    "Z7:Z3": lambda: rk.Group.from_presentation("<a, b | a^7, b^3, b^-1 a b = a^2>"),
    "Dic6": lambda: rk.dicyclic(6),
    "D4xZ5": lambda: rk.direct_product(rk.dihedral(4), rk.cyclic(5)),
    "A5xZ3": lambda: rk.direct_product(rk.alternating(5), rk.cyclic(3)),
}


@pytest.fixture(scope="module", params=list(SCALE))
def case(request: pytest.FixtureRequest) -> tuple[Any, Any]:
    group = SCALE[request.param]()
    return group, rk.character_table(group)


def _gram_in_cyclotomic_ring(table: Any, columns: bool = False) -> list[list[flint.fmpz_poly]]:
    """Row (or column) Gram matrix reduced modulo Phi_e, accumulated in Z[x]/(x^e - 1)."""
    data = table.class_data
    e = data.exponent
    r = data.nclasses
    dense = np.zeros((r, r, e), dtype=np.int64)            # [i, k, :]: chi_i(g_k) as a vector
    for i, row in enumerate(table.eigenvalue_terms):
        for k, (o, terms) in enumerate(zip(data.element_orders, row)):
            for s, m in terms:
                dense[i, k, s * (e // o)] += m
    conj = dense[:, :, (-np.arange(e)) % e]
    if columns:
        dense, conj = dense.transpose(1, 0, 2), conj.transpose(1, 0, 2)
        weights = np.ones(r, dtype=np.int64)
    else:
        weights = np.array(data.sizes, dtype=np.int64)
    acc = np.zeros((r, r, e), dtype=np.int64)
    left = (dense * weights[None, :, None]).reshape(r, -1).astype(np.float64)
    for u in range(e):          # coefficient of x^u of sum_k w_k a_ik conj(b_jk): a convolution
        shifted = conj[:, :, (u - np.arange(e)) % e].reshape(r, -1).astype(np.float64)
        acc[:, :, u] = np.rint(left @ shifted.T).astype(np.int64)   # integers far below 2^53
    phi = flint.fmpz_poly.cyclotomic(e)
    return [[flint.fmpz_poly(acc[i, j].tolist()) % phi for j in range(r)] for i in range(r)]


def test_degrees_and_class_equation(case: tuple[Any, Any]) -> None:
    group, table = case
    assert sum(d * d for d in table.degrees) == group.order
    assert all(group.order % d == 0 for d in table.degrees)
    assert sum(table.class_sizes) == group.order
    assert len(table) == len(group.conjugacy_classes())


def test_row_orthogonality_in_the_cyclotomic_ring(case: tuple[Any, Any]) -> None:
    group, table = case
    gram = _gram_in_cyclotomic_ring(table)
    for i, row in enumerate(gram):
        for j, entry in enumerate(row):
            assert entry == flint.fmpz_poly([group.order if i == j else 0]), (i, j)


def test_column_orthogonality_in_the_cyclotomic_ring(case: tuple[Any, Any]) -> None:
    _, table = case
    gram = _gram_in_cyclotomic_ring(table, columns=True)
    for k, row in enumerate(gram):
        for l, entry in enumerate(row):
            assert entry == flint.fmpz_poly([table.centralizer_orders[k] if k == l else 0])


def test_indicators_count_the_square_roots_of_one(case: tuple[Any, Any]) -> None:
    group, table = case
    involutions_and_one = sum(1 for g in group.elements if group.mul(g, g) == group.identity)
    assert sum(nu * d for nu, d in zip(table.indicators, table.degrees)) == involutions_and_one
    for chi, nu in zip(table, table.indicators):
        assert (nu == 0) == any(v != v.conjugate() for v in chi.values
                                if isinstance(v, rk.Cyclotomic))


def test_rows_are_galois_stable(case: tuple[Any, Any]) -> None:
    _, table = case
    e = table.class_data.exponent
    rows = {tuple(chi.values) for chi in table}
    for a in (a for a in range(2, min(e, 40)) if math.gcd(a, e) == 1):
        pm = table.power_map(a)                  # sigma_a(chi)(g) = chi(g^a)
        assert all(tuple(chi[pm[k]] for k in range(len(pm))) in rows for chi in table)


def test_values_match_the_sparse_terms(case: tuple[Any, Any]) -> None:
    _, table = case
    for chi, row, dense in zip(table, table.eigenvalue_terms, table.eigenvalue_multiplicities):
        for k, (terms, mult) in enumerate(zip(row, dense)):
            o = table.element_orders[k]
            assert terms == tuple((s, m) for s, m in enumerate(mult) if m)
            assert chi[k] == sum((m * rk.E(o, s) for s, m in terms), rk.Cyclotomic(0))


def test_right_multiplications_and_power_maps(case: tuple[Any, Any]) -> None:
    group, table = case
    reps = table.class_representatives
    maps = right_multiplications(group, reps)
    sample = list(range(0, group.order, max(1, group.order // 50)))
    for t in reps:
        assert all(int(maps[t][g]) == group.mul(g, t) for g in sample)
    for k, g in enumerate(reps):
        assert table.element_orders[k] == group.element_order(g)
        assert table.power_map(-1)[k] == int(group.class_of[group.inv(g)])


@pytest.mark.parametrize("name", ["D24", "AGL(1,11)", "Z7:Z3"])
def test_check_rejects_galois_incompatible_rows(name: str) -> None:
    data = ClassData.from_group(SCALE[name]())
    modular = modular_characters(data)
    verify_class_blocks(data, modular.class_blocks)
    blocks = [b.copy() for b in modular.class_blocks]
    # move one eigenvalue of a row of degree > 1 on a class of order > 2 to another root
    k = next(k for k, o in enumerate(data.element_orders) if o > 2)
    i = next(i for i in range(data.nclasses) if blocks[k][i, 1:].sum() > 0 and blocks[0][i, 0] > 1)
    s = int(np.flatnonzero(blocks[k][i])[0])
    blocks[k][i, s] -= 1
    blocks[k][i, (s + 1) % data.element_orders[k]] += 1
    with pytest.raises(rk.CharacterTableError, match="exact check"):
        verify_class_blocks(data, tuple(blocks))


def test_check_rejects_malformed_multiplicities() -> None:
    data = ClassData.from_group(rk.dihedral(5))
    mults = modular_characters(data).multiplicities
    with pytest.raises(rk.CharacterTableError, match="expected 4 rows"):
        verify_orthogonality(data, mults[:-1])
    negative = [list(map(list, row)) for row in mults]
    negative[1][1][0] -= 1
    negative[1][1][1] += 1
    negative[2][1][0] = -1
    with pytest.raises(rk.CharacterTableError, match="exact check"):
        verify_orthogonality(data, tuple(tuple(map(tuple, row)) for row in negative))


def test_verification_primes_cover_the_bound() -> None:
    for e, bound in [(1, 10), (256, 10**15), (3960, 2**80)]:
        primes = verification_primes(e, bound)
        assert math.prod(p for p, _ in primes) > bound
        for p, z in primes:
            assert (p - 1) % e == 0 and pow(z, e, p) == 1
            assert all(pow(z, e // q, p) != 1 for q in {int(f) for f, _ in flint.fmpz(e).factor()})


def test_values_mod_p_are_a_ring_homomorphism_image() -> None:
    table = rk.character_table(rk.dihedral(8))
    data = table.class_data
    modular = modular_characters(data)
    (p, z), = verification_primes(data.exponent, 10)
    values = class_values_mod_p(data, modular.class_blocks, p, z)
    products = sorted(tuple(int(v) for v in row) for row in values)
    # chi -> its values mod p is injective on the irreducibles and chi(1) is the degree
    assert len(set(products)) == data.nclasses
    assert sorted(values[:, 0].tolist()) == sorted(modular.degrees)


@pytest.mark.parametrize("e", [1, 2, 3, 8, 12, 97, 360, 1024, 3960])
def test_unit_generators_generate_the_unit_group(e: int) -> None:
    from repkit.characters.verify import _unit_generators

    units = {a for a in range(1, e) if math.gcd(a, e) == 1} if e > 2 else set()
    gens = _unit_generators(e)
    reached = {1} if e > 2 else set()
    frontier = set(reached)
    while frontier:
        frontier = {x * a % e for x in frontier for a in gens} - reached
        reached |= frontier
    assert reached == units
    assert all(a in units for a in gens)
