"""`SetLinear` / `SetPooling`: the size-free S_n layers equal the per-n commutant layers for n = 2..10."""

from __future__ import annotations

import numpy as np
import pytest

import repkit as rk
from repkit.equivariant.sets import orbit_types, set_layer_pattern

from .torch_helpers import torch_or_skip

torch = torch_or_skip()

from repkit.adapters.torch import SetLinear, SetPooling  # noqa: E402

ORDERS = [(1, 1), (0, 1), (1, 0), (0, 2), (2, 0), (2, 1), (1, 2), (2, 2)]
ORDERS_3 = [(3, 1), (1, 3), (0, 3), (3, 0), (2, 2)]
CI, CO = 2, 3


def _layer(k_in: int, k_out: int, seed: int, aggregation: str = "sum") -> SetLinear:
    torch.manual_seed(seed)
    layer = SetLinear(k_in, k_out, CI, CO, aggregation=aggregation, dtype=torch.float64)
    with torch.no_grad():
        layer.bias.normal_()        # the bias starts at zero; make it visible
    return layer


def _run(layer: SetLinear, x, n: int):
    return layer(x, n=n) if layer.k_in == 0 else layer(x)


def _label_map(size_free: np.ndarray, per_n: np.ndarray) -> np.ndarray:
    """For each parameter of the per-n basis, the size-free orbit type of its entries (a bijection)."""
    pairs = set(zip(per_n.ravel().tolist(), size_free.ravel().tolist()))
    assert len(pairs) == len({a for a, _ in pairs}) == len({b for _, b in pairs})
    out = np.full(len(pairs), -1, np.int64)
    for b, t in pairs:
        out[b] = t
    return out


def _dense_reference(layer: SetLinear, n: int, pattern_w: np.ndarray, label_w: np.ndarray,
                     pattern_b: np.ndarray, label_b: np.ndarray, x: np.ndarray) -> np.ndarray:
    """``y = W x + b`` with W, b filled from a per-n basis pattern and the layer's coefficients."""
    w = layer.weight.detach().numpy()
    if layer.aggregation == "mean":                           # averages: divide by n^(summed blocks)
        w = w / float(n) ** np.array(layer.summed_blocks)
    w = w[:, :, label_w]                                       # (CO, CI, dim of the per-n basis)
    W = w[:, :, pattern_w]                                     # (CO, CI, n^k_out, n^k_in)
    bias = layer.bias.detach().numpy()[:, label_b][:, pattern_b[:, 0]]     # (CO, n^k_out)
    flat = x.reshape(x.shape[0], CI, -1)
    y = np.einsum("ocij,bcj->boi", W, flat) + bias[None]
    return y.reshape((x.shape[0], CO) + (n,) * layer.k_out)


@pytest.mark.parametrize("aggregation", ["sum", "mean"])
@pytest.mark.parametrize("n", range(2, 11))
@pytest.mark.parametrize("k_out,k_in", ORDERS, ids=[f"{a}<-{b}" for a, b in ORDERS])
def test_equals_the_layer_of_equivariant_basis_for_every_n(n: int, k_out: int, k_in: int,
                                                            aggregation: str) -> None:
    G = rk.symmetric(n)
    V = rk.natural(G)
    basis = rk.equivariant_basis(V ** k_in, V ** k_out)
    bias_basis = rk.equivariant_basis(rk.trivial(G), V ** k_out)
    label_w = _label_map(set_layer_pattern(n, k_out, k_in), basis.pattern)
    label_b = _label_map(set_layer_pattern(n, k_out, 0), bias_basis.pattern)
    layer = _layer(k_in, k_out, seed=n, aggregation=aggregation)
    rng = np.random.default_rng(n)
    x = rng.standard_normal((4, CI) + (n,) * k_in)
    with torch.no_grad():
        y = _run(layer, torch.as_tensor(x), n).numpy()
    ref = _dense_reference(layer, n, basis.pattern, label_w, bias_basis.pattern, label_b, x)
    assert y.shape == ref.shape
    assert np.abs(y - ref).max() <= 1e-10 * max(1.0, np.abs(ref).max())


@pytest.mark.parametrize("n", [1, 2, 3, 4])
@pytest.mark.parametrize("k_out,k_in", ORDERS_3, ids=[f"{a}<-{b}" for a, b in ORDERS_3])
def test_order_four_equals_the_labelled_pattern(n: int, k_out: int, k_in: int) -> None:
    """The einsum path agrees with the dense labelled pattern for every k_in + k_out = 3, 4."""
    layer = _layer(k_in, k_out, seed=10 + n)
    rng = np.random.default_rng(n)
    x = rng.standard_normal((3, CI) + (n,) * k_in)
    p = set_layer_pattern(n, k_out, k_in)
    pb = set_layer_pattern(n, k_out, 0)
    ident = np.arange(len(orbit_types(k_out, k_in)))
    ident_b = np.arange(len(orbit_types(k_out, 0)))
    with torch.no_grad():
        y = _run(layer, torch.as_tensor(x), n).numpy()
    ref = _dense_reference(layer, n, p, ident, pb, ident_b, x)
    assert np.abs(y - ref).max() <= 1e-10 * max(1.0, np.abs(ref).max())


