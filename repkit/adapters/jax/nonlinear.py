"""JAX nonlinearities that keep equivariance: point-wise, norm and gated, field by field.

Each takes the representation ``rho`` it acts on, checks exactly (from the generator images of
each component, see `repkit.adapters.jax._fields`) that the nonlinearity commutes with it, and
refuses with :class:`~repkit.errors.InvalidOptionError` and the reason otherwise. A *field* is one
copy of one component of ``rho`` (``rho.components``, copy-major layout). Like the layers, each
is a pure pair: ``params = m.init(key)`` (an empty dict when there is nothing to learn) and
``y = m.apply(params, x)`` for ``x`` of shape ``(..., dim)``.

* `PointwiseNonlinearity(rho, fn)`: ``fn`` on every coordinate; for permutation components
  (any ``fn``) and signed-permutation components (odd ``fn`` only, declared with ``odd=True``).
* `NormNonlinearity(rho, fn)`: ``x_f * fn(|x_f| - b_f) / |x_f|`` per field ``f``, for components
  acting orthogonally (the norm of a field is then invariant); a learnable ``b_f`` per field.
* `GatedNonlinearity(rho, gates)`: trivial fields through ``scalar_fn``, every other field
  multiplied by ``fn`` of an invariant gate; the gates come as extra trivial coordinates after
  the features (input ``rho + n * trivial``, output ``rho``).

Examples
--------
>>> import repkit as rk
>>> D4 = rk.dihedral(4)
>>> PointwiseNonlinearity(rk.regular(D4)).dim
8
>>> try:
...     PointwiseNonlinearity(rk.dihedral_rotation(4))
... except rk.InvalidOptionError as e:
...     print(str(e)[:62])
fn: a point-wise nonlinearity is not equivariant for component
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from ...equivariant.nonlinear import pointwise_safe
from ...errors import InvalidOptionError, ShapeError
from ...reps import trivial
from ._fields import Component, components_of, orthogonality_witness
from .linear import require_jax

__all__ = ["PointwiseNonlinearity", "NormNonlinearity", "GatedNonlinearity"]


def _check_x(x: Any, dim: int, what: str) -> None:
    if np.shape(x)[-1:] != (dim,):
        raise ShapeError(f"x: expected a last axis of size {dim} ({what}), got shape {np.shape(x)}")


def _safe_norm(jnp: Any, x: Any) -> tuple[Any, Any]:
    """``(|x|, |x| > 0)`` over the last axis, with a zero (not NaN) gradient at ``x = 0``."""
    sq = jnp.sum(jnp.abs(x) ** 2, axis=-1)
    positive = sq > 0
    return jnp.where(positive, jnp.sqrt(jnp.where(positive, sq, 1)), 0), positive


def _require_orthogonal(comps: tuple[Component, ...], who: str) -> None:
    for c in comps:
        reason = orthogonality_witness(c.rep)
        if reason is not None:
            raise InvalidOptionError(
                f"rho: {who} needs every component to act orthogonally so that the norm of a "
                f"field is invariant, but component {c.index} ({c.name}) does not: {reason}; "
                "change it to an orthogonal basis or use GatedNonlinearity")


@dataclass(frozen=True, eq=False, repr=False)
class PointwiseNonlinearity:
    """``fn`` applied to every coordinate, refused where it would break equivariance.

    Parameters
    ----------
    rho : Rep
        The representation on the features.
    fn : callable, optional
        A JAX element-wise function (default ``jax.nn.relu``).
    odd : bool, optional
        Declare that ``fn`` is odd (``fn(-t) = -fn(t)``, e.g. ``jax.numpy.tanh``); this makes it
        equivariant on signed-permutation components too. Default False.
    positive_homogeneous : bool, optional
        Declare that ``fn(c t) = c fn(t)`` for ``c > 0`` (ReLU, leaky ReLU); this makes it
        equivariant on monomial components with positive entries. Default: True for the
        default ReLU, False for a given ``fn``.

    Raises
    ------
    InvalidOptionError
        If a component of ``rho`` is not a permutation representation and ``fn`` is not
        declared to have the property its generator images need; the message carries the
        witness from `repkit.equivariant.pointwise_safe`.

    Notes
    -----
    Decided per component by `repkit.equivariant.pointwise_safe` (exact, from the generator
    images, O(ngens dim^2)): permutation components take any ``fn``, positive monomial ones the
    positively homogeneous, signed permutation ones the odd. ``apply`` is O(size of x). Cohen &
    Welling, "Group Equivariant Convolutional Networks" (ICML 2016), sec. 6.

    Examples
    --------
    >>> import repkit as rk, numpy as np
    >>> D4 = rk.dihedral(4)
    >>> m = PointwiseNonlinearity(rk.dihedral_rotation(4) + rk.regular(D4), fn=np.tanh, odd=True)
    >>> m.dim, m.init(None)
    (10, {})
    """

    rho: Any
    fn: Callable[[Any], Any] | None
    odd: bool
    positive_homogeneous: bool

    def __init__(self, rho: Any, fn: Callable[[Any], Any] | None = None, *,
                 odd: bool = False, positive_homogeneous: bool | None = None) -> None:
        homogeneous = (fn is None) if positive_homogeneous is None else bool(positive_homogeneous)
        for c in components_of(rho):
            verdict = pointwise_safe(c.rep)
            if (verdict.all_pointwise or (odd and verdict.odd_only)
                    or (homogeneous and verdict.positive_homogeneous)):
                continue
            if verdict.odd_only:
                hint = "; declare an odd fn (e.g. tanh) with odd=True"
            elif verdict.positive_homogeneous:
                hint = "; declare a positively homogeneous fn (e.g. ReLU) with positive_homogeneous=True"
            else:
                hint = ""
            raise InvalidOptionError(
                f"fn: a point-wise nonlinearity is not equivariant for component {c.index} "
                f"({c.name}) of rho: {verdict}{hint}, or use NormNonlinearity or GatedNonlinearity")
        object.__setattr__(self, "rho", rho)
        object.__setattr__(self, "fn", fn)
        object.__setattr__(self, "odd", bool(odd))
        object.__setattr__(self, "positive_homogeneous", homogeneous)

    @property
    def dim(self) -> int:
        """``rho.dim`` (input and output size)."""
        return int(self.rho.dim)

    @property
    def rho_in(self) -> Any:
        """The representation on the input (``rho``)."""
        return self.rho

    @property
    def rho_out(self) -> Any:
        """The representation on the output (``rho``)."""
        return self.rho

    def __repr__(self) -> str:
        return f"PointwiseNonlinearity({self.rho.name or 'rho'}, dim={self.dim}, odd={self.odd})"

    def init(self, key: Any) -> dict[str, Any]:
        """No parameters: ``{}``."""
        return {}

    def apply(self, params: dict[str, Any], x: Any) -> Any:
        """``fn(x)`` for ``x`` of shape ``(..., dim)``.

        Raises
        ------
        ShapeError
            If the last axis of ``x`` is not ``dim``.

        Examples
        --------
        >>> import pytest; _ = pytest.importorskip("jax")
        >>> import repkit as rk, numpy as np
        >>> m = PointwiseNonlinearity(rk.natural(rk.symmetric(3)))
        >>> np.asarray(m.apply({}, np.array([-1.0, 2.0, -3.0]))).tolist()
        [0.0, 2.0, 0.0]
        """
        jax = require_jax()
        _check_x(x, self.dim, "rho.dim")
        fn = self.fn if self.fn is not None else jax.nn.relu
        return fn(jax.numpy.asarray(x))


@dataclass(frozen=True, eq=False, repr=False)
class NormNonlinearity:
    """Per field ``f``: ``x_f * fn(|x_f| - b_f) / |x_f|``, equivariant for orthogonal components.

    Parameters
    ----------
    rho : Rep
        The representation on the features; every component must act orthogonally
        (unitarily) in its basis, checked exactly.
    fn : callable, optional
        A JAX element-wise function of the shifted norms (default ``jax.nn.relu``).
    bias : bool, optional
        Learn one shift ``b_f`` per field (default True; initialised to 0). Without it the
        shift is 0, and ``fn`` should not be the identity on ``[0, inf)`` (ReLU is).
    dtype : numpy dtype, optional
        Dtype of the shifts (default float32).

    Attributes
    ----------
    num_fields : int
        Number of fields (``sum of multiplicities``); params ``{"bias": (num_fields,)}`` in
        field order (component, then copy).

    Raises
    ------
    InvalidOptionError
        If a component does not act orthogonally (the message names it and the generator).

    Notes
    -----
    ``|rho(g) x_f| = |x_f|`` for orthogonal components, so the scale ``fn(|x_f| - b_f) / |x_f|``
    is invariant and the map commutes with ``rho(g)``; the output of a zero field is 0 (and its
    gradient too, no NaN). O(size of x). Worrall et al., "Harmonic Networks" (CVPR 2017),
    sec. 3.3; Weiler & Cesa, "General E(2)-Equivariant Steerable CNNs" (NeurIPS 2019), sec. 2.6
    ("norm nonlinearities").

    Examples
    --------
    >>> import repkit as rk
    >>> m = NormNonlinearity(3 * rk.dihedral_rotation(5))
    >>> m.num_fields, m.dim
    (3, 6)
    """

    rho: Any
    fn: Callable[[Any], Any] | None
    use_bias: bool
    dtype: np.dtype
    components: tuple[Component, ...]

    def __init__(self, rho: Any, fn: Callable[[Any], Any] | None = None, *, bias: bool = True,
                 dtype: Any = np.float32) -> None:
        comps = components_of(rho)
        _require_orthogonal(comps, "NormNonlinearity")
        for name, value in (("rho", rho), ("fn", fn), ("use_bias", bool(bias)),
                            ("dtype", np.dtype(dtype)), ("components", comps)):
            object.__setattr__(self, name, value)

    @property
    def dim(self) -> int:
        """``rho.dim``."""
        return int(self.rho.dim)

    @property
    def num_fields(self) -> int:
        """Number of fields (copies of components)."""
        return sum(c.mult for c in self.components)

    @property
    def rho_in(self) -> Any:
        """``rho``."""
        return self.rho

    @property
    def rho_out(self) -> Any:
        """``rho``."""
        return self.rho

    def __repr__(self) -> str:
        return (f"NormNonlinearity({self.rho.name or 'rho'}, dim={self.dim}, "
                f"fields={self.num_fields}, bias={self.use_bias})")

    def init(self, key: Any) -> dict[str, Any]:
        """``{"bias": zeros (num_fields,)}`` with ``bias=True``, else ``{}``.

        Examples
        --------
        >>> import pytest; _ = pytest.importorskip("jax")
        >>> import repkit as rk
        >>> NormNonlinearity(2 * rk.dihedral_rotation(4)).init(None)["bias"].shape
        (2,)
        """
        if not self.use_bias:
            return {}
        return {"bias": require_jax().numpy.zeros((self.num_fields,), self.dtype)}

    def apply(self, params: dict[str, Any], x: Any) -> Any:
        """The norm nonlinearity on ``x`` of shape ``(..., dim)``.

        Raises
        ------
        ShapeError
            If ``x`` or ``params["bias"]`` has the wrong size.

        Examples
        --------
        >>> import pytest; _ = pytest.importorskip("jax")
        >>> import repkit as rk, numpy as np
        >>> m = NormNonlinearity(rk.dihedral_rotation(4))
        >>> y = m.apply({"bias": np.array([1.0])}, np.array([3.0, 4.0]))   # norm 5 -> relu(5 - 1) = 4
        >>> bool(np.allclose(y, [2.4, 3.2]))
        True
        """
        jax = require_jax()
        jnp = jax.numpy
        _check_x(x, self.dim, "rho.dim")
        fn = self.fn if self.fn is not None else jax.nn.relu
        shift = params.get("bias") if self.use_bias else None
        if shift is not None and np.shape(shift) != (self.num_fields,):
            raise ShapeError(f"params['bias']: expected shape ({self.num_fields},), got "
                             f"{np.shape(shift)}")
        x = jnp.asarray(x)
        lead = x.shape[:-1]
        out, field = [], 0
        for c in self.components:
            xc = x[..., c.offset:c.offset + c.size].reshape(lead + (c.mult, c.dim))
            norm, positive = _safe_norm(jnp, xc)
            arg = norm if shift is None else norm - jnp.asarray(shift)[field:field + c.mult]
            scale = jnp.where(positive, fn(arg) / jnp.where(positive, norm, 1), 0)
            out.append((xc * scale[..., None]).reshape(lead + (c.size,)))
            field += c.mult
        return out[0] if len(out) == 1 else jnp.concatenate(out, axis=-1)


@dataclass(frozen=True, eq=False, repr=False)
class GatedNonlinearity:
    """Gated nonlinearity: every non-trivial field times ``fn`` of its own invariant gate.

    Parameters
    ----------
    rho : Rep
        The representation on the gated features (the output).
    gates : {"field", "component"}, optional
        One gate per non-trivial field (default), or one per non-trivial component, shared by
        its copies.
    fn : callable, optional
        Applied to the gates (default ``jax.nn.sigmoid``).
    scalar_fn : callable, optional
        Applied point-wise to the trivial fields of ``rho``, which need no gate (default
        ``jax.nn.relu``).

    Attributes
    ----------
    num_gates : int
        The number of gates ``n``.
    rho_in : Rep
        ``rho + n * trivial``: the input is the features followed by the ``n`` gates (gate
        ``q`` belongs to the q-th non-trivial field, or component, in layout order).
    rho_out : Rep
        ``rho``.

    Raises
    ------
    InvalidOptionError
        If ``gates`` is not one of the two options, or ``rho`` has no non-trivial field.

    Notes
    -----
    The gates transform by the trivial representation, so ``fn(gate)`` is invariant and
    ``x_f * fn(gate_f)`` commutes with ``rho(g)`` whatever ``rho`` does inside a field; no
    condition on the components. O(size of x). Weiler et al., "3D Steerable CNNs" (NeurIPS
    2018), sec. 4.3 (gated nonlinearities).

    Examples
    --------
    >>> import repkit as rk
    >>> G = rk.dihedral(4)
    >>> m = GatedNonlinearity(3 * rk.dihedral_rotation(4) + 2 * rk.trivial(G))
    >>> m.num_gates, m.rho_in.dim, m.rho_out.dim
    (3, 11, 8)
    """

    rho: Any
    gates: str
    fn: Callable[[Any], Any] | None
    scalar_fn: Callable[[Any], Any] | None
    components: tuple[Component, ...]

    def __init__(self, rho: Any, gates: Literal["field", "component"] = "field", *,
                 fn: Callable[[Any], Any] | None = None,
                 scalar_fn: Callable[[Any], Any] | None = None) -> None:
        if gates not in ("field", "component"):
            raise InvalidOptionError(f"gates: expected 'field' or 'component', got {gates!r}")
        comps = components_of(rho)
        if all(c.is_trivial for c in comps):
            raise InvalidOptionError("rho: expected at least one non-trivial component to gate, got "
                                     f"only trivial ones ({rho.name or rho}); use "
                                     "PointwiseNonlinearity")
        for name, value in (("rho", rho), ("gates", gates), ("fn", fn), ("scalar_fn", scalar_fn),
                            ("components", comps)):
            object.__setattr__(self, name, value)

    @property
    def num_gates(self) -> int:
        """One per non-trivial field (``gates="field"``) or component (``"component"``)."""
        gated = [c for c in self.components if not c.is_trivial]
        return sum(c.mult for c in gated) if self.gates == "field" else len(gated)

    @property
    def rho_in(self) -> Any:
        """``rho + num_gates * trivial``."""
        return self.rho + self.num_gates * trivial(self.rho.group)

    @property
    def rho_out(self) -> Any:
        """``rho``."""
        return self.rho

    @property
    def in_dim(self) -> int:
        """``rho.dim + num_gates``."""
        return int(self.rho.dim) + self.num_gates

    @property
    def dim(self) -> int:
        """``rho.dim`` (the output size)."""
        return int(self.rho.dim)

    def __repr__(self) -> str:
        return (f"GatedNonlinearity({self.rho.name or 'rho'}, dim={self.dim}, "
                f"gates={self.num_gates} per {self.gates})")

    def init(self, key: Any) -> dict[str, Any]:
        """No parameters: ``{}``."""
        return {}

    def apply(self, params: dict[str, Any], x: Any) -> Any:
        """Gate ``x`` of shape ``(..., rho.dim + num_gates)``; returns ``(..., rho.dim)``.

        Raises
        ------
        ShapeError
            If the last axis of ``x`` is not ``in_dim``.

        Examples
        --------
        >>> import pytest; _ = pytest.importorskip("jax")
        >>> import repkit as rk, numpy as np
        >>> G = rk.dihedral(4)
        >>> m = GatedNonlinearity(rk.dihedral_rotation(4) + rk.trivial(G), fn=lambda t: t)
        >>> np.asarray(m.apply({}, np.array([1.0, 2.0, -5.0, 3.0]))).tolist()   # gate 3, ReLU(-5)
        [3.0, 6.0, 0.0]
        """
        jax = require_jax()
        jnp = jax.numpy
        _check_x(x, self.in_dim, "rho.dim + num_gates")
        fn = self.fn if self.fn is not None else jax.nn.sigmoid
        scalar_fn = self.scalar_fn if self.scalar_fn is not None else jax.nn.relu
        x = jnp.asarray(x)
        lead = x.shape[:-1]
        gate = fn(x[..., self.dim:])
        out, q = [], 0
        for c in self.components:
            xc = x[..., c.offset:c.offset + c.size]
            if c.is_trivial:
                out.append(scalar_fn(xc))
                continue
            if self.gates == "field":
                g, q = gate[..., q:q + c.mult], q + c.mult
            else:
                g, q = jnp.repeat(gate[..., q:q + 1], c.mult, axis=-1), q + 1
            out.append((xc.reshape(lead + (c.mult, c.dim)) * g[..., None]).reshape(lead + (c.size,)))
        return out[0] if len(out) == 1 else jnp.concatenate(out, axis=-1)
