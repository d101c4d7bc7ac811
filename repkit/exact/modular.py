"""Modular arithmetic for multimodular exact algorithms.

Primes in arithmetic progressions, inverses and roots of unity modulo p, the Chinese
remainder theorem, rational reconstruction, and rref / rank / null space modulo a word-size
prime through flint's ``nmod_mat``.

Examples
--------
>>> p = next_prime_congruent_one(12, 1000)
>>> z = primitive_root_of_unity_mod(p, 12)
>>> pow(z, 12, p) == 1 and all(pow(z, 12 // q, p) != 1 for q in (2, 3))
True
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from fractions import Fraction

import flint
import numpy as np

__all__ = [
    "is_prime",
    "next_prime_congruent_one",
    "primes_congruent_one",
    "inverse_mod",
    "primitive_root_mod",
    "primitive_root_of_unity_mod",
    "crt",
    "rational_reconstruction",
    "rref_mod_p",
    "rank_mod_p",
    "nullspace_mod_p",
]

_MAX_NMOD = 2**63


def _check_int(x: object, name: str) -> int:
    if isinstance(x, bool) or not isinstance(x, int):
        raise TypeError(f"{name}: expected an int, got {type(x).__name__}")
    return x


def is_prime(n: int) -> bool:
    """Whether ``n`` is prime (flint's BPSW test, proven for n < 2^64).

    Examples
    --------
    >>> [n for n in range(20) if is_prime(n)]
    [2, 3, 5, 7, 11, 13, 17, 19]
    """
    n = _check_int(n, "n")
    return n >= 2 and bool(flint.fmpz(n).is_prime())


def next_prime_congruent_one(e: int, bound: int) -> int:
    """The least prime ``p > bound`` with ``p = 1 (mod e)``.

    Then Z/p contains the ``e``-th roots of unity, so a cyclotomic field Q(zeta_e) maps onto
    Z/p (the prime splits completely).

    Parameters
    ----------
    e : int
        A positive modulus.
    bound : int
        The result is strictly larger than ``bound``.

    Raises
    ------
    ValueError
        If ``e < 1``.

    Notes
    -----
    Dirichlet's theorem guarantees existence; the search tests ``bound < 1 + k e`` in order,
    about log(bound) phi(e) candidates are expected (prime number theorem for progressions).

    Examples
    --------
    >>> p = next_prime_congruent_one(8, 100)
    >>> p, is_prime(p) and p % 8 == 1
    (113, True)
    """
    e = _check_int(e, "e")
    bound = _check_int(bound, "bound")
    if e < 1:
        raise ValueError(f"e: expected a positive integer, got {e}")
    k = (bound - 1) // e + 1 if bound >= 1 else 1  # least k with 1 + k e > bound
    while True:
        p = 1 + k * e
        if is_prime(p):
            return p
        k += 1


def primes_congruent_one(e: int, bound: int) -> Iterator[int]:
    """The primes ``p > bound`` with ``p = 1 (mod e)``, increasing (an endless iterator).

    Examples
    --------
    >>> from itertools import islice
    >>> list(islice(primes_congruent_one(3, 0), 4))
    [7, 13, 19, 31]
    """
    p = bound
    while True:
        p = next_prime_congruent_one(e, p)
        yield p


def inverse_mod(a: int, m: int) -> int:
    """The inverse of ``a`` modulo ``m`` in ``0..m-1``.

    Raises
    ------
    ZeroDivisionError
        If ``gcd(a, m) != 1``.

    Examples
    --------
    >>> (3 * inverse_mod(3, 7)) % 7
    1
    """
    a, m = _check_int(a, "a"), _check_int(m, "m")
    if m < 1:
        raise ValueError(f"m: expected a positive modulus, got {m}")
    if math.gcd(a, m) != 1:
        raise ZeroDivisionError(f"a: {a} is not invertible modulo {m} (gcd {math.gcd(a, m)})")
    return pow(a, -1, m)


def _prime_factors(n: int) -> list[int]:
    return sorted(int(p) for p, _ in flint.fmpz(n).factor()) if n > 1 else []


def primitive_root_mod(p: int) -> int:
    """The least generator of the multiplicative group of Z/p, ``p`` prime.

    Raises
    ------
    ValueError
        If ``p`` is not prime.

    Notes
    -----
    Tests g = 2, 3, ...: g generates iff g^((p-1)/q) != 1 for each prime q | p - 1
    (Cohen 1993, Alg. 1.4.4).

    Examples
    --------
    >>> g = primitive_root_mod(13)
    >>> sorted(pow(g, k, 13) for k in range(12)) == list(range(1, 13))
    True
    """
    p = _check_int(p, "p")
    if not is_prime(p):
        raise ValueError(f"p: expected a prime, got {p}")
    if p == 2:
        return 1
    qs = _prime_factors(p - 1)
    g = 2
    while any(pow(g, (p - 1) // q, p) == 1 for q in qs):
        g += 1
    return g


def primitive_root_of_unity_mod(p: int, n: int) -> int:
    """A primitive ``n``-th root of unity modulo the prime ``p`` (needs ``p = 1 mod n``).

    The result is ``g^((p-1)/n)`` for the least primitive root ``g``, so it is deterministic.

    Parameters
    ----------
    p : int
        A prime with ``n | p - 1``.
    n : int
        A positive integer.

    Raises
    ------
    ValueError
        If ``p`` is not prime or ``n`` does not divide ``p - 1``.

    Examples
    --------
    >>> z = primitive_root_of_unity_mod(13, 4)
    >>> pow(z, 2, 13) == 12          # z^2 = -1
    True
    """
    p, n = _check_int(p, "p"), _check_int(n, "n")
    if n < 1:
        raise ValueError(f"n: expected a positive integer, got {n}")
    if not is_prime(p):
        raise ValueError(f"p: expected a prime, got {p}")
    if (p - 1) % n:
        raise ValueError(f"p: expected a prime congruent to 1 modulo n={n}, got p={p}")
    return pow(primitive_root_mod(p), (p - 1) // n, p)


def crt(residues: Sequence[int], moduli: Sequence[int]) -> tuple[int, int]:
    """Chinese remainder theorem: ``(x, M)`` with ``x = r_i mod m_i``, ``0 <= x < M = prod m_i``.

    Raises
    ------
    ValueError
        If the lengths differ or the moduli are not pairwise coprime.

    Notes
    -----
    Incremental (Garner-style) combination, O(k^2) multiplications of growing integers
    (von zur Gathen & Gerhard, *Modern Computer Algebra*, Sec. 5.4).

    Examples
    --------
    >>> x, M = crt([2, 3, 2], [3, 5, 7])
    >>> x, M
    (23, 105)
    """
    if len(residues) != len(moduli):
        raise ValueError(f"moduli: expected {len(residues)} moduli, one per residue, got {len(moduli)}")
    x, M = 0, 1
    for r, m in zip(residues, moduli):
        r, m = _check_int(r, "residues[i]"), _check_int(m, "moduli[i]")
        if m < 1 or math.gcd(M, m) != 1:
            raise ValueError(f"moduli: expected pairwise coprime positive moduli, got {list(moduli)}")
        t = ((r - x) * pow(M, -1, m)) % m
        x += M * t
        M *= m
    return x % M, M


def rational_reconstruction(a: int, m: int, *, bound: int | None = None) -> Fraction | None:
    """The fraction ``n/d`` with ``n = a d (mod m)``, ``|n| <= N``, ``0 < d <= N``, or None.

    Parameters
    ----------
    a : int
        A residue modulo ``m``.
    m : int
        The modulus (> 1).
    bound : int, optional
        ``N``; default ``isqrt((m - 1) // 2)``, for which the answer is unique when it exists.

    Returns
    -------
    Fraction or None

    Notes
    -----
    Extended Euclid stopped half way, O(log(m)^2) (von zur Gathen & Gerhard, *Modern Computer
    Algebra*, Sec. 5.10, Thm. 5.26).

    Examples
    --------
    >>> m = 10007
    >>> a = (3 * pow(7, -1, m)) % m
    >>> rational_reconstruction(a, m)
    Fraction(3, 7)
    """
    a, m = _check_int(a, "a"), _check_int(m, "m")
    if m < 2:
        raise ValueError(f"m: expected a modulus > 1, got {m}")
    N = math.isqrt((m - 1) // 2) if bound is None else bound
    r0, r1 = m, a % m
    t0, t1 = 0, 1
    while r1 > N:
        q = r0 // r1
        r0, r1 = r1, r0 - q * r1
        t0, t1 = t1, t0 - q * t1
    if t1 == 0 or abs(t1) > N or math.gcd(r1, t1) != 1:
        return None
    if t1 < 0:
        r1, t1 = -r1, -t1
    return Fraction(r1, t1)


def _nmod(rows: Sequence[Sequence[int]] | flint.nmod_mat, p: int, name: str = "rows") -> flint.nmod_mat:
    if isinstance(rows, flint.nmod_mat):
        if int(rows.modulus()) != p:
            raise ValueError(f"{name}: an nmod_mat modulo {rows.modulus()} given with p={p}")
        return rows
    if isinstance(p, np.integer):
        p = int(p)
    p = _check_int(p, "p")
    if not (2 <= p < _MAX_NMOD) or not is_prime(p):
        raise ValueError(f"p: expected a prime below 2^63, got {p}")
    if isinstance(rows, np.ndarray) and rows.dtype.kind in "iub":
        if rows.ndim != 2:
            from ..errors import ShapeError

            raise ShapeError(f"{name}: expected a 2-d integer array, got shape {rows.shape}")
        r, c = rows.shape
        flat_ints = [x % p for x in rows.ravel().tolist()]
        return flint.nmod_mat(r, c, flat_ints, p)
    lst = [list(r) for r in rows]
    ncols = len(lst[0]) if lst else 0
    flat: list[int] = []
    for i, r in enumerate(lst):
        if len(r) != ncols:
            from ..errors import ShapeError

            raise ShapeError(f"{name}[{i}]: expected {ncols} entries like {name}[0], got {len(r)}")
        for j, x in enumerate(r):
            if isinstance(x, Fraction):
                if x.denominator % p == 0:
                    raise ZeroDivisionError(f"{name}[{i}][{j}]: denominator of {x} divisible by p={p}")
                x = x.numerator * pow(x.denominator, -1, p)
            elif isinstance(x, np.integer):
                x = int(x)
            elif isinstance(x, bool) or not isinstance(x, int):
                x = int(_check_int(x, f"{name}[{i}][{j}]"))
            flat.append(x % p)
    return flint.nmod_mat(len(lst), ncols, flat, p)


def _to_lists(m: flint.nmod_mat) -> list[list[int]]:
    return [[int(x) for x in r] for r in m.tolist()]


def rref_mod_p(rows: Sequence[Sequence[int]] | flint.nmod_mat, p: int) -> tuple[list[list[int]], tuple[int, ...]]:
    """Reduced row echelon form modulo ``p`` and its pivot columns.

    Parameters
    ----------
    rows : sequence of sequences of int (or Fraction with denominator prime to p), a 2-d
        NumPy integer array, or an nmod_mat
    p : int
        A prime below 2^63.

    Returns
    -------
    R : list of list of int
        Entries in ``0..p-1``, zero rows last.
    pivots : tuple of int

    Notes
    -----
    flint ``nmod_mat_rref`` (block recursive, O(n^omega)); cf. Cohen 1993, Sec. 2.2.

    Examples
    --------
    >>> R, piv = rref_mod_p([[2, 4, 1], [1, 2, 0]], 7)
    >>> R, piv
    ([[1, 2, 0], [0, 0, 1]], (0, 2))
    """
    m = _nmod(rows, p)
    R, rank = m.rref()
    out = _to_lists(R)
    piv = []
    for i in range(int(rank)):
        piv.append(next(j for j, x in enumerate(out[i]) if x))
    return out, tuple(piv)


def rank_mod_p(rows: Sequence[Sequence[int]] | flint.nmod_mat, p: int) -> int:
    """The rank modulo ``p`` (at most the rank over Q).

    Examples
    --------
    >>> rank_mod_p([[1, 1], [1, 3]], 2), rank_mod_p([[1, 1], [1, 3]], 3)
    (1, 2)
    """
    return int(_nmod(rows, p).rank())


def nullspace_mod_p(rows: Sequence[Sequence[int]] | flint.nmod_mat, p: int) -> list[list[int]]:
    """A basis of ``{x : A x = 0 (mod p)}`` as rows in reduced row echelon form.

    Parameters
    ----------
    rows : sequence of sequences of int, or nmod_mat
        The matrix A (r x c).
    p : int
        A prime below 2^63.

    Returns
    -------
    list of list of int
        ``c - rank`` rows of length ``c``, entries in ``0..p-1``; canonical (rref).

    Notes
    -----
    One ``nmod_mat_rref``; each free column f gives ``e_f - sum_i R[i, f] e_{pivot_i}``; the
    basis is then put in rref (Cohen 1993, Alg. 2.3.1).

    Examples
    --------
    >>> A = [[1, 2, 3], [4, 5, 6]]
    >>> N = nullspace_mod_p(A, 101)
    >>> all(sum(a * x for a, x in zip(row, v)) % 101 == 0 for v in N for row in A)
    True
    """
    m = _nmod(rows, p)
    ncols = m.ncols()
    R, piv = rref_mod_p(m, p)
    pivset = set(piv)
    basis = []
    for f in range(ncols):
        if f in pivset:
            continue
        v = [0] * ncols
        v[f] = 1
        for i, c in enumerate(piv):
            v[c] = (-R[i][f]) % p
        basis.append(v)
    if not basis:
        return []
    out, _ = rref_mod_p(basis, p)
    return out
