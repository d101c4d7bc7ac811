"""to_exact_scalar: the single gate for exactness."""

from __future__ import annotations

from fractions import Fraction

import flint
import numpy as np
import pytest
import sympy
from hypothesis import given
from hypothesis import strategies as st

from repkit.errors import ExactnessError
from repkit.exact import E, to_exact_scalar


@pytest.mark.parametrize(
    "value, expected",
    [
        (3, 3),
        (np.int16(-4), -4),
        (np.uint64(7), 7),
        (True, 1),
        (Fraction(6, 4), Fraction(3, 2)),
        (Fraction(4, 2), 2),
        (flint.fmpz(5), 5),
        (flint.fmpq(1, 3), Fraction(1, 3)),
        (sympy.Rational(2, 7), Fraction(2, 7)),
        (sympy.Integer(9), 9),
        (sympy.I, E(4)),
        (E(3) + E(3) ** 2, -1),
    ],
    ids=lambda v: type(v).__name__,
)
def test_accepts_exact(value, expected):
    out = to_exact_scalar(value)
    assert out == expected and type(out) in (int, Fraction, type(E(3)))


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_rationalize_is_exact(x):
    q = to_exact_scalar(x, rationalize=True)
    assert float(q) == x and Fraction(x) == q


@pytest.mark.parametrize("x", [0.5, np.float32(0.25), np.float64(1.0), sympy.Float(0.5), 1j, "3", None, [1]])
def test_rejects_inexact_naming_argument(x):
    with pytest.raises(ExactnessError, match="weights\\[2\\]"):
        to_exact_scalar(x, argument="weights[2]")


@pytest.mark.parametrize("x", [float("nan"), float("inf"), np.float64("-inf"), complex("nan+1j")])
def test_non_finite_always_raise(x):
    with pytest.raises(ExactnessError, match="finite"):
        to_exact_scalar(x, rationalize=True)


def test_complex_rationalized():
    assert to_exact_scalar(0.5 + 1.5j, rationalize=True) == Fraction(1, 2) + Fraction(3, 2) * E(4)
    assert to_exact_scalar(2 + 0j, rationalize=True) == 2


def test_sympy_roots_of_unity_and_rejections():
    x = sympy.Rational(1, 2) * sympy.exp(2 * sympy.pi * sympy.I / 3) - 3 * sympy.I
    assert to_exact_scalar(x) == Fraction(1, 2) * E(3) - 3 * E(4)
    assert to_exact_scalar(sympy.exp(sympy.pi * sympy.I / 5) ** 3) == E(10, 3)
    with pytest.raises(ExactnessError, match="sqrt"):
        to_exact_scalar(sympy.sqrt(2))
    with pytest.raises(ExactnessError, match="SymPy"):
        to_exact_scalar(sympy.Symbol("t"))
