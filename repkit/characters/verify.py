"""The exact check of a character table: Galois compatibility and a multimodular Gram matrix.

Candidate irreducible characters are given by eigenvalue multiplicities per class (as
:class:`~repkit.characters.dixon.ModularCharacters` produces them). :func:`verify_class_blocks`
proves, without forming a single product in ``Q(zeta_e)``, that the rows are orthonormal:

1. every row is compatible with the Galois action, ``chi(g^a) = sigma_a(chi(g))``, which makes
   each Gram entry ``sum_k h_k chi_i(g_k) conj(chi_j(g_k))`` a rational integer bounded by
   ``|G| chi_i(1) chi_j(1)``;
2. the Gram matrix is ``|G| I`` modulo primes ``p = 1 (mod e)`` whose product exceeds the bound.

References
----------
I. M. Isaacs, *Character Theory of Finite Groups*, Lemma 2.15 and Problem 2.2 (Galois action on
characters); D. F. Holt, B. Eick, E. A. O'Brien, *Handbook of Computational Group Theory*, CRC
2005, §7.7 (Dixon--Schneider and its exact check).

Examples
--------
>>> from repkit.groups import symmetric
>>> from repkit.characters.dixon import ClassData, modular_characters
>>> data = ClassData.from_group(symmetric(4))
>>> primes = verify_class_blocks(data, modular_characters(data).class_blocks)   # no error
>>> len(primes) >= 1
True
"""

from __future__ import annotations

import math

import flint
import numpy as np

from ..errors import CharacterTableError
from ..exact.modular import next_prime_congruent_one, primitive_root_of_unity_mod
from .dixon import _INT64_SAFE_PRIME, ClassData, _mod_matmul

__all__ = [
    "verify_orthogonality",
    "verify_class_blocks",
    "class_values_mod_p",
    "verification_primes",
]


def _unit_generators(e: int) -> list[int]:
    """A generating set of the unit group ``(Z/e)^*`` (greedy; ``O(e)`` per generator)."""
    if e <= 2:
        return []
    phi = e
    for q in {int(f) for f, _ in flint.fmpz(e).factor()}:
        phi = phi // q * (q - 1)
    seen = np.zeros(e, dtype=bool)
    seen[1] = True
    gens = []
    count = 1
    for a in range(2, e):
        if count == phi:
            break
        if seen[a] or math.gcd(a, e) != 1:
            continue
        gens.append(a)
        fresh = np.flatnonzero(seen)
        while fresh.size:                     # <S, a> is the union of the cosets S a^j
            new = (fresh * a) % e
            fresh = new[~seen[new]]
            seen[fresh] = True
            count += fresh.size
    return gens


