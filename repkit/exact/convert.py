"""Conversion of user scalars to exact scalars.

Every constructor of :mod:`repkit.exact` funnels its entries through
:func:`to_exact_scalar`, so the rules live in one place: integers (Python,
NumPy, flint), :class:`fractions.Fraction`, flint ``fmpq``, SymPy rationals
and :class:`~repkit.exact.cyclotomic.Cyclotomic` numbers are accepted; floats
are rejected with :class:`~repkit.errors.ExactnessError` unless
``rationalize=True``, which converts finite floats exactly (every finite
binary float is a dyadic rational); NaN and infinity always raise.

Examples
--------
>>> from fractions import Fraction
>>> to_exact_scalar(0.5, rationalize=True) == Fraction(1, 2)
True
"""

from __future__ import annotations

import math
import numbers
from fractions import Fraction

import flint
import numpy as np

from ..errors import ExactnessError
from ..errors import _short_repr
from .cyclotomic import Cyclotomic, E

__all__ = ["to_exact_scalar", "ExactScalar"]

ExactScalar = int | Fraction | Cyclotomic
"""The exact scalar types returned by :func:`to_exact_scalar`."""


def _from_float(x: float, rationalize: bool, argument: str) -> Fraction:
    if math.isnan(x) or math.isinf(x):
        raise ExactnessError(
            f"{argument}: expected an exact number, got the non-finite float {x!r}; "
            "NaN and infinity have no exact value"
        )
    if not rationalize:
        raise ExactnessError(
            f"{argument}: expected an exact number (int, Fraction, Cyclotomic), got the float "
            f"{x!r}; pass rationalize=True to convert finite floats exactly, or use "
            "fractions.Fraction"
        )
    return Fraction(x)


def _from_sympy(x: object, rationalize: bool, argument: str) -> ExactScalar | None:
    """Convert a SymPy number if ``x`` is one, else return None (SymPy imported lazily)."""
    module = type(x).__module__
    if not module.startswith("sympy"):
        return None
    import sympy

    if not isinstance(x, sympy.Basic):
        return None
    if isinstance(x, sympy.Integer):
        return int(x)
    if isinstance(x, sympy.Rational):
        return Fraction(int(x.p), int(x.q))
    if isinstance(x, sympy.Float):
        return _from_float(float(x), rationalize, argument)
    value = _sympy_cyclotomic(x, sympy)
    if value is not None:
        return value
    raise ExactnessError(
        f"{argument}: expected an exact rational or cyclotomic number, got the SymPy "
        f"expression {_short_repr(x)} of type {type(x).__name__}"
    )


def _sympy_root(factor: Any, sympy: Any) -> Cyclotomic | None:
    """``I``, ``exp(I*pi*r)`` (r rational) or an integer power of one of these, else None."""
    if factor == sympy.I:
        return E(4)
    if isinstance(factor, sympy.exp):
        r = sympy.simplify(factor.args[0] / (sympy.I * sympy.pi))
        if r.is_Rational:
            q = Fraction(int(r.p), int(r.q))  # exp(i pi q) = E(2 den)^num
            return E(2 * q.denominator, q.numerator)
        return None
    if isinstance(factor, sympy.Pow) and factor.exp.is_Integer:
        inner = _sympy_root(factor.base, sympy)
        return None if inner is None else inner ** int(factor.exp)
    return None


def _sympy_cyclotomic(x: Any, sympy: Any) -> Cyclotomic | Fraction | None:
    """A SymPy sum of rational multiples of products of roots of unity, else None."""
    total: Cyclotomic | Fraction = Fraction(0)
    for term in sympy.Add.make_args(sympy.expand(x)):
        coeff, rest = term.as_coeff_Mul()
        if not coeff.is_Rational:
            return None
        value: Cyclotomic | Fraction = Fraction(int(coeff.p), int(coeff.q))
        for factor in sympy.Mul.make_args(rest):
            if factor == 1:
                continue
            root = _sympy_root(factor, sympy)
            if root is None:
                return None
            value = value * root
        total = total + value
    return total


