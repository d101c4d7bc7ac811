"""The commutant of large dense representations through their decomposition into irreducibles.

For ``rho_in`` and ``rho_out`` with exact changes of basis ``Q_in``, ``Q_out`` to block diagonal
forms whose blocks are the matrices of the irreducibles ``D_i`` (each copy of ``D_i`` in exactly
the same matrices, `repkit.characters.decompose`), Schur's lemma gives ``Hom_G`` explicitly: the
maps ``Q_out (E_uv (x) I_{d_i}) Q_in^-1``, one per irreducible ``i`` and pair of copies ``(u, v)``
(``u`` in ``rho_out``, ``v`` in ``rho_in``), span it, and its dimension is
``d = sum_i m_i(rho_out) m_i(rho_in)`` exactly (character inner products).

The canonical basis (the reduced row echelon form of that space, see `repkit.equivariant.basis`)
is then found multimodularly, without ever forming the ``(m_out m_in)``-column constraint system:

1. for primes ``p = 1 (mod n)`` (``n`` the conductor of the entries of ``Q_out``, ``Q_in^-1`` and
   the images) and an embedding ``zeta_n -> omega^a`` mod p, the spanning maps mod p form a
   ``d x (m_out m_in)`` matrix whose reduced echelon form (FLINT ``nmod_mat``) is the image of the
   canonical basis whenever p is lucky;
2. first under the hypothesis that the space is defined over Q (one embedding; the common case for
   real representations such as tensor powers of ``dihedral_rotation``), then in general (one
   embedding per unit of the field of the images, power-basis coordinates by a Vandermonde solve,
   as in `repkit.equivariant.multimodular`), the entries are lifted by the Chinese remainder
   theorem and rational reconstruction (once per distinct residue);
3. the candidate is accepted only after the exact check of `repkit.equivariant.commutant` that every
   row solves ``rho_out(g) W = W rho_in(g)`` for every generator. ``d`` exact solutions in reduced
   echelon form (hence independent) in a space of dimension exactly ``d`` are a basis, and the
   reduced echelon basis of a space is unique, so the result is byte for byte the one of the
   general null-space path.

If no prime succeeds within `repkit.equivariant.multimodular.MAX_PRIMES`, the caller falls back to
the general path.
"""

from __future__ import annotations

from fractions import Fraction
from math import gcd, lcm
from typing import Any

import flint
import numpy as np

from ..exact import Cyclotomic
from ..exact.modular import crt, primes_congruent_one, primitive_root_of_unity_mod, rational_reconstruction
from .commutant import _INT64_MAX, ExactOverflowError, _assemble, _verify_rows
from .multimodular import (MAX_PRIMES, _PRIME_FLOOR, _coordinates_mod, _matrix_mod, _units,
                           _vandermonde_inverse)

__all__ = ["commutant_entries_decomposed", "decomposition_pays", "MAX_SPAN_ENTRIES", "DECOMPOSED_MIN_UNKNOWNS"]

#: Refuse (return None) when the spanning matrix ``d x (m_out m_in)`` would exceed this many entries.
MAX_SPAN_ENTRIES = 1 << 24


#: The solver takes this path only for systems with at least this many unknowns (``m_out m_in``).
DECOMPOSED_MIN_UNKNOWNS = 256


def _dense_single_block(rho: Any) -> bool:
    """One visible block (see `repkit.equivariant.commutant`) and more than two nonzeros per row."""
    m = rho.dim
    union = np.zeros((m, m), bool)
    nonzeros = 0
    for M in rho.images:
        mask = np.array([[x != 0 for x in row] for row in M.to_list()], bool).reshape(m, m)
        nonzeros += int(mask.sum())
        union |= mask
    if nonzeros <= 2 * m * max(len(rho.images), 1):
        return False
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import connected_components
    ncomp, _ = connected_components(csr_matrix(union), directed=True, connection="weak")
    return int(ncomp) == 1


