"""The general exact path: constraints, dimensions, canonical form, agreement with the orbital path."""

from __future__ import annotations

from fractions import Fraction
from math import gcd, lcm

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import repkit as rk
from eq_helpers import assert_basis_satisfies_constraints, hom_dimension, rank_of_basis
from repkit.equivariant import commutant_entries, encode_cyclotomic


def _canonical_rows(rows: list[list[Fraction]]) -> list[list[int]]:
    """Independent canonical form: rref (by repkit.exact), then primitive integer rows."""
    if not rows:
        return []
    R, piv = rk.Matrix(rows).rref()
    out = []
    for row in R.to_list()[:len(piv)]:
        den = 1
        for x in row:
            den = lcm(den, Fraction(x).denominator)
        ints = [int(Fraction(x) * den) for x in row]
        g = 0
        for z in ints:
            g = gcd(g, z)
        out.append([z // g for z in ints])
    return out


def _flat_numerators(B: rk.WeightBasis) -> list[list[int]]:
    return B.numerators.reshape(B.dim, -1).tolist()


def _assert_canonical(B: rk.WeightBasis) -> None:
    num = B.numerators.reshape(B.dim, -1)
    pivots = [int(np.flatnonzero(row)[0]) for row in num]
    assert pivots == sorted(set(pivots)), "pivots strictly increasing"
    for k, p in enumerate(pivots):
        assert num[k, p] > 0
        assert np.count_nonzero(num[:, p]) == 1, "pivot column is zero in the other rows"
        assert np.gcd.reduce(np.abs(num[k])) == 1, "primitive"


PERMUTATION_CASES = {
    "S4 V->V": lambda: (rk.natural(rk.symmetric(4)),) * 2,
    "S4 VV->V": lambda: (lambda V: (V @ V, V))(rk.natural(rk.symmetric(4))),
    "D5 V->V+1": lambda: (lambda G: (rk.natural(G), rk.natural(G) + rk.trivial(G)))(rk.dihedral(5)),
    "Z6 reg->reg": lambda: (rk.regular(rk.cyclic(6)),) * 2,
    "A4 V->VV": lambda: (lambda V: (V, V @ V))(rk.natural(rk.alternating(4))),
    "Q8 reg->reg": lambda: (rk.regular(rk.quaternion()),) * 2,
}


@pytest.mark.parametrize("case", sorted(PERMUTATION_CASES))
def test_orbital_and_nullspace_paths_agree_bytewise(case: str) -> None:
    a, b = PERMUTATION_CASES[case]()
    orb = rk.equivariant_basis(a, b, method="orbital", structured=False)
    nul = rk.equivariant_basis(a, b, method="nullspace", structured=False)
    assert orb.metadata["method"] == "orbital" and nul.metadata["method"] == "nullspace"
    assert orb == nul                                  # same canonical arrays (checksum)
    assert orb.numerators.tobytes() == nul.numerators.tobytes()
    assert np.array_equal(orb.pattern, nul.pattern)
    assert orb.bias_numerators.tobytes() == nul.bias_numerators.tobytes()
    assert orb.dim == hom_dimension(a, b)


def _rotation_case(name: str) -> tuple:
    """``rot{k}``, ``rot{k}^2``, ``rot{k}->rot{k}^2`` and ``rot5^3`` for the dihedral rotation rep."""
    k = int(name[3])
    R = rk.dihedral_rotation(k)
    if name.endswith("^3"):
        return R ** 3, R ** 3
    if "->" in name:
        return R, R @ R
    if name.endswith("^2"):
        return R @ R, R @ R
    return R, R


ROTATION_CASES = [f"rot{k}{suffix}" for k in (3, 5, 6, 8) for suffix in ("", "^2", f"->rot{k}^2")]
ROTATION_CASES.append("rot5^3")


@pytest.mark.parametrize("case", ROTATION_CASES)
def test_dihedral_rotation_tensor_powers(case: str) -> None:
    a, b = _rotation_case(case)
    B = rk.equivariant_basis(a, b)
    assert B.dim == hom_dimension(a, b)
    assert rank_of_basis(B) == B.dim
    assert_basis_satisfies_constraints(B, a, b)
    assert B.is_real()


def test_cyclic_characters_over_cyclotomics() -> None:
    G = rk.cyclic(6)
    chi = [rk.cyclic_character(G, k) for k in range(6)]
    for j in range(6):
        for k in range(6):
            assert rk.equivariant_basis(chi[j], chi[k]).dim == (1 if j == k else 0)
    a = chi[1] + chi[2] + chi[1]
    b = chi[2] + chi[1] + rk.trivial(G)
    B = rk.equivariant_basis(a, b)
    assert B.dim == hom_dimension(a, b) == 3
    assert_basis_satisfies_constraints(B, a, b)
    assert B.bias_dim == 1


def test_cyclotomic_basis_entries_and_encoding() -> None:
    G = rk.cyclic(3)
    chi = rk.cyclic_character(G, 1)
    # a non-diagonal, genuinely cyclotomic change of basis
    Q = rk.Matrix([[1, rk.E(3)], [0, 1]])
    a = (chi + rk.trivial(G)).change_basis(Q)
    b = chi + rk.trivial(G)
    B = rk.equivariant_basis(a, b, structured=False)
    assert B.dim == 2
    assert B.field == 3
    assert B.numerators.shape == (2, 2, 2, 3)
    assert_basis_satisfies_constraints(B, a, b)
    assert not B.is_real()
    with pytest.raises(rk.ExactnessError, match="complex dtype"):
        B.to_numpy(np.float64)
    W = B.to_numpy(np.complex128)
    for k, M in enumerate(B.exact_matrices()):
        assert np.array_equal(np.round(W[k] - M.to_numpy(complex), 12), np.zeros((2, 2)))
    assert [int(c) for c in encode_cyclotomic(rk.E(3) ** 2, 3)] == [0, 0, 1]
    # canonical = minimal-conductor form: E(3) + E(3)^2 = -1 is stored as a rational
    assert [int(c) for c in encode_cyclotomic(rk.E(3) + rk.E(3) ** 2, 3)] == [-1, 0, 0]
    assert [int(c) for c in encode_cyclotomic(rk.E(4), 12)] == [0, 0, 0, 1] + [0] * 8


def test_real_basis_of_realified_characters() -> None:
    G = rk.cyclic(4)
    chi = rk.cyclic_character(G, 1)
    B = rk.equivariant_basis(chi, chi, real=True)
    assert B.shape == (2, 2) and B.dim == 2 and B.is_real()   # C as a real algebra
    R = chi.realify()
    assert_basis_satisfies_constraints(B, R, R)
    G5 = rk.cyclic(5)
    chi5 = rk.cyclic_character(G5, 2)
    B5 = rk.equivariant_basis(chi5 + chi5, chi5, real=True)
    assert B5.dim == 4 and B5.is_real()
    assert B5.to_numpy(np.float64).shape == (4, 2, 4)


def test_irreducibles_of_s4_sums() -> None:
    G = rk.symmetric(4)
    irr = G.irreps()
    a = irr[2] + irr[3] + irr[3] + irr[0]
    b = irr[3] + irr[4] + irr[2] + irr[0] + irr[0]
    B = rk.equivariant_basis(a, b)                      # structured: one block per component pair
    assert B.dim == hom_dimension(a, b) == 2 + 1 + 2
    assert_basis_satisfies_constraints(B, a, b)
    _assert_canonical(B.to_weight_basis())
    assert B.to_weight_basis() == rk.equivariant_basis(a, b, structured=False)


@settings(max_examples=15, deadline=None)
@given(st.lists(st.integers(-3, 3), min_size=9, max_size=9),
       st.lists(st.integers(-2, 2), min_size=4, max_size=4))
def test_random_rational_change_of_basis(q_entries: list[int], p_entries: list[int]) -> None:
    G = rk.symmetric(3)
    V = rk.natural(G)
    Q = rk.Matrix([q_entries[0:3], q_entries[3:6], q_entries[6:9]]) + rk.Matrix.identity(3) * 7
    P = rk.Matrix([[p_entries[0] + 5, p_entries[1]], [p_entries[2], p_entries[3] + 5]])
    if Q.det() == 0 or P.det() == 0:
        return
    W = rk.standard(3)
    Vq = V.change_basis(Q)
    Wp = rk.Rep.from_generators(G, {n: M for n, M in zip(G.generators, W.change_basis(P).images)})
    B0 = rk.equivariant_basis(V, rk.Rep.from_generators(G, dict(zip(G.generators, W.images))))
    B = rk.equivariant_basis(Vq, Wp)
    assert B.dim == B0.dim == hom_dimension(Vq, Wp) == 1
    assert_basis_satisfies_constraints(B, Vq, Wp)
    # transport: Hom(Q^-1 V Q, P^-1 W P) = P^-1 Hom(V, W) Q, in canonical form
    moved = [(P.inverse() @ M @ Q) for M in B0.exact_matrices()]
    assert _canonical_rows([sum(M.to_list(), []) for M in moved]) == _flat_numerators(B)


def test_canonical_form_properties_on_many_cases() -> None:
    for case in ROTATION_CASES:
        a, b = _rotation_case(case)
        B = rk.equivariant_basis(a, b)
        if B.dim:
            _assert_canonical(B)
            rows = [sum(M.to_list(), []) for M in B.exact_matrices()]
            assert _canonical_rows(rows) == _flat_numerators(B)


def test_commutant_entries_directly() -> None:
    swap = rk.Matrix([[0, 1], [1, 0]])
    dim, field, idx, val = commutant_entries([swap], [swap], 2, 2)
    assert (dim, field) == (2, 1)
    assert idx.tolist() == [0, 3, 5, 6] and val.tolist() == [1, 1, 1, 1]
    dim, field, idx, val = commutant_entries([], [], 2, 3)   # trivial group: everything
    assert dim == 6 and val.tolist() == [1] * 6
    with pytest.raises(rk.ShapeError, match="in_images"):
        commutant_entries([swap], [], 2, 2)
    with pytest.raises(rk.ShapeError, match="out_images"):
        commutant_entries([swap], [swap], 3, 2)


def test_blocks_are_used_and_the_same_on_reordering() -> None:
    R = rk.dihedral_rotation(5)
    one = rk.trivial(R.group)
    B1 = rk.equivariant_basis(R + one + R, R + one)
    assert B1.dim == hom_dimension(R + one + R, R + one) == 3
    assert_basis_satisfies_constraints(B1, R + one + R, R + one)


def test_multimodular_agrees_with_the_exact_sparse_paths() -> None:
    from repkit.equivariant.commutant import _solve_restricted, _sub, _verify_rows
    from repkit.equivariant.multimodular import solve_block_multimodular

    R = rk.dihedral_rotation(6) ** 3                    # 8-dim, entries in Q(E(12))
    rows = [M.to_list() for M in R.images]
    idx = np.arange(R.dim)
    key = tuple(_sub(r, idx, idx) for r in rows)
    exact = _solve_restricted(key, key, R.dim, R.dim, 12)
    fast = solve_block_multimodular(key, key, R.dim, R.dim, 12,
                                    lambda c, W: _verify_rows(key, key, R.dim, R.dim, c, 12, W))
    assert fast is not None and len(fast) == len(exact) == hom_dimension(R, R)
    assert [[x == y for x, y in zip(a, b)] for a, b in zip(fast, exact)] == \
        [[True] * (R.dim ** 2)] * len(exact)
    # the exact check rejects a perturbed candidate
    bad = [list(r) for r in exact]
    bad[0][1] = bad[0][1] + 1
    assert _verify_rows(key, key, R.dim, R.dim, exact, 12)
    assert not _verify_rows(key, key, R.dim, R.dim, bad, 12)


def test_dense_rational_change_of_basis() -> None:
    G = rk.symmetric(4)
    irr = G.irreps()
    rho = irr[3] + irr[4] + irr[2] + irr[3]             # 11-dim, rational
    L = rk.Matrix([[1 if j == i else ((i + j) % 3 - 1 if j < i else 0) for j in range(11)] for i in range(11)])
    U = rk.Matrix([[1 if j >= i else 0 for j in range(11)] for i in range(11)])
    Q = L @ U                                           # unitriangular factors: det 1
    a = rho.change_basis(Q)
    B = rk.equivariant_basis(a, a)
    assert B.dim == hom_dimension(a, a) == 4 + 1 + 1
    assert_basis_satisfies_constraints(B, a, a)
    _assert_canonical(B)
    assert B == rk.equivariant_basis(a, a) and B.field == 1
