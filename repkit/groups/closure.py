"""Breadth-first enumeration of a finite group: standardized right tables and spanning trees.

Every :class:`~repkit.groups.group.FiniteGroup` numbers its elements ``0 .. order-1`` in the
shortlex order of their normal-form words over the alphabet ``g0 < g0^-1 < g1 < g1^-1 < ...``,
``0`` being the identity.  That numbering is exactly the order in which a breadth-first search
from the identity meets the elements when it processes elements in order and tries the columns
``0, 1, ..., 2*ngens-1`` of the right table in order (HEO ch. 5, STANDARDIZE, pp. 167-168).
This module computes that numbering

* from any right multiplication table (:func:`standardize_table`, e.g. the output of
  Todd–Coxeter), vectorized layer by layer with numpy;
* from permutations (:func:`permutation_closure`) or any hashable objects with a product
  (:func:`object_closure`, used for matrices), by a layered BFS with a hash table,

together with the BFS spanning tree ``(parent, column)``: the normal-form word of an element is
the word of its parent followed by the letter of its column.

References
----------
D. F. Holt, B. Eick, E. A. O'Brien, *Handbook of Computational Group Theory*, 2005, §5.1
(coset tables, standardization) and §4.1 (orbit algorithms).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import TypeVar

import numpy as np

from ..errors import GroupTooLargeError, InvalidPermutationError, NotAnElementError, ResourceLimitError
from ..errors import _short_repr
from ..exact.matrix import Matrix
from .presentation import Presentation

__all__ = ["standardize_table", "permutation_closure", "object_closure", "validate_permutations",
           "MAX_CLOSURE_ENTRIES"]

#: Matrix closures stop when the matrices found hold more entries than this (about 1.6 GB or more).
MAX_CLOSURE_ENTRIES = 10**8

T = TypeVar("T", bound=Hashable)


def standardize_table(table: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Renumber a right multiplication table in BFS (shortlex) order and return its tree.

    Parameters
    ----------
    table : numpy.ndarray
        Integer array of shape ``(order, 2*ngens)``; ``table[g, c]`` is ``g`` times the letter
        of column ``c`` (generator ``i`` in column ``2i``, its inverse in ``2i+1``), with row 0
        the identity.

    Returns
    -------
    table : numpy.ndarray
        The renumbered table (int64, read-only), standardized.
    parent : numpy.ndarray
        ``parent[g]`` is the element ``g`` was reached from (``-1`` for ``g = 0``).
    column : numpy.ndarray
        ``column[g]`` is the column of the last letter of ``g``'s normal form (``-1`` for 0).

    Raises
    ------
    NotAnElementError
        If an entry is out of range or not every row is reachable from row 0.

    Notes
    -----
    ``O(order * ngens)`` time and memory; one numpy pass per BFS layer (the number of layers is
    the diameter of the Cayley graph).  HEO ch. 5 (STANDARDIZE, pp. 167-168).

    Examples
    --------
    >>> import numpy as np
    >>> t = np.array([[2, 1], [0, 2], [1, 0]])        # Z3 numbered 0, g^-1, g
    >>> std, parent, column = standardize_table(t)
    >>> std.tolist(), parent.tolist(), column.tolist()
    ([[1, 2], [2, 0], [0, 1]], [-1, 0, 0], [-1, 0, 1])
    """
    tab = np.asarray(table, dtype=np.int64)
    if tab.ndim != 2 or tab.shape[0] < 1 or tab.shape[1] % 2:
        raise NotAnElementError(
            f"table: expected an array of shape (order >= 1, 2*ngens), got shape {tab.shape}")
    n, ncols = tab.shape
    if tab.size and (tab.min() < 0 or tab.max() >= n):
        raise NotAnElementError(
            f"table: entries must lie in 0..{n - 1}, got range {tab.min()}..{tab.max()}")
    new = np.full(n, -1, dtype=np.int64)
    new[0] = 0
    parent = np.full(n, -1, dtype=np.int64)
    column = np.full(n, -1, dtype=np.int64)
    frontier = np.zeros(1, dtype=np.int64)
    count = 1
    while frontier.size and ncols:
        cand = tab[frontier].ravel()
        idx = np.flatnonzero(new[cand] < 0)
        if idx.size == 0:
            break
        vals = cand[idx]
        _, first = np.unique(vals, return_index=True)
        first.sort()
        pos = idx[first]
        nodes = vals[first]
        k = nodes.size
        new[nodes] = np.arange(count, count + k)
        parent[count:count + k] = new[frontier[pos // ncols]]
        column[count:count + k] = pos % ncols
        count += k
        frontier = nodes
    if count != n:
        raise NotAnElementError(
            f"table: only {count} of its {n} rows are reachable from row 0; "
            "not the right table of a group on these generators")
    std = np.empty_like(tab)
    std[new] = new[tab]
    for arr in (std, parent, column):
        arr.setflags(write=False)
    return std, parent, column


def _raise_too_large(count: int, max_order: int, what: str) -> None:
    raise GroupTooLargeError(
        f"max_order: the group generated by the {what} has more than {max_order} elements "
        f"(enumeration stopped after finding {count}); raise max_order or avoid operations "
        "that need every element")


def permutation_closure(letters: Sequence[np.ndarray], *, max_order: int,
                        base: Sequence[int] | None = None,
                        progress: Callable[[int], None] | None = None) -> np.ndarray:
    """Enumerate the group generated by permutations and return its standardized right table.

    Parameters
    ----------
    letters : sequence of numpy.ndarray
        The permutations of the letters in column order: generator 0, its inverse, generator 1,
        its inverse, ... (image lists, composed as functions: ``(g h)(i) = g(h(i))``).
    max_order : int
        Stop with :class:`~repkit.errors.GroupTooLargeError` beyond this many elements.
    base : sequence of int, optional
        A base of the group (e.g. from :func:`~repkit.groups.schreier_sims.schreier_sims`):
        an element is determined by the images of the base points, so only those are hashed.
        Default: all points.
    progress : callable, optional
        Called with the number of elements found after each BFS layer.

    Returns
    -------
    numpy.ndarray
        The right table (shape ``(order, len(letters))``), already standardized: row ``g`` is
        element ``g`` in the shortlex numbering, ``table[g, c]`` is ``g`` times letter ``c``.

    Raises
    ------
    GroupTooLargeError
        If more than ``max_order`` elements are found.

    Notes
    -----
    Layered BFS (HEO §4.1, orbit algorithm on the regular action): the products of a whole
    layer with all letters are formed by one numpy fancy-indexing step; each product is looked
    up in a hash table keyed by the images of the base points (HEO §4.4: a base determines
    each element).  Time ``O(order * ngens * degree)``, memory ``O(order * len(base))`` bytes
    for the hash keys during the run, ``O(order * ngens)`` after.

    Examples
    --------
    >>> import numpy as np
    >>> s, c = np.array([1, 0, 2]), np.array([1, 2, 0])
    >>> t = permutation_closure([s, s, c, np.argsort(c)], max_order=10)
    >>> t.shape, sorted(set(t[:, 0].tolist())) == list(range(6))
    ((6, 4), True)
    >>> bool((permutation_closure([s, s, c, np.argsort(c)], max_order=10, base=[0, 1]) == t).all())
    True
    """
    degree = letters[0].size if letters else 0
    dtype = np.uint8 if degree < 256 else (np.uint16 if degree < 65536 else np.int64)
    lets = np.asarray(np.stack(letters) if letters else np.zeros((0, degree), np.int64),
                      dtype=np.intp)
    ncols = len(letters)
    identity = np.arange(degree, dtype=dtype)
    points = np.arange(degree) if base is None else np.asarray(list(base), dtype=np.intp)
    width = identity[points].nbytes
    seen: dict[bytes, int] = {identity[points].tobytes(): 0}
    rows: list[np.ndarray] = []
    frontier = identity[None, :]
    while frontier.shape[0]:
        if ncols == 0:
            rows.append(np.zeros((1, 0), dtype=np.int64))
            break
        prods = np.ascontiguousarray(frontier[:, lets].reshape(-1, degree))
        blob = np.ascontiguousarray(prods[:, points]).tobytes()
        targets = np.empty(prods.shape[0], dtype=np.int64)
        fresh: list[int] = []
        for r in range(prods.shape[0]):
            key = blob[r * width:(r + 1) * width]
            idx = seen.get(key)
            if idx is None:
                idx = len(seen)
                if idx >= max_order:
                    _raise_too_large(idx, max_order, "permutations")
                seen[key] = idx
                fresh.append(r)
            targets[r] = idx
        rows.append(targets.reshape(-1, ncols))
        frontier = prods[fresh]
        if progress is not None:
            progress(len(seen))
    return np.concatenate(rows, axis=0)


def object_closure(letters: Sequence[T], identity: T, multiply: Callable[[T, T], T], *,
                   max_order: int, what: str = "generators",
                   progress: Callable[[int], None] | None = None,
                   max_entries: int = MAX_CLOSURE_ENTRIES) -> np.ndarray:
    """Enumerate the group generated by hashable objects; return its standardized right table.

    Parameters
    ----------
    letters : sequence
        The letters' values in column order (generator 0, its inverse, generator 1, ...).
    identity : object
        The identity object.
    multiply : callable
        ``multiply(a, b)`` is the product ``a b``; ``==`` and ``hash`` must be exact.
    max_order : int
        Stop with :class:`~repkit.errors.GroupTooLargeError` beyond this many elements.
    what : str, optional
        How the generators are called in error messages.
    progress : callable, optional
        Called with the number of elements found after each BFS layer.
    max_entries : int, optional
        For exact matrices (`repkit.exact.Matrix` letters): bound on the entries of all the
        matrices found (``order * n^2``), default :data:`MAX_CLOSURE_ENTRIES`.

    Returns
    -------
    numpy.ndarray
        The standardized right table, shape ``(order, len(letters))``.

    Raises
    ------
    GroupTooLargeError
        If more than ``max_order`` elements are found, or, for exact matrices, before any
        enumeration when a cheap exact proof shows the group is infinite (a generator, or a
        product of two, has infinite order: its minimal polynomial is not a product of distinct
        cyclotomic polynomials, e.g. a determinant that is not a root of unity) or larger than
        ``max_order`` (the lcm of those element orders exceeds it); and during the enumeration
        when a rational matrix found has a trace that is not an integer of absolute value at
        most ``n`` (a sum of ``n`` roots of unity), which proves infinite order.
    ResourceLimitError
        If the matrices found would hold more than ``max_entries`` entries.

    Notes
    -----
    BFS closure with hashing (HEO §4.1); ``O(order * ngens)`` products and hash look-ups. The
    matrix pre-checks cost O(n^3) per generator and pair (`Matrix.multiplicative_order`), the
    trace test O(n) per element.

    Examples
    --------
    >>> t = object_closure([1, 4, 4, 1], 0, lambda a, b: (a + b) % 5, max_order=10)
    >>> t[:, 0].tolist()            # Z5 numbered 0, 1, -1, 2, -2
    [1, 3, 0, 4, 2]
    """
    ncols = len(letters)
    size = _matrix_precheck(letters, max_order, what, max_entries)
    limit = max_order if size is None else min(max_order, max(1, max_entries // max(1, size * size)))
    seen: dict[T, int] = {identity: 0}
    elements: list[T] = [identity]
    table: list[list[int]] = []
    head = 0
    while head < len(elements):
        layer_end = len(elements)
        while head < layer_end:
            g = elements[head]
            row = []
            for x in letters:
                h = multiply(g, x)
                idx = seen.get(h)
                if idx is None:
                    idx = len(elements)
                    if idx >= limit:
                        if limit == max_order:
                            _raise_too_large(idx, max_order, what)
                        raise ResourceLimitError(
                            f"max_entries: the group generated by the {what} has more than {idx} "
                            f"elements, whose {size} x {size} matrices exceed max_entries={max_entries} "
                            f"entries (object_closure; default repkit.groups.closure.MAX_CLOSURE_ENTRIES)")
                    if size is not None:
                        _check_trace(h, size, what)  # type: ignore[arg-type]
                    seen[h] = idx
                    elements.append(h)
                row.append(idx)
            table.append(row)
            head += 1
        if progress is not None:
            progress(len(elements))
    return np.asarray(table, dtype=np.int64).reshape(len(elements), ncols)


def _matrix_precheck(letters: Sequence[object], max_order: int, what: str, max_entries: int) -> int | None:
    """Exact cheap proofs that matrix letters generate an infinite or too large group.

    Returns the matrix size, or None when the letters are not exact matrices.
    """
    if not letters or not all(isinstance(m, Matrix) for m in letters):
        return None
    gens: list[Matrix] = list(letters[::2])  # type: ignore[arg-type]
    probes = [(f"generator {i}", g) for i, g in enumerate(gens)]
    if len(gens) <= 6:
        probes += [(f"the product of generators {i} and {j}", gens[i] @ gens[j])
                   for i in range(len(gens)) for j in range(i + 1, len(gens))]
    exponent = 1
    for name, m in probes:
        k = m.multiplicative_order()
        if k is None:
            raise GroupTooLargeError(
                f"max_order: the group generated by the {what} is infinite: {name} has infinite order "
                f"(its minimal polynomial is not a product of distinct cyclotomic polynomials"
                f"{_det_note(m)})")
        exponent = exponent * k // math.gcd(exponent, k)
        if exponent > max_order:
            raise GroupTooLargeError(
                f"max_order: the group generated by the {what} has more than max_order={max_order} "
                f"elements: its element orders have lcm {exponent} (nothing was enumerated); raise "
                "max_order or avoid operations that need every element")
    n = int(gens[0].nrows)
    if exponent * n * n > max_entries:
        raise ResourceLimitError(
            f"max_entries: the group generated by the {what} has at least {exponent} elements (the lcm of "
            f"element orders), whose {n} x {n} matrices exceed max_entries={max_entries} entries (nothing "
            f"was enumerated; object_closure, default repkit.groups.closure.MAX_CLOSURE_ENTRIES)")
    return n


def _det_note(m: Matrix) -> str:
    d = m.det()
    return f"; its determinant {d} is not a root of unity" if m.is_rational and d not in (1, -1) else ""


def _check_trace(m: Matrix, size: int, what: str) -> None:
    """A rational matrix of finite order has an integer trace of absolute value at most its size."""
    if not m.is_rational:
        return
    t = m.trace()
    if t.denominator != 1 or abs(t) > size:
        raise GroupTooLargeError(
            f"max_order: the group generated by the {what} is infinite: it holds a {size} x {size} matrix "
            f"of trace {t}, which no matrix of finite order has (a sum of {size} roots of unity)")


def validate_permutations(perms: Mapping[str, Sequence[int]]) -> tuple[tuple[str, ...],
                                                                       tuple[tuple[int, ...], ...]]:
    """Check a mapping of generator names to 0-based image lists; return names and tuples.

    Parameters
    ----------
    perms : mapping from str to sequence of int
        Generator names to image lists, all of the same length.

    Returns
    -------
    names : tuple of str
    images : tuple of tuple of int

    Raises
    ------
    InvalidPermutationError
        Naming the generator and the bad entry: not a list, a non-int entry, an entry out of
        range, a repeated image, or a length different from the first generator's.
    PresentationSyntaxError
        If a name is not an identifier.

    Examples
    --------
    >>> validate_permutations({"s": [1, 0, 2], "c": (1, 2, 0)})
    (('s', 'c'), ((1, 0, 2), (1, 2, 0)))
    >>> validate_permutations({"s": [1, 1, 2]})
    Traceback (most recent call last):
    ...
    repkit.errors.InvalidPermutationError: permutations['s']: image 1 appears twice (positions 0 and 1); not a permutation
    """
    if not isinstance(perms, Mapping):
        raise InvalidPermutationError(
            f"permutations: expected a mapping such as {{'s': [1, 0, 2]}} from generator names "
            f"to 0-based image lists, got {type(perms).__name__}")
    names = Presentation(tuple(perms)).generators      # validates the names
    degree: int | None = None
    out = []
    for name in names:
        raw = perms[name]
        if isinstance(raw, (str, bytes)) or not isinstance(raw, (Sequence, np.ndarray)):
            raise InvalidPermutationError(
                f"permutations[{name!r}]: expected a list of ints (0-based images), "
                f"got {type(raw).__name__}")
        images = []
        for pos, x in enumerate(raw):
            if isinstance(x, (bool, np.bool_)) or not isinstance(x, (int, np.integer)):
                raise InvalidPermutationError(
                    f"permutations[{name!r}][{pos}]: expected an int image, got {_short_repr(x)}")
            images.append(int(x))
        if degree is None:
            degree = len(images)
        elif len(images) != degree:
            raise InvalidPermutationError(
                f"permutations[{name!r}]: expected length {degree} like "
                f"permutations[{names[0]!r}], got length {len(images)}")
        first: dict[int, int] = {}
        for pos, x in enumerate(images):
            if not 0 <= x < degree:
                raise InvalidPermutationError(
                    f"permutations[{name!r}][{pos}] = {x} is out of range: images must lie in "
                    f"0..{degree - 1} (0-based)")
            if x in first:
                raise InvalidPermutationError(
                    f"permutations[{name!r}]: image {x} appears twice (positions {first[x]} and "
                    f"{pos}); not a permutation")
            first[x] = pos
        out.append(tuple(images))
    return names, tuple(out)
