"""Private: the linear-algebra methods of :class:`repkit.exact.Matrix` (a mixin).

Rational matrices use FLINT (``fmpq_mat``/``fmpz_mat``); matrices over Q(zeta_n) use
Gauss-Jordan elimination on canonical cyclotomic entries (H. Cohen, *A Course in
Computational Algebraic Number Theory*, GTM 138, 1993, Sec. 2.2-2.3) and, for the inverse,
one rational solve with the realization of the matrix over Q.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, Literal

import flint

from ..errors import ShapeError, SingularMatrixError
from . import _cycmat, _linalg

if TYPE_CHECKING:
    from .matrix import Matrix, Scalar

__all__: list[str] = []


def _q_to_fraction(q: flint.fmpq) -> Any:
    from fractions import Fraction

    return Fraction(int(q.p), int(q.q))


class MatrixLinalgMixin:
    """Linear algebra shared by :class:`~repkit.exact.Matrix` (see that class)."""

    __slots__ = ()
    _q: Any
    _comp: Any
    _field: int
    _shape: tuple[int, int]

    def _require_square(self, what: str) -> None:
        if self.nrows != self.ncols:
            raise ShapeError(f"self: {what} needs a square matrix, got shape {self._shape}")

    def trace(self) -> Scalar:
        """The trace (sum of the diagonal).

        Examples
        --------
        >>> from repkit.exact import Matrix, E
        >>> A, B = Matrix([[1, 2], [3, 4]]), Matrix([[0, 1], [5, 7]])
        >>> (A @ B).trace() == (B @ A).trace()
        True
        """
        self._require_square("trace")
        if self._q is not None:
            total = flint.fmpq(0)
            for i in range(self.nrows):
                total += self._q[i, i]
            return _q_to_fraction(total)
        return _cycmat.trace(self._field, self._comps())

    def det(self) -> Scalar:
        """The determinant.

        Notes
        -----
        Rational: FLINT's ``fmpq_mat_det`` (multimodular). Cyclotomic: Gaussian elimination,
        O(n^3) field operations (Cohen 1993, Alg. 2.2.1).

        Examples
        --------
        >>> from repkit.exact import Matrix, E
        >>> A, B = Matrix([[1, 2], [3, 4]]), Matrix([[E(3), 1], [0, 2]])
        >>> (A @ B).det() == A.det() * B.det()
        True
        """
        self._require_square("det")
        if self._q is not None:
            return _q_to_fraction(self._q.det())
        return _cycmat.det(self._field, self._comps(), self.nrows)

    def multiplicative_order(self) -> int | None:
        """The least ``k >= 1`` with ``M^k = I``, or None when ``M`` has infinite order (decided exactly).

        Raises
        ------
        ShapeError
            If not square.

        Notes
        -----
        ``M`` has finite order iff its minimal polynomial is a product of distinct cyclotomic
        polynomials ``Phi_k`` (diagonalizable, roots of unity as eigenvalues), and then the order
        is the lcm of those ``k`` (S. Lang, *Algebra*, 3rd ed., XIV §3 and XVI §2). FLINT's
        minimal polynomial and factorization over Z: about O(n^3) for an ``n x n`` rational
        matrix; over Q(zeta_m) the rational realization (size ``n phi(m)``) is used.

        Examples
        --------
        >>> from repkit.exact import Matrix, E
        >>> Matrix([[0, -1], [1, -1]]).multiplicative_order(), Matrix([[E(5)]]).multiplicative_order()
        (3, 5)
        >>> Matrix([[1, 1], [0, 1]]).multiplicative_order() is None    # unipotent, infinite order
        True
        """
        self._require_square("multiplicative_order")
        q = self._q if self._q is not None else _cycmat.realization(self._field, self._comps(), self.nrows)[0]
        if q.nrows() == 0:
            return 1
        minpoly = q.minpoly()
        if minpoly.denom() != 1:
            return None
        z = flint.fmpz_poly(minpoly.numer())
        if flint.fmpz_poly.gcd(z, z.derivative()).degree() > 0:
            return None                              # repeated root: not diagonalizable
        order = 1
        for factor, _ in z.factor()[1]:
            k = factor.is_cyclotomic()
            if not k:
                return None
            order = order * k // math.gcd(order, k)
        return order

    def inverse(self) -> Matrix:
        """The inverse matrix.

        Raises
        ------
        ShapeError
            If not square.
        SingularMatrixError
            If singular.

        Examples
        --------
        >>> from repkit.exact import Matrix, E
        >>> A = Matrix([[2, 1], [E(4), 1]])
        >>> A @ A.inverse() == Matrix.identity(2)
        True
        """
        self._require_square("inverse")
        if self._q is not None:
            if self._q.rank() < self.nrows:
                raise SingularMatrixError(f"self: expected an invertible matrix, got a singular {self.nrows}x{self.ncols} matrix of rank {self._q.rank()}")
            return self._wrap_q(self._q.inv())
        inv = _cycmat.inverse(self._field, self._comps(), self.nrows)
        if inv is None:
            raise SingularMatrixError(f"self: expected an invertible matrix, got a singular {self.nrows}x{self.ncols} matrix over Q(E({self._field}))")
        return self._wrap_comp(inv[0], inv[1], self._shape)

    def rank(self) -> int:
        """The rank.

        Examples
        --------
        >>> from repkit.exact import Matrix, E
        >>> Matrix([[1, 2], [2, 4]]).rank()
        1
        """
        if self._q is not None:
            return int(self._q.rank())
        return len(self.rref()[1])

    def rref(self) -> tuple[Matrix, tuple[int, ...]]:
        """The reduced row echelon form and its pivot columns.

        Returns
        -------
        R : Matrix
            Same shape; zero rows at the bottom; every pivot is 1 and alone in its column.
        pivots : tuple of int
            The pivot columns, increasing; ``len(pivots)`` is the rank.

        Notes
        -----
        Unique for the row space, hence canonical. Rational: FLINT ``fmpq_mat_rref``
        (fraction-free); cyclotomic: Gauss-Jordan, O(n^3) field operations
        (Cohen 1993, Sec. 2.2).

        Examples
        --------
        >>> from repkit.exact import Matrix, E
        >>> R, piv = Matrix([[0, 2, 4], [1, 1, 1]]).rref()
        >>> R == Matrix([[1, 0, -1], [0, 1, 2]]) and piv == (0, 1) and R.rref()[0] == R
        True
        """
        if self._q is not None:
            R, rank = self._q.rref()
            return self._wrap_q(R), _linalg.pivots_of_q(R, int(rank))
        (n, comps), piv = _cycmat.rref(self._field, self._comps(), *self._shape)
        return self._wrap_comp(n, comps, self._shape), piv

    def nullspace(
        self, *, integer: bool = False, method: Literal["auto", "dense", "sparse", "multimodular"] = "auto"
    ) -> Matrix:
        """A basis of the (right) null space ``{x : self @ x = 0}``, as the ROWS of a matrix.

        Parameters
        ----------
        integer : bool, optional
            Scale each row to a primitive integer vector (rational matrices only); the rows
            stay in echelon form with positive leading entries. Default ``False``: the basis is
            in reduced row echelon form (canonical: same row space, same output).
        method : {"auto", "dense", "sparse"}, optional
            Rational matrices only: ``"dense"`` runs one fraction-free FLINT rref,
            ``"sparse"`` the dictionary-row elimination of :func:`~repkit.exact.sparse.nullspace_sparse`;
            ``"auto"`` (default) takes the sparse route for large matrices with at most 2%
            nonzero entries and falls back to dense if fill-in grows; ``"multimodular"``
            computes the rref modulo up to three 62-bit primes, reconstructs and certifies it
            (``A N^T = 0`` and rref form), falling back to dense when that does not suffice.
            The result is the same for every method. Measured: FLINT's own ``fmpz_mat_rref``
            is as fast or faster than the Python-driven multimodular route on dense systems
            with small outputs, so ``"auto"`` never picks it.

        Returns
        -------
        Matrix
            Shape ``(ncols - rank, ncols)``.

        Raises
        ------
        FieldMismatchError
            If ``integer=True`` for a matrix over a field other than Q.
        ValueError
            For an unknown ``method``.

        Notes
        -----
        Dense: one rref of the column-reversed matrix gives the lexicographically last column
        basis B; the complement of B is the pivot set of the rref of the null space (matroid
        duality), so the kernel vectors ``e_f - sum R[i, f] e_(c_i)`` are already in rref
        (Cohen 1993, Alg. 2.3.1 for the kernel from an echelon form). Cyclotomic: Gauss-Jordan
        over the field, then rref of the basis.

        Examples
        --------
        >>> from repkit.exact import Matrix, E
        >>> A = Matrix([[1, 1, 1], [1, 2, 3]])
        >>> N = A.nullspace()
        >>> (A @ N.T).is_zero() and N.nrows + A.rank() == A.ncols
        True
        >>> N.rref()[0] == N
        True
        """
        if method not in ("auto", "dense", "sparse", "multimodular"):
            raise ValueError(f"method: expected 'auto', 'dense', 'sparse' or 'multimodular', got {method!r}")
        if integer and self._q is None:
            from ..errors import FieldMismatchError

            raise FieldMismatchError(f"integer: integer scaling needs a rational matrix, got one over Q(E({self._field}))")
        if self._q is None:
            n, comps, k = _cycmat.nullspace(self._field, self._comps(), *self._shape)
            return self._wrap_comp(n, comps, (k, self.ncols))
        r, c = self._shape
        N = None
        if method == "sparse" or (method == "auto" and r * c >= 20000):
            from . import sparse

            limit = None if method == "sparse" else int(0.02 * r * c)
            data = _linalg.sparse_rows_of(self._q, limit)
            if data is not None:
                nnz = sum(len(row) for row in data)
                budget = None if method == "sparse" else 4 * nnz + 2 * c + 1000
                try:
                    N = sparse._nullspace_from_pivots(sparse._sparse_gauss_jordan_right(data, c, max_entries=budget), c)
                except sparse.SparseFillError:
                    N = None
        if method == "multimodular":
            N = _linalg.q_nullspace_multimodular(self._q)
        if N is None:
            N = _linalg.q_nullspace_dense(self._q)
        if integer:
            N = _linalg.primitive_rows(N)
        return self._wrap_q(N)

    def solve(self, b: Matrix) -> Matrix:
        """A solution ``X`` of ``self @ X == b`` (free variables set to 0 if not unique).

        Raises
        ------
        ShapeError
            If ``b`` has a different number of rows.
        SingularMatrixError
            If the system has no solution.

        Examples
        --------
        >>> from repkit.exact import Matrix, E
        >>> A, b = Matrix([[1, 2], [3, 4]]), Matrix([[5], [6]])
        >>> A @ A.solve(b) == b
        True
        """
        b = b if isinstance(b, type(self)) else type(self)(b)
        if b.nrows != self.nrows:
            raise ShapeError(f"b: expected {self.nrows} rows, got shape {b._shape}")
        aug = self.hstack(self, b)
        R, piv = aug.rref()
        if piv and piv[-1] >= self.ncols:
            raise SingularMatrixError(f"b: the system self @ X = b has no solution (b is not in the column space)")
        ent = R._entries()
        out: list[list[Any]] = [[0] * b.ncols for _ in range(self.ncols)]
        for r, p in enumerate(piv):
            for j in range(b.ncols):
                out[p][j] = ent[r][self.ncols + j]
        return self._from_entries(out, self.ncols, b.ncols)

    def power(self, k: int) -> Matrix:
        """The ``k``-th power (negative ``k`` through the inverse).

        Examples
        --------
        >>> from repkit.exact import Matrix, E
        >>> R = Matrix([[0, -1], [1, 0]])
        >>> R.power(4).is_identity() and R.power(-1) == R.power(3)
        True
        """
        if not isinstance(k, int) or isinstance(k, bool):
            raise TypeError(f"k: expected an int, got {type(k).__name__}")
        self._require_square("power")
        base = self if k >= 0 else self.inverse()
        k = abs(k)
        result = self.identity(self.nrows)
        while k:
            if k & 1:
                result = result @ base
            k >>= 1
            if k:
                base = base @ base
        return result

    def __pow__(self, k: int) -> Matrix:
        return self.power(k)

    def is_identity(self) -> bool:
        """Whether this is a square identity matrix.

        Examples
        --------
        >>> from repkit.exact import Matrix, E
        >>> Matrix.permutation([0, 1]).is_identity()
        True
        """
        return self.nrows == self.ncols and self == self.identity(self.nrows)

    def is_zero(self) -> bool:
        """Whether every entry is zero.

        Examples
        --------
        >>> from repkit.exact import Matrix, E
        >>> (Matrix([[1, E(3)]]) - Matrix([[1, E(3)]])).is_zero()
        True
        """
        if self._q is not None:
            return self._q == flint.fmpq_mat(*self._shape)
        return False  # a matrix over a field != Q has an irrational, hence nonzero, entry
