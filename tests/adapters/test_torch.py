"""The PyTorch adapter: equivariance of the layer, parameter counts, template round trips, devices.

Float tolerances appear only here, at the framework boundary. Every test needs PyTorch and is
marked ``torch``; without it the tests are reported as skipped (``pytest.importorskip``).
"""

from __future__ import annotations

import numpy as np
import pytest

import repkit as rk
from repkit.equivariant.nonlinear import equivariance_error

pytestmark = pytest.mark.torch

CASES = {
    "C4 regular->regular": lambda: (lambda r: (r, r))(rk.regular(rk.cyclic(4))),
    "D4 vertices->regular": lambda: (lambda v: (v, rk.regular(v.group)))(rk.natural(rk.dihedral(4))),
    "D4 regular->rotation": lambda: (lambda rot: (rk.regular(rot.group), rot))(rk.dihedral_rotation(4)),
    "D5 rotation->rotation+trivial": lambda: (
        lambda rot: (rot, rot + rk.trivial(rot.group)))(rk.dihedral_rotation(5)),
    "S4 V(x)V->V": lambda: (lambda v: (v @ v, v))(rk.natural(rk.symmetric(4))),
    "C3xC3 translations": lambda: (lambda r: (r, r))(
        rk.permutation_rep(*_translation_action(3))),
}


def _translation_action(L: int) -> tuple[rk.FiniteGroup, dict[str, list[int]]]:
    G = rk.translations((L, L))
    perms = {name: list(p) for name, p in zip(G.generators, G.permutation_generators)}
    return G, perms


def _torch():
    return pytest.importorskip("torch", reason="PyTorch is not installed (optional extra 'torch')")


def _float_images(rho) -> list[np.ndarray]:
    return [np.asarray(m.to_numpy(float)) for m in rho.images]


def _randomise_biases(layer) -> None:
    for name, p in layer.named_parameters():
        if name.startswith("bias_"):
            p.normal_()


@pytest.fixture(params=list(CASES), ids=list(CASES))
def case(request):
    return CASES[request.param]()


def test_layer_is_equivariant_on_random_inputs(case) -> None:
    torch = _torch()
    from repkit.adapters.torch import EquivariantLinear

    rho_in, rho_out = case
    basis = rk.equivariant_basis(rho_in, rho_out)
    torch.manual_seed(0)
    layer = EquivariantLinear(basis, dtype=torch.float64)
    with torch.no_grad():
        _randomise_biases(layer)
        x = torch.randn(7, rho_in.dim, dtype=torch.float64)
        y = layer(x)
        assert y.shape == (7, rho_out.dim)
        for a, b in zip(_float_images(rho_in), _float_images(rho_out)):
            A = torch.as_tensor(a)
            B = torch.as_tensor(b)
            torch.testing.assert_close(layer(x @ A.T), y @ B.T, atol=1e-10, rtol=1e-10)


def test_layer_is_equivariant_for_every_group_element() -> None:
    torch = _torch()
    from repkit.adapters.torch import EquivariantLinear

    rho_in = rk.natural(rk.dihedral(6))
    rho_out = rk.regular(rho_in.group)
    layer = EquivariantLinear(rk.equivariant_basis(rho_in, rho_out), dtype=torch.float64)
    with torch.no_grad():
        _randomise_biases(layer)

        def f(x: np.ndarray) -> np.ndarray:
            return layer(torch.as_tensor(x)).numpy()

        xs = np.random.default_rng(0).normal(size=(5, rho_in.dim))
        assert equivariance_error(f, rho_in, rho_out, xs) < 1e-12


def test_parameter_count_is_basis_dimension_plus_bias(case) -> None:
    torch = _torch()
    from repkit.adapters.torch import EquivariantLinear

    basis = rk.equivariant_basis(*case)
    with_bias = EquivariantLinear(basis)
    without = EquivariantLinear(basis, bias=False)
    count = lambda m: sum(p.numel() for p in m.parameters())  # noqa: E731
    assert count(with_bias) == basis.dim + basis.bias_dim
    assert count(without) == basis.dim
    assert with_bias.theta().shape == (basis.dim,)
    assert with_bias.theta_bias().shape == (basis.bias_dim,)
    assert all(b.dtype == torch.get_default_dtype() for b in with_bias.buffers() if b.is_floating_point())


def test_weight_is_the_basis_combination() -> None:
    torch = _torch()
    from repkit.adapters.torch import EquivariantLinear

    v = rk.natural(rk.symmetric(5))
    basis = rk.equivariant_basis(v, v)
    layer = EquivariantLinear(basis, dtype=torch.float64)
    theta = np.array([2.0, -3.0])
    layer.set_theta(theta)
    np.testing.assert_array_equal(layer.weight().detach().numpy(), basis.apply(theta))


