"""Size-free permutation layers of S_n: Deep Sets and its k-tuple generalisation, labelled once for all n.

``S_n`` acts on ``k``-tuples of points, ``(i_1, ..., i_k) -> (g i_1, ..., g i_k)``: the tensor
power ``V^{(x) k}`` of the natural representation. An equivariant map ``V^{(x) k_in} ->
V^{(x) k_out}`` is a weight-sharing pattern over the orbits of ``S_n`` on index tuples
``(I, J)`` of length ``k_out + k_in``, and the orbit of a tuple is its **equality type**: which
positions hold equal points, a set partition of the ``k_out + k_in`` positions with at most ``n``
blocks. So one label set serves every ``n``:

* an orbit type is written as its *restricted growth string*: position ``p`` gets the index of
  its block, blocks numbered by first occurrence (``(0, 0)`` is ``i = j``, ``(0, 1)`` is ``i != j``);
* the types are listed in lexicographic order of these strings, which is the canonical parameter
  order; for ``n`` smaller than the number of blocks of a type that type is empty and its
  parameter unused.

There are Bell(k_out + k_in) types: 2 for Deep Sets (``lambda I + gamma (11^T - I)``), 15 for
pairs to pairs (Maron, Ben-Hamu, Shamir, Lipman, ICLR 2019, sec. 3). A layer trained on sets of
one size therefore runs on any other size with the same parameters.

Applying a layer never needs the ``n^(k_out + k_in)`` pattern: write ``A_pi`` for the map of the
tuples whose equality type is ``pi`` *or coarser* (positions in one block of ``pi`` equal, others
free). ``A_pi`` is one diagonal / sum / broadcast operation (an ``einsum`` whose letters are the
blocks of ``pi``), and by Moebius inversion on the lattice of set partitions the exact-type maps
are ``E_s = sum_{pi >= s} mu(s, pi) A_pi`` (`orbit_type_moebius`; Stanley, *Enumerative
Combinatorics* I, 2nd ed., sec. 3.10, Example 3.10.4). For Deep Sets, ``A_(0,0) x = x`` and
``A_(0,1) x = (sum x) 1``, so ``E_(0,1) x = (sum x) 1 - x``.

Examples
--------
>>> orbit_types(1, 1)
((0, 0), (0, 1))
>>> len(orbit_types(2, 2))
15
>>> set_layer_pattern(3, 1, 1).tolist()             # identity and off-diagonal
[[0, 1, 1], [1, 0, 1], [1, 1, 0]]
"""

from __future__ import annotations

from itertools import product
from math import factorial
from typing import Any

import numpy as np

from ..errors import ShapeError
from .basis import DEFAULT_MAX_ENTRIES, BasisTooLargeError

__all__ = ["orbit_types", "set_layer_pattern", "set_layer_apply", "refines", "orbit_type_moebius"]


def _check_order(k: int, name: str) -> int:
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 0:
        raise ShapeError(f"{name}: expected a tensor order, an int >= 0, got {k!r}")
    return int(k)


def _growth_strings(length: int) -> list[tuple[int, ...]]:
    """All restricted growth strings of a length, in lexicographic order."""
    out: list[tuple[int, ...]] = [()]
    for _ in range(length):
        out = [s + (b,) for s in out for b in range((max(s) + 2) if s else 1)]
    return sorted(out)


def orbit_types(k_out: int, k_in: int) -> tuple[tuple[int, ...], ...]:
    """The orbit types of S_n on index tuples ``(I, J)``, ``|I| = k_out``, ``|J| = k_in``, for every n.

    Parameters
    ----------
    k_out, k_in : int
        Tensor orders of the output and input.

    Returns
    -------
    tuple of tuple of int
        Restricted growth strings of length ``k_out + k_in`` (output positions first), in
        lexicographic order: the canonical parameter order of `set_layer_pattern`.

    Notes
    -----
    Bell(k_out + k_in) strings; O(Bell * (k_out + k_in)).

    Examples
    --------
    >>> orbit_types(0, 2)          # invariant functions of pairs: the diagonal and the rest
    ((0, 0), (0, 1))
    """
    k_out, k_in = _check_order(k_out, "k_out"), _check_order(k_in, "k_in")
    return tuple(_growth_strings(k_out + k_in))


