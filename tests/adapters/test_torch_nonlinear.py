"""PyTorch nonlinearities and pooling: equivariance (float32, float64), refusals with reasons, layouts.

Every test needs PyTorch and is marked ``torch`` (skipped with the reason when it is missing).
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

import repkit as rk
from repkit.exact import Matrix
from torch_helpers import assert_equivariant, torch_or_skip

pytestmark = pytest.mark.torch

DTYPES = ["float32", "float64"]


def _d4():
    G = rk.dihedral(4)
    sgn = rk.Rep.from_generators(G, {"r": [[1]], "f": [[-1]]}, name="sgn")
    return G, rk.dihedral_rotation(4), rk.trivial(G), sgn


def _dtype(name):
    return getattr(torch_or_skip(), name)


PERMUTATION_REPS = {
    "S4 3x natural": lambda: 3 * rk.natural(rk.symmetric(4)),
    "D4 2x regular + 1": lambda: 2 * rk.regular(rk.dihedral(4)) + rk.trivial(rk.dihedral(4)),
    "C6 regular": lambda: rk.regular(rk.cyclic(6)),
}

ORTHOGONAL_REPS = {
    "D4 3x rot + 2x 1 + sgn": lambda: (lambda G, rot, one, sgn: 3 * rot + 2 * one + sgn)(*_d4()),
    "D5 2x rot + 1": lambda: 2 * rk.dihedral_rotation(5) + rk.trivial(rk.dihedral(5)),
    "D4 regular + rot": lambda: rk.regular(rk.dihedral(4)) + rk.dihedral_rotation(4),
}


@pytest.mark.parametrize("dtype_name", DTYPES)
@pytest.mark.parametrize("name", list(PERMUTATION_REPS))
def test_pointwise_is_equivariant_on_permutation_reps(name, dtype_name) -> None:
    torch = torch_or_skip()
    from repkit.adapters.torch import PointwiseNonlinearity

    rho = PERMUTATION_REPS[name]()
    for fn in (torch.relu, torch.sigmoid, torch.nn.functional.gelu):
        assert_equivariant(PointwiseNonlinearity(rho, fn), rho, rho, _dtype(dtype_name))


def test_pointwise_is_refused_with_the_reason() -> None:
    torch = torch_or_skip()
    from repkit.adapters.torch import PointwiseNonlinearity

    G, rot, one, sgn = _d4()
    with pytest.raises(rk.InvalidOptionError,
                       match=r"not equivariant on component 0 \(2x rot\) of rho: only odd"):
        PointwiseNonlinearity(2 * rot + one)
    with pytest.raises(rk.InvalidOptionError, match=r"component 1 \(1x sgn\).*odd"):
        PointwiseNonlinearity(one + sgn)                 # ReLU is not odd
    odd = PointwiseNonlinearity(2 * rot + sgn, torch.tanh)  # tanh is odd: signed permutations are fine
    assert_equivariant(odd, 2 * rot + sgn, 2 * rot + sgn, torch.float64)
    with pytest.raises(rk.InvalidOptionError, match="fn_class"):
        PointwiseNonlinearity(one, torch.relu, fn_class="even")


def test_pointwise_relu_on_a_positive_monomial_rep() -> None:
    torch = torch_or_skip()
    from repkit.adapters.torch import PointwiseNonlinearity

    G = rk.cyclic(2)
    scaled = rk.Rep.from_generators(G, {G.generators[0]: Matrix([[0, 2], [Fraction(1, 2), 0]])})
    assert_equivariant(PointwiseNonlinearity(scaled), scaled, scaled, torch.float64)
    with pytest.raises(rk.InvalidOptionError, match="positively homogeneous"):
        PointwiseNonlinearity(scaled, torch.sigmoid)


@pytest.mark.parametrize("dtype_name", DTYPES)
@pytest.mark.parametrize("name", list(ORTHOGONAL_REPS))
def test_norm_nonlinearity_is_equivariant(name, dtype_name) -> None:
    torch = torch_or_skip()
    from repkit.adapters.torch import NormNonlinearity

    rho = ORTHOGONAL_REPS[name]()
    module = NormNonlinearity(rho, dtype=_dtype(dtype_name))
    with torch.no_grad():
        for p in module.parameters():
            p.uniform_(-1.0, 0.5)
        assert_equivariant(module, rho, rho, _dtype(dtype_name))


def test_norm_nonlinearity_scales_each_field_and_learns_its_bias() -> None:
    torch = torch_or_skip()
    from repkit.adapters.torch import NormNonlinearity

    G, rot, one, sgn = _d4()
    module = NormNonlinearity(2 * rot, dtype=torch.float64)
    assert [tuple(p.shape) for p in module.parameters()] == [(2,)]
    x = torch.tensor([[3.0, 4.0, 0.0, 0.05]], dtype=torch.float64)
    y = module(x)
    torch.testing.assert_close(y[0, :2], x[0, :2] * 4.9 / 5.0)     # relu(5 - 0.1) / 5
    assert float(y[0, 2:].detach().abs().max()) == 0.0                      # |x| = 0.05 < 0.1: cut
    y.sum().backward()
    assert module.bias_0.grad is not None


def test_norm_nonlinearity_refuses_a_non_orthogonal_component() -> None:
    torch_or_skip()
    from repkit.adapters.torch import NormNonlinearity

    G = rk.cyclic(2)
    skew = rk.Rep.from_generators(G, {G.generators[0]: Matrix([[1, 1], [0, -1]])}, name="skew")
    with pytest.raises(rk.InvalidOptionError, match=r"component 0 \(2x skew\).*not orthogonal"):
        NormNonlinearity(2 * skew)


@pytest.mark.parametrize("dtype_name", DTYPES)
def test_gated_nonlinearity_layout_and_equivariance(dtype_name) -> None:
    torch = torch_or_skip()
    from repkit.adapters.torch import GatedNonlinearity

    G, rot, one, sgn = _d4()
    rho = 3 * rot + 2 * sgn + 7 * one          # 5 non-trivial fields; the last 5 trivial copies gate
    module = GatedNonlinearity(rho)
    assert module.rho_out == 3 * rot + 2 * sgn + 2 * one and module.out_features == 10
    assert_equivariant(module, rho, module.rho_out, _dtype(dtype_name))
    x = torch.zeros(1, rho.dim, dtype=torch.float64)
    x[0, :6] = 1.0
    x[0, 6:8] = 2.0
    x[0, 8:10] = torch.tensor([-1.0, 3.0])         # scalars: ReLU
    x[0, 10:] = torch.tensor([0.0, 1.0, 2.0, 3.0, 4.0])
    y = module(x)[0]
    gates = torch.sigmoid(torch.tensor([0.0, 1.0, 2.0, 3.0, 4.0], dtype=torch.float64))
    torch.testing.assert_close(y[:6], gates[:3].repeat_interleave(2))
    torch.testing.assert_close(y[6:8], 2 * gates[3:])
    torch.testing.assert_close(y[8:], torch.tensor([0.0, 3.0], dtype=torch.float64))


def test_gated_nonlinearity_needs_enough_gates() -> None:
    torch_or_skip()
    from repkit.adapters.torch import GatedNonlinearity

    G, rot, one, sgn = _d4()
    with pytest.raises(rk.InvalidOptionError, match=r"at least one copy per non-trivial field \(3\)"):
        GatedNonlinearity(3 * rot + 2 * one)
    with pytest.raises(rk.InvalidOptionError, match="gates: expected the index of a trivial"):
        GatedNonlinearity(3 * rot + 3 * one, gates=0)


@pytest.mark.parametrize("dtype_name", DTYPES)
@pytest.mark.parametrize("name", list(ORTHOGONAL_REPS) + ["S4 3x natural"])
def test_fourier_nonlinearity_is_equivariant(name, dtype_name) -> None:
    torch = torch_or_skip()
    from repkit.adapters.torch import FourierNonlinearity

    rho = {**ORTHOGONAL_REPS, **PERMUTATION_REPS}[name]()
    for fn in (torch.relu, torch.sigmoid):
        module = FourierNonlinearity(rho, fn, fn_class=None if fn is torch.sigmoid else
                                     "positive_homogeneous", dtype=_dtype(dtype_name))
        assert_equivariant(module, rho, rho, _dtype(dtype_name))
    assert not list(module.state_dict())                 # buffers only, non-persistent


def test_fourier_nonlinearity_is_not_linear_and_can_target_a_quotient() -> None:
    torch = torch_or_skip()
    from repkit.adapters.torch import FourierNonlinearity

    S3 = rk.symmetric(3)
    std = rk.standard(S3)
    module = FourierNonlinearity(2 * std, target=rk.natural(S3), dtype=torch.float64)
    assert module.embedding_0.shape == (3, 2)
    x = torch.randn(4, 4, dtype=torch.float64)
    assert not torch.allclose(module(-x), -module(x))
    assert_equivariant(module, 2 * std, 2 * std, torch.float64)
    with pytest.raises(rk.NoSuchRepresentationError):
        FourierNonlinearity(2 * rk.trivial(S3) + std, target=rk.trivial(S3) + rk.trivial(S3))


@pytest.mark.parametrize("mode", ["sum", "mean", "max"])
@pytest.mark.parametrize("dtype_name", DTYPES)
def test_invariant_pooling_is_invariant(mode, dtype_name) -> None:
    torch_or_skip()
    from repkit.adapters.torch import InvariantPooling

    G, rot, one, sgn = _d4()
    corners = rk.natural(G)
    rho = 3 * rk.regular(G) + 2 * rot + sgn + 2 * corners
    pool = InvariantPooling(rho, mode)
    assert pool.out_features == 3 + 2 + 1 + 2
    assert pool.rho_out == 8 * one
    assert_equivariant(pool, rho, pool.rho_out, _dtype(dtype_name))


def test_invariant_pooling_over_several_orbits() -> None:
    torch = torch_or_skip()
    from repkit.adapters.torch import InvariantPooling

    G = rk.cyclic(2)
    points = rk.permutation_rep(G, {G.generators[0]: [1, 0, 3, 2, 4]})   # orbits {0,1} {2,3} {4}
    rho = 2 * points + rk.trivial(G)
    x = torch.tensor([[1.0, 5.0, -2.0, -3.0, 7.0, 0.0, 1.0, 2.0, 3.0, 4.0, -6.0]], dtype=torch.float64)
    expected = {"max": [5.0, -2.0, 7.0, 1.0, 3.0, 4.0, -6.0],
                "sum": [6.0, -5.0, 7.0, 1.0, 5.0, 4.0, -6.0],
                "mean": [3.0, -2.5, 7.0, 0.5, 2.5, 4.0, -6.0]}
    for mode, values in expected.items():
        pool = InvariantPooling(rho, mode, dtype=torch.float64)
        assert pool.out_features == 7
        assert pool(x)[0].tolist() == values
        assert_equivariant(pool, rho, pool.rho_out, torch.float64)
    with pytest.raises(rk.InvalidOptionError, match="mode"):
        InvariantPooling(rho, "median")


def test_invariant_pooling_refuses_a_component_without_invariant_norm() -> None:
    torch_or_skip()
    from repkit.adapters.torch import InvariantPooling

    G = rk.cyclic(2)
    skew = rk.Rep.from_generators(G, {G.generators[0]: Matrix([[1, 1], [0, -1]])}, name="skew")
    with pytest.raises(rk.InvalidOptionError, match="no invariant norm"):
        InvariantPooling(skew)


def test_max_pooling_passes_gradients_to_the_maxima() -> None:
    torch = torch_or_skip()
    from repkit.adapters.torch import InvariantPooling

    V = rk.natural(rk.symmetric(3))
    x = torch.tensor([[1.0, 5.0, 2.0]], requires_grad=True)
    InvariantPooling(V, "max")(x).sum().backward()
    assert x.grad.tolist() == [[0.0, 1.0, 0.0]]
