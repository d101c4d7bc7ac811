"""Permutation image lists as NumPy arrays: validation, composition, powers, words.

Internal helpers of :mod:`repkit.reps` for the permutation fast path. A permutation is a 0-based
image list ``p`` (``p[i]`` the image of point ``i``); composition is that of functions,
``(p o q)[i] = p[q[i]]``, which is ``p[q]`` in NumPy, so the matrix of ``p o q`` is the product of
the matrices of ``p`` and ``q``.

Examples
--------
>>> import numpy as np
>>> p = as_permutation([1, 2, 0], argument="p")
>>> compose(p, p).tolist(), power(p, 3).tolist()
([2, 0, 1], [0, 1, 2])
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..errors import InvalidPermutationError

__all__ = [
    "as_permutation",
    "frozen",
    "compose",
    "invert",
    "power",
    "evaluate_word",
    "is_identity",
    "parity",
]


def frozen(array: np.ndarray) -> np.ndarray:
    """Return ``array`` marked read-only (shared arrays of immutable objects must not change).

    Examples
    --------
    >>> frozen(np.arange(3)).flags.writeable
    False
    """
    array.flags.writeable = False
    return array


def as_permutation(p: Any, *, argument: str, degree: int | None = None) -> np.ndarray:
    """Validate a 0-based image list and return it as a read-only ``intp`` array.

    Parameters
    ----------
    p : sequence of int or numpy integer array
        The image list.
    argument : str
        Name used in error messages, e.g. ``"images['r']"``.
    degree : int, optional
        The required length.

    Returns
    -------
    numpy.ndarray

    Raises
    ------
    InvalidPermutationError
        If ``p`` is not a sequence of integers, has the wrong length, or is not a bijection of
        ``0 .. len(p)-1``; the message shows the offending value.

    Notes
    -----
    ``O(n)`` time and memory (a bincount).

    Examples
    --------
    >>> as_permutation([0, 0, 1], argument="p")
    Traceback (most recent call last):
        ...
    repkit.errors.InvalidPermutationError: p: expected a bijection of 0..2 (a 0-based image list), got [0, 0, 1]: 0 appears twice and 2 never
    """
    if isinstance(p, np.ndarray):
        if p.ndim != 1 or (p.size and p.dtype.kind not in "iu"):
            raise InvalidPermutationError(
                f"{argument}: expected a 1-d integer array (a 0-based image list), got an array "
                f"of shape {p.shape} and dtype {p.dtype}")
        arr = p.astype(np.intp, copy=True)
    else:
        if isinstance(p, (str, bytes)) or not isinstance(p, Sequence):
            raise InvalidPermutationError(
                f"{argument}: expected a list of ints (a 0-based image list), got "
                f"{type(p).__name__} {_short(p)}")
        for k, x in enumerate(p):
            if isinstance(x, bool) or not isinstance(x, (int, np.integer)):
                raise InvalidPermutationError(
                    f"{argument}[{k}]: expected an int point, got {type(x).__name__} {x!r}")
        arr = np.fromiter((int(x) for x in p), dtype=np.intp, count=len(p))
    n = arr.size
    if degree is not None and n != degree:
        raise InvalidPermutationError(
            f"{argument}: expected an image list of length {degree} like the other generators, "
            f"got length {n}")
    if n and (arr.min() < 0 or arr.max() >= n):
        bad = int(arr[(arr < 0) | (arr >= n)][0])
        raise InvalidPermutationError(
            f"{argument}: expected points in 0..{n - 1} (0-based), got {_short(arr.tolist())} "
            f"containing {bad}")
    counts = np.bincount(arr, minlength=n)
    if n and counts.max() > 1:
        twice = int(np.argmax(counts > 1))
        never = int(np.argmax(counts == 0))
        raise InvalidPermutationError(
            f"{argument}: expected a bijection of 0..{n - 1} (a 0-based image list), got "
            f"{_short(arr.tolist())}: {twice} appears twice and {never} never")
    return frozen(arr)


def _short(value: Any, limit: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 5] + " ...]"


def compose(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """The composite ``p o q`` (first ``q``, then ``p``): ``(p o q)[i] = p[q[i]]``.

    Examples
    --------
    >>> compose(np.array([1, 0, 2]), np.array([0, 2, 1])).tolist()
    [1, 2, 0]
    """
    return p[q]


def invert(p: np.ndarray) -> np.ndarray:
    """The inverse permutation.

    Examples
    --------
    >>> p = np.array([2, 0, 1])
    >>> compose(p, invert(p)).tolist()
    [0, 1, 2]
    """
    inv = np.empty_like(p)
    inv[p] = np.arange(p.size, dtype=p.dtype)
    return inv


def power(p: np.ndarray, k: int) -> np.ndarray:
    """The ``k``-th power of ``p`` (negative ``k`` through the inverse), by repeated squaring.

    Notes
    -----
    ``O(n log |k|)``.

    Examples
    --------
    >>> power(np.array([1, 2, 3, 0]), -1).tolist()
    [3, 0, 1, 2]
    """
    base = p if k >= 0 else invert(p)
    k = abs(k)
    result = np.arange(p.size, dtype=p.dtype)
    while k:
        if k & 1:
            result = base[result]
        k >>= 1
        if k:
            base = base[base]
    return result


def evaluate_word(word: Sequence[int], perms: Sequence[np.ndarray],
                  inverses: Sequence[np.ndarray], degree: int) -> np.ndarray:
    """The permutation of a word ``l1 l2 ... lk``: ``p_{l1} o p_{l2} o ... o p_{lk}``.

    Runs of one letter are raised to a power by repeated squaring, so ``r^1000000`` costs
    ``O(n log 10^6)``.

    Examples
    --------
    >>> r = np.array([1, 2, 3, 0]); f = np.array([0, 3, 2, 1])
    >>> evaluate_word((1, 2, 1, 2), [r, f], [invert(r), invert(f)], 4).tolist()
    [0, 1, 2, 3]
    """
    result = np.arange(degree, dtype=np.intp)
    k = 0
    n = len(word)
    while k < n:
        letter = word[k]
        run = 1
        while k + run < n and word[k + run] == letter:
            run += 1
        base = perms[letter - 1] if letter > 0 else inverses[-letter - 1]
        result = result[power(base, run) if run > 1 else base]
        k += run
    return result


def is_identity(p: np.ndarray) -> bool:
    """Whether ``p`` is the identity permutation.

    Examples
    --------
    >>> is_identity(np.arange(5)), is_identity(np.array([1, 0]))
    (True, False)
    """
    return bool(np.array_equal(p, np.arange(p.size)))


def parity(p: np.ndarray) -> int:
    """``0`` for an even, ``1`` for an odd permutation (from the cycle count, ``O(n)``).

    Examples
    --------
    >>> parity(np.array([1, 0, 2])), parity(np.array([1, 2, 0]))
    (1, 0)
    """
    n = p.size
    seen = np.zeros(n, dtype=bool)
    cycles = 0
    plist = p.tolist()
    for start in range(n):
        if seen[start]:
            continue
        cycles += 1
        x = start
        while not seen[x]:
            seen[x] = True
            x = plist[x]
    return (n - cycles) % 2
