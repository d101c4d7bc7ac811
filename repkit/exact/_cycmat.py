"""Private: matrices over Q(zeta_n) in *component form*.

A matrix M over Q(zeta_n) is stored as ``{b: M_b}`` with rational matrices ``M_b`` (flint
``fmpq_mat``), one per exponent b of the Zumbroich basis of Q(zeta_n), so that
``M = sum_b zeta_n^b M_b``. The representation is canonical for a fixed n; with n the lcm of
the entries' conductors (enforced by :func:`wrap`) equality of matrices is equality of data.
Products, Kronecker products, sums and scalar multiples reduce to a few FLINT operations
per pair of components followed by a rewrite in the Zumbroich basis, instead of entrywise
cyclotomic arithmetic.

References: T. Breuer, *Integral bases for subfields of cyclotomic fields*, AAECC 8 (1997);
GAP reference manual, ch. 18 (cyclotomic numbers).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

import flint
import numpy as np

from .cyclotomic import Cyclotomic, _reduce, _to_basis, zumbroich_basis

__all__: list[str] = []

Comps = dict[int, flint.fmpq_mat]


def is_zero(m: flint.fmpq_mat) -> bool:
    return bool(m == flint.fmpq_mat(m.nrows(), m.ncols()))


def canonical(n: int, raw: Mapping[int, flint.fmpq_mat]) -> tuple[int, Comps]:
    """Rewrite a raw sum ``sum zeta_n^e M_e`` in the Zumbroich basis and lower n."""
    return _reduce(n, _to_basis(n, raw, is_zero))


def raw_in(n: int, comps: Mapping[int, flint.fmpq_mat], big: int) -> Comps:
    """Components of a matrix over Q(zeta_n) as a raw sum of powers of zeta_big (n | big)."""
    f = big // n
    return {b * f: m for b, m in comps.items()}


def add(n1: int, a: Comps, n2: int, b: Comps) -> tuple[int, Comps]:
    n = math.lcm(n1, n2)
    out = dict(raw_in(n1, a, n))
    for e, m in raw_in(n2, b, n).items():
        out[e] = out[e] + m if e in out else m
    return canonical(n, out)


def combine(
    n1: int, a: Comps, n2: int, b: Comps, op: Callable[[flint.fmpq_mat, flint.fmpq_mat], flint.fmpq_mat]
) -> tuple[int, Comps]:
    """``sum_{e, e'} zeta^(e + e') op(A_e, B_e')`` (matmul, kron)."""
    n = math.lcm(n1, n2)
    ra, rb = raw_in(n1, a, n), raw_in(n2, b, n)
    out: Comps = {}
    for e1, m1 in ra.items():
        for e2, m2 in rb.items():
            e = (e1 + e2) % n
            p = op(m1, m2)
            out[e] = out[e] + p if e in out else p
    return canonical(n, out)


def scale(n: int, comps: Comps, s: Cyclotomic) -> tuple[int, Comps]:
    m = s.conductor
    big = math.lcm(n, m)
    ra = raw_in(n, comps, big)
    out: Comps = {}
    for e2, c in s._coeffs_in(big).items():
        for e1, mat in ra.items():
            e = (e1 + e2) % big
            p = mat * c
            out[e] = out[e] + p if e in out else p
    return canonical(big, out)


def galois(n: int, comps: Comps, k: int) -> tuple[int, Comps]:
    return canonical(n, {(b * k) % n: m for b, m in comps.items()})


def entry(n: int, comps: Comps, i: int, j: int) -> Cyclotomic:
    coeffs = {b: m[i, j] for b, m in comps.items()}
    coeffs = {b: c for b, c in coeffs.items() if c != 0}
    m, red = _reduce(n, coeffs)
    return Cyclotomic._from_canonical(m, red)


def entries(n: int, comps: Comps, nrows: int, ncols: int) -> tuple[tuple[Cyclotomic, ...], ...]:
    flat = {b: m.entries() for b, m in comps.items()}
    rows = []
    for i in range(nrows):
        row = []
        for j in range(ncols):
            k = i * ncols + j
            coeffs = {b: f[k] for b, f in flat.items() if f[k] != 0}
            m, red = _reduce(n, coeffs)
            row.append(Cyclotomic._from_canonical(m, red))
        rows.append(tuple(row))
    return tuple(rows)


def from_entries(n: int, rows: list[list[Cyclotomic]], nrows: int, ncols: int) -> Comps:
    """Components in Q(zeta_n) of cyclotomic entries whose conductors divide n."""
    comps: Comps = {}
    for i, row in enumerate(rows):
        for j, x in enumerate(row):
            if not x:
                continue
            coeffs = x._coeffs_in(n) if x.conductor == n else _to_basis(n, x._coeffs_in(n), _is_zero_q)
            for b, c in coeffs.items():
                if b not in comps:
                    comps[b] = flint.fmpq_mat(nrows, ncols)
                comps[b][i, j] = c
    return comps


def _is_zero_q(c: flint.fmpq) -> bool:
    return c == 0


def trace(n: int, comps: Comps) -> Cyclotomic:
    coeffs = {}
    for b, m in comps.items():
        t = flint.fmpq(0)
        for i in range(min(m.nrows(), m.ncols())):
            t += m[i, i]
        if t != 0:
            coeffs[b] = t
    return Cyclotomic._from_dict(n, coeffs)


def realization(n: int, comps: Comps, size: int) -> tuple[flint.fmpq_mat, tuple[int, ...]]:
    """The rational matrix of ``x -> M x`` on Q(zeta_n)^size ≅ Q^(d size) (basis-major)."""
    basis = zumbroich_basis(n)
    index = {b: t for t, b in enumerate(basis)}
    d = len(basis)
    R = flint.fmpq_mat(d * size, d * size)
    for b, m in comps.items():
        for col, bb in enumerate(basis):
            image = _to_basis(n, {(b + bb) % n: flint.fmpq(1)}, _is_zero_q)
            for e, c in image.items():
                row0, col0 = index[e] * size, col * size
                for i in range(size):
                    for j in range(size):
                        v = m[i, j]
                        if v != 0:
                            R[row0 + i, col0 + j] += c * v
    return R, basis


def inverse(n: int, comps: Comps, size: int) -> tuple[int, Comps] | None:
    """Inverse by one rational solve with the realization; None if singular."""
    R, basis = realization(n, comps, size)
    if R.rank() < R.nrows():
        return None
    d = len(basis)
    index = {b: t for t, b in enumerate(basis)}
    one = _to_basis(n, {0: flint.fmpq(1)}, _is_zero_q)
    U = flint.fmpq_mat(d * size, size)
    for b, c in one.items():
        for j in range(size):
            U[index[b] * size + j, j] = c
    Y = R.solve(U)
    out: Comps = {}
    for t, b in enumerate(basis):
        blk = flint.fmpq_mat(size, size)
        nonzero = False
        for i in range(size):
            for j in range(size):
                v = Y[t * size + i, j]
                if v != 0:
                    blk[i, j] = v
                    nonzero = True
        if nonzero:
            out[b] = blk
    return _reduce(n, out)


def kron_q(a: flint.fmpq_mat, b: flint.fmpq_mat) -> flint.fmpq_mat:
    """Kronecker product of rational matrices (NumPy int64 on the numerators when safe)."""
    r1, c1, r2, c2 = a.nrows(), a.ncols(), b.nrows(), b.ncols()
    if r1 * c1 * r2 * c2 >= 256:
        za, da = a.numer_denom()
        zb, db = b.numer_denom()
        ea = [int(x) for x in za.entries()]
        eb = [int(x) for x in zb.entries()]
        ma = max((abs(x) for x in ea), default=0)
        mb = max((abs(x) for x in eb), default=0)
        if ma * mb < 2**62:
            prod = np.kron(np.array(ea, dtype=np.int64).reshape(r1, c1), np.array(eb, dtype=np.int64).reshape(r2, c2))
            z = flint.fmpz_mat(r1 * r2, c1 * c2, prod.ravel().tolist())
            return flint.fmpq_mat(z) / (da * db)
    ea, eb = a.entries(), b.entries()
    out = []
    for i in range(r1):
        arow = ea[i * c1:(i + 1) * c1]
        for k in range(r2):
            brow = eb[k * c2:(k + 1) * c2]
            for x in arow:
                if x == 0:
                    out.extend([0] * c2)
                else:
                    out.extend(x * y for y in brow)
    return flint.fmpq_mat(r1 * r2, c1 * c2, out)


# ---------------------------------------------------------------------------------------
# Gauss-Jordan elimination on rows in component form (Cohen 1993, Sec. 2.2): a row of a
# matrix over Q(zeta_n) is {b: 1 x c fmpq_mat}; a row operation costs O(phi(n)^2) FLINT
# vector operations plus one Zumbroich rewrite, instead of c cyclotomic multiplications.
# ---------------------------------------------------------------------------------------

Row = dict[int, flint.fmpq_mat]


def _rows_of(n: int, comps: Comps, nrows: int, ncols: int, reverse: bool = False) -> list[Row]:
    flat = {b: m.entries() for b, m in comps.items()}
    rows: list[Row] = []
    for i in range(nrows):
        row: Row = {}
        for b, f in flat.items():
            vals = f[i * ncols:(i + 1) * ncols]
            if reverse:
                vals = vals[::-1]
            if any(v != 0 for v in vals):
                row[b] = flint.fmpq_mat(1, ncols, vals)
        rows.append(row)
    return rows


def _row_entry(n: int, row: Row, j: int) -> Cyclotomic:
    coeffs = {}
    for b, m in row.items():
        v = m[0, j]
        if v != 0:
            coeffs[b] = v
    m_, red = _reduce(n, coeffs)
    return Cyclotomic._from_canonical(m_, red)


def _row_nonzero_at(row: Row, j: int) -> bool:
    return any(m[0, j] != 0 for m in row.values())


def _row_scale(n: int, row: Row, s: Cyclotomic) -> Row:
    raw: Row = {}
    for e2, c in s._coeffs_in(n).items():
        for e1, m in row.items():
            e = (e1 + e2) % n
            p = m * c
            raw[e] = raw[e] + p if e in raw else p
    return _to_basis(n, raw, is_zero)


def _row_sub(a: Row, b: Row) -> Row:
    out = dict(a)
    for e, m in b.items():
        out[e] = out[e] - m if e in out else -m
    return {e: m for e, m in out.items() if not is_zero(m)}


def eliminate(n: int, rows: list[Row], ncols: int, *, full: bool = True) -> tuple[list[Row], tuple[int, ...], Cyclotomic]:
    """Gauss(-Jordan) elimination in place; returns rows, pivots and the determinant factor.

    With ``full`` the result is the rref (pivots scaled to 1, cleared above and below);
    without, rows below the pivots are cleared only and pivots are kept, and the third value
    is the product of the pivots times the sign of the row permutation.
    """
    nrows = len(rows)
    r = 0
    pivots: list[int] = []
    det = Cyclotomic(1)
    for j in range(ncols):
        if r == nrows:
            break
        piv = next((i for i in range(r, nrows) if _row_nonzero_at(rows[i], j)), None)
        if piv is None:
            continue
        if piv != r:
            rows[r], rows[piv] = rows[piv], rows[r]
            det = -det
        x = _row_entry(n, rows[r], j)
        det = det * x
        inv = x.inverse()
        if full and x != 1:
            rows[r] = _row_scale(n, rows[r], inv)
        for i in range(0 if full else r + 1, nrows):
            if i == r or not _row_nonzero_at(rows[i], j):
                continue
            f = _row_entry(n, rows[i], j)
            if not full:
                f = f * inv
            rows[i] = _row_sub(rows[i], _row_scale(n, rows[r], f))
        pivots.append(j)
        r += 1
    return rows, tuple(pivots), det


def _assemble(rows: list[Row], ncols: int) -> Comps:
    out: Comps = {}
    nrows = len(rows)
    for i, row in enumerate(rows):
        for b, m in row.items():
            if b not in out:
                out[b] = flint.fmpq_mat(nrows, ncols)
            target = out[b]
            for j in range(ncols):
                v = m[0, j]
                if v != 0:
                    target[i, j] = v
    return out


def rref(n: int, comps: Comps, nrows: int, ncols: int) -> tuple[tuple[int, Comps], tuple[int, ...]]:
    rows, piv, _ = eliminate(n, _rows_of(n, comps, nrows, ncols), ncols)
    return _reduce(n, _assemble(rows, ncols)), piv


def det(n: int, comps: Comps, size: int) -> Cyclotomic:
    rows, piv, d = eliminate(n, _rows_of(n, comps, size, size), size, full=False)
    return d if len(piv) == size else Cyclotomic(0)


def nullspace(n: int, comps: Comps, nrows: int, ncols: int) -> tuple[int, Comps, int]:
    """Null space rows in rref: one rref of the column-reversed matrix (matroid duality,
    as for rational matrices); returns (field, components, number of rows)."""
    rows, piv_rev, _ = eliminate(n, _rows_of(n, comps, nrows, ncols, reverse=True), ncols)
    pivots = [ncols - 1 - j for j in piv_rev]
    pivset = set(pivots)
    free = [f for f in range(ncols) if f not in pivset]
    k = len(free)
    one = _to_basis(n, {0: flint.fmpq(1)}, _is_zero_q)
    out: Comps = {}

    def put(b: int, i: int, j: int, v: flint.fmpq) -> None:
        if b not in out:
            out[b] = flint.fmpq_mat(k, ncols)
        out[b][i, j] = v

    for t, f in enumerate(free):
        for b, c in one.items():
            put(b, t, f, c)
        for i, pc in enumerate(pivots):
            for b, m in rows[i].items():
                v = m[0, ncols - 1 - f]
                if v != 0:
                    put(b, t, pc, -v)
    m_, red = _reduce(n, out)
    return m_, red, k
