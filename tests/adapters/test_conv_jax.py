"""The JAX `EquivariantConv2d`: equivariance under D4 and C4, the basis kernel, jit and grad, shifts.

Marked ``jax``. float64 runs inside ``jax.enable_x64(True)`` (restored afterwards). Float
tolerances only here, at the framework boundary.
"""

from __future__ import annotations

import contextlib

import numpy as np
import pytest

import repkit as rk
from repkit.adapters.aliasing import rotation_equivariance_error, shift_equivariance_error
from repkit.equivariant.steerable import point_group

pytestmark = pytest.mark.jax

TOL = {"float32": 1e-5, "float64": 1e-12}


def _jax():
    return pytest.importorskip("jax", reason="JAX is not installed (optional extra 'jax')")


def _precision(jax, dtype):
    return jax.enable_x64(True) if dtype == "float64" else contextlib.nullcontext()


def _params(jax, conv, seed=0):
    p = conv.init(jax.random.PRNGKey(seed))
    p["theta_b"] = jax.random.normal(jax.random.PRNGKey(seed + 1), (conv.bias_dim,), dtype=conv.linear.dtype)
    return p


CASES = {
    "D4 lifting": lambda: (lambda G: (rk.trivial(G), 2 * rk.regular(G)))(rk.dihedral(4)),
    "D4 group conv": lambda: (lambda G: (rk.regular(G), rk.regular(G)))(rk.dihedral(4)),
    "D4 steerable": lambda: (lambda G: (rk.trivial(G) + rk.dihedral_rotation(G),
                                        2 * rk.dihedral_rotation(G) + rk.trivial(G)))(rk.dihedral(4)),
    "C4 group conv": lambda: (lambda G: (rk.regular(G), 2 * rk.regular(G)))(point_group("C4").group),
}


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("size", [6, 7])
def test_equivariant_under_every_element(case, dtype, size):
    jax = _jax()
    from repkit.adapters.jax import EquivariantConv2d

    rho_in, rho_out = CASES[case]()
    with _precision(jax, dtype):
        conv = EquivariantConv2d(rho_in, rho_out, 3, padding=1, dtype=getattr(np, dtype))
        params = _params(jax, conv)
        x = np.random.default_rng(0).normal(size=(2, rho_in.dim, size, size)).astype(dtype)
        err = rotation_equivariance_error(lambda a: conv.apply(params, a), rho_in, rho_out, x)
    assert len(err) == rho_in.group.order
    assert max(err.values()) < TOL[dtype]


def test_matches_the_basis_kernel_and_the_torch_layer():
    jax = _jax()
    torch = pytest.importorskip("torch")
    from repkit.adapters.jax import EquivariantConv2d
    from repkit.adapters.torch import EquivariantConv2d as TorchConv

    G = rk.dihedral(4)
    rho_in, rho_out = rk.trivial(G) + rk.regular(G), 2 * rk.regular(G)
    with jax.enable_x64(True):
        conv = EquivariantConv2d(rho_in, rho_out, 3, padding=1, stride=2, dilation=2, dtype=np.float64)
        params = _params(jax, conv)
        assert np.allclose(np.asarray(conv.weight(params)), conv.basis.kernel(np.asarray(params["theta"])))
        ref = TorchConv(rho_in, rho_out, 3, padding=1, stride=2, dilation=2, dtype=torch.float64)
        ref.linear.set_theta(np.array(params["theta"]), np.array(params["theta_b"]))
        x = np.random.default_rng(1).normal(size=(2, rho_in.dim, 11, 11))
        y = np.asarray(conv.apply(params, x))
    assert np.allclose(y, ref(torch.as_tensor(x)).detach().numpy(), atol=1e-12)


def test_jit_grad_and_circular_shifts():
    jax = _jax()
    from repkit.adapters.jax import EquivariantConv2d

    G = rk.dihedral(4)
    conv = EquivariantConv2d(rk.trivial(G), rk.regular(G), 3, padding=1, padding_mode="circular")
    params = _params(jax, conv)
    x = np.random.default_rng(2).normal(size=(2, 1, 8, 8)).astype(np.float32)
    apply = jax.jit(conv.apply)
    assert np.allclose(np.asarray(apply(params, x)), np.asarray(conv.apply(params, x)), atol=1e-6)
    grads = jax.grad(lambda p: (conv.apply(p, x) ** 2).sum())(params)
    assert float(np.abs(np.asarray(grads["theta"])).min()) > 0 and float(np.abs(grads["theta_b"]).sum()) > 0
    err = shift_equivariance_error(lambda a: conv.apply(params, a), x, (1, 2, 3))
    assert max(err.values()) < 1e-5


def test_bad_inputs_raise_repkit_errors():
    _jax()
    from repkit.adapters.jax import EquivariantConv2d
    from repkit.errors import InvalidOptionError, ShapeError

    G = rk.dihedral(4)
    conv = EquivariantConv2d(rk.regular(G), rk.regular(G), 3)
    with pytest.raises(ShapeError, match="x: expected"):
        conv.apply(conv.init(_jax().random.PRNGKey(0)), np.zeros((1, 3, 4, 4)))
    with pytest.raises(InvalidOptionError, match="padding_mode"):
        EquivariantConv2d(rk.regular(G), rk.regular(G), 3, padding_mode="mirror")
    with pytest.raises(AttributeError, match="immutable"):
        conv.stride = 2
