"""`EquivariantConv2d`: lattice convolutions with exact steerable kernels, and pooling on feature maps.

A `~repkit.equivariant.steerable.KernelBasis` gives the exact ``k x k`` kernels ``kappa`` with
``kappa(A_g x) = rho_out(g) kappa(x) rho_in(g)^-1`` for a point group ``P``. The layer keeps one
parameter block per pair of fibre components (an `EquivariantLinear` over ``K.weights``, the
same parameters as in the linear case), forms the structured weight matrix ``W`` of shape
``(m_out, sum_i k_i n m_i)`` from them, scatters it through ``K.column_map`` into the
``(m_out, m_in, k, k)`` kernel and calls ``torch.nn.functional.conv2d`` (a cross-correlation,
``y(p) = sum_x kappa(x) f(p + x)``, the convention of `repkit.equivariant.steerable`).

Features are channels-first, ``(batch, rho.dim, H, W)``, as in ``torch.nn.Conv2d``. Cases:
``trivial -> regular`` is the G-CNN lifting layer, ``regular -> regular`` the group convolution
(Cohen and Welling, ICML 2016), sums of irreducibles the steerable case (Weiler and Cesa,
NeurIPS 2019); channels by multiplicity (``16 * regular(G)``).

On the square grid the group acts on images as `repkit.image_symmetry` does: ``r`` like
``torch.rot90(x, 1, (-2, -1))``, ``f`` like ``torch.flip(x, (-1,))``. Equivariance is exact (up
to float rounding) for stride 1 with symmetric padding (``padding = k // 2``, zeros or circular)
on square inputs; for stride 2 see `repkit.adapters.aliasing`.

`GroupPooling2d` pools each field over its orbits at every pixel (max/mean/sum over the ``|G|``
channels of a regular field; norms of orthogonal non-permutation fields), and `InvariantPooling2d`
pools the invariant fields over space as well, to a vector of invariants. The point-wise nonlinearities of
`repkit.adapters.torch.nonlinear` act per pixel on ``x.movedim(1, -1)`` (then ``.movedim(-1, 1)``).

Examples
--------
>>> import pytest; torch = pytest.importorskip("torch")
>>> import repkit as rk
>>> from repkit.equivariant.steerable import point_group
>>> from repkit.adapters.torch import EquivariantConv2d
>>> P = point_group("C4")
>>> conv = EquivariantConv2d(rk.trivial(P.group), 2 * rk.regular(P.group), 3, padding=1)
>>> x = torch.randn(1, 1, 6, 6)
>>> y = conv(x)
>>> y.shape, conv.dim                 # a lifting layer: 2 fields, one free 3x3 kernel each
(torch.Size([1, 8, 6, 6]), 18)
>>> R = torch.tensor(conv.rho_out(P.group.element("r")).to_numpy(), dtype=torch.float32)
>>> ry = torch.einsum("ij,bjhw->bihw", R, torch.rot90(y, 1, (-2, -1)))
>>> torch.allclose(conv(torch.rot90(x, 1, (-2, -1))), ry, atol=1e-5)
True
"""

from __future__ import annotations

import functools
from typing import Any

from ...equivariant.steerable import PointGroup, kernel_basis
from ...errors import InvalidOptionError, ShapeError
from .._lattice import default_point_group, pair as _pair
from . import require_torch

__all__ = ["EquivariantConv2d", "GroupPooling2d", "InvariantPooling2d", "default_point_group",
           "PADDING_MODES"]

PADDING_MODES = ("zeros", "circular", "reflect", "replicate")

