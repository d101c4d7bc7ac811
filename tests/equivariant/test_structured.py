"""Structured bases: one exact block per component pair, the same space as the whole-space solver."""

from __future__ import annotations

import os
import tempfile

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import repkit as rk

from .eq_helpers import assert_basis_satisfies_constraints, hom_dimension


def _pairs() -> dict[str, tuple[rk.Rep, rk.Rep]]:
    R4, R = rk.dihedral_rotation(4), rk.dihedral_rotation(5)
    S4, D4, D5 = rk.symmetric(4), R4.group, R.group
    V = rk.natural(S4)
    irr = D4.irreps()
    C3 = rk.cyclic(3)
    chi = rk.cyclic_character(C3, 1)
    return {
        "S4 3V+1 -> 2V": (3 * V + rk.trivial(S4), 2 * V),
        "S4 V -> 4V+sgn": (V, 4 * V + rk.sign(S4)),
        "S4 2(V@V) -> V": (2 * (V @ V), V),
        "D4 2reg -> 3reg": (2 * rk.regular(D4), 3 * rk.regular(D4)),
        "D4 irreducible sums": (irr[4] + 2 * irr[0] + irr[4], 3 * irr[4] + irr[1]),
        "D5 2rot+1 -> 3rot+2": (2 * R + rk.trivial(D5), 3 * R + 2 * rk.trivial(D5)),
        "C3 cyclotomic": (2 * chi + rk.trivial(C3), chi + 2 * rk.trivial(C3)),
        "D4 vertices -> 2 rot": (rk.natural(D4), 2 * R4),
    }


PAIRS = _pairs()


@pytest.mark.parametrize("case", sorted(PAIRS))
def test_same_space_as_the_whole_space_solver(case: str) -> None:
    a, b = PAIRS[case]
    S = rk.equivariant_basis(a, b)
    D = rk.equivariant_basis(a, b, structured=False)
    assert isinstance(S, rk.StructuredBasis) and isinstance(D, rk.WeightBasis)
    assert S.dim == D.dim == hom_dimension(a, b)
    assert S.bias_dim == D.bias_dim
    # the placed small canonical bases, sorted by pivot, are the canonical basis itself
    canon = S.to_weight_basis()
    assert canon == D
    assert canon.bias_numerators.tobytes() == D.bias_numerators.tobytes()


@pytest.mark.parametrize("case", sorted(PAIRS))
def test_every_element_satisfies_the_constraint_exactly(case: str) -> None:
    a, b = PAIRS[case]
    assert_basis_satisfies_constraints(rk.equivariant_basis(a, b), a, b)


@pytest.mark.parametrize("case", sorted(PAIRS))
def test_apply_agrees_with_the_dense_views(case: str) -> None:
    a, b = PAIRS[case]
    S = rk.equivariant_basis(a, b)
    rng = np.random.default_rng(0)
    theta = rng.standard_normal(S.dim)
    dtype = np.complex128 if not S.is_real() else np.float64
    W = S.apply(theta)
    dense = np.einsum("k,kij->ij", theta, S.to_numpy(dtype))
    assert np.allclose(W, dense, atol=1e-12)
    canon = S.to_weight_basis()
    assert np.allclose(canon.apply(theta[S.canonical_order]), W, atol=1e-12)
    if S.bias_dim:
        tb = rng.standard_normal(S.bias_dim)
        _, bias = S.apply(theta, tb)
        num, den = S.bias
        if num.ndim == 3:
            num = num.astype(float) @ np.exp(2j * np.pi * np.arange(num.shape[-1]) / num.shape[-1])
        assert np.allclose(bias, tb @ (num / den[:, None]), atol=1e-12)


def test_exact_apply_intertwines() -> None:
    G = rk.symmetric(3)
    V = rk.natural(G)
    a, b = 2 * V + rk.trivial(G), 3 * V
    S = rk.equivariant_basis(a, b)
    W, bias = S.apply(list(range(1, S.dim + 1)), list(range(1, S.bias_dim + 1)))
    for g in G.generators:
        assert b(g) @ W == W @ a(g)
        assert b(g) @ bias == bias


@pytest.mark.parametrize("case", sorted(PAIRS))
def test_template_round_trip_is_bit_exact(case: str) -> None:
    a, b = PAIRS[case]
    S = rk.equivariant_basis(a, b)
    with tempfile.TemporaryDirectory() as d:
        p, q = os.path.join(d, "a.npz"), os.path.join(d, "b.npz")
        S.save(p)
        T = rk.load_template(p)
        T.save(q)
        assert open(p, "rb").read() == open(q, "rb").read()
    assert isinstance(T, rk.StructuredBasis) and T == S
    theta = np.linspace(-1, 1, S.dim)
    assert np.array_equal(T.apply(theta), S.apply(theta).astype(T.apply(theta).dtype))


def test_channels_cost_nothing_beyond_the_small_basis() -> None:
    G = rk.symmetric(16)
    V = rk.natural(G)
    B = rk.equivariant_basis(64 * V, 64 * V)
    assert B.dim == 64 * 64 * 2 and B.shape == (1024, 1024)
    assert len(B.blocks) == 1 and B.blocks[0].basis.shape == (16, 16)
    with pytest.raises(rk.BasisTooLargeError, match="max_entries"):
        B.to_numpy(max_entries=10**6)


def test_distinct_pairs_are_solved_once() -> None:
    G = rk.dihedral(4)
    R, one = rk.regular(G), rk.trivial(G)
    B = rk.equivariant_basis(R + one + R, one + R)
    small = {id(b.basis) for b in B.blocks if b.in_index in (0, 2) and b.out_index == 1}
    assert len(small) == 1                              # (R -> R) solved once, used twice


def test_zero_dimensional_weights_with_a_bias() -> None:
    rot = rk.dihedral_rotation(4)
    B = rk.equivariant_basis(rot, 2 * rk.trivial(rot.group))
    assert B.dim == 0 and B.bias_dim == 2 and B.blocks == ()
    W, b = B.apply(np.zeros(0), np.array([1.0, 2.0]))
    assert W.shape == (2, 2) and not W.any() and b.tolist() == [1.0, 2.0]


@settings(max_examples=20, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 4), st.integers(1, 3)), min_size=1, max_size=3),
       st.lists(st.tuples(st.integers(0, 4), st.integers(1, 3)), min_size=1, max_size=3))
def test_random_sums_of_d4_representations(ins: list[tuple[int, int]], outs: list[tuple[int, int]]) -> None:
    rot = rk.dihedral_rotation(4)
    G = rot.group
    pool = [rk.trivial(G), rk.natural(G), rot, rk.regular(G), G.irreps()[1]]
    a = sum((k * pool[i] for i, k in ins), start=0)
    b = sum((k * pool[i] for i, k in outs), start=0)
    S = rk.equivariant_basis(a, b)
    assert S.dim == hom_dimension(a, b)
    if S.dim * a.dim * b.dim <= 200_000:
        assert S.to_weight_basis() == rk.equivariant_basis(a, b, structured=False)
