"""Matrix size bounds (checked before FLINT allocates) and exact multiplicative orders."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import repkit as rk
from repkit.exact.matrix import MAX_MATRIX_ENTRIES, check_matrix_size


@pytest.mark.parametrize("build", [
    lambda: rk.Matrix.identity(MAX_MATRIX_ENTRIES + 1),
    lambda: rk.Matrix.zeros(10**9, 0),
    lambda: rk.Matrix.zeros(1, 10**9),
    lambda: rk.Matrix.identity(10**3).kron(rk.Matrix.identity(10**3)),
    lambda: rk.Matrix.zeros(10**5, 1) @ rk.Matrix.zeros(1, 10**5),
    lambda: rk.Matrix.block_diag(*[rk.Matrix.identity(1)] * 20_000),
    lambda: rk.Matrix(np.broadcast_to(np.int64(0), (10**5, 10**5))),     # a huge view of 8 bytes
], ids=["identity", "rows", "cols", "kron", "outer", "block_diag", "broadcast-view"])
def test_huge_matrices_are_refused_before_allocation(build) -> None:
    with pytest.raises(rk.ResourceLimitError, match="max_entries") as info:
        build()
    assert isinstance(info.value, MemoryError)


def test_the_bound_can_be_raised_and_lowered() -> None:
    with pytest.raises(rk.ResourceLimitError, match="max_entries=8"):
        rk.Matrix.identity(3, max_entries=8)
    assert rk.Matrix.identity(3, max_entries=9).trace() == 3
    assert rk.Matrix.zeros(2, 3, max_entries=6).shape == (2, 3)
    A = rk.Matrix([[1], [2]])
    with pytest.raises(rk.ResourceLimitError):
        A.matmul(rk.Matrix([[3, 4]]), max_entries=3)
    assert A.matmul(rk.Matrix([[3, 4]])) == A @ rk.Matrix([[3, 4]])
    check_matrix_size(10**4, 10**4)                       # exactly the default: accepted


@settings(max_examples=60, deadline=None)
@given(st.permutations(list(range(9))))
def test_order_of_a_permutation_matrix_is_the_lcm_of_its_cycles(p: list[int]) -> None:
    seen, lengths = set(), []
    for i in range(len(p)):
        n = 0
        while i not in seen:
            seen.add(i)
            i = p[i]
            n += 1
        if n:
            lengths.append(n)
    assert rk.Matrix.permutation(p).multiplicative_order() == math.lcm(*lengths)


@settings(max_examples=40, deadline=None)
@given(st.integers(-3, 3), st.integers(-3, 3), st.integers(-3, 3), st.integers(-3, 3))
def test_order_agrees_with_powers(a: int, b: int, c: int, d: int) -> None:
    M = rk.Matrix([[a, b], [c, d]])
    k = M.multiplicative_order()
    powers, P = [], rk.Matrix.identity(2)
    for _ in range(12):                     # finite orders in GL_2(Q) are 1, 2, 3, 4, 6
        P = P @ M
        powers.append(P)
    first = next((i + 1 for i, Q in enumerate(powers) if Q == rk.Matrix.identity(2)), None)
    assert k == first


@pytest.mark.parametrize("n", [3, 4, 5, 8, 12])
def test_order_over_cyclotomic_fields(n: int) -> None:
    z = rk.E(n)
    assert rk.Matrix([[z, 0], [0, z ** 2]]).multiplicative_order() == n
    assert rk.Matrix([[z, 1], [0, z]]).multiplicative_order() is None       # a Jordan block
    assert rk.Matrix([[2 * z]]).multiplicative_order() is None
