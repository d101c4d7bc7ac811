"""Multimodular solver for large dense commutant systems over Q or Q(zeta_n), with an exact check.

For a block system ``A_g W = W B_g`` (``na x na``, ``nb x nb`` images over K = Q(zeta_n)):

1. pick primes ``p = 1 (mod n)`` below 2^31; for each of the phi(n) embeddings
   ``zeta -> omega^a`` (``omega`` a primitive n-th root of unity mod p, ``a`` a unit mod n) build
   the dense constraint ``kron(A, I) - kron(I, B^T)`` mod p and take the reduced echelon form of
   its null space (FLINT ``nmod_mat``);
2. the images of one K-entry under the phi(n) embeddings determine its power-basis coordinates
   mod p (a Vandermonde solve); coordinates from several primes are combined by the Chinese
   remainder theorem and lifted by rational reconstruction;
3. the candidate basis is accepted only after an exact check that every element satisfies every
   constraint (restriction of scalars to Q, integer matrix products in FLINT). A null space mod p
   is never smaller than over K, so candidates that all satisfy the system and are independent
   (echelon form) are the whole solution space. Otherwise another prime is added.

Reference: the multimodular approach to null spaces, Cohen, *A Course in Computational Algebraic
Number Theory*, 1993, sec. 2.4 and von zur Gathen, Gerhard, *Modern Computer Algebra*, sec. 5.4 and
5.10 (rational reconstruction).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from math import gcd
from typing import Any

import flint
import numpy as np

from ..exact import Cyclotomic
from ..exact.modular import (crt, inverse_mod, primes_congruent_one, primitive_root_of_unity_mod,
                             rational_reconstruction)

__all__ = ["solve_block_multimodular", "MAX_PRIMES"]

#: Give up (and let the caller use the exact sparse path) after this many primes.
MAX_PRIMES = 6

_PRIME_FLOOR = (1 << 30) + (1 << 29)


def _units(n: int) -> list[int]:
    return [a for a in range(1, n + 1) if gcd(a, n) == 1] if n > 1 else [1]


def _value_mod(x: Any, n: int, root: int, p: int) -> int | None:
    """Image of ``x`` in Z/p under zeta_n -> root; None if p divides a denominator."""
    if isinstance(x, Cyclotomic):
        c = x.conductor
        total = 0
        for k, q in x.terms:
            if q.denominator % p == 0:
                return None
            total += q.numerator * inverse_mod(q.denominator, p) * pow(root, k * (n // c), p)
        return total % p
    q = Fraction(x)
    if q.denominator % p == 0:
        return None
    return q.numerator * inverse_mod(q.denominator, p) % p


def _matrix_mod(rows: Sequence[Sequence[Any]], n: int, root: int, p: int,
                cache: dict[Any, int | None] | None = None) -> np.ndarray | None:
    """Entries of an exact matrix mod p under ``zeta_n -> root``; None if p divides a denominator."""
    cache = {} if cache is None else cache
    out = np.zeros((len(rows), len(rows[0]) if rows else 0), np.int64)
    for i, row in enumerate(rows):
        for j, x in enumerate(row):
            if x != 0:
                key = x if isinstance(x, Cyclotomic) else Fraction(x)
                if key not in cache:
                    cache[key] = _value_mod(x, n, root, p)
                v = cache[key]
                if v is None:
                    return None
                out[i, j] = v
    return out


def _images_mod(mats: Sequence[tuple[tuple[Any, ...], ...]], n: int, root: int, p: int) -> list[np.ndarray] | None:
    cache: dict[Any, int | None] = {}
    out = []
    for M in mats:
        arr = _matrix_mod(M, n, root, p, cache)
        if arr is None:
            return None
        out.append(arr)
    return out


def _rref_nullspace_mod(outs: list[np.ndarray], ins: list[np.ndarray], p: int, keep: np.ndarray,
                        na: int, nb: int) -> tuple[tuple[int, ...], np.ndarray]:
    """Pivots and rows (int64) of the reduced echelon basis of the null space mod p.

    Only the unknowns flagged in ``keep`` (the others are known to vanish) are solved for.
    """
    N = na * nb
    cols = np.flatnonzero(keep)
    n = cols.size
    if not outs:
        red_rows = np.eye(n, dtype=np.int64)
        full = np.zeros((n, N), np.int64)
        full[:, cols] = red_rows
        return tuple(int(c) for c in cols), full
    blocks = []
    for A, B in zip(outs, ins):
        C = (np.kron(A, np.eye(nb, dtype=np.int64)) - np.kron(np.eye(na, dtype=np.int64), B.T)) % p
        blocks.append(C[:, cols])
    C = np.concatenate(blocks, axis=0)
    C = C[np.any(C != 0, axis=1)][:, ::-1]          # columns reversed (see below)
    M = flint.nmod_mat(C.shape[0], n, C.ravel().tolist(), p)
    R, rank = M.rref()
    rank = int(rank)
    if rank == n:
        return (), np.zeros((0, N), np.int64)
    red = np.array([int(v) for v in R.entries()[:rank * n]], np.int64).reshape(rank, n)
    piv_rev = np.array([int(np.flatnonzero(r)[0]) for r in red], np.int64)
    free_rev = np.setdiff1d(np.arange(n), piv_rev)
    # null vector of free column f: e_f - sum_i R[i, f] e_{piv_i}; with the columns reversed these
    # vectors, read in the original order and sorted by their leading entry, are already the
    # reduced echelon basis of the null space (the leading entry is the free column itself).
    rows = np.zeros((free_rev.size, n), np.int64)
    rows[np.arange(free_rev.size), free_rev] = 1
    rows[:, piv_rev] = (-red[:, free_rev].T) % p
    rows = rows[:, ::-1]
    order = np.argsort(n - 1 - free_rev)
    full = np.zeros((free_rev.size, N), np.int64)
    full[:, cols] = rows[order]
    pivots = tuple(int(cols[n - 1 - f]) for f in free_rev[order])
    return pivots, full


def _diagonal(M: tuple[tuple[Any, ...], ...]) -> bool:
    return all(x == 0 for i, row in enumerate(M) for j, x in enumerate(row) if i != j)


def _vandermonde_inverse(root: int, units: list[int], phi: int, p: int) -> np.ndarray:
    V = flint.nmod_mat(phi, phi, [pow(root, a * s, p) for a in units for s in range(phi)], p)
    inv = V.inv()
    return np.array([int(v) for v in inv.entries()], np.int64).reshape(phi, phi)


def _coordinates_mod(per_embedding: list[np.ndarray], vinv: np.ndarray, p: int) -> np.ndarray:
    """Power-basis coordinates mod p, shape ``(phi,) + rows.shape``, from the embedding images."""
    phi = vinv.shape[0]
    out = np.zeros((phi,) + per_embedding[0].shape, np.int64)
    for s in range(phi):
        acc = np.zeros(per_embedding[0].shape, np.int64)
        for t, vals in enumerate(per_embedding):
            acc = (acc + int(vinv[s, t]) * vals) % p
        out[s] = acc
    return out


def _reconstruct(residues: list[np.ndarray], primes: list[int]) -> list[tuple[tuple[int, ...], list[Fraction]]] | None:
    """Lift the nonzero coordinates; returns (index, values) pairs or None when one fails."""
    stacked = np.stack(residues)                       # (nprimes, ...)
    nz = np.flatnonzero(np.any(stacked != 0, axis=0).ravel())
    flat = stacked.reshape(len(primes), -1)
    out = []
    for pos in nz.tolist():
        x, m = crt([int(flat[t, pos]) for t in range(len(primes))], primes)
        q = rational_reconstruction(x, m)
        if q is None:
            return None
        out.append((tuple(int(i) for i in np.unravel_index(pos, stacked.shape[1:])), q))
    return out


def solve_block_multimodular(outs: Sequence[tuple[tuple[Any, ...], ...]],
                             ins: Sequence[tuple[tuple[Any, ...], ...]], na: int, nb: int,
                             field: int, verify: Any) -> list[list[Any]] | None:
    """The reduced echelon basis (K-entries) of one block system, or None if not found in time.

    Parameters
    ----------
    outs, ins : sequences of square tuples of exact entries
        The generator images restricted to the block.
    na, nb : int
        Block sizes.
    field : int
        Conductor n of K (1 for Q).
    verify : callable
        ``verify(rows, coords) -> bool``: the exact check of a candidate (list of K-rows, and their
        integer power-basis coordinates ``(d, na, nb, phi)`` with each row scaled, or None).

    Returns
    -------
    list of rows or None

    Notes
    -----
    O(phi(n) (ngens na nb) (na nb)^2) word operations per prime (FLINT), plus the reconstruction.
    See the module docstring for the algorithm and the references.

    Examples
    --------
    >>> swap = ((0, 1), (1, 0))
    >>> rows = solve_block_multimodular([swap], [swap], 2, 2, 1, lambda rows, coords: True)
    >>> [[int(x) for x in r] for r in rows]
    [[1, 0, 0, 1], [0, 1, 1, 0]]
    """
    n = field
    # generators acting diagonally on both sides force W[i, j] = 0 unless a_i = b_j (exactly)
    keep = np.ones(na * nb, bool)
    rest = []
    for A, B in zip(outs, ins):
        if _diagonal(A) and _diagonal(B):
            keep &= np.array([A[i][i] == B[j][j] for i in range(na) for j in range(nb)], bool)
        else:
            rest.append((A, B))
    outs = [A for A, _ in rest]
    ins = [B for _, B in rest]
    units = _units(n)
    phi = len(units)
    residues: list[np.ndarray] = []
    primes: list[int] = []
    pivots_seen: tuple[int, ...] | None = None
    for p in primes_congruent_one(max(n, 1), _PRIME_FLOOR):
        if len(primes) >= MAX_PRIMES or p >= (1 << 31):
            return None
        omega = primitive_root_of_unity_mod(p, n) if n > 1 else 1
        per_embedding = []
        pivots: tuple[int, ...] | None = None
        bad = False
        for a in units:
            root = pow(omega, a, p)
            A = _images_mod(outs, n, root, p)
            B = _images_mod(ins, n, root, p)
            if A is None or B is None:
                bad = True
                break
            piv, rows = _rref_nullspace_mod(A, B, p, keep, na, nb)
            if pivots is not None and piv != pivots:
                bad = True
                break
            pivots = piv
            per_embedding.append(rows)
        if bad or pivots is None:
            continue
        if pivots_seen is not None and pivots != pivots_seen:
            # an unlucky prime has a larger null space (more pivots): keep the smaller one
            if len(pivots) > len(pivots_seen):
                continue
            residues, primes = [], []
        pivots_seen = pivots
        coords = per_embedding[0][None] if n == 1 else _coordinates_mod(
            per_embedding, _vandermonde_inverse(omega, units, phi, p), p)
        residues.append(coords)
        primes.append(p)
        lifted = _reconstruct(residues, primes)
        if lifted is None:
            continue
        rows_out: list[list[Any]] = [[0] * (na * nb) for _ in range(len(pivots))]
        terms: dict[tuple[int, int], dict[int, Fraction]] = {}
        den = [1] * len(pivots)
        for (s, r, t), q in lifted:
            terms.setdefault((r, t), {})[s] = q
            den[r] = den[r] * q.denominator // gcd(den[r], q.denominator)
        for (r, t), poly in terms.items():
            rows_out[r][t] = (Cyclotomic.from_terms(n, poly) if n > 1 else poly[0])
        ints = np.zeros((len(pivots), na, nb, phi), np.int64)
        small = True
        for (s, r, t), q in lifted:
            v = q.numerator * (den[r] // q.denominator)
            if abs(v) >= 1 << 20:
                small = False
                break
            ints[r, t // nb, t % nb, s] = v
        if verify(rows_out, ints if small else None):
            return rows_out
    return None
