"""Immutable exact matrices over Q (backed by flint ``fmpq_mat``) and over Q(zeta_n).

Examples
--------
>>> A = Matrix([[1, 2], [3, 4]])
>>> A @ A.inverse() == Matrix.identity(2)
True
>>> Matrix([[E(4), 0], [0, 1]]).field
4
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any

import flint
import numpy as np

from ..errors import ExactnessError, InvalidPermutationError, ResourceLimitError, ShapeError
from ..errors import _short_repr
from . import _cycmat
from .convert import to_exact_scalar
from .cyclotomic import Cyclotomic, E  # noqa: F401  (E is used by the doctests)
from ._matrix_convert import MatrixConversionMixin
from ._matrix_linalg import MatrixLinalgMixin

__all__ = ["Matrix", "MAX_MATRIX_ENTRIES", "check_matrix_size"]

#: Largest matrix (in entries) repkit allocates unless a ``max_entries=`` keyword says otherwise:
#: 10**8 entries take at least 1.6 GB (two FLINT integers each), so a few fit a 24 GB machine.
MAX_MATRIX_ENTRIES = 10**8

Scalar = int | Fraction | Cyclotomic


def _q_to_fraction(q: flint.fmpq) -> Fraction:
    return Fraction(int(q.p), int(q.q))


def _to_q(x: int | Fraction) -> flint.fmpq:
    if isinstance(x, Fraction):
        return flint.fmpq(x.numerator, x.denominator)
    return flint.fmpq(x)


def _to_cyc(x: Any) -> Cyclotomic:
    if isinstance(x, Cyclotomic):
        return x
    if isinstance(x, flint.fmpq):
        return Cyclotomic(Fraction(int(x.p), int(x.q)))
    return Cyclotomic(x)


class Matrix(MatrixLinalgMixin, MatrixConversionMixin):
    """An immutable exact matrix over Q or a cyclotomic field Q(zeta_n).

    Parameters
    ----------
    rows : sequence of sequences, Matrix, numpy array or sympy Matrix
        Entries are ``int``, ``Fraction``, :class:`Cyclotomic`, NumPy/flint integers or SymPy
        rationals; floats only with ``rationalize=True``.
    rationalize : bool, optional
        Convert finite floats to the rational they represent exactly. Default ``False``.

    Attributes
    ----------
    shape : tuple of int
    field : int
        The conductor ``n`` of the smallest cyclotomic field Q(zeta_n) holding every entry
        (1 for Q). It is recomputed after every operation, so equality is structural across
        fields: a matrix over Q(zeta_4) whose entries happen to be rational *is* rational.

    Raises
    ------
    ShapeError
        For ragged rows.
    ExactnessError
        For floats (without ``rationalize``), NaN, infinity and non-numbers; the message
        names the position, e.g. ``rows[1][0]``.

    Notes
    -----
    Rational matrices are stored as flint ``fmpq_mat`` (FLINT: multimodular/fraction-free
    algorithms for products, determinants, rref). A matrix over Q(zeta_n) is stored in
    *component form* ``M = sum_b zeta_n^b M_b`` with rational ``M_b``, one per exponent b of
    the Zumbroich basis (GAP manual ch. 18; Breuer, AAECC 8 (1997)): ``+``, ``@``, ``kron``,
    scalar multiples, Galois action and transpose cost a few FLINT operations per pair of
    components (d^2 products for d = phi(n)) plus a basis rewrite; the inverse is one rational
    solve with the dn x dn realization; rref, det and null space use Gauss-Jordan elimination
    on rows in component form (Cohen, *A Course in Computational Algebraic Number Theory*,
    Sec. 2.2). Mixed operations coerce into Q(zeta_lcm), and the result's
    field is lowered to the lcm of the entries' conductors.

    Examples
    --------
    >>> A = Matrix([[1, Fraction(1, 2)], [0, 1]])
    >>> (A @ A)[0, 1] == 1
    True
    >>> hash(Matrix([[E(4) * E(4)]])) == hash(Matrix([[-1]]))
    True
    """

    __slots__ = ("_shape", "_field", "_q", "_comp", "_c", "_hash")

    _shape: tuple[int, int]
    _field: int
    _q: flint.fmpq_mat | None
    _comp: tuple[tuple[int, flint.fmpq_mat], ...] | None
    _c: tuple[tuple[Cyclotomic, ...], ...] | None

    def __init__(self, rows: Any, *, rationalize: bool = False) -> None:
        if isinstance(rows, Matrix):
            self._set(rows._shape, rows._field, rows._q, rows._comp)
            return
        if isinstance(rows, np.ndarray):
            m = Matrix.from_numpy(rows, rationalize=rationalize, argument="rows")
            self._set(m._shape, m._field, m._q, m._comp)
            return
        if hasattr(rows, "tolist") and type(rows).__module__.startswith("sympy"):
            rows = rows.tolist()
        if isinstance(rows, (str, bytes)) or not isinstance(rows, Iterable):
            raise ShapeError(f"rows: expected a sequence of rows, got {type(rows).__name__}")
        rows = [list(r) if isinstance(r, Iterable) and not isinstance(r, (str, bytes)) else r for r in rows]
        ncols = None
        entries: list[list[Scalar]] = []
        for i, r in enumerate(rows):
            if not isinstance(r, list):
                raise ShapeError(f"rows[{i}]: expected a row (a sequence of numbers), got {_short_repr(r)}")
            if ncols is None:
                ncols = len(r)
            elif len(r) != ncols:
                raise ShapeError(
                    f"rows[{i}]: expected {ncols} entries like rows[0] (ragged rows), got {len(r)}"
                )
            entries.append([to_exact_scalar(x, rationalize=rationalize, argument=f"rows[{i}][{j}]") for j, x in enumerate(r)])
        m = Matrix._from_entries(entries, len(entries), ncols or 0)
        self._set(m._shape, m._field, m._q, m._comp)

    def _set(self, shape: tuple[int, int], field: int, q: flint.fmpq_mat | None, comp: Any) -> None:
        object.__setattr__(self, "_shape", shape)
        object.__setattr__(self, "_field", field)
        object.__setattr__(self, "_q", q)
        object.__setattr__(self, "_comp", comp)
        object.__setattr__(self, "_c", None)
        object.__setattr__(self, "_hash", None)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Matrix is immutable; cannot set {name!r}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self._shape, self.to_list()))

    def __setitem__(self, key: object, value: object) -> None:
        raise TypeError("Matrix is immutable; build a new one (e.g. from to_list())")

    # -- internal constructors ---------------------------------------------------------

    @classmethod
    def _wrap_q(cls, q: flint.fmpq_mat) -> Matrix:
        obj = cls.__new__(cls)
        obj._set((q.nrows(), q.ncols()), 1, q, None)
        return obj

    @classmethod
    def _wrap_comp(cls, n: int, comps: dict[int, flint.fmpq_mat], shape: tuple[int, int]) -> Matrix:
        """From canonical components over Q(zeta_n) (n already minimal)."""
        if n == 1:
            return cls._wrap_q(comps[0] if comps else flint.fmpq_mat(*shape))
        obj = cls.__new__(cls)
        obj._set(shape, n, None, tuple(sorted(comps.items())))
        return obj

    def _comps(self) -> dict[int, flint.fmpq_mat]:
        """Components ``{b: M_b}`` with ``self = sum zeta_field^b M_b`` ({0: Q} if rational)."""
        if self._q is not None:
            return {0: self._q}
        return dict(self._comp)

    @classmethod
    def _from_entries(cls, entries: Sequence[Sequence[Any]], nrows: int, ncols: int) -> Matrix:
        """From exact scalars (int/Fraction/fmpq/Cyclotomic); picks the minimal field."""
        field = 1
        for r in entries:
            for x in r:
                if isinstance(x, Cyclotomic) and x.conductor != 1:
                    field = math.lcm(field, x.conductor)
        obj = cls.__new__(cls)
        if field == 1:
            flat = []
            for r in entries:
                for x in r:
                    if isinstance(x, Cyclotomic):
                        x = x.to_fraction()
                    flat.append(x if isinstance(x, (int, flint.fmpq)) else _to_q(x))
            obj._set((nrows, ncols), 1, flint.fmpq_mat(nrows, ncols, flat), None)
        else:
            rows = [[_to_cyc(x) for x in r] for r in entries]
            return cls._wrap_comp(field, _cycmat.from_entries(field, rows, nrows, ncols), (nrows, ncols))
        return obj

    # -- public constructors -----------------------------------------------------------

    @classmethod
    def from_numpy(cls, array: Any, *, rationalize: bool = False, argument: str = "array",
                   max_entries: int = MAX_MATRIX_ENTRIES) -> Matrix:
        """A matrix from a 2-d NumPy array of integers (floats only with ``rationalize``).

        Parameters
        ----------
        array : numpy.ndarray
            Two-dimensional; integer or bool dtype, object dtype of exact scalars, or (with
            ``rationalize=True``) float/complex dtype.
        rationalize : bool, optional
            Convert finite floats exactly. Default ``False``: a float array raises.
        argument : str, optional
            Name used in error messages.
        max_entries : int, optional
            Size bound (a broadcast view can be huge and take no memory), see `check_matrix_size`.

        Returns
        -------
        Matrix

        Raises
        ------
        ShapeError
            If the array is not 2-d.
        ResourceLimitError
            If it has more than ``max_entries`` entries.
        ExactnessError
            For a float array without ``rationalize`` and for NaN/inf entries.

        Notes
        -----
        Integer arrays go straight into flint (O(size)).

        Examples
        --------
        >>> import numpy as np
        >>> Matrix.from_numpy(np.eye(3, dtype=np.int64)).is_identity()
        True
        """
        a = np.asarray(array)
        if a.ndim != 2:
            raise ShapeError(f"{argument}: expected a 2-d array, got shape {a.shape}")
        r, c = a.shape
        check_matrix_size(r, c, max_entries=max_entries, what="Matrix.from_numpy")
        if a.dtype.kind in "iub":
            z = flint.fmpz_mat(r, c, [int(x) for x in a.ravel().tolist()])
            return cls._wrap_q(flint.fmpq_mat(z))
        if a.dtype.kind in "fc" and not rationalize:
            pos = next(iter(np.ndindex(a.shape)), None)
            bad = np.argwhere(~np.isfinite(a))
            if len(bad):
                pos = tuple(int(v) for v in bad[0])
                raise ExactnessError(f"{argument}[{pos[0]}, {pos[1]}]: expected a finite exact number, got {a[pos]!r}")
            raise ExactnessError(
                f"{argument}: expected an integer or exact array, got dtype {a.dtype} (first "
                f"entry {argument}[{pos[0]}, {pos[1]}] = {a[pos]!r}); pass rationalize=True to "
                "convert finite floats exactly" if pos is not None else
                f"{argument}: expected an integer or exact array, got dtype {a.dtype}"
            )
        entries = [
            [to_exact_scalar(a[i, j], rationalize=rationalize, argument=f"{argument}[{i}, {j}]") for j in range(c)]
            for i in range(r)
        ]
        return cls._from_entries(entries, r, c)

    @classmethod
    def from_flint(cls, m: flint.fmpq_mat | flint.fmpz_mat) -> Matrix:
        """A rational matrix from a flint ``fmpq_mat`` or ``fmpz_mat`` (copied).

        Examples
        --------
        >>> import flint
        >>> Matrix.from_flint(flint.fmpz_mat(2, 2, [1, 0, 0, 1])).is_identity()
        True
        """
        if isinstance(m, flint.fmpz_mat):
            return cls._wrap_q(flint.fmpq_mat(m))
        if isinstance(m, flint.fmpq_mat):
            return cls._wrap_q(flint.fmpq_mat(m))
        raise TypeError(f"m: expected a flint fmpq_mat or fmpz_mat, got {type(m).__name__}")

    @classmethod
    def identity(cls, n: int, *, max_entries: int = MAX_MATRIX_ENTRIES) -> Matrix:
        """The ``n x n`` identity matrix (at most ``max_entries`` entries, see `check_matrix_size`).

        Examples
        --------
        >>> Matrix.identity(3).trace() == 3
        True
        """
        n = _check_size(n, "n")
        check_matrix_size(n, n, max_entries=max_entries, what="Matrix.identity")
        q = flint.fmpq_mat(n, n)
        for i in range(n):
            q[i, i] = 1
        return cls._wrap_q(q)

    @classmethod
    def zeros(cls, nrows: int, ncols: int | None = None, *, max_entries: int = MAX_MATRIX_ENTRIES) -> Matrix:
        """The zero matrix of shape ``(nrows, ncols)`` (square if ``ncols`` is omitted).

        Examples
        --------
        >>> Matrix.zeros(2, 3).is_zero() and Matrix.zeros(2, 3).shape == (2, 3)
        True
        """
        r = _check_size(nrows, "nrows")
        c = r if ncols is None else _check_size(ncols, "ncols")
        check_matrix_size(r, c, max_entries=max_entries, what="Matrix.zeros")
        return cls._wrap_q(flint.fmpq_mat(r, c))

    @classmethod
    def permutation(cls, p: Sequence[int]) -> Matrix:
        """The permutation matrix of the 0-based image list ``p``: ``e_i -> e_{p[i]}``.

        So ``M[p[i], i] = 1`` and ``permutation(p) @ permutation(q) == permutation(p o q)``
        with ``(p o q)[i] = p[q[i]]`` (left action, functions compose right to left).

        Raises
        ------
        InvalidPermutationError
            If ``p`` is not a rearrangement of ``0..len(p)-1``.

        Examples
        --------
        >>> p, q = [1, 2, 0], [1, 0, 2]
        >>> Matrix.permutation(p) @ Matrix.permutation(q) == Matrix.permutation([p[i] for i in q])
        True
        """
        if isinstance(p, (str, bytes)) or not isinstance(p, Iterable):
            raise InvalidPermutationError(f"p: expected a list of ints, got {_short_repr(p)}")
        images = list(p)
        for i, x in enumerate(images):
            if isinstance(x, bool) or not isinstance(x, (int, np.integer)):
                raise InvalidPermutationError(f"p: expected a list of ints, got {_short_repr(x)} at position {i}")
        images = [int(x) for x in images]
        n = len(images)
        check_matrix_size(n, n, what="Matrix.permutation")
        if sorted(images) != list(range(n)):
            raise InvalidPermutationError(
                f"p: expected a 0-based image list, a rearrangement of 0..{n - 1}, got {_short_repr(list(p))}"
            )
        q = flint.fmpq_mat(n, n)
        for i, j in enumerate(images):
            q[j, i] = 1
        return cls._wrap_q(q)

    @classmethod
    def diag(cls, values: Iterable[Any]) -> Matrix:
        """The diagonal matrix with the given diagonal entries.

        Examples
        --------
        >>> Matrix.diag([1, E(3), E(3)**2]).det() == 1
        True
        """
        vals = [to_exact_scalar(v, argument=f"values[{i}]") for i, v in enumerate(values)]
        n = len(vals)
        check_matrix_size(n, n, what="Matrix.diag")
        entries = [[vals[i] if i == j else 0 for j in range(n)] for i in range(n)]
        return cls._from_entries(entries, n, n)

    @classmethod
    def block_diag(cls, *blocks: Matrix, max_entries: int = MAX_MATRIX_ENTRIES) -> Matrix:
        """The block-diagonal matrix with the given blocks (direct sum).

        Examples
        --------
        >>> A, B = Matrix([[1, 2], [3, 4]]), Matrix([[5]])
        >>> Matrix.block_diag(A, B).det() == A.det() * B.det()
        True
        """
        ms = [b if isinstance(b, Matrix) else Matrix(b) for b in blocks]
        r = sum(m.nrows for m in ms)
        c = sum(m.ncols for m in ms)
        check_matrix_size(r, c, max_entries=max_entries, what="Matrix.block_diag")
        if all(m._q is not None for m in ms):
            q = flint.fmpq_mat(r, c)
            i0 = j0 = 0
            for m in ms:
                mq = m._q
                for i in range(m.nrows):
                    for j in range(m.ncols):
                        v = mq[i, j]
                        if v != 0:
                            q[i0 + i, j0 + j] = v
                i0 += m.nrows
                j0 += m.ncols
            return cls._wrap_q(q)
        entries: list[list[Any]] = [[0] * c for _ in range(r)]
        i0 = j0 = 0
        for m in ms:
            rows = m._entries()
            for i in range(m.nrows):
                for j in range(m.ncols):
                    entries[i0 + i][j0 + j] = rows[i][j]
            i0 += m.nrows
            j0 += m.ncols
        return cls._from_entries(entries, r, c)

    @classmethod
    def vstack(cls, *blocks: Matrix) -> Matrix:
        """Stack matrices with the same number of columns on top of each other.

        Raises
        ------
        ShapeError
            If the column counts differ or no block is given.

        Notes
        -----
        O(total size); rational blocks stay in FLINT, cyclotomic ones in component form.

        Examples
        --------
        >>> A, B = Matrix([[1, 2]]), Matrix([[3, 4], [5, 6]])
        >>> Matrix.vstack(A, B).T == Matrix.hstack(A.T, B.T)
        True
        """
        ms = _blocks(blocks, "blocks")
        c = ms[0].ncols
        for i, m in enumerate(ms):
            if m.ncols != c:
                raise ShapeError(f"blocks[{i}]: expected {c} columns like blocks[0], got shape {m.shape}")
        r = sum(m.nrows for m in ms)
        n = 1
        for m in ms:
            n = math.lcm(n, m.field)
        out: dict[int, flint.fmpq_mat] = {}
        row0 = 0
        for m in ms:
            raw = _cycmat.raw_in(m.field, m._comps(), n)
            for e, mat in _cycmat._to_basis(n, raw, _cycmat.is_zero).items():
                if e not in out:
                    out[e] = flint.fmpq_mat(r, c)
                target = out[e]
                flat = mat.entries()
                for k, v in enumerate(flat):
                    if v != 0:
                        target[row0 + k // c, k % c] = v
            row0 += m.nrows
        if n == 1:
            return cls._wrap_q(out.get(0, flint.fmpq_mat(r, c)))
        return cls._wrap_comp(n, out, (r, c))

    @classmethod
    def hstack(cls, *blocks: Matrix) -> Matrix:
        """Place matrices with the same number of rows side by side.

        Raises
        ------
        ShapeError
            If the row counts differ or no block is given.

        Examples
        --------
        >>> A = Matrix([[1], [2]])
        >>> Matrix.hstack(A, Matrix.identity(2)).rank() == 2
        True
        """
        ms = _blocks(blocks, "blocks")
        for i, m in enumerate(ms):
            if m.nrows != ms[0].nrows:
                raise ShapeError(f"blocks[{i}]: expected {ms[0].nrows} rows like blocks[0], got shape {m.shape}")
        return cls.vstack(*(m.T for m in ms)).T

    # -- data --------------------------------------------------------------------------

    @property
    def shape(self) -> tuple[int, int]:
        """``(nrows, ncols)``.

        Examples
        --------
        >>> Matrix.zeros(2, 3).shape == (Matrix.zeros(2, 3).nrows, Matrix.zeros(2, 3).ncols) == (2, 3)
        True
        """
        return self._shape

    @property
    def nrows(self) -> int:
        """Number of rows.

        Examples
        --------
        >>> Matrix([[1, 2], [3, 4], [5, 6]]).nrows
        3
        """
        return self._shape[0]

    @property
    def ncols(self) -> int:
        """Number of columns.

        Examples
        --------
        >>> Matrix([[1, 2], [3, 4], [5, 6]]).ncols
        2
        """
        return self._shape[1]

    @property
    def field(self) -> int:
        """Conductor of the smallest cyclotomic field holding the entries (1 for Q).

        Examples
        --------
        >>> Matrix([[E(6), 1]]).field, Matrix([[E(4) ** 2]]).field
        (3, 1)
        """
        return self._field

    @property
    def is_rational(self) -> bool:
        """Whether every entry is rational.

        Examples
        --------
        >>> A = Matrix([[E(3)]])
        >>> A.is_rational, (A @ A.conjugate()).is_rational
        (False, True)
        """
        return self._field == 1

    def entries_field(self) -> int:
        """The conductor of the field generated by the entries (same as :attr:`field`).

        Examples
        --------
        >>> Matrix([[E(3), E(4)]]).entries_field()
        12
        """
        return self._field

    def _entries(self) -> tuple[tuple[Any, ...], ...]:
        """Rows of entries: fmpq for rational matrices, Cyclotomic otherwise (cached)."""
        if self._q is None:
            if self._c is None:
                object.__setattr__(self, "_c", _cycmat.entries(self._field, self._comps(), *self._shape))
            return self._c
        q = self._q
        c = self._shape[1]
        flat = q.entries()
        return tuple(tuple(flat[i * c:(i + 1) * c]) for i in range(self._shape[0]))

    def _cyc_rows(self) -> list[list[Cyclotomic]]:
        if self._q is None:
            return [list(r) for r in self._entries()]
        return [[_to_cyc(x) for x in r] for r in self._entries()]

    def to_flint(self) -> flint.fmpq_mat:
        """A copy of the matrix as a flint ``fmpq_mat`` (rational matrices only).

        Examples
        --------
        >>> Matrix([[1, 2]]).to_flint().ncols()
        2
        """
        self._require_rational("to_flint")
        return flint.fmpq_mat(self._q)

    def _require_rational(self, what: str) -> None:
        if self._q is None:
            from ..errors import FieldMismatchError

            raise FieldMismatchError(
                f"self: {what} expects a rational matrix, got one over Q(E({self._field}))"
            )

    # -- indexing ----------------------------------------------------------------------

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, tuple) and len(key) == 2:
            i, j = key
            if isinstance(i, int) and isinstance(j, int):
                r, c = self._shape
                if not (-r <= i < r and -c <= j < c):
                    raise IndexError(f"key: index ({i}, {j}) out of range for shape {self._shape}")
                i %= r
                j %= c
                if self._q is not None:
                    return _q_to_fraction(self._q[i, j])
                if self._c is not None:
                    return self._c[i][j]
                return _cycmat.entry(self._field, self._comps(), i, j)
            rows = range(self.nrows)[i] if isinstance(i, slice) else [range(self.nrows)[i]]
            cols = range(self.ncols)[j] if isinstance(j, slice) else [range(self.ncols)[j]]
        elif isinstance(key, (int, slice)):
            rows = range(self.nrows)[key] if isinstance(key, slice) else [range(self.nrows)[key]]
            cols = range(self.ncols)
        else:
            raise TypeError(f"key: expected (i, j), an int row or slices, got {key!r}")
        ent = self._entries()
        return Matrix._from_entries([[ent[a][b] for b in cols] for a in rows], len(rows), len(cols))

    # -- arithmetic --------------------------------------------------------------------

    def _other(self, other: Any) -> Matrix | None:
        if isinstance(other, Matrix):
            return other
        return None

    def __add__(self, other: Any) -> Matrix:
        o = self._other(other)
        if o is None:
            return NotImplemented
        if o._shape != self._shape:
            raise ShapeError(f"other: expected shape {self._shape} for +, got {o._shape}")
        if self._q is not None and o._q is not None:
            return Matrix._wrap_q(self._q + o._q)
        n, comps = _cycmat.add(self._field, self._comps(), o._field, o._comps())
        return Matrix._wrap_comp(n, comps, self._shape)

    def __sub__(self, other: Any) -> Matrix:
        o = self._other(other)
        if o is None:
            return NotImplemented
        return self + (-o)

    def __neg__(self) -> Matrix:
        if self._q is not None:
            return Matrix._wrap_q(-self._q)
        return Matrix._wrap_comp(self._field, {b: -m for b, m in self._comp}, self._shape)

    def __pos__(self) -> Matrix:
        return self

    def __mul__(self, scalar: Any) -> Matrix:
        if isinstance(scalar, Matrix):
            raise TypeError("use @ for the matrix product of two matrices (* is scalar multiplication)")
        try:
            s = to_exact_scalar(scalar, argument="scalar")
        except ExactnessError:
            return NotImplemented
        if not isinstance(s, Cyclotomic):
            if self._q is not None:
                return Matrix._wrap_q(self._q * _to_q(s))
            if s == 0:
                return Matrix.zeros(*self._shape)
            return Matrix._wrap_comp(self._field, {b: m * _to_q(s) for b, m in self._comp}, self._shape)
        n, comps = _cycmat.scale(self._field, self._comps(), s)
        return Matrix._wrap_comp(n, comps, self._shape)

    __rmul__ = __mul__

    def __matmul__(self, other: Any) -> Matrix:
        return self.matmul(other)

    def matmul(self, other: Any, *, max_entries: int = MAX_MATRIX_ENTRIES) -> Matrix:
        """The product ``self @ other`` (the operator's named twin, with the size bound).

        Examples
        --------
        >>> Matrix([[1], [2]]).matmul(Matrix([[3, 4]])) == Matrix([[3, 4], [6, 8]])
        True
        """
        o = self._other(other)
        if o is None:
            return NotImplemented
        if self.ncols != o.nrows:
            raise ShapeError(
                f"other: expected {self.ncols} rows to multiply a {self.nrows}x{self.ncols} matrix, "
                f"got shape {o._shape}"
            )
        check_matrix_size(self.nrows, o.ncols, max_entries=max_entries, what="Matrix.matmul")
        if self._q is not None and o._q is not None:
            return Matrix._wrap_q(self._q * o._q)
        n, comps = _cycmat.combine(self._field, self._comps(), o._field, o._comps(), _mul)
        return Matrix._wrap_comp(n, comps, (self.nrows, o.ncols))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Matrix):
            return NotImplemented
        if self._shape != other._shape or self._field != other._field:
            return False
        if self._q is not None:
            return bool(self._q == other._q)
        return self._comp == other._comp

    def __hash__(self) -> int:
        h = self._hash
        if h is None:
            # numerators and denominators: hashing fmpz is ~10x faster than hashing fmpq
            if self._q is not None:
                ents = self._q.entries()
                data: tuple[Any, ...] = (tuple(x.p for x in ents), tuple(x.q for x in ents))
            else:
                data = tuple((b, tuple(x.p for x in m.entries()), tuple(x.q for x in m.entries()))
                             for b, m in self._comp)
            h = hash((self._shape, self._field, data))
            object.__setattr__(self, "_hash", h)
        return h

    # -- structure ---------------------------------------------------------------------

    @property
    def T(self) -> Matrix:
        """The transpose (same as :meth:`transpose`).

        Examples
        --------
        >>> A, B = Matrix([[1, 2]]), Matrix([[3], [4]])
        >>> (A @ B).T == B.T @ A.T
        True
        """
        return self.transpose()

    def transpose(self) -> Matrix:
        """The transpose.

        Examples
        --------
        >>> A = Matrix([[1, 2, 3]])
        >>> A.T.shape == (3, 1) and A.T.T == A
        True
        """
        if self._q is not None:
            return Matrix._wrap_q(self._q.transpose())
        return Matrix._wrap_comp(self._field, {b: m.transpose() for b, m in self._comp}, (self.ncols, self.nrows))

    def conjugate(self) -> Matrix:
        """The entrywise complex conjugate.

        Examples
        --------
        >>> A = Matrix([[E(3), 1]])
        >>> (A @ A.conjugate().T)[0, 0] == 2
        True
        """
        return self.galois(-1)

    def galois(self, k: int) -> Matrix:
        """Apply the Galois automorphism ``zeta -> zeta^k`` entrywise (``gcd(k, field) = 1``).

        Raises
        ------
        FieldMismatchError
            If ``k`` is not coprime to :attr:`field`.

        Examples
        --------
        >>> A = Matrix([[E(5), 1], [0, E(5)**2]])
        >>> (A @ A).galois(2) == A.galois(2) @ A.galois(2)
        True
        """
        if math.gcd(k, self._field) != 1:
            from ..errors import FieldMismatchError

            raise FieldMismatchError(f"k: expected an integer coprime to the field conductor {self._field}, got {k}")
        if self._q is not None:
            return self
        n, comps = _cycmat.galois(self._field, self._comps(), k)
        return Matrix._wrap_comp(n, comps, self._shape)

    def kron(self, other: Matrix, *, max_entries: int = MAX_MATRIX_ENTRIES) -> Matrix:
        """The Kronecker (tensor) product ``self ⊗ other``.

        Notes
        -----
        O(size(self) size(other)) entry products. Satisfies the mixed-product rule
        ``(A ⊗ B)(C ⊗ D) = (AC) ⊗ (BD)``.

        Examples
        --------
        >>> A, B = Matrix([[1, 2], [3, 4]]), Matrix([[0, 1], [1, 0]])
        >>> A.kron(B).det() == A.det() ** 2 * B.det() ** 2
        True
        """
        if not isinstance(other, Matrix):
            raise TypeError(f"other: expected a Matrix, got {type(other).__name__}")
        shape = (self.nrows * other.nrows, self.ncols * other.ncols)
        check_matrix_size(*shape, max_entries=max_entries, what="Matrix.kron")
        if self._q is not None and other._q is not None:
            return Matrix._wrap_q(_cycmat.kron_q(self._q, other._q))
        n, comps = _cycmat.combine(self._field, self._comps(), other._field, other._comps(), _cycmat.kron_q)
        return Matrix._wrap_comp(n, comps, shape)

def _rebuild(shape: tuple[int, int], rows: list[list[Any]]) -> Matrix:
    """Unpickle helper: keeps the shape of empty matrices."""
    return Matrix(rows) if shape[0] and shape[1] else Matrix.zeros(*shape)


def _blocks(blocks: Sequence[Any], name: str) -> list[Matrix]:
    if not blocks:
        raise ShapeError(f"{name}: expected at least one matrix, got none")
    return [b if isinstance(b, Matrix) else Matrix(b) for b in blocks]


def _mul(a: flint.fmpq_mat, b: flint.fmpq_mat) -> flint.fmpq_mat:
    return a * b


def _check_size(n: Any, name: str) -> int:
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 0:
        raise ShapeError(f"{name}: expected a non-negative integer size, got {_short_repr(n)}")
    return int(n)


def check_matrix_size(nrows: int, ncols: int, *, max_entries: int = MAX_MATRIX_ENTRIES,
                      what: str = "Matrix") -> None:
    """Refuse, before allocating, a matrix of more than ``max_entries`` entries (or rows, or columns).

    Raises
    ------
    ResourceLimitError
        Naming ``what``, the size asked for, the bound and the keyword that raises it.

    Examples
    --------
    >>> try:
    ...     Matrix.identity(10**9)
    ... except ResourceLimitError as exc:
    ...     print("max_entries" in str(exc), isinstance(exc, MemoryError))
    True True
    """
    if nrows * ncols > max_entries or max(nrows, ncols) > max_entries:
        raise ResourceLimitError(
            f"{what}: a {nrows} x {ncols} matrix ({nrows * ncols} entries, at least 16 bytes each) exceeds "
            f"the bound max_entries={max_entries} on its entries, rows and columns; pass a larger "
            f"max_entries= to {what} if the memory is there (default repkit.exact.matrix.MAX_MATRIX_ENTRIES)")
