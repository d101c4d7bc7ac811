"""`EquivariantConv2d` and the feature-map pooling: equivariance under D4 and C4, the kernel basis, C1.

The group acts on images by ``torch.rot90`` (``r``) and ``torch.flip(x, (-1,))`` (``f``), the
convention of `repkit.equivariant.steerable`, composed here from the element's normal form
``r^a f^b`` (flip first, then turn), independently of `repkit.adapters.aliasing.spatial_action`.
Float tolerances appear only here, at the framework boundary.
"""

from __future__ import annotations

import doctest

import numpy as np
import pytest

import repkit as rk
from repkit.equivariant.steerable import kernel_basis, point_group

from torch_helpers import TOLERANCE, torch_or_skip

pytestmark = pytest.mark.torch

FIBRES = {
    "lifting trivial->regular": lambda G: (rk.trivial(G), 2 * rk.regular(G)),
    "group conv regular->regular": lambda G: (rk.regular(G), rk.regular(G)),
    "steerable irreps": lambda G: (rk.trivial(G) + rk.dihedral_rotation(G) if G.order == 8 else
                                   rk.trivial(G) + rk.regular(G), 2 * rk.dihedral_rotation(G)
                                   if G.order == 8 else 2 * rk.trivial(G) + rk.regular(G)),
    "regular->trivial": lambda G: (2 * rk.regular(G), rk.trivial(G)),
}


def _group(name: str) -> rk.FiniteGroup:
    return rk.dihedral(4) if name == "D4" else point_group("C4").group


def _elements(G: rk.FiniteGroup) -> list[tuple[int, int, int]]:
    """(element, a, b) with element = r^a f^b, every element once."""
    out = []
    for b in range(2 if "f" in G.generators else 1):
        for a in range(4):
            word = " ".join(["r"] * a + ["f"] * b)
            out.append((G.element(word) if word else G.identity, a, b))
    assert len({g for g, _, _ in out}) == G.order
    return out


def _act(x, rho, g, a, b):
    torch = torch_or_skip()
    y = torch.flip(x, (-1,)) if b else x
    y = torch.rot90(y, a, (-2, -1))
    R = torch.as_tensor(rho(g).to_numpy(float), dtype=x.dtype)
    return torch.einsum("ij,bjhw->bihw", R, y)


