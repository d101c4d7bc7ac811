"""`InvariantPooling`: invariant features from equivariant ones (orbit sums/means/maxima, norms).

For each component ``(c, K)`` of ``rho`` (copy-major layout, `repkit.Rep.components`):

* ``c`` a permutation representation: for each copy and each orbit of the group on the points
  of ``c`` (orbits numbered by their least point), the sum, mean or maximum of the copy's
  entries over the orbit: ``K * (number of orbits)`` outputs;
* otherwise: the Euclidean norm of each copy, ``K`` outputs (``c`` must act orthogonally, so
  that the norm is invariant; checked exactly).

The outputs follow the order of the components, then the copies, then the orbits; their number
is ``out_features`` and ``rho_out`` is ``out_features * trivial``. Every output is invariant: a
permutation maps each orbit onto itself, and an orthogonal map keeps norms.

Examples
--------
>>> import pytest; torch = pytest.importorskip("torch")
>>> import repkit as rk
>>> from repkit.adapters.torch import InvariantPooling
>>> G = rk.dihedral(4)
>>> pool = InvariantPooling(8 * rk.regular(G) + 2 * rk.dihedral_rotation(4), mode="max")
>>> pool.out_features                     # 8 copies x 1 orbit + 2 norms
10
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

from ...equivariant.orbital import point_orbits
from ...errors import InvalidOptionError, ShapeError
from ...reps.constructors import trivial
from . import require_torch
from ._layout import component_slices, orthogonality_witness, require_rep, resolve_dtype

__all__ = ["InvariantPooling", "MODES", "pooling_layout"]

MODES = ("sum", "mean", "max")


def pooling_layout(rho: Any) -> list[tuple[int, int, int, np.ndarray | None]]:
    """Per component ``(offset, K, m, orbit labels or None)``; None means "pooled by its norm".

    Raises
    ------
    InvalidOptionError
        If a non-permutation component is not orthogonal (its norm would not be invariant).

    Examples
    --------
    >>> import repkit as rk
    >>> V = rk.natural(rk.symmetric(3))
    >>> [(o, k, m, None if l is None else l.tolist()) for o, k, m, l in pooling_layout(2 * V)]
    [(0, 2, 3, [0, 0, 0])]
    """
    out = []
    for idx, (c, k, o) in enumerate(component_slices(rho)):
        perms = c.permutation_images()
        if perms is not None:
            out.append((o, k, c.dim, point_orbits(np.asarray(perms, dtype=np.int64).reshape(-1, c.dim),
                                                    c.dim)))
            continue
        why = orthogonality_witness(c)
        if why is not None:
            raise InvalidOptionError(f"rho: component {idx} ({k}x {c.name or 'rho'}) is neither a "
                                     f"permutation rep nor orthogonal, so it has no invariant norm: {why}")
        out.append((o, k, c.dim, None))
    return out


@functools.cache
def _pool_class() -> type:
    """Define the module class once PyTorch is importable (the lazy import point)."""
    torch = require_torch()

    class InvariantPooling(torch.nn.Module):
        """Invariant features: orbit sums/means/maxima of permutation components, norms of the rest.

        Parameters
        ----------
        rho : Rep
            The representation of the input features ``(..., rho.dim)``.
        mode : {"sum", "mean", "max"}
            Reduction over each orbit (default ``"sum"``).
        dtype, device : optional
            Of the orbit-indicator buffers.

        Attributes
        ----------
        out_features : int
        rho_in, rho_out : Rep  (``rho_out = out_features * trivial``)

        Raises
        ------
        InvalidOptionError
            For an unknown mode, or a component that is neither permutation nor orthogonal.

        Notes
        -----
        Orbits from the generator permutations alone (`repkit.equivariant.orbital.point_orbits`,
        O(ngens m log m)); forward O(size of x).

        Examples
        --------
        >>> import pytest; torch = pytest.importorskip("torch")
        >>> import repkit as rk
        >>> from repkit.adapters.torch import InvariantPooling
        >>> V = rk.natural(rk.symmetric(3))
        >>> InvariantPooling(2 * V, "mean")(torch.tensor([[1.0, 2.0, 3.0, 0.0, 0.0, 6.0]])).tolist()
        [[2.0, 2.0]]
        """

        def __init__(self, rho: Any, mode: str = "sum", *, dtype: Any = None, device: Any = None) -> None:
            super().__init__()
            if mode not in MODES:
                raise InvalidOptionError(f"mode: expected one of {MODES}, got {mode!r}")
            rho = require_rep(rho)
            self.mode = mode
            self.layout = pooling_layout(rho)
            dtype = resolve_dtype(torch, dtype)
            width = 0
            for n, (o, k, m, labels) in enumerate(self.layout):
                if labels is None:
                    width += k
                    continue
                n_orb = int(labels.max()) + 1
                self.register_buffer(f"labels_{n}", torch.as_tensor(labels, dtype=torch.long, device=device),
                                     persistent=False)
                M = np.zeros((m, n_orb))
                M[np.arange(m), labels] = 1.0
                if mode == "mean":
                    M /= M.sum(axis=0, keepdims=True)
                self.register_buffer(f"orbits_{n}", torch.as_tensor(M, dtype=dtype, device=device),
                                     persistent=False)
                width += k * n_orb
            self.out_features = width
            self.rho_in = rho
            self.rho_out = width * trivial(rho.group) if width > 1 else trivial(rho.group)

        def forward(self, x: Any) -> Any:
            """Map ``x`` (..., rho.dim) to invariant features (..., out_features)."""
            if x.ndim == 0 or x.shape[-1] != self.rho_in.dim:
                raise ShapeError(f"x: expected a last axis of size {self.rho_in.dim} (rho.dim), got "
                                 f"shape {tuple(x.shape)}")
            lead = x.shape[:-1]
            parts = []
            for n, (o, k, m, labels) in enumerate(self.layout):
                xc = x[..., o:o + k * m].reshape(*lead, k, m)
                if labels is None:
                    parts.append(torch.linalg.vector_norm(xc, dim=-1))
                elif self.mode == "max":
                    n_orb = int(labels.max()) + 1
                    index = getattr(self, f"labels_{n}").expand(*lead, k, m)
                    pooled = xc.new_full((*lead, k, n_orb), float("-inf")).scatter_reduce(
                        -1, index, xc, reduce="amax", include_self=False)
                    parts.append(pooled.reshape(*lead, k * n_orb))
                else:
                    parts.append((xc @ getattr(self, f"orbits_{n}").to(xc.dtype)).reshape(*lead, -1))
            return torch.cat(parts, dim=-1)

        def extra_repr(self) -> str:
            return f"in={self.rho_in.dim}, out={self.out_features}, mode={self.mode!r}"

    InvariantPooling.__module__ = __name__
    return InvariantPooling


def __getattr__(name: str) -> Any:
    """Resolve ``InvariantPooling`` lazily, importing PyTorch at that moment (PEP 562)."""
    if name == "InvariantPooling":
        return _pool_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
