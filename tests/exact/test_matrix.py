"""Exact matrices: algebraic identities over Q and Q(zeta_n), canonical forms, errors."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from exact_strategies import cyclotomic_matrices, rational_matrices, rationals, small_ints, square_pairs
from repkit.errors import (
    ExactnessError,
    FieldMismatchError,
    InvalidPermutationError,
    ShapeError,
    SingularMatrixError,
)
from repkit.exact import Cyclotomic, E, Matrix, _linalg

any_matrices = st.one_of(rational_matrices(), cyclotomic_matrices())


@st.composite
def chains(draw, cyclotomic=False):
    a, b, c, d = (draw(st.integers(1, 3)) for _ in range(4))
    if cyclotomic:
        f = draw(st.sampled_from([3, 4, 5, 12]))
        return tuple(draw(cyclotomic_matrices(r, s, conductor=f)) for r, s in ((a, b), (b, c), (c, d)))
    return tuple(draw(rational_matrices(r, s)) for r, s in ((a, b), (b, c), (c, d)))


@pytest.mark.parametrize("cyclotomic", [False, True], ids=["Q", "Q(zeta)"])
@given(data=st.data())
def test_matmul_associative_and_distributive(cyclotomic, data):
    A, B, C = data.draw(chains(cyclotomic))
    assert (A @ B) @ C == A @ (B @ C)
    assert A @ (B + B) == A @ B + A @ B
    assert (A @ B).T == B.T @ A.T


@pytest.mark.parametrize("cyclotomic", [False, True], ids=["Q", "Q(zeta)"])
@given(data=st.data())
def test_det_multiplicative_and_inverse(cyclotomic, data):
    A, B = data.draw(square_pairs(cyclotomic))
    assert (A @ B).det() == A.det() * B.det()
    assert A.T.det() == A.det()
    if A.det() == 0:
        with pytest.raises(SingularMatrixError):
            A.inverse()
        assert A.rank() < A.nrows
    else:
        inv = A.inverse()
        assert A @ inv == Matrix.identity(A.nrows) == inv @ A
        assert inv.det() * A.det() == 1
        assert A.power(-2) @ A.power(2) == Matrix.identity(A.nrows)


@pytest.mark.parametrize("cyclotomic", [False, True], ids=["Q", "Q(zeta)"])
@given(data=st.data())
@settings(max_examples=60)
def test_rank_nullity_and_rref(cyclotomic, data):
    A = data.draw(cyclotomic_matrices(max_dim=4) if cyclotomic else rational_matrices(max_dim=5, entries=small_ints))
    N = A.nullspace()
    assert N.shape == (A.ncols - A.rank(), A.ncols)
    if N.nrows:
        assert (A @ N.T).is_zero()
        assert N.rank() == N.nrows
        assert N.rref()[0] == N
    R, piv = A.rref()
    assert len(piv) == A.rank()
    assert R.rref() == (R, piv)
    for i, p in enumerate(piv):
        assert R[i, p] == 1 and all(R[k, p] == 0 for k in range(R.nrows) if k != i)
    # canonical: invertible row operations do not change the rref or the null space
    P = Matrix.identity(A.nrows) + Matrix([[1 if j == i + 1 else 0 for j in range(A.nrows)] for i in range(A.nrows)])
    assert (P @ A).rref() == (R, piv)
    assert (P @ A).nullspace() == N


@given(cyclotomic_matrices(max_dim=4))
@settings(max_examples=40)
def test_cyclotomic_elimination_matches_entrywise_reference(A):
    rows = [[A[i, j] if isinstance(A[i, j], Cyclotomic) else Cyclotomic(A[i, j]) for j in range(A.ncols)] for i in range(A.nrows)]
    ref_rows, ref_piv = _linalg.cyc_rref(rows, A.ncols)
    assert A.rref() == (Matrix(ref_rows), ref_piv)
    ref_null = _linalg.cyc_nullspace(rows, A.ncols)
    assert A.nullspace() == (Matrix(ref_null) if ref_null else Matrix.zeros(0, A.ncols))
    if A.nrows == A.ncols:
        assert A.det() == _linalg.cyc_det(rows)
        if A.det() != 0:
            inv = _linalg.cyc_inverse(rows)
            assert A.inverse() == Matrix(inv)


@given(rational_matrices(max_dim=6, entries=small_ints))
def test_nullspace_methods_agree_and_integer_scaling(A):
    N = A.nullspace()
    assert A.nullspace(method="dense") == N == A.nullspace(method="sparse") == A.nullspace(method="multimodular")
    Z = A.nullspace(integer=True)
    assert Z.shape == N.shape
    for i in range(Z.nrows):
        row = [Z[i, j] for j in range(Z.ncols)]
        assert all(x.denominator == 1 for x in row)
        assert math.gcd(*(int(x) for x in row)) == 1
        assert next(x for x in row if x != 0) > 0
    assert Z.rref()[0] == N


@pytest.mark.parametrize("cyclotomic", [False, pytest.param(True, marks=pytest.mark.slow)], ids=["Q", "Q(zeta)"])
@given(data=st.data())
def test_kron_mixed_product(cyclotomic, data):
    A, C = data.draw(chains(cyclotomic))[:2]
    B, D = data.draw(chains(cyclotomic))[:2]
    assert A.kron(B) @ C.kron(D) == (A @ C).kron(B @ D)
    assert A.kron(B).T == A.T.kron(B.T)


@given(data=st.data(), k=st.sampled_from([1, 7, 11, 13, -1]))
def test_galois_and_conjugate_are_automorphisms(data, k):
    A, B = data.draw(square_pairs(cyclotomic=True))
    assert (A @ B).galois(k) == A.galois(k) @ B.galois(k)
    assert (A + B).galois(k) == A.galois(k) + B.galois(k)
    assert (A @ B).conjugate() == A.conjugate() @ B.conjugate()
    assert A.conjugate() == A.galois(-1)
    assert Cyclotomic(A.det()).galois(k) == A.galois(k).det()


@given(any_matrices)
def test_structure_and_conversions(A):
    assert A == Matrix(A.to_list()) and hash(A) == hash(Matrix(A.to_list()))
    assert A.T.T == A
    assert A[:, :] == A
    assert Matrix(A.to_numpy(object)) == A
    assert eval(repr(A), {"Matrix": Matrix, "Fraction": Fraction, "Cyclotomic": Cyclotomic}) == A
    if A.is_rational:
        num, den = A.numerators_denominators()
        assert all(A[i, j] == Fraction(int(num[i, j]), int(den[i, j])) for i in range(A.nrows) for j in range(A.ncols))
        assert Matrix(A.to_fractions()) == A
    assert Matrix(A.to_sympy()) == A


def test_hash_and_equality_across_fields():
    i = E(4)
    assert Matrix([[i * i, 0]]) == Matrix([[-1, 0]])
    assert hash(Matrix([[i * i, 0]])) == hash(Matrix([[-1, 0]]))
    assert Matrix([[Cyclotomic(Fraction(1, 2))]]) == Matrix([[Fraction(1, 2)]])
    A = Matrix([[E(3), 0], [0, 1]])
    assert A.field == 3 and (A @ A.conjugate()).field == 1 and (A @ A.conjugate()).is_identity()
    assert (A + Matrix([[0, 0], [0, E(4)]])).field == 12
    assert Matrix([[E(3), E(4)]]).entries_field() == 12


@pytest.mark.parametrize("n", [1, 2, 3, 5, 8])
def test_permutation_convention(n):
    p = [(i + 1) % n for i in range(n)]
    q = list(reversed(range(n)))
    P = Matrix.permutation(p)
    assert all(P[p[i], i] == 1 for i in range(n))
    assert P @ Matrix.permutation(q) == Matrix.permutation([p[q[i]] for i in range(n)])
    assert P.power(n).is_identity()
    assert P.T == P.inverse()


def test_block_diag_and_diag():
    A, B = Matrix([[1, 2], [3, 4]]), Matrix([[E(3)]])
    M = Matrix.block_diag(A, B)
    assert M.shape == (3, 3) and M.det() == A.det() * B.det()
    assert M[0:2, 0:2] == A and M[2:, 2:] == B and M[0:2, 2:].is_zero()
    assert Matrix.diag([1, 2, 3]).det() == 6
    assert Matrix.diag([E(4), E(4)]).power(2) == Matrix.diag([-1, -1])


@given(square_pairs(), st.integers(0, 4), st.integers(0, 4))
def test_power_law(pair, m, n):
    A = pair[0]
    assert A.power(m) @ A.power(n) == A.power(m + n)


@given(chains())
def test_solve(chain):
    A, X, _ = chain
    b = A @ X
    assert A @ A.solve(b) == b


def test_solve_inconsistent_and_shape():
    A = Matrix([[1, 1], [2, 2]])
    with pytest.raises(SingularMatrixError, match="no solution"):
        A.solve(Matrix([[1], [3]]))
    with pytest.raises(ShapeError, match="rows"):
        A.solve(Matrix([[1]]))


def test_numpy_round_trip():
    a = np.arange(12, dtype=np.int32).reshape(3, 4) - 5
    M = Matrix.from_numpy(a)
    assert (M.to_numpy(np.int64) == a).all()
    assert M.to_numpy().dtype == np.float64
    assert Matrix([[E(4)]]).to_numpy().dtype == np.complex128
    assert Matrix([[E(5) + E(5, 4)]]).to_numpy().dtype == np.float64
    assert Matrix(np.array([[1, 2]], dtype=np.uint8)) == Matrix([[1, 2]])
    assert Matrix.from_numpy(np.array([[0.5, -2.0]]), rationalize=True) == Matrix([[Fraction(1, 2), -2]])


def test_sympy_input():
    M = Matrix(sympy.Matrix([[sympy.Rational(1, 3), 2], [sympy.I, 0]]))
    assert M[0, 0] == Fraction(1, 3) and M[1, 0] == E(4)


# ----------------------------------------------------------------------------- errors


@pytest.mark.parametrize("bad", [0.5, float("nan"), float("inf"), -float("inf"), 1 + 2j, "1", None])
def test_rejects_inexact_entries_with_position(bad):
    with pytest.raises(ExactnessError, match=r"rows\[1\]\[0\]"):
        Matrix([[1, 2], [bad, 3]])


@pytest.mark.parametrize("bad", [float("nan"), float("inf")])
def test_nan_inf_raise_even_when_rationalizing(bad):
    with pytest.raises(ExactnessError, match="non-finite|finite"):
        Matrix([[bad]], rationalize=True)
    with pytest.raises(ExactnessError, match=r"\[0, 1\]"):
        Matrix.from_numpy(np.array([[1.0, bad]]), rationalize=True)


def test_float_array_rejected_and_named():
    with pytest.raises(ExactnessError, match=r"array.*float64.*rationalize"):
        Matrix.from_numpy(np.ones((2, 2)))
    with pytest.raises(ExactnessError, match=r"array\[1, 0\]"):
        Matrix.from_numpy(np.array([[0.0, 1.0], [np.nan, 2.0]]))
    assert Matrix([[0.25]], rationalize=True) == Matrix([[Fraction(1, 4)]])


def test_ragged_and_shape_errors():
    with pytest.raises(ShapeError, match=r"rows\[1\].*ragged"):
        Matrix([[1, 2], [3]])
    with pytest.raises(ShapeError):
        Matrix([1, 2])
    with pytest.raises(ShapeError, match="2-d"):
        Matrix.from_numpy(np.arange(3))
    A, B = Matrix([[1, 2]]), Matrix([[1, 2]])
    with pytest.raises(ShapeError, match="rows"):
        A @ B
    with pytest.raises(ShapeError, match="shape"):
        A + Matrix([[1]])
    with pytest.raises(ShapeError, match="square"):
        A.det()
    with pytest.raises(ShapeError, match="square"):
        A.inverse()
    with pytest.raises(ShapeError):
        Matrix.zeros(-1, 2)


def test_singular_inverse():
    with pytest.raises(SingularMatrixError, match="singular"):
        Matrix([[1, 2], [2, 4]]).inverse()
    with pytest.raises(SingularMatrixError, match="singular"):
        Matrix([[E(3), 1], [E(3) ** 2, E(3)]]).inverse()


@pytest.mark.parametrize("p", [[0, 0], [1, 2], [-1, 0], [0.5, 1]])
def test_invalid_permutation(p):
    with pytest.raises(InvalidPermutationError, match="p:"):
        Matrix.permutation(p)


def test_immutable():
    A = Matrix([[1, 2]])
    with pytest.raises(TypeError):
        A[0, 0] = 5  # type: ignore[index]
    with pytest.raises(AttributeError):
        A._q = None  # type: ignore[misc]
    with pytest.raises(TypeError):
        A * A  # noqa: B018 (use @)


def test_field_errors():
    with pytest.raises(FieldMismatchError, match="coprime"):
        Matrix([[E(4)]]).galois(2)
    with pytest.raises(FieldMismatchError, match="rational"):
        Matrix([[E(4)]]).to_fractions()
    with pytest.raises(FieldMismatchError, match="integer"):
        Matrix([[E(4), 1]]).nullspace(integer=True)
    with pytest.raises(ValueError, match="method"):
        Matrix([[1]]).nullspace(method="fast")  # type: ignore[arg-type]
    with pytest.raises(ExactnessError, match="integer dtype"):
        Matrix([[Fraction(1, 2)]]).to_numpy(np.int64)


@given(any_matrices, any_matrices)
def test_stacking(A, B):
    if A.ncols == B.ncols:
        V = Matrix.vstack(A, B)
        assert V[: A.nrows, :] == A and V[A.nrows:, :] == B
        assert V.rank() >= max(A.rank(), B.rank())
    else:
        with pytest.raises(ShapeError, match="columns"):
            Matrix.vstack(A, B)
    if A.nrows == B.nrows:
        H = Matrix.hstack(A, B)
        assert H[:, : A.ncols] == A and H[:, A.ncols:] == B
    with pytest.raises(ShapeError, match="at least one"):
        Matrix.vstack()


@given(any_matrices)
def test_pickle_and_copy(A):
    import copy
    import pickle

    assert pickle.loads(pickle.dumps(A)) == A
    assert copy.deepcopy(A) == A
    x = A[0, 0]
    assert pickle.loads(pickle.dumps(x)) == x
    Z = Matrix.zeros(0, 3)
    assert pickle.loads(pickle.dumps(Z)).shape == (0, 3)


def test_multimodular_falls_back_on_huge_outputs():
    # a null space whose rref has entries far beyond three 62-bit primes: the certified
    # multimodular route gives up and the dense route answers (same canonical result)
    big = 2**400 + 1
    A = Matrix([[big, 3, 1], [7, big, 2]])
    N = A.nullspace(method="multimodular")
    assert N == A.nullspace(method="dense") and (A @ N.T).is_zero()
    assert _linalg.q_nullspace_multimodular(A.to_flint()) is None
