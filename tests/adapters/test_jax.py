"""The JAX structured linear layer: equivariance, W equal to the basis, gradients, zero-dim, shapes.

Marked ``jax``; without JAX installed every test is reported as skipped (``pytest.importorskip``).
Float tolerances only here, at the framework boundary, one per dtype. float64 runs inside
``jax.enable_x64(True)`` (restored afterwards, so no test changes JAX's global state).
"""

from __future__ import annotations

import contextlib

import numpy as np
import pytest

import repkit as rk
from repkit.equivariant.nonlinear import equivariance_error

pytestmark = pytest.mark.jax

TOL = {"float32": 1e-5, "float64": 1e-12}


def _d4_irreps():
    return rk.irreps(rk.dihedral(4))


CASES = {
    "S5 3x natural -> 2x natural": lambda: (
        lambda v: (3 * v, 2 * v))(rk.natural(rk.symmetric(5))),
    "S4 2x natural + trivial -> natural + 2x trivial": lambda: (
        lambda v, one: (2 * v + one, v + 2 * one))(rk.natural(rk.symmetric(4)),
                                                   rk.trivial(rk.symmetric(4))),
    "D4 2x regular -> 3x regular": lambda: (
        lambda r: (2 * r, 3 * r))(rk.regular(rk.dihedral(4))),
    "D4 irreducible sum": lambda: (lambda ir: (
        2 * ir[4] + 3 * ir[1] + ir[0], ir[4] + 2 * ir[0] + 2 * ir[1] + ir[3]))(_d4_irreps()),
    "D5 3x rotation + 2x trivial -> 2x rotation + trivial": lambda: (
        lambda rot, one: (3 * rot + 2 * one, 2 * rot + one))(rk.dihedral_rotation(5),
                                                             rk.trivial(rk.dihedral(5))),
    "C4 regular -> regular (WeightBasis)": lambda: (
        lambda r: (r, r))(rk.regular(rk.cyclic(4))),
    "D4 vertices -> regular (WeightBasis)": lambda: (
        lambda v: (v, rk.regular(v.group)))(rk.natural(rk.dihedral(4))),
}


def _jax():
    return pytest.importorskip("jax", reason="JAX is not installed (optional extra 'jax')")


def _precision(jax, dtype: str):
    return jax.enable_x64(True) if dtype == "float64" else contextlib.nullcontext()


@pytest.fixture(params=list(CASES), ids=list(CASES))
def case(request):
    return CASES[request.param]()


def _random_params(jax, layer, seed: int = 0):
    params = layer.init(jax.random.PRNGKey(seed))
    params["theta_b"] = jax.random.normal(jax.random.PRNGKey(seed + 1), (layer.bias_dim,),
                                          dtype=layer.dtype)
    return params


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_layer_is_equivariant(case, dtype: str) -> None:
    jax = _jax()
    from repkit.adapters.jax import EquivariantLinear

    rho_in, rho_out = case
    with _precision(jax, dtype):
        layer = EquivariantLinear(rk.equivariant_basis(rho_in, rho_out), dtype=np.dtype(dtype))
        params = _random_params(jax, layer)
        apply = jax.jit(layer.apply)
        xs = np.random.default_rng(0).normal(size=(6, rho_in.dim)).astype(dtype)

        def f(x: np.ndarray) -> np.ndarray:
            return np.asarray(apply(params, x.astype(dtype)), dtype=np.float64)

        assert equivariance_error(f, rho_in, rho_out, xs) < TOL[dtype]
        assert np.asarray(layer.apply(params, xs)).dtype == np.dtype(dtype)


def test_weight_equals_the_basis_apply_in_float64(case) -> None:
    jax = _jax()
    from repkit.adapters.jax import EquivariantLinear

    basis = rk.equivariant_basis(*case)
    with jax.enable_x64(True):
        layer = EquivariantLinear(basis, dtype=np.float64)
        rng = np.random.default_rng(2)
        theta, theta_b = rng.normal(size=basis.dim), rng.normal(size=layer.bias_dim)
        params = {"theta": theta, "theta_b": theta_b}
        W_ref, b_ref = basis.apply(theta, theta_b)
        np.testing.assert_allclose(np.asarray(layer.weight(params)), W_ref, rtol=0, atol=1e-13)
        np.testing.assert_allclose(np.asarray(layer.bias(params)), b_ref, rtol=0, atol=1e-13)
        x = rng.normal(size=(5, basis.shape[1]))
        np.testing.assert_allclose(np.asarray(layer.apply(params, x)), x @ W_ref.T + b_ref,
                                   rtol=0, atol=1e-12)
        if isinstance(basis, rk.StructuredBasis):       # and the dense canonical basis agrees
            dense = basis.to_weight_basis()
            np.testing.assert_allclose(dense.apply(theta[basis.canonical_order]), W_ref,
                                       rtol=0, atol=1e-13)


