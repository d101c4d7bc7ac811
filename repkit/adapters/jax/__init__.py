"""JAX adapter: equivariant layers as pure ``init(key) -> params`` / ``apply(params, x)`` pairs.

Every object here is built from exact repkit data (a basis, a representation) with NumPy alone;
JAX is imported only when a method computes (``init``, ``apply``, ``weight``, ...), so importing
this package never imports JAX, and without it those methods raise
:class:`~repkit.errors.OptionalDependencyError`. Every ``apply`` takes features ``(..., dim)``
with the representation index last, in the copy-major layout of ``k * rho`` (see
`repkit.Rep.components`), and works under ``jax.jit``, ``jax.grad`` and ``jax.vmap``. The
page ``docs/networks_jax.md`` walks through them.

* `EquivariantLinear`: one parameter block per component pair, never the dense basis;
* `PointwiseNonlinearity`, `NormNonlinearity`, `GatedNonlinearity`: nonlinearities that keep
  equivariance (each checks its representation exactly and refuses, with the reason, when the
  nonlinearity would break it);
* `InvariantPooling`: orbit sums / means / maxima of permutation components, norms of the rest;
* `EquivariantConv2d`: a lattice convolution with an exact steerable kernel (`.conv`),
  channels-first, ``lax.conv_general_dilated``;
* `EquivariantMLP`: the layers chained with a safe nonlinearity per hidden component, refused
  (with the reason) when a hidden component can never reach the output; ``.expressivity()``.

* `FourierNonlinearity`: each component through the exact embedding into a permutation
  representation (``repkit.equivariant.fourier``), point-wise there, and back.

Examples
--------
>>> import repkit as rk
>>> from repkit.adapters.jax import EquivariantLinear
>>> V = rk.natural(rk.symmetric(4))
>>> EquivariantLinear(rk.equivariant_basis(3 * V, 3 * V)).dim
18
"""

from __future__ import annotations

from . import conv, linear, mlp, nonlinear, pooling
from .conv import EquivariantConv2d
from .linear import EquivariantLinear, require_jax
from .mlp import EquivariantMLP
from .nonlinear import FourierNonlinearity, GatedNonlinearity, NormNonlinearity, PointwiseNonlinearity
from .pooling import InvariantPooling

__all__ = [
    "EquivariantConv2d",
    "EquivariantLinear",
    "EquivariantMLP",
    "FourierNonlinearity",
    "GatedNonlinearity",
    "InvariantPooling",
    "NormNonlinearity",
    "PointwiseNonlinearity",
    "conv",
    "linear",
    "mlp",
    "nonlinear",
    "pooling",
    "require_jax",
]
