"""The exact projector onto the equivariant subspace (repkit.equivariant.projection).

Invariants, checked exactly over Q: P fixes every basis element, P is idempotent, P(W) intertwines
every generator, the residual W - P(W) is Frobenius-orthogonal to every basis element, and for
orthogonal representations P equals the group average (Reynolds operator), computed here
independently by summing over all elements. The float path agrees with the exact one.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import repkit as rk
from repkit.errors import (ExactnessError, FieldMismatchError, NonFiniteValueError, ShapeError,
                           SingularMatrixError)
from repkit.exact import E, Matrix
from repkit.equivariant.projection import EquivariantProjector, project
from strategies import family_groups  # tests/strategies.py; tests/conftest.py puts tests/ on sys.path


def _cases():
    c4, d4, s3, s4, c6 = rk.cyclic(4), rk.dihedral(4), rk.symmetric(3), rk.symmetric(4), rk.cyclic(6)
    rot = rk.dihedral_rotation(4)
    return {
        "C4 regular->regular": (rk.regular(c4), rk.regular(c4)),
        "C6 natural->regular": (rk.natural(c6), rk.regular(c6)),
        "D4 rot->rot": (rot, rot),
        "D4 rot+1->regular": (rot + rk.trivial(d4), rk.regular(d4)),
        "D4 2rot->rot+regular": (2 * rot, rot + rk.regular(d4)),
        "S3 natural->natural": (rk.natural(s3), rk.natural(s3)),
        "S4 natural->natural@natural": (rk.natural(s4), rk.natural(s4) @ rk.natural(s4)),
        "D4 rot->trivial (Hom = 0)": (rot, rk.trivial(d4)),
    }


CASES = _cases()
IDS = list(CASES)


def _random_exact(shape: tuple[int, int], seed: int) -> Matrix:
    rng = np.random.default_rng(seed)
    num = rng.integers(-5, 6, size=shape)
    den = rng.integers(1, 4, size=shape)
    return Matrix([[Fraction(int(num[i, j]), int(den[i, j])) for j in range(shape[1])]
                   for i in range(shape[0])])


def _frobenius(A: Matrix, B: Matrix) -> object:
    return (A.T @ B).trace() if A.nrows and A.ncols else 0


@pytest.mark.parametrize("name", IDS)
def test_fixes_every_basis_element_with_unit_coefficients(name: str) -> None:
    rho_in, rho_out = CASES[name]
    B = rho_in >> rho_out
    P = EquivariantProjector.from_basis(B)
    assert P.dim == B.dim and P.shape == B.shape
    for k, M in enumerate(B.exact_matrices()):
        assert P(M) == M
        assert P.coefficients(M).to_list() == [[int(i == k)] for i in range(B.dim)]


@pytest.mark.parametrize("seed", [0, 1])
@pytest.mark.parametrize("name", IDS)
def test_projection_is_equivariant_idempotent_and_orthogonal(name: str, seed: int) -> None:
    rho_in, rho_out = CASES[name]
    B = rho_in >> rho_out
    P = EquivariantProjector.from_basis(B)
    W = _random_exact(B.shape, seed)
    PW = P(W)
    assert all(A @ PW == PW @ C for A, C in zip(rho_out.images, rho_in.images))
    assert P(PW) == PW
    R = P.residual(W)
    assert R + PW == W
    assert all(_frobenius(M, R) == 0 for M in B.exact_matrices())
    assert project(W, B) == PW


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(family_groups(max_order=12), st.integers(0, 2**16))
def test_regular_projection_is_the_group_average_over_the_families(drawn, seed: int) -> None:
    G, order = drawn
    R = rk.regular(G)
    W = _random_exact((order, order), seed)
    total = Matrix.zeros(order, order)
    for g in G.elements:
        total = total + R(g) @ W @ R(g).T
    PW = EquivariantProjector.from_basis(R >> R)(W)
    assert PW == total * Fraction(1, order)
    assert all(R(g) @ PW == PW @ R(g) for g in G.generators)


@pytest.mark.parametrize("name", [n for n in IDS if "S4" not in n])
def test_equals_the_group_average_for_orthogonal_reps(name: str) -> None:
    rho_in, rho_out = CASES[name]
    G = rho_in.group
    for g in G.generators:            # the premise: orthogonal representations
        assert rho_in(g).T @ rho_in(g) == Matrix.identity(rho_in.dim)
        assert rho_out(g).T @ rho_out(g) == Matrix.identity(rho_out.dim)
    W = _random_exact((rho_out.dim, rho_in.dim), 7)
    total = Matrix.zeros(rho_out.dim, rho_in.dim)
    for g in G.elements:
        total = total + rho_out(g) @ W @ rho_in(g).T
    assert EquivariantProjector.from_basis(rho_in >> rho_out)(W) == total * Fraction(1, G.order)


def test_non_orthogonal_rep_still_projects_onto_the_equivariant_maps() -> None:
    rot = rk.dihedral_rotation(4)
    skew = rot.change_basis(Matrix([[1, 1], [0, 2]]))        # rational, not orthogonal
    assert any(skew(g).T @ skew(g) != Matrix.identity(2) for g in skew.group.generators)
    B = skew >> rot
    P = EquivariantProjector.from_basis(B)
    PW = P(_random_exact((2, 2), 3))
    assert all(A @ PW == PW @ C for A, C in zip(rot.images, skew.images))
    assert P(PW) == PW


@pytest.mark.parametrize("name", IDS)
def test_float_path_agrees_with_the_exact_one(name: str) -> None:
    rho_in, rho_out = CASES[name]
    B = rho_in >> rho_out
    P = EquivariantProjector.from_basis(B)
    rng = np.random.default_rng(5)
    W = rng.integers(-4, 5, size=(3, *B.shape))
    got = P(W.astype(np.float64))
    assert got.shape == W.shape and got.dtype == np.float64
    for k in range(3):
        want = P(W[k]).to_numpy(np.float64)
        np.testing.assert_allclose(got[k], want, atol=1e-12)
    np.testing.assert_allclose(P.coefficients(W[0].astype(float)),
                               P.coefficients(W[0]).to_numpy(np.float64)[:, 0], atol=1e-12)
    assert P.relative_distance(got[0]) < 1e-12


def test_relative_distance_is_zero_on_equivariant_and_positive_off_it() -> None:
    rho = rk.regular(rk.cyclic(4))
    P = EquivariantProjector.from_basis(rho >> rho)
    assert P.relative_distance(rho.images[0]) == 0.0
    assert P.relative_distance(Matrix.zeros(4, 4)) == 0.0
    off = Matrix([[1, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]])
    assert P.relative_distance(off) == pytest.approx(np.sqrt(3 / 4))   # |e_00 - I/4| / |e_00|


def test_empty_basis_projects_to_zero() -> None:
    P = EquivariantProjector.from_basis([], shape=(2, 3))
    assert P.dim == 0 and P(Matrix([[1, 2, 3], [4, 5, 6]])) == Matrix.zeros(2, 3)
    assert P(np.ones((2, 3))).tolist() == [[0.0] * 3] * 2


def test_bad_inputs_raise_precise_errors() -> None:
    rho = rk.regular(rk.cyclic(3))
    P = EquivariantProjector.from_basis(rho >> rho)
    with pytest.raises(ShapeError, match="W: expected shape"):
        P(Matrix.identity(2))
    with pytest.raises(ShapeError, match="W: expected trailing shape"):
        P(np.zeros((2, 2)))
    with pytest.raises(FieldMismatchError, match="W: expected a rational"):
        P(Matrix.identity(3) * E(3))
    with pytest.raises(SingularMatrixError, match="linearly independent"):
        EquivariantProjector.from_basis([Matrix.identity(2), Matrix.identity(2) * 2])
    with pytest.raises(FieldMismatchError, match=r"matrices\[0\]"):
        EquivariantProjector.from_basis([Matrix.identity(2) * E(4)])
    with pytest.raises(ShapeError, match=r"matrices\[1\]"):
        EquivariantProjector.from_basis([Matrix.identity(2), Matrix.identity(3)])
    with pytest.raises(ShapeError, match="shape"):
        EquivariantProjector.from_basis([])
    with pytest.raises(NonFiniteValueError, match="W: expected finite"):
        P(np.full((3, 3), np.nan))
    with pytest.raises(ExactnessError, match=r"basis\[0\]"):
        EquivariantProjector.from_basis([np.eye(2)])
    with pytest.raises(ExactnessError, match=r"matrices\[0\]"):
        EquivariantProjector((np.eye(2),), (2, 2))


def test_sequences_of_arrays_and_lists_are_read_exactly_and_equal_projectors_compare_equal() -> None:
    rho = rk.regular(rk.cyclic(3))
    B = rho >> rho
    mats = B.exact_matrices()
    from_arrays = EquivariantProjector.from_basis([m.to_numpy(np.int64) for m in mats])
    from_lists = EquivariantProjector.from_basis([m.to_list() for m in mats])
    assert from_arrays == from_lists == EquivariantProjector.from_basis(B)
    assert hash(from_arrays) == hash(from_lists)
    assert issubclass(SingularMatrixError, ValueError) and issubclass(FieldMismatchError, rk.RepkitError)