def test_layer_keeps_only_the_small_bases() -> None:
    _jax()
    from repkit.adapters.jax import EquivariantLinear

    V = rk.natural(rk.symmetric(16))
    basis = rk.equivariant_basis(32 * V, 32 * V)
    with pytest.raises(rk.BasisTooLargeError):
        basis.to_numpy()                              # the dense basis is refused ...
    layer = EquivariantLinear(basis)                   # ... the layer does not need it
    assert layer.dim == 32 * 32 * 2
    assert sum(a.nbytes for a in (*layer.block_arrays, *layer.bias_arrays)) < 10_000
    assert [a.shape for a in layer.block_arrays] == [(2, 16, 16)]


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_gradients_reach_every_parameter(case, dtype: str) -> None:
    jax = _jax()
    from repkit.adapters.jax import EquivariantLinear

    rho_in, rho_out = case
    with _precision(jax, dtype):
        layer = EquivariantLinear(rk.equivariant_basis(rho_in, rho_out), dtype=np.dtype(dtype))
        params = _random_params(jax, layer)
        rng = np.random.default_rng(3)
        x = rng.normal(size=(4, rho_in.dim)).astype(dtype)
        r = rng.normal(size=(4, rho_out.dim)).astype(dtype)
        grads = jax.grad(lambda p: (layer.apply(p, x) * r).sum())(params)
        assert grads["theta"].shape == (layer.dim,) and grads["theta_b"].shape == (layer.bias_dim,)
        assert np.all(np.asarray(grads["theta"]) != 0)
        assert np.all(np.asarray(grads["theta_b"]) != 0)


@pytest.mark.parametrize("make", [
    lambda: rk.equivariant_basis(rk.dihedral_rotation(4), 2 * rk.trivial(rk.dihedral(4))),
    lambda: rk.equivariant_basis(rk.dihedral_rotation(4), rk.trivial(rk.dihedral(4))),
    lambda: rk.equivariant_basis(2 * rk.dihedral_rotation(4),
                                 rk.trivial(rk.dihedral(4)) + rk.dihedral_rotation(4)),
], ids=["structured rot -> 2x trivial", "WeightBasis rot -> trivial", "structured, one block"])
def test_zero_dimensional_weight_space_with_a_bias(make) -> None:
    jax = _jax()
    from repkit.adapters.jax import EquivariantLinear

    basis = make()
    layer = EquivariantLinear(basis)
    params = layer.init(jax.random.PRNGKey(0))
    assert params["theta"].shape == (basis.dim,) and layer.bias_dim == basis.bias_dim > 0
    params["theta_b"] = np.arange(1.0, layer.bias_dim + 1, dtype=np.float32)
    x = np.random.default_rng(0).normal(size=(3, basis.shape[1])).astype(np.float32)
    num, den = basis.bias                       # exact bias basis (c, m_out), (c,)
    b_ref = np.asarray(params["theta_b"], np.float64) @ (num / den[:, None])
    W_ref = np.zeros(basis.shape)
    if basis.dim:
        W_ref = basis.apply(np.asarray(params["theta"], np.float64))
    y = np.asarray(layer.apply(params, x))
    np.testing.assert_allclose(y, x @ W_ref.T + b_ref, atol=1e-5)
    grads = jax.grad(lambda p: layer.apply(p, x).sum())(params)
    assert np.all(np.asarray(grads["theta_b"]) != 0)


def test_unflatten_gives_the_block_parameters() -> None:
    jax = _jax()
    from repkit.adapters.jax import EquivariantLinear

    G = rk.symmetric(4)
    V, one = rk.natural(G), rk.trivial(G)
    basis = rk.equivariant_basis(3 * V + one, 2 * V + 2 * one)
    layer = EquivariantLinear(basis)
    params = _random_params(jax, layer)
    views = layer.unflatten(params)
    assert [w.shape for w in views["weights"]] == [b.param_shape for b in basis.blocks]
    assert [b.shape for b in views["biases"]] == [(bb.out_mult, bb.dim) for bb in basis.bias_blocks]
    back = layer.flatten(views)
    assert np.array_equal(np.asarray(back["theta"]), np.asarray(params["theta"]))
    assert np.array_equal(np.asarray(back["theta_b"]), np.asarray(params["theta_b"]))
    with pytest.raises(rk.ShapeError, match=r"views\['weights'\]\[0\]"):
        layer.flatten({"weights": [np.ones((1, 1, 1))] * len(views["weights"]),
                       "biases": views["biases"]})


