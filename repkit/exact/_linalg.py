"""Private kernels for :mod:`repkit.exact.matrix`: the rational null space, and an
entrywise Gauss-Jordan elimination over Q(zeta_n) on :class:`Cyclotomic` entries that the
tests use as an independent reference for the component-form elimination of ``_cycmat``.

References: H. Cohen, *A Course in Computational Algebraic Number Theory*, GTM 138,
Springer 1993, Sec. 2.2 (Gauss-Jordan, rref), Alg. 2.3.1 (kernel).
"""

from __future__ import annotations

import math
from typing import Any

import flint

from .cyclotomic import Cyclotomic

__all__: list[str] = []


def cyc_matmul(a: list[list[Cyclotomic]], b: list[list[Cyclotomic]], ncols: int) -> list[list[Cyclotomic]]:
    """Schoolbook product over Q(zeta_n), skipping zero entries."""
    out = []
    for row in a:
        acc: list[Any] = [Cyclotomic(0)] * ncols
        for k, x in enumerate(row):
            if not x:
                continue
            brow = b[k]
            for j in range(ncols):
                y = brow[j]
                if y:
                    acc[j] = acc[j] + x * y
        out.append(acc)
    return out


def cyc_rref(rows: list[list[Cyclotomic]], ncols: int) -> tuple[list[list[Cyclotomic]], tuple[int, ...]]:
    """Gauss-Jordan elimination to reduced row echelon form (a copy; O(r c min(r, c)))."""
    m = [list(r) for r in rows]
    nrows = len(m)
    pivots: list[int] = []
    r = 0
    for c in range(ncols):
        if r == nrows:
            break
        piv = next((i for i in range(r, nrows) if m[i][c]), None)
        if piv is None:
            continue
        m[r], m[piv] = m[piv], m[r]
        inv = m[r][c].inverse()
        m[r] = [x * inv if x else x for x in m[r]]
        prow = m[r]
        for i in range(nrows):
            if i != r and m[i][c]:
                f = m[i][c]
                m[i] = [x - f * y if y else x for x, y in zip(m[i], prow)]
        pivots.append(c)
        r += 1
    return m, tuple(pivots)


def cyc_det(rows: list[list[Cyclotomic]]) -> Cyclotomic:
    """Determinant by Gaussian elimination over the field."""
    m = [list(r) for r in rows]
    n = len(m)
    det = Cyclotomic(1)
    for c in range(n):
        piv = next((i for i in range(c, n) if m[i][c]), None)
        if piv is None:
            return Cyclotomic(0)
        if piv != c:
            m[c], m[piv] = m[piv], m[c]
            det = -det
        p = m[c][c]
        det = det * p
        inv = p.inverse()
        for i in range(c + 1, n):
            if m[i][c]:
                f = m[i][c] * inv
                m[i] = [x - f * y if y else x for x, y in zip(m[i], m[c])]
    return det


def cyc_inverse(rows: list[list[Cyclotomic]]) -> list[list[Cyclotomic]] | None:
    """Inverse through the rref of ``[A | I]``; None when singular."""
    n = len(rows)
    one, zero = Cyclotomic(1), Cyclotomic(0)
    aug = [list(r) + [one if i == j else zero for j in range(n)] for i, r in enumerate(rows)]
    red, piv = cyc_rref(aug, 2 * n)
    if len(piv) < n or piv[n - 1] != n - 1:
        return None
    return [r[n:] for r in red]


def cyc_nullspace(rows: list[list[Cyclotomic]], ncols: int) -> list[list[Cyclotomic]]:
    """Null space basis (rows, in rref) over the field."""
    red, piv = cyc_rref(rows, ncols)
    basis = _kernel_from_rref(red, piv, ncols, Cyclotomic(0), Cyclotomic(1))
    if not basis:
        return []
    out, _ = cyc_rref(basis, ncols)
    return out


