"""Locality masks on lattices: invariance under the lattice groups and the CNN case, exactly."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

import repkit as rk
from eq_helpers import assert_basis_satisfies_constraints


def _perms(rep: rk.Rep) -> np.ndarray:
    return np.array(rep.permutation_images(), dtype=np.int64)


@pytest.mark.parametrize("metric", ["chebyshev", "manhattan", "euclidean_sq"])
@pytest.mark.parametrize("shape,radius", [((7,), 2), ((5, 6), 1), ((6, 6), 2), ((3, 4, 5), 1)],
                         ids=["1d", "2d-rect", "2d-sq", "3d"])
def test_masks_are_invariant_under_translations(shape: tuple, radius: int, metric: str) -> None:
    mask = rk.locality_mask(shape, radius, metric=metric)
    for p in _perms(rk.natural(rk.translations(shape))):
        assert np.array_equal(mask[np.ix_(p, p)], mask)      # mask[p(i), p(j)] == mask[i, j]


@pytest.mark.parametrize("metric", ["chebyshev", "manhattan", "euclidean_sq"])
def test_masks_are_invariant_under_image_symmetries(metric: str) -> None:
    L = 6
    mask = rk.locality_mask((L, L), 2, metric=metric)
    for p in _perms(rk.natural(rk.image_symmetry(L))):
        assert np.array_equal(mask[np.ix_(p, p)], mask)


@pytest.mark.parametrize("N", [5, 8, 13])
def test_radius_one_regular_cyclic_is_circular_convolution(N: int) -> None:
    """Hom(reg Z_N, reg Z_N) restricted to radius 1 = circular correlation with a 3-tap kernel."""
    V = rk.natural(rk.cyclic(N))        # the shift e_i -> e_{i+1}: the regular representation
    B = rk.equivariant_basis(V, V, mask=rk.locality_mask(N, 1))
    assert B.dim == 3
    assert B.metadata["mask"].startswith(f"{3 * N} of")
    theta = [Fraction(2), Fraction(-3, 7), Fraction(5, 11)]
    W = np.array(B.apply(theta).to_list(), dtype=object)
    # parameters are numbered by first occurrence in row 0: offsets 0, +1 and -1 (= N-1)
    kernel = {0: theta[0], 1: theta[1], -1: theta[2]}
    for x_signal in ([Fraction(k * k - 3, k + 1) for k in range(N)], [Fraction(1)] + [Fraction(0)] * (N - 1)):
        x = np.array(x_signal, dtype=object)
        expected = np.array([sum(kernel[d] * x[(i + d) % N] for d in (-1, 0, 1)) for i in range(N)],
                            dtype=object)
        assert list(W.dot(x)) == list(expected)
    assert_basis_satisfies_constraints(B, V, V)
    # the same as localizing after the fact
    assert B == rk.equivariant_basis(V, V).localize(rk.locality_mask(N, 1))


def test_float_weights_match_numpy_circular_correlation() -> None:
    N = 16
    V = rk.natural(rk.cyclic(N))
    B = rk.equivariant_basis(V, V, mask=rk.locality_mask(N, 1))
    theta = np.array([0.5, -1.25, 2.0])
    W = B.apply(theta)
    x = np.arange(N, dtype=np.float64) ** 2
    padded = np.concatenate([x[-1:], x, x[:1]])
    kernel = np.array([theta[2], theta[0], theta[1]])          # taps at offsets -1, 0, +1
    expected = np.correlate(padded, kernel, mode="valid")
    assert np.array_equal(W @ x, expected)


def test_two_dimensional_cnn_kernel_sizes() -> None:
    L = 6
    V = rk.natural(rk.translations((L, L)))
    full = rk.equivariant_basis(V, V)
    assert full.dim == L * L
    for radius, metric, taps in ((1, "chebyshev", 9), (1, "manhattan", 5), (2, "euclidean_sq", 9),
                                 (2, "chebyshev", 25)):
        B = full.localize(rk.locality_mask((L, L), radius, metric=metric))
        assert B.dim == taps
        assert not np.any(B.pattern[~rk.locality_mask((L, L), radius, metric=metric)] >= 0)
        for p in _perms(V):
            assert np.array_equal(B.pattern[np.ix_(p, p)], B.pattern)


def test_invariant_mask_never_splits_an_orbit() -> None:
    L = 5
    G = rk.image_symmetry(L)
    V = rk.natural(G)
    B = rk.equivariant_basis(V, V)
    mask = rk.locality_mask((L, L), 1)
    pattern = B.pattern
    for k in range(B.dim):
        inside = mask[pattern == k]
        assert inside.all() or not inside.any()
    local = B.localize(mask)
    assert local.dim == int(sum(mask[pattern == k].all() for k in range(B.dim)))


def test_non_invariant_masks_are_refused_naming_the_cut_orbit() -> None:
    V = rk.natural(rk.cyclic(4))
    B = rk.equivariant_basis(V, V)
    mask = np.zeros((4, 4), bool)
    mask[0, :] = True                 # meets every orbit, contains none
    with pytest.raises(rk.MaskNotInvariantError, match="cuts 4 orbit"):
        B.localize(mask)
    mask = np.eye(4, dtype=bool) | np.roll(np.eye(4, dtype=bool), 1, axis=1)
    assert B.localize(mask).dim == 2  # invariant: the diagonal and one off-diagonal orbit
    mask[0, 3] = True                 # orbit of offset -1 meets the mask in one entry only
    with pytest.raises(rk.MaskNotInvariantError, match=r"\(0, 3\) \(inside\)"):
        B.localize(mask)


@pytest.mark.parametrize("shape", [(8,), (4, 4), (3, 5)])
def test_lattice_masks_follow_the_numbering_of_the_representation(shape) -> None:
    G = rk.translations(shape)
    V, R = rk.natural(G), rk.regular(G)
    want = rk.equivariant_basis(V, V, mask=rk.locality_mask(shape, 1)).dim
    for rho in (V, R):
        assert rk.equivariant_basis(rho, rho, mask=rk.lattice_mask(shape, 1, rho)).dim == want
    with pytest.raises(rk.MaskNotInvariantError):    # the row-major mask on the shortlex numbering
        rk.equivariant_basis(R, R, mask=rk.locality_mask(shape, 1))
    W = 3 * R
    assert rk.equivariant_basis(W, W, mask=rk.lattice_mask(shape, 1, W)).dim == 9 * want


def test_site_map_is_equivariant_for_the_image_group() -> None:
    G = rk.image_symmetry(4)
    R = rk.regular(G)
    sites = rk.site_map(R)
    for p, q in zip(R.permutation_images(), G.permutation_generators):
        assert np.array_equal(sites[np.asarray(p)], np.asarray(q)[sites])
    with pytest.raises(rk.NoSuchRepresentationError):
        rk.site_map(rk.regular(rk.Group.from_presentation("<a | a^4>")))   # no sites to map to


def test_sparse_basis_localization_solves_exactly() -> None:
    R = rk.dihedral_rotation(5)
    B = rk.equivariant_basis(R @ R, R @ R)
    assert B.kind == "sparse"
    mask = np.eye(4, dtype=bool)
    L = B.localize(mask)
    for M in L.exact_matrices():
        arr = np.array(M.to_list(), dtype=object)
        assert all(arr[i, j] == 0 for i in range(4) for j in range(4) if not mask[i, j])
    assert_basis_satisfies_constraints(L, R @ R, R @ R)
    # independent count: coefficient vectors c with sum_k c_k B_k = 0 off the mask
    off = [(i, j) for i in range(4) for j in range(4) if not mask[i, j]]
    mats = [M.to_list() for M in B.exact_matrices()]
    system = rk.Matrix([[mats[k][i][j] for k in range(B.dim)] for (i, j) in off])
    assert L.dim == B.dim - system.rank() >= 1          # the identity is diagonal


def test_errors_name_the_argument() -> None:
    with pytest.raises(rk.ShapeError, match="radius"):
        rk.locality_mask(5, -1)
    with pytest.raises(rk.ShapeError, match="metric"):
        rk.locality_mask(5, 1, metric="taxicab")
    with pytest.raises(rk.ShapeError, match="shape"):
        rk.locality_mask((), 1)
    V = rk.natural(rk.cyclic(4))
    with pytest.raises(rk.ShapeError, match="mask"):
        rk.equivariant_basis(V, V, mask=np.ones((3, 3), bool))
    with pytest.raises(rk.ShapeError, match="mask"):
        rk.equivariant_basis(V, V, mask=np.ones((4, 4), int))