def test_init_scale_and_vmap_jit_shapes() -> None:
    jax = _jax()
    from repkit.adapters.jax import EquivariantLinear

    V = rk.natural(rk.symmetric(6))
    layer = EquivariantLinear(rk.equivariant_basis(16 * V, 16 * V))
    W = np.asarray(layer.weight(layer.init(jax.random.PRNGKey(0))))
    mean_square = float(np.mean(W ** 2))
    assert 0.5 / layer.in_features < mean_square < 2.0 / layer.in_features
    params = layer.init(jax.random.PRNGKey(1))
    x = np.ones((2, 3, layer.in_features), np.float32)
    assert layer.apply(params, x).shape == (2, 3, layer.out_features)
    assert jax.vmap(layer.apply, in_axes=(None, 0))(params, x).shape == (2, 3, layer.out_features)
    assert jax.jit(layer.apply)(params, x[0]).shape == (3, layer.out_features)
    images = np.random.default_rng(0).normal(size=(2, layer.in_features, 5, 4)).astype(np.float32)
    y = layer.apply(params, images, channels_first=True)        # (batch, m, height, width)
    assert y.shape == (2, layer.out_features, 5, 4)
    np.testing.assert_allclose(np.asarray(y), np.moveaxis(
        np.asarray(layer.apply(params, np.moveaxis(images, 1, -1))), -1, 1), atol=1e-6)
    with pytest.raises(rk.ShapeError, match="channels_first=True"):
        layer.apply(params, images[:, :3], channels_first=True)


def test_template_round_trip(case, tmp_path) -> None:
    jax = _jax()
    from repkit.adapters.jax import EquivariantLinear

    basis = rk.equivariant_basis(*case)
    basis.save(str(tmp_path / "w.npz"))
    first = EquivariantLinear(basis)
    second = EquivariantLinear.from_template(tmp_path / "w.npz")
    assert len(first.block_arrays) == len(second.block_arrays)
    for a, b in zip((*first.block_arrays, *first.bias_arrays),
                    (*second.block_arrays, *second.bias_arrays)):
        assert np.array_equal(a, b)
    params = first.init(jax.random.PRNGKey(3))
    x = np.random.default_rng(1).normal(size=(4, basis.shape[1])).astype(np.float32)
    assert np.array_equal(np.asarray(first.apply(params, x)), np.asarray(second.apply(params, x)))


def test_parameter_counts(case) -> None:
    from repkit.adapters.jax import EquivariantLinear

    basis = rk.equivariant_basis(*case)
    layer = EquivariantLinear(basis)
    assert layer.parameter_count == basis.dim + basis.bias_dim
    assert EquivariantLinear(basis, bias=False).parameter_count == basis.dim
    assert layer.shape == tuple(basis.shape)
    assert layer.rho_in == case[0] and layer.rho_out == case[1]


def test_bad_shapes_are_named() -> None:
    jax = _jax()
    from repkit.adapters.jax import EquivariantLinear

    reg = rk.regular(rk.cyclic(4))
    layer = EquivariantLinear(rk.equivariant_basis(2 * reg, reg))
    params = layer.init(jax.random.PRNGKey(0))
    with pytest.raises(rk.ShapeError, match="x: expected a last axis of size 8"):
        layer.apply(params, np.ones((2, 3)))
    with pytest.raises(rk.ShapeError, match=r"params\['theta'\]"):
        layer.apply({"theta": np.ones(3), "theta_b": np.zeros(1)}, np.ones(8))
    with pytest.raises(rk.ShapeError, match=r"params\['theta_b'\]"):
        layer.apply({"theta": params["theta"], "theta_b": np.zeros(5)}, np.ones(8))
    with pytest.raises(rk.ShapeError, match="params: expected a dict"):
        layer.apply([params["theta"]], np.ones(8))
    with pytest.raises(rk.ShapeError, match="basis: expected a repkit"):
        EquivariantLinear(np.ones((2, 2)))


@pytest.mark.parametrize("make, rows, input_first", [
    (lambda: (lambda v: (16 * v, 16 * v))(rk.natural(rk.symmetric(5))), 1, True),
    (lambda: (lambda v: (16 * v, 16 * v))(rk.natural(rk.symmetric(5))), 300, True),
    (lambda: (lambda r: (2 * r, 3 * r))(rk.regular(rk.dihedral(4))), 300, False),
    (lambda: (lambda r: (2 * r, 3 * r))(rk.regular(rk.dihedral(4))), 1, True),
], ids=["S5 16x V, 1 row", "S5 16x V, 300 rows", "D4 regular, 300 rows", "D4 regular, 1 row"])
def test_both_contraction_orders_give_x_W_T_plus_b(make, rows: int, input_first: bool) -> None:
    jax = _jax()
    from repkit.adapters.jax import EquivariantLinear
    from repkit.adapters.jax.linear import _input_first

    rho_in, rho_out = make()
    basis = rk.equivariant_basis(rho_in, rho_out)
    with jax.enable_x64(True):
        layer = EquivariantLinear(basis, dtype=np.float64)
        assert [_input_first(s, rows) for s in layer._blocks] == [input_first] * len(layer._blocks)
        rng = np.random.default_rng(5)
        theta, theta_b = rng.normal(size=basis.dim), rng.normal(size=basis.bias_dim)
        W, b = basis.apply(theta, theta_b)
        x = rng.normal(size=(rows, basis.shape[1]))
        y = layer.apply({"theta": theta, "theta_b": theta_b}, x)
        np.testing.assert_allclose(np.asarray(y), x @ W.T + b, rtol=0, atol=1e-11)