def _type_of(tuples: np.ndarray) -> np.ndarray:
    """The restricted growth string of each row of an integer array, as a row array."""
    n_rows, length = tuples.shape
    out = np.zeros_like(tuples)
    for p in range(1, length):
        # position p joins the block of the first earlier position holding the same point
        label = np.full(n_rows, -1, np.int64)
        for q in range(p - 1, -1, -1):
            same = tuples[:, q] == tuples[:, p]
            label = np.where(same, out[:, q], label)
        fresh = label < 0
        label[fresh] = (out[fresh, :p].max(axis=1) + 1) if p else 0
        out[:, p] = label
    return out


def set_layer_pattern(n: int, k_out: int, k_in: int, *,
                      max_entries: int = DEFAULT_MAX_ENTRIES) -> np.ndarray:
    """The weight-sharing pattern of ``Hom_{S_n}(V^{(x) k_in}, V^{(x) k_out})`` with size-free labels.

    Parameters
    ----------
    n : int
        Number of points, ``>= 1``.
    k_out, k_in : int
        Tensor orders.
    max_entries : int
        Refuse (``BasisTooLargeError``) a pattern of more than this many entries
        (``n^(k_out + k_in)``).

    Returns
    -------
    numpy.ndarray
        int64 ``(n^k_out, n^k_in)``: entry ``(I, J)`` (row-major tuple indices, as
        ``V ** k``) is the position of the equality type of ``(I, J)`` in `orbit_types`. It
        is ``rk.equivariant_basis(V ** k_in, V ** k_out).pattern`` up to renumbering the
        parameters (the tests check it for n = 2..10).

    Examples
    --------
    >>> p = set_layer_pattern(4, 0, 2)          # invariant of a 4 x 4 matrix: trace, off-diagonal sum
    >>> p.shape, np.diag(p.reshape(4, 4)).tolist(), int(p.max())
    ((1, 16), [0, 0, 0, 0], 1)
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ShapeError(f"n: expected the number of points, an int >= 1, got {n!r}")
    types = orbit_types(k_out, k_in)
    n = int(n)
    length = k_out + k_in
    total = n ** length
    if total > max_entries:
        raise BasisTooLargeError(f"max_entries: the pattern has n^(k_out + k_in) = {n}^{length} = {total} "
                                 f"entries, more than max_entries={max_entries}")
    index = {t: i for i, t in enumerate(types)}
    tuples = np.array(list(product(range(n), repeat=length)), np.int64).reshape(total, length)
    strings = _type_of(tuples) if length else np.zeros((1, 0), np.int64)
    # encode each growth string as a base-(length + 1) number for a vectorised lookup
    base = length + 1
    codes = strings @ (base ** np.arange(length - 1, -1, -1)) if length else np.zeros(1, np.int64)
    table = {sum(d * base ** (length - 1 - p) for p, d in enumerate(t)): i for t, i in index.items()}
    keys = np.array(sorted(table), np.int64)
    vals = np.array([table[k] for k in keys.tolist()], np.int64)
    labels = vals[np.searchsorted(keys, codes)]
    return labels.reshape(n ** k_out, n ** k_in)


def set_layer_apply(theta: Any, x: Any, k_out: int, k_in: int) -> np.ndarray:
    """The size-free layer on a batch: ``y[..., I] = sum_J theta[type(I, J)] x[..., J]``.

    Parameters
    ----------
    theta : array_like
        ``len(orbit_types(k_out, k_in))`` coefficients (unused ones ignored for small n).
    x : array_like
        ``(..., n, ..., n)`` with ``k_in`` trailing axes of length ``n`` (any ``n``).
    k_out, k_in : int

    Returns
    -------
    numpy.ndarray
        ``(..., n, ..., n)`` with ``k_out`` trailing axes.

    Examples
    --------
    >>> y = set_layer_apply([2.0, 1.0], np.array([1.0, 2.0, 3.0]), 1, 1)   # 2 x_i + sum_{j != i} x_j
    >>> y.tolist()
    [7.0, 8.0, 9.0]
    """
    arr = np.asarray(x, dtype=float)
    if arr.ndim < k_in or (k_in and len(set(arr.shape[arr.ndim - k_in:])) != 1):
        raise ShapeError(f"x: expected {k_in} trailing axes of one length n, got shape {arr.shape}")
    n = arr.shape[-1] if k_in else 1
    th = np.asarray(theta, dtype=float).ravel()
    types = orbit_types(k_out, k_in)
    if th.size != len(types):
        raise ShapeError(f"theta: expected {len(types)} coefficients (one per orbit type), got {th.size}")
    W = th[set_layer_pattern(n, k_out, k_in)]
    batch = arr.shape[:arr.ndim - k_in]
    flat = arr.reshape(batch + (n ** k_in,))
    return (flat @ W.T).reshape(batch + (n,) * k_out)


def refines(s: tuple[int, ...], pi: tuple[int, ...]) -> bool:
    """Whether the set partition with growth string ``s`` refines the one with string ``pi``.

    Parameters
    ----------
    s, pi : tuple of int
        Restricted growth strings of one length.

    Returns
    -------
    bool
        True when every block of ``s`` lies in a block of ``pi`` (``s[p] == s[q]`` implies
        ``pi[p] == pi[q]``), i.e. ``s <= pi`` in the partition lattice.

    Examples
    --------
    >>> refines((0, 1), (0, 0)), refines((0, 0), (0, 1))
    (True, False)
    """
    if len(s) != len(pi):
        raise ShapeError(f"pi: expected a growth string of length {len(s)}, got length {len(pi)}")
    image: dict[int, int] = {}
    return all(image.setdefault(a, b) == b for a, b in zip(s, pi))


def orbit_type_moebius(k_out: int, k_in: int) -> np.ndarray:
    """Integer matrix turning size-free coefficients into coefficients of the "type or coarser" maps.

    Parameters
    ----------
    k_out, k_in : int
        Tensor orders.

    Returns
    -------
    numpy.ndarray
        int64 ``(T, T)``, ``T = len(orbit_types(k_out, k_in))``, rows and columns in the order of
        `orbit_types`: ``M[pi, s] = mu(s, pi)``, the Moebius function of the partition lattice
        (zero unless ``s`` refines ``pi``). For coefficients ``theta`` of the exact types,
        ``sum_s theta[s] E_s = sum_pi (M @ theta)[pi] A_pi`` for every ``n``, where ``A_pi``
        sums over the tuples constant on the blocks of ``pi``.

    Notes
    -----
    ``mu(s, pi) = prod_B (-1)^(m_B - 1) (m_B - 1)!`` over the blocks ``B`` of ``pi``, ``m_B`` the
    number of blocks of ``s`` inside ``B`` (Stanley, *Enumerative Combinatorics* I, 2nd ed.,
    Example 3.10.4). O(T^2 (k_out + k_in)) integer operations.

    Examples
    --------
    >>> orbit_type_moebius(1, 1).tolist()      # E_(0,0) = A_(0,0), E_(0,1) = A_(0,1) - A_(0,0)
    [[1, -1], [0, 1]]
    >>> M = orbit_type_moebius(2, 2)           # the check on n = 3, exactly, against the pattern
    >>> P = set_layer_pattern(3, 2, 2)
    >>> types = orbit_types(2, 2)
    >>> coarser = [sum((P == t).astype(np.int64) for t, s in enumerate(types) if refines(pi, s))
    ...            for pi in types]
    >>> all(((sum(int(M[q, t]) * coarser[q] for q in range(15)) - (P == t)) == 0).all()
    ...     for t in range(15))
    True
    """
    types = orbit_types(k_out, k_in)
    out = np.zeros((len(types), len(types)), np.int64)
    for j, s in enumerate(types):
        for i, pi in enumerate(types):
            if not refines(s, pi):
                continue
            counts: dict[int, set[int]] = {}
            for a, b in zip(s, pi):
                counts.setdefault(b, set()).add(a)
            mu = 1
            for blocks in counts.values():
                m = len(blocks)
                mu *= (-1) ** (m - 1) * factorial(m - 1)
            out[i, j] = mu
    return out
