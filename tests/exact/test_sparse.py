"""Sparse null spaces agree with the dense ones and scale to equivariance-sized systems."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from repkit.errors import ExactnessError, ShapeError
from repkit.exact import Matrix, SparseFillError, nullspace_sparse


@st.composite
def sparse_systems(draw):
    ncols = draw(st.integers(1, 8))
    nrows = draw(st.integers(0, 8))
    rows = [
        draw(st.dictionaries(st.integers(0, ncols - 1), st.integers(-3, 3) | st.builds(Fraction, st.integers(-3, 3), st.integers(1, 3)), max_size=3))
        for _ in range(nrows)
    ]
    return rows, ncols


def _dense(rows, ncols):
    return Matrix([[r.get(j, 0) for j in range(ncols)] for r in rows]) if rows else Matrix.zeros(0, ncols)


@given(sparse_systems(), st.sampled_from(["auto", "sparse", "dense"]))
def test_sparse_equals_dense(system, method):
    rows, ncols = system
    N = nullspace_sparse(rows, ncols, method=method)
    A = _dense(rows, ncols)
    assert N == A.nullspace()
    assert nullspace_sparse(rows, ncols, integer=True, method=method) == A.nullspace(integer=True)


def _commutant_constraints(perms, n):
    """Rows of P W - W P = 0 for permutation matrices P (W[a, b] is unknown a*n + b)."""
    rows = []
    for p in perms:
        pinv = [0] * n
        for i, j in enumerate(p):
            pinv[j] = i
        for a in range(n):
            for b in range(n):
                d: dict[int, int] = {}
                for k, v in ((pinv[a] * n + b, 1), (a * n + p[b], -1)):
                    d[k] = d.get(k, 0) + v
                rows.append({k: v for k, v in d.items() if v})
    return rows


def _orbit_count(perms, n):
    seen, count = set(), 0
    for start in ((a, b) for a in range(n) for b in range(n)):
        if start in seen:
            continue
        count += 1
        stack = [start]
        seen.add(start)
        while stack:
            a, b = stack.pop()
            for p in perms:
                nxt = (p[a], p[b])
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
    return count


@pytest.mark.parametrize("n", [3, 8, 16, 64])
def test_dihedral_commutant_dimension_is_orbit_count(n):
    r = [(i + 1) % n for i in range(n)]
    f = [(-i) % n for i in range(n)]
    rows = _commutant_constraints([r, f], n)
    N = nullspace_sparse(rows, n * n, integer=True)
    assert N.nrows == _orbit_count([r, f], n)
    # the rref basis of an orbital commutant is the set of orbit indicators
    assert all(N[i, j] in (0, 1) for i in range(N.nrows) for j in range(N.ncols))
    if n <= 16:
        assert N == _dense(rows, n * n).nullspace(integer=True)


def test_fill_budget():
    rows = [{j: (i * j) % 7 + 1 for j in range(12)} for i in range(10)]
    with pytest.raises(SparseFillError, match="max_entries"):
        nullspace_sparse(rows, 12, method="sparse", max_entries=100)
    assert nullspace_sparse(rows, 12, method="auto", max_entries=100) == _dense(rows, 12).nullspace()


def test_errors():
    with pytest.raises(ShapeError, match="column indices"):
        nullspace_sparse([{5: 1}], 3)
    with pytest.raises(ShapeError, match="mapping"):
        nullspace_sparse([[1, 2]], 2)  # type: ignore[list-item]
    with pytest.raises(ExactnessError, match=r"rows\[0\]\[1\]"):
        nullspace_sparse([{1: 0.5}], 2)
    with pytest.raises(ValueError, match="method"):
        nullspace_sparse([{0: 1}], 2, method="magic")  # type: ignore[arg-type]