def to_exact_scalar(x: object, *, rationalize: bool = False, argument: str = "x") -> ExactScalar:
    """Convert ``x`` to an exact scalar (``int``, ``Fraction`` or ``Cyclotomic``).

    Parameters
    ----------
    x : object
        An integer (Python, NumPy or flint), a ``Fraction``, a flint ``fmpq``, a SymPy
        number that is a rational combination of roots of unity (``I``, ``exp(2*pi*I/3)``,
        as :meth:`Matrix.to_sympy` writes them), a :class:`Cyclotomic`, or -- only with
        ``rationalize=True`` -- a finite float or complex number.
    rationalize : bool, optional
        Convert finite floats exactly (``0.1`` becomes ``3602879701896397/36028797018963968``,
        the value of the binary float). Default ``False``: floats raise.
    argument : str, optional
        The name (and position) of the value, used in error messages, e.g. ``"rows[2][3]"``.

    Returns
    -------
    int or Fraction or Cyclotomic
        Integers come back as ``int``, other rationals as ``Fraction`` (also when they are
        given as a rational ``Cyclotomic``), irrational cyclotomic numbers as ``Cyclotomic``.

    Raises
    ------
    ExactnessError
        For floats without ``rationalize``, for NaN and infinity always, and for values that
        are not numbers (strings, ``None``, ...); the message names ``argument``.

    Notes
    -----
    Constant time for scalars of bounded size. A finite binary float ``m * 2**e`` is the
    rational ``m * 2**e`` exactly (IEEE 754), which is what ``Fraction(float)`` returns.

    Examples
    --------
    >>> from fractions import Fraction
    >>> import numpy as np
    >>> to_exact_scalar(np.int64(3)) + to_exact_scalar(Fraction(1, 2)) == Fraction(7, 2)
    True
    >>> to_exact_scalar(0.1)
    Traceback (most recent call last):
        ...
    repkit.errors.ExactnessError: x: expected an exact number (int, Fraction, Cyclotomic), got the float 0.1; pass rationalize=True to convert finite floats exactly, or use fractions.Fraction
    """
    if isinstance(x, bool):
        return int(x)
    if isinstance(x, int):
        return x
    if isinstance(x, Fraction):
        return x.numerator if x.denominator == 1 else x
    if isinstance(x, Cyclotomic):
        if x.is_rational:
            q = x.to_fraction()
            return q.numerator if q.denominator == 1 else q
        return x
    if isinstance(x, (np.integer, flint.fmpz)):
        return int(x)
    if isinstance(x, flint.fmpq):
        return int(x.p) if x.q == 1 else Fraction(int(x.p), int(x.q))
    if isinstance(x, (float, np.floating)):
        q = _from_float(float(x), rationalize, argument)
        return q.numerator if q.denominator == 1 else q
    if isinstance(x, (complex, np.complexfloating)):
        z = complex(x)
        if not (math.isfinite(z.real) and math.isfinite(z.imag)):
            _from_float(z.real if not math.isfinite(z.real) else z.imag, rationalize, argument)
        if not rationalize:
            raise ExactnessError(
                f"{argument}: expected an exact number (int, Fraction, Cyclotomic), got the "
                f"complex float {z!r}; pass rationalize=True, or write it as a + b*E(4)"
            )
        value = Fraction(z.real) + Fraction(z.imag) * E(4)
        return to_exact_scalar(value, argument=argument)
    converted = _from_sympy(x, rationalize, argument)
    if converted is not None:
        return to_exact_scalar(converted, argument=argument)
    if isinstance(x, numbers.Rational):
        return to_exact_scalar(Fraction(int(x.numerator), int(x.denominator)), argument=argument)
    raise ExactnessError(
        f"{argument}: expected an exact number (int, Fraction, Cyclotomic), got "
        f"{_short_repr(x)} of type {type(x).__name__}"
    )
