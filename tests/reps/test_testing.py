"""repkit.testing: the checkers users run on their own representations and maps."""

from __future__ import annotations

import random

import numpy as np
import pytest

import repkit as rk
from repkit.exact import Matrix
from repkit.testing import assert_homomorphism, assert_intertwines


def test_assert_homomorphism_catches_unchecked_bad_images() -> None:
    G = rk.dihedral(4)
    bad = rk.Rep._trusted(G, matrices=[Matrix([[0, -1], [1, 0]]), Matrix([[1, 1], [0, -1]])])
    with pytest.raises(AssertionError, match=r"relator 2 \(\(r\*f\)\^2\)"):
        assert_homomorphism(bad)
    bad_perm = rk.Rep._trusted(G, perms=[np.array([1, 2, 0]), np.array([0, 2, 1])])
    with pytest.raises(AssertionError, match=r"relator 0 \(r\^4\) maps to the permutation \[1, 2, 0\]"):
        assert_homomorphism(bad_perm)


def test_assert_homomorphism_pairs_and_rng() -> None:
    rho = rk.regular(rk.symmetric(4))
    assert_homomorphism(rho, pairs=30, rng=random.Random(7))
    assert_homomorphism(rho, pairs=5, rng=11)
    with pytest.raises(rk.GroupTooLargeError, match="max_order"):
        assert_homomorphism(rho, pairs=1, max_order=10)


def test_assert_intertwines() -> None:
    G = rk.symmetric(3)
    V = rk.natural(G)
    ones = Matrix([[1, 1, 1]])
    assert_intertwines(ones, V, rk.trivial(G))
    assert_intertwines([[1], [1], [1]], rk.trivial(G), V)
    with pytest.raises(AssertionError, match=r"rho_out\(s\) W != W rho_in\(s\)"):
        assert_intertwines(Matrix([[1, 0, 0]]), V, rk.trivial(G))
    with pytest.raises(AssertionError, match="expected shape"):
        assert_intertwines(Matrix([[1, 1]]), V, rk.trivial(G))
    with pytest.raises(AssertionError, match="different groups"):
        assert_intertwines(ones, V, rk.trivial(rk.dihedral(3)))
    assert_intertwines(ones, V, rk.trivial(rk.symmetric(3)))        # equal groups combine


@pytest.mark.parametrize("n", [3, 4, 6])
def test_assert_equivariant_accepts_basis_maps_and_rejects_others(n: int) -> None:
    import numpy as np

    from repkit.testing import assert_equivariant

    G = rk.dihedral(n)
    V = rk.natural(G)
    B = rk.equivariant_basis(V, V).to_numpy(dtype=np.float64)
    theta = np.random.default_rng(n).normal(size=B.shape[0])
    W = np.tensordot(theta, B, axes=1)
    xs = np.random.default_rng(1).normal(size=(7, n))
    assert_equivariant(lambda x: x @ W.T, V, V, xs)
    W_bad = W.copy()
    W_bad[0, 1] += 1.0
    with pytest.raises(AssertionError, match="not equivariant"):
        assert_equivariant(lambda x: x @ W_bad.T, V, V, xs)