def _permute(t, perm, k: int):
    for axis in range(2, 2 + k):
        t = t.index_select(axis, perm)
    return t


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64], ids=["float32", "float64"])
@pytest.mark.parametrize("k_out,k_in", ORDERS, ids=[f"{a}<-{b}" for a, b in ORDERS])
def test_permutation_equivariance(k_out: int, k_in: int, dtype) -> None:
    gen = torch.Generator().manual_seed(7)
    layer = SetLinear(k_in, k_out, CI, CO, dtype=dtype)
    with torch.no_grad():
        layer.bias.normal_(generator=gen)
    n = 7
    x = torch.randn((5, CI) + (n,) * k_in, dtype=dtype, generator=gen)
    tol = 2e-5 if dtype == torch.float32 else 1e-12
    with torch.no_grad():
        y = _run(layer, x, n)
        for _ in range(5):
            perm = torch.randperm(n, generator=gen)
            diff = (_run(layer, _permute(x, perm, k_in), n) - _permute(y, perm, k_out)).abs().max()
            assert float(diff) <= tol * max(1.0, float(y.abs().max()))


def test_deep_sets_closed_form_and_any_size() -> None:
    layer = SetLinear(1, 1, 1, 1, bias=False, dtype=torch.float64)
    lam, gam = 1.5, -0.25
    with torch.no_grad():
        layer.weight.copy_(torch.tensor([[[lam, gam]]], dtype=torch.float64))
    for n in (3, 40):
        x = torch.randn(2, 1, n, dtype=torch.float64)
        expected = lam * x + gam * (x.sum(-1, keepdim=True) - x)
        assert torch.allclose(layer(x), expected, rtol=0, atol=1e-12)


def test_mean_aggregation_of_deep_sets_averages() -> None:
    layer = SetLinear(1, 1, 1, 1, bias=False, aggregation="mean", dtype=torch.float64)
    assert layer.summed_blocks == (0, 1)
    with torch.no_grad():
        layer.weight.copy_(torch.tensor([[[1.5, -0.25]]], dtype=torch.float64))
    for n in (3, 40):
        x = torch.randn(2, 1, n, dtype=torch.float64)
        expected = 1.5 * x - 0.25 * (x.sum(-1, keepdim=True) - x) / n
        assert torch.allclose(layer(x), expected, rtol=0, atol=1e-12)


def test_one_set_of_parameters_runs_on_3_and_40_points() -> None:
    f64 = {"dtype": torch.float64}
    model = torch.nn.Sequential(SetLinear(2, 2, 1, 4, **f64), torch.nn.ReLU(),
                                SetLinear(2, 1, 4, 4, **f64), torch.nn.ReLU(),
                                SetLinear(1, 0, 4, 2, **f64))
    n_params = sum(p.numel() for p in model.parameters())
    for n in (3, 40):
        x = torch.randn(6, 1, n, n, dtype=torch.float64)
        perm = torch.randperm(n)
        y = model(x)
        assert y.shape == (6, 2)
        assert torch.allclose(model(_permute(x, perm, 2)), y, rtol=1e-10, atol=1e-10)
    assert sum(p.numel() for p in model.parameters()) == n_params


def test_gradients_reach_every_parameter() -> None:
    model = torch.nn.Sequential(SetLinear(1, 2, 2, 3), torch.nn.Tanh(), SetLinear(2, 1, 3, 3),
                                torch.nn.Tanh(), SetLinear(1, 1, 3, 2), SetPooling("mean"))
    x = torch.randn(4, 2, 6)
    model(x).pow(2).sum().backward()
    for name, p in model.named_parameters():
        assert p.grad is not None and bool((p.grad != 0).all()), name


def test_state_dict_holds_only_parameters() -> None:
    layer = SetLinear(2, 2, 3, 4)
    assert set(layer.state_dict()) == {"weight", "bias"}
    assert layer.weight.shape == (4, 3, 15) and layer.bias.shape == (4, 2)
    assert layer.weight.dtype == torch.float32
    assert SetLinear(1, 1, 1, 1, bias=False).bias is None


@pytest.mark.parametrize("mode", ["sum", "mean", "max"])
def test_pooling_is_invariant_and_matches_torch(mode: str) -> None:
    x = torch.randn(3, 4, 5, 5)
    perm = torch.randperm(5)
    pool = SetPooling(mode)
    y = pool(x)
    flat = x.reshape(3, 4, -1)
    expected = {"sum": flat.sum(-1), "mean": flat.mean(-1), "max": flat.max(-1).values}[mode]
    assert torch.equal(y, expected)
    assert torch.allclose(pool(_permute(x, perm, 2)), y, atol=1e-5)


def test_bad_input() -> None:
    with pytest.raises(rk.InvalidOptionError, match="mode"):
        SetPooling("median")
    with pytest.raises(rk.InvalidOptionError, match="aggregation"):
        SetLinear(1, 1, 1, 1, aggregation="max")
    with pytest.raises(rk.ShapeError, match="k_in"):
        SetLinear(-1, 1, 1, 1)
    with pytest.raises(rk.ShapeError, match="channels_out"):
        SetLinear(1, 1, 1, 0)
    layer = SetLinear(2, 1, 3, 1)
    with pytest.raises(rk.ShapeError, match=r"x: expected \(batch, 3, n, n\)"):
        layer(torch.randn(2, 3, 4, 5))
    with pytest.raises(rk.ShapeError, match="x: expected"):
        layer(torch.randn(2, 2, 4, 4))
    with pytest.raises(rk.ShapeError, match="n: expected the number of points"):
        SetLinear(0, 1, 3, 1)(torch.randn(2, 3))
