"""Equivariant nonlinearities as torch modules: point-wise, norm, gated and Fourier.

Each module takes the representation ``rho`` of its input (features ``(..., rho.dim)`` in the
copy-major layout of `repkit.Rep.components`), checks exactly that it keeps equivariance, and
is tagged with ``rho_in`` and ``rho_out``:

* `PointwiseNonlinearity` applies ``fn`` to every coordinate. Refused (`InvalidOptionError`,
  with the reason from `repkit.equivariant.nonlinear.pointwise_safe`) unless every component
  is a permutation rep, or a positive monomial rep and ``fn`` is positively homogeneous (ReLU,
  the default), or a signed permutation rep and ``fn`` is odd (``fn_class="odd"``).
* `NormNonlinearity` scales each field (one copy of one component) by ``fn(|x| + b) / |x|``:
  equivariant when every component acts orthogonally (unitarily), which is checked exactly on
  the generator images.
* `GatedNonlinearity` multiplies each non-trivial field by ``fn(gate)`` for a trivial gate
  scalar, and applies ``scalar_fn`` to the other trivial components; the gates are consumed:
  ``rho_out`` is ``rho`` without the gate component.
* `FourierNonlinearity` sends each component through the exact embedding ``A`` into a
  permutation representation (default: the regular one), applies ``fn`` there and comes back by
  the exact left inverse ``B`` (`repkit.equivariant.fourier`).

Examples
--------
>>> import pytest; torch = pytest.importorskip("torch")
>>> import repkit as rk
>>> from repkit.adapters.torch import PointwiseNonlinearity, NormNonlinearity
>>> G = rk.dihedral(4)
>>> rot = rk.dihedral_rotation(4)
>>> try:
...     PointwiseNonlinearity(4 * rot)
... except rk.InvalidOptionError as exc:
...     print("not equivariant" in str(exc))
True
>>> NormNonlinearity(4 * rot)(torch.randn(5, 8)).shape
torch.Size([5, 8])
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

from ...equivariant.fourier import fourier_embedding
from ...equivariant.nonlinear import pointwise_safe
from ...errors import InvalidOptionError, ShapeError
from . import require_torch
from ._layout import component_slices, is_trivial, orthogonality_witness, require_rep, resolve_dtype

__all__ = ["PointwiseNonlinearity", "NormNonlinearity", "GatedNonlinearity", "FourierNonlinearity",
           "FN_CLASSES", "pointwise_refusal"]

#: What the caller vouches for about ``fn``: nothing, positively homogeneous, or odd.
FN_CLASSES = (None, "positive_homogeneous", "odd")


def pointwise_refusal(rep: Any, fn_class: str | None) -> str | None:
    """None if a point-wise ``fn`` of the given class commutes with ``rep``, else the reason.

    Parameters
    ----------
    rep : Rep
    fn_class : {None, "positive_homogeneous", "odd"}
        ``None``: nothing is known about ``fn`` (only permutation reps are safe).

    Examples
    --------
    >>> import repkit as rk
    >>> rot = rk.dihedral_rotation(4)
    >>> pointwise_refusal(rot, "odd") is None, pointwise_refusal(rot, "positive_homogeneous") is None
    (True, False)
    """
    if fn_class not in FN_CLASSES:
        raise InvalidOptionError(f"fn_class: expected one of {FN_CLASSES}, got {fn_class!r}")
    verdict = pointwise_safe(rep)
    if verdict.all_pointwise:
        return None
    if fn_class == "positive_homogeneous" and verdict.positive_homogeneous:
        return None
    if fn_class == "odd" and verdict.odd_only:
        return None
    return str(verdict)


def _default_fn(fn: Any, fn_class: str | None, torch: Any) -> tuple[Any, str | None]:
    if fn is None:
        return torch.relu, "positive_homogeneous"
    if fn_class is None and fn in (torch.relu, torch.nn.functional.relu):
        return fn, "positive_homogeneous"
    if fn_class is None and fn is torch.tanh:
        return fn, "odd"
    return fn, fn_class


def _label(rep: Any) -> str:
    return str(rep.name or "rho")


def _check_width(x: Any, width: int) -> None:
    if not hasattr(x, "ndim") or not hasattr(x, "shape"):
        raise ShapeError(f"x: expected a torch.Tensor of shape (..., {width}), got {type(x).__name__}")
    if x.ndim == 0 or x.shape[-1] != width:
        raise ShapeError(f"x: expected a last axis of size {width} (rho.dim), got shape {tuple(x.shape)}")


@functools.cache
def _classes() -> dict[str, type]:
    """Define the module classes once PyTorch is importable (the lazy import point)."""
    torch = require_torch()

    class PointwiseNonlinearity(torch.nn.Module):
        """``fn`` applied to every coordinate, refused where that breaks equivariance.

        Parameters
        ----------
        rho : Rep
            The representation of the features.
        fn : callable, optional
            Element-wise torch function; default ``torch.relu``.
        fn_class : {None, "positive_homogeneous", "odd"}, optional
            What ``fn`` satisfies (``torch.relu`` is known positively homogeneous, ``torch.tanh``
            odd); decides which components are accepted.

        Raises
        ------
        InvalidOptionError
            If ``fn`` is not equivariant for some component; the message names it and gives
            the exact reason.

        Examples
        --------
        >>> import pytest; torch = pytest.importorskip("torch")
        >>> import repkit as rk
        >>> from repkit.adapters.torch import PointwiseNonlinearity
        >>> m = PointwiseNonlinearity(3 * rk.regular(rk.dihedral(4)))
        >>> m(torch.tensor([[-1.0] * 12 + [2.0] * 12])).sum().item()
        24.0
        """

        def __init__(self, rho: Any, fn: Any = None, *, fn_class: str | None = None) -> None:
            super().__init__()
            rho = require_rep(rho)
            self.fn, self.fn_class = _default_fn(fn, fn_class, torch)
            for idx, (c, k, _) in enumerate(component_slices(rho)):
                why = pointwise_refusal(c, self.fn_class)
                if why is not None:
                    raise InvalidOptionError(
                        f"fn: a point-wise nonlinearity (fn_class={self.fn_class!r}) is not equivariant "
                        f"on component {idx} ({k}x {_label(c)}) of rho: {why}; use NormNonlinearity, "
                        "GatedNonlinearity or FourierNonlinearity there")
            self.rho_in = self.rho_out = rho

        def forward(self, x: Any) -> Any:
            """Apply ``fn`` to ``x`` of shape (..., rho.dim)."""
            _check_width(x, self.rho_in.dim)
            return self.fn(x)

        def extra_repr(self) -> str:
            return f"dim={self.rho_in.dim}, fn={getattr(self.fn, '__name__', self.fn)}"

    class NormNonlinearity(torch.nn.Module):
        """Each field ``x_f`` (one copy of one component) becomes ``x_f * fn(|x_f| + b_f) / |x_f|``.

        Parameters
        ----------
        rho : Rep
            Every component must act orthogonally (unitarily), so that ``|x_f|`` is invariant.
        fn : callable, optional
            Applied to the shifted norms; default ``torch.relu``.
        bias : bool, optional
            A learnable shift ``b_f`` per field, parameters ``bias_{i}`` of shape ``(K,)`` for
            component ``i``, initialised to ``bias_init``; default True.
        bias_init : float, optional
            Default ``-0.1`` (with ``fn = relu`` and ``b = 0`` the map would be the identity).
        eps : float, optional
            ``|x_f|`` is computed as ``sqrt(|x_f|^2 + eps)``; default ``1e-12``.
        dtype, device : optional

        Raises
        ------
        InvalidOptionError
            If a component is not orthogonal (the message names its generator).

        Notes
        -----
        ``|rho_c(g) x_f| = |x_f|`` for orthogonal ``rho_c``, so every scale factor is invariant
        and the map commutes with ``rho(g)``. Cost O(size of x). Worrall et al., "Harmonic
        Networks" (CVPR 2017); Weiler & Cesa (NeurIPS 2019), norm nonlinearities.

        Examples
        --------
        >>> import pytest; torch = pytest.importorskip("torch")
        >>> import repkit as rk
        >>> from repkit.adapters.torch import NormNonlinearity
        >>> m = NormNonlinearity(rk.dihedral_rotation(4), bias=False)     # relu(|x|) / |x| = 1
        >>> m(torch.tensor([[3.0, 4.0]])).tolist()
        [[3.0, 4.0]]
        """

        def __init__(self, rho: Any, fn: Any = None, *, bias: bool = True, bias_init: float = -0.1,
                     eps: float = 1e-12, dtype: Any = None, device: Any = None) -> None:
            super().__init__()
            rho = require_rep(rho)
            self.fn = torch.relu if fn is None else fn
            self.eps = float(eps)
            self.slices = component_slices(rho)
            self._bias_names: list[str | None] = []
            for idx, (c, k, _) in enumerate(self.slices):
                why = orthogonality_witness(c)
                if why is not None:
                    raise InvalidOptionError(
                        f"rho: a norm nonlinearity needs orthogonal components, but component {idx} "
                        f"({k}x {_label(c)}) is not: {why}")
                if bias:
                    name = f"bias_{idx}"
                    self.register_parameter(name, torch.nn.Parameter(
                        torch.full((k,), float(bias_init), dtype=dtype, device=device)))
                    self._bias_names.append(name)
                else:
                    self._bias_names.append(None)
            self.rho_in = self.rho_out = rho

        def forward(self, x: Any) -> Any:
            """Scale every field of ``x`` (..., rho.dim) by its invariant factor."""
            _check_width(x, self.rho_in.dim)
            lead = x.shape[:-1]
            parts = []
            for (c, k, o), name in zip(self.slices, self._bias_names):
                xc = x[..., o:o + k * c.dim].reshape(*lead, k, c.dim)
                norm = torch.sqrt(xc.abs().pow(2).sum(-1) + self.eps)
                shifted = norm if name is None else norm + getattr(self, name)
                parts.append((xc * (self.fn(shifted) / norm).unsqueeze(-1)).reshape(*lead, k * c.dim))
            return torch.cat(parts, dim=-1)

        def extra_repr(self) -> str:
            return f"dim={self.rho_in.dim}, fields={sum(k for _, k, _ in self.slices)}"

    class GatedNonlinearity(torch.nn.Module):
        """Non-trivial fields times ``fn`` of trivial gates; the gates are consumed.

        Layout: ``rho`` is a sum of components; with ``n`` the number of fields (copies) of the
        non-trivial components, the **last** ``n`` copies of one trivial component (``gates``)
        hold the gates; gate ``q`` multiplies the ``q``-th non-trivial field, fields counted in
        component order, then copy order. Every other trivial copy is a scalar and goes through
        ``scalar_fn``. The output is ``rho`` without the gates (``rho_out``), e.g.
        ``4x rot + 7x 1`` -> ``4x rot + 3x 1`` (the last 4 trivial copies were the gates).

        Parameters
        ----------
        rho : Rep
        gates : int, optional
            Index in ``rho.components`` of the trivial component holding the gates; default: the
            last trivial component with at least one copy per non-trivial field.
        fn : callable, optional
            Applied to the gates; default ``torch.sigmoid``.
        scalar_fn : callable, optional
            Applied to the other trivial components; default ``torch.relu``.

        Raises
        ------
        InvalidOptionError
            If there is no suitable gate component, or ``gates`` does not name one.

        Notes
        -----
        ``fn(gate)`` is invariant, so each field is scaled by an invariant; any ``fn`` works,
        whatever the field's representation (Weiler et al., "3D Steerable CNNs", NeurIPS 2018).

        Examples
        --------
        >>> import pytest; torch = pytest.importorskip("torch")
        >>> import repkit as rk
        >>> from repkit.adapters.torch import GatedNonlinearity
        >>> G = rk.dihedral(4)
        >>> m = GatedNonlinearity(2 * rk.dihedral_rotation(4) + 2 * rk.trivial(G))
        >>> m.out_features, m(torch.tensor([[1.0, 1.0, 1.0, 1.0, 0.0, 100.0]])).tolist()
        (4, [[0.5, 0.5, 1.0, 1.0]])
        """

        def __init__(self, rho: Any, gates: int | None = None, fn: Any = None, *,
                     scalar_fn: Any = None) -> None:
            super().__init__()
            rho = require_rep(rho)
            self.fn = torch.sigmoid if fn is None else fn
            self.scalar_fn = torch.relu if scalar_fn is None else scalar_fn
            slices = component_slices(rho)
            trivial = [is_trivial(c) for c, _, _ in slices]
            fields = sum(k for (c, k, _), t in zip(slices, trivial) if not t)
            if gates is None:
                found = [i for i, ((c, k, _), t) in enumerate(zip(slices, trivial)) if t and k >= fields]
                if not found or fields == 0:
                    raise InvalidOptionError(
                        f"rho: expected a trivial component with at least one copy per non-trivial "
                        f"field ({fields}), got components {[(_label(c), k) for c, k, _ in slices]}")
                gates = found[-1]
            if not (0 <= gates < len(slices)) or not trivial[gates] or slices[gates][1] < fields:
                raise InvalidOptionError(
                    f"gates: expected the index of a trivial component with at least {fields} copies "
                    f"in rho.components, got {gates!r}")
            self.gates = gates
            self.n_gates = fields
            c_g, k_g, o_g = slices[gates]
            self.slices = [s_ if i != gates else (c_g, k_g - fields, o_g) for i, s_ in enumerate(slices)]
            self.slices = [s_ for s_ in self.slices if s_[1] > 0]
            self._gate_offset = o_g + (k_g - fields)
            self._trivial = [is_trivial(c) for c, _, _ in self.slices]
            kept = [k * c if k > 1 else c for c, k, _ in self.slices]
            self.rho_in = rho
            self.rho_out = functools.reduce(lambda a, b: a + b, kept) if kept else None
            self.out_features = sum(c.dim * k for c, k, _ in self.slices)

        def forward(self, x: Any) -> Any:
            """Map ``x`` (..., rho.dim) to (..., rho_out.dim)."""
            _check_width(x, self.rho_in.dim)
            lead = x.shape[:-1]
            gate = self.fn(x[..., self._gate_offset:self._gate_offset + self.n_gates])
            parts, q = [], 0
            for (c, k, o), t in zip(self.slices, self._trivial):
                xc = x[..., o:o + k * c.dim]
                if t:
                    parts.append(self.scalar_fn(xc))
                else:
                    g = gate[..., q:q + k].unsqueeze(-1)
                    parts.append((xc.reshape(*lead, k, c.dim) * g).reshape(*lead, k * c.dim))
                    q += k
            return torch.cat(parts, dim=-1) if parts else x[..., :0]

        def extra_repr(self) -> str:
            return (f"in={self.rho_in.dim}, out={self.out_features}, gates={self.n_gates} copies of "
                    f"component {self.gates}")

    class FourierNonlinearity(torch.nn.Module):
        """``x_f -> B fn(A x_f)`` per field, with exact ``A: rho_c -> P``, ``B: P -> rho_c``, ``B A = I``.

        Parameters
        ----------
        rho : Rep
        fn : callable, optional
            Point-wise function applied in ``P``; default ``torch.relu``.
        target : Rep, optional
            The permutation representation ``P`` (default ``repkit.regular(rho.group)``).
        fn_class : {None, "positive_homogeneous", "odd"}, optional
            As in `PointwiseNonlinearity`; ``fn`` must be equivariant on ``target``.
        dtype, device : optional
            Of the buffers ``embedding_{n}`` (``(P.dim, m)``) and ``projection_{n}``.

        Raises
        ------
        InvalidOptionError
            If ``fn`` is not equivariant on ``target``.
        NoSuchRepresentationError
            If a component does not embed in ``target``.

        Notes
        -----
        Exactly equivariant for every ``fn`` that commutes with ``P`` (see
        `repkit.equivariant.fourier`); cost O(size of x * P.dim) per forward; one exact
        embedding per distinct component at construction.

        Examples
        --------
        >>> import pytest; torch = pytest.importorskip("torch")
        >>> import repkit as rk
        >>> from repkit.adapters.torch import FourierNonlinearity
        >>> m = FourierNonlinearity(2 * rk.dihedral_rotation(4))
        >>> m.embedding_0.shape, m(torch.randn(5, 4)).shape
        (torch.Size([8, 2]), torch.Size([5, 4]))
        """

        def __init__(self, rho: Any, fn: Any = None, target: Any = None, *,
                     fn_class: str | None = None, dtype: Any = None, device: Any = None) -> None:
            super().__init__()
            rho = require_rep(rho)
            self.fn, self.fn_class = _default_fn(fn, fn_class, torch)
            dtype = resolve_dtype(torch, dtype)
            self.slices = component_slices(rho)
            self._which: list[int] = []
            seen: dict[Any, int] = {}
            self.embeddings = []
            for c, _, _ in self.slices:
                if c not in seen:
                    emb = fourier_embedding(c, target)
                    why = pointwise_refusal(emb.target, self.fn_class)
                    if why is not None:
                        raise InvalidOptionError(
                            f"fn: the point-wise function (fn_class={self.fn_class!r}) is not "
                            f"equivariant on the target {_label(emb.target)}: {why}")
                    n = len(seen)
                    seen[c] = n
                    self.embeddings.append(emb)
                    npdt = np.complex128 if dtype.is_complex else np.float64
                    A, B = emb.to_numpy(npdt)
                    self.register_buffer(f"embedding_{n}", torch.as_tensor(A, dtype=dtype, device=device),
                                         persistent=False)
                    self.register_buffer(f"projection_{n}", torch.as_tensor(B, dtype=dtype, device=device),
                                         persistent=False)
                self._which.append(seen[c])
            self.rho_in = self.rho_out = rho

        def forward(self, x: Any) -> Any:
            """Apply the Fourier nonlinearity to ``x`` of shape (..., rho.dim)."""
            _check_width(x, self.rho_in.dim)
            lead = x.shape[:-1]
            parts = []
            for (c, k, o), n in zip(self.slices, self._which):
                A = getattr(self, f"embedding_{n}")
                B = getattr(self, f"projection_{n}")
                xc = x[..., o:o + k * c.dim].reshape(*lead, k, c.dim)
                parts.append((self.fn(xc @ A.T) @ B.T).reshape(*lead, k * c.dim))
            return torch.cat(parts, dim=-1)

        def extra_repr(self) -> str:
            return f"dim={self.rho_in.dim}, targets={[e.target.dim for e in self.embeddings]}"

    out = {}
    for cls in (PointwiseNonlinearity, NormNonlinearity, GatedNonlinearity, FourierNonlinearity):
        cls.__module__ = __name__
        out[cls.__name__] = cls
    return out


def __getattr__(name: str) -> Any:
    """Resolve the module classes lazily, importing PyTorch at that moment (PEP 562)."""
    if name in ("PointwiseNonlinearity", "NormNonlinearity", "GatedNonlinearity", "FourierNonlinearity"):
        return _classes()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