@functools.cache
def _classes() -> dict[str, type]:
    """Define the module classes once PyTorch is importable (the lazy import point)."""
    torch = require_torch()
    from .linear import EquivariantLinear
    from .pooling import InvariantPooling

    class EquivariantConv2d(torch.nn.Module):
        """A 2-d convolution whose kernel lies in the exact steerable basis of a point group.

        Parameters
        ----------
        rho_in, rho_out : Rep
            Fibre representations of the point group (channels: ``rho.dim``).
        kernel_size : int
            Odd ``k``.
        stride, padding, dilation : int or pair of int, optional
            As in ``torch.nn.Conv2d`` (defaults 1, 0, 1).
        bias : bool, optional
            One bias per output field fixed by ``rho_out`` (broadcast over space); default True.
        padding_mode : {"zeros", "circular", "reflect", "replicate"}, optional
            As in ``torch.nn.Conv2d``; default ``"zeros"``.
        point_group : PointGroup, optional
            Default: `default_point_group` of ``rho_in.group``.
        dtype : torch.dtype, optional
        device : torch.device or str, optional

        Attributes
        ----------
        basis : KernelBasis
        linear : EquivariantLinear
            Holds the parameters (``weight_{j}_{i}`` of shape ``(K, k, d)``, ``bias_{j}``).
        rho_in, rho_out, point_group, kernel_size, stride, padding, dilation, dim, bias_dim

        Raises
        ------
        ShapeError
            For a bad kernel size, stride, padding or dilation, or (in ``forward``) an input that
            is not ``(batch, rho_in.dim, H, W)``.
        InvalidOptionError
            For an unknown padding mode or a group with no default point group.
        IncompatibleGroupError
            If the representations are not of the point group's group.

        Notes
        -----
        Per forward pass: forming the kernel costs what `EquivariantLinear.weight` costs for
        ``K.weights`` (the parameters times the small bases) plus a scatter of
        ``m_out * m_in * k^2`` entries; the convolution is one ``conv2d`` of the same size as a
        plain ``nn.Conv2d`` with ``rho_in.dim -> rho_out.dim`` channels. The basis is built once
        (`repkit.equivariant.steerable.kernel_basis`, exact). The parameters are those of
        `EquivariantLinear` over ``K.weights``, so ``K.kernel(layer.theta())`` is ``layer.weight()``.

        Examples
        --------
        >>> import pytest; torch = pytest.importorskip("torch")
        >>> import numpy as np, repkit as rk
        >>> from repkit.adapters.torch import EquivariantConv2d
        >>> G = rk.dihedral(4)
        >>> conv = EquivariantConv2d(rk.regular(G), rk.regular(G), 3, padding=1, dtype=torch.float64)
        >>> conv.dim, conv.bias_dim                  # 8 free 3x3 kernels, one bias per field
        (72, 1)
        >>> K = conv.basis.kernel(conv.theta().detach().numpy())
        >>> bool(np.allclose(conv.weight().detach().numpy(), K))
        True
        """

        def __init__(self, rho_in: Any, rho_out: Any, kernel_size: int, *, stride: Any = 1,
                     padding: Any = 0, dilation: Any = 1, bias: bool = True, padding_mode: str = "zeros",
                     point_group: PointGroup | None = None, dtype: Any = None, device: Any = None) -> None:
            super().__init__()
            if padding_mode not in PADDING_MODES:
                raise InvalidOptionError(f"padding_mode: expected one of {PADDING_MODES}, got {padding_mode!r}")
            self.stride = _pair(stride, "stride", 1)
            self.padding = _pair(padding, "padding", 0)
            self.dilation = _pair(dilation, "dilation", 1)
            self.padding_mode = padding_mode
            pg = default_point_group(rho_in.group) if point_group is None else point_group
            if not isinstance(pg, PointGroup):
                raise InvalidOptionError(f"point_group: expected a PointGroup or None, got {type(pg).__name__}")
            self.point_group = pg
            self.basis = kernel_basis(rho_in, rho_out, kernel_size, pg)
            self.kernel_size = self.basis.kernel_size
            self.rho_in, self.rho_out = rho_in, rho_out
            self.in_channels, self.out_channels = rho_in.dim, rho_out.dim
            self.linear = EquivariantLinear(self.basis.weights, bias=bias, dtype=dtype, device=device,
                                            strategy="form")
            self.register_buffer("column_map", torch.as_tensor(self.basis.column_map, dtype=torch.long,
                                                               device=device), persistent=False)
            self.dim, self.bias_dim = self.linear.dim, self.linear.bias_dim
            self.reset_parameters()

        def reset_parameters(self, generator: Any = None) -> None:
            """Draw the weights so that kernel entries have mean square ``1 / (m_in k^2)``; zero the biases.

            Parameters
            ----------
            generator : torch.Generator, optional
            """
            self.linear.reset_parameters(generator)

        def theta(self) -> Any:
            """The weight parameters flattened in ``basis.weights``'s order (``basis.kernel`` takes it)."""
            return self.linear.theta()

        def weight(self) -> Any:
            """The ``(m_out, m_in, k, k)`` kernel (``nn.Conv2d``'s ``weight``) from the parameters (differentiable)."""
            W = self.linear.weight()
            m_out, m_in, k, _ = self.basis.shape
            flat = W.new_zeros(m_out, m_in * k * k)
            flat = flat.index_copy(1, self.column_map, W)
            return flat.reshape(m_out, m_in, k, k)

        def bias(self) -> Any:
            """The ``(m_out,)`` bias (zeros where ``rho_out`` fixes no vector), or None without bias."""
            return self.linear.bias() if self.linear.plan.bias_blocks else None

        def forward(self, x: Any) -> Any:
            """Convolve ``x`` of shape ``(batch, rho_in.dim, H, W)``.

            Raises
            ------
            ShapeError
                If ``x`` is not 4-dimensional with ``rho_in.dim`` channels.
            """
            if x.ndim != 4 or x.shape[1] != self.in_channels:
                raise ShapeError(f"x: expected (batch, {self.in_channels}, H, W) (rho_in.dim channels first), "
                                 f"got shape {tuple(x.shape)}")
            padding: Any = self.padding
            if self.padding_mode != "zeros" and any(self.padding):
                ph, pw = self.padding
                x = torch.nn.functional.pad(x, (pw, pw, ph, ph), mode=self.padding_mode)
                padding = 0
            return torch.nn.functional.conv2d(x, self.weight(), self.bias(), self.stride, padding,
                                              self.dilation)

        def extra_repr(self) -> str:
            return (f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, "
                    f"point_group={self.point_group.name}, stride={self.stride}, padding={self.padding}, "
                    f"dilation={self.dilation}, padding_mode={self.padding_mode!r}, dim={self.dim}, "
                    f"bias_dim={self.bias_dim}")

    class GroupPooling2d(torch.nn.Module):
        """Pool every field over its orbits at each pixel: ``(B, rho.dim, H, W) -> (B, out, H, W)``.

        Parameters
        ----------
        rho : Rep
            The fibre representation; each copy of a permutation component gives one output per
            orbit (one per regular field), an orthogonal non-permutation copy its norm.
        mode : {"max", "mean", "sum"}, optional
            Default ``"max"``.

        Raises
        ------
        InvalidOptionError
            As `InvariantPooling`.

        Examples
        --------
        >>> import pytest; torch = pytest.importorskip("torch")
        >>> import repkit as rk
        >>> from repkit.adapters.torch import GroupPooling2d
        >>> pool = GroupPooling2d(3 * rk.regular(rk.dihedral(4)))
        >>> pool(torch.randn(2, 24, 5, 5)).shape
        torch.Size([2, 3, 5, 5])
        """

        def __init__(self, rho: Any, mode: str = "max", *, dtype: Any = None, device: Any = None) -> None:
            super().__init__()
            self.pool = InvariantPooling(rho, mode, dtype=dtype, device=device)
            self.rho_in, self.rho_out = self.pool.rho_in, self.pool.rho_out
            self.out_features = self.pool.out_features

        def forward(self, x: Any) -> Any:
            """Pool ``x`` of shape ``(batch, rho.dim, H, W)`` (any number of spatial axes)."""
            if x.ndim < 2 or x.shape[1] != self.rho_in.dim:
                raise ShapeError(f"x: expected (batch, {self.rho_in.dim}, ...) channels first, "
                                 f"got shape {tuple(x.shape)}")
            return self.pool(x.movedim(1, -1)).movedim(-1, 1)

    class InvariantPooling2d(torch.nn.Module):
        """Pool over the group at each pixel, then over space: ``(B, rho.dim, H, W) -> (B, out)`` invariants.

        The group pooling comes first: the per-pixel outputs are invariant fields, so any spatial
        pooling of them is invariant (a spatial maximum of the coordinates of a vector field would
        not be).

        Parameters
        ----------
        rho : Rep
        mode : {"max", "mean", "sum"}, optional
            Group pooling (default ``"max"``).
        spatial : {"mean", "max", "sum"}, optional
            Spatial pooling (default ``"mean"``), invariant under every permutation of pixels,
            so under the point group (and under circular shifts).

        Examples
        --------
        >>> import pytest; torch = pytest.importorskip("torch")
        >>> import repkit as rk
        >>> from repkit.adapters.torch import InvariantPooling2d
        >>> pool = InvariantPooling2d(2 * rk.regular(rk.dihedral(4)))
        >>> x = torch.randn(1, 16, 4, 4)
        >>> torch.allclose(pool(x), pool(torch.flip(x, (-1,))))   # fibre action is a permutation
        True
        """

        def __init__(self, rho: Any, mode: str = "max", *, spatial: str = "mean", dtype: Any = None,
                     device: Any = None) -> None:
            super().__init__()
            if spatial not in ("mean", "max", "sum"):
                raise InvalidOptionError(f"spatial: expected 'mean', 'max' or 'sum', got {spatial!r}")
            self.spatial = spatial
            self.pool = InvariantPooling(rho, mode, dtype=dtype, device=device)
            self.rho_in, self.rho_out = self.pool.rho_in, self.pool.rho_out
            self.out_features = self.pool.out_features

        def forward(self, x: Any) -> Any:
            """Pool ``x`` of shape ``(batch, rho.dim, *spatial)`` to ``(batch, out_features)``."""
            if x.ndim < 3 or x.shape[1] != self.rho_in.dim:
                raise ShapeError(f"x: expected (batch, {self.rho_in.dim}, H, W) channels first, "
                                 f"got shape {tuple(x.shape)}")
            pooled = self.pool(x.movedim(1, -1))                      # (B, *spatial, out)
            flat = pooled.reshape(x.shape[0], -1, self.out_features).movedim(1, -1)
            if self.spatial == "mean":
                flat = flat.mean(-1)
            elif self.spatial == "sum":
                flat = flat.sum(-1)
            else:
                flat = flat.amax(-1)
            return flat

    out = {"EquivariantConv2d": EquivariantConv2d, "GroupPooling2d": GroupPooling2d,
           "InvariantPooling2d": InvariantPooling2d}
    for name, cls in out.items():
        cls.__module__ = __name__
        cls.__qualname__ = name
    return out


def __getattr__(name: str) -> Any:
    """Resolve the module classes lazily, importing PyTorch at that moment (PEP 562)."""
    if name in ("EquivariantConv2d", "GroupPooling2d", "InvariantPooling2d"):
        return _classes()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
