"""The structured PyTorch `EquivariantLinear`: equivariance, exact agreement with the basis, state, devices.

Every test needs PyTorch and is marked ``torch`` (skipped with the reason when it is missing).
"""

from __future__ import annotations

import numpy as np
import pytest

import repkit as rk
from torch_helpers import assert_equivariant, rep_families, torch_or_skip

pytestmark = pytest.mark.torch

FAMILIES = rep_families()


@pytest.fixture(params=list(FAMILIES), ids=list(FAMILIES))
def pair(request):
    return FAMILIES[request.param]()


def _layer(basis, dtype_name="float64", **kw):
    torch = torch_or_skip()
    from repkit.adapters.torch import EquivariantLinear

    torch.manual_seed(0)
    layer = EquivariantLinear(basis, dtype=getattr(torch, dtype_name), **kw)
    rng = np.random.default_rng(3)
    layer.set_theta(rng.normal(size=layer.dim), rng.normal(size=layer.bias_dim))
    return layer


@pytest.mark.parametrize("strategy", ["form", "contract", "factored"])
@pytest.mark.parametrize("dtype_name", ["float32", "float64"])
def test_structured_layer_is_equivariant(pair, dtype_name, strategy) -> None:
    torch = torch_or_skip()
    rho_in, rho_out = pair
    basis = rk.equivariant_basis(rho_in, rho_out)
    assert basis.kind == "structured"
    layer = _layer(basis, dtype_name, strategy=strategy)
    with torch.no_grad():
        assert_equivariant(layer, rho_in, rho_out, getattr(torch, dtype_name))


def test_strategies_agree_and_match_the_dense_weight(pair) -> None:
    torch = torch_or_skip()
    basis = rk.equivariant_basis(*pair)
    x = torch.randn(5, basis.shape[1], dtype=torch.float64)
    outs = []
    for strategy in ("form", "contract", "factored"):
        layer = _layer(basis, strategy=strategy)
        outs.append(layer(x).detach())
    reference = x @ layer.weight().detach().T + layer.bias().detach()
    torch.testing.assert_close(outs[0], reference, rtol=1e-12, atol=1e-12)
    torch.testing.assert_close(outs[1], reference, rtol=1e-12, atol=1e-12)
    torch.testing.assert_close(outs[2], reference, rtol=1e-12, atol=1e-12)


def test_weight_and_bias_equal_the_numpy_reference_exactly(pair) -> None:
    torch_or_skip()
    basis = rk.equivariant_basis(*pair)
    layer = _layer(basis)
    theta = layer.theta().detach().numpy()
    theta_b = layer.theta_bias().detach().numpy()
    W, b = basis.apply(theta, theta_b)
    np.testing.assert_array_equal(layer.weight().detach().numpy(), W)
    np.testing.assert_array_equal(layer.bias().detach().numpy(), b)


@pytest.mark.parametrize("make", [
    lambda: (lambda V: (2 * V, 3 * V))(rk.natural(rk.symmetric(4))),
    lambda: (lambda R: (2 * R, R + rk.trivial(R.group)))(rk.regular(rk.dihedral(4))),
    lambda: (lambda V: (V + 2 * rk.trivial(V.group), 2 * V))(rk.natural(rk.cyclic(5))),
], ids=["S4 2V->3V", "D4 2reg->reg+1", "C5 V+2->2V"])
def test_structured_weight_equals_the_dense_basis_apply(make) -> None:
    """The same theta gives the same W through the whole-space canonical basis (float64)."""
    torch_or_skip()
    rho_in, rho_out = make()
    basis = rk.equivariant_basis(rho_in, rho_out)
    dense = rk.equivariant_basis(rho_in, rho_out, structured=False)
    layer = _layer(basis)
    theta = layer.theta().detach().numpy()
    W_dense = dense.apply(theta[basis.canonical_order])
    np.testing.assert_array_equal(layer.weight().detach().numpy(), W_dense)


def test_parameters_are_blocks_and_the_state_holds_parameters_only(pair, tmp_path) -> None:
    torch = torch_or_skip()
    from repkit.adapters.torch import EquivariantLinear

    basis = rk.equivariant_basis(*pair)
    layer = _layer(basis)
    shapes = {name: tuple(p.shape) for name, p in layer.named_parameters()}
    for b in basis.blocks:
        assert shapes[f"weight_{b.out_index}_{b.in_index}"] == b.param_shape
    for bb in basis.bias_blocks:
        if bb.dim:
            assert shapes[f"bias_{bb.out_index}"] == (bb.out_mult, bb.dim)
    state = layer.state_dict()
    assert set(state) == set(shapes)
    assert sum(v.numel() for v in state.values()) == basis.dim + basis.bias_dim
    torch.save(state, tmp_path / "state.pt")
    fresh = EquivariantLinear(basis, dtype=torch.float64)
    fresh.load_state_dict(torch.load(tmp_path / "state.pt"))
    x = torch.randn(4, basis.shape[1], dtype=torch.float64)
    assert torch.equal(fresh(x), layer(x))


