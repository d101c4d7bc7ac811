"""Aliasing, measured: shift equivariance of stride 1 and stride 2 convolutions, the blur, rotations.

Float tolerances appear only here, at the framework boundary.
"""

from __future__ import annotations

import numpy as np
import pytest

import repkit as rk
from repkit.adapters.aliasing import (blur_subsample, fourier_shift, rotation_equivariance_error,
                                      shift_equivariance_error, spatial_action)
from repkit.equivariant.steerable import point_group
from repkit.errors import InvalidOptionError, ShapeError

from torch_helpers import torch_or_skip

SHIFTS = (1, 2, 3, 4, (0, 1), (2, 0))


def _conv(stride=1, padding_mode="circular", seed=0, rho_out=None):
    torch = torch_or_skip()
    from repkit.adapters.torch import EquivariantConv2d

    G = rk.dihedral(4)
    torch.manual_seed(seed)
    return EquivariantConv2d(rk.trivial(G), rho_out or 2 * rk.regular(G), 3, padding=1, stride=stride,
                             padding_mode=padding_mode, dtype=torch.float64)


@pytest.mark.torch
@pytest.mark.parametrize("seed", [0, 1])
def test_stride_one_circular_is_exact_for_every_shift(seed):
    torch = torch_or_skip()
    conv = _conv(seed=seed)
    x = torch.randn(3, 1, 12, 12, dtype=torch.float64)
    err = shift_equivariance_error(conv, x, SHIFTS)
    assert set(err) == set(SHIFTS)
    assert max(err.values()) < 1e-12


@pytest.mark.torch
def test_zero_padding_breaks_shifts_at_the_border():
    torch = torch_or_skip()
    x = torch.randn(2, 1, 10, 10, dtype=torch.float64)
    assert min(shift_equivariance_error(_conv(padding_mode="zeros"), x, (1, 2)).values()) > 1e-3


@pytest.mark.torch
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_stride_two_keeps_only_even_shifts(seed):
    torch = torch_or_skip()
    conv = _conv(stride=2, seed=seed)
    x = torch.randn(3, 1, 16, 16, dtype=torch.float64)
    err = shift_equivariance_error(conv, x, SHIFTS)
    for s, e in err.items():
        even = all(v % 2 == 0 for v in ((s, s) if isinstance(s, int) else s))
        assert (e < 1e-12) if even else (e > 0.1), (s, e)


@pytest.mark.torch
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_blur_lowers_the_odd_shift_error(seed):
    torch = torch_or_skip()
    conv = _conv(seed=seed)

    def model(x):
        return torch.relu(conv(x))

    x = torch.randn(4, 1, 16, 16, dtype=torch.float64)
    sharp = shift_equivariance_error(model, x, (1, 2, 3), stride=2)
    blurred = shift_equivariance_error(model, x, (1, 2, 3), stride=2, blur=True)
    for s in (1, 3):
        assert blurred[s] < 0.7 * sharp[s], (s, sharp[s], blurred[s])
    assert sharp[2] < 1e-12 and blurred[2] < 1e-12
    # the function's own subsampling equals a stride-2 layer with the same weights
    strided = _conv(stride=2, seed=seed)
    strided.load_state_dict(conv.state_dict())
    direct = shift_equivariance_error(lambda a: torch.relu(strided(a)), x, (1, 2, 3))
    assert all(abs(direct[s] - sharp[s]) < 1e-12 for s in (1, 2, 3))


@pytest.mark.torch
def test_invariant_outputs_are_compared_unshifted():
    torch = torch_or_skip()
    from repkit.adapters.torch import InvariantPooling2d

    G = rk.dihedral(4)
    conv, pool = _conv(stride=2), InvariantPooling2d(2 * rk.regular(G), spatial="mean", dtype=torch.float64)
    x = torch.randn(2, 1, 16, 16, dtype=torch.float64)
    err = shift_equivariance_error(lambda a: pool(conv(a)), x, (1, 2))
    assert err[2] < 1e-12 < err[1]


