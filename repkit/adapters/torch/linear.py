"""`EquivariantLinear`: one parameter block per component pair, applied without the dense basis.

A `~repkit.equivariant.structured.StructuredBasis` of ``Hom_G(rho_in, rho_out)`` keeps, for each
pair ``(j, i)`` of an out-component ``U_j`` (``K`` copies) and an in-component ``V_i`` (``k``
copies) with ``Hom_G(V_i, U_j) != 0``, one small exact basis ``B_ji`` of ``d`` maps ``m_j x m_i``.
The layer holds, per such pair, one parameter ``weight_{j}_{i}`` of shape ``(K, k, d)``, and
computes (copy-major layout, see `repkit.Rep.components`)

``y[..., o_j + a m_j + r] = sum_i sum_{b, s, t} weight_ji[a, b, t] B_ji[t, r, s] x[..., o_i + b m_i + s]``

plus, per out-component with fixed vectors, a bias parameter ``bias_{j}`` of shape ``(K, c)``
times the small bias basis ``(c, m_j)``. Flattening the parameters in block order gives exactly
the ``theta`` (and ``theta_bias``) of ``StructuredBasis.apply`` (`EquivariantLinear.theta`). A
plain `~repkit.equivariant.basis.WeightBasis` is one block with ``K = k = 1`` (``weight_0_0`` of
shape ``(1, 1, dim)``). The small bases are non-persistent buffers: they move with ``.to(device)``
and ``state_dict`` holds the parameters only. The dense ``(dim, m_out, m_in)`` basis is never built.

Inputs are ``(..., m_in)`` (batch first, representation index last). ``forward(x,
channels_first=True)`` takes ``(batch, m_in, *spatial)`` instead, the layout of ``torch.nn.Conv*``.

Examples
--------
>>> import pytest; torch = pytest.importorskip("torch")
>>> import numpy as np, repkit as rk
>>> from repkit.adapters.torch import EquivariantLinear
>>> V = rk.natural(rk.symmetric(5))
>>> layer = EquivariantLinear((8 * V) >> (4 * V), dtype=torch.float64)
>>> [(n, tuple(p.shape)) for n, p in layer.named_parameters()]
[('weight_0_0', (4, 8, 2)), ('bias_0', (4, 1))]
>>> list(layer.state_dict())
['weight_0_0', 'bias_0']
>>> B = layer.basis
>>> W = B.apply(layer.theta().detach().numpy())
>>> bool(np.array_equal(layer.weight().detach().numpy(), W))
True
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from typing import Any

import numpy as np

from ...errors import InvalidOptionError, ShapeError
from . import require_torch
from ._factor import SmallFactors, factor_small
from ._layout import require_tensor, resolve_dtype

__all__ = ["EquivariantLinear", "LinearPlan", "plan_linear"]


@dataclass(frozen=True)
class LinearPlan:
    """The float view of a weight basis the layer needs: blocks, small bases, biases (NumPy only).

    Attributes
    ----------
    shape : tuple of int
        ``(m_out, m_in)``.
    in_components, out_components : tuple of (dim, multiplicity)
    blocks : tuple of (j, i, K, k, d, array index)
        One per component pair with a nonzero Hom, in parameter order.
    arrays : tuple of numpy.ndarray
        The distinct small bases ``(d, m_j, m_i)``.
    bias_blocks : tuple of (j, K, c, array index)
        One per out-component with fixed vectors (``c > 0``).
    bias_arrays : tuple of numpy.ndarray
        The small bias bases ``(c, m_j)``.
    factors : tuple of SmallFactors
        The exact factorisation of each small basis (`repkit.adapters.torch._factor`).

    Examples
    --------
    >>> import repkit as rk
    >>> V = rk.natural(rk.symmetric(3))
    >>> p = plan_linear(rk.equivariant_basis(2 * V, V + rk.sign(V.group)))
    >>> p.blocks, [a.shape for a in p.arrays], p.bias_blocks
    (((0, 0, 1, 2, 2, 0),), [(2, 3, 3)], ((0, 1, 1, 0),))
    """

    shape: tuple[int, int]
    in_components: tuple[tuple[int, int], ...]
    out_components: tuple[tuple[int, int], ...]
    blocks: tuple[tuple[int, int, int, int, int, int], ...]
    arrays: tuple[np.ndarray, ...]
    bias_blocks: tuple[tuple[int, int, int, int], ...]
    bias_arrays: tuple[np.ndarray, ...]
    factors: tuple[SmallFactors, ...] = ()


def plan_linear(basis: Any, *, bias: bool = True, dtype: Any = np.float64) -> LinearPlan:
    """The `LinearPlan` of a `StructuredBasis` or a `WeightBasis` (one block, ``K = k = 1``).

    Parameters
    ----------
    basis : StructuredBasis or WeightBasis
    bias : bool, optional
        Include the bias blocks (default True).
    dtype : numpy dtype, optional
        Float or complex dtype of the small bases (the only rounding step).

    Returns
    -------
    LinearPlan

    Raises
    ------
    ShapeError
        If ``basis`` is not a repkit weight basis.

    Notes
    -----
    O(sum of the small bases); the dense basis is not built for a structured basis.

    Examples
    --------
    >>> import repkit as rk
    >>> G = rk.dihedral(4)
    >>> p = plan_linear(rk.dihedral_rotation(4) >> 2 * rk.trivial(G))      # no weights, 2 biases
    >>> p.blocks, p.bias_blocks
    ((), ((0, 2, 1, 0),))
    """
    if getattr(basis, "kind", None) == "structured":
        cache: dict[int, int] = {}
        arrays: list[np.ndarray] = []
        factors: list[SmallFactors] = []
        blocks = []
        for b, arr in zip(basis.blocks, basis.block_arrays(dtype)):
            if id(arr) not in cache:
                cache[id(arr)] = len(arrays)
                arrays.append(arr)
                factors.append(factor_small(b.basis, dtype))
            blocks.append((b.out_index, b.in_index, b.out_mult, b.in_mult, b.basis.dim, cache[id(arr)]))
        bias_blocks, bias_arrays = [], []
        if bias:
            for bb, arr in zip(basis.bias_blocks, basis.bias_arrays(dtype)):
                if bb.dim:
                    bias_blocks.append((bb.out_index, bb.out_mult, bb.dim, len(bias_arrays)))
                    bias_arrays.append(arr)
        return LinearPlan(tuple(int(s) for s in basis.shape), tuple(basis.in_components),
                          tuple(basis.out_components), tuple(blocks), tuple(arrays),
                          tuple(bias_blocks), tuple(bias_arrays), tuple(factors))
    m_out, m_in = (int(s) for s in basis.shape)
    weights = np.asarray(basis.to_numpy(dtype)) if basis.dim else np.zeros((0, m_out, m_in), dtype)
    biases = _float_bias(*basis.bias, dtype) if bias else np.zeros((0, m_out), dtype)
    blocks = ((0, 0, 1, 1, int(weights.shape[0]), 0),) if weights.shape[0] else ()
    bias_blocks = ((0, 1, int(biases.shape[0]), 0),) if biases.shape[0] else ()
    return LinearPlan((m_out, m_in), ((m_in, 1),), ((m_out, 1),), blocks,
                      (weights,) if blocks else (), bias_blocks, (biases,) if bias_blocks else (),
                      (factor_small(basis, dtype),) if blocks else ())


def _float_bias(num: np.ndarray, den: np.ndarray, dtype: Any) -> np.ndarray:
    """Exact bias numerators ``(c, m)`` (trailing ``n``: cyclotomic) and denominators, as floats."""
    values = num.astype(np.float64)
    if values.ndim == 3:
        values = values @ np.exp(2j * np.pi * np.arange(values.shape[-1]) / values.shape[-1])
        if not np.issubdtype(np.dtype(dtype), np.complexfloating):
            values = values.real
    return (values / np.asarray(den, np.float64).reshape(-1, 1)).astype(dtype)


def _numpy_dtype(dtype: Any) -> Any:
    return np.complex128 if dtype.is_complex else np.float64


def _offsets(components: tuple[tuple[int, int], ...]) -> list[int]:
    out, o = [], 0
    for m, k in components:
        out.append(o)
        o += m * k
    return out


STRATEGIES = ("auto", "form", "contract", "factored")

#: Multiply-adds one extra tensor operation is worth in the ``"auto"`` cost model (the fixed cost of
#: a PyTorch op on a CPU thread, about 25 microseconds, at about 10 Gflop/s); measured with
#: ``benchmarks/bench_layers.py``.
OP_COST = 250_000


@functools.cache
def _layer_class() -> type:
    """Define the module class once PyTorch is importable (the lazy import point)."""
    torch = require_torch()

    class EquivariantLinear(torch.nn.Module):
        """An equivariant linear layer ``y = W x + b`` with one parameter block per component pair.

        Parameters
        ----------
        basis : StructuredBasis or WeightBasis
            Exact basis of ``Hom_G(rho_in, rho_out)`` (``repkit.equivariant_basis``, ``rho_in >>
            rho_out`` or ``repkit.load_template``).
        bias : bool, optional
            Add the equivariant bias (vectors fixed by ``rho_out``); default True. No parameter
            is created for an out-component that fixes no vector.
        dtype : torch.dtype, optional
            Parameter and buffer dtype; default ``torch.get_default_dtype()``. Use a complex
            dtype for bases with non-real cyclotomic entries.
        device : torch.device or str, optional
        strategy : {"auto", "form", "contract", "factored"}, optional
            How ``forward`` applies the blocks: ``"form"`` builds ``W`` from the blocks (one
            einsum each) and multiplies once; ``"contract"`` contracts ``x`` with the small bases
            and then with the parameters, block by block, never forming ``W``; ``"factored"``
            applies each small element as a channel mix (identity), a gather (monomial) or
            through its exact rank factorisation (`repkit.adapters.torch._factor`); ``"auto"``
            (the default) picks the cheapest for the batch by a cost model: multiply-adds plus
            ``OP_COST`` per tensor operation. All give the same map up to float rounding.

        Attributes
        ----------
        weight_{j}_{i} : torch.nn.Parameter, shape (K, k, d)
        bias_{j} : torch.nn.Parameter, shape (K, c)
        basis : the exact basis given; rho_in, rho_out : Rep or None
        in_features, out_features, dim, bias_dim : int

        Notes
        -----
        Per block, ``"form"`` costs ``K k d m_j m_i`` plus the product ``N m_out m_in`` for a
        batch of ``N``; ``"contract"`` costs ``N k d m_j m_i + N K k d m_j``; ``"factored"``
        costs ``N K k m_j`` per identity or monomial element and ``N (k m_i + K k + K m_j)``
        per unit of rank of the others (``lam I + gam 11^T`` for ``natural(S_n)``: the cost of
        a hand-written layer). Memory: the
        parameters plus the distinct small bases. Parameters are drawn so that the entries of
        ``W`` have mean square ``1 / m_in`` (each block of a row gets an equal share of a unit
        row norm). Equivariance holds for every parameter value, up to float rounding. The
        block structure is Schur's lemma (Serre, 1977, sec. 2.6), as in e3nn's ``Linear``.

        Examples
        --------
        >>> import pytest; torch = pytest.importorskip("torch")
        >>> import repkit as rk
        >>> from repkit.adapters.torch import EquivariantLinear
        >>> G = rk.dihedral(4)
        >>> layer = EquivariantLinear(rk.dihedral_rotation(4) >> 2 * rk.trivial(G))
        >>> layer(torch.ones(3, 2)).shape, layer.dim, layer.bias_dim
        (torch.Size([3, 2]), 0, 2)
        """

        def __init__(self, basis: Any, *, bias: bool = True, dtype: Any = None, device: Any = None,
                     strategy: str = "auto") -> None:
            super().__init__()
            if strategy not in STRATEGIES:
                raise InvalidOptionError(f"strategy: expected one of {STRATEGIES}, got {strategy!r}")
            for attribute in ("shape", "dim"):
                if not hasattr(basis, attribute):
                    raise ShapeError(f"basis: expected a repkit StructuredBasis or WeightBasis (with "
                                     f".{attribute}), got {type(basis).__name__}")
            dtype = resolve_dtype(torch, dtype)
            plan = plan_linear(basis, bias=bias, dtype=_numpy_dtype(dtype))
            self.plan = plan
            self.basis = basis
            self.rho_in = getattr(basis, "rho_in", None)
            self.rho_out = getattr(basis, "rho_out", None)
            self.strategy = strategy
            self.out_features, self.in_features = plan.shape
            self._in_off = _offsets(plan.in_components)
            self._out_off = _offsets(plan.out_components)
            self.register_buffer("_anchor", torch.zeros(0, dtype=dtype, device=device), persistent=False)
            for n, arr in enumerate(plan.arrays):
                self.register_buffer(f"basis_{n}", torch.as_tensor(arr, dtype=dtype, device=device),
                                     persistent=False)
            for n, f in enumerate(plan.factors):
                for key, value, kind in (("perm", f.perm, torch.long), ("sign", f.sign, dtype),
                                         ("U", f.U, dtype), ("V", f.V, dtype),
                                         ("mix", f.mix if f.mix is not None else np.zeros((0, 0)), dtype),
                                         ("monomial", f.monomial, torch.long),
                                         ("low_rank", f.low_rank, torch.long)):
                    self.register_buffer(f"{key}_{n}", torch.as_tensor(np.array(value), dtype=kind,
                                                                       device=device), persistent=False)
            for n, arr in enumerate(plan.bias_arrays):
                self.register_buffer(f"bias_basis_{n}", torch.as_tensor(arr, dtype=dtype, device=device),
                                     persistent=False)
            self._weight_names = []
            for j, i, K, k, d, _ in plan.blocks:
                name = f"weight_{j}_{i}"
                self.register_parameter(name, torch.nn.Parameter(
                    torch.empty(K, k, d, dtype=dtype, device=device)))
                self._weight_names.append(name)
            self._bias_names = []
            for j, K, c, _ in plan.bias_blocks:
                name = f"bias_{j}"
                self.register_parameter(name, torch.nn.Parameter(
                    torch.empty(K, c, dtype=dtype, device=device)))
                self._bias_names.append(name)
            self.dim = sum(K * k * d for _, _, K, k, d, _ in plan.blocks)
            self.bias_dim = sum(K * c for _, K, c, _ in plan.bias_blocks)
            self.reset_parameters()

        @classmethod
        def from_template(cls, path: str | os.PathLike[str], *, bias: bool = True,
                          dtype: Any = None, device: Any = None) -> Any:
            """Build the layer from a ``.npz`` weight template (``basis.save``), schema 1 or 2.

            Parameters
            ----------
            path : str or os.PathLike
                The template file; loaded with ``repkit.load_template`` (validated, no pickle).
            bias, dtype, device
                As in the constructor.

            Returns
            -------
            EquivariantLinear

            Raises
            ------
            TemplateError
                If the file is not a valid template.

            Examples
            --------
            >>> import pytest; torch = pytest.importorskip("torch")
            >>> import os, tempfile, repkit as rk
            >>> from repkit.adapters.torch import EquivariantLinear
            >>> V = rk.natural(rk.symmetric(4))
            >>> with tempfile.TemporaryDirectory() as d:
            ...     (3 * V >> 2 * V).save(os.path.join(d, "w.npz"))
            ...     layer = EquivariantLinear.from_template(os.path.join(d, "w.npz"))
            >>> layer.dim, layer.weight_0_0.shape
            (12, torch.Size([2, 3, 2]))
            """
            from ...equivariant.template_io import load_template

            return cls(load_template(os.fspath(path)), bias=bias, dtype=dtype, device=device)

        # -- parameters ------------------------------------------------------------------------

        def _small(self, n: int) -> Any:
            return getattr(self, f"basis_{n}")

        def _weights(self) -> list[Any]:
            return [getattr(self, name) for name in self._weight_names]

        def _biases(self) -> list[Any]:
            return [getattr(self, name) for name in self._bias_names]

        def reset_parameters(self, generator: Any = None) -> None:
            """Draw the weights so that ``E[W_rs^2] = 1/m_in`` on average; zero the biases.

            Parameters
            ----------
            generator : torch.Generator, optional
                Source of randomness (default: PyTorch's global generator).
            """
            per_out: dict[int, int] = {}
            for j, *_ in self.plan.blocks:
                per_out[j] = per_out.get(j, 0) + 1
            with torch.no_grad():
                for (j, i, K, k, d, a), w in zip(self.plan.blocks, self._weights()):
                    small = self._small(a)
                    mass = float(small.abs().pow(2).sum())
                    m_j = self.plan.out_components[j][0]
                    std = (m_j / (per_out[j] * k * mass)) ** 0.5 if mass else 1.0
                    w.normal_(0.0, std, generator=generator)
                for b in self._biases():
                    b.zero_()

        def theta(self) -> Any:
            """The weight parameters flattened in the basis's parameter order, shape (dim,).

            ``basis.apply(layer.theta())`` is ``layer.weight()``.
            """
            parts = [w.reshape(-1) for w in self._weights()]
            return torch.cat(parts) if parts else self._anchor.new_zeros(0)

        def theta_bias(self) -> Any:
            """The bias parameters flattened in the basis's order, shape (bias_dim,)."""
            parts = [b.reshape(-1) for b in self._biases()]
            return torch.cat(parts) if parts else self._anchor.new_zeros(0)

        def set_theta(self, theta: Any, theta_bias: Any = None) -> None:
            """Copy flat coefficients (the basis's order) into the parameters, without gradient.

            Raises
            ------
            ShapeError
                For a wrong number of coefficients.
            """
            for values, params, total, name in ((theta, self._weights(), self.dim, "theta"),
                                                (theta_bias, self._biases(), self.bias_dim,
                                                 "theta_bias")):
                if values is None:
                    continue
                flat = torch.as_tensor(np.asarray(values) if not torch.is_tensor(values) else values)
                flat = flat.reshape(-1)
                if flat.numel() != total:
                    raise ShapeError(f"{name}: expected {total} coefficients, got {flat.numel()}")
                start = 0
                with torch.no_grad():
                    for p in params:
                        p.copy_(flat[start:start + p.numel()].reshape(p.shape))
                        start += p.numel()

        # -- dense views -----------------------------------------------------------------------

        def _block_weight(self, n: int) -> Any:
            j, i, K, k, d, a = self.plan.blocks[n]
            B = self._small(a)
            m_j, m_i = B.shape[1], B.shape[2]
            return torch.einsum("abt,trs->arbs", self._weights()[n], B).reshape(K * m_j, k * m_i)

        def weight(self) -> Any:
            """The dense weight ``W``, shape (m_out, m_in), assembled from the blocks (differentiable)."""
            grid: dict[tuple[int, int], Any] = {}
            for n, (j, i, *_rest) in enumerate(self.plan.blocks):
                grid[(j, i)] = self._block_weight(n)
            rows = []
            for j, (m_j, K) in enumerate(self.plan.out_components):
                row = [grid.get((j, i)) if (j, i) in grid else
                       self._anchor.new_zeros(K * m_j, k * m_i)
                       for i, (m_i, k) in enumerate(self.plan.in_components)]
                rows.append(torch.cat(row, dim=1))
            return torch.cat(rows, dim=0)

        def bias(self) -> Any:
            """The dense bias ``b``, shape (m_out,) (zeros where ``rho_out`` fixes no vector)."""
            parts: dict[int, Any] = {}
            for (j, K, c, a), b in zip(self.plan.bias_blocks, self._biases()):
                parts[j] = (b @ getattr(self, f"bias_basis_{a}")).reshape(-1)
            pieces = [parts[j] if j in parts else self._anchor.new_zeros(m * K)
                      for j, (m, K) in enumerate(self.plan.out_components)]
            return pieces[0] if len(pieces) == 1 else torch.cat(pieces)

        # -- application -----------------------------------------------------------------------

        def _costs(self, n_rows: int) -> dict[str, int]:
            form = n_rows * self.out_features * self.in_features
            contract = factored = 0
            for j, i, K, k, d, a in self.plan.blocks:
                m_j, m_i = self.plan.out_components[j][0], self.plan.in_components[i][0]
                f = self.plan.factors[a]
                form += K * k * d * m_j * m_i
                contract += n_rows * (k * d * m_j * m_i + K * k * d * m_j)
                mono = f.monomial.size + (f.identity is not None)
                rank = f.low_rank.size
                factored += n_rows * (K * k * m_j * mono + k * m_i * rank + K * k * rank + K * rank * m_j)
            n = len(self.plan.blocks)
            return {"form": form + OP_COST * (3 + n), "contract": contract + OP_COST * 4 * n,
                    "factored": factored + OP_COST * 16 * n}

        def _factored(self, x: Any) -> Any:
            outs: dict[int, Any] = {}
            for (j, i, K, k, d, a), w in zip(self.plan.blocks, self._weights()):
                m_j, m_i = self.plan.out_components[j][0], self.plan.in_components[i][0]
                f = self.plan.factors[a]
                o = self._in_off[i]
                xi = x[:, o:o + k * m_i].reshape(-1, k, m_i)
                th = w if f.mix is None else w @ getattr(self, f"mix_{a}")
                y = None
                if f.identity is not None:
                    y = torch.matmul(th[:, :, f.identity], xi)          # (N, K, m)
                if f.monomial.size:
                    xg = xi[:, :, getattr(self, f"perm_{a}")] * getattr(self, f"sign_{a}")
                    part = torch.einsum("nbtr,abt->nar", xg, th[:, :, getattr(self, f"monomial_{a}")])
                    y = part if y is None else y + part
                if f.low_rank.size:
                    z = xi @ getattr(self, f"V_{a}")
                    q = torch.einsum("nbq,abq->naq", z, th[:, :, getattr(self, f"low_rank_{a}")])
                    part = q @ getattr(self, f"U_{a}")
                    y = part if y is None else y + part
                y = y.reshape(-1, K * m_j)
                outs[j] = y if j not in outs else outs[j] + y
            parts = [outs[j] if j in outs else x.new_zeros(x.shape[0], m * K)
                     for j, (m, K) in enumerate(self.plan.out_components)]
            return parts[0] if len(parts) == 1 else torch.cat(parts, dim=1)

        def _contract(self, x: Any) -> Any:
            outs: dict[int, Any] = {}
            for (j, i, K, k, d, a), w in zip(self.plan.blocks, self._weights()):
                m_j, m_i = self.plan.out_components[j][0], self.plan.in_components[i][0]
                o = self._in_off[i]
                xi = x[:, o:o + k * m_i].reshape(-1, k, m_i)
                z = torch.einsum("nbs,trs->nbtr", xi, self._small(a))
                y = torch.einsum("nbtr,abt->nar", z, w).reshape(-1, K * m_j)
                outs[j] = y if j not in outs else outs[j] + y
            parts = [outs[j] if j in outs else x.new_zeros(x.shape[0], m * K)
                     for j, (m, K) in enumerate(self.plan.out_components)]
            return parts[0] if len(parts) == 1 else torch.cat(parts, dim=1)

        def forward(self, x: Any, *, channels_first: bool = False) -> Any:
            """Apply the layer to ``x`` (..., m_in), or (batch, m_in, *spatial) if ``channels_first``.

            Raises
            ------
            ShapeError
                If the representation axis does not have ``m_in`` entries.
            """
            require_tensor(torch, x)
            if channels_first:
                if x.ndim < 2 or x.shape[1] != self.in_features:
                    raise ShapeError(f"x: expected (batch, {self.in_features}, ...) with "
                                     f"channels_first=True, got shape {tuple(x.shape)}")
                return self.forward(x.movedim(1, -1)).movedim(-1, 1)
            if x.ndim == 0 or x.shape[-1] != self.in_features:
                raise ShapeError(f"x: expected a last axis of size {self.in_features} "
                                 f"(rho_in.dim), got shape {tuple(x.shape)}")
            lead = x.shape[:-1]
            flat = x.reshape(-1, self.in_features)
            if not self.plan.blocks:
                y = flat.new_zeros(flat.shape[0], self.out_features)
            else:
                strategy = self.strategy
                if strategy == "auto":
                    costs = self._costs(flat.shape[0])
                    strategy = min(costs, key=costs.__getitem__)
                if strategy == "form":
                    y = flat @ self.weight().T
                elif strategy == "contract":
                    y = self._contract(flat)
                else:
                    y = self._factored(flat)
            if self.plan.bias_blocks:
                y = y + self.bias()
            return y.reshape(*lead, self.out_features)

        def extra_repr(self) -> str:
            return (f"in_features={self.in_features}, out_features={self.out_features}, "
                    f"dim={self.dim}, bias_dim={self.bias_dim}, blocks={len(self.plan.blocks)}")

    EquivariantLinear.__module__ = __name__
    EquivariantLinear.__qualname__ = "EquivariantLinear"
    return EquivariantLinear


def __getattr__(name: str) -> Any:
    """Resolve ``EquivariantLinear`` lazily, importing PyTorch at that moment (PEP 562)."""
    if name == "EquivariantLinear":
        return _layer_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
