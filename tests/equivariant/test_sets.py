"""Size-free S_n layers: the labelled orbit types give the commutant of V^k for every n."""

from __future__ import annotations

import numpy as np
import pytest

import repkit as rk
from repkit.equivariant.sets import orbit_types, set_layer_apply, set_layer_pattern

BELL = {0: 1, 1: 1, 2: 2, 3: 5, 4: 15}


@pytest.mark.parametrize("k_out,k_in", [(1, 1), (0, 1), (1, 0), (0, 2), (2, 1), (1, 2), (2, 2)])
def test_orbit_types_are_the_set_partitions(k_out: int, k_in: int) -> None:
    types = orbit_types(k_out, k_in)
    assert len(types) == BELL[k_out + k_in] and list(types) == sorted(set(types))


@pytest.mark.parametrize("n", range(2, 11))
@pytest.mark.parametrize("k_out,k_in", [(1, 1), (0, 1), (1, 0), (2, 1), (1, 2), (2, 2)])
def test_same_space_as_the_commutant_for_every_n(n: int, k_out: int, k_in: int) -> None:
    G = rk.symmetric(n)
    V = rk.natural(G)
    rho_in, rho_out = V ** k_in, V ** k_out
    B = rk.equivariant_basis(rho_in, rho_out)
    p = set_layer_pattern(n, k_out, k_in)
    # the same partition of the entries: equal labels <=> equal canonical labels
    pairs = set(zip(p.ravel().tolist(), B.pattern.ravel().tolist()))
    assert len(pairs) == len(set(p.ravel().tolist())) == B.dim
    assert len({a for a, _ in pairs}) == len({b for _, b in pairs}) == len(pairs)


def test_one_parameter_vector_serves_every_size() -> None:
    theta = np.array([0.5, -1.0, 2.0, 0.25, 1.5])          # 2 -> 1: five orbit types
    rng = np.random.default_rng(0)
    for n in (2, 3, 8, 32):
        x = rng.standard_normal((4, n, n))
        y = set_layer_apply(theta, x, 1, 2)
        perm = rng.permutation(n)
        y_perm = set_layer_apply(theta, x[:, perm][:, :, perm], 1, 2)
        assert y.shape == (4, n) and np.allclose(y_perm, y[:, perm])


def test_deep_sets_is_lambda_identity_plus_gamma_off_diagonal() -> None:
    lam, gam = 2.0, -0.5
    x = np.arange(6.0)
    assert np.allclose(set_layer_apply([lam, gam], x, 1, 1), lam * x + gam * (x.sum() - x))


def test_bad_input() -> None:
    with pytest.raises(rk.ShapeError, match="theta"):
        set_layer_apply([1.0], np.ones(3), 1, 1)
    with pytest.raises(rk.ShapeError, match="trailing"):
        set_layer_apply([1.0, 1.0, 1.0, 1.0, 1.0], np.ones((3, 4)), 1, 2)
    with pytest.raises(rk.BasisTooLargeError):
        set_layer_pattern(100, 2, 2, max_entries=10**6)
