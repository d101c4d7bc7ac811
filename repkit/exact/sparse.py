"""Exact null spaces of large sparse rational systems.

Equivariance constraints ``rho_out(g) W - W rho_in(g) = 0`` stacked over the generators give
systems with thousands of unknowns and a handful of small integer entries per row. Dense
elimination costs O(r c min(r, c)) whatever the sparsity; here a sparse Gauss-Jordan
elimination keeps rows as dictionaries, picks the sparsest available pivot row, and processes
columns from right to left so that the null space comes out directly in reduced row echelon
form (no second elimination).

Examples
--------
>>> rows = [{0: 1, 1: -1}, {1: 1, 2: -1}]          # x0 = x1 = x2
>>> nullspace_sparse(rows, 3).to_list()
[[1, 1, 1]]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal

import flint
import numpy as np

from ..errors import SparseFillError  # noqa: F401  (defined with the other errors)
from ..errors import RepkitError, ShapeError
from ._linalg import primitive_rows, q_nullspace_dense
from .convert import to_exact_scalar

if TYPE_CHECKING:
    from .matrix import Matrix

__all__ = ["nullspace_sparse", "SparseFillError"]


def _as_fmpq(x: Any, argument: str) -> flint.fmpq:
    v = to_exact_scalar(x, argument=argument)
    if isinstance(v, Fraction):
        return flint.fmpq(v.numerator, v.denominator)
    if isinstance(v, int):
        return flint.fmpq(v)
    from ..errors import FieldMismatchError

    raise FieldMismatchError(f"{argument}: expected a rational entry, got the cyclotomic {v}")


def _sparse_rows(rows: Sequence[Mapping[int, Any]], ncols: int) -> list[dict[int, flint.fmpq]]:
    out = []
    for i, r in enumerate(rows):
        if not isinstance(r, Mapping):
            raise ShapeError(f"rows[{i}]: expected a mapping column -> value, got {type(r).__name__}")
        d: dict[int, flint.fmpq] = {}
        for j, x in r.items():
            if isinstance(j, np.integer):
                j = int(j)
            if isinstance(j, bool) or not isinstance(j, int) or not 0 <= j < ncols:
                raise ShapeError(f"rows[{i}]: expected column indices in 0..{ncols - 1}, got {j!r}")
            q = x if isinstance(x, flint.fmpq) else _as_fmpq(x, f"rows[{i}][{j}]")
            if q != 0:
                d[j] = q
        out.append(d)
    return out


def _sparse_gauss_jordan_right(
    rows: list[dict[int, flint.fmpq]], ncols: int, *, max_entries: int | None = None
) -> dict[int, dict[int, flint.fmpq]]:
    """Gauss-Jordan elimination processing columns from right to left (rows modified).

    Returns ``{pivot column c: row}`` where ``row[c] == 1`` and every other key of ``row`` is
    a non-pivot column. The pivot set is the lexicographically last column basis.
    """
    col_rows: dict[int, set[int]] = {}
    total = 0
    for i, r in enumerate(rows):
        total += len(r)
        for j in r:
            col_rows.setdefault(j, set()).add(i)
    if max_entries is not None and total > max_entries:
        raise SparseFillError(f"rows: {total} stored entries exceed max_entries={max_entries} before elimination")
    used: set[int] = set()
    pivots: dict[int, dict[int, flint.fmpq]] = {}
    for c in range(ncols - 1, -1, -1):
        holders = col_rows.get(c)
        if not holders:
            continue
        cand = [i for i in holders if i not in used]
        if not cand:
            continue
        pr = min(cand, key=lambda i: (len(rows[i]), i))
        used.add(pr)
        prow = rows[pr]
        inv = 1 / prow[c]
        if inv != 1:
            for j in prow:
                prow[j] *= inv
        items = [(j, v) for j, v in prow.items() if j != c]
        for i in list(holders):
            if i == pr:
                continue
            row = rows[i]
            f = row.pop(c)
            holders.discard(i)
            total -= 1
            for j, v in items:
                old = row.get(j)
                if old is None:
                    row[j] = -f * v
                    col_rows.setdefault(j, set()).add(i)
                    total += 1
                else:
                    new = old - f * v
                    if new == 0:
                        del row[j]
                        col_rows[j].discard(i)
                        total -= 1
                    else:
                        row[j] = new
        if max_entries is not None and total > max_entries:
            raise SparseFillError(
                f"rows: sparse elimination needed more than max_entries={max_entries} stored "
                f"entries (fill-in) after {len(pivots) + 1} pivots of at most {ncols}"
            )
        pivots[c] = prow
    return pivots


def _nullspace_from_pivots(pivots: Mapping[int, Mapping[int, flint.fmpq]], ncols: int) -> flint.fmpq_mat:
    """The null space in rref from a right-to-left Gauss-Jordan result."""
    free = [f for f in range(ncols) if f not in pivots]
    index = {f: t for t, f in enumerate(free)}
    N = flint.fmpq_mat(len(free), ncols)
    for f, t in index.items():
        N[t, f] = 1
    for c, row in pivots.items():
        for j, v in row.items():
            if j != c:
                N[index[j], c] = -v
    return N


def nullspace_sparse(
    rows: Sequence[Mapping[int, int | Fraction]],
    ncols: int,
    *,
    integer: bool = False,
    method: Literal["auto", "sparse", "dense"] = "auto",
    max_entries: int | None = None,
) -> Matrix:
    """The null space ``{x : A x = 0}`` of a sparse rational matrix, as rows in rref.

    Parameters
    ----------
    rows : sequence of mappings ``{column: value}``
        Row ``i`` of A; absent columns are zero. Values are exact rationals (``int``,
        ``Fraction``, ...); floats raise ``ExactnessError``.
    ncols : int
        Number of columns (unknowns).
    integer : bool, optional
        Scale each basis row to a primitive integer vector (leading entry positive).
    method : {"auto", "sparse", "dense"}, optional
        ``"sparse"``: dictionary elimination only; ``"dense"``: one fraction-free FLINT rref;
        ``"auto"`` (default): sparse, switching to dense when the stored entries exceed
        ``max_entries`` (default ``4 nnz + 2 ncols + 1000``). The result is the same.
    max_entries : int, optional
        Fill-in budget of the sparse elimination. With ``method="sparse"`` exceeding it
        raises :class:`SparseFillError`; with ``"auto"`` it triggers the dense fallback.

    Returns
    -------
    Matrix
        Shape ``(ncols - rank, ncols)``; the same result as ``Matrix(A).nullspace()``.

    Raises
    ------
    ShapeError
        For a row that is not a mapping or a column index out of range.
    SparseFillError
        If ``method="sparse"`` and ``max_entries`` is exceeded.
    ValueError
        For an unknown ``method``.

    Notes
    -----
    Gauss-Jordan elimination (Cohen 1993, Sec. 2.2) over Q on dictionary rows, columns taken
    from right to left and the sparsest row as pivot (a Markowitz-style choice limited to
    rows; cf. Davis, *Direct Methods for Sparse Linear Systems*, SIAM 2006, ch. 7). The pivots
    form the lexicographically last column basis B of A; by matroid duality the complement of
    B is the set of pivot columns of the rref of the null space, so the vectors
    ``e_f - sum_c R[c, f] e_c`` (f not in B) are already that rref. Cost is proportional to
    the fill-in; for permutation-type constraints (two entries per row) rows never grow.

    Examples
    --------
    >>> N = nullspace_sparse([{0: 1, 2: -2}, {1: 3, 2: -1}], 3)
    >>> N.to_list()
    [[1, Fraction(1, 6), Fraction(1, 2)]]
    >>> nullspace_sparse([{0: 1, 2: -2}, {1: 3, 2: -1}], 3, integer=True).to_list()
    [[6, 1, 3]]
    """
    from .matrix import Matrix

    if method not in ("auto", "dense", "sparse"):
        raise ValueError(f"method: expected 'auto', 'dense' or 'sparse', got {method!r}")
    if isinstance(ncols, bool) or not isinstance(ncols, int) or ncols < 0:
        raise ShapeError(f"ncols: expected a non-negative integer, got {ncols!r}")
    data = _sparse_rows(rows, ncols)
    N = None
    if method != "dense":
        nnz = sum(len(r) for r in data)
        budget = max_entries
        if budget is None and method == "auto":
            budget = 4 * nnz + 2 * ncols + 1000
        try:
            N = _nullspace_from_pivots(_sparse_gauss_jordan_right(data, ncols, max_entries=budget), ncols)
        except SparseFillError:
            if method == "sparse":
                raise
            data = _sparse_rows(rows, ncols)
    if N is None:
        dense = flint.fmpq_mat(len(data), ncols)
        for i, r in enumerate(data):
            for j, v in r.items():
                dense[i, j] = v
        N = q_nullspace_dense(dense)
    if integer:
        N = primitive_rows(N)
    return Matrix._wrap_q(N)
