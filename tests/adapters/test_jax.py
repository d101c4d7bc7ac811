"""The JAX adapter (pure init/apply pair): equivariance, parameter counts, template round trips.

Marked ``jax``; without JAX installed every test is reported as skipped (``pytest.importorskip``).
Float tolerances only here, at the framework boundary.
"""

from __future__ import annotations

import numpy as np
import pytest

import repkit as rk
from repkit.equivariant.nonlinear import equivariance_error

pytestmark = pytest.mark.jax

CASES = {
    "C4 regular->regular": lambda: (lambda r: (r, r))(rk.regular(rk.cyclic(4))),
    "D4 vertices->regular": lambda: (lambda v: (v, rk.regular(v.group)))(rk.natural(rk.dihedral(4))),
    "D5 rotation->rotation+trivial": lambda: (
        lambda rot: (rot, rot + rk.trivial(rot.group)))(rk.dihedral_rotation(5)),
    "S4 V(x)V->V": lambda: (lambda v: (v @ v, v))(rk.natural(rk.symmetric(4))),
}


def _jax():
    jax = pytest.importorskip("jax", reason="JAX is not installed (optional extra 'jax')")
    jax.config.update("jax_enable_x64", True)
    return jax


@pytest.fixture(params=list(CASES), ids=list(CASES))
def case(request):
    return CASES[request.param]()


def test_layer_is_equivariant(case) -> None:
    jax = _jax()
    from repkit.adapters.jax import EquivariantLinear

    rho_in, rho_out = case
    layer = EquivariantLinear(rk.equivariant_basis(rho_in, rho_out), dtype=np.float64)
    params = layer.init(jax.random.PRNGKey(0))
    params["theta_b"] = jax.random.normal(jax.random.PRNGKey(1), (layer.bias_dim,),
                                          dtype=np.float64)
    apply = jax.jit(layer.apply)

    def f(x: np.ndarray) -> np.ndarray:
        return np.asarray(apply(params, x))

    xs = np.random.default_rng(0).normal(size=(6, rho_in.dim))
    assert equivariance_error(f, rho_in, rho_out, xs) < 1e-10


def test_parameter_count_and_shapes(case) -> None:
    jax = _jax()
    from repkit.adapters.jax import EquivariantLinear

    basis = rk.equivariant_basis(*case)
    layer = EquivariantLinear(basis)
    params = layer.init(jax.random.PRNGKey(0))
    assert params["theta"].shape == (basis.dim,) and params["theta_b"].shape == (basis.bias_dim,)
    assert layer.parameter_count == basis.dim + basis.bias_dim
    assert EquivariantLinear(basis, bias=False).parameter_count == basis.dim
    y = layer.apply(params, np.ones((2, 3, basis.shape[1]), dtype=np.float32))
    assert y.shape == (2, 3, basis.shape[0])


def test_template_round_trip(case, tmp_path) -> None:
    jax = _jax()
    from repkit.adapters.jax import EquivariantLinear

    basis = rk.equivariant_basis(*case)
    basis.save(str(tmp_path / "w.npz"))
    first = EquivariantLinear(basis)
    second = EquivariantLinear.from_template(tmp_path / "w.npz")
    assert np.array_equal(first.weights, second.weights)
    assert np.array_equal(first.biases, second.biases)
    params = first.init(jax.random.PRNGKey(3))
    x = np.random.default_rng(1).normal(size=(4, basis.shape[1])).astype(np.float32)
    assert np.array_equal(np.asarray(first.apply(params, x)), np.asarray(second.apply(params, x)))


def test_gradients_and_weight_combination() -> None:
    jax = _jax()
    from repkit.adapters.jax import EquivariantLinear

    v = rk.natural(rk.symmetric(5))
    basis = rk.equivariant_basis(v, v)
    layer = EquivariantLinear(basis, dtype=np.float64)
    theta = np.array([2.0, -3.0])
    y = layer.apply({"theta": theta, "theta_b": np.zeros(layer.bias_dim)}, np.eye(5))
    np.testing.assert_allclose(np.asarray(y), basis.apply(theta).T, rtol=0, atol=1e-15)
    params = layer.init(jax.random.PRNGKey(0))
    grads = jax.grad(lambda p: (layer.apply(p, np.ones((2, 5))) ** 2).sum())(params)
    assert grads["theta"].shape == (2,) and grads["theta_b"].shape == (1,)


def test_bad_shapes_are_named() -> None:
    jax = _jax()
    from repkit.adapters.jax import EquivariantLinear

    reg = rk.regular(rk.cyclic(4))
    layer = EquivariantLinear(rk.equivariant_basis(reg, reg))
    params = layer.init(jax.random.PRNGKey(0))
    with pytest.raises(rk.ShapeError, match="x: expected a last axis of size 4"):
        layer.apply(params, np.ones((2, 3)))
    with pytest.raises(rk.ShapeError, match=r"params\['theta'\]"):
        layer.apply({"theta": np.ones(3), "theta_b": np.zeros(1)}, np.ones(4))
