"""Exact factorisations of a small weight basis so a layer can apply it cheaply (exact, then NumPy).

Every element ``B_t`` of a small basis is applied in one of three ways:

* the **identity**: a plain channel mix, ``y[a] += theta[a, b, t] x[b]``;
* a **monomial** (signed permutation) matrix: a gather of ``x`` along the representation axis;
* otherwise its exact **rank factorisation** ``B_t = U_t V_t^T`` (from the reduced row echelon
  form: ``U_t`` the pivot columns of ``B_t``, ``V_t^T`` the nonzero rows of its rref), so that the
  cost is proportional to the rank.

For a 0/1 pattern basis whose elements sum to a rank-one matrix (the orbitals of a transitive
permutation action: ``I`` and ``11^T - I`` for ``natural(S_n)``), the element of largest rank is
first replaced by that sum (an exact, unimodular change of basis ``M``; the parameters are
unchanged and mapped by ``theta' = theta M^-1`` in the layer). Ranks are decided exactly, never by
a float cut-off.

Examples
--------
>>> import repkit as rk
>>> V = rk.natural(rk.symmetric(5))
>>> f = factor_small(rk.equivariant_basis(V, V))
>>> f.identity, f.low_rank.tolist(), f.mix.tolist()       # I stays; 11^T - I becomes 11^T (rank 1)
(0, [1], [[1.0, 0.0], [-1.0, 1.0]])
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ...exact import Matrix

__all__ = ["SmallFactors", "factor_small"]


@dataclass(frozen=True, eq=False)
class SmallFactors:
    """How to apply each element of a small basis (see the module docstring).

    Attributes
    ----------
    mix : numpy.ndarray or None
        ``M^-1`` (``(d, d)``) of the change of basis, or None when the basis is used as is.
    identity : int or None
        Index of an element equal to the identity matrix.
    monomial : numpy.ndarray
        ``(T,)`` indices of the other monomial elements.
    perm, sign : numpy.ndarray
        ``(T, m_out)``: row ``r`` of element ``monomial[q]`` has ``sign[q, r]`` at column ``perm[q, r]``.
    low_rank : numpy.ndarray
        ``(R,)``: the element each rank-one term belongs to.
    U, V : numpy.ndarray
        ``(R, m_out)`` and ``(m_in, R)``: the rank-one terms ``U[q]^T`` (column) times ``V[:, q]^T``.

    Examples
    --------
    >>> import repkit as rk
    >>> R = rk.regular(rk.cyclic(3))
    >>> f = factor_small(rk.equivariant_basis(R, R))
    >>> f.identity, f.monomial.tolist(), f.U.shape
    (0, [1], (1, 3))
    """

    mix: np.ndarray | None
    identity: int | None
    monomial: np.ndarray
    perm: np.ndarray
    sign: np.ndarray
    low_rank: np.ndarray
    U: np.ndarray
    V: np.ndarray


def _monomial(M: Matrix) -> tuple[list[int], list[Any]] | None:
    rows = M.to_list()
    perm, sign, used = [], [], set()
    for row in rows:
        nz = [(j, v) for j, v in enumerate(row) if v != 0]
        if len(nz) != 1 or nz[0][1] not in (1, -1) or nz[0][0] in used:
            return None
        used.add(nz[0][0])
        perm.append(nz[0][0])
        sign.append(nz[0][1])
    return perm, sign


def factor_small(basis: Any, dtype: Any = np.float64) -> SmallFactors:
    """Factor the elements of a small `WeightBasis` (exactly) and round the factors to ``dtype``.

    Parameters
    ----------
    basis : WeightBasis
    dtype : numpy dtype, optional

    Returns
    -------
    SmallFactors

    Notes
    -----
    One exact rref per element, O(d m_out m_in min(m_out, m_in)); done once per distinct small
    basis when a layer is built.

    Examples
    --------
    >>> import repkit as rk
    >>> rot = rk.dihedral_rotation(4)
    >>> f = factor_small(rk.equivariant_basis(rot, rot))
    >>> f.identity, f.monomial.size, f.low_rank.size
    (0, 0, 0)
    """
    mats = list(basis.exact_matrices())
    d = len(mats)
    m_out, m_in = (int(s) for s in basis.shape)
    mix = None
    if getattr(basis, "kind", None) == "pattern" and d >= 2:
        total = mats[0]
        for M in mats[1:]:
            total = total + M
        if total.rank() == 1:
            ranks = [M.rank() for M in mats]
            u = max(range(d), key=lambda t: (ranks[t], t))
            change = [[1 if t == u or s == t else 0 for s in range(d)] for t in range(d)]
            mix = np.asarray(Matrix(change).inverse().to_numpy(float))
            mats[u] = total
    identity, monomial, perms, signs = None, [], [], []
    low, U, V = [], [], []
    for t, M in enumerate(mats):
        if identity is None and m_out == m_in and M.is_identity():
            identity = t
            continue
        mono = _monomial(M) if m_out == m_in else None
        if mono is not None:
            monomial.append(t)
            perms.append(mono[0])
            signs.append([float(s) for s in mono[1]])
            continue
        R, piv = M.rref()
        cols = np.asarray(M.to_numpy(dtype))[:, list(piv)]          # U: pivot columns
        rows = np.asarray(R.to_numpy(dtype))[:len(piv), :]         # V^T: nonzero rref rows
        for q in range(len(piv)):
            low.append(t)
            U.append(cols[:, q])
            V.append(rows[q])
    return SmallFactors(
        mix, identity, np.asarray(monomial, np.int64), np.asarray(perms, np.int64).reshape(-1, m_out),
        np.asarray(signs, dtype).reshape(-1, m_out), np.asarray(low, np.int64),
        np.asarray(U, dtype).reshape(-1, m_out), np.asarray(V, dtype).reshape(-1, m_in).T.copy())
