"""The JAX EquivariantMLP: equivariance per dtype, gradients to every parameter, the reach report.

Marked ``jax``; without JAX every test is reported as skipped. float64 runs inside
``jax.enable_x64(True)``.
"""

from __future__ import annotations

import contextlib

import numpy as np
import pytest

import repkit as rk
from repkit.equivariant.nonlinear import equivariance_error

pytestmark = pytest.mark.jax

TOL = {"float32": 1e-5, "float64": 1e-12}


def _jax():
    return pytest.importorskip("jax", reason="JAX is not installed (optional extra 'jax')")


def _precision(jax, dtype: str):
    return jax.enable_x64(True) if dtype == "float64" else contextlib.nullcontext()


def _d4():
    G = rk.dihedral(4)
    return G, rk.natural(G), rk.regular(G), rk.dihedral_rotation(4), rk.trivial(G)


MODELS = {
    "S5 natural -> trivial, hidden 3x V, 3x V": lambda: (
        lambda G: (rk.natural(G), rk.trivial(G), [3 * rk.natural(G), 3 * rk.natural(G)], "auto"))(
        rk.symmetric(5)),
    "D4 natural -> trivial, hidden 2x regular": lambda: (
        lambda G, V, R, rot, one: (V, one, [2 * R], "auto"))(*_d4()),
    "D4 natural -> natural, hidden regular + 2x rotation (pointwise + norm)": lambda: (
        lambda G, V, R, rot, one: (V, V, [R + 2 * rot, 2 * R], "auto"))(*_d4()),
    "D4 natural -> rotation + trivial, hidden 2x rotation + trivial (gated)": lambda: (
        lambda G, V, R, rot, one: (V, rot + one, [2 * rot + one], "gated"))(*_d4()),
    "D4 regular -> regular, hidden 2x regular (norm)": lambda: (
        lambda G, V, R, rot, one: (R, R, [2 * R], "norm"))(*_d4()),
    "D5 rotation + trivial -> rotation + trivial, hidden 3x rotation + 2x trivial": lambda: (
        lambda rot, one: (rot + one, rot + one, [3 * rot + 2 * one], "auto"))(
        rk.dihedral_rotation(5), rk.trivial(rk.dihedral(5))),
}


@pytest.fixture(params=list(MODELS), ids=list(MODELS))
def spec(request):
    return MODELS[request.param]()


def _model(spec, **kwargs):
    from repkit.adapters.jax import EquivariantMLP

    rho_in, rho_out, hidden, kind = spec
    return EquivariantMLP(rho_in, rho_out, hidden=hidden, nonlinearity=kind, **kwargs)


def _perturbed(jax, params, seed: int):
    """Random non-zero values for every parameter (biases and shifts included)."""
    leaves, tree = jax.tree_util.tree_flatten(params)
    keys = jax.random.split(jax.random.PRNGKey(seed), max(1, len(leaves)))
    new = [0.3 * jax.random.normal(k, np.shape(leaf), dtype=leaf.dtype) + leaf
           for k, leaf in zip(keys, leaves)]
    return jax.tree_util.tree_unflatten(tree, new)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_model_is_equivariant(spec, dtype: str) -> None:
    jax = _jax()
    rho_in, rho_out, _, _ = spec
    with _precision(jax, dtype):
        model = _model(spec, dtype=np.dtype(dtype))
        params = _perturbed(jax, model.init(jax.random.PRNGKey(0)), 1)
        apply = jax.jit(model.apply)
        xs = np.random.default_rng(0).normal(size=(6, rho_in.dim)).astype(dtype)

        def f(x: np.ndarray) -> np.ndarray:
            return np.asarray(apply(params, x.astype(dtype)), dtype=np.float64)

        assert np.linalg.norm(f(xs)) > 0
        assert equivariance_error(f, rho_in, rho_out, xs) < TOL[dtype]


def test_gradients_reach_every_parameter(spec) -> None:
    jax = _jax()
    rho_in, rho_out, _, _ = spec
    with jax.enable_x64(True):
        model = _model(spec, dtype=np.float64)
        params = model.init(jax.random.PRNGKey(2))      # as trained from: zero biases, no dead units
        rng = np.random.default_rng(4)
        x = rng.normal(size=(64, rho_in.dim))
        r = rng.normal(size=(64, rho_out.dim))
        grads = jax.grad(lambda p: (model.apply(p, x) * r).sum())(params)
        leaves = jax.tree_util.tree_leaves(grads)
        assert sum(np.size(g) for g in leaves) == model.parameter_count
        for g in leaves:
            assert np.all(np.asarray(g) != 0)