def verify_orthogonality(data: ClassData, multiplicities: tuple[tuple[tuple[int, ...], ...], ...]
                         ) -> None:
    """Check ``sum_k h_k chi_i(g_k) conj(chi_j(g_k)) = |G| delta_ij`` exactly in ``Z[zeta_e]``.

    Parameters
    ----------
    data : ClassData
        The classes.
    multiplicities : nested tuple of int
        Eigenvalue multiplicities as in :class:`ModularCharacters`: row ``i``, class ``k``,
        ``o_k`` non-negative integers summing to ``chi_i(1)``.

    Raises
    ------
    CharacterTableError
        If the multiplicities are malformed, a row is not compatible with the Galois action,
        or some pair of rows violates orthogonality; the message names the row or the pair.

    Notes
    -----
    Three exact steps, no cyclotomic product is formed:

    1. *shape*: every ``m_{ik}`` has ``o_k`` non-negative entries summing to ``d_i``, so
       ``|sigma(chi_i(g))| <= d_i`` under every complex embedding ``sigma``;
    2. *Galois*: for generators ``a`` of ``(Z/e)^*`` and every class,
       ``chi_i(g_k^a) = sigma_a(chi_i(g_k))`` (the multiplicities of ``g_k^a`` are those of
       ``g_k`` moved from ``s`` to ``s a``). Since ``g -> g^a`` permutes the classes
       preserving their sizes, each Gram entry
       ``M_ij = sum_k h_k chi_i(g_k) conj(chi_j(g_k))`` is then fixed by the whole Galois
       group: a rational algebraic integer, i.e. an integer, with
       ``|M_ij| <= |G| d_i d_j``;
    3. *modular*: ``M mod p`` for primes ``p = 1 (mod e)`` (``zeta_e`` sent to a primitive
       root of unity mod ``p``), until their product exceeds ``|G| (max d^2 + 1)``; then
       ``M = |G| I`` modulo the product decides ``M = |G| I`` over the integers.

    Cost ``O(n sum_k o_k)`` for steps 1-2 per Galois generator and ``O(n^2 r)`` per prime for
    step 3 (float64 BLAS on 13-bit halves, exact). Galois compatibility of characters:
    Isaacs, *Character Theory of Finite Groups*, Lemma 2.15 and Problem 2.2; the
    norm argument for bounded integers: Holt--Eick--O'Brien §7.7.2.

    Examples
    --------
    >>> from repkit.groups import dihedral
    >>> from repkit.characters.dixon import modular_characters
    >>> d = ClassData.from_group(dihedral(4))
    >>> verify_orthogonality(d, modular_characters(d).multiplicities)   # no error: orthogonal
    """
    n = len(multiplicities)
    r = data.nclasses
    if n != r or any(len(row) != r for row in multiplicities):
        raise CharacterTableError(
            f"exact check: expected {r} rows of {r} classes each, got {n} rows of lengths "
            f"{sorted({len(row) for row in multiplicities})}"
        )
    blocks = []
    for k, o in enumerate(data.element_orders):
        if any(len(row[k]) != o for row in multiplicities):
            raise CharacterTableError(
                f"exact check: class {k}: expected {o} eigenvalue multiplicities per row "
                f"(the element order), got lengths {sorted({len(row[k]) for row in multiplicities})}"
            )
        blocks.append(np.array([row[k] for row in multiplicities], dtype=np.int64).reshape(n, o))
    verify_class_blocks(data, tuple(blocks))


