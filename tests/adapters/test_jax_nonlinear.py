"""JAX nonlinearities and pooling: equivariance / invariance per dtype, refusals with reasons, grads.

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
DTYPES = ["float32", "float64"]


def _jax():
    return pytest.importorskip("jax", reason="JAX is not installed (optional extra 'jax')")


def _precision(jax, dtype: str):
    return jax.enable_x64(True) if dtype == "float64" else contextlib.nullcontext()


def _error(jax, module, params, rho_in, rho_out, dtype: str, seed: int = 0) -> float:
    apply = jax.jit(module.apply)
    xs = np.random.default_rng(seed).normal(size=(7, rho_in.dim)).astype(dtype)

    def f(x: np.ndarray) -> np.ndarray:
        return np.asarray(apply(params, x.astype(dtype)), dtype=np.float64)

    return equivariance_error(f, rho_in, rho_out, xs)


PERMUTATION_REPS = {
    "S5 3x natural": lambda: 3 * rk.natural(rk.symmetric(5)),
    "D4 2x regular + trivial": lambda: (
        lambda G: 2 * rk.regular(G) + rk.trivial(G))(rk.dihedral(4)),
    "D4 vertices + edges-ish quotient": lambda: (
        lambda G: rk.natural(G) + 2 * rk.regular(G))(rk.dihedral(4)),
}

ORTHOGONAL_REPS = {
    "D4 irreducible sum": lambda: (
        lambda ir: 2 * ir[4] + 3 * ir[1] + ir[0] + 2 * ir[3])(rk.irreps(rk.dihedral(4))),
    "D5 3x rotation + 2x trivial": lambda: (
        3 * rk.dihedral_rotation(5) + 2 * rk.trivial(rk.dihedral(5))),
    "D4 regular + 2x rotation": lambda: (
        rk.regular(rk.dihedral(4)) + 2 * rk.dihedral_rotation(4)),
    "S4 2x natural": lambda: 2 * rk.natural(rk.symmetric(4)),
}


def _d5_irreducible_2d():
    return next(r for r in rk.irreps(rk.dihedral(5)) if r.dim == 2)


# -- point-wise ------------------------------------------------------------------------------

@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", list(PERMUTATION_REPS))
def test_pointwise_is_equivariant_on_permutation_reps(name: str, dtype: str) -> None:
    jax = _jax()
    from repkit.adapters.jax import PointwiseNonlinearity

    rho = PERMUTATION_REPS[name]()
    with _precision(jax, dtype):
        m = PointwiseNonlinearity(rho)
        assert _error(jax, m, m.init(None), rho, rho, dtype) < TOL[dtype]


@pytest.mark.parametrize("dtype", DTYPES)
def test_odd_pointwise_on_signed_permutations(dtype: str) -> None:
    jax = _jax()
    from repkit.adapters.jax import PointwiseNonlinearity

    ir = rk.irreps(rk.dihedral(4))
    rho = 2 * rk.dihedral_rotation(4) + ir[1] + rk.regular(rk.dihedral(4))
    with pytest.raises(rk.InvalidOptionError, match="fn_class='odd'"):
        PointwiseNonlinearity(rho)
    with pytest.raises(rk.InvalidOptionError, match="fn_class: expected"):
        PointwiseNonlinearity(rho, fn_class="even")
    with _precision(jax, dtype):
        m = PointwiseNonlinearity(rho, fn=jax.numpy.tanh)        # tanh is known to be odd
        assert m.fn_class == "odd" and _error(jax, m, {}, rho, rho, dtype) < TOL[dtype]
        soft = PointwiseNonlinearity(rho, fn=jax.nn.soft_sign, fn_class="odd")
        assert _error(jax, soft, {}, rho, rho, dtype) < TOL[dtype]


def test_pointwise_refusals_name_the_component_and_the_witness() -> None:
    from repkit.adapters.jax import PointwiseNonlinearity

    G = rk.dihedral(5)
    rho = rk.trivial(G) + 2 * rk.dihedral_rotation(5)
    with pytest.raises(rk.InvalidOptionError) as info:
        PointwiseNonlinearity(rho, fn_class="odd")
    message = str(info.value)
    assert "component 1 (rot)" in message and "rho(r)" in message
    assert isinstance(info.value, ValueError)


def test_pointwise_relu_really_breaks_a_rotation() -> None:
    """The refusal is not over-cautious: ReLU on the rotation rep is measurably not equivariant."""
    jax = _jax()
    rho = rk.dihedral_rotation(4)
    xs = np.random.default_rng(0).normal(size=(5, 2))
    f = lambda x: np.asarray(jax.nn.relu(x))   # noqa: E731
    assert equivariance_error(f, rho, rho, xs) > 0.1


# -- norm --------------------------------------------------------------------------------------

@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", list(ORTHOGONAL_REPS))
def test_norm_is_equivariant(name: str, dtype: str) -> None:
    jax = _jax()
    from repkit.adapters.jax import NormNonlinearity

    rho = ORTHOGONAL_REPS[name]()
    with _precision(jax, dtype):
        m = NormNonlinearity(rho, dtype=np.dtype(dtype))
        params = {"bias": jax.random.uniform(jax.random.PRNGKey(0), (m.num_fields,),
                                             dtype=np.dtype(dtype))}
        assert _error(jax, m, params, rho, rho, dtype) < TOL[dtype]
        m2 = NormNonlinearity(rho, fn=jax.nn.softplus, bias=False)
        assert m2.init(None) == {}
        assert _error(jax, m2, {}, rho, rho, dtype) < TOL[dtype]


def test_norm_gradients_reach_every_shift_and_zero_fields_are_finite() -> None:
    jax = _jax()
    from repkit.adapters.jax import NormNonlinearity

    rho = ORTHOGONAL_REPS["D5 3x rotation + 2x trivial"]()
    m = NormNonlinearity(rho)
    params = {"bias": np.full(m.num_fields, -0.5, np.float32)}
    x = np.random.default_rng(1).normal(size=(4, rho.dim)).astype(np.float32)
    x[0, :2] = 0.0                                     # one zero field
    r = np.random.default_rng(2).normal(size=x.shape).astype(np.float32)
    g = jax.grad(lambda p, x: (m.apply(p, x) * r).sum(), argnums=(0, 1))(params, x)
    assert np.all(np.asarray(g[0]["bias"]) != 0)
    assert np.all(np.isfinite(np.asarray(g[1])))
    assert np.all(np.asarray(m.apply(params, x))[0, :2] == 0)


def test_norm_refuses_a_non_orthogonal_component() -> None:
    from repkit.adapters.jax import NormNonlinearity, InvariantPooling

    rho = rk.dihedral_rotation(5) + _d5_irreducible_2d()
    for make in (NormNonlinearity, InvariantPooling):
        with pytest.raises(rk.InvalidOptionError, match=r"component 1 .*not orthogonal"):
            make(rho)


def test_norm_rejects_bad_shapes() -> None:
    _jax()
    from repkit.adapters.jax import NormNonlinearity

    m = NormNonlinearity(2 * rk.dihedral_rotation(4))
    with pytest.raises(rk.ShapeError, match=r"params\['bias'\]"):
        m.apply({"bias": np.zeros(3)}, np.ones(4))
    with pytest.raises(rk.ShapeError, match="x: expected a last axis of size 4"):
        m.apply(m.init(None), np.ones(5))


# -- gated -------------------------------------------------------------------------------------

@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", ["D4 irreducible sum", "D5 3x rotation + 2x trivial",
                                  "D4 regular + 2x rotation"])
def test_gated_is_equivariant(name: str, dtype: str) -> None:
    jax = _jax()
    from repkit.adapters.jax import GatedNonlinearity

    features = ORTHOGONAL_REPS[name]()
    from repkit.adapters.jax._fields import components_of

    fields = sum(c.mult for c in components_of(features) if not c.is_trivial)
    rho = features + fields * rk.trivial(features.group)       # the gates: the last trivial copies
    with _precision(jax, dtype):
        m = GatedNonlinearity(rho)
        assert m.num_gates == fields and m.rho_out.dim == rho.dim - fields
        assert _error(jax, m, {}, m.rho_in, m.rho_out, dtype) < TOL[dtype]


def test_gated_layout_and_the_gates_really_gate() -> None:
    _jax()
    from repkit.adapters.jax import GatedNonlinearity

    G = rk.dihedral(5)
    rot, one = rk.dihedral_rotation(5), rk.trivial(G)
    rho = 3 * rot + 2 * one + rot + 5 * one              # 4 non-trivial fields; gates: last 4 of 5x 1
    m = GatedNonlinearity(rho, fn=lambda t: t, scalar_fn=lambda t: 2 * t)
    assert m.gates == 3 and m.num_gates == 4 and m.rho_out == 3 * rot + 2 * one + rot + one
    x = np.arange(1.0, rho.dim + 1)
    x[-4:] = [0.0, 1.0, -1.0, 2.0]
    y = np.asarray(m.apply({}, x))
    expected = np.concatenate([0 * x[0:2], x[2:4], -x[4:6], 2 * x[6:8], 2 * x[8:10], 2 * x[10:11]])
    np.testing.assert_allclose(y, expected)
    assert GatedNonlinearity(rho, gates=3).num_gates == 4
    with pytest.raises(rk.InvalidOptionError, match="gates: expected the index"):
        GatedNonlinearity(rho, gates=1)                  # 2 copies: too few for 4 fields
    with pytest.raises(rk.InvalidOptionError, match="gates: expected the index"):
        GatedNonlinearity(rho, gates=0)                  # not trivial
    with pytest.raises(rk.InvalidOptionError, match="at least one copy per non-trivial field"):
        GatedNonlinearity(3 * rot + 2 * one)
    with pytest.raises(rk.InvalidOptionError, match="non-trivial"):
        GatedNonlinearity(3 * one)
    with pytest.raises(rk.ShapeError, match="rho.dim"):
        m.apply({}, x[:-1])


# -- pooling -----------------------------------------------------------------------------------

@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("mode", ["sum", "mean", "max"])
@pytest.mark.parametrize("name", list(PERMUTATION_REPS) + list(ORTHOGONAL_REPS))
def test_pooling_is_invariant(name: str, mode: str, dtype: str) -> None:
    jax = _jax()
    from repkit.adapters.jax import InvariantPooling

    rho = {**PERMUTATION_REPS, **ORTHOGONAL_REPS}[name]()
    with _precision(jax, dtype):
        pool = InvariantPooling(rho, mode)
        out = pool.rho_out
        assert _error(jax, pool, {}, rho, out, dtype) < TOL[dtype]


def test_pooling_values_and_layout() -> None:
    _jax()
    from repkit.adapters.jax import InvariantPooling

    G = rk.Group.from_permutations({"a": [1, 0, 2, 4, 3]})     # orbits {0, 1}, {2}, {3, 4}
    perm = rk.permutation_rep(G, {"a": [1, 0, 2, 4, 3]})
    sign = rk.Rep.from_generators(G, {"a": [[-1]]})
    rho = 2 * perm + sign
    x = np.array([1.0, 5.0, 2.0, -3.0, 4.0, 0.0, 1.0, 7.0, 2.0, 2.0, -6.0])
    expected = {"sum": [6, 2, 1, 1, 7, 4, 6], "mean": [3, 2, 0.5, 0.5, 7, 2, 6],
                "max": [5, 2, 4, 1, 7, 2, 6]}
    for mode, values in expected.items():
        pool = InvariantPooling(rho, mode)
        assert [k for k, *_ in pool.layout] == ["orbit"] * 6 + ["norm"]
        np.testing.assert_allclose(np.asarray(pool.apply({}, x)), values)
    assert pool.apply({}, np.ones((2, 3, rho.dim))).shape == (2, 3, 7)
    with pytest.raises(rk.InvalidOptionError, match="mode: expected"):
        InvariantPooling(rho, "median")


def test_pooling_gradient_is_finite_at_zero() -> None:
    jax = _jax()
    from repkit.adapters.jax import InvariantPooling

    pool = InvariantPooling(2 * rk.dihedral_rotation(4))
    g = jax.grad(lambda x: pool.apply({}, x).sum())(np.zeros(4, np.float32))
    assert np.all(np.isfinite(np.asarray(g)))


@pytest.mark.parametrize("dtype", DTYPES)
def test_positively_homogeneous_pointwise_on_positive_monomials(dtype: str) -> None:
    jax = _jax()
    from fractions import Fraction

    from repkit.adapters.jax import PointwiseNonlinearity

    G = rk.Group.from_presentation("<a | a^2>")
    scaled = rk.Rep.from_generators(G, {"a": [[0, 2], [Fraction(1, 2), 0]]})   # positive monomial
    rho = scaled + rk.regular(G)
    with _precision(jax, dtype):
        m = PointwiseNonlinearity(rho)                       # ReLU (the default) commutes
        assert _error(jax, m, {}, rho, rho, dtype) < TOL[dtype]
        leaky = PointwiseNonlinearity(rho, fn=jax.nn.leaky_relu, fn_class="positive_homogeneous")
        assert _error(jax, leaky, {}, rho, rho, dtype) < TOL[dtype]
    with pytest.raises(rk.InvalidOptionError, match="fn_class='positive_homogeneous'"):
        PointwiseNonlinearity(rho, fn=jax.numpy.tanh)
    xs = np.random.default_rng(0).normal(size=(5, rho.dim))
    tanh = lambda x: np.tanh(x)   # noqa: E731  -- and the refusal is right: tanh breaks it
    assert equivariance_error(tanh, rho, rho, xs) > 0.01