def decomposition_pays(rho_out: Any, rho_in: Any) -> bool:
    """Whether `commutant_entries_decomposed` is expected to beat the general path.

    Parameters
    ----------
    rho_out, rho_in : Rep

    Returns
    -------
    bool
        True for systems of at least `DECOMPOSED_MIN_UNKNOWNS` unknowns whose representations are
        each one dense visible block (the general path would solve one dense system of
        ``m_out m_in`` unknowns), over a group whose order is known without enumeration
        (permutation generators, or already enumerated) and at most ``m_out m_in`` (the
        decompositions cost a pass over the group).

    Notes
    -----
    O(ngens (m_out^2 + m_in^2)) to read the patterns.

    Examples
    --------
    >>> import repkit as rk
    >>> V = rk.dihedral_rotation(rk.dihedral(6))
    >>> decomposition_pays(V ** 4, V ** 4), decomposition_pays(V, V)
    (True, False)
    """
    group = rho_out.group
    size = rho_out.dim * rho_in.dim
    if size < DECOMPOSED_MIN_UNKNOWNS:
        return False
    if group.permutation_generators is None and not group.is_enumerated:
        return False
    return group.order <= size and _dense_single_block(rho_out) and _dense_single_block(rho_in)


def _offsets(blocks: tuple[tuple[int, Any], ...]) -> dict[int, list[int]]:
    """Column offset of every copy of every irreducible in a decomposition's block order."""
    out: dict[int, list[int]] = {}
    pos = 0
    for i, irrep in blocks:
        out.setdefault(i, []).append(pos)
        pos += irrep.dim
    return out


def _span_rref(q_out: np.ndarray, q_in_inv: np.ndarray, plan: list[tuple[int, list[int], list[int]]],
               d: int, p: int) -> tuple[tuple[int, ...], np.ndarray] | None:
    """Pivots and rows of the reduced echelon form mod p of the spanning maps (None if rank < d)."""
    m_out, m_in = q_out.shape[0], q_in_inv.shape[1]
    parts = []
    for deg, outs, ins in plan:
        acc = np.zeros((len(outs), len(ins), m_out, m_in), np.int64)
        for t in range(deg):
            X = q_out[:, [o + t for o in outs]]                       # (m_out, a)
            Y = q_in_inv[[c + t for c in ins], :]                     # (b, m_in)
            acc = (acc + (X.T[:, None, :, None] * Y[None, :, None, :]) % p) % p
        parts.append(acc.reshape(-1, m_out * m_in))
    S = np.concatenate(parts, axis=0)
    N = m_out * m_in
    cols = np.flatnonzero(np.any(S != 0, axis=0))        # zero columns are never pivots: dropped
    if cols.size < d:
        return None
    R, rank = flint.nmod_mat(d, cols.size, S[:, cols].ravel().tolist(), p).rref()
    if int(rank) != d:
        return None
    rows = np.zeros((d, N), np.int64)
    rows[:, cols] = np.array(list(map(int, R.entries())), np.int64).reshape(d, cols.size)
    pivots = tuple(int(np.argmax(r != 0)) for r in rows)
    return pivots, rows


