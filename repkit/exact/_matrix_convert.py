"""Private: conversions and display of :class:`repkit.exact.Matrix` (a mixin).

Floats appear here only on the way out (``to_numpy`` with a float or complex dtype), as the
architecture requires; every other conversion is exact.
"""

from __future__ import annotations

import cmath
import math
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import flint
import numpy as np

from ..errors import ExactnessError
from .cyclotomic import Cyclotomic

if TYPE_CHECKING:
    from .matrix import Scalar

__all__: list[str] = []


def _q_to_fraction(q: flint.fmpq) -> Fraction:
    return Fraction(int(q.p), int(q.q))


class MatrixConversionMixin:
    """Conversions shared by :class:`~repkit.exact.Matrix` (see that class)."""

    __slots__ = ()
    _q: Any
    _comp: Any
    _field: int
    _shape: tuple[int, int]

    def to_list(self) -> list[list[Scalar]]:
        """Entries as nested lists (``int`` for integers, ``Fraction``, ``Cyclotomic``).

        Examples
        --------
        >>> from fractions import Fraction
        >>> from repkit.exact import Matrix, E
        >>> Matrix(Matrix([[1, Fraction(1, 2)]]).to_list()) == Matrix([[1, Fraction(1, 2)]])
        True
        """
        if self._q is not None:
            return [[int(x.p) if x.q == 1 else _q_to_fraction(x) for x in r] for r in self._entries()]
        return [[x.to_fraction() if x.is_rational else x for x in r] for r in self._entries()]

    def to_fractions(self) -> list[list[Fraction]]:
        """Entries as nested lists of ``Fraction`` (rational matrices only).

        Examples
        --------
        >>> from fractions import Fraction
        >>> from repkit.exact import Matrix, E
        >>> Matrix([[2]]).to_fractions() == [[Fraction(2)]]
        True
        """
        self._require_rational("to_fractions")
        return [[_q_to_fraction(x) for x in r] for r in self._entries()]

    def to_sympy(self) -> Any:
        """The matrix as a ``sympy.Matrix`` (roots of unity as ``exp(2*pi*I*k/n)``).

        Examples
        --------
        >>> from fractions import Fraction
        >>> from repkit.exact import Matrix, E
        >>> Matrix([[1, 2], [3, 4]]).to_sympy().det() == -2
        True
        """
        import sympy

        def conv(x: Any) -> Any:
            if isinstance(x, Cyclotomic):
                n = x.conductor
                return sum(
                    (sympy.Rational(c.numerator, c.denominator) * sympy.exp(2 * sympy.pi * sympy.I * sympy.Rational(k, n)) for k, c in x.terms),
                    sympy.Integer(0),
                )
            return sympy.Rational(int(x.p), int(x.q))

        return sympy.Matrix([[conv(x) for x in r] for r in self._entries()])

    def to_numpy(self, dtype: Any = float) -> np.ndarray:
        """A NumPy array (rounded for float dtypes; complex when entries are not all real).

        Parameters
        ----------
        dtype : numpy dtype, optional
            ``float`` (default; becomes ``complex`` if an entry is not real), ``complex``, an
            integer dtype (only for integer matrices) or ``object`` (exact entries).

        Raises
        ------
        ExactnessError
            For an integer dtype when an entry is not an integer.

        Examples
        --------
        >>> from fractions import Fraction
        >>> from repkit.exact import Matrix, E
        >>> import numpy as np
        >>> Matrix([[1, 2]]).to_numpy(np.int64).tolist()
        [[1, 2]]
        """
        dt = np.dtype(dtype)
        if dt == object:
            return np.array(self.to_list(), dtype=object).reshape(self._shape)
        if dt.kind in "iu":
            if self._q is None or any(x.q != 1 for x in self._q.entries()):
                raise ExactnessError(f"dtype: an integer dtype needs an integer matrix, got non-integer entries")
            return np.array([int(x.p) for x in self._q.entries()], dtype=dt).reshape(self._shape)
        if self._q is not None:
            vals = [int(x.p) / int(x.q) for x in self._q.entries()]
            return np.array(vals, dtype=dt).reshape(self._shape)
        arr = np.zeros(self._shape, dtype=complex)
        for b, m in self._comp:
            vals = [int(x.p) / int(x.q) for x in m.entries()]
            arr += np.array(vals, dtype=float).reshape(self._shape) * cmath.exp(2j * math.pi * b / self._field)
        if dt.kind == "f" and self.conjugate() != self:
            dt = np.dtype(complex)
        return (arr.real if dt.kind == "f" else arr).astype(dt)

    def numerators_denominators(self) -> tuple[np.ndarray, np.ndarray]:
        """Entrywise numerators and (positive) denominators as integer arrays.

        Returns
        -------
        numerators, denominators : numpy.ndarray
            ``int64`` when every value fits, else ``object`` arrays of Python ints;
            ``self[i, j] == Fraction(numerators[i, j], denominators[i, j])`` in lowest terms.

        Examples
        --------
        >>> from fractions import Fraction
        >>> from repkit.exact import Matrix, E
        >>> num, den = Matrix([[Fraction(1, 2), 3]]).numerators_denominators()
        >>> num.tolist(), den.tolist()
        ([[1, 3]], [[2, 1]])
        """
        self._require_rational("numerators_denominators")
        ent = self._q.entries()
        nums = [int(x.p) for x in ent]
        dens = [int(x.q) for x in ent]
        big = any(abs(v) >= 2**63 for v in nums) or any(v >= 2**63 for v in dens)
        dt = object if big else np.int64
        return np.array(nums, dtype=dt).reshape(self._shape), np.array(dens, dtype=dt).reshape(self._shape)

    # -- display -----------------------------------------------------------------------

    def __repr__(self) -> str:
        def r(x: Any) -> str:
            if isinstance(x, Fraction):
                return f"Fraction({x.numerator}, {x.denominator})"
            if isinstance(x, Cyclotomic):
                return repr(x)
            return str(x)

        return "Matrix([" + ", ".join("[" + ", ".join(r(x) for x in row) + "]" for row in self.to_list()) + "])"

    def __str__(self) -> str:
        cells = [[str(x) for x in row] for row in self.to_list()]
        if not cells or not cells[0]:
            return f"Matrix({self.nrows}x{self.ncols})"
        width = max(len(c) for row in cells for c in row)
        return "\n".join("[" + " ".join(c.rjust(width) for c in row) + "]" for row in cells)
