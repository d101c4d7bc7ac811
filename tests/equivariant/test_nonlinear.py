"""Nonlinearities: the exact point-wise verdict, norm and gated nonlinearities, the error measure.

The verdict of ``pointwise_safe`` is decided exactly; the tests confirm it against the float
measurement ``equivariance_error`` (the boundary where floats are allowed): whatever the verdict
allows must measure as equivariant, and what it forbids must measurably break.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import repkit as rk
from repkit.equivariant.nonlinear import (
    PointwiseVerdict,
    equivariance_error,
    gated_nonlinearity,
    norm_nonlinearity,
    pointwise_safe,
)

RNG_SEED = 20260127


def _relu(x: np.ndarray) -> np.ndarray:
    return np.maximum(x, 0.0)


def _cube(x: np.ndarray) -> np.ndarray:
    return x**3


def _data(m: int, n: int = 6, seed: int = RNG_SEED) -> np.ndarray:
    return np.random.default_rng(seed).normal(size=(n, m))


def _signed_cycle(n: int, signs: list[int]) -> rk.Matrix:
    """The matrix e_i -> signs[i] e_{i+1 mod n} (order n when the product of signs is 1)."""
    rows = [[0] * n for _ in range(n)]
    for i in range(n):
        rows[(i + 1) % n][i] = signs[i]
    return rk.Matrix(rows)


# -------------------------------------------------------------------------- exact verdicts

PERMUTATION_REPS = {
    "regular(C5)": lambda: rk.regular(rk.cyclic(5)),
    "regular(D4)": lambda: rk.regular(rk.dihedral(4)),
    "regular(S3)": lambda: rk.regular(rk.symmetric(3)),
    "natural(S5)": lambda: rk.natural(rk.symmetric(5)),
    "natural(D6)": lambda: rk.natural(rk.dihedral(6)),
    "trivial(D3)": lambda: rk.trivial(rk.dihedral(3)),
    "regular(C4)+regular(C4)": lambda: (lambda r: r + r)(rk.regular(rk.cyclic(4))),
}

SIGNED_REPS = {
    "rotation(D4)": lambda: rk.dihedral_rotation(4),
    "rotation(D2)": lambda: rk.dihedral_rotation(2),
    "sign(S4)": lambda: rk.sign(rk.symmetric(4)),
    "character(C2)": lambda: rk.cyclic_character(2, 1),
    "rotation(D4)+trivial": lambda: (lambda r: r + rk.trivial(r.group))(rk.dihedral_rotation(4)),
}

NONE_REPS = {
    "rotation(D3)": lambda: rk.dihedral_rotation(3),
    "rotation(D5)": lambda: rk.dihedral_rotation(5),
    "rotation(D8)": lambda: rk.dihedral_rotation(8),
    "character(C4)": lambda: rk.cyclic_character(4, 1),
    "standard(S4)": lambda: rk.standard(4),
}


@pytest.mark.parametrize("build", PERMUTATION_REPS.values(), ids=PERMUTATION_REPS.keys())
def test_permutation_reps_allow_every_pointwise_nonlinearity(build) -> None:
    rho = build()
    verdict = pointwise_safe(rho)
    assert verdict.kind == "permutation" and verdict.all_pointwise and bool(verdict)
    assert not verdict.odd_only
    xs = _data(rho.dim)
    for sigma in (_relu, np.tanh, _cube, np.abs):
        assert equivariance_error(sigma, rho, rho, xs) < 1e-12


@pytest.mark.parametrize("build", SIGNED_REPS.values(), ids=SIGNED_REPS.keys())
def test_signed_permutation_reps_allow_exactly_odd_nonlinearities(build) -> None:
    rho = build()
    verdict = pointwise_safe(rho)
    assert verdict.kind == "signed_permutation" and verdict.odd_only
    assert not verdict.all_pointwise and not bool(verdict)
    assert "-1" in verdict.reason
    xs = _data(rho.dim)
    for odd in (np.tanh, _cube, np.sinh):
        assert equivariance_error(odd, rho, rho, xs) < 1e-12
    for not_odd in (_relu, np.abs):
        assert equivariance_error(not_odd, rho, rho, xs) > 0.05


@pytest.mark.parametrize("build", NONE_REPS.values(), ids=NONE_REPS.keys())
def test_other_reps_allow_no_nonlinear_pointwise_function(build) -> None:
    rho = build()
    verdict = pointwise_safe(rho)
    assert verdict.kind == "none" and not verdict.odd_only and not bool(verdict)
    assert "rho(" in verdict.reason
    if rho.field == 1:      # the float measurement needs real matrices
        xs = _data(rho.dim)
        assert equivariance_error(_cube, rho, rho, xs) > 0.01
        assert equivariance_error(np.tanh, rho, rho, xs) > 0.01


def test_reason_names_the_generator_and_entry() -> None:
    verdict = pointwise_safe(rk.dihedral_rotation(3))
    assert verdict.reason.startswith("rho(r)") and "(0, 0)" in verdict.reason
    assert str(verdict).startswith("no non-linear point-wise nonlinearity is equivariant")


def test_verdict_is_a_frozen_value() -> None:
    v = pointwise_safe(rk.regular(rk.cyclic(3)))
    assert v == PointwiseVerdict(v.kind, v.reason) and hash(v) == hash(PointwiseVerdict(v.kind, v.reason))
    with pytest.raises(AttributeError):
        v.kind = "none"  # type: ignore[misc]


@settings(max_examples=30, deadline=None)
@given(n=st.integers(2, 6), data=st.data())
def test_signed_cycles_and_their_conjugates(n: int, data: st.DataObject) -> None:
    """A signed n-cycle with an even number of -1: signed iff some sign is -1; a non-monomial
    change of basis destroys every point-wise equivariance."""
    signs = data.draw(st.lists(st.sampled_from([1, -1]), min_size=n, max_size=n))
    if signs.count(-1) % 2:
        signs[0] = -signs[0]
    group = rk.cyclic(n)
    rho = rk.Rep.from_generators(group, {group.generators[0]: _signed_cycle(n, signs)})
    verdict = pointwise_safe(rho)
    assert verdict.kind == ("signed_permutation" if -1 in signs else "permutation")
    shear = [[1 if i == j else 0 for j in range(n)] for i in range(n)]
    shear[0][1] = Fraction(data.draw(st.integers(1, 3)), data.draw(st.integers(1, 3)))
    conjugated = rho.change_basis(rk.Matrix(shear))
    assert pointwise_safe(conjugated).kind == "none"


# -------------------------------------------------------------------------- norm and gated

@pytest.mark.parametrize("n", [3, 4, 5, 8])
def test_norm_nonlinearity_restores_equivariance_for_rotations(n: int) -> None:
    rho = rk.dihedral_rotation(n)
    xs = _data(2)
    f = lambda x: norm_nonlinearity(x, lambda s: np.tanh(s) - 0.3, blocks=[2])  # noqa: E731
    assert equivariance_error(f, rho, rho, xs) < 1e-12
    assert equivariance_error(_relu, rho, rho, xs) > 0.05


def test_norm_nonlinearity_on_several_blocks() -> None:
    rho = rk.dihedral_rotation(4)
    rho3 = rho + rho + rk.trivial(rho.group)
    xs = _data(5)
    f = lambda x: norm_nonlinearity(x, np.exp, blocks=[2, 2, 1])  # noqa: E731
    assert equivariance_error(f, rho3, rho3, xs) < 1e-12
    wrong = lambda x: norm_nonlinearity(x, np.exp, blocks=[1, 2, 2])  # noqa: E731
    assert equivariance_error(wrong, rho3, rho3, xs) > 0.01
    y = f(xs)
    np.testing.assert_allclose(y[:, 4], xs[:, 4] * np.exp(xs[:, 4] ** 2))


def test_norm_nonlinearity_complex_features_use_the_modulus() -> None:
    x = np.array([[3 + 4j]])
    assert norm_nonlinearity(x, lambda s: 1 / s, blocks=[1])[0, 0] == pytest.approx((3 + 4j) / 25)


@pytest.mark.parametrize("blocks", [[1, 1], [3, 1], [2, 0, 1], [-1, 4]],
                         ids=["short", "long", "zero", "negative"])
def test_norm_nonlinearity_rejects_bad_blocks(blocks: list[int]) -> None:
    with pytest.raises(rk.ShapeError, match="blocks: expected positive block sizes summing to 3"):
        norm_nonlinearity(np.ones((2, 3)), np.tanh, blocks=blocks)


def test_norm_nonlinearity_checks_sigma_output() -> None:
    with pytest.raises(rk.ShapeError, match="sigma: expected an output of shape"):
        norm_nonlinearity(np.ones((2, 3)), lambda s: s.sum(), blocks=[3])


def test_gated_nonlinearity_with_invariant_gates_is_equivariant() -> None:
    rot = rk.dihedral_rotation(5)
    G = rot.group
    rho = rot + rot + rk.trivial(G, dim=2)          # features (4) then two scalar gates
    out = rot + rot + rk.trivial(G, dim=2)
    sigmoid = lambda t: 1 / (1 + np.exp(-t))  # noqa: E731

    def f(x: np.ndarray) -> np.ndarray:
        gated = gated_nonlinearity(x[:, :4], x[:, 4:], sigmoid, blocks=[2, 2])
        return np.concatenate([gated, np.tanh(x[:, 4:])], axis=1)

    xs = _data(6)
    assert equivariance_error(f, rho, out, xs) < 1e-12

    def g(x: np.ndarray) -> np.ndarray:        # a gate taken from a rotating coordinate
        gated = gated_nonlinearity(x[:, :4], x[:, :2], sigmoid, blocks=[2, 2])
        return np.concatenate([gated, x[:, 4:]], axis=1)

    assert equivariance_error(g, rho, out, xs) > 1e-3


def test_gated_nonlinearity_shapes() -> None:
    x = np.arange(6.0).reshape(2, 3)
    y = gated_nonlinearity(x, np.array([[0.5], [2.0]]), lambda t: t)
    np.testing.assert_array_equal(y, x * np.array([[0.5], [2.0]]))
    with pytest.raises(rk.ShapeError, match="gates: expected one gate per block"):
        gated_nonlinearity(x, np.ones((2, 3)), np.tanh, blocks=[3])
    with pytest.raises(rk.ShapeError, match="blocks"):
        gated_nonlinearity(x, np.ones((2, 2)), np.tanh, blocks=[2, 2])


# -------------------------------------------------------------------------- the measurement

def test_equivariant_linear_maps_measure_zero_and_others_do_not() -> None:
    rho_in = rk.natural(rk.dihedral(6))
    rho_out = rk.regular(rho_in.group)
    basis = rk.equivariant_basis(rho_in, rho_out)
    theta = np.random.default_rng(1).normal(size=basis.dim)
    W = basis.apply(theta)
    xs = _data(rho_in.dim)
    assert equivariance_error(lambda x: x @ W.T, rho_in, rho_out, xs) < 1e-12
    noise = np.random.default_rng(2).normal(size=W.shape)
    assert equivariance_error(lambda x: x @ (W + noise).T, rho_in, rho_out, xs) > 1e-2


def test_all_elements_equals_explicit_element_list() -> None:
    rho = rk.dihedral_rotation(4)
    f = lambda x: np.stack([x[:, 0] ** 2 - x[:, 1], x[:, 1] + 0.5], axis=1)  # noqa: E731
    xs = _data(2)
    every = list(rho.group.elements)
    assert equivariance_error(f, rho, rho, xs) == pytest.approx(
        equivariance_error(f, rho, rho, xs, elements=every), rel=1e-12)
    # a sub-list can only see less
    assert equivariance_error(f, rho, rho, xs, elements=["r"]) <= equivariance_error(f, rho, rho, xs)


def test_elements_given_as_text_and_identity_is_exact() -> None:
    rho = rk.regular(rk.dihedral(3))
    xs = _data(rho.dim)
    f = lambda x: np.roll(x, 1, axis=1)  # noqa: E731  (not equivariant in general)
    assert equivariance_error(f, rho, rho, xs, elements=[0]) == 0.0
    assert equivariance_error(f, rho, rho, xs, elements=["r f"]) > 0.0


def test_large_groups_need_an_rng_and_sampling_is_reproducible() -> None:
    rho = rk.natural(rk.symmetric(9))
    xs = _data(9)
    with pytest.raises(rk.GroupTooLargeError, match="rng: the group has 362880 > max_elements"):
        equivariance_error(_relu, rho, rho, xs)
    f = lambda x: x + 0.1 * x[:, :1]  # noqa: E731  (breaks the symmetry slightly)
    a = equivariance_error(f, rho, rho, xs, rng=np.random.default_rng(3), max_elements=20)
    b = equivariance_error(f, rho, rho, xs, rng=np.random.default_rng(3), max_elements=20)
    assert a == b > 0.0
    assert equivariance_error(np.tanh, rho, rho, xs, rng=np.random.default_rng(4)) < 1e-12


def test_zero_output_gives_absolute_error() -> None:
    rho = rk.regular(rk.cyclic(3))
    assert equivariance_error(lambda x: np.zeros_like(x), rho, rho, _data(3)) == 0.0


def test_bad_arguments_are_named() -> None:
    rho = rk.regular(rk.cyclic(3))
    other = rk.regular(rk.Group.from_presentation("<b | b^3>"))   # another group of order 3
    with pytest.raises(rk.IncompatibleGroupError, match="rho_out"):
        equivariance_error(np.tanh, rho, other, _data(3))
    with pytest.raises(rk.ShapeError, match=r"xs: expected shape \(n, 3\)"):
        equivariance_error(np.tanh, rho, rho, np.ones((2, 4)))
    with pytest.raises(rk.ShapeError, match="f: expected an output of shape"):
        equivariance_error(lambda x: x[:, :2], rho, rho, np.ones((2, 3)))
    with pytest.raises(rk.RepkitError, match="max_elements"):
        equivariance_error(np.tanh, rho, rho, np.ones(3), max_elements=0)


def test_single_vector_input() -> None:
    rho = rk.regular(rk.cyclic(4))
    assert equivariance_error(_relu, rho, rho, np.array([1.0, -2.0, 3.0, 0.5])) == 0.0


def test_verdict_kind_is_validated() -> None:
    with pytest.raises(rk.RepkitError, match="kind: expected 'permutation'"):
        PointwiseVerdict("monomial", "no such class")  # type: ignore[arg-type]
