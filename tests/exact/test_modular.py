"""Modular helpers: primes, roots of unity, CRT, rational reconstruction, nmod_mat linear algebra."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from repkit.errors import ShapeError
from repkit.exact import Matrix
from repkit.exact.modular import (
    crt,
    inverse_mod,
    is_prime,
    next_prime_congruent_one,
    nullspace_mod_p,
    primitive_root_mod,
    primitive_root_of_unity_mod,
    rank_mod_p,
    rational_reconstruction,
    rref_mod_p,
)

P = 2**31 - 1  # a Mersenne prime


@pytest.mark.parametrize("e", [1, 2, 3, 4, 5, 8, 12, 60, 120])
@pytest.mark.parametrize("bound", [0, 100, 2**30])
def test_primes_congruent_one(e, bound):
    p = next_prime_congruent_one(e, bound)
    assert p > bound and (p - 1) % e == 0 and is_prime(p)
    assert not any(is_prime(q) and (q - 1) % e == 0 for q in range(bound + 1, min(p, bound + 5000)))


@pytest.mark.parametrize("n", [1, 2, 3, 4, 6, 8, 12, 24, 60])
def test_primitive_root_of_unity_has_exact_order(n):
    p = next_prime_congruent_one(n, 1000)
    z = primitive_root_of_unity_mod(p, n)
    assert pow(z, n, p) == 1
    assert all(pow(z, k, p) != 1 for k in range(1, n))
    assert len({pow(z, k, p) for k in range(n)}) == n


@pytest.mark.parametrize("p", [2, 3, 5, 7, 11, 13, 101, 997])
def test_primitive_root(p):
    g = primitive_root_mod(p)
    assert len({pow(g, k, p) for k in range(p - 1)}) == p - 1


def test_errors():
    with pytest.raises(ValueError, match="congruent to 1"):
        primitive_root_of_unity_mod(13, 5)
    with pytest.raises(ValueError, match="prime"):
        primitive_root_of_unity_mod(15, 2)
    with pytest.raises(ZeroDivisionError):
        inverse_mod(6, 9)
    with pytest.raises(ValueError, match="coprime"):
        crt([1, 2], [4, 6])
    with pytest.raises(ValueError, match="prime"):
        rank_mod_p([[1]], 10)
    with pytest.raises(ShapeError, match="rows"):
        rank_mod_p([[1, 2], [3]], 7)
    with pytest.raises(TypeError, match="int"):
        next_prime_congruent_one(2.0, 3)  # type: ignore[arg-type]


@given(st.lists(st.integers(-10**6, 10**6), min_size=1, max_size=5))
def test_crt(values):
    moduli = [101, 103, 107, 109, 113][: len(values)]
    x, M = crt([v % m for v, m in zip(values, moduli)], moduli)
    assert M == math.prod(moduli) and 0 <= x < M
    assert all(x % m == v % m for v, m in zip(values, moduli))


@given(st.integers(-1000, 1000), st.integers(1, 1000))
def test_rational_reconstruction_round_trip(num, den):
    q = Fraction(num, den)
    m = P * (2**61 - 1)
    a = (q.numerator * pow(q.denominator, -1, m)) % m
    assert rational_reconstruction(a, m) == q


def test_rational_reconstruction_fails_when_too_small():
    m = 101
    a = (50 * pow(51, -1, m)) % m
    assert rational_reconstruction(a, m) != Fraction(50, 51)


@given(st.lists(st.lists(st.integers(-5, 5), min_size=4, max_size=4), min_size=1, max_size=5),
       st.sampled_from([2, 3, 7, 101, P]))
def test_linear_algebra_mod_p(rows, p):
    N = nullspace_mod_p(rows, p)
    r = rank_mod_p(rows, p)
    assert len(N) + r == 4
    for v in N:
        assert all(sum(a * x for a, x in zip(row, v)) % p == 0 for row in rows)
    R, piv = rref_mod_p(rows, p)
    assert len(piv) == r
    assert rref_mod_p(R, p) == (R, piv)
    if N:
        assert rref_mod_p(N, p)[0][: len(N)] == N
    if p == P:  # a large prime sees the rational rank
        assert r == Matrix(rows).rank()


def test_numpy_input():
    import numpy as np

    a = np.array([[1, 2, 3], [2, 4, 6]], dtype=np.int64)
    assert nullspace_mod_p(a, 7) == nullspace_mod_p(a.tolist(), 7)
    assert rank_mod_p([[np.int64(1), np.int64(2)]], 7) == 1
    assert rref_mod_p(a, np.int64(7)) == rref_mod_p(a.tolist(), 7)
