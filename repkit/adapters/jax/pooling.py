"""JAX invariant pooling: orbit sums / means / maxima of permutation components, norms of the rest.

Examples
--------
>>> import repkit as rk
>>> G = rk.dihedral(4)
>>> pool = InvariantPooling(2 * rk.regular(G) + 3 * rk.dihedral_rotation(4))
>>> pool.out_features, pool.layout[:3]
(5, (('orbit', 0, 0, 8), ('orbit', 0, 1, 8), ('norm', 1, 0, 2)))
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from ...errors import InvalidOptionError, ShapeError
from ...reps import trivial
from ._fields import Component, components_of, orthogonality_witness, permutation_index_groups
from .linear import require_jax

__all__ = ["InvariantPooling"]

_MODES = ("sum", "mean", "max")


@dataclass(frozen=True, eq=False, repr=False)
class InvariantPooling:
    """Map features of ``rho`` to invariants: per orbit of each permutation field, or its norm.

    Parameters
    ----------
    rho : Rep
        The representation on the features.
    mode : {"sum", "mean", "max"}, optional
        How the coordinates of one orbit of a permutation component are reduced (default
        "sum"). Non-permutation components give the norm of each field, whatever the mode.

    Attributes
    ----------
    layout : tuple of (kind, component, copy, size)
        One entry per output coordinate, in order: ``("orbit", c, a, s)`` for an orbit of size
        ``s`` of copy ``a`` of the permutation component ``c`` (orbits ordered by their smallest
        point), ``("norm", c, a, dim)`` for the norm of copy ``a`` of the component ``c``.
    out_features : int
        ``len(layout)``.

    Raises
    ------
    InvalidOptionError
        If ``mode`` is not one of the three, or a non-permutation component does not act
        orthogonally (its norm would not be invariant).

    Notes
    -----
    An orbit sum, mean or maximum of a permutation representation is invariant because ``g``
    only permutes the orbit's coordinates; the norm of an orthogonal field is invariant because
    ``|rho(g) x| = |x|``. The orbits come from the generators' image lists by union-find
    (O(ngens dim)); ``apply`` is O(size of x), one gather per distinct orbit size. Zaheer et
    al., "Deep Sets" (NeurIPS 2017), sec. 2 (sum pooling over a permuted set).

    Examples
    --------
    >>> import repkit as rk
    >>> InvariantPooling(4 * rk.natural(rk.symmetric(5)), mode="max").out_features
    4
    """

    rho: Any
    mode: str
    components: tuple[Component, ...]
    layout: tuple[tuple[str, int, int, int], ...]

    def __init__(self, rho: Any, mode: Literal["sum", "mean", "max"] = "sum") -> None:
        if mode not in _MODES:
            raise InvalidOptionError(f"mode: expected one of {_MODES}, got {mode!r}")
        comps = components_of(rho)
        layout: list[tuple[str, int, int, int]] = []
        for c in comps:
            if c.orbits is None:
                reason = orthogonality_witness(c.rep)
                if reason is not None:
                    raise InvalidOptionError(
                        f"rho: InvariantPooling takes the norm of non-permutation components, "
                        f"which is invariant only when they act orthogonally; component "
                        f"{c.index} ({c.name}) does not: {reason}")
                layout.extend(("norm", c.index, a, c.dim) for a in range(c.mult))
            else:
                layout.extend(("orbit", c.index, a, len(o)) for a in range(c.mult) for o in c.orbits)
        for name, value in (("rho", rho), ("mode", mode), ("components", comps),
                            ("layout", tuple(layout))):
            object.__setattr__(self, name, value)

    @property
    def dim(self) -> int:
        """``rho.dim`` (the input size)."""
        return int(self.rho.dim)

    @property
    def out_features(self) -> int:
        """The number of invariants."""
        return len(self.layout)

    @property
    def rho_in(self) -> Any:
        """``rho``."""
        return self.rho

    @property
    def rho_out(self) -> Any:
        """``out_features * trivial``: the invariants."""
        one = trivial(self.rho.group)
        return self.out_features * one if self.out_features > 1 else one

    def __repr__(self) -> str:
        return f"InvariantPooling({self.rho.name or 'rho'}, mode={self.mode!r}, out_features={self.out_features})"

    def init(self, key: Any) -> dict[str, Any]:
        """No parameters: ``{}``."""
        return {}

    def apply(self, params: dict[str, Any], x: Any) -> Any:
        """Invariants ``(..., out_features)`` of ``x`` of shape ``(..., dim)``, in `layout` order.

        Raises
        ------
        ShapeError
            If the last axis of ``x`` is not ``dim``.

        Examples
        --------
        >>> import pytest; _ = pytest.importorskip("jax")
        >>> import repkit as rk, numpy as np
        >>> G = rk.dihedral(4)
        >>> pool = InvariantPooling(rk.natural(G) + rk.dihedral_rotation(4), mode="mean")
        >>> np.asarray(pool.apply({}, np.array([1.0, 2.0, 3.0, 6.0, 3.0, 4.0]))).tolist()
        [3.0, 5.0]
        """
        jnp = require_jax().numpy
        if np.shape(x)[-1:] != (self.dim,):
            raise ShapeError(f"x: expected a last axis of size {self.dim} (rho.dim), got shape "
                             f"{np.shape(x)}")
        x = jnp.asarray(x)
        lead = x.shape[:-1]
        out = []
        for c in self.components:
            xc = x[..., c.offset:c.offset + c.size].reshape(lead + (c.mult, c.dim))
            if c.orbits is None:
                sq = jnp.sum(jnp.abs(xc) ** 2, axis=-1)
                positive = sq > 0
                out.append(jnp.where(positive, jnp.sqrt(jnp.where(positive, sq, 1)), 0))
                continue
            pieces, positions = [], []
            for pos, idx in permutation_index_groups(c.orbits):
                gathered = xc[..., idx]                     # (..., mult, n_orbits, size)
                reduce = {"sum": jnp.sum, "mean": jnp.mean, "max": jnp.max}[self.mode]
                pieces.append(reduce(gathered, axis=-1))
                positions.append(pos)
            values = pieces[0] if len(pieces) == 1 else jnp.concatenate(pieces, axis=-1)
            order = np.argsort(np.concatenate(positions), kind="stable")
            if not np.array_equal(order, np.arange(order.size)):
                values = values[..., order]
            out.append(values.reshape(lead + (c.mult * len(c.orbits),)))
        return out[0] if len(out) == 1 else jnp.concatenate(out, axis=-1)
