"""The general exact path: the commutant ``Hom_G(rho_in, rho_out)`` for any exact representations.

``W`` (``m_out x m_in``) is equivariant iff ``rho_out(g) W - W rho_in(g) = 0`` for every generator
``g``. Flattening ``W`` row-major, this is the null space of the stacked matrices
``rho_out(g) (x) I - I (x) rho_in(g)^T``. Two reductions keep the systems small and sparse:

1. **Visible blocks.** The coordinates of a representation split into the connected components of
   the union of the nonzero patterns of its generator images; each component spans an invariant
   subspace, so ``Hom`` splits into independent systems, one per pair of blocks (output block,
   input block). Pairs with identical generator blocks are solved once.
2. **Exact elimination per block.** Sparse (monomial-like) rational systems go to
   `repkit.exact.sparse.nullspace_sparse` (sparse Gauss-Jordan, null space directly in reduced row
   echelon form). Dense systems with at least `MULTIMODULAR_MIN_UNKNOWNS` unknowns go to
   `repkit.equivariant.multimodular` (modular echelon forms, reconstruction, exact check). Small
   cyclotomic systems are written over Q by restriction of scalars (power basis of Q(zeta_n)) and
   solved by the sparse rational solver; the K-echelon rows are read off the Q-echelon rows.

Block bases have disjoint supports and local row-major order agrees with the global one, so sorting
all block vectors by pivot gives the canonical reduced row echelon form of the whole space.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from math import gcd, lcm
from typing import Any

import numpy as np

from ..errors import ExactOverflowError  # noqa: F401  (defined with the other errors)
from ..errors import RepkitError, ShapeError
import flint

from ..exact import Cyclotomic, E, Matrix
from ..exact.sparse import nullspace_sparse
from .multimodular import solve_block_multimodular

__all__ = ["commutant_entries", "ExactOverflowError", "encode_cyclotomic"]

_INT64_MAX = (1 << 63) - 1

#: Block systems with at least this many unknowns try the multimodular solver first.
MULTIMODULAR_MIN_UNKNOWNS = 64


def encode_cyclotomic(x: Any, n: int) -> list[Fraction]:
    """Canonical coefficient vector of ``x`` in Q(zeta_n): lifted Zumbroich coefficients.

    Parameters
    ----------
    x : int, Fraction or Cyclotomic
        An element of Q(zeta_n).
    n : int
        A multiple of the conductor of ``x``.

    Returns
    -------
    list of Fraction
        ``c`` of length ``n`` with ``x = sum_k c[k] E(n)^k``, where the nonzero ``c[k]`` are the
        coefficients of the canonical (minimal-conductor Zumbroich) form of ``x`` moved to the
        exponents ``k * n / conductor``; the same ``x`` always gives the same vector.

    Raises
    ------
    ShapeError
        If the conductor of ``x`` does not divide ``n``.

    Notes
    -----
    O(n). Zumbroich basis: Breuer, "Integral bases for subfields of cyclotomic fields",
    AAECC 8 (1997), sec. 2 (GAP's basis of cyclotomic fields).

    Examples
    --------
    >>> from repkit.exact import E
    >>> v = encode_cyclotomic(E(4) + 2, 4)
    >>> [int(c) for c in v]
    [2, 1, 0, 0]
    """
    out = [Fraction(0)] * n
    if isinstance(x, Cyclotomic):
        c = x.conductor
        if n % c:
            raise ShapeError(f"n: expected a multiple of the conductor {c} of {x}, got {n}")
        for k, q in x.terms:
            out[(k * (n // c)) % n] += q
        return out
    out[0] = Fraction(x)
    return out


def _as_fraction(x: Any) -> Fraction:
    return x.to_fraction() if isinstance(x, Cyclotomic) else Fraction(x)


def _conductor(x: Any) -> int:
    return x.conductor if isinstance(x, Cyclotomic) else 1


def _blocks(images: Sequence[Matrix], m: int) -> list[np.ndarray]:
    """Coordinate blocks: components of the union of nonzero patterns, ordered by least index."""
    if m == 0:
        return []
    src: list[int] = []
    dst: list[int] = []
    for M in images:
        for i, row in enumerate(M.to_list()):
            for j, x in enumerate(row):
                if x != 0 and i != j:
                    src.append(i)
                    dst.append(j)
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components
    graph = coo_matrix((np.ones(len(src), np.int8), (src, dst)), shape=(m, m))
    ncomp, lab = connected_components(graph, directed=True, connection="weak")
    groups: dict[int, list[int]] = {}
    for i, c in enumerate(lab.tolist()):
        groups.setdefault(c, []).append(i)
    return sorted((np.array(v, np.int64) for v in groups.values()), key=lambda a: int(a[0]))


def _sub(rows: list[list[Any]], r: np.ndarray, c: np.ndarray) -> tuple[tuple[Any, ...], ...]:
    return tuple(tuple(rows[i][j] for j in c.tolist()) for i in r.tolist())


def _constraint_rows(outs: Sequence[tuple[tuple[Any, ...], ...]],
                     ins: Sequence[tuple[tuple[Any, ...], ...]], na: int, nb: int) -> list[dict[int, Any]]:
    """Rows of ``A_g W - W B_g = 0`` in the unknowns ``W[a, b] -> a * nb + b``."""
    rows: list[dict[int, Any]] = []
    for A, B in zip(outs, ins):
        a_nz = [[(a, A[r][a]) for a in range(na) if A[r][a] != 0] for r in range(na)]
        b_nz = [[(b, B[b][c]) for b in range(nb) if B[b][c] != 0] for c in range(nb)]
        for r in range(na):
            for c in range(nb):
                row: dict[int, Any] = {}
                for a, v in a_nz[r]:
                    row[a * nb + c] = row.get(a * nb + c, 0) + v
                for b, v in b_nz[c]:
                    row[r * nb + b] = row.get(r * nb + b, 0) - v
                row = {k: v for k, v in row.items() if v != 0}
                if row:
                    rows.append(row)
    return rows


def _solve_block(outs: Sequence[tuple[tuple[Any, ...], ...]], ins: Sequence[tuple[tuple[Any, ...], ...]],
                 na: int, nb: int, rational: bool) -> list[list[Any]]:
    """Null space of one block system, rows in reduced row echelon form (exact entries)."""
    n = na * nb
    nonzeros = sum(1 for mats in (outs, ins) for M in mats for row in M for x in row if x != 0)
    sparse = nonzeros <= 2 * (na + nb) * max(len(outs), 1)      # about two entries per row: monomial-like
    if rational and (sparse or n < MULTIMODULAR_MIN_UNKNOWNS):
        rows = _constraint_rows(outs, ins, na, nb)
        return nullspace_sparse(rows, n, integer=True).to_list() if rows else Matrix.identity(n).to_list()
    field = 1
    for mats in (outs, ins):
        for M in mats:
            for row in M:
                for x in row:
                    field = lcm(field, _conductor(x))
    if n >= MULTIMODULAR_MIN_UNKNOWNS:
        found = solve_block_multimodular(
            outs, ins, na, nb, field, lambda rows, W: _verify_rows(outs, ins, na, nb, rows, field, W))
        if found is not None:
            return found
    if field == 1:
        rows = _constraint_rows(outs, ins, na, nb)
        return nullspace_sparse(rows, n, integer=True).to_list() if rows else Matrix.identity(n).to_list()
    return _solve_restricted(outs, ins, na, nb, field)


def _fmpq(x: Any) -> flint.fmpq:
    q = _as_fraction(x)
    return flint.fmpq(q.numerator, q.denominator)


def _restricted_matrix(K: _PowerBasis, rows: Sequence[Sequence[Any]], nr: int, nc: int) -> flint.fmpq_mat:
    """The rational matrix of a K-matrix acting on K^nc = Q^(nc phi) (restriction of scalars)."""
    phi = K.phi
    flat = [flint.fmpq(0)] * (nr * phi * nc * phi)
    width = nc * phi
    for i in range(nr):
        for j in range(nc):
            x = rows[i][j]
            if x != 0:
                M = K.mult(x)
                for s2 in range(phi):
                    base = (i * phi + s2) * width + j * phi
                    for s in range(phi):
                        if M[s2][s]:
                            flat[base + s] = _fmpq(M[s2][s])
    return flint.fmpq_mat(nr * phi, nc * phi, flat)


def _verify_rows(outs: Sequence[tuple[tuple[Any, ...], ...]], ins: Sequence[tuple[tuple[Any, ...], ...]],
                 na: int, nb: int, rows: Any, field: int, W: np.ndarray | None = None) -> bool:
    """Exact check that every candidate row solves ``A_g W = W B_g``.

    ``rows`` is a list of K-rows, or a callable returning one (only called if needed). ``W``, if
    given, holds the rows' integer power-basis coordinates ``(d, na, nb, s)`` with ``s <= phi``
    (missing coordinates are 0; each row scaled by a positive integer); otherwise they are computed
    from ``rows``.

    Entries become integer power-basis coordinates (rows and images scaled by positive integers,
    which does not change a homogeneous equation); products in K are polynomial products reduced
    modulo the cyclotomic polynomial, in int64 after checking that no value can overflow, and in
    FLINT's exact rationals otherwise.
    """
    if callable(rows):
        if W is None:
            rows = rows()
        elif W.shape[0] == 0:
            return True
    elif not rows:
        return True
    K = _PowerBasis(field)
    phi = K.phi

    def fallback() -> bool:
        return _verify_rows_fmpq(outs, ins, na, nb, rows() if callable(rows) else rows, K)

    memo: dict[int, tuple[np.ndarray, int] | None] = {}
    values: dict[Any, list[Fraction]] = {}

    def value_coords(x: Any) -> list[Fraction]:
        key = x if isinstance(x, Cyclotomic) else Fraction(x)
        if key not in values:                                 # few distinct entries in practice
            values[key] = K.coords(K.poly(x))
        return values[key]

    def image_coords(mat: Sequence[Sequence[Any]], shape: tuple[int, ...]) -> tuple[np.ndarray, int] | None:
        if id(mat) not in memo:                               # the same image often on both sides
            memo[id(mat)] = coords(mat, shape)
        return memo[id(mat)]

    def coords(mat: Sequence[Sequence[Any]], shape: tuple[int, ...]) -> tuple[np.ndarray, int] | None:
        cs = [[value_coords(x) if x != 0 else None for x in r] for r in mat]
        den = 1
        for r in cs:
            for c in r:
                if c is not None:
                    for q in c:
                        den = lcm(den, q.denominator)
        out = np.zeros(shape + (phi,), np.int64)
        for i, r in enumerate(cs):
            for j, c in enumerate(r):
                if c is not None:
                    vals = [int(q * den) for q in c]
                    if any(abs(v) >= 1 << 20 for v in vals):
                        return None
                    out[i, j] = vals
        return out, den

    if W is None:
        Wc = []
        for row in rows:
            got = coords([row[a * nb:(a + 1) * nb] for a in range(na)], (na, nb))
            if got is None:
                return fallback()
            Wc.append(got[0])
        W = np.stack(Wc)                                       # (d, na, nb, phi)
    elif np.any(np.abs(W) >= 1 << 20):
        return fallback()
    modulus = [int(c) for c in flint.fmpz_poly.cyclotomic(field).coeffs()]  # monic, low to high
    slices = [t for t in range(W.shape[-1]) if np.any(W[..., t])]
    chunk = max(1, (1 << 21) // max(1, na * nb))                # rows per chunk (bounded memory)
    for A, B in zip(outs, ins):
        ga = image_coords(A, (na, na))
        gb = image_coords(B, (nb, nb))
        if ga is None or gb is None:
            return fallback()
        (Ai, dA), (Bi, dB) = ga, gb
        growth = (1 + max(abs(c) for c in modulus)) ** phi
        if max(na, nb) * phi * (1 << 40) * max(dA, dB) * growth >= 1 << 62:
            return fallback()
        a_slices = [bool(np.any(Ai[:, :, s])) for s in range(phi)]
        b_slices = [bool(np.any(Bi[:, :, s])) for s in range(phi)]
        used = [s for s in range(phi) if a_slices[s] or b_slices[s]]
        top = (max(used) + max(slices)) if used and slices else 0   # highest degree that occurs
        for start in range(0, W.shape[0], chunk):
            Wk = W[start:start + chunk]
            left = np.zeros((Wk.shape[0], na, nb, top + 1), np.int64)
            right = np.zeros_like(left)
            for s in used:
                for t in slices:                               # zero coordinate slices skipped
                    if a_slices[s]:
                        left[..., s + t] += np.einsum("ra,kac->krc", Ai[:, :, s], Wk[..., t])
                    if b_slices[s]:
                        right[..., s + t] += np.einsum("krb,bc->krc", Wk[..., t], Bi[:, :, s])
            diff = left * dB - right * dA
            for deg in range(top, phi - 1, -1):               # reduce modulo the cyclotomic polynomial
                lead = diff[..., deg].copy()
                for k, c in enumerate(modulus[:-1]):
                    diff[..., deg - phi + k] -= c * lead
                diff[..., deg] = 0
            if np.any(diff):
                return False
    return True


def _verify_rows_fmpq(outs: Sequence[tuple[tuple[Any, ...], ...]], ins: Sequence[tuple[tuple[Any, ...], ...]],
                      na: int, nb: int, rows: list[list[Any]], K: _PowerBasis) -> bool:
    """The same check with FLINT rationals (no size limits), one basis element at a time."""
    for row in rows:
        W = [row[a * nb:(a + 1) * nb] for a in range(na)]
        RW = _restricted_matrix(K, W, na, nb)
        for A, B in zip(outs, ins):
            if _restricted_matrix(K, A, na, na) * RW != RW * _restricted_matrix(K, B, nb, nb):
                return False
    return True


class _PowerBasis:
    """Q(zeta_n) as Q^phi(n) in the power basis 1, zeta, ..., zeta^(phi-1) (field arithmetic only)."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.modulus = flint.fmpq_poly(flint.fmpz_poly.cyclotomic(n))
        self.phi = self.modulus.degree()
        self.cache: dict[Any, list[list[Fraction]]] = {}

    def poly(self, x: Any) -> flint.fmpq_poly:
        coeffs = [flint.fmpq(0)] * self.n
        if isinstance(x, Cyclotomic):
            c = x.conductor
            for k, q in x.terms:
                coeffs[(k * (self.n // c)) % self.n] += flint.fmpq(q.numerator, q.denominator)
        else:
            q = Fraction(x)
            coeffs[0] = flint.fmpq(q.numerator, q.denominator)
        return flint.fmpq_poly(coeffs) % self.modulus

    def coords(self, p: flint.fmpq_poly) -> list[Fraction]:
        cs = p.coeffs()
        out = [Fraction(int(c.p), int(c.q)) for c in cs] + [Fraction(0)] * (self.phi - len(cs))
        return out[:self.phi]

    def mult(self, x: Any) -> list[list[Fraction]]:
        """Matrix (rows s', columns s) of multiplication by ``x``."""
        key = x if isinstance(x, Cyclotomic) else Fraction(x)
        if key not in self.cache:
            px = self.poly(x)
            cols = [self.coords((px * flint.fmpq_poly([0] * s + [1])) % self.modulus)
                    for s in range(self.phi)]
            self.cache[key] = [[cols[s][t] for s in range(self.phi)] for t in range(self.phi)]
        return self.cache[key]


def _solve_restricted(outs: Sequence[tuple[tuple[Any, ...], ...]], ins: Sequence[tuple[tuple[Any, ...], ...]],
                      na: int, nb: int, field: int) -> list[list[Any]]:
    """K-linear system over K = Q(zeta_field) solved as a rational one (restriction of scalars).

    Unknown ``W[a, c]`` has coordinates ``x[(a nb + c) phi + s]`` in the power basis. The rational
    reduced echelon basis of the solution space (a Q-space of dimension phi * dim_K) has a pivot at
    coordinate ``(t, 0)`` exactly for the K-pivots ``t``, and the row with that pivot is the
    K-reduced echelon row (its value at every K-pivot is 1 or 0, because 1 is the first power
    basis vector). Those rows are read back as elements of K.
    """
    K = _PowerBasis(field)
    phi = K.phi
    n = na * nb
    rows: list[dict[int, Fraction]] = []
    for A, B in zip(outs, ins):
        for r in range(na):
            a_nz = [(a, K.mult(A[r][a])) for a in range(na) if A[r][a] != 0]
            for c in range(nb):
                b_nz = [(b, K.mult(B[b][c])) for b in range(nb) if B[b][c] != 0]
                for s2 in range(phi):
                    row: dict[int, Fraction] = {}
                    for a, M in a_nz:
                        base = (a * nb + c) * phi
                        for s in range(phi):
                            v = M[s2][s]
                            if v:
                                row[base + s] = row.get(base + s, 0) + v
                    for b, M in b_nz:
                        base = (r * nb + b) * phi
                        for s in range(phi):
                            v = M[s2][s]
                            if v:
                                row[base + s] = row.get(base + s, 0) - v
                    row = {k: v for k, v in row.items() if v != 0}
                    if row:
                        rows.append(row)
    if not rows:
        return Matrix.identity(n).to_list()
    N = nullspace_sparse(rows, n * phi).to_list()
    powers = [Cyclotomic(1)] + [E(field, s) for s in range(1, phi)]
    out: list[list[Any]] = []
    for vec in N:
        pivot = next(t for t, x in enumerate(vec) if x != 0)
        if pivot % phi:
            continue
        entries: list[Any] = []
        for t in range(n):
            value: Any = 0
            for s in range(phi):
                q = vec[t * phi + s]
                if q != 0:
                    value = value + Fraction(q) * powers[s]
            entries.append(value)
        out.append(entries)
    return out


def _primitive(values: list[list[Fraction]]) -> list[list[int]]:
    """Scale the coefficient rows of one basis vector to coprime integers (positive scale)."""
    den = 1
    for v in values:
        for q in v:
            den = lcm(den, q.denominator)
    ints = [[int(q * den) for q in v] for v in values]
    g = 0
    for v in ints:
        for z in v:
            g = gcd(g, z)
    g = g or 1
    return [[z // g for z in v] for v in ints]


def commutant_entries(out_images: Sequence[Matrix], in_images: Sequence[Matrix], m_out: int,
                      m_in: int) -> tuple[int, int, np.ndarray, np.ndarray]:
    """The canonical basis of ``{W : A_g W = W B_g for all g}`` as sorted nonzero entries.

    Parameters
    ----------
    out_images, in_images : sequence of Matrix
        The generator images ``A_g`` (``m_out x m_out``) and ``B_g`` (``m_in x m_in``), same order.
    m_out, m_in : int
        Dimensions (needed when there are no generators).

    Returns
    -------
    dim : int
    field : int
        Conductor of the field of the entries (1 for Q).
    entry_index : numpy.ndarray
        int64 ``k * m_out * m_in + i * m_in + j`` of every nonzero entry, increasing.
    entry_values : numpy.ndarray
        int64 numerators (``(nnz,)``, or ``(nnz, field)`` coefficient rows, see `encode_cyclotomic`);
        every basis vector is primitive with a positive leading entry (canonical form).

    Raises
    ------
    ShapeError
        If the numbers or sizes of images do not match.
    ExactOverflowError
        If a numerator does not fit in int64.

    Notes
    -----
    Block splitting by connected components (O(ngens m^2) to read the patterns), then one sparse
    exact null space per distinct pair of blocks of sizes ``a, b`` over ``a b`` unknowns
    (Gauss-Jordan, Cohen, *A Course in Computational Algebraic Number Theory*, 1993, sec. 2.2;
    the commutant as a null space: Finzi, Welling, Wilson, ICML 2021, sec. 4, solved here exactly).

    Examples
    --------
    >>> from repkit.exact import Matrix
    >>> swap = Matrix([[0, 1], [1, 0]])
    >>> dim, field, idx, val = commutant_entries([swap], [swap], 2, 2)
    >>> dim, field, idx.tolist(), val.tolist()   # I and the swap
    (2, 1, [0, 3, 5, 6], [1, 1, 1, 1])
    """
    if len(out_images) != len(in_images):
        raise ShapeError(f"in_images: expected {len(out_images)} images like out_images, got {len(in_images)}")
    for name, ims, m in (("out_images", out_images, m_out), ("in_images", in_images, m_in)):
        for g, M in enumerate(ims):
            if M.shape != (m, m):
                raise ShapeError(f"{name}[{g}]: expected shape {(m, m)}, got {M.shape}")
    out_rows = [M.to_list() for M in out_images]
    in_rows = [M.to_list() for M in in_images]
    rational = all(M.is_rational for M in (*out_images, *in_images))
    out_blocks = _blocks(out_images, m_out)
    in_blocks = _blocks(in_images, m_in)
    in_keys = [tuple(_sub(R, B, B) for R in in_rows) for B in in_blocks]
    out_keys = [tuple(_sub(R, A, A) for R in out_rows) for A in out_blocks]
    cache: dict[tuple[Any, Any], list[list[Any]]] = {}
    vectors: list[tuple[int, np.ndarray, list[Any]]] = []   # (pivot, global positions, values)
    for A, ka in zip(out_blocks, out_keys):
        for B, kb in zip(in_blocks, in_keys):
            key = (ka, kb)
            if key not in cache:
                cache[key] = _solve_block(ka, kb, A.size, B.size, rational)
            basis = cache[key]
            pos = (A[:, None] * m_in + B[None, :]).ravel()
            for vec in basis:
                nz = [t for t, x in enumerate(vec) if x != 0]
                vectors.append((int(pos[nz[0]]), pos[nz], [vec[t] for t in nz]))
    return _assemble(vectors, m_out, m_in)


def _assemble(vectors: list[tuple[int, np.ndarray, list[Any]]], m_out: int,
              m_in: int) -> tuple[int, int, np.ndarray, np.ndarray]:
    """Canonical arrays from basis vectors ``(pivot, increasing global positions, exact values)``."""
    vectors.sort(key=lambda v: v[0])
    field = 1
    for _, _, vals in vectors:
        for x in vals:
            field = lcm(field, _conductor(x))
    size = m_out * m_in
    idx_parts: list[np.ndarray] = []
    val_parts: list[list[Any]] = []
    for k, (_, pos, vals) in enumerate(vectors):
        if field == 1:
            ints = [row[0] for row in _primitive([[_as_fraction(x)] for x in vals])]
            val_parts.append(ints)
        else:
            val_parts.append(_primitive([encode_cyclotomic(x, field) for x in vals]))
        idx_parts.append(pos + k * size)
    flat_vals = [z for part in val_parts for z in part]
    if any(abs(z) > _INT64_MAX for v in flat_vals for z in (v if isinstance(v, list) else [v])):
        raise ExactOverflowError("out_images: a basis numerator exceeds the int64 range of templates")
    if field == 1:
        values = np.array(flat_vals, np.int64).reshape(-1)
    else:
        values = np.array(flat_vals, np.int64).reshape(-1, field)
    index = np.concatenate(idx_parts) if idx_parts else np.zeros(0, np.int64)
    return len(vectors), field, index.astype(np.int64), values
