"""WeightBasis as a value: views, apply, equality, errors; bias_basis; the solver's argument checks."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import repkit as rk
from repkit.equivariant import BasisTooLargeError, InvalidArgumentError, NotARepresentationError
from eq_helpers import hom_dimension


@pytest.fixture(scope="module")
def s4() -> tuple:
    G = rk.symmetric(4)
    return G, rk.natural(G)


def test_views_are_consistent(s4: tuple) -> None:
    G, V = s4
    B = rk.equivariant_basis(V @ V, V)
    assert B.shape == (4, 16) and B.dim == hom_dimension(V @ V, V) == 5
    num = B.numerators
    assert num.shape == (5, 4, 16) and num.dtype == np.int64
    assert B.denominators.shape == (5, 1, 1) and np.all(B.denominators == 1)
    assert np.array_equal(B.to_numpy(np.float64), num / B.denominators)
    # the pattern is the partition: each entry in exactly one basis element
    assert np.array_equal(num.sum(axis=0), np.ones((4, 16), np.int64))
    for k in range(B.dim):
        assert np.array_equal(num[k] == 1, B.pattern == k)
    assert not num.flags.writeable and not B.pattern.flags.writeable


def test_apply_float_and_exact_agree(s4: tuple) -> None:
    G, V = s4
    B = rk.equivariant_basis(V, V + rk.trivial(G))
    theta = [Fraction(1, 3), Fraction(-2), Fraction(5, 7), Fraction(1)][:B.dim]
    tb = [Fraction(3, 2)] * B.bias_dim
    W, b = B.apply(theta, tb)
    assert isinstance(W, rk.Matrix) and W.shape == B.shape and b.shape == (B.shape[0], 1)
    Wf, bf = B.apply(np.array([float(t) for t in theta]), np.array([float(t) for t in tb]))
    assert np.allclose(Wf, W.to_numpy(float), rtol=0, atol=1e-12)
    assert np.allclose(bf, b.to_numpy(float).ravel(), rtol=0, atol=1e-12)
    # equivariance of the exact W for every generator
    for a, c in zip(V.images, (V + rk.trivial(G)).images):
        assert c @ W == W @ a
        assert c @ b == b
    with pytest.raises(rk.ShapeError, match="theta"):
        B.apply(np.zeros(B.dim + 1))
    with pytest.raises(rk.ExactnessError):
        B.apply([0.5] * B.dim)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.fractions(min_value=-50, max_value=50, max_denominator=20), min_size=2, max_size=2))
def test_apply_is_linear_and_equivariant(theta: list[Fraction]) -> None:
    G = rk.dihedral(6)
    V = rk.natural(G)
    B = rk.equivariant_basis(V, V)
    coeffs = (theta * B.dim)[:B.dim]
    W = B.apply(coeffs)
    for a in V.images:
        assert a @ W == W @ a
    parts = [B.apply([c if i == k else 0 for i in range(B.dim)]) for k, c in enumerate(coeffs)]
    total = parts[0]
    for P in parts[1:]:
        total = total + P
    assert total == W


def test_equality_ignores_metadata_and_method(s4: tuple) -> None:
    G, V = s4
    a = rk.equivariant_basis(V, V)
    b = rk.equivariant_basis(V, V, method="nullspace")
    assert a == b and hash(a) == hash(b) and a.metadata != b.metadata
    assert a != rk.equivariant_basis(V, V @ V)
    assert "dim=2" in repr(a) and "orbital" in repr(a)


def test_dense_views_are_bounded() -> None:
    V = rk.natural(rk.cyclic(64))
    B = rk.equivariant_basis(V, V)
    with pytest.raises(BasisTooLargeError, match="max_entries"):
        B.to_numpy(max_entries=1000)
    assert B.apply(np.ones(64)).shape == (64, 64)         # pattern apply never goes dense


def test_from_pattern_validates() -> None:
    with pytest.raises(rk.ShapeError, match="first occurrence"):
        rk.WeightBasis.from_pattern(np.array([[1, 0]]))
    with pytest.raises(rk.ShapeError, match="first occurrence"):
        rk.WeightBasis.from_pattern(np.array([[0, 2]]))
    with pytest.raises(rk.ShapeError, match="signs"):
        rk.WeightBasis.from_pattern(np.array([[0, 0]]), np.array([[-1, 1]]))
    with pytest.raises(rk.ShapeError, match="pattern"):
        rk.WeightBasis.from_pattern(np.array([0.0, 1.0]))
    with pytest.raises(rk.ShapeError, match="entry_values"):
        rk.WeightBasis.from_sparse((1, 2), 1, np.array([0]), np.array([0]))


def test_bias_basis_is_the_fixed_space() -> None:
    G = rk.dihedral(5)
    V = rk.natural(G)
    num, den = rk.bias_basis(V + V + rk.trivial(G))
    assert num.shape == (3, 11) and den.tolist() == [1, 1, 1]
    assert num.tolist()[2] == [0] * 10 + [1]
    R = rk.dihedral_rotation(5)
    num, _ = rk.bias_basis(R @ R)
    assert num.shape[0] == hom_dimension(rk.trivial(R.group), R @ R) == 1
    vec = rk.Matrix([[int(x)] for x in num[0]])
    for M in (R @ R).images:
        assert M @ vec == vec
    S = rk.sign(rk.symmetric(3))
    assert rk.bias_basis(S)[0].shape == (0, 1)
    with pytest.raises(NotARepresentationError, match="rho_out"):
        rk.bias_basis("V")


def test_solver_argument_errors(s4: tuple) -> None:
    G, V = s4
    with pytest.raises(rk.IncompatibleGroupError, match="rho_out"):
        rk.equivariant_basis(V, rk.natural(rk.alternating(4)))
    # groups with the same defining data are the same group
    assert rk.equivariant_basis(V, rk.natural(rk.symmetric(4))).dim == 2
    with pytest.raises(rk.IncompatibleGroupError):
        V >> rk.natural(rk.cyclic(4))
    with pytest.raises(InvalidArgumentError, match="method"):
        rk.equivariant_basis(V, V, method="svd")
    R = rk.dihedral_rotation(5)
    with pytest.raises(InvalidArgumentError, match="orbital"):
        rk.equivariant_basis(R, R, method="orbital")
    with pytest.raises(NotARepresentationError, match="rho_in"):
        rk.equivariant_basis(np.eye(4), V)
    assert issubclass(InvalidArgumentError, ValueError) and issubclass(NotARepresentationError, TypeError)


def test_rshift_operator_is_the_solver(s4: tuple) -> None:
    G, V = s4
    assert (V >> V) == rk.equivariant_basis(V, V)
    assert (V >> V).rho_in is V


def test_apply_of_a_zero_dimensional_basis_with_biases() -> None:
    rot = rk.dihedral_rotation(4)
    B = rk.equivariant_basis(rot, rk.trivial(rot.group))
    assert B.dim == 0 and B.bias_dim == 1
    W, b = B.apply(np.zeros(0), np.array([2.0]))
    assert W.shape == (1, 2) and not W.any() and np.asarray(b).tolist() == [2.0]
    from repkit.adapters.common import basis_arrays

    weights, biases = basis_arrays(B)
    assert weights.shape == (0, 1, 2) and biases.tolist() == [[1.0]]


def test_metadata_says_whether_the_entries_are_real() -> None:
    R = rk.dihedral_rotation(5)                     # entries in Q(E(20)), basis {identity}: real
    assert (R >> R).metadata["real"] == "true" and (2 * R >> R).metadata["real"] == "true"
    G = rk.cyclic(3)
    chi = rk.cyclic_character(G, 1)
    Q = rk.Matrix([[1, rk.E(3)], [0, 1]])
    B = rk.equivariant_basis((chi + rk.trivial(G)).change_basis(Q), chi + rk.trivial(G), structured=False)
    assert not B.is_real() and B.metadata["real"] == "false" and B.metadata["realified"] == "false"
    assert rk.equivariant_basis(chi, chi, real=True).metadata["realified"] == "true"
