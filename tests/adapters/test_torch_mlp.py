"""`EquivariantMLP`: invariance/equivariance, nonlinearity choice, the reach report and refusal, gradients.

Every test needs PyTorch and is marked ``torch`` (skipped with the reason when it is missing).
"""

from __future__ import annotations

import pytest

import repkit as rk
from torch_helpers import assert_equivariant, torch_or_skip

pytestmark = pytest.mark.torch


def _d4():
    G = rk.dihedral(4)
    return G, rk.dihedral_rotation(4), rk.trivial(G), rk.regular(G)


@pytest.mark.parametrize("dtype_name", ["float32", "float64"])
@pytest.mark.parametrize("nonlinearity", ["auto", "gated", "fourier", "norm"])
def test_model_is_equivariant_for_every_nonlinearity(nonlinearity, dtype_name) -> None:
    torch = torch_or_skip()
    from repkit.adapters.torch import EquivariantMLP

    G, rot, one, reg = _d4()
    rho_in, rho_out = rk.natural(G), rot + one
    hidden = [2 * reg + 2 * rot + one, 3 * rot + 2 * one]
    dtype = getattr(torch, dtype_name)
    torch.manual_seed(0)
    model = EquivariantMLP(rho_in, rho_out, hidden=hidden, nonlinearity=nonlinearity, dtype=dtype,
                           allow_unreachable=True)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if "bias" in name:
                p.uniform_(-0.5, 0.5)
        assert_equivariant(model, rho_in, rho_out, dtype)


def test_auto_picks_pointwise_for_permutation_components_and_norm_elsewhere() -> None:
    torch_or_skip()
    from repkit.adapters.torch import EquivariantMLP

    G, rot, one, reg = _d4()
    model = EquivariantMLP(rk.natural(G), one, hidden=[4 * reg + 2 * rot + one], allow_unreachable=True)
    assert model.kinds == (("pointwise", "norm", "pointwise"),)
    kinds = [type(m).__name__ for m in model.layers[1].parts]
    assert kinds == ["PointwiseNonlinearity", "NormNonlinearity", "PointwiseNonlinearity"]
    assert [type(m).__name__ for m in model.layers] == [
        "EquivariantLinear", "ComponentwiseNonlinearity", "EquivariantLinear"]


def test_expressivity_on_d4_irreducible_hidden_is_refused_with_the_reason() -> None:
    torch_or_skip()
    from repkit.adapters.torch import EquivariantMLP

    G, rot, one, reg = _d4()
    with pytest.raises(rk.UnreachableComponentError, match=r"hidden\[0\] component 0 \(8x rot, norm\)"):
        EquivariantMLP(rk.natural(G), one, hidden=[8 * rot + 8 * one])
    model = EquivariantMLP(rk.natural(G), one, hidden=[8 * rot + 8 * one], allow_unreachable=True)
    report = model.expressivity()
    assert [(r.name, r.nonlinearity, r.reaches_output) for r in report.rows] == [
        ("rot", "norm", False), ("1", "pointwise", True)]


def test_expressivity_on_d4_regular_hidden_reaches_the_output() -> None:
    torch_or_skip()
    from repkit.adapters.torch import EquivariantMLP

    G, rot, one, reg = _d4()
    model = EquivariantMLP(rk.natural(G), one, hidden=[4 * reg, 4 * reg])
    report = model.expressivity()
    assert len(report.rows) == 2 and report.unreachable == ()
    assert all(r.nonlinearity == "pointwise" for r in report.rows)
    # an irreducible first layer is reachable when a point-wise regular layer follows it
    mixed = EquivariantMLP(rk.natural(G), one, hidden=[4 * rot, 4 * reg])
    assert mixed.expressivity().unreachable == ()


def test_forced_pointwise_is_refused_where_it_breaks_equivariance() -> None:
    torch_or_skip()
    from repkit.adapters.torch import EquivariantMLP

    G, rot, one, reg = _d4()
    with pytest.raises(rk.InvalidOptionError, match="not equivariant on component 0"):
        EquivariantMLP(rk.natural(G), rot, hidden=[2 * rot], nonlinearity="pointwise")
    with pytest.raises(rk.InvalidOptionError, match="nonlinearity"):
        EquivariantMLP(rk.natural(G), one, hidden=[reg], nonlinearity="swish")