def test_no_bias_when_rho_out_fixes_no_vector() -> None:
    _torch()
    from repkit.adapters.torch import EquivariantLinear

    rot = rk.dihedral_rotation(4)
    layer = EquivariantLinear(rk.equivariant_basis(rot, rot))
    assert layer.theta_bias().numel() == 0 and layer.bias_dim == 0
    assert sum(p.numel() for p in layer.parameters()) == 1


def test_template_round_trip_gives_the_same_outputs(case, tmp_path) -> None:
    torch = _torch()
    from repkit.adapters.torch import EquivariantLinear

    basis = rk.equivariant_basis(*case)
    path = tmp_path / "layer.npz"
    basis.save(str(path))
    torch.manual_seed(1)
    first = EquivariantLinear(basis)
    second = EquivariantLinear.from_template(path)
    second.load_state_dict(first.state_dict())
    for (n1, b1), (n2, b2) in zip(first.named_buffers(), second.named_buffers()):
        assert n1 == n2 and torch.equal(b1, b2)
    x = torch.randn(4, basis.shape[1])
    assert torch.equal(first(x), second(x))


def test_gradients_reach_the_shared_parameters() -> None:
    torch = _torch()
    from repkit.adapters.torch import EquivariantLinear

    reg = rk.regular(rk.cyclic(4))
    layer = EquivariantLinear(rk.equivariant_basis(reg, reg))
    layer(torch.randn(3, 4)).pow(2).sum().backward()
    assert layer.weight_0_0.grad is not None and layer.weight_0_0.grad.shape == (1, 1, 4)
    assert layer.bias_0.grad is not None and layer.bias_0.grad.shape == (1, 1)


@pytest.mark.slow
def test_initialisation_scale() -> None:
    torch = _torch()
    from repkit.adapters.torch import EquivariantLinear

    reg = rk.regular(rk.cyclic(64))
    torch.manual_seed(0)
    weights = torch.stack([EquivariantLinear(rk.equivariant_basis(reg, reg)).weight()
                           for _ in range(20)])
    mean_square = float(weights.detach().pow(2).mean())
    assert 0.5 / 64 < mean_square < 2.0 / 64


def test_wrong_input_width_is_reported() -> None:
    torch = _torch()
    from repkit.adapters.torch import EquivariantLinear

    reg = rk.regular(rk.cyclic(4))
    layer = EquivariantLinear(rk.equivariant_basis(reg, reg))
    with pytest.raises(rk.ShapeError, match=r"x: expected a last axis of size 4"):
        layer(torch.randn(2, 5))


def test_buffers_move_with_the_module() -> None:
    torch = _torch()
    from repkit.adapters.torch import EquivariantLinear

    reg = rk.regular(rk.cyclic(4))
    layer = EquivariantLinear(rk.equivariant_basis(reg, reg)).to(torch.float64)
    assert layer.basis_0.dtype == torch.float64 and layer.weight_0_0.dtype == torch.float64
    names = {name for name, _ in layer.named_buffers()}
    assert {"_anchor", "basis_0", "bias_basis_0"} <= names
    assert all(b.dtype == torch.float64 for b in layer.buffers() if b.is_floating_point())
    assert set(layer.state_dict()) == {"weight_0_0", "bias_0"}


def test_runs_on_a_gpu_when_present() -> None:
    torch = _torch()
    if not torch.cuda.is_available():
        pytest.skip("no CUDA device on this machine")
    from repkit.adapters.torch import EquivariantLinear

    reg = rk.regular(rk.cyclic(8))
    layer = EquivariantLinear(rk.equivariant_basis(reg, reg))
    x = torch.randn(3, 8)
    expected = layer(x)
    moved = layer.to("cuda")
    assert moved.basis_0.device.type == "cuda"
    torch.testing.assert_close(moved(x.to("cuda")).cpu(), expected)


def test_inputs_and_dtypes_are_validated_with_repkit_errors() -> None:
    torch = _torch()
    from repkit.adapters.torch import EquivariantLinear, NormNonlinearity

    V = rk.natural(rk.symmetric(3))
    layer = EquivariantLinear(V >> V)
    with pytest.raises(rk.ShapeError, match="torch.Tensor"):
        layer([1.0, 2.0, 3.0])
    with pytest.raises(rk.ShapeError, match="last axis"):
        layer(torch.tensor(1.0))
    for name in ("float64", np.float64, torch.float64):
        assert EquivariantLinear(V >> V, dtype=name).weight().dtype == torch.float64
    for bad in ("nonsense", torch.int64, 3):
        with pytest.raises(rk.InvalidOptionError, match="dtype"):
            EquivariantLinear(V >> V, dtype=bad)
    rot = rk.dihedral_rotation(4)
    with pytest.raises(rk.ShapeError, match="torch.Tensor"):
        NormNonlinearity(rot)([0.5, 0.5])