def _kernel_from_rref(red: list[list[Any]], piv: tuple[int, ...], ncols: int, zero: Any, one: Any) -> list[list[Any]]:
    pivset = set(piv)
    basis = []
    for f in range(ncols):
        if f in pivset:
            continue
        v = [zero] * ncols
        v[f] = one
        for r, p in enumerate(piv):
            v[p] = -red[r][f]
        basis.append(v)
    return basis


def pivots_of_q(R: flint.fmpq_mat, rank: int) -> tuple[int, ...]:
    """Pivot columns of a rational matrix already in rref."""
    piv = []
    c = R.ncols()
    j = 0
    for i in range(rank):
        while R[i, j] == 0:
            j += 1
        piv.append(j)
        j += 1
        if j > c:
            break
    return tuple(piv)


def reverse_columns_fmpz(A: flint.fmpq_mat) -> flint.fmpz_mat:
    """``A`` scaled by a common denominator, columns in reverse order, as an fmpz_mat."""
    Z, _ = A.numer_denom()
    r, c = Z.nrows(), Z.ncols()
    flat = Z.entries()
    out: list[Any] = []
    for i in range(r):
        out.extend(flat[i * c:(i + 1) * c][::-1])
    return flint.fmpz_mat(r, c, out)


def _reconstruct(a: int, m: int, half: int) -> flint.fmpq | None:
    """Rational reconstruction with the small-integer fast path (entries are mostly small)."""
    if a <= half:
        return flint.fmpq(a)
    if m - a <= half:
        return flint.fmpq(a - m)
    from .modular import rational_reconstruction

    q = rational_reconstruction(a, m)
    return None if q is None else flint.fmpq(q.numerator, q.denominator)