def test_training_lowers_the_loss() -> None:
    jax = _jax()
    G, V, R, rot, one = _d4()
    from repkit.adapters.jax import EquivariantMLP

    model = EquivariantMLP(V, one, hidden=[4 * R])
    params = model.init(jax.random.PRNGKey(0))
    rng = np.random.default_rng(0)
    x = rng.normal(size=(64, 4)).astype(np.float32)
    target = (np.abs(x).max(axis=1, keepdims=True)).astype(np.float32)    # an invariant target

    def loss(p):
        return ((model.apply(p, x) - target) ** 2).mean()

    step = jax.jit(lambda p: jax.tree_util.tree_map(lambda a, g: a - 0.01 * g, p, jax.grad(loss)(p)))
    first = float(loss(params))
    for _ in range(50):
        params = step(params)
    assert float(loss(params)) < 0.1 * first


def test_unreachable_hidden_components_are_refused_with_the_reason() -> None:
    _jax()
    from repkit.adapters.jax import EquivariantMLP

    G, V, R, rot, one = _d4()
    irreducible = 8 * rot + 4 * one
    with pytest.raises(rk.UnreachableComponentError, match=r"component 0 \(8x rot, norm\)"):
        EquivariantMLP(V, one, hidden=[irreducible, irreducible])
    model = EquivariantMLP(V, one, hidden=[irreducible, irreducible], allow_unreachable=True)
    rows = [(r.layer, r.name, r.nonlinearity, r.reaches_output) for r in model.expressivity().rows]
    assert rows == [(0, "rot", "norm", False), (0, "1", "pointwise", True),
                    (1, "rot", "norm", False), (1, "1", "pointwise", True)]
    assert EquivariantMLP(V, one, hidden=[8 * R, 8 * R]).expressivity().unreachable == ()


def test_kinds_that_do_not_fit_are_refused() -> None:
    from repkit.adapters.jax import EquivariantMLP

    G, V, R, rot, one = _d4()
    with pytest.raises(rk.InvalidOptionError, match="fn: a point-wise nonlinearity"):
        EquivariantMLP(V, rot, hidden=[2 * rot], nonlinearity="pointwise")
    with pytest.raises(rk.InvalidOptionError, match="nonlinearity: expected"):
        EquivariantMLP(V, rot, hidden=[2 * rot], nonlinearity="swish")


def test_without_bias_and_with_gates_the_shapes_add_up() -> None:
    jax = _jax()
    from repkit.adapters.jax import EquivariantMLP

    G, V, R, rot, one = _d4()
    model = EquivariantMLP(V, rot, hidden=[3 * rot + one], nonlinearity="gated", bias=False,
                           allow_unreachable=True)
    assert model.kinds == (("gated", "gated"),)            # the trivial field goes through ReLU
    assert [layer.shape for layer in model.layers] == [(10, 4), (2, 7)]     # 3 gates appended
    assert all(layer.bias_dim == 0 for layer in model.layers)
    params = model.init(jax.random.PRNGKey(0))
    assert model.apply(params, np.ones((2, 5, 4), np.float32)).shape == (2, 5, 2)
    with pytest.raises(rk.ShapeError, match="params: expected a dict"):
        model.apply({"layers": []}, np.ones(4))


def test_wide_models_of_large_groups_build_without_a_character_table() -> None:
    from repkit.adapters.jax import EquivariantMLP

    G = rk.symmetric(16)                                  # 16! elements: no character table
    V = rk.natural(G)
    model = EquivariantMLP(V, rk.trivial(G), hidden=[64 * V, 64 * V])
    assert model.parameter_count == (64 * 2 + 64) + (64 * 64 * 2 + 64) + (64 + 1)
    assert all(r.reaches_output for r in model.expressivity().rows)


def test_fourier_nonlinearity_is_equivariant_and_drives_an_mlp() -> None:
    jax = pytest.importorskip("jax")
    from repkit.adapters.jax import EquivariantMLP, FourierNonlinearity

    G, V, R, rot, one = _d4()
    m = FourierNonlinearity(3 * rot + 2 * one)
    rng = np.random.default_rng(0)
    x = rng.standard_normal((5, m.dim))
    for g in G.generators:
        P = (3 * rot + 2 * one)(g).to_numpy(float)
        assert np.allclose(np.asarray(m.apply({}, x @ P.T)), np.asarray(m.apply({}, x)) @ P.T, atol=1e-5)
    for e in m.embeddings:
        assert (e.projection @ e.embedding).is_identity()
    model = EquivariantMLP(V, rot, hidden=[4 * rot], nonlinearity="fourier")
    params = model.init(jax.random.PRNGKey(0))
    xs = rng.standard_normal((6, 4)).astype(np.float32)
    for g in G.generators:
        Pi, Po = V(g).to_numpy(float), rot(g).to_numpy(float)
        assert np.allclose(np.asarray(model.apply(params, xs @ Pi.T)),
                           np.asarray(model.apply(params, xs)) @ Po.T, atol=1e-4)

