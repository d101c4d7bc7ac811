"""The Dixon--Schneider algorithm: irreducible characters modulo a prime, lifted exactly.

This module computes, for a finite group ``G``, the irreducible characters as
exact sums of roots of unity, without any floating-point step:

1. the conjugacy classes ``C_1 .. C_r`` (``C_1`` the identity), their sizes ``h_k``,
   element orders and power maps (:class:`ClassData`);
2. the class matrices ``(A_j)_{k,l} = a_{jkl} = #{x in C_j : x^-1 z in C_k}`` for a
   fixed ``z in C_l`` (:func:`class_matrix`), computed with NumPy from the
   permutation ``g -> g z`` (or ``g -> x^-1 g``) of the group, never from a
   ``|G| x |G|`` table;
3. the normalized characters ``omega_i(C_k) = h_k chi_i(g_k) / chi_i(1)`` as the common
   eigenvectors of the ``A_j`` over ``F_p`` for a prime ``p = 1 (mod exponent)``,
   ``p > 2 sqrt|G|``, split one class matrix at a time restricted to the subspaces
   that are not yet one-dimensional (Schneider's refinement: small classes first);
4. the degrees from ``chi(1)^2 = |G| / sum_k omega_k omega_{k*} / h_k``;
5. the exact values: on a class of element order ``o`` the eigenvalue multiplicities
   ``m_s = (1/o) sum_m chi(g^m) z^{-sm} (mod p)`` are integers in ``[0, chi(1)]`` and
   ``chi(g) = sum_s m_s E(o)^s`` (:class:`ModularCharacters`).

The result is checked exactly (row orthogonality in ``Z[zeta_e]``) by
:func:`repkit.characters.verify.verify_orthogonality`; :mod:`repkit.characters.table` turns it into a
:class:`~repkit.characters.table.CharacterTable`.

References
----------
J. D. Dixon, *High speed computation of group characters*, Numer. Math. 10 (1967) 446--450.
G. J. A. Schneider, *Dixon's character table algorithm revisited*, J. Symb. Comp. 9 (1990)
601--606.
D. F. Holt, B. Eick, E. A. O'Brien, *Handbook of Computational Group Theory*, CRC 2005, §7.7.

Examples
--------
>>> from repkit.groups import symmetric
>>> data = ClassData.from_group(symmetric(3))
>>> sorted(zip(data.element_orders, data.sizes))      # (order, class size)
[(1, 1), (2, 3), (3, 2)]
>>> sorted(modular_characters(data).degrees)
[1, 1, 2]
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import flint
import numpy as np

from ..errors import CharacterTableError, GroupTooLargeError
from ..exact.modular import (
    next_prime_congruent_one,
    primitive_root_of_unity_mod,
)

__all__ = [
    "ClassData",
    "ModularCharacters",
    "class_matrix",
    "choose_prime",
    "modular_characters",
    "right_multiplications",
    "Progress",
]

Progress = Callable[[str, int, int], None]
"""A progress callback ``progress(stage, done, total)``."""

_INT64_SAFE_PRIME = 1 << 26


@dataclass(frozen=True, eq=False)
class ClassData:
    """Conjugacy classes of a group with the invariants a character table needs.

    Attributes
    ----------
    group : FiniteGroup
        The group.
    order : int
        ``|G|``.
    classes : tuple of tuple of int
        The conjugacy classes in the group's canonical order (identity class first).
    representatives : tuple of int
        The least element of each class (its shortlex-least word).
    sizes : tuple of int
        The class sizes ``h_k``.
    element_orders : tuple of int
        The order of the elements of each class.
    power_classes : tuple of tuple of int
        ``power_classes[k][m]`` is the class of ``g_k^m`` for ``0 <= m < element_orders[k]``.
    class_of : numpy.ndarray
        Element -> class index.
    exponent : int
        The exponent of the group (lcm of the element orders).

    Notes
    -----
    Built in ``O(|G| + sum_k o_k)`` group operations on top of the group's own class
    computation. Equality is identity (the group object is not compared by value).

    Examples
    --------
    >>> from repkit.groups import cyclic
    >>> from math import gcd
    >>> d = ClassData.from_group(cyclic(12))
    >>> all(d.element_orders[d.power_map(m)[k]] == o // gcd(o, m)     # order of g^m
    ...     for m in range(1, 13) for k, o in enumerate(d.element_orders))
    True
    """

    group: Any
    order: int
    classes: tuple[tuple[int, ...], ...]
    representatives: tuple[int, ...]
    sizes: tuple[int, ...]
    element_orders: tuple[int, ...]
    power_classes: tuple[tuple[int, ...], ...]
    class_of: np.ndarray
    exponent: int

    @classmethod
    def from_group(cls, group: Any, *, max_order: int = 2_000_000) -> ClassData:
        """Collect classes, sizes, element orders and power maps of ``group``.

        Parameters
        ----------
        group : FiniteGroup
            The group; every element is enumerated.
        max_order : int, optional
            Refuse groups larger than this (default two million elements).

        Returns
        -------
        ClassData

        Raises
        ------
        GroupTooLargeError
            If ``group.order > max_order``.

        Examples
        --------
        >>> from repkit.groups import alternating
        >>> sorted(ClassData.from_group(alternating(4)).sizes)
        [1, 3, 4, 4]
        """
        order = int(group.order)
        if order > max_order:
            raise GroupTooLargeError(
                f"group: a character table needs every element; expected order <= "
                f"max_order={max_order}, got a group of order {order}"
            )
        classes = tuple(tuple(int(x) for x in c) for c in group.conjugacy_classes())
        class_of = np.asarray(group.class_of, dtype=np.int64)
        reps = tuple(c[0] for c in classes)
        powers = [tuple(class_of[seq].tolist()) for seq in _power_sequences(group, reps, order)]
        orders = tuple(len(s) for s in powers)
        return cls(
            group=group,
            order=order,
            classes=classes,
            representatives=reps,
            sizes=tuple(len(c) for c in classes),
            element_orders=orders,
            power_classes=tuple(powers),
            class_of=class_of,
            exponent=math.lcm(*orders),
        )

    @property
    def nclasses(self) -> int:
        """The number of conjugacy classes ``r``."""
        return len(self.classes)

    @property
    def inverse_classes(self) -> tuple[int, ...]:
        """``k*``: the class of the inverses of the elements of class ``k``."""
        return tuple(p[-1] if len(p) > 1 else p[0] for p in self.power_classes)

    def power_map(self, m: int) -> tuple[int, ...]:
        """The class of ``g_k^m`` for every class ``k`` (GAP's ``PowerMap``)."""
        return tuple(p[m % len(p)] for p in self.power_classes)


def right_multiplications(group: Any, targets: tuple[int, ...]) -> dict[int, np.ndarray]:
    """The permutations ``g -> g t`` of all elements for each ``t`` in ``targets``.

    Parameters
    ----------
    group : FiniteGroup
        An enumerated group.
    targets : tuple of int
        The elements ``t``.

    Returns
    -------
    dict
        ``t -> array`` with ``array[g] = g t`` (int32 below ``2^31`` elements).

    Notes
    -----
    Along the spanning tree: if ``t = u a`` (``u`` the parent, ``a`` a letter) then
    ``g t = (g u) a``, one gather of the right table per tree node on the paths from the
    identity to the targets; a node's array is dropped as soon as its last child on these
    paths is done. ``O(|G| |A|)`` time for the set ``A`` of those nodes (at most
    ``sum_t |word(t)|``, usually far fewer because the words share prefixes) and
    ``O(|G| w)`` memory for the largest number ``w`` of paths alive at once.

    Examples
    --------
    >>> from repkit.groups import dihedral
    >>> G = dihedral(5)
    >>> maps = right_multiplications(G, (3, 7))
    >>> all(int(maps[t][g]) == G.mul(g, t) for t in (3, 7) for g in G.elements)
    True
    """
    parent, letter = group.spanning_tree
    dtype = np.int32 if group.order < 2**31 else np.int64
    columns = np.ascontiguousarray(np.asarray(group.right_table).T, dtype=dtype)
    needed: dict[int, int] = {}            # node -> number of children on the paths
    wanted = set(int(t) for t in targets)
    for t in wanted:
        x = t
        while x > 0 and x not in needed:
            needed[x] = 0
            x = int(parent[x])
    for x in needed:
        u = int(parent[x])
        if u > 0:
            needed[u] += 1
    arrays: dict[int, np.ndarray] = {0: np.arange(group.order, dtype=dtype)}
    out: dict[int, np.ndarray] = {}
    if 0 in wanted:
        out[0] = arrays[0]
    for x in sorted(needed):                # parents precede children (breadth first)
        u = int(parent[x])
        a = int(letter[x])
        column = 2 * (a - 1) if a > 0 else 2 * (-a - 1) + 1
        arrays[x] = columns[column].take(arrays[u])
        if u > 0:
            needed[u] -= 1
            if needed[u] == 0:
                del arrays[u]
        if x in wanted:
            out[x] = arrays[x]
        if needed[x] == 0:
            del arrays[x]
    return out


def _power_sequences(group: Any, elements: tuple[int, ...], order: int) -> list[np.ndarray]:
    """``[1, g, g^2, .., g^(o-1)]`` as element arrays for each ``g`` (by pointer doubling)."""
    maps = right_multiplications(group, elements)
    out = []
    for g in elements:
        step = maps[g]                        # h -> h g^(len(seq))
        seq = np.zeros(1, dtype=np.int64)
        while True:
            nxt = step[seq]
            hit = np.flatnonzero(nxt == 0)
            if hit.size:
                seq = np.concatenate([seq, nxt[: hit[0]]])
                break
            seq = np.concatenate([seq, nxt])
            if seq.size > order:
                raise CharacterTableError(
                    f"group: element {g} has no finite order within |G| = {order} steps"
                )
            step = step[step]
        out.append(seq)
    return out


def class_matrix(data: ClassData, j: int, cache: dict[int, np.ndarray] | None = None) -> np.ndarray:
    """The class matrix ``A_j`` with ``(A_j)_{k,l} = #{x in C_j : x^-1 z_l in C_k}``.

    Parameters
    ----------
    data : ClassData
        Classes of the group.
    j : int
        The class index.
    cache : dict, optional
        Scratch space for the permutations ``g -> g z_l`` shared by several calls
        (a plain dict owned by the caller).

    Returns
    -------
    numpy.ndarray
        Integer matrix of shape ``(r, r)``. With the class sums ``K_j`` of the group algebra,
        ``K_j K_k = sum_l a_{jkl} K_l``; hence ``omega_j omega_k = sum_l a_{jkl} omega_l`` for
        every normalized irreducible character ``omega``.

    Notes
    -----
    For a small class (``h_j <= r``) the products ``x^-1 z_l`` come from the left
    multiplications by ``x^-1``, ``x in C_j``: ``O(h_j |G|)``. Otherwise from the right
    multiplications by the class representatives ``z_l``, each ``O(|G|)`` once and cached:
    ``O(r |G|)``. Memory ``O(r^2)`` beyond the cache. Holt--Eick--O'Brien §7.7.1.

    Examples
    --------
    >>> from repkit.groups import symmetric
    >>> d = ClassData.from_group(symmetric(3))
    >>> a = class_matrix(d, 1)      # column 0: x^-1 * 1 lies in the class of inverses
    >>> bool(a[d.inverse_classes[1], 0] == d.sizes[1] == a[:, 0].sum())
    True
    """
    group = data.group
    r = data.nclasses
    members = np.asarray(data.classes[j], dtype=np.int64)
    reps = np.asarray(data.representatives, dtype=np.int64)
    inverse = np.asarray(group.inverse_array, dtype=np.int64)
    matrix = np.zeros((r, r), dtype=np.int64)
    if len(members) <= r:
        for x in members:
            left = np.asarray(group.left_multiply_all(int(inverse[x])), dtype=np.int64)
            matrix[data.class_of[left[reps]], np.arange(r)] += 1
        return matrix
    store = cache if cache is not None else {}
    missing = tuple(z for l, z in enumerate(data.representatives) if l not in store)
    if missing:
        fresh = right_multiplications(group, missing)
        dtype = np.int32 if data.order < 2**31 else np.int64
        for l, z in enumerate(data.representatives):
            if l not in store:
                store[l] = fresh[z].astype(dtype, copy=False)
    inv_members = inverse[members]
    for l in range(r):
        matrix[:, l] = np.bincount(data.class_of[store[l][inv_members]], minlength=r)
    return matrix


def choose_prime(order: int, exponent: int) -> int:
    """A prime ``p = 1 (mod exponent)`` with ``p > 2 sqrt(order) + 2``, the first one
    :func:`repkit.exact.modular.next_prime_congruent_one` returns.

    Parameters
    ----------
    order : int
        ``|G|``.
    exponent : int
        The exponent of ``G``.

    Returns
    -------
    int

    Notes
    -----
    Such a prime does not divide ``|G|`` (it exceeds every prime divisor of the exponent),
    ``F_p`` contains the ``exponent``-th roots of unity, degrees ``d <= sqrt|G| < p/2`` are
    determined by ``d^2 mod p``, and distinct irreducible characters stay distinct modulo
    ``p`` (Dixon 1967, §2). Dirichlet search, ``O(log p)`` primality tests expected.

    Examples
    --------
    >>> p = choose_prime(51840, 360)
    >>> p % 360 == 1 and p * p > 4 * 51840 and 51840 % p != 0
    True
    """
    return next_prime_congruent_one(exponent, 2 * math.isqrt(order) + 2)


def _mod_matmul(a: np.ndarray, b: np.ndarray, p: int) -> np.ndarray:
    """``(a @ b) mod p`` exactly, for integer arrays.

    For ``p < 2^26`` and inner dimension below ``2^14`` the entries of ``a mod p`` are split
    into two 13-bit halves and each half is multiplied in float64 (BLAS): every partial sum is
    an integer below ``2^13 * 2^26 * 2^14 = 2^53``, so the floating-point products are exact.
    Otherwise Python integers (object arrays)."""
    a = np.asarray(a, dtype=np.int64) % p
    b = np.asarray(b, dtype=np.int64) % p
    if p < _INT64_SAFE_PRIME and a.shape[-1] < (1 << 14):
        bf = b.astype(np.float64)
        low = (np.bitwise_and(a, 0x1FFF).astype(np.float64) @ bf).astype(np.int64) % p
        high = (np.right_shift(a, 13).astype(np.float64) @ bf).astype(np.int64) % p
        return (high * 8192 + low) % p
    return np.array((a.astype(object) @ b.astype(object)) % p, dtype=np.int64)


def _nmod(rows: np.ndarray, p: int) -> flint.nmod_mat:
    r, c = rows.shape
    return flint.nmod_mat(r, c, (np.asarray(rows, dtype=np.int64) % p).ravel().tolist(), p)


def _entries(m: flint.nmod_mat) -> np.ndarray:
    return np.array(list(map(int, m.entries())), dtype=np.int64).reshape(m.nrows(), m.ncols())


def _selection(rows: int, columns: list[int], p: int) -> flint.nmod_mat:
    """The ``rows x len(columns)`` 0/1 matrix picking ``columns`` (``M * S = M[:, columns]``)."""
    out = flint.nmod_mat(rows, len(columns), p)
    for j, c in enumerate(columns):
        out[c, j] = 1
    return out


def _identity(t: int, p: int) -> flint.nmod_mat:
    out = flint.nmod_mat(t, t, p)
    for i in range(t):
        out[i, i] = 1
    return out


def _eigenspaces(basis: flint.nmod_mat, rows: np.ndarray, pivots: list[int], a: np.ndarray,
                 p: int) -> list[tuple[flint.nmod_mat, np.ndarray, list[int]]] | None:
    """Split the invariant row space ``basis`` (rref, also as the array ``rows``, pivot columns
    ``pivots``) into eigenspaces of ``x -> x a^T``; each piece in rref, as a flint matrix,
    an array and its pivot columns.

    Returns None when ``a`` acts as a scalar there (no splitting): that test is one product
    ``rows a^T`` (BLAS); only when it splits do the ``t x t`` restriction, its characteristic
    polynomial, null spaces and echelon forms go to flint's ``nmod_mat`` (C)."""
    t, r = rows.shape
    restricted_rows = _mod_matmul(rows, a[pivots].T, p)        # (rows a^T)[:, pivots]
    if np.array_equal(restricted_rows, restricted_rows[0, 0] * np.eye(t, dtype=np.int64)):
        return None
    restricted = _nmod(restricted_rows, p)
    one = _identity(t, p)
    roots = restricted.charpoly().roots()
    transposed = restricted.transpose()
    pieces: list[tuple[flint.nmod_mat, np.ndarray, list[int]]] = []
    total = 0
    for root, _mult in roots:
        kernel, nullity = (transposed - one * int(root)).nullspace()
        nullity = int(nullity)
        coeffs = (kernel * _selection(t, list(range(nullity)), p)).transpose()
        reduced, rank = (coeffs * basis).rref()
        rank = int(rank)
        dense = np.array(list(map(int, reduced.entries())), dtype=np.int64).reshape(-1, r)[:rank]
        piv = [int(np.flatnonzero(row)[0]) for row in dense]
        if rank < reduced.nrows():
            reduced = _selection(reduced.nrows(), list(range(rank)), p).transpose() * reduced
        pieces.append((reduced, dense, piv))
        total += rank
    if total != t:
        raise CharacterTableError(
            f"class matrix over F_{p}: expected a diagonalizable action with all eigenvalues "
            f"in F_{p} on a {t}-dimensional subspace, got eigenspaces of total dimension {total}"
        )
    return pieces


def _splitting_order(data: ClassData) -> list[int]:
    """The non-identity classes, smallest first, the Galois conjugates ``g^a`` (``a`` prime to
    the order of ``g``) of a class already listed postponed to the end: their class matrices
    mostly repeat the splitting of the first one (Schneider 1990, §3)."""
    primary: list[int] = []
    secondary: list[int] = []
    seen: set[int] = set()
    for k in sorted(range(1, data.nclasses), key=lambda k: (data.sizes[k], k)):
        (secondary if k in seen else primary).append(k)
        if k not in seen:
            powers = data.power_classes[k]
            seen.update(powers[a] for a in _unit_exponents(len(powers)))
    return primary + secondary


@dataclass(frozen=True, eq=False)
class ModularCharacters:
    """Irreducible characters found modulo ``p`` and their exact lifts.

    Attributes
    ----------
    prime : int
        The prime ``p = 1 (mod exponent)`` used.
    root : int
        The primitive ``exponent``-th root of unity ``z`` modulo ``p`` identified with
        ``E(exponent)``.
    degrees : tuple of int
        ``chi(1)`` for each character, in the order the eigenvectors were found.
    class_blocks : tuple of numpy.ndarray
        ``class_blocks[k][i, s]`` is the multiplicity of the eigenvalue ``E(o_k)^s`` of ``g_k``
        in the irreducible ``chi_i``; ``chi_i(g_k) = sum_s m_s E(o_k)^s`` (read-only arrays
        of shape ``(r, o_k)``).
    multiplicities : tuple of tuple of tuple of int
        The same as nested tuples, ``multiplicities[i][k][s]`` (built on first access).

    Notes
    -----
    Produced by :func:`modular_characters`; the lift is exact because the multiplicities are
    integers in ``[0, chi(1)]`` and ``chi(1) < p`` (Dixon 1967, §3).

    Examples
    --------
    >>> from repkit.groups import quaternion
    >>> mc = modular_characters(ClassData.from_group(quaternion()))
    >>> sorted(mc.degrees)
    [1, 1, 1, 1, 2]
    """

    prime: int
    root: int
    degrees: tuple[int, ...]
    class_blocks: tuple[np.ndarray, ...]

    @cached_property
    def multiplicities(self) -> tuple[tuple[tuple[int, ...], ...], ...]:
        """``multiplicities[i][k][s]``: the eigenvalue multiplicities as nested tuples."""
        lists = [block.tolist() for block in self.class_blocks]
        return tuple(tuple(tuple(lists[k][i]) for k in range(len(lists)))
                     for i in range(len(self.degrees)))


def modular_characters(data: ClassData, *, progress: Progress | None = None) -> ModularCharacters:
    """Run the Dixon--Schneider algorithm: characters modulo ``p`` and their exact lifts.

    Parameters
    ----------
    data : ClassData
        Classes, sizes, orders and power maps of the group.
    progress : callable, optional
        Called as ``progress(stage, done, total)``.

    Returns
    -------
    ModularCharacters

    Raises
    ------
    CharacterTableError
        If the common eigenspaces do not split into lines or a lift is out of range
        (impossible for a correct class structure; reported rather than guessed).

    Notes
    -----
    Class matrices cost ``O(min(h_j, r) |G|)`` each (only as many as the splitting needs,
    smallest classes first, Galois conjugates of a class already used last); a splitting
    step is one BLAS product ``O(t r^2)`` to test for a scalar action and, when it splits,
    ``O(t^3)`` in flint's ``nmod_mat``; lifting is a DFT over ``F_p`` for one class per cyclic
    subgroup, ``O(r o_k^2)`` each, the other generators' classes by permuting eigenvalues.
    Memory ``O(|G| + r^2)`` (plus ``O(r |G|)`` int32 for cached right multiplications when
    a large class is needed).
    Dixon (1967); Schneider (1990), §2--3; Holt--Eick--O'Brien §7.7.

    Examples
    --------
    >>> from repkit.groups import symmetric
    >>> mc = modular_characters(ClassData.from_group(symmetric(4)))
    >>> sum(d * d for d in mc.degrees)
    24
    """
    r = data.nclasses
    order = data.order
    p = choose_prime(order, data.exponent)
    z = int(primitive_root_of_unity_mod(p, data.exponent))
    cache: dict[int, np.ndarray] = {}
    by_size = _splitting_order(data)
    spaces = ([(_identity(r, p), np.eye(r, dtype=np.int64), list(range(r)))] if r > 1 else [])
    lines: list[np.ndarray] = [] if r > 1 else [np.ones(1, dtype=np.int64)]
    for j in by_size:
        if not spaces:
            break
        if progress is not None:
            progress("split", len(lines), r)
        pending = []
        matrix = class_matrix(data, j, cache) % p
        for basis, rows, pivots in spaces:
            pieces = _eigenspaces(basis, rows, pivots, matrix, p)
            for piece in pieces if pieces is not None else [(basis, rows, pivots)]:
                if piece[1].shape[0] == 1:
                    lines.append(piece[1][0])
                else:
                    pending.append(piece)
        spaces = pending
    if spaces or len(lines) != r:
        raise CharacterTableError(
            f"Dixon-Schneider over F_{p}: expected {r} one-dimensional common eigenspaces, "
            f"found {len(lines)} lines and {len(spaces)} larger spaces after all class matrices"
        )
    sizes = np.array(data.sizes, dtype=np.int64)
    inv_cls = np.array(data.inverse_classes, dtype=np.int64)
    inv_sizes = np.array([pow(int(h), -1, p) for h in sizes], dtype=np.int64)
    degrees: list[int] = []
    values = np.zeros((r, r), dtype=np.int64)
    limit = math.isqrt(order)
    candidates = np.arange(1, limit + 1, dtype=np.int64)
    for i, line in enumerate(lines):
        omega = line * pow(int(line[0]), -1, p) % p
        norm = int(_mod_matmul(omega[None, :], (omega[inv_cls] * inv_sizes % p)[:, None], p)[0, 0])
        target = order % p * pow(norm, -1, p) % p
        found = candidates[(candidates * candidates) % p == target]
        found = [int(d) for d in found if order % int(d) == 0]
        if len(found) != 1:
            raise CharacterTableError(
                f"Dixon-Schneider over F_{p}: character {i}: expected one degree d <= {limit} "
                f"dividing {order} with d^2 = {target} (mod {p}), got {found}"
            )
        degrees.append(found[0])
        values[i] = omega * found[0] % p * inv_sizes % p
    if progress is not None:
        progress("lift", 0, r)
    blocks = _lift(data, values, degrees, p, z)
    return ModularCharacters(prime=p, root=z, degrees=tuple(degrees), class_blocks=blocks)


def _fourier(o: int, zo: int, p: int) -> np.ndarray:
    """``F[m, s] = zo^(-s m) / o (mod p)``, ``zo`` a primitive ``o``-th root of unity mod p."""
    powers = np.ones(o, dtype=np.int64)
    for t in range(1, o):
        powers[t] = powers[t - 1] * zo % p
    exps = (-np.outer(np.arange(o), np.arange(o))) % o
    return powers[exps] * pow(o, -1, p) % p


def _unit_exponents(o: int) -> list[int]:
    """The exponents ``a`` prime to ``o`` with ``1 <= a < o`` (none for ``o = 1``)."""
    return [a for a in range(1, o) if math.gcd(a, o) == 1]


def _lift(data: ClassData, values: np.ndarray, degrees: list[int], p: int, z: int
          ) -> tuple[np.ndarray, ...]:
    """Eigenvalue multiplicities ``m_s = (1/o) sum_m chi(g^m) z_o^{-sm}`` for every class.

    Only one class per cyclic subgroup is computed (a discrete Fourier transform over
    ``F_p``); the classes of its generators ``g^a``, ``gcd(a, o) = 1``, follow from
    ``chi(g^a) = sigma_a(chi(g))``: ``m'_{s a} = m_s`` (the identity holds for the modular
    values themselves, so no information is lost)."""
    per_class: list[np.ndarray | None] = [None] * data.nclasses
    deg = np.array(degrees, dtype=np.int64)
    fouriers: dict[int, np.ndarray] = {}
    for k, powers in enumerate(data.power_classes):
        if per_class[k] is not None:
            continue
        o = len(powers)
        if o not in fouriers:
            fouriers[o] = _fourier(o, pow(z, data.exponent // o, p), p)
        block = _mod_matmul(values[:, list(powers)], fouriers[o], p)
        bad = (block > deg[:, None]) | (block.sum(axis=1) != deg)[:, None]
        if bad.any():
            i = int(np.argwhere(bad)[0, 0])
            raise CharacterTableError(
                f"Dixon-Schneider over F_{p}: character {i}, class {k}: expected eigenvalue "
                f"multiplicities in [0, {degrees[i]}] summing to {degrees[i]}, got "
                f"{block[i].tolist()} (mod {p})"
            )
        per_class[k] = block
        for a in _unit_exponents(o):
            image = powers[a]
            if per_class[image] is None:
                # m'_t = m_{t a^-1}: the eigenvalue z^s of g is z^(s a) for g^a
                per_class[image] = block[:, (np.arange(o) * pow(a, -1, o)) % o]
    for block in per_class:
        block.setflags(write=False)        # type: ignore[union-attr]
    return tuple(per_class)                # type: ignore[arg-type]
