"""`StructuredBasis`: the equivariant maps between sums of components, one exact block per pair.

When ``rho_in`` and ``rho_out`` are built from components (``16 * V + 2 * trivial``, see
`repkit.Rep.components`), ``Hom_G(rho_in, rho_out)`` splits along them: a map ``W`` is a grid of
blocks, block ``(j, i)`` sending copies of the in-component ``i`` to copies of the out-component
``j``, and ``W`` is equivariant exactly when every copy-to-copy sub-block is in the small space
``Hom_G(V_i, U_j)``. So the space is ``sum_{j, i} K_j k_i Hom_G(V_i, U_j)`` (``K_j``, ``k_i`` the
multiplicities) and only the *distinct* pairs ``(V_i, U_j)`` are ever solved.

Parameter order (the order of ``theta``)
----------------------------------------
Blocks come in order of the out-component ``j``, then the in-component ``i`` (only pairs with
``dim Hom_G(V_i, U_j) > 0`` have a block). Inside block ``(j, i)`` the ``K_j * k_i * d_ji``
parameters are the row-major flattening of an array ``theta_ji[a, b, t]`` (``a`` the out copy,
``b`` the in copy, ``t`` the element of the small basis), so

``W[o_j + a*m_j + r, o_i + b*m_i + s] = sum_t theta_ji[a, b, t] * B_ji[t][r, s]``

with ``o_j``, ``o_i`` the components' offsets and ``B_ji`` the small canonical basis. Biases:
per out-component ``j``, ``K_j * c_j`` parameters ``theta_b[a, l]`` times the small bias basis
(the vectors fixed by ``U_j``), in the same order.

The canonical form of the whole space (`repkit.equivariant.basis`, the one the unstructured solver
returns) is these same elements, sorted by pivot: the blocks have disjoint supports and a row-major
order restricted to a block is the block's row-major order, so every placed small canonical basis
stays in reduced echelon form. `StructuredBasis.canonical_order` gives that permutation and
`StructuredBasis.to_weight_basis` the canonical `WeightBasis` (when it fits in memory).

Examples
--------
>>> import repkit as rk
>>> G = rk.symmetric(5)
>>> W = 16 * rk.natural(G)
>>> B = rk.equivariant_basis(W, W)
>>> B.dim == 16 * 16 * 2, len(B.blocks), B.blocks[0].basis.dim     # one small 5 x 5 basis
(True, 1, 2)
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field as dc_field
from fractions import Fraction
from math import lcm
from typing import Any, Mapping

import numpy as np

from ..errors import ShapeError
from .basis import DEFAULT_MAX_ENTRIES, BasisTooLargeError, WeightBasis, content_checksum

__all__ = ["StructuredBasis", "Block", "BiasBlock"]


@dataclass(frozen=True)
class Block:
    """One block of a `StructuredBasis`: copies of an in-component to copies of an out-component.

    Attributes
    ----------
    out_index, in_index : int
        Positions in ``rho_out.components`` and ``rho_in.components``.
    out_offset, in_offset : int
        First row and first column of the block in ``W``.
    out_mult, in_mult : int
        Multiplicities ``K`` and ``k`` of the two components.
    basis : WeightBasis
        The small canonical basis of ``Hom_G(V_i, U_j)``, shape ``(m_j, m_i)``, ``d`` elements.
    param_offset : int
        Index in ``theta`` of the block's first parameter; the block has ``K * k * d``.

    Examples
    --------
    >>> import repkit as rk
    >>> V = rk.natural(rk.symmetric(3))
    >>> b = rk.equivariant_basis(2 * V, 3 * V).blocks[0]
    >>> (b.out_mult, b.in_mult, b.basis.dim, b.num_params, b.param_shape)
    (3, 2, 2, 12, (3, 2, 2))
    """

    out_index: int
    in_index: int
    out_offset: int
    in_offset: int
    out_mult: int
    in_mult: int
    basis: WeightBasis
    param_offset: int

    @property
    def param_shape(self) -> tuple[int, int, int]:
        """``(K, k, d)``: out copies, in copies, small-basis elements.

        Examples
        --------
        >>> import repkit as rk
        >>> V = rk.natural(rk.symmetric(3))
        >>> rk.equivariant_basis(V, 4 * V).blocks[0].param_shape
        (4, 1, 2)
        """
        return (self.out_mult, self.in_mult, self.basis.dim)

    @property
    def num_params(self) -> int:
        """``K * k * d``.

        Examples
        --------
        >>> import repkit as rk
        >>> V = rk.natural(rk.symmetric(3))
        >>> rk.equivariant_basis(V, 4 * V).blocks[0].num_params
        8
        """
        return self.out_mult * self.in_mult * self.basis.dim


@dataclass(frozen=True)
class BiasBlock:
    """The equivariant biases of one out-component: ``K`` copies of its fixed vectors.

    Attributes
    ----------
    out_index, out_offset, out_mult : int
        Position in ``rho_out.components``, first index in the output, multiplicity ``K``.
    numerators, denominators : numpy.ndarray
        The small exact bias basis, ``(c, m_j)`` (trailing ``n`` when cyclotomic) and ``(c,)``.
    param_offset : int
        Index in ``theta_bias`` of the first of the ``K * c`` parameters (``[a, l]`` row-major).

    Examples
    --------
    >>> import repkit as rk
    >>> V = rk.natural(rk.symmetric(3))
    >>> b = rk.equivariant_basis(V, 2 * V).bias_blocks[0]
    >>> b.out_mult, b.numerators.tolist()
    (2, [[1, 1, 1]])
    """

    out_index: int
    out_offset: int
    out_mult: int
    numerators: np.ndarray
    denominators: np.ndarray
    param_offset: int

    @property
    def dim(self) -> int:
        """``c``, the number of small bias vectors.

        Examples
        --------
        >>> import repkit as rk
        >>> G = rk.symmetric(3)
        >>> rk.equivariant_basis(rk.natural(G), 2 * rk.sign(G)).bias_blocks[0].dim
        0
        """
        return int(self.numerators.shape[0])


def _float_units(field: int) -> np.ndarray:
    return np.exp(2j * np.pi * np.arange(field) / field)


@dataclass(frozen=True, eq=False)
class StructuredBasis:
    """An exact basis of ``Hom_G(rho_in, rho_out)`` kept as one small basis per component pair.

    Built by `repkit.equivariant_basis` when either representation has several components or a
    multiplicity above one (and by `repkit.load_template` for schema-2 files). Memory is the sum
    of the small bases plus O(number of components): independent of the channel counts. Dense
    views (`to_numpy`, `to_weight_basis`) are built only when asked for, and refused past
    ``max_entries``.

    Attributes
    ----------
    shape : tuple of int
        ``(m_out, m_in)``.
    dim, bias_dim : int
        Numbers of weight and bias parameters.
    field : int
        Conductor of the field of the entries (1 for Q).
    in_components, out_components : tuple of (int, int)
        ``(component dimension, multiplicity)`` of each component, in layout order.
    blocks : tuple of Block
    bias_blocks : tuple of BiasBlock
        One per out-component.
    metadata : Mapping[str, str]
    rho_in, rho_out : Rep or None

    Notes
    -----
    Schur's lemma splits the space along the components (Serre, *Linear Representations of
    Finite Groups*, 1977, sec. 2.6; the multiplicity form is e3nn's "instructions" and escnn's
    block-wise basis expansion). Solving costs one exact solve per distinct pair of components;
    `apply` costs one small contraction per block, ``O(K k d m_j m_i)``.

    Examples
    --------
    >>> import numpy as np, repkit as rk
    >>> G = rk.symmetric(4)
    >>> V, one = rk.natural(G), rk.trivial(G)
    >>> B = rk.equivariant_basis(3 * V + one, 2 * V)
    >>> B.dim, B.bias_dim                       # 2*3*2 + 2*1*1 weights; 2 biases
    (14, 2)
    >>> W = B.apply(np.ones(B.dim))
    >>> bool(np.allclose(W @ (3 * V + one)("c").to_numpy(), (2 * V)("c").to_numpy() @ W))
    True
    """

    shape: tuple[int, int]
    dim: int
    bias_dim: int
    field: int
    in_components: tuple[tuple[int, int], ...]
    out_components: tuple[tuple[int, int], ...]
    blocks: tuple[Block, ...]
    bias_blocks: tuple[BiasBlock, ...]
    metadata: Mapping[str, str] = dc_field(default_factory=dict)
    rho_in: Any = None
    rho_out: Any = None

    kind = "structured"

    # -- construction ----------------------------------------------------------------------

    @classmethod
    def assemble(cls, in_components: tuple[tuple[int, int], ...],
                 out_components: tuple[tuple[int, int], ...],
                 small: Mapping[tuple[int, int], WeightBasis], *,
                 metadata: Mapping[str, str] | None = None, rho_in: Any = None,
                 rho_out: Any = None) -> StructuredBasis:
        """Lay out the blocks from the small bases of every component pair.

        Parameters
        ----------
        in_components, out_components : tuple of (dim, multiplicity)
        small : mapping ``(j, i) -> WeightBasis``
            The basis of ``Hom_G(V_i, U_j)`` for every out-component ``j`` and in-component ``i``
            (equal pairs may share one object); each carries the bias basis of ``U_j``.
        metadata, rho_in, rho_out
            Stored as given.

        Returns
        -------
        StructuredBasis

        Raises
        ------
        ShapeError
            If a small basis is missing or has the wrong shape.

        Examples
        --------
        >>> import numpy as np
        >>> b = WeightBasis.from_pattern(np.array([[0, 1], [1, 0]]), bias_numerators=np.array([[1, 1]]))
        >>> S = StructuredBasis.assemble(((2, 3),), ((2, 1),), {(0, 0): b})
        >>> S.shape, S.dim, S.bias_dim
        ((2, 6), 6, 1)
        """
        ins = tuple((int(d), int(k)) for d, k in in_components)
        outs = tuple((int(d), int(k)) for d, k in out_components)
        for what, comps in (("in_components", ins), ("out_components", outs)):
            if not comps or any(d < 1 or k < 1 for d, k in comps):
                raise ShapeError(f"{what}: expected at least one (dim >= 1, multiplicity >= 1) pair, "
                                 f"got {comps}")
        in_off = np.concatenate([[0], np.cumsum([d * k for d, k in ins])]).astype(int)
        out_off = np.concatenate([[0], np.cumsum([d * k for d, k in outs])]).astype(int)
        blocks: list[Block] = []
        biases: list[BiasBlock] = []
        fields = [1]
        p = pb = 0
        for j, (mj, K) in enumerate(outs):
            for i, (mi, k) in enumerate(ins):
                b = small.get((j, i))
                if b is None:
                    raise ShapeError(f"small: expected a basis for the component pair {(j, i)}, got none")
                if b.shape != (mj, mi):
                    raise ShapeError(f"small[{(j, i)}]: expected shape {(mj, mi)}, got {b.shape}")
                fields.append(b.field)
                if i == 0:
                    num, den = b.bias
                    biases.append(BiasBlock(j, int(out_off[j]), K, num, den, pb))
                    pb += K * int(num.shape[0])
                    fields.append(1 if num.ndim == 2 else int(num.shape[-1]))
                if b.dim:
                    blocks.append(Block(j, i, int(out_off[j]), int(in_off[i]), K, k, b, p))
                    p += K * k * b.dim
        return cls((int(out_off[-1]), int(in_off[-1])), p, pb, lcm(*fields), ins, outs, tuple(blocks),
                   tuple(biases), dict(metadata or {}), rho_in, rho_out)

    # -- float evaluation -------------------------------------------------------------------

    def block_arrays(self, dtype: Any = np.float64) -> list[np.ndarray]:
        """The small bases as float arrays ``(d, m_j, m_i)``, one per block (shared when equal).

        Examples
        --------
        >>> import repkit as rk
        >>> V = rk.natural(rk.symmetric(3))
        >>> [a.shape for a in rk.equivariant_basis(2 * V, V).block_arrays()]
        [(2, 3, 3)]
        """
        cache: dict[int, np.ndarray] = {}
        out = []
        for b in self.blocks:
            key = id(b.basis)
            if key not in cache:
                cache[key] = b.basis.to_numpy(dtype)
            out.append(cache[key])
        return out

    def bias_arrays(self, dtype: Any = np.float64) -> list[np.ndarray]:
        """The small bias bases as float arrays ``(c, m_j)``, one per out-component.

        Examples
        --------
        >>> import repkit as rk
        >>> V = rk.natural(rk.symmetric(3))
        >>> rk.equivariant_basis(V, 2 * V).bias_arrays()[0].tolist()
        [[1.0, 1.0, 1.0]]
        """
        out = []
        for bb in self.bias_blocks:
            num = bb.numerators.astype(np.float64)
            if num.ndim == 3:
                num = num @ _float_units(num.shape[-1])
                if not np.issubdtype(np.dtype(dtype), np.complexfloating):
                    num = num.real
            out.append((num / bb.denominators.reshape(-1, 1)).astype(dtype))
        return out

    def _check_theta(self, theta: Any, n: int, name: str) -> np.ndarray:
        th = np.asarray(theta)
        if th.ndim != 1 or th.size != n:
            raise ShapeError(f"{name}: expected {n} coefficients in a 1-d array, got shape {th.shape}")
        return th

    def apply(self, theta: Any, theta_bias: Any = None) -> Any:
        """``W`` (and ``b``) for float coefficients, block by block, never the dense basis.

        Parameters
        ----------
        theta : array_like of float, shape (dim,)
            In the parameter order of the module docstring. Exact coefficients (ints or
            Fractions in a list or tuple) give an exact `repkit.exact.Matrix` instead.
        theta_bias : array_like, shape (bias_dim,), optional

        Returns
        -------
        W, or (W, b)
            ``W`` of shape ``(m_out, m_in)``; ``b`` of shape ``(m_out,)``.

        Raises
        ------
        ShapeError
            For a wrong number of coefficients.

        Notes
        -----
        ``O(sum over blocks of K k d m_j m_i + m_out m_in)``.

        Examples
        --------
        >>> import numpy as np, repkit as rk
        >>> V = rk.natural(rk.symmetric(3))
        >>> B = rk.equivariant_basis(2 * V, V)
        >>> B.apply(np.array([1.0, 0, 0, 0])).tolist()[0]         # identity on copy 0
        [1.0, 0.0, 0.0, 0.0, 0.0, 0.0]
        >>> B.apply([0, 0, 1, 0])[0, 3] == 1                        # exact: identity on copy 1
        True
        """
        exact = not (isinstance(theta, np.ndarray) and theta.dtype.kind in "fc")
        if exact:
            return self._apply_exact(theta, theta_bias)
        th = self._check_theta(theta, self.dim, "theta")
        complex_ = th.dtype.kind == "c" or not self.is_real()
        dtype = np.result_type(th.dtype, np.complex128 if complex_ else th.dtype)
        W = np.zeros(self.shape, dtype)
        for b, arr in zip(self.blocks, self.block_arrays(dtype)):
            K, k, d = b.param_shape
            t = th[b.param_offset:b.param_offset + b.num_params].reshape(K, k, d)
            mj, mi = b.basis.shape
            W[b.out_offset:b.out_offset + K * mj, b.in_offset:b.in_offset + k * mi] = (
                np.einsum("abt,trs->arbs", t, arr).reshape(K * mj, k * mi))
        if theta_bias is None:
            return W
        return W, self._bias_float(self._check_theta(theta_bias, self.bias_dim, "theta_bias"), dtype)

    def _bias_float(self, th: np.ndarray, dtype: Any) -> np.ndarray:
        out = np.zeros(self.shape[0], dtype)
        for bb, arr in zip(self.bias_blocks, self.bias_arrays(dtype)):
            if bb.dim:
                t = th[bb.param_offset:bb.param_offset + bb.out_mult * bb.dim].reshape(bb.out_mult, bb.dim)
                m = arr.shape[1]
                out[bb.out_offset:bb.out_offset + bb.out_mult * m] = (t @ arr).reshape(-1)
        return out

    def _apply_exact(self, theta: Any, theta_bias: Any) -> Any:
        from ..exact import Matrix

        coeffs = list(theta)
        if len(coeffs) != self.dim:
            raise ShapeError(f"theta: expected {self.dim} coefficients, got {len(coeffs)}")
        rows: list[list[Any]] = [[0] * self.shape[1] for _ in range(self.shape[0])]
        for b in self.blocks:
            K, k, d = b.param_shape
            mats = b.basis.exact_matrices()
            mj, mi = b.basis.shape
            for a in range(K):
                for c in range(k):
                    for t in range(d):
                        x = coeffs[b.param_offset + (a * k + c) * d + t]
                        if x == 0:
                            continue
                        M = mats[t]
                        for r in range(mj):
                            for s in range(mi):
                                v = M[r, s]
                                if v != 0:
                                    pos = rows[b.out_offset + a * mj + r]
                                    pos[b.in_offset + c * mi + s] += x * v
        W = Matrix(rows) if all(self.shape) else Matrix.zeros(*self.shape)
        if theta_bias is None:
            return W
        cb = list(theta_bias)
        if len(cb) != self.bias_dim:
            raise ShapeError(f"theta_bias: expected {self.bias_dim} coefficients, got {len(cb)}")
        bias: list[Any] = [0] * self.shape[0]
        for bb in self.bias_blocks:
            m = bb.numerators.shape[1]
            for a in range(bb.out_mult):
                for l_ in range(bb.dim):
                    x = cb[bb.param_offset + a * bb.dim + l_]
                    if x == 0:
                        continue
                    den = Fraction(1, int(bb.denominators[l_]))
                    for r in range(m):
                        v = (int(bb.numerators[l_, r]) if bb.numerators.ndim == 2
                             else _decode_cyclotomic(bb.numerators[l_, r]))
                        if v != 0:
                            bias[bb.out_offset + a * m + r] += x * v * den
        return W, (Matrix([[v] for v in bias]) if self.shape[0] else Matrix.zeros(0, 1))

    # -- dense and canonical views ----------------------------------------------------------

    def _elements(self) -> tuple[np.ndarray, np.ndarray]:
        """Per element (structured order): its pivot ``i * m_in + j`` and the element's origin."""
        m_in = self.shape[1]
        pivots, origin = [], []
        for bi, b in enumerate(self.blocks):
            K, k, d = b.param_shape
            mj, mi = b.basis.shape
            idx = b.basis._coo()[0]
            size = mj * mi
            first = np.full(d, -1, np.int64)
            ks = idx // size
            pos = idx % size
            # idx is sorted by (t, position): the first entry of each t is its pivot
            starts = np.flatnonzero(np.concatenate([[True], ks[1:] != ks[:-1]]))
            first[ks[starts]] = pos[starts]
            r, s = first // mi, first % mi
            a = np.arange(K)[:, None, None]
            c = np.arange(k)[None, :, None]
            row = b.out_offset + a * mj + r[None, None, :]
            col = b.in_offset + c * mi + s[None, None, :]
            pivots.append((row * m_in + col).reshape(-1))
            origin.append(np.full(K * k * d, bi, np.int64))
        if not pivots:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        return np.concatenate(pivots), np.concatenate(origin)

    @functools.cached_property
    def canonical_order(self) -> np.ndarray:
        """``perm`` with ``canonical element q = structured element perm[q]`` (sorted by pivot).

        Parameters in the canonical order (`to_weight_basis`) are ``theta[perm]``.

        Examples
        --------
        >>> import numpy as np, repkit as rk
        >>> V = rk.natural(rk.symmetric(3))
        >>> B = rk.equivariant_basis(2 * V, 2 * V)
        >>> theta = np.arange(B.dim, dtype=float)
        >>> dense = B.to_weight_basis()
        >>> bool(np.array_equal(dense.apply(theta[B.canonical_order]), B.apply(theta)))
        True
        """
        pivots, _ = self._elements()
        out = np.argsort(pivots, kind="stable")
        out.setflags(write=False)
        return out

    def to_weight_basis(self, *, max_entries: int = DEFAULT_MAX_ENTRIES) -> WeightBasis:
        """The canonical `WeightBasis` of the same space (what the unstructured solver returns).

        Raises
        ------
        BasisTooLargeError
            If the number of nonzero entries of the whole basis exceeds ``max_entries``.

        Notes
        -----
        O(total nonzero entries). See the module docstring for why sorting the placed small
        canonical bases by pivot gives the canonical form.

        Examples
        --------
        >>> import repkit as rk
        >>> V = rk.natural(rk.symmetric(4))
        >>> B = rk.equivariant_basis(2 * V, 3 * V)
        >>> B.to_weight_basis() == rk.equivariant_basis(2 * V, 3 * V, structured=False)
        True
        """
        nnz = sum(b.out_mult * b.in_mult * b.basis._coo()[0].size for b in self.blocks)
        if nnz > max_entries:
            raise BasisTooLargeError(
                f"max_entries: the whole basis has {nnz} nonzero entries, more than "
                f"max_entries={max_entries}; work with the blocks (apply, block_arrays) instead")
        m_out, m_in = self.shape
        size = m_out * m_in
        rank = np.empty(self.dim, np.int64)
        rank[self.canonical_order] = np.arange(self.dim)
        idx_parts, val_parts, den = [], [], np.ones(self.dim, np.int64)
        for b in self.blocks:
            K, k, d = b.param_shape
            mj, mi = b.basis.shape
            idx, val, rden = b.basis._coo()
            val = _lift_values(val, b.basis.field, self.field)
            t, pos = idx // (mj * mi), idx % (mj * mi)
            r, s = pos // mi, pos % mi
            a = np.arange(K)[:, None, None]
            c = np.arange(k)[None, :, None]
            elem = b.param_offset + (a * k + c) * d + t[None, None, :]
            flat = (b.out_offset + a * mj + r) * m_in + (b.in_offset + c * mi + s)
            new_k = rank[elem]
            idx_parts.append((new_k * size + flat).reshape(-1))
            val_parts.append(np.broadcast_to(val, (K, k) + val.shape).reshape((-1,) + val.shape[1:]))
            den[rank[b.param_offset + np.arange(K * k * d)]] = np.tile(rden, K * k)
        extra = () if self.field == 1 else (self.field,)
        idx_all = np.concatenate(idx_parts) if idx_parts else np.zeros(0, np.int64)
        val_all = np.concatenate(val_parts) if val_parts else np.zeros((0,) + extra, np.int64)
        order = np.argsort(idx_all, kind="stable")
        bn, bd = self.dense_bias()
        return WeightBasis.from_sparse(self.shape, self.dim, idx_all[order], val_all[order], den,
                                       field=self.field, bias_numerators=bn, bias_denominators=bd,
                                       metadata=self.metadata, rho_in=self.rho_in, rho_out=self.rho_out)

    def dense_bias(self) -> tuple[np.ndarray, np.ndarray]:
        """The bias basis of ``rho_out`` in canonical (pivot) order: ``(numerators, denominators)``.

        Examples
        --------
        >>> import repkit as rk
        >>> V = rk.natural(rk.symmetric(3))
        >>> rk.equivariant_basis(V, 2 * V).dense_bias()[0].tolist()
        [[1, 1, 1, 0, 0, 0], [0, 0, 0, 1, 1, 1]]
        """
        m_out = self.shape[0]
        extra = () if self.field == 1 else (self.field,)
        rows, dens, pivots = [], [], []
        for bb in self.bias_blocks:
            num = _lift_values(bb.numerators, 1 if bb.numerators.ndim == 2 else bb.numerators.shape[-1],
                               self.field)
            m = bb.numerators.shape[1]
            for a in range(bb.out_mult):
                for l_ in range(bb.dim):
                    row = np.zeros((m_out,) + extra, np.int64)
                    row[bb.out_offset + a * m:bb.out_offset + (a + 1) * m] = num[l_]
                    rows.append(row)
                    dens.append(int(bb.denominators[l_]))
                    nz = np.flatnonzero(row if not extra else np.any(row != 0, axis=-1))
                    pivots.append(int(nz[0]) if nz.size else m_out)
        if not rows:
            return np.zeros((0, m_out) + extra, np.int64), np.zeros(0, np.int64)
        order = np.argsort(pivots, kind="stable")
        return np.stack(rows)[order], np.asarray(dens, np.int64)[order]

    def to_numpy(self, dtype: Any = np.float32, *, max_entries: int = DEFAULT_MAX_ENTRIES) -> np.ndarray:
        """The dense basis ``(dim, m_out, m_in)`` in the structured parameter order.

        Raises
        ------
        BasisTooLargeError
            If ``dim * m_out * m_in`` exceeds ``max_entries``.

        Examples
        --------
        >>> import numpy as np, repkit as rk
        >>> V = rk.natural(rk.symmetric(3))
        >>> B = rk.equivariant_basis(2 * V, V)
        >>> theta = np.arange(4.0)
        >>> bool(np.allclose(np.einsum("k,kij->ij", theta, B.to_numpy(np.float64)), B.apply(theta)))
        True
        """
        m_out, m_in = self.shape
        total = self.dim * m_out * m_in
        if total > max_entries:
            raise BasisTooLargeError(
                f"max_entries: a dense view needs dim*m_out*m_in = {self.dim}*{m_out}*{m_in} = {total} "
                f"entries, more than max_entries={max_entries}; use apply or the blocks instead")
        out = np.zeros((self.dim, m_out, m_in), dtype)
        for b, arr in zip(self.blocks, self.block_arrays(dtype)):
            K, k, d = b.param_shape
            mj, mi = b.basis.shape
            for a in range(K):
                for c in range(k):
                    p0 = b.param_offset + (a * k + c) * d
                    out[p0:p0 + d, b.out_offset + a * mj:b.out_offset + (a + 1) * mj,
                        b.in_offset + c * mi:b.in_offset + (c + 1) * mi] = arr
        return out

    @property
    def bias(self) -> tuple[np.ndarray, np.ndarray]:
        """The exact bias basis ``(numerators (bias_dim, m_out), denominators (bias_dim,))``.

        In the structured order, which for biases is also the canonical (pivot) order.

        Examples
        --------
        >>> import repkit as rk
        >>> V = rk.natural(rk.symmetric(3))
        >>> rk.equivariant_basis(V, 2 * V).bias[1].tolist()
        [1, 1]
        """
        return self.dense_bias()

    @functools.cached_property
    def _pattern_and_signs(self) -> tuple[np.ndarray, np.ndarray] | None:
        if any(b.basis.kind != "pattern" for b in self.blocks):
            return None
        m_out, m_in = self.shape
        pattern = np.full((m_out, m_in), -1, np.int64)
        signs = np.zeros((m_out, m_in), np.int8)
        for b in self.blocks:
            K, k, d = b.param_shape
            mj, mi = b.basis.shape
            p, sg = b.basis.storage
            for a in range(K):
                for c in range(k):
                    rows = slice(b.out_offset + a * mj, b.out_offset + (a + 1) * mj)
                    cols = slice(b.in_offset + c * mi, b.in_offset + (c + 1) * mi)
                    p0 = b.param_offset + (a * k + c) * d
                    pattern[rows, cols] = np.where(p >= 0, p + p0, -1)
                    signs[rows, cols] = sg
        pattern.setflags(write=False)
        signs.setflags(write=False)
        return pattern, signs

    @property
    def pattern(self) -> np.ndarray | None:
        """The sharing pattern ``(m_out, m_in)`` in the structured parameter order, or None.

        Present when every small basis is a 0/1 partition of its entries (orbit indicators);
        ``W = theta[pattern]`` where ``pattern >= 0``. Costs ``O(m_out m_in)``, built on request.

        Examples
        --------
        >>> import repkit as rk
        >>> V = rk.natural(rk.symmetric(2))
        >>> rk.equivariant_basis(V, 2 * V).pattern.tolist()
        [[0, 1], [1, 0], [2, 3], [3, 2]]
        """
        ps = self._pattern_and_signs
        if ps is None or np.any(ps[1] < 0):
            return None
        return ps[0]

    @property
    def signs(self) -> np.ndarray | None:
        """The ``int8`` signs of the pattern (signed permutation components), or None.

        Examples
        --------
        >>> import repkit as rk
        >>> G = rk.symmetric(3)
        >>> rk.equivariant_basis(2 * rk.sign(G), rk.sign(G)).signs.tolist()
        [[1, 1]]
        """
        ps = self._pattern_and_signs
        return None if ps is None else ps[1]

    def dense_numerators(self, *, max_entries: int = DEFAULT_MAX_ENTRIES) -> np.ndarray:
        """Exact integer numerators ``(dim, m_out, m_in)`` (trailing ``n`` if cyclotomic), structured order.

        Raises
        ------
        BasisTooLargeError
            If ``dim * m_out * m_in`` exceeds ``max_entries``.

        Examples
        --------
        >>> import repkit as rk
        >>> V = rk.natural(rk.symmetric(2))
        >>> rk.equivariant_basis(V, 2 * V).dense_numerators().shape
        (4, 4, 2)
        """
        m_out, m_in = self.shape
        total = self.dim * m_out * m_in
        if total > max_entries:
            raise BasisTooLargeError(
                f"max_entries: a dense view needs dim*m_out*m_in = {self.dim}*{m_out}*{m_in} = {total} "
                f"entries, more than max_entries={max_entries}; use apply or the blocks instead")
        extra = () if self.field == 1 else (self.field,)
        out = np.zeros((self.dim, m_out, m_in) + extra, np.int64)
        for b in self.blocks:
            K, k, d = b.param_shape
            mj, mi = b.basis.shape
            small = _lift_values(b.basis.dense_numerators(), b.basis.field, self.field)
            den = b.basis._coo()[2]
            if np.any(den != 1):
                raise BasisTooLargeError("numerators: a small basis has denominators; use exact_matrices")
            for a in range(K):
                for c in range(k):
                    p0 = b.param_offset + (a * k + c) * d
                    out[p0:p0 + d, b.out_offset + a * mj:b.out_offset + (a + 1) * mj,
                        b.in_offset + c * mi:b.in_offset + (c + 1) * mi] = small
        out.setflags(write=False)
        return out

    @property
    def numerators(self) -> np.ndarray:
        """`dense_numerators` with the default bound.

        Examples
        --------
        >>> import repkit as rk
        >>> V = rk.natural(rk.symmetric(2))
        >>> int(rk.equivariant_basis(V, 2 * V).numerators.sum())
        8
        """
        return self.dense_numerators()

    @property
    def denominators(self) -> np.ndarray:
        """int64 ``(dim, 1, 1)`` (trailing 1 if cyclotomic), broadcasting against `numerators`.

        Examples
        --------
        >>> import repkit as rk
        >>> V = rk.natural(rk.symmetric(2))
        >>> rk.equivariant_basis(V, 2 * V).denominators.shape
        (4, 1, 1)
        """
        den = np.ones(self.dim, np.int64)
        for b in self.blocks:
            den[b.param_offset:b.param_offset + b.num_params] = np.tile(b.basis._coo()[2],
                                                                        b.out_mult * b.in_mult)
        extra = () if self.field == 1 else (1,)
        return den.reshape((self.dim, 1, 1) + extra)

    def localize(self, mask: np.ndarray) -> WeightBasis:
        """The maps vanishing outside ``mask``, as a canonical `WeightBasis` (see `WeightBasis.localize`).

        Examples
        --------
        >>> import numpy as np, repkit as rk
        >>> V = rk.natural(rk.symmetric(2))
        >>> rk.equivariant_basis(V, 2 * V).localize(np.ones((4, 2), bool)).dim
        4
        """
        return self.to_weight_basis().localize(mask)

    def is_real(self) -> bool:
        """Whether every entry is real (exactly decided per small basis).

        Examples
        --------
        >>> import repkit as rk
        >>> V = rk.natural(rk.symmetric(3))
        >>> rk.equivariant_basis(2 * V, V).is_real()
        True
        """
        return all(b.basis.is_real() for b in self.blocks)

    def exact_matrices(self) -> tuple[Any, ...]:
        """The basis as exact matrices, in the structured order (via `to_weight_basis`; bounded).

        Examples
        --------
        >>> import repkit as rk
        >>> V = rk.natural(rk.symmetric(3))
        >>> len(rk.equivariant_basis(2 * V, V).exact_matrices())
        4
        """
        canon = self.to_weight_basis().exact_matrices()
        rank = np.empty(self.dim, np.int64)
        rank[self.canonical_order] = np.arange(self.dim)
        return tuple(canon[int(rank[q])] for q in range(self.dim))

    # -- identity --------------------------------------------------------------------------

    def canonical_arrays(self) -> dict[str, np.ndarray]:
        """The exact content as named integer arrays (the schema-2 template members).

        See ``docs/export.md`` for the meaning of each array.

        Examples
        --------
        >>> import repkit as rk
        >>> V = rk.natural(rk.symmetric(3))
        >>> sorted(rk.equivariant_basis(2 * V, V).canonical_arrays())[:3]
        ['bias_blocks', 'bias_denominators', 'bias_dim']
        """
        from .structured_arrays import structured_to_arrays

        return structured_to_arrays(self)

    @functools.cached_property
    def checksum(self) -> str:
        """sha256 (hex) of the canonical arrays; equal structured bases, equal checksums.

        Examples
        --------
        >>> import repkit as rk
        >>> V = rk.natural(rk.symmetric(3))
        >>> rk.equivariant_basis(2 * V, V).checksum == rk.equivariant_basis(2 * V, V).checksum
        True
        """
        return content_checksum(self.kind, self.canonical_arrays())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, StructuredBasis):
            return NotImplemented
        return self.checksum == other.checksum

    def __hash__(self) -> int:
        return hash(self.checksum)

    def __repr__(self) -> str:
        m_out, m_in = self.shape
        fld = "Q" if self.field == 1 else f"Q(E({self.field}))"
        names = ""
        if "rho_in" in self.metadata:
            names = f", {self.metadata['rho_in']} -> {self.metadata['rho_out']}"
        return (f"StructuredBasis(dim={self.dim}, shape=({m_out}, {m_in}), field={fld}, "
                f"blocks={len(self.blocks)}, bias_dim={self.bias_dim}{names})")

    def save(self, path: str) -> None:
        """Write a schema-2 template (see ``docs/export.md``), atomically.

        Examples
        --------
        >>> import os, tempfile, repkit as rk
        >>> V = rk.natural(rk.symmetric(3))
        >>> B = rk.equivariant_basis(2 * V, V)
        >>> with tempfile.TemporaryDirectory() as d:
        ...     B.save(os.path.join(d, "w.npz")); C = rk.load_template(os.path.join(d, "w.npz"))
        >>> C == B
        True
        """
        from .template_io import save_template

        save_template(self, path)


def _lift_values(val: np.ndarray, f_from: int, f_to: int) -> np.ndarray:
    """Coefficient rows from Q(zeta_f_from) to Q(zeta_f_to) (see `encode_cyclotomic`)."""
    if f_from == f_to:
        return val
    base = val if f_from > 1 else val[..., None]
    out = np.zeros(base.shape[:-1] + (f_to,), np.int64)
    out[..., np.arange(base.shape[-1]) * (f_to // max(f_from, 1))] = base
    return out


def _decode_cyclotomic(row: np.ndarray) -> Any:
    from ..exact import E

    n = row.shape[-1]
    total: Any = 0
    for k in np.flatnonzero(row):
        total = total + int(row[k]) * E(n, int(k))
    return total