@pytest.mark.parametrize("pg_name", ["D4", "C4"])
@pytest.mark.parametrize("case", list(FIBRES))
@pytest.mark.parametrize("dtype_name", ["float32", "float64"])
@pytest.mark.parametrize("size,k", [(7, 3), (6, 3), (8, 5)])
def test_equivariant_under_every_element(pg_name, case, dtype_name, size, k):
    torch = torch_or_skip()
    from repkit.adapters.torch import EquivariantConv2d

    G = _group(pg_name)
    rho_in, rho_out = FIBRES[case](G)
    dtype = getattr(torch, dtype_name)
    torch.manual_seed(0)
    conv = EquivariantConv2d(rho_in, rho_out, k, padding=k // 2, dtype=dtype)
    with torch.no_grad():
        for p in conv.parameters():
            p.normal_()
    x = torch.randn(2, rho_in.dim, size, size, dtype=dtype)
    y = conv(x)
    assert y.shape == (2, rho_out.dim, size, size)
    scale = float(y.detach().abs().max())
    for g, a, b in _elements(G):
        err = float((conv(_act(x, rho_in, g, a, b)) - _act(y, rho_out, g, a, b)).detach().abs().max())
        assert err <= TOLERANCE[dtype_name] * scale, (G.word_str(g), err)


def test_a_non_equivariant_kernel_fails_the_same_check():
    """The check above can fail: a plain random kernel is not D4-equivariant on regular fibres."""
    torch = torch_or_skip()
    G = rk.dihedral(4)
    rho = rk.regular(G)
    w = torch.randn(8, 8, 3, 3, dtype=torch.float64)
    x = torch.randn(1, 8, 5, 5, dtype=torch.float64)

    def f(z):
        return torch.nn.functional.conv2d(z, w, padding=1)

    g, a, b = _elements(G)[1]
    assert float((f(_act(x, rho, g, a, b)) - _act(f(x), rho, g, a, b)).abs().max()) > 1e-3


@pytest.mark.parametrize("pg_name", ["D4", "C4"])
@pytest.mark.parametrize("k", [3, 5])
def test_conv_is_plain_conv2d_of_the_basis_kernel(pg_name, k):
    torch = torch_or_skip()
    from repkit.adapters.torch import EquivariantConv2d

    G = _group(pg_name)
    rho_in, rho_out = rk.trivial(G) + rk.regular(G), 2 * rk.regular(G)
    conv = EquivariantConv2d(rho_in, rho_out, k, padding=1, stride=2, dilation=2, dtype=torch.float64)
    with torch.no_grad():
        for p in conv.parameters():
            p.normal_()
    K = kernel_basis(rho_in, rho_out, k, conv.point_group)
    assert K.dim == conv.dim
    kernel = torch.as_tensor(K.kernel(conv.theta().detach().numpy()))
    bias = conv.bias()
    x = torch.randn(3, rho_in.dim, 11, 11, dtype=torch.float64)
    ref = torch.nn.functional.conv2d(x, kernel, bias, stride=2, padding=1, dilation=2)
    assert torch.allclose(conv(x), ref, atol=1e-12)
    # the bias is one value per output field (regular fields fix the constant vector)
    assert conv.bias_dim == 2
    assert torch.allclose(bias.reshape(2, G.order), bias.reshape(2, G.order)[:, :1].expand(2, G.order))


def test_trivial_point_group_is_an_ordinary_convolution():
    torch = torch_or_skip()
    from repkit.adapters.torch import EquivariantConv2d

    P = point_group("C1")
    rho_in, rho_out = 3 * rk.trivial(P.group), 4 * rk.trivial(P.group)
    conv = EquivariantConv2d(rho_in, rho_out, 3, padding=1, dtype=torch.float64)
    assert conv.dim == 4 * 3 * 9 and conv.bias_dim == 4
    plain = torch.nn.Conv2d(3, 4, 3, padding=1, dtype=torch.float64)
    # the map theta -> kernel is a bijection onto all kernels: solve for the plain layer's weights
    K = conv.basis
    M = np.stack([K.kernel(e).reshape(-1) for e in np.eye(K.dim)], axis=1)
    assert np.linalg.matrix_rank(M) == 4 * 3 * 9
    theta = np.linalg.solve(M, plain.weight.detach().numpy().reshape(-1))
    conv.linear.set_theta(theta, plain.bias.detach().numpy())
    x = torch.randn(2, 3, 6, 7, dtype=torch.float64)
    assert torch.allclose(conv(x), plain(x), atol=1e-12)


@pytest.mark.parametrize("mode", ["circular", "reflect", "replicate"])
def test_padding_modes_match_nn_conv2d(mode):
    torch = torch_or_skip()
    from repkit.adapters.torch import EquivariantConv2d

    P = point_group("C1")
    conv = EquivariantConv2d(2 * rk.trivial(P.group), rk.trivial(P.group), 3, padding=1, padding_mode=mode,
                             dtype=torch.float64)
    plain = torch.nn.Conv2d(2, 1, 3, padding=1, padding_mode=mode, dtype=torch.float64)
    with torch.no_grad():
        plain.weight.copy_(conv.weight())
        plain.bias.copy_(conv.bias())
    x = torch.randn(1, 2, 5, 6, dtype=torch.float64)
    assert torch.allclose(conv(x), plain(x), atol=1e-12)


def test_gradients_reach_every_parameter():
    torch = torch_or_skip()
    from repkit.adapters.torch import EquivariantConv2d

    G = rk.dihedral(4)
    conv = EquivariantConv2d(rk.trivial(G) + rk.dihedral_rotation(G), rk.regular(G) + rk.trivial(G), 3,
                             padding=1)
    names = [n for n, _ in conv.named_parameters()]
    assert len(names) >= 4 and any("bias" in n for n in names)
    conv(torch.randn(2, 3, 5, 5)).pow(2).sum().backward()
    for n, p in conv.named_parameters():
        assert p.grad is not None and float(p.grad.abs().sum()) > 0, n


def test_state_dict_holds_parameters_only_and_moves_with_dtype():
    torch = torch_or_skip()
    from repkit.adapters.torch import EquivariantConv2d

    G = rk.dihedral(4)
    conv = EquivariantConv2d(rk.regular(G), rk.regular(G), 3, padding=1)
    assert set(conv.state_dict()) == {n for n, _ in conv.named_parameters()}
    conv = conv.double()
    assert conv(torch.randn(1, 8, 4, 4, dtype=torch.float64)).dtype == torch.float64


def test_bad_inputs_raise_repkit_errors():
    torch = torch_or_skip()
    from repkit.adapters.torch import EquivariantConv2d
    from repkit.errors import InvalidOptionError, RepkitError, ShapeError

    G = rk.dihedral(4)
    rho = rk.regular(G)
    with pytest.raises(ShapeError, match="x: expected"):
        EquivariantConv2d(rho, rho, 3)(torch.randn(1, 7, 5, 5))
    with pytest.raises(InvalidOptionError, match="padding_mode"):
        EquivariantConv2d(rho, rho, 3, padding_mode="mirror")
    with pytest.raises(ShapeError, match="stride"):
        EquivariantConv2d(rho, rho, 3, stride=0)
    with pytest.raises(ShapeError, match="kernel_size"):
        EquivariantConv2d(rho, rho, 4)
    with pytest.raises(InvalidOptionError, match="point_group") as info:
        EquivariantConv2d(rk.regular(rk.cyclic(4)), rk.regular(rk.cyclic(4)), 3)
    assert isinstance(info.value, (RepkitError, ValueError))


# -- pooling and nonlinearities on feature maps --------------------------------------------------


@pytest.mark.parametrize("mode", ["max", "mean", "sum"])
def test_group_pooling_gives_invariant_fields(mode):
    torch = torch_or_skip()
    from repkit.adapters.torch import EquivariantConv2d, GroupPooling2d

    G = rk.dihedral(4)
    rho = 3 * rk.regular(G)
    conv = EquivariantConv2d(rk.trivial(G), rho, 3, padding=1, dtype=torch.float64)
    pool = GroupPooling2d(rho, mode, dtype=torch.float64)
    assert pool.out_features == 3
    x = torch.randn(2, 1, 6, 6, dtype=torch.float64)
    y = pool(conv(x))
    assert y.shape == (2, 3, 6, 6)
    ref = {"max": conv(x).reshape(2, 3, 8, 6, 6).amax(2), "mean": conv(x).reshape(2, 3, 8, 6, 6).mean(2),
           "sum": conv(x).reshape(2, 3, 8, 6, 6).sum(2)}[mode]
    assert torch.allclose(y, ref, atol=1e-12)
    triv = 3 * rk.trivial(G)
    for g, a, b in _elements(G):
        moved = pool(conv(_act(x, rk.trivial(G), g, a, b)))
        assert torch.allclose(moved, _act(y, triv, g, a, b), atol=1e-10)


def test_spatial_pooling_gives_invariants():
    torch = torch_or_skip()
    from repkit.adapters.torch import EquivariantConv2d, InvariantPooling2d

    G = rk.dihedral(4)
    rho = 2 * rk.regular(G) + rk.dihedral_rotation(G)
    conv = EquivariantConv2d(rk.trivial(G), rho, 3, padding=1, padding_mode="circular", dtype=torch.float64)
    for spatial in ("mean", "max", "sum"):
        pool = InvariantPooling2d(rho, "max", spatial=spatial, dtype=torch.float64)
        x = torch.randn(3, 1, 6, 6, dtype=torch.float64)
        z = pool(conv(x))
        assert z.shape == (3, 3)
        for g, a, b in _elements(G):
            assert torch.allclose(pool(conv(_act(x, rk.trivial(G), g, a, b))), z, atol=1e-10)
        assert torch.allclose(pool(conv(torch.roll(x, (1, 2), (-2, -1)))), z, atol=1e-10)


def test_pointwise_nonlinearity_per_pixel_on_feature_maps():
    """conv -> ReLU per pixel (``movedim`` to channels last and back) -> conv stays equivariant."""
    torch = torch_or_skip()
    from repkit.adapters.torch import EquivariantConv2d, PointwiseNonlinearity

    G = rk.dihedral(4)
    rho = 2 * rk.regular(G)
    first = EquivariantConv2d(rk.trivial(G), rho, 3, padding=1, dtype=torch.float64)
    relu = PointwiseNonlinearity(rho)
    second = EquivariantConv2d(rho, rk.regular(G), 3, padding=1, dtype=torch.float64)

    def model(x):
        return second(relu(first(x).movedim(1, -1)).movedim(-1, 1))

    x = torch.randn(2, 1, 5, 5, dtype=torch.float64)
    y = model(x)
    assert bool((relu(first(x).movedim(1, -1)) >= 0).all())
    for g, a, b in _elements(G):
        assert torch.allclose(model(_act(x, rk.trivial(G), g, a, b)), _act(y, rk.regular(G), g, a, b),
                              atol=1e-10)


@pytest.mark.parametrize("name", ["EquivariantConv2d", "GroupPooling2d", "InvariantPooling2d"])
def test_class_docstring_examples_run(name):
    torch_or_skip()
    import repkit.adapters.torch as package

    cls = getattr(package, name)
    tests = doctest.DocTestFinder(recurse=True).find(cls, name, module=False, globs={})
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    for test in tests:
        runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0 and result.attempted >= 2
