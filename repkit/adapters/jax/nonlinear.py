"""JAX nonlinearities that keep equivariance: point-wise, norm and gated, field by field.

Each takes the representation ``rho`` it acts on, checks exactly (from the generator images of
each component, see `repkit.adapters.jax._fields`) that the nonlinearity commutes with it, and
refuses with :class:`~repkit.errors.InvalidOptionError` and the reason otherwise. A *field* is one
copy of one component of ``rho`` (``rho.components``, copy-major layout). Like the layers, each
is a pure pair: ``params = m.init(key)`` (an empty dict when there is nothing to learn) and
``y = m.apply(params, x)`` for ``x`` of shape ``(..., dim)``.

* `PointwiseNonlinearity(rho, fn)`: ``fn`` on every coordinate; for permutation components
  (any ``fn``), positive monomial ones (``fn_class="positive_homogeneous"``: ReLU, the default)
  and signed-permutation ones (``fn_class="odd"``: tanh).
* `NormNonlinearity(rho, fn)`: ``x_f * fn(|x_f| + b_f) / |x_f|`` per field ``f``, for components
  acting orthogonally (the norm of a field is then invariant); a learnable ``b_f`` per field.
* `GatedNonlinearity(rho, gates)`: the last ``n`` copies of a trivial component of ``rho`` are
  gates, one per non-trivial field; every non-trivial field is multiplied by ``fn`` of its gate,
  the other trivial fields go through ``scalar_fn``, and the gates are consumed.

The constructor signatures, layouts and defaults are those of `repkit.adapters.torch`.

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

import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from ...equivariant.fourier import FourierEmbedding, fourier_embedding
from ...equivariant.nonlinear import pointwise_safe
from ...errors import InvalidOptionError, ShapeError
from ...reps import trivial
from ._fields import Component, components_of, orthogonality_witness
from .linear import require_jax

__all__ = ["PointwiseNonlinearity", "NormNonlinearity", "GatedNonlinearity", "FourierNonlinearity",
           "FN_CLASSES"]


#: What the caller vouches for about a point-wise ``fn``: nothing, positively homogeneous, or odd.
FN_CLASSES = (None, "positive_homogeneous", "odd")


def _fn_class(fn: Any, fn_class: str | None) -> str | None:
    """The class of ``fn``: the given one, or the known class of ReLU / tanh (default ReLU)."""
    if fn_class not in FN_CLASSES:
        raise InvalidOptionError(f"fn_class: expected one of {FN_CLASSES}, got {fn_class!r}")
    if fn is None:
        return "positive_homogeneous" if fn_class is None else fn_class
    if fn_class is None:
        jax = sys.modules.get("jax")             # a JAX function means JAX is already imported
        if jax is not None and fn is jax.nn.relu:
            return "positive_homogeneous"
        if fn is np.tanh or (jax is not None and fn is jax.numpy.tanh):
            return "odd"
    return fn_class


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
    fn_class : {None, "positive_homogeneous", "odd"}, optional
        What the caller vouches for about ``fn``: ``fn(c t) = c fn(t)`` for ``c > 0`` (ReLU,
        leaky ReLU), or ``fn(-t) = -fn(t)`` (tanh). Default: ``"positive_homogeneous"`` for the
        default ReLU and ``jax.nn.relu``, ``"odd"`` for ``jax.numpy.tanh`` / ``numpy.tanh``,
        nothing (None) for any other ``fn``.

    Raises
    ------
    InvalidOptionError
        If a component of ``rho`` needs a class of ``fn`` it was not declared to have (any ``fn``
        for permutation components, positively homogeneous for positive monomial ones, odd for
        signed permutation ones, none for the others); the message carries the witness from
        `repkit.equivariant.pointwise_safe`.

    Notes
    -----
    Decided per component by `repkit.equivariant.pointwise_safe` (exact, from the generator
    images, O(ngens dim^2)). ``apply`` is O(size of x). Cohen & Welling, "Group Equivariant
    Convolutional Networks" (ICML 2016), sec. 6.

    Examples
    --------
    >>> import repkit as rk, numpy as np
    >>> D4 = rk.dihedral(4)
    >>> m = PointwiseNonlinearity(rk.dihedral_rotation(4) + rk.regular(D4), fn=np.tanh)
    >>> m.dim, m.fn_class, m.init(None)
    (10, 'odd', {})
    """

    rho: Any
    fn: Callable[[Any], Any] | None
    fn_class: str | None

    def __init__(self, rho: Any, fn: Callable[[Any], Any] | None = None, *,
                 fn_class: str | None = None) -> None:
        kind = _fn_class(fn, fn_class)
        for c in components_of(rho):
            verdict = pointwise_safe(c.rep)
            if (verdict.all_pointwise or (kind == "odd" and verdict.odd_only)
                    or (kind == "positive_homogeneous" and verdict.positive_homogeneous)):
                continue
            if verdict.odd_only:
                hint = "; an odd fn (e.g. tanh, fn_class='odd') would be equivariant"
            elif verdict.positive_homogeneous:
                hint = ("; a positively homogeneous fn (e.g. ReLU, fn_class='positive_homogeneous') "
                        "would be equivariant")
            else:
                hint = ""
            raise InvalidOptionError(
                f"fn: a point-wise nonlinearity is not equivariant for component {c.index} "
                f"({c.name}) of rho: {verdict}{hint}, or use NormNonlinearity or GatedNonlinearity")
        object.__setattr__(self, "rho", rho)
        object.__setattr__(self, "fn", fn)
        object.__setattr__(self, "fn_class", kind)

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
        return f"PointwiseNonlinearity({self.rho.name or 'rho'}, dim={self.dim}, fn_class={self.fn_class!r})"

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
    """Per field ``f``: ``x_f * fn(|x_f| + b_f) / |x_f|``, equivariant for orthogonal components.

    Parameters
    ----------
    rho : Rep
        The representation on the features; every component must act orthogonally
        (unitarily) in its basis, checked exactly.
    fn : callable, optional
        A JAX element-wise function of the shifted norms (default ``jax.nn.relu``).
    bias : bool, optional
        Learn one shift ``b_f`` per field (default True). Without it the shift is 0, and ``fn``
        should not be the identity on ``[0, inf)`` (ReLU is).
    bias_init : float, optional
        Initial shift (default -0.1: with ReLU and ``b = 0`` the map would be the identity).
    dtype : numpy dtype, optional
        Dtype of the shifts (default float32).

    Attributes
    ----------
    num_fields : int
        Number of fields (the sum of the multiplicities); params ``{"bias": (num_fields,)}`` in
        field order (component, then copy).

    Raises
    ------
    InvalidOptionError
        If a component does not act orthogonally (the message names it and the generator).

    Notes
    -----
    ``|rho(g) x_f| = |x_f|`` for orthogonal components, so the scale ``fn(|x_f| + b_f) / |x_f|``
    is invariant and the map commutes with ``rho(g)``. The norm is exact (no epsilon); a zero
    field gives 0, with a zero (not NaN) gradient. O(size of x). Worrall et al., "Harmonic
    Networks" (CVPR 2017), sec. 3.3; Weiler & Cesa, "General E(2)-Equivariant Steerable CNNs"
    (NeurIPS 2019), sec. 2.6 ("norm nonlinearities").

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
    bias_init: float
    dtype: np.dtype
    components: tuple[Component, ...]

    def __init__(self, rho: Any, fn: Callable[[Any], Any] | None = None, *, bias: bool = True,
                 bias_init: float = -0.1, dtype: Any = np.float32) -> None:
        comps = components_of(rho)
        _require_orthogonal(comps, "NormNonlinearity")
        for name, value in (("rho", rho), ("fn", fn), ("use_bias", bool(bias)),
                            ("bias_init", float(bias_init)), ("dtype", np.dtype(dtype)),
                            ("components", comps)):
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
        """``{"bias": (num_fields,)}`` filled with ``bias_init`` when ``bias=True``, else ``{}``.

        Examples
        --------
        >>> import pytest; _ = pytest.importorskip("jax")
        >>> import repkit as rk
        >>> NormNonlinearity(2 * rk.dihedral_rotation(4)).init(None)["bias"].shape
        (2,)
        """
        if not self.use_bias:
            return {}
        return {"bias": require_jax().numpy.full((self.num_fields,), self.bias_init, self.dtype)}

    def apply(self, params: dict[str, Any], x: Any) -> Any:
        """The norm nonlinearity on ``x`` of shape ``(..., dim)``.

        Raises
        ------
        ShapeError
            If ``x`` or ``params["bias"]`` has the wrong size, or the bias is missing.

        Examples
        --------
        >>> import pytest; _ = pytest.importorskip("jax")
        >>> import repkit as rk, numpy as np
        >>> m = NormNonlinearity(rk.dihedral_rotation(4))
        >>> y = m.apply({"bias": np.array([-1.0])}, np.array([3.0, 4.0]))   # norm 5 -> relu(5 - 1) = 4
        >>> bool(np.allclose(y, [2.4, 3.2]))
        True
        """
        jax = require_jax()
        jnp = jax.numpy
        _check_x(x, self.dim, "rho.dim")
        fn = self.fn if self.fn is not None else jax.nn.relu
        shift = None
        if self.use_bias:
            if not isinstance(params, dict) or "bias" not in params:
                raise ShapeError("params: expected {'bias': (num_fields,)} as returned by init, got "
                                 f"{params!r:.80}")
            shift = params["bias"]
            if np.shape(shift) != (self.num_fields,):
                raise ShapeError(f"params['bias']: expected shape ({self.num_fields},), got "
                                 f"{np.shape(shift)}")
        x = jnp.asarray(x)
        lead = x.shape[:-1]
        out, field = [], 0
        for c in self.components:
            xc = x[..., c.offset:c.offset + c.size].reshape(lead + (c.mult, c.dim))
            norm, positive = _safe_norm(jnp, xc)
            arg = norm if shift is None else norm + jnp.asarray(shift)[field:field + c.mult]
            scale = jnp.where(positive, fn(arg) / jnp.where(positive, norm, 1), 0)
            out.append((xc * scale[..., None]).reshape(lead + (c.size,)))
            field += c.mult
        return out[0] if len(out) == 1 else jnp.concatenate(out, axis=-1)


@dataclass(frozen=True, eq=False, repr=False)
class GatedNonlinearity:
    """Gated nonlinearity: every non-trivial field times ``fn`` of its own invariant gate.

    Layout: with ``n`` the number of fields (copies) of the non-trivial components of ``rho``,
    the **last** ``n`` copies of one trivial component (``gates``) hold the gates; gate ``q``
    multiplies the ``q``-th non-trivial field (component order, then copy order). Every other
    trivial copy is a scalar and goes through ``scalar_fn``. The output is ``rho`` without the
    gates (``rho_out``), e.g. ``4x rot + 7x 1 -> 4x rot + 3x 1``.

    Parameters
    ----------
    rho : Rep
        The representation on the input (features and gates).
    gates : int, optional
        Index in ``rho.components`` of the trivial component holding the gates; default the
        last trivial component with at least ``n`` copies.
    fn : callable, optional
        Applied to the gates (default ``jax.nn.sigmoid``).
    scalar_fn : callable, optional
        Applied to the other trivial fields (default ``jax.nn.relu``).

    Attributes
    ----------
    num_gates : int
        ``n``.
    rho_in, rho_out : Rep
        ``rho``, and ``rho`` without the gates.

    Raises
    ------
    InvalidOptionError
        If ``rho`` has no non-trivial field, no trivial component with ``n`` copies, or ``gates``
        does not name one.

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
    >>> m = GatedNonlinearity(3 * rk.dihedral_rotation(4) + 5 * rk.trivial(G))
    >>> m.num_gates, m.rho_in.dim, m.rho_out.dim, str(m.rho_out.name)
    (3, 11, 8, '3x rot + 2x 1')
    """

    rho: Any
    gates: int
    fn: Callable[[Any], Any] | None
    scalar_fn: Callable[[Any], Any] | None
    components: tuple[Component, ...]
    rho_out: Any
    _kept: tuple[tuple[Component, int], ...]
    _gate_offset: int

    def __init__(self, rho: Any, gates: int | None = None, fn: Callable[[Any], Any] | None = None,
                 *, scalar_fn: Callable[[Any], Any] | None = None) -> None:
        comps = components_of(rho)
        n = sum(c.mult for c in comps if not c.is_trivial)
        if n == 0:
            raise InvalidOptionError("rho: expected at least one non-trivial field to gate, got only "
                                     f"trivial ones ({rho.name or rho}); use PointwiseNonlinearity")
        if gates is None:
            found = [c.index for c in comps if c.is_trivial and c.mult >= n]
            if not found:
                raise InvalidOptionError(
                    f"rho: expected a trivial component with at least one copy per non-trivial field "
                    f"({n}), got components {[(c.name, c.mult) for c in comps]}")
            gates = found[-1]
        if (isinstance(gates, bool) or not isinstance(gates, (int, np.integer))
                or not 0 <= gates < len(comps) or not comps[gates].is_trivial or comps[gates].mult < n):
            raise InvalidOptionError(f"gates: expected the index of a trivial component with at least "
                                     f"{n} copies in rho.components, got {gates!r}")
        gates = int(gates)
        kept = tuple((c, c.mult - (n if c.index == gates else 0)) for c in comps)
        kept = tuple((c, k) for c, k in kept if k > 0)
        parts = [c.rep if k == 1 else k * c.rep for c, k in kept]
        rho_out = parts[0]
        for part in parts[1:]:
            rho_out = rho_out + part
        g = comps[gates]
        for name, value in (("rho", rho), ("gates", gates), ("fn", fn), ("scalar_fn", scalar_fn),
                            ("components", comps), ("rho_out", rho_out), ("_kept", kept),
                            ("_gate_offset", g.offset + g.mult - n)):
            object.__setattr__(self, name, value)

    @property
    def num_gates(self) -> int:
        """One gate per non-trivial field."""
        return sum(c.mult for c in self.components if not c.is_trivial)

    @property
    def rho_in(self) -> Any:
        """``rho`` (features and gates)."""
        return self.rho

    @property
    def in_dim(self) -> int:
        """``rho.dim``."""
        return int(self.rho.dim)

    @property
    def dim(self) -> int:
        """``rho_out.dim`` (the output size)."""
        return int(self.rho_out.dim)

    def __repr__(self) -> str:
        return (f"GatedNonlinearity({self.rho.name or 'rho'}, out={self.dim}, gates={self.num_gates} "
                f"copies of component {self.gates})")

    def init(self, key: Any) -> dict[str, Any]:
        """No parameters: ``{}``."""
        return {}

    def apply(self, params: dict[str, Any], x: Any) -> Any:
        """Gate ``x`` of shape ``(..., rho.dim)``; returns ``(..., rho_out.dim)``.

        Raises
        ------
        ShapeError
            If the last axis of ``x`` is not ``rho.dim``.

        Examples
        --------
        >>> import pytest; _ = pytest.importorskip("jax")
        >>> import repkit as rk, numpy as np
        >>> G = rk.dihedral(4)
        >>> m = GatedNonlinearity(rk.dihedral_rotation(4) + 2 * rk.trivial(G), fn=lambda t: t)
        >>> np.asarray(m.apply({}, np.array([1.0, 2.0, -5.0, 3.0]))).tolist()   # ReLU(-5), gate 3
        [3.0, 6.0, 0.0]
        """
        jax = require_jax()
        jnp = jax.numpy
        _check_x(x, self.in_dim, "rho.dim")
        fn = self.fn if self.fn is not None else jax.nn.sigmoid
        scalar_fn = self.scalar_fn if self.scalar_fn is not None else jax.nn.relu
        x = jnp.asarray(x)
        lead = x.shape[:-1]
        gate = fn(x[..., self._gate_offset:self._gate_offset + self.num_gates])
        out, q = [], 0
        for c, k in self._kept:
            xc = x[..., c.offset:c.offset + k * c.dim]
            if c.is_trivial:
                out.append(scalar_fn(xc))
                continue
            g, q = gate[..., q:q + k], q + k
            out.append((xc.reshape(lead + (k, c.dim)) * g[..., None]).reshape(lead + (k * c.dim,)))
        return out[0] if len(out) == 1 else jnp.concatenate(out, axis=-1)


def _refusal(rep: Any, kind: str | None) -> str | None:
    """None if a point-wise function of class ``kind`` commutes with ``rep``, else the verdict."""
    verdict = pointwise_safe(rep)
    if (verdict.all_pointwise or (kind == "odd" and verdict.odd_only)
            or (kind == "positive_homogeneous" and verdict.positive_homogeneous)):
        return None
    return str(verdict)


class FourierNonlinearity:
    """``x_f -> B fn(A x_f)`` per field: exact embedding into a permutation rep, point-wise there, back.

    Parameters
    ----------
    rho : Rep
    fn : callable, optional
        Applied point-wise in the target (default ``jax.nn.relu``).
    target : Rep, optional
        The permutation representation ``P`` (default ``repkit.regular(rho.group)``).
    fn_class : {None, "positive_homogeneous", "odd"}, optional
        As in `PointwiseNonlinearity`: ``fn`` must commute with ``target``.

    Raises
    ------
    InvalidOptionError
        If ``fn`` is not equivariant on the target.
    NoSuchRepresentationError
        If a component does not embed in the target.

    Notes
    -----
    One exact embedding ``A`` (``P.dim x m``) and left inverse ``B`` (``m x P.dim``, ``B A = I``)
    per distinct component (`repkit.equivariant.fourier`, the same as the PyTorch module), rounded
    once to float; exactly equivariant for every ``fn`` commuting with ``P`` (escnn's
    ``FourierPointwise``, built exactly). ``apply`` costs O(size of x * P.dim).

    Examples
    --------
    >>> import repkit as rk
    >>> m = FourierNonlinearity(2 * rk.dihedral_rotation(4))
    >>> m.dim, [e.target.dim for e in m.embeddings], m.init(None)
    (4, [8], {})
    """

    rho: Any
    fn: Callable[[Any], Any] | None
    fn_class: str | None
    embeddings: tuple[FourierEmbedding, ...]

    def __init__(self, rho: Any, fn: Callable[[Any], Any] | None = None, target: Any = None, *,
                 fn_class: str | None = None) -> None:
        kind = _fn_class(fn, fn_class)
        comps = components_of(rho)
        seen: dict[Any, int] = {}
        embeddings: list[FourierEmbedding] = []
        which: list[int] = []
        for c in comps:
            if c.rep not in seen:
                emb = fourier_embedding(c.rep, target)
                why = _refusal(emb.target, kind)
                if why is not None:
                    raise InvalidOptionError(f"fn: the point-wise function (fn_class={kind!r}) is not "
                                             f"equivariant on the target {emb.target.name or 'P'}: {why}")
                seen[c.rep] = len(embeddings)
                embeddings.append(emb)
            which.append(seen[c.rep])
        arrays = [e.to_numpy(np.float64) for e in embeddings]
        object.__setattr__(self, "rho", rho)
        object.__setattr__(self, "fn", fn)
        object.__setattr__(self, "fn_class", kind)
        object.__setattr__(self, "embeddings", tuple(embeddings))
        object.__setattr__(self, "_plan", tuple((c.offset, c.mult, c.dim, arrays[n]) for c, n in zip(comps, which)))

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
        return (f"FourierNonlinearity({self.rho.name or 'rho'}, dim={self.dim}, "
                f"targets={[e.target.dim for e in self.embeddings]})")

    def init(self, key: Any) -> dict[str, Any]:
        """No parameters: ``{}``."""
        return {}

    def apply(self, params: dict[str, Any], x: Any) -> Any:
        """The nonlinearity on ``x`` of shape ``(..., dim)``.

        Examples
        --------
        >>> import pytest; _ = pytest.importorskip("jax")
        >>> import numpy as np, repkit as rk
        >>> rot = rk.dihedral_rotation(4)
        >>> m = FourierNonlinearity(rot)
        >>> x = np.array([[0.3, -1.2]])
        >>> R = rot("r").to_numpy(float)
        >>> bool(np.allclose(m.apply({}, x @ R.T), np.asarray(m.apply({}, x)) @ R.T, atol=1e-6))
        True
        """
        jax = require_jax()
        jnp = jax.numpy
        _check_x(x, self.dim, "rho.dim")
        fn = self.fn if self.fn is not None else jax.nn.relu
        x = jnp.asarray(x)
        lead = x.shape[:-1]
        parts = []
        for offset, mult, m, (A, B) in self._plan:
            xc = x[..., offset:offset + mult * m].reshape(*lead, mult, m)
            A_, B_ = jnp.asarray(A, x.dtype), jnp.asarray(B, x.dtype)
            parts.append((fn(xc @ A_.T) @ B_.T).reshape(*lead, mult * m))
        return jnp.concatenate(parts, axis=-1)