def class_values_mod_p(data: ClassData, blocks: tuple[np.ndarray, ...], p: int, z: int
                       ) -> np.ndarray:
    """``chi_i(g_k) mod p`` for all rows and classes, with ``E(e) -> z`` (``p = 1 mod e``).

    Parameters
    ----------
    data : ClassData
        The classes.
    blocks : tuple of numpy.ndarray
        Eigenvalue multiplicities per class, as :attr:`ModularCharacters.class_blocks`.
    p : int
        A prime ``p = 1 (mod e)``.
    z : int
        A primitive ``e``-th root of unity modulo ``p``.

    Returns
    -------
    numpy.ndarray
        Shape ``(n, r)``, entries in ``[0, p)``.

    Notes
    -----
    ``chi(g_k) = sum_s m_s E(o_k)^s`` under the ring homomorphism ``Z[E(e)] -> F_p``,
    ``O(n sum_k o_k)``.

    Examples
    --------
    >>> from repkit.groups import cyclic
    >>> d = ClassData.from_group(cyclic(4))
    >>> from repkit.characters.dixon import modular_characters
    >>> mc = modular_characters(d)
    >>> v = class_values_mod_p(d, mc.class_blocks, 13, 5)      # 5 = sqrt(-1) mod 13
    >>> bool((v ** 4 % 13 == 1).all())                      # linear characters of Z_4
    True
    """
    e = data.exponent
    n = blocks[0].shape[0] if blocks else 0
    values = np.empty((n, len(blocks)), dtype=np.int64)
    roots = np.ones(e, dtype=np.int64)                  # z^t mod p, t < e
    for t in range(1, e):
        roots[t] = roots[t - 1] * z % p
    for k, (o, block) in enumerate(zip(data.element_orders, blocks)):
        column = roots[:: e // o]
        if p < _INT64_SAFE_PRIME and int(block[:, 0].max(initial=0)) * o < (1 << 36):
            values[:, k] = (block @ column) % p           # < 2^36 * 2^26: exact in int64
        else:
            values[:, k] = _mod_matmul(block, column[:, None], p)[:, 0]
    return values


def verification_primes(exponent: int, bound: int) -> list[tuple[int, int]]:
    """Primes ``p = 1 (mod exponent)`` above ``2^23`` with product ``> bound``, each with the
    primitive ``exponent``-th root of unity of :func:`primitive_root_of_unity_mod`.

    Examples
    --------
    >>> primes = verification_primes(12, 10**20)
    >>> all(p % 12 == 1 for p, _ in primes) and math.prod(p for p, _ in primes) > 10**20
    True
    """
    out: list[tuple[int, int]] = []
    modulus, p = 1, 1 << 23
    while modulus <= bound:
        p = next_prime_congruent_one(exponent, p)
        out.append((p, int(primitive_root_of_unity_mod(p, exponent))))
        modulus *= p
    return out


def verify_class_blocks(data: ClassData, blocks: tuple[np.ndarray, ...]
                        ) -> tuple[tuple[int, int, np.ndarray], ...]:
    """:func:`verify_orthogonality` on eigenvalue multiplicities given per class.

    Parameters
    ----------
    data : ClassData
        The classes.
    blocks : tuple of numpy.ndarray
        ``blocks[k]`` of shape ``(n, o_k)``, as :attr:`ModularCharacters.class_blocks`.

    Returns
    -------
    tuple
        ``(p, z, values)`` for each prime used: the values modulo ``p``
        (:func:`class_values_mod_p`), for reuse (e.g. Frobenius--Schur indicators).

    Raises
    ------
    CharacterTableError
        As :func:`verify_orthogonality`.

    Examples
    --------
    >>> from repkit.groups import quaternion
    >>> from repkit.characters.dixon import modular_characters
    >>> d = ClassData.from_group(quaternion())
    >>> used = verify_class_blocks(d, modular_characters(d).class_blocks)   # no error
    >>> all(p % 4 == 1 for p, _, _ in used)
    True
    """
    e = data.exponent
    r = data.nclasses
    if len(blocks) != r or any(b.shape != (r, o) for b, o in zip(blocks, data.element_orders)):
        raise CharacterTableError(
            f"exact check: expected {r} blocks of shapes (r, o_k), got shapes "
            f"{[b.shape for b in blocks]}"
        )
    n = r
    degrees = blocks[0][:, 0]
    for k, block in enumerate(blocks):
        bad = np.flatnonzero((block < 0).any(axis=1) | (block.sum(axis=1) != degrees))
        if bad.size:
            raise CharacterTableError(
                f"exact check: row {int(bad[0])}, class {k}: expected non-negative eigenvalue "
                f"multiplicities summing to the degree {int(degrees[bad[0]])}, got "
                f"{blocks[k][bad[0]].tolist()}"
            )
    for a in _unit_generators(e):
        for k, (powers, block) in enumerate(zip(data.power_classes, blocks)):
            o = len(powers)
            moved = blocks[powers[a % o]][:, (np.arange(o) * a) % o]
            bad = np.flatnonzero((moved != block).any(axis=1))
            if bad.size:
                raise CharacterTableError(
                    f"exact check: row {int(bad[0])}: expected "
                    f"chi(g^{a}) = sigma_{a}(chi(g)) on class {k} (Galois action), got "
                    f"multiplicities {block[bad[0]].tolist()} and {moved[bad[0]].tolist()}"
                )
    sizes = np.array(data.sizes, dtype=np.int64)
    inverse = list(data.inverse_classes)
    target = data.order * np.eye(n, dtype=np.int64)
    used = []
    for p, z in verification_primes(e, data.order * (int(degrees.max()) ** 2 + 1)):
        values = class_values_mod_p(data, blocks, p, z)
        used.append((p, z, values))
        gram = _mod_matmul(values * sizes % p, values[:, inverse].T, p)
        bad = np.argwhere(gram != target % p)
        if bad.size:
            i, j = (int(x) for x in bad[0])
            raise CharacterTableError(
                f"exact check: rows {i} and {j}: expected sum_k h_k chi_i conj(chi_j) = "
                f"{data.order if i == j else 0}, got {int(gram[i, j])} (mod {p})"
            )
    return tuple(used)
