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


def _offset_at_zero(c: float, dtype: type = np.float64):
    """``x + c e_0``: off by exactly ``c`` at two entries for every element that moves point 0."""
    def f(x: np.ndarray) -> np.ndarray:
        out = np.array(x, dtype=np.float64)
        out[:, 0] += c
        return out.astype(dtype)
    return f


def test_assert_equivariant_atol_is_absolute_and_entrywise() -> None:
    from repkit.testing import assert_equivariant

    G = rk.symmetric(4)
    V = rk.natural(G)
    xs = np.random.default_rng(0).normal(size=(3, 4))
    assert_equivariant(_offset_at_zero(1e-3), V, V, xs, rtol=0, atol=1.01e-3)
    with pytest.raises(AssertionError, match=r"1\.000e-03 > atol \+ rtol"):
        assert_equivariant(_offset_at_zero(1e-3), V, V, xs, rtol=0, atol=0.99e-3)


def test_assert_equivariant_rtol_scales_with_the_expected_value() -> None:
    from repkit.testing import assert_equivariant

    G = rk.symmetric(4)
    V = rk.natural(G)
    xs = np.full((2, 4), 1e6)
    assert_equivariant(_offset_at_zero(1.0), V, V, xs, rtol=1e-5, atol=0)      # bound 10 >= 1
    with pytest.raises(AssertionError, match="not equivariant"):
        assert_equivariant(_offset_at_zero(1.0), V, V, xs, rtol=1e-8, atol=0)  # bound 0.01 < 1


def test_assert_equivariant_defaults_follow_the_output_dtype() -> None:
    from repkit.testing import assert_equivariant, default_tolerances

    assert default_tolerances(np.float32) == (1e-5, 1e-6)
    assert default_tolerances(np.float64) == default_tolerances(np.complex128) == (1e-10, 1e-12)
    G = rk.symmetric(3)
    V = rk.natural(G)
    xs = np.ones((2, 3))
    assert_equivariant(_offset_at_zero(1e-7, np.float32), V, V, xs)              # float32: 1.1e-5 allowed
    with pytest.raises(AssertionError, match="not equivariant"):
        assert_equivariant(_offset_at_zero(1e-7, np.float64), V, V, xs)          # float64: 1e-10 allowed
    assert_equivariant(_offset_at_zero(1e-7, np.float32), V, V, xs, atol=0)     # rtol keeps its 1e-5
    with pytest.raises(AssertionError, match="not equivariant"):
        assert_equivariant(_offset_at_zero(1e-7, np.float32), V, V, xs, rtol=0, atol=1e-9)


@pytest.mark.parametrize("bad", [-1.0, float("nan"), float("inf"), "1e-3", True, None])
@pytest.mark.parametrize("name", ["rtol", "atol"])
def test_assert_equivariant_refuses_bad_tolerances(name: str, bad: object) -> None:
    from repkit.testing import assert_equivariant

    V = rk.natural(rk.symmetric(3))
    if bad is None:                           # None means the default: accepted
        assert_equivariant(lambda x: x, V, V, np.ones((1, 3)), **{name: bad})
        return
    with pytest.raises(rk.InvalidOptionError, match=name) as info:
        assert_equivariant(lambda x: x, V, V, np.ones((1, 3)), **{name: bad})
    assert isinstance(info.value, ValueError)


def test_assert_equivariant_checks_the_chosen_elements_and_samples() -> None:
    from repkit.testing import assert_equivariant

    G = rk.symmetric(4)
    V = rk.natural(G)
    xs = np.random.default_rng(2).normal(size=(3, 4))
    f = _offset_at_zero(1e-3)
    assert_equivariant(f, V, V, xs, elements=[0])                   # the identity moves nothing
    with pytest.raises(AssertionError, match="not equivariant"):
        assert_equivariant(f, V, V, xs, elements=[0, 1])
    with pytest.raises(rk.GroupTooLargeError, match="rng"):
        assert_equivariant(f, V, V, xs, max_elements=5)
    with pytest.raises(AssertionError, match="not equivariant"):
        assert_equivariant(f, V, V, xs, max_elements=5, rng=np.random.default_rng(0))