@pytest.mark.torch
@pytest.mark.parametrize("size,exact", [(9, True), (8, False)])
def test_rotation_error_per_element_for_stride_two(size, exact):
    """Stride 2 with padding 1 samples a centred grid only for odd sizes; stride 1 is exact for both."""
    torch = torch_or_skip()
    G = rk.dihedral(4)
    x = torch.randn(2, 1, size, size, dtype=torch.float64)
    err = rotation_equivariance_error(_conv(stride=2, padding_mode="zeros"), rk.trivial(G), 2 * rk.regular(G), x)
    assert set(err) == {G.word_str(g) for g in G.elements} and err["1"] == 0.0
    if exact:
        assert max(err.values()) < 1e-12
    else:
        assert err["r"] > 0.1 and err["f"] > 0.1
    err1 = rotation_equivariance_error(_conv(padding_mode="zeros"), rk.trivial(G), 2 * rk.regular(G), x)
    assert max(err1.values()) < 1e-12


def test_rotation_error_detects_a_wrong_fibre_action():
    """NumPy model: a left-right mirror of the image is D4-equivariant on trivial fibres only with f fixed."""
    P = point_group("D4")
    rho = rk.trivial(P.group)
    x = np.random.default_rng(0).normal(size=(1, 1, 6, 6))
    err = rotation_equivariance_error(lambda a: a[..., ::-1], rho, rho, x, point_group=P)
    assert err["1"] == 0.0 and err["f"] == 0.0 and err["r^2"] == 0.0 and err["r"] > 0.1


@pytest.mark.parametrize("A", [[[0, -1], [1, 0]], [[1, 0], [0, -1]], [[-1, 0], [0, -1]], [[0, 1], [1, 0]]])
@pytest.mark.parametrize("n", [4, 5])
def test_spatial_action_matches_numpy(A, n):
    img = np.arange(n * n).reshape(n, n)
    rows, cols = spatial_action(A, (n, n))
    ref = {0: np.rot90(img), 1: np.fliplr(img), 2: np.rot90(img, 2), 3: np.rot90(np.fliplr(img))}
    key = [[[0, -1], [1, 0]], [[1, 0], [0, -1]], [[-1, 0], [0, -1]], [[0, 1], [1, 0]]].index(A)
    assert (img[rows, cols] == ref[key]).all()


def test_fourier_shift_and_blur():
    rng = np.random.default_rng(3)
    z = rng.normal(size=(2, 7, 5))          # odd sizes: no Nyquist frequency, half shifts compose exactly
    assert np.allclose(fourier_shift(fourier_shift(z, (0.5, 1.5)), (0.5, -1.5)), np.roll(z, 1, axis=-2))
    y = rng.normal(size=(2, 8, 6))
    assert np.allclose(fourier_shift(y, (3, -2)), np.roll(y, (3, -2), axis=(-2, -1)))
    assert np.isrealobj(fourier_shift(y, (0.5, 0.5)))
    ones = np.ones((1, 6, 6))
    assert np.allclose(blur_subsample(ones, 2, blur=True), np.ones((1, 3, 3)))
    assert blur_subsample(y, 2).shape == (2, 4, 3)


def test_bad_arguments_raise_repkit_errors():
    x = np.zeros((1, 1, 4, 4))
    with pytest.raises(ShapeError, match="x: expected"):
        shift_equivariance_error(lambda a: a, np.zeros((4, 4)))
    with pytest.raises(InvalidOptionError, match="stride"):
        shift_equivariance_error(lambda a: a, x, stride=0)
    with pytest.raises(ShapeError, match="shifts"):
        shift_equivariance_error(lambda a: a, x, shifts=(1.5,))
    with pytest.raises(ShapeError, match="divides"):
        shift_equivariance_error(lambda a: a[..., :3, :3], x)
    with pytest.raises(ShapeError, match="signed permutation"):
        spatial_action([[1, 1], [0, 1]], (4, 4))
    with pytest.raises(ShapeError, match="square"):
        spatial_action([[0, -1], [1, 0]], (4, 5))
    G = rk.dihedral(4)
    with pytest.raises(ShapeError, match="channels"):
        rotation_equivariance_error(lambda a: a, rk.regular(G), rk.regular(G), x)
    with pytest.raises(InvalidOptionError, match="point_group"):
        rotation_equivariance_error(lambda a: a, rk.trivial(rk.cyclic(4)), rk.trivial(rk.cyclic(4)), x)