def test_gradients_reach_every_parameter_and_the_state_holds_parameters_only() -> None:
    torch = torch_or_skip()
    from repkit.adapters.torch import EquivariantMLP

    G, rot, one, reg = _d4()
    torch.manual_seed(1)
    model = EquivariantMLP(rk.natural(G), one, hidden=[2 * reg + 2 * rot + one, 2 * reg],
                           nonlinearity="auto")
    model(torch.randn(16, 4)).pow(2).sum().backward()
    for name, p in model.named_parameters():
        assert p.grad is not None, name
    assert set(model.state_dict()) == {name for name, _ in model.named_parameters()}
    fresh = EquivariantMLP(rk.natural(G), one, hidden=[2 * reg + 2 * rot + one, 2 * reg])
    fresh.load_state_dict(model.state_dict())
    x = torch.randn(3, 4)
    assert torch.equal(fresh(x), model(x))


def test_s16_model_with_64_channels_builds_without_a_dense_basis() -> None:
    torch = torch_or_skip()
    from repkit.adapters.torch import EquivariantMLP

    G = rk.symmetric(16)
    V = rk.natural(G)
    model = EquivariantMLP(V, rk.trivial(G), hidden=[64 * V, 64 * V])
    buffers = sum(b.numel() for b in model.buffers())
    assert buffers < 10_000                                 # small bases only
    assert model(torch.randn(2, 16)).shape == (2, 1)


def test_the_model_tags_serve_the_shipped_checker_over_every_element() -> None:
    torch = torch_or_skip()
    import numpy as np

    from repkit.adapters.torch import EquivariantMLP
    from repkit.testing import assert_equivariant as check

    G, rot, one, reg = _d4()
    model = EquivariantMLP(rk.natural(G), rot + one, hidden=[2 * reg + rot], dtype=torch.float64,
                           allow_unreachable=True)

    def f(x: np.ndarray) -> np.ndarray:
        with torch.no_grad():
            return model(torch.as_tensor(x)).numpy()

    xs = np.random.default_rng(0).normal(size=(8, 4))
    check(f, model.rho_in, model.rho_out, xs, atol=1e-10)
    assert all(layer.rho_in is not None for layer in model.layers)


def test_no_hidden_layer_is_one_equivariant_linear_layer() -> None:
    torch = torch_or_skip()
    from repkit.adapters.torch import EquivariantMLP

    G, rot, one, reg = _d4()
    model = EquivariantMLP(rk.natural(G), reg, hidden=[], dtype=torch.float64)
    assert len(model.layers) == 1 and model.expressivity().rows == ()
    assert_equivariant(model, rk.natural(G), reg, torch.float64)


def test_every_tensor_follows_the_module_to_another_device() -> None:
    """On PyTorch's shape-only ``meta`` device: a stray CPU tensor in forward would fail here."""
    torch = torch_or_skip()
    from repkit.adapters.torch import EquivariantMLP, InvariantPooling

    G, rot, one, reg = _d4()
    for nonlinearity in ("auto", "gated", "fourier"):
        model = EquivariantMLP(rk.natural(G), rot + one, hidden=[2 * reg + rot + one, 2 * reg],
                               nonlinearity=nonlinearity, allow_unreachable=True).to("meta")
        assert all(t.device.type == "meta" for t in [*model.parameters(), *model.buffers()])
        for strategy in ("form", "contract", "factored"):
            for layer in model.layers:
                if hasattr(layer, "strategy"):
                    layer.strategy = strategy
            assert model(torch.randn(3, 4, device="meta")).shape == (3, 3)
    pool = InvariantPooling(2 * reg + rot, "max").to("meta")
    assert pool(torch.randn(3, 18, device="meta")).shape == (3, 3)


def test_a_saved_d4_image_model_holds_its_parameters_only(tmp_path) -> None:
    """Issue 8: a 1,076-parameter D4 model used to save 16.8 MB of dense basis buffers."""
    torch = torch_or_skip()
    from repkit.adapters.torch import EquivariantMLP

    G, rot, one, reg = _d4()
    p = rk.pixel_permutations(8)
    pixels = rk.permutation_rep(G, {"r": p["r"], "f": p["f"]})
    model = EquivariantMLP(pixels, 2 * one, hidden=[8 * reg, 8 * reg])
    n = sum(q.numel() for q in model.parameters())
    torch.save(model.state_dict(), tmp_path / "model.pt")
    size = (tmp_path / "model.pt").stat().st_size
    assert size < 4 * n + 20_000, f"{size} bytes for {n} float32 parameters"