def test_gradients_reach_every_parameter(pair) -> None:
    torch = torch_or_skip()
    basis = rk.equivariant_basis(*pair)
    layer = _layer(basis, "float32")
    layer(torch.randn(7, basis.shape[1])).pow(2).sum().backward()
    for name, p in layer.named_parameters():
        assert p.grad is not None and bool(p.grad.abs().sum() > 0), name


def test_memory_is_independent_of_the_channel_count() -> None:
    torch_or_skip()
    from repkit.adapters.torch import EquivariantLinear

    V = rk.natural(rk.symmetric(16))
    sizes = []
    for C in (8, 64):
        layer = EquivariantLinear(rk.equivariant_basis(C * V, C * V))
        sizes.append(sum(b.numel() for b in layer.buffers()))
        assert sum(p.numel() for p in layer.parameters()) == C * C * 2 + C
    assert sizes[0] == sizes[1] < 4 * (2 * 16 * 16 + 16)       # small bases and their factors only


@pytest.mark.parametrize("make", [
    lambda: rk.dihedral_rotation(4) >> 2 * rk.trivial(rk.dihedral(4)),
    lambda: rk.dihedral_rotation(4) >> rk.trivial(rk.dihedral(4)),
], ids=["structured rot->2x1", "WeightBasis rot->1"])
def test_zero_dimensional_weight_space_with_a_bias(make) -> None:
    torch = torch_or_skip()
    from repkit.adapters.torch import EquivariantLinear

    basis = make()
    assert basis.dim == 0 and basis.bias_dim >= 1
    layer = EquivariantLinear(basis, dtype=torch.float64)
    layer.set_theta(np.zeros(0), np.arange(1.0, basis.bias_dim + 1))
    y = layer(torch.randn(3, 2, dtype=torch.float64))
    num, den = basis.bias                      # exact bias basis (bias_dim, m_out)
    expected = np.arange(1.0, basis.bias_dim + 1) @ (num / den.reshape(-1, 1))
    np.testing.assert_array_equal(y.detach().numpy(), np.tile(expected, (3, 1)))
    y.sum().backward()
    assert all(p.grad is not None for p in layer.parameters())
    assert layer.weight().shape == (basis.shape[0], 2)


def test_initialisation_scale_of_a_structured_layer() -> None:
    torch = torch_or_skip()
    from repkit.adapters.torch import EquivariantLinear

    G = rk.dihedral(4)
    rho_in = 8 * rk.regular(G) + 4 * rk.dihedral_rotation(4)
    basis = rk.equivariant_basis(rho_in, 6 * rk.regular(G))
    torch.manual_seed(0)
    W = torch.stack([EquivariantLinear(basis).weight().detach() for _ in range(20)])
    assert 0.7 / rho_in.dim < float(W.pow(2).mean()) < 1.4 / rho_in.dim


def test_channels_first_and_leading_axes() -> None:
    torch = torch_or_skip()
    V = rk.natural(rk.symmetric(3))
    layer = _layer(rk.equivariant_basis(2 * V, 3 * V))
    x = torch.randn(4, 6, 5, 5, dtype=torch.float64)
    y = layer(x, channels_first=True)
    assert y.shape == (4, 9, 5, 5)
    torch.testing.assert_close(y, layer(x.movedim(1, -1)).movedim(-1, 1))
    assert layer(torch.randn(2, 3, 6, dtype=torch.float64)).shape == (2, 3, 9)
    with pytest.raises(rk.ShapeError, match="channels_first"):
        layer(torch.randn(4, 5, 6, dtype=torch.float64), channels_first=True)


def test_dtype_device_and_tags() -> None:
    torch = torch_or_skip()
    from repkit.adapters.torch import EquivariantLinear

    V = rk.natural(rk.symmetric(3))
    layer = EquivariantLinear(rk.equivariant_basis(2 * V, V))
    assert all(p.dtype == torch.float32 for p in layer.parameters())
    moved = layer.to(torch.float64)
    assert all(b.dtype == torch.float64 for b in moved.buffers() if b.is_floating_point())
    assert moved.rho_in == 2 * V and moved.rho_out == V
    with pytest.raises(rk.InvalidOptionError, match="strategy"):
        EquivariantLinear(rk.equivariant_basis(V, V), strategy="dense")
    with pytest.raises(rk.ShapeError, match="basis"):
        EquivariantLinear(np.eye(3))
