"""JAX `EquivariantConv2d`: a pure ``init`` / ``apply`` pair running ``lax.conv_general_dilated``.

The JAX twin of `repkit.adapters.torch.conv.EquivariantConv2d`: the kernel lies in the exact
steerable basis `repkit.equivariant.steerable.kernel_basis` of a point group; the parameters are
those of the JAX `EquivariantLinear` over ``K.weights`` (``{"theta", "theta_b"}``, flat, in the
basis's order, so ``K.kernel(params["theta"])`` is the kernel); ``apply`` forms the structured
weight, scatters it through ``K.column_map`` into the ``(m_out, m_in, k, k)`` kernel and runs one
cross-correlation, channels-first (``NCHW``, ``OIHW``). Works under ``jax.jit`` and ``jax.grad``.

JAX is imported only inside ``init`` and ``apply``.

Examples
--------
>>> import numpy as np, repkit as rk
>>> from repkit.adapters.jax.conv import EquivariantConv2d
>>> G = rk.dihedral(4)
>>> conv = EquivariantConv2d(rk.trivial(G), rk.regular(G), 3, padding=1)
>>> conv.dim, conv.bias_dim
(9, 1)
>>> import pytest; jax = pytest.importorskip("jax")
>>> params = conv.init(jax.random.PRNGKey(0))
>>> x = np.random.default_rng(0).normal(size=(2, 1, 5, 5)).astype(np.float32)
>>> y = np.asarray(conv.apply(params, x))
>>> ref = np.asarray(conv.apply(params, np.rot90(x, 1, (-2, -1)).copy()))
>>> R = conv.rho_out(G.element("r")).to_numpy(float)
>>> bool(np.allclose(ref, np.einsum("ij,bjhw->bihw", R, np.rot90(y, 1, (-2, -1))), atol=1e-5))
True
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ...equivariant.steerable import PointGroup, kernel_basis
from ...errors import InvalidOptionError, ShapeError
from .._lattice import default_point_group, pair as _pair
from .linear import EquivariantLinear, require_jax

__all__ = ["EquivariantConv2d", "PADDING_MODES"]

#: Padding modes and the matching ``jax.numpy.pad`` mode ("zeros" pads inside the convolution).
PADDING_MODES = {"zeros": None, "circular": "wrap", "reflect": "reflect", "replicate": "edge"}


class EquivariantConv2d:
    """A steerable 2-d convolution for JAX: pure ``init(key)`` / ``apply(params, x)``.

    Parameters
    ----------
    rho_in, rho_out : Rep
        Fibre representations of the point group.
    kernel_size : int
        Odd ``k``.
    stride, padding, dilation : int or pair of int, optional
        As in ``torch.nn.Conv2d`` (defaults 1, 0, 1).
    bias : bool, optional
        One bias per output field fixed by ``rho_out``; default True.
    padding_mode : {"zeros", "circular", "reflect", "replicate"}, optional
    point_group : PointGroup, optional
        Default: `repkit.adapters.torch.conv.default_point_group` of ``rho_in.group``.
    dtype : numpy dtype, optional
        Default float32.

    Attributes
    ----------
    basis : KernelBasis
    linear : EquivariantLinear
        The JAX linear layer over ``basis.weights`` (its parameters are the layer's).
    rho_in, rho_out, point_group, stride, padding, dilation, padding_mode, dim, bias_dim

    Raises
    ------
    ShapeError
        For a bad kernel size, stride, padding or dilation; in ``apply``, for an input that is not
        ``(batch, rho_in.dim, H, W)``.
    InvalidOptionError
        For an unknown padding mode or a group with no default point group.

    Notes
    -----
    ``apply`` costs the JAX `EquivariantLinear.weight` of ``basis.weights``, a scatter of
    ``m_out m_in k^2`` entries and one convolution the size of a plain one.

    Examples
    --------
    >>> import repkit as rk
    >>> G = rk.dihedral(4)
    >>> EquivariantConv2d(rk.regular(G), 2 * rk.regular(G), 5, padding=2).dim       # 8 free 5x5 kernels per pair
    400
    """

    def __init__(self, rho_in: Any, rho_out: Any, kernel_size: int, *, stride: Any = 1, padding: Any = 0,
                 dilation: Any = 1, bias: bool = True, padding_mode: str = "zeros",
                 point_group: PointGroup | None = None, dtype: Any = np.float32) -> None:
        if padding_mode not in PADDING_MODES:
            raise InvalidOptionError(f"padding_mode: expected one of {tuple(PADDING_MODES)}, got {padding_mode!r}")
        pg = default_point_group(rho_in.group) if point_group is None else point_group
        if not isinstance(pg, PointGroup):
            raise InvalidOptionError(f"point_group: expected a PointGroup or None, got {type(pg).__name__}")
        basis = kernel_basis(rho_in, rho_out, kernel_size, pg)
        linear = EquivariantLinear(basis.weights, bias=bias, dtype=dtype)
        for name, value in (("stride", _pair(stride, "stride", 1)), ("padding", _pair(padding, "padding", 0)),
                            ("dilation", _pair(dilation, "dilation", 1)), ("padding_mode", padding_mode),
                            ("point_group", pg), ("basis", basis), ("linear", linear),
                            ("rho_in", rho_in), ("rho_out", rho_out), ("dim", linear.dim),
                            ("bias_dim", linear.bias_dim)):
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"EquivariantConv2d is immutable: cannot set {name!r}")

    def __repr__(self) -> str:
        return (f"EquivariantConv2d({self.rho_in.dim} -> {self.rho_out.dim}, kernel_size={self.basis.kernel_size}, "
                f"point_group={self.point_group.name}, dim={self.dim}, bias_dim={self.bias_dim})")

    def init(self, key: Any) -> dict[str, Any]:
        """Fresh parameters ``{"theta": (dim,), "theta_b": (bias_dim,)}`` (as `EquivariantLinear.init`).

        Examples
        --------
        >>> import pytest; jax = pytest.importorskip("jax")
        >>> import repkit as rk
        >>> G = rk.dihedral(4)
        >>> p = EquivariantConv2d(rk.regular(G), rk.regular(G), 3).init(jax.random.PRNGKey(0))
        >>> p["theta"].shape, p["theta_b"].shape
        ((72,), (1,))
        """
        return self.linear.init(key)

    def weight(self, params: dict[str, Any]) -> Any:
        """The ``(m_out, m_in, k, k)`` kernel for these parameters (differentiable).

        Examples
        --------
        >>> import pytest; jax = pytest.importorskip("jax")
        >>> import numpy as np, repkit as rk
        >>> G = rk.dihedral(4)
        >>> conv = EquivariantConv2d(rk.trivial(G), rk.trivial(G), 3)
        >>> np.asarray(conv.weight({"theta": np.array([1.0, 2.0, 3.0], np.float32)}))[0, 0].tolist()
        [[1.0, 2.0, 1.0], [2.0, 3.0, 2.0], [1.0, 2.0, 1.0]]
        """
        jnp = require_jax().numpy
        W = self.linear.weight(params)
        m_out, m_in, k, _ = self.basis.shape
        flat = jnp.zeros((m_out, m_in * k * k), W.dtype).at[:, np.asarray(self.basis.column_map)].set(W)
        return flat.reshape(m_out, m_in, k, k)

    def apply(self, params: dict[str, Any], x: Any) -> Any:
        """Convolve ``x`` of shape ``(batch, rho_in.dim, H, W)``.

        Raises
        ------
        ShapeError
            If ``x`` is not 4-dimensional with ``rho_in.dim`` channels.
        """
        jax = require_jax()
        jnp = jax.numpy
        if getattr(x, "ndim", None) != 4 or x.shape[1] != self.rho_in.dim:
            raise ShapeError(f"x: expected (batch, {self.rho_in.dim}, H, W) (rho_in.dim channels first), "
                             f"got shape {tuple(np.shape(x))}")
        ph, pw = self.padding
        padding = [(ph, ph), (pw, pw)]
        mode = PADDING_MODES[self.padding_mode]
        x = jnp.asarray(x)
        if mode is not None and (ph or pw):
            x = jnp.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)), mode=mode)
            padding = [(0, 0), (0, 0)]
        kernel = self.weight(params)
        y = jax.lax.conv_general_dilated(x.astype(kernel.dtype), kernel, window_strides=self.stride,
                                         padding=padding, rhs_dilation=self.dilation,
                                         dimension_numbers=("NCHW", "OIHW", "NCHW"))
        if self.linear.bias_dim:
            y = y + self.linear.bias(params)[None, :, None, None]
        return y