def q_nullspace_multimodular(A: flint.fmpq_mat, *, max_primes: int = 3) -> flint.fmpq_mat | None:
    """Null space rows in rref by rref modulo word-size primes, CRT and rational
    reconstruction, certified exactly; None when ``max_primes`` primes do not suffice.

    Output-sensitive: one prime suffices when the rref of the null space has small entries
    (the usual case for equivariance constraints). Certificate: ``A N^T = 0`` over Q with
    ``N`` the identity on ``c - rank_p(A)`` columns gives ``nullity_Q >= c - rank_p >=
    nullity_Q`` (rank mod p <= rank over Q), so the rows of N span the null space; N is
    returned only if it is also in rref, hence canonical (von zur Gathen & Gerhard, *Modern
    Computer Algebra*, Sec. 5.10 for reconstruction; Cohen 1993, Sec. 2.3 for the kernel).
    """
    from .modular import crt

    Z, _ = A.numer_denom()
    r, c = Z.nrows(), Z.ncols()
    flat = [int(x) for x in Z.entries()]
    rev = []
    for i in range(r):
        rev.extend(flat[i * c:(i + 1) * c][::-1])
    best: tuple[int, tuple[int, ...]] | None = None
    residues: list[list[int]] = []
    moduli: list[int] = []
    p = 2**62
    for _ in range(max_primes):
        p += 1
        while not flint.fmpz(p).is_prime():
            p += 1
        R, rank = flint.nmod_mat(r, c, [x % p for x in rev], p).rref()
        rank = int(rank)
        ent = R.entries()
        piv_rev = []
        j = 0
        for i in range(rank):
            while int(ent[i * c + j]) == 0:
                j += 1
            piv_rev.append(j)
            j += 1
        key = (rank, tuple(-x for x in piv_rev))
        if best is not None and key < best:
            continue  # an unlucky prime: smaller rank or later pivots
        if best is None or key > best:
            best, residues, moduli = key, [], []
        pivots = [c - 1 - j for j in piv_rev]
        pivset = set(pivots)
        free = [f for f in range(c) if f not in pivset]
        # residues of -R[i, f] for pivot row i (column pivots[i]) and free column f
        residues.append([(-int(ent[i * c + (c - 1 - f)])) % p for i in range(rank) for f in free])
        moduli.append(p)
        m = 1
        for q in moduli:
            m *= q
        half = math.isqrt(m // 2)
        values: list[flint.fmpq] = []
        for idx in range(len(residues[0])):
            a = residues[0][idx] if len(moduli) == 1 else crt([res[idx] for res in residues], moduli)[0]
            q = _reconstruct(a, m, half)
            if q is None:
                break
            values.append(q)
        else:
            N = flint.fmpq_mat(len(free), c)
            index = {f: t for t, f in enumerate(free)}
            for f, t in index.items():
                N[t, f] = 1
            k = 0
            for i in range(rank):
                for f in free:
                    if values[k] != 0:
                        N[index[f], pivots[i]] = values[k]
                    k += 1
            if _is_rref_with_free(N, free) and (A * N.transpose()) == flint.fmpq_mat(r, len(free)):
                return N
    return None


def _is_rref_with_free(N: flint.fmpq_mat, free: list[int]) -> bool:
    """Whether every row t is zero left of its identity column free[t]."""
    c = N.ncols()
    ent = N.entries()
    return all(ent[t * c + j] == 0 for t, f in enumerate(free) for j in range(f))


def q_nullspace_dense(A: flint.fmpq_mat) -> flint.fmpq_mat:
    """Null space rows in rref from one fraction-free rref of the column-reversed matrix.

    The pivots of ``rref(A reversed)`` are the lexicographically last column basis B of A;
    the complement of B is the pivot set of the rref of the null space (matroid duality),
    so ``e_f - sum_i R[i, f] e_{c_i}`` over f not in B is that rref directly.
    """
    r, c = A.nrows(), A.ncols()
    if r == 0 or c == 0:
        N = flint.fmpq_mat(c, c)
        for i in range(c):
            N[i, i] = 1
        return N
    R, den, rank = reverse_columns_fmpz(A).rref()
    rank = int(rank)
    piv_rev = []
    j = 0
    for i in range(rank):
        while R[i, j] == 0:
            j += 1
        piv_rev.append(j)
        j += 1
    pivots = [c - 1 - j for j in piv_rev]
    pivset = set(pivots)
    free = [f for f in range(c) if f not in pivset]
    index = {f: t for t, f in enumerate(free)}
    N = flint.fmpq_mat(len(free), c)
    for f, t in index.items():
        N[t, f] = 1
    for i, pc in enumerate(pivots):
        d = R[i, piv_rev[i]]
        for f, t in index.items():
            v = R[i, c - 1 - f]
            if v != 0:
                N[t, pc] = -flint.fmpq(v, d)
    return N


def sparse_rows_of(A: flint.fmpq_mat, limit: int | None) -> list[dict[int, flint.fmpq]] | None:
    """Rows of ``d A`` (d a common denominator, same null space) as dictionaries.

    Returns None as soon as more than ``limit`` nonzero entries are seen.
    """
    Z, _ = A.numer_denom()
    c = Z.ncols()
    flat = Z.entries()
    rows = []
    nnz = 0
    for i in range(Z.nrows()):
        row = {j: flint.fmpq(v) for j, v in enumerate(flat[i * c:(i + 1) * c]) if v}
        nnz += len(row)
        if limit is not None and nnz > limit:
            return None
        rows.append(row)
    return rows


def primitive_rows(N: flint.fmpq_mat) -> flint.fmpq_mat:
    """Scale each row to a primitive integer vector with the same sign pattern."""
    import math

    out = flint.fmpq_mat(N)
    for i in range(N.nrows()):
        vals = [N[i, j] for j in range(N.ncols())]
        den = 1
        for v in vals:
            den = math.lcm(den, int(v.q))
        nums = [int(v.p) * (den // int(v.q)) for v in vals]
        g = 0
        for x in nums:
            g = math.gcd(g, x)
        if g:
            for j, x in enumerate(nums):
                out[i, j] = x // g
    return out