def _lift(stacked: np.ndarray, primes: list[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Rational lifts of the nonzero positions of ``stacked`` (``(nprimes, ...)`` residues).

    Returns the flat positions and object arrays of numerators and (positive) denominators, or None
    if a reconstruction fails. Each distinct residue vector is reconstructed once.
    """
    flat = stacked.reshape(len(primes), -1)
    nz = np.flatnonzero(np.any(flat != 0, axis=0))
    cols = flat[:, nz]
    if len(primes) == 1:
        uniq, inverse = np.unique(cols[0], return_inverse=True)
        uniq = uniq[None]
    else:
        uniq, inverse = np.unique(cols, axis=1, return_inverse=True)
    nums = np.empty(uniq.shape[1], object)
    dens = np.empty(uniq.shape[1], object)
    for u in range(uniq.shape[1]):
        x, m = crt([int(v) for v in uniq[:, u]], primes)
        q = rational_reconstruction(x, m)
        if q is None:
            return None
        nums[u], dens[u] = q.numerator, q.denominator
    inverse = np.asarray(inverse).reshape(-1)
    return nz, nums[inverse], dens[inverse]


def _rational_candidate(pos: np.ndarray, nums: np.ndarray, dens: np.ndarray, d: int,
                        N: int) -> tuple[list[int], list[np.ndarray], list[list[int]]]:
    """Per row: pivot, positions and primitive integer values (positive scale; see ``_primitive``).

    Rows whose values are all integers (the common case) are handled as int64 arrays; the others
    with Python integers.
    """
    rows_of = pos // N
    bounds = np.searchsorted(rows_of, np.arange(d + 1))
    big = max((abs(int(z)) for z in (nums.max(initial=0), nums.min(initial=0), dens.max(initial=1))),
              default=0) >= 1 << 62
    if not big:
        nums64, dens64 = nums.astype(np.int64), dens.astype(np.int64)
    pivots, positions, values = [], [], []
    for r in range(d):
        lo, hi = int(bounds[r]), int(bounds[r + 1])
        positions.append(pos[lo:hi] - r * N)
        pivots.append(int(positions[-1][0]))
        if not big and not np.any(dens64[lo:hi] != 1):
            ints = nums64[lo:hi]
            g = int(np.gcd.reduce(np.abs(ints))) or 1
            values.append((ints // g).tolist())
            continue
        ns, ds = nums[lo:hi].tolist(), dens[lo:hi].tolist()
        den = 1
        for q in set(ds):
            den = lcm(den, q)
        scaled = [a * (den // b) for a, b in zip(ns, ds)]
        g = 0
        for z in set(scaled):
            g = gcd(g, z)
        g = g or 1
        values.append([z // g for z in scaled])
    return pivots, positions, values


def _int_coords(values: list[list[int]], positions: list[np.ndarray], m_out: int,
                m_in: int) -> np.ndarray | None:
    """``(d, m_out, m_in, 1)`` int64 rational rows for the exact check, None if an entry is large."""
    flat = [z for vals in values for z in vals]
    if flat and max(max(flat), -min(flat)) >= 1 << 20:
        return None
    W = np.zeros((len(values), m_out * m_in), np.int64)
    rows = np.repeat(np.arange(len(values)), [len(p) for p in positions])
    cols = np.concatenate(positions) if positions else np.zeros(0, np.int64)
    W[rows, cols] = np.array(flat, np.int64)
    return W.reshape(len(values), m_out, m_in, 1)


def commutant_entries_decomposed(rho_out: Any, rho_in: Any, *, max_group_order: int = 10_000
                                 ) -> tuple[int, int, np.ndarray, np.ndarray] | None:
    """The canonical basis of ``Hom_G(rho_in, rho_out)`` through the decompositions, or None.

    Parameters
    ----------
    rho_out, rho_in : Rep
        Representations of the same group object (otherwise None: the multiplicities must refer
        to one character table, since they certify the dimension).
    max_group_order : int, optional
        Return None (use the general path) for larger groups: the decompositions cost a pass over
        the group.

    Returns
    -------
    tuple or None
        ``(dim, field, entry_index, entry_values)`` exactly as `repkit.equivariant.commutant.
        commutant_entries` returns them (the same bytes), or None when the groups are distinct
        objects, the group is too large,
        the spanning matrix would exceed `MAX_SPAN_ENTRIES` entries, or no prime succeeded.

    Raises
    ------
    ExactOverflowError
        If a numerator does not fit in int64.

    Notes
    -----
    Decompositions (`repkit.characters.decompose`, Serre, *Linear Representations of Finite
    Groups*, sec. 2.7), then per prime and embedding ``O(d m_out m_in)`` for the spanning maps and a
    reduced echelon form of a ``d x (m_out m_in)`` matrix mod p, ``O(d^2 m_out m_in)`` word
    operations (FLINT), instead of the ``O((m_out m_in)^3)`` of the constraint system; rational
    reconstruction (von zur Gathen, Gerhard, *Modern Computer Algebra*, sec. 5.10) per distinct
    residue; the exact check of `repkit.equivariant.commutant`. The module docstring gives the
    certificate.

    Examples
    --------
    >>> import repkit as rk
    >>> from repkit.equivariant.commutant import commutant_entries
    >>> V = rk.dihedral_rotation(rk.dihedral(6)) ** 2
    >>> new = commutant_entries_decomposed(V, V)
    >>> old = commutant_entries(V.images, V.images, 4, 4)
    >>> new[0] == old[0] == 3 and all((a == b).all() for a, b in zip(new[2:], old[2:]))
    True
    """
    from ..characters import decompose   # higher layer, imported lazily (see docs/architecture.md)

    group = rho_out.group
    if rho_in.group is not group or group.order > max_group_order:
        return None        # equal but distinct groups: their tables need not share a row order
    m_out, m_in = rho_out.dim, rho_in.dim
    N = m_out * m_in
    dec_out = decompose(rho_out)
    dec_in = dec_out if rho_in is rho_out else decompose(rho_in)
    off_out, off_in = _offsets(dec_out.blocks), _offsets(dec_in.blocks)
    degree = {i: irrep.dim for i, irrep in (*dec_out.blocks, *dec_in.blocks)}
    plan = [(degree[i], off_out[i], off_in[i]) for i in sorted(off_out) if i in off_in]
    d = sum(len(a) * len(b) for _, a, b in plan)
    if d == 0:
        return 0, 1, np.zeros(0, np.int64), np.zeros(0, np.int64)
    if d * N > MAX_SPAN_ENTRIES:
        return None
    Q = dec_out.change_of_basis
    Qi = dec_in.inverse_change_of_basis
    images = (*rho_out.images, *rho_in.images)
    F = 1
    for M in images:
        F = lcm(F, M.field)
    n = lcm(F, Q.field, Qi.field)
    q_rows, qi_rows = Q.to_list(), Qi.to_list()
    outs = [tuple(tuple(r) for r in M.to_list()) for M in rho_out.images]
    ins = [tuple(tuple(r) for r in M.to_list()) for M in rho_in.images]
    units_f = _units(F)
    lifts = [next(b for b in range(a, n * F + 1, F) if gcd(b, n) == 1) for a in units_f]
    phi = len(units_f)
    rational_failed = False               # first try: the space is defined over Q (one embedding)
    coords: list[np.ndarray] = []         # power-basis coordinates (phi, d, N), per prime
    primes: list[int] = []
    pivots_seen: tuple[int, ...] | None = None
    for p in primes_congruent_one(n, _PRIME_FLOOR):
        if len(primes) >= MAX_PRIMES or p >= (1 << 31):
            return None
        omega = primitive_root_of_unity_mod(p, n) if n > 1 else 1
        per_embedding: list[np.ndarray] = []
        pivots: tuple[int, ...] | None = None
        for b in (lifts if rational_failed else lifts[:1]):
            root = pow(omega, b, p)
            qm, qim = _matrix_mod(q_rows, n, root, p), _matrix_mod(qi_rows, n, root, p)
            got = None if qm is None or qim is None else _span_rref(qm, qim, plan, d, p)
            if got is None or (pivots is not None and got[0] != pivots):
                pivots = None
                break
            pivots = got[0]
            per_embedding.append(got[1])
        if pivots is None:
            continue
        if pivots_seen is not None and pivots != pivots_seen:
            if pivots > pivots_seen:              # unlucky prime: its pivots come later
                continue
            coords, primes = [], []
        pivots_seen = pivots
        primes.append(p)
        if not rational_failed:
            lifted = _lift(per_embedding[0][None], primes)
            if lifted is not None:
                rpiv, positions, values = _rational_candidate(*lifted, d, N)
                W = _int_coords(values, positions, m_out, m_in)
                if len(set(rpiv)) == d and _verify_rows(outs, ins, m_out, m_in,
                                                        lambda: _rows_rational(positions, values, N), F, W):
                    return _arrays_rational(positions, values, N)
            rational_failed = True                # refuted (exact check) or needs more primes:
            primes = []                           # continue with every embedding
            continue
        coords.append(per_embedding[0][None] if F == 1 else _coordinates_mod(
            per_embedding, _vandermonde_inverse(pow(omega, n // F, p), units_f, phi, p), p))
        found = _cyclotomic_candidate(coords, primes, d, N, F, outs, ins, m_out, m_in)
        if found is not None:
            return found
    return None


def _rows_rational(positions: list[np.ndarray], values: list[list[int]], N: int) -> list[list[Any]]:
    out = []
    for pos, vals in zip(positions, values):
        row: list[Any] = [0] * N
        for t, v in zip(pos.tolist(), vals):
            row[t] = v
        out.append(row)
    return out


def _arrays_rational(positions: list[np.ndarray], values: list[list[int]],
                     N: int) -> tuple[int, int, np.ndarray, np.ndarray]:
    flat = [z for vals in values for z in vals]
    if any(abs(z) > _INT64_MAX for z in flat):
        raise ExactOverflowError("out_images: a basis numerator exceeds the int64 range of templates")
    index = np.concatenate([pos + k * N for k, pos in enumerate(positions)]).astype(np.int64)
    return len(values), 1, index, np.array(flat, np.int64).reshape(-1)


def _cyclotomic_candidate(coords: list[np.ndarray], primes: list[int], d: int, N: int, F: int,
                          outs: Any, ins: Any, m_out: int, m_in: int
                          ) -> tuple[int, int, np.ndarray, np.ndarray] | None:
    """Lift power-basis coordinates, check exactly, assemble; None if not (yet) found."""
    stacked = np.stack(coords)                             # (nprimes, phi, d, N)
    phi = stacked.shape[1]
    lifted = _lift(np.moveaxis(stacked, 1, -1), primes)    # positions over (d, N, phi)
    if lifted is None:
        return None
    flat, nums, dens = lifted
    entry = flat // phi                                   # row * N + column
    entries: dict[int, dict[int, Fraction]] = {}
    for e, s, a, b in zip(entry.tolist(), (flat % phi).tolist(), nums.tolist(), dens.tolist()):
        entries.setdefault(e, {})[s] = Fraction(a, b)
    cache: dict[tuple[tuple[int, Fraction], ...], Any] = {}
    per_row: list[list[tuple[int, dict[int, Fraction]]]] = [[] for _ in range(d)]
    for e in sorted(entries):
        per_row[e // N].append((e % N, entries[e]))
    ints = np.zeros((d, N, phi), np.int64)
    small = True
    vectors: list[tuple[int, np.ndarray, list[Any]]] = []
    for r, items in enumerate(per_row):
        if not items:
            return None
        den = 1
        for _, poly in items:
            for q in poly.values():
                den = lcm(den, q.denominator)
        vals = []
        for t, poly in items:
            key = tuple(sorted(poly.items()))
            if key not in cache:
                cache[key] = Cyclotomic.from_terms(F, poly) if F > 1 else poly[0]
            vals.append(cache[key])
            for s, q in poly.items():
                v = q.numerator * (den // q.denominator)
                small = small and abs(v) < 1 << 20
                if small:
                    ints[r, t, s] = v
        vectors.append((items[0][0], np.array([t for t, _ in items], np.int64), vals))
    if len({v[0] for v in vectors}) != d:
        return None

    def rows() -> list[list[Any]]:
        out = []
        for _, pos, vals in vectors:
            row: list[Any] = [0] * N
            for t, v in zip(pos.tolist(), vals):
                row[t] = v
            out.append(row)
        return out

    W = ints.reshape(d, m_out, m_in, phi) if small else None
    if not _verify_rows(outs, ins, m_out, m_in, rows if small else rows(), F, W):
        return None
    return _assemble(vectors, m_out, m_in)
