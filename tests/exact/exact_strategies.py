"""Hypothesis strategies for exact scalars and matrices (tests/exact only)."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import strategies as st

from repkit.exact import Cyclotomic, Matrix

CONDUCTORS = [1, 3, 4, 5, 7, 8, 9, 12, 15, 16, 20, 21, 24]

small_ints = st.integers(min_value=-4, max_value=4)
rationals = st.builds(Fraction, st.integers(-6, 6), st.integers(1, 4))


@st.composite
def cyclotomics(draw, conductor=None, max_terms=4):
    n = draw(st.sampled_from(CONDUCTORS)) if conductor is None else conductor
    terms = draw(st.lists(st.tuples(st.integers(0, max(n - 1, 0)), rationals), max_size=max_terms))
    return Cyclotomic.from_terms(n, terms)


@st.composite
def rational_matrices(draw, rows=None, cols=None, max_dim=4, entries=None):
    r = draw(st.integers(1, max_dim)) if rows is None else rows
    c = draw(st.integers(1, max_dim)) if cols is None else cols
    ent = rationals if entries is None else entries
    return Matrix(draw(st.lists(st.lists(ent, min_size=c, max_size=c), min_size=r, max_size=r)))


@st.composite
def cyclotomic_matrices(draw, rows=None, cols=None, max_dim=3, conductor=None):
    n = draw(st.sampled_from([3, 4, 5, 8, 12])) if conductor is None else conductor
    r = draw(st.integers(1, max_dim)) if rows is None else rows
    c = draw(st.integers(1, max_dim)) if cols is None else cols
    ent = cyclotomics(conductor=n, max_terms=2)
    return Matrix(draw(st.lists(st.lists(ent, min_size=c, max_size=c), min_size=r, max_size=r)))


@st.composite
def square_pairs(draw, cyclotomic=False, max_dim=3):
    n = draw(st.integers(1, max_dim))
    if cyclotomic:
        f = draw(st.sampled_from([3, 4, 5, 8]))
        return draw(cyclotomic_matrices(n, n, conductor=f)), draw(cyclotomic_matrices(n, n, conductor=f))
    return draw(rational_matrices(n, n)), draw(rational_matrices(n, n))
