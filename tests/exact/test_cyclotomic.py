"""Cyclotomic numbers: field axioms, canonical form, Galois action, GAP notation."""

from __future__ import annotations

import cmath
import math
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exact_strategies import CONDUCTORS, cyclotomics, rationals
from repkit.errors import ExactnessError, FieldMismatchError, RepkitError
from repkit.exact import Cyclotomic, CyclotomicSyntaxError, E, zumbroich_basis


@given(cyclotomics(), cyclotomics(), cyclotomics())
def test_ring_axioms(x, y, z):
    assert x + y == y + x
    assert x * y == y * x
    assert (x + y) + z == x + (y + z)
    assert (x * y) * z == x * (y * z)
    assert x * (y + z) == x * y + x * z
    assert x - x == 0 and x + 0 == x and x * 1 == x


@given(cyclotomics())
def test_inverse(x):
    if x == 0:
        with pytest.raises(ZeroDivisionError):
            x.inverse()
    else:
        assert x * x.inverse() == 1
        assert x / x == 1
        assert x ** -2 * x ** 2 == 1


@given(cyclotomics(), st.sampled_from([2, 3, 5, 6]))
def test_same_number_in_bigger_field_is_identical(x, m):
    n = x.conductor
    lifted = Cyclotomic.from_terms(n * m, [(k * m, c) for k, c in x.terms])
    assert lifted == x
    assert hash(lifted) == hash(x)
    assert lifted.conductor == x.conductor and lifted.terms == x.terms


@given(rationals)
def test_rational_hash_matches_fraction(q):
    c = Cyclotomic(q)
    assert c == q and hash(c) == hash(q)
    assert hash(E(3) + E(3) ** 2 + 1 + q) == hash(q)
    if q.denominator == 1:
        assert hash(c) == hash(int(q)) and c == int(q)


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 15, 16, 18, 20, 24, 30, 36])
def test_roots_of_unity(n):
    z = E(n)
    assert z ** n == 1
    assert all(z ** k != 1 for k in range(1, n))
    assert sum((z ** k for k in range(n)), Cyclotomic(0)) == (1 if n == 1 else 0)
    assert z.conductor == (n // 2 if n % 4 == 2 else n)


@pytest.mark.parametrize("n", [n for n in range(1, 61) if n % 4 != 2])
def test_zumbroich_basis_size_and_independence(n):
    basis = zumbroich_basis(n)
    assert len(basis) == sum(1 for k in range(n) if math.gcd(k, n) == 1)
    # every basis root is its own canonical form: E(n)^b has the single term (b, 1)
    for b in basis:
        assert E(n, b).terms == ((b, Fraction(1)),) or E(n, b).conductor < n


@given(cyclotomics(), cyclotomics(), st.integers(-30, 30))
def test_galois_is_field_automorphism(x, y, k):
    n = math.lcm(x.conductor, y.conductor)
    if math.gcd(k, n) != 1:
        return
    assert (x + y).galois(k) == x.galois(k) + y.galois(k)
    assert (x * y).galois(k) == x.galois(k) * y.galois(k)
    assert x.galois(1) == x
    assert x.galois(k).galois(pow(k, -1, n) if n > 1 else 1) == x


@given(cyclotomics(), cyclotomics())
def test_conjugate(x, y):
    assert (x * y).conjugate() == x.conjugate() * y.conjugate()
    assert x.conjugate().conjugate() == x
    norm = x * x.conjugate()
    assert norm.conjugate() == norm


@given(cyclotomics())
def test_gap_round_trip(x):
    text = str(x)
    assert Cyclotomic.from_gap(text) == x
    assert str(Cyclotomic.from_gap(text)) == text
    assert eval(repr(x), {"Cyclotomic": Cyclotomic}) == x


@given(cyclotomics(), cyclotomics())
def test_to_complex_is_a_ring_map(x, y):
    # floats only at the boundary: compare with a tolerance scaled to the sizes
    scale = 1 + sum(abs(c) for _, c in x.terms) * (1 + sum(abs(c) for _, c in y.terms))
    assert cmath.isclose((x * y).to_complex(), x.to_complex() * y.to_complex(), abs_tol=1e-9 * scale)
    assert cmath.isclose((x + y).to_complex(), x.to_complex() + y.to_complex(), abs_tol=1e-9 * scale)


# Strings as GAP 4 prints them (Zumbroich basis); checked identities alongside.
GAP_PRINTED = {
    "E(3)": E(3),
    "-E(3)^2": E(6),
    "-E(4)": E(4, 3),
    "-E(9)^4-E(9)^7": E(9),
    "-E(12)^7": E(12),
    "E(8)-E(8)^3": E(8) + E(8).conjugate(),
    "E(5)-E(5)^2-E(5)^3+E(5)^4": sum((E(5, k * k) for k in range(5)), Cyclotomic(0)),
    "-E(12)^7+E(12)^11": E(12) + E(12).conjugate(),
    "E(7)+E(7)^2+E(7)^4": E(7) + E(7, 2) + E(7, 4),
    "-1-E(4)": -1 - E(4),
    "E(5)+E(5)^4": E(5) + E(5, 4),
}


@pytest.mark.parametrize("text", sorted(GAP_PRINTED))
def test_prints_like_gap(text):
    assert str(GAP_PRINTED[text]) == text
    assert Cyclotomic.from_gap(text) == GAP_PRINTED[text]


def test_gap_square_roots():
    assert Cyclotomic.from_gap("E(8)-E(8)^3") ** 2 == 2
    assert Cyclotomic.from_gap("-E(12)^7+E(12)^11") ** 2 == 3
    assert Cyclotomic.from_gap("E(5)-E(5)^2-E(5)^3+E(5)^4") ** 2 == 5
    assert Cyclotomic.from_gap("E(3)-E(3)^2") ** 2 == -3


@pytest.mark.parametrize(
    "text, value",
    [
        ("2*E(5)^2+E(5)^3", 2 * E(5, 2) + E(5, 3)),
        ("1/2*E(8)-1/2*E(8)^3", (E(8) - E(8, 3)) / 2),
        ("-3/2", Fraction(-3, 2)),
        ("0", 0),
        ("E(4)^-1", -E(4)),
        (" 1 + E(3) \\\n + E(3)^2 ", 0),
    ],
)
def test_from_gap_values(text, value):
    assert Cyclotomic.from_gap(text) == value


@pytest.mark.parametrize("text", ["", "E(", "E(3)E(3)", "1/0*E(3)", "x", "E(0)", "2**E(3)", "E(3)^"])
def test_from_gap_errors(text):
    with pytest.raises(CyclotomicSyntaxError):
        Cyclotomic.from_gap(text)


def test_from_gap_error_names_column():
    with pytest.raises(CyclotomicSyntaxError, match="column 5") as info:
        Cyclotomic.from_gap("E(3)?E(3)")
    assert isinstance(info.value, RepkitError) and isinstance(info.value, ValueError)


def test_galois_needs_coprime_exponent():
    with pytest.raises(FieldMismatchError, match="coprime"):
        E(4).galois(2)


def test_errors():
    with pytest.raises(ExactnessError, match="float"):
        Cyclotomic(0.5)
    with pytest.raises(ZeroDivisionError):
        E(3) / 0
    with pytest.raises(ValueError, match="positive"):
        E(0)
    with pytest.raises(AttributeError):
        E(3)._n = 4  # type: ignore[misc]
    with pytest.raises(FieldMismatchError):
        E(3).to_fraction()
    with pytest.raises(TypeError):
        E(3) + 0.5


@pytest.mark.parametrize("n", CONDUCTORS)
def test_is_rational_and_fraction(n):
    x = E(n) * E(n).conjugate()
    assert x.is_rational and x.to_fraction() == 1


@pytest.mark.parametrize("n", [n for n in range(3, 64) if n % 4 != 2])
def test_multiplication_by_zeta_has_cyclotomic_charpoly(n):
    """In the Zumbroich basis, x -> E(n) x is a rational phi(n) x phi(n) matrix whose
    characteristic polynomial is the n-th cyclotomic polynomial: the basis really is a basis
    of Q(zeta_n) and the rewriting rules are those of zeta_n."""
    import flint

    from repkit.exact import _cycmat

    R, basis = _cycmat.realization(n, {1: flint.fmpq_mat(1, 1, [1])}, 1)
    assert len(basis) == R.nrows()
    charpoly = [int(c) for c in R.charpoly().coeffs()]
    assert charpoly == [int(c) for c in flint.fmpz_poly.cyclotomic(n).coeffs()]


def test_mixed_arithmetic_with_other_rationals():
    import numpy as np
    import sympy

    x = E(7) + 2
    assert x + np.int64(3) == x + 3 == np.int64(3) + x
    assert x * sympy.Rational(1, 2) == x / 2 == Fraction(1, 2) * x
    assert Cyclotomic(5) == np.int64(5) and hash(Cyclotomic(5)) == hash(5)
    assert 1 - E(4) == -(E(4) - 1)
