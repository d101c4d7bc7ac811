"""Exact homomorphism checks for generator images (relators, or the graph of the map).

By von Dyck's theorem a map from the generators of ``G = <X | R>`` to a group ``H`` extends to a
homomorphism ``G -> H`` if and only if every relator in ``R`` maps to the identity: the kernel
of the free group ``F(X) -> G`` is the normal closure of ``R``, and a map ``F(X) -> H`` that kills
``R`` kills its normal closure (von Dyck's theorem; Holt–Eick–O'Brien, *Handbook of
Computational Group Theory*, 2005, §2.4, presentations of groups). So checking the
relators is complete, and it costs one word evaluation per relator -- nothing of size ``|G|``.

Examples
--------
>>> import numpy as np
>>> from repkit.groups.presentation import Presentation
>>> P = Presentation(("r", "f"), ((1, 1, 1, 1), (2, 2), (1, 2, 1, 2)))
>>> r, f = np.array([1, 2, 3, 0]), np.array([0, 3, 2, 1])
>>> failing_relator_perm(P.relators, [r, f], 4) is None
True
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any
from fractions import Fraction

import numpy as np

from ..errors import NotAHomomorphismError
from ..exact import Matrix
from ..groups.words import format_word, free_reduce, inverse_word
from ._util import short_matrix
from ..groups.schreier_sims import permutation_group_order
from . import _perm

__all__ = [
    "LazyInverses",
    "matrix_word",
    "failing_relator_matrix",
    "failing_relator_perm",
    "graph_order_ok",
    "failing_cayley_edge",
    "cayley_edge_error",
]


class LazyInverses(Sequence[Matrix]):
    """The inverses of a tuple of invertible matrices, each computed on first use and kept.

    Words without inverse letters (``r^n``, ``f^2``, ...) never pay for an inverse, which over a
    large cyclotomic field can be far more expensive than the products. Once the matrices are
    known to represent group elements of finite order ``k`` (``order(i)`` returns it, or
    ``None``), a non-rational inverse is taken as the power ``M^(k-1)``: ``O(log k)`` products
    and no division in Q(zeta_n).

    Examples
    --------
    >>> inv = LazyInverses((Matrix([[2]]),))
    >>> inv[0] == Matrix([[Fraction(1, 2)]]) and len(inv) == 1
    True
    """

    def __init__(self, matrices: Sequence[Matrix], known: dict[int, Matrix] | None = None,
                 order: Callable[[int], int | None] | None = None) -> None:
        self._matrices = tuple(matrices)
        self._known: dict[int, Matrix] = dict(known or {})
        self._order = order

    def __len__(self) -> int:
        return len(self._matrices)

    def with_order(self, order: Callable[[int], int | None]) -> LazyInverses:
        """The same inverses (those computed so far are kept), now allowed to use ``order``."""
        return LazyInverses(self._matrices, self._known, order)

    def __getitem__(self, index: int) -> Matrix:  # type: ignore[override]
        if index not in self._known:
            m = self._matrices[index]
            k = self._order(index) if self._order is not None and not m.is_rational else None
            self._known[index] = m.power(k - 1) if k else m.inverse()
        return self._known[index]


def _runs(word: Sequence[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for letter in word:
        if runs and runs[-1][0] == letter:
            runs[-1] = (letter, runs[-1][1] + 1)
        else:
            runs.append((letter, 1))
    return runs


def matrix_word(word: Sequence[int], images: Sequence[Matrix], inverses: Sequence[Matrix],
                dim: int) -> Matrix:
    """The product ``M_{l1} M_{l2} ... M_{lk}`` of a word's letters (runs by repeated squaring).

    Examples
    --------
    >>> R = Matrix([[0, -1], [1, 0]])
    >>> matrix_word((1, 1, 1, 1), [R], [R.inverse()], 2).is_identity()
    True
    """
    result: Matrix | None = None
    for letter, run in _runs(word):
        base = images[letter - 1] if letter > 0 else inverses[-letter - 1]
        factor = base if run == 1 else base.power(run)
        result = factor if result is None else result @ factor
    return Matrix.identity(dim) if result is None else result


def failing_relator_matrix(relators: Sequence[Sequence[int]], images: Sequence[Matrix],
                           inverses: Sequence[Matrix], dim: int) -> tuple[int, Matrix] | None:
    """The first relator (index and value) whose image is not the identity, or ``None``.

    Notes
    -----
    ``O(sum over relators of (#syllables + log(run lengths)) * dim^3)`` field operations.

    Examples
    --------
    >>> R = Matrix([[0, -1], [1, 0]])
    >>> failing_relator_matrix([(1, 1)], [R], [R.inverse()], 2)[0]
    0
    """
    identity = Matrix.identity(dim)
    for k, relator in enumerate(relators):
        value = matrix_word(relator, images, inverses, dim)
        if value != identity:
            return k, value
    return None


def failing_relator_perm(relators: Sequence[Sequence[int]], perms: Sequence[np.ndarray],
                         degree: int) -> tuple[int, np.ndarray] | None:
    """The first relator (index and permutation) not mapped to the identity, or ``None``.

    Notes
    -----
    ``O(sum over relators of #syllables * degree * log(run length))`` with NumPy.

    Examples
    --------
    >>> failing_relator_perm([(1, 1)], [np.array([1, 2, 0])], 3)[1].tolist()
    [2, 0, 1]
    """
    inverses = [_perm.invert(p) for p in perms]
    for k, relator in enumerate(relators):
        value = _perm.evaluate_word(relator, perms, inverses, degree)
        if not _perm.is_identity(value):
            return k, value
    return None


def graph_order_ok(group_perms: Sequence[np.ndarray], image_perms: Sequence[np.ndarray],
                   group_order: int) -> bool:
    """Whether ``g_i -> p_i`` extends to a homomorphism of permutation groups, via orders.

    The subgroup ``D = <(g_i, p_i)>`` of ``G x Sym(m)`` (acting on the disjoint union of the two
    point sets) maps onto ``G``; the map is a well-defined homomorphism exactly when that
    projection is injective, i.e. when ``|D| = |G|`` (its kernel ``{(1, p)}`` in ``D`` is
    trivial). Both orders come from Schreier--Sims, so nothing of size ``|G|`` is built.

    Notes
    -----
    Polynomial in the degrees (Schreier--Sims, HEO §4.4); ``O(ngens n)`` when the images are
    the group's own generators (the natural action, trivially a homomorphism). Testing a map
    through the order of its graph subgroup is the standard device for homomorphisms of
    permutation groups (HEO §4.4 and §3.3 on homomorphisms; Seress, *Permutation Group
    Algorithms*, 2003, Ch. 5).

    Examples
    --------
    >>> s, c = np.array([1, 0, 2]), np.array([1, 2, 0])      # S3
    >>> graph_order_ok([s, c], [np.array([1, 0]), np.array([0, 1])], 6)   # the sign
    True
    >>> graph_order_ok([s, c], [np.array([1, 0]), np.array([1, 0])], 6)
    False
    >>> graph_order_ok([s, c], [s.copy(), c.copy()], 6)                 # the natural action
    True
    """
    n = group_perms[0].size if group_perms else 0
    m = image_perms[0].size if image_perms else 0
    if m == n and all(np.array_equal(g, p) for g, p in zip(group_perms, image_perms)):
        return True          # the identity map on the generators: the natural action itself
    joined = [np.concatenate([g, p + n]) for g, p in zip(group_perms, image_perms)]
    return permutation_group_order(joined, degree=n + m) == group_order


def failing_cayley_edge(right_table: np.ndarray, parent: np.ndarray, letter: np.ndarray,
                        images: Sequence[Matrix], inverses: Sequence[Matrix],
                        dim: int) -> tuple[int, int, Matrix, Matrix] | None:
    """Check generator images on every edge of the Cayley graph; the first failing edge or None.

    The images of all elements are built along the BFS spanning tree (``rho(g) =
    rho(parent[g]) rho(letter[g])``), then every edge ``g -> g x`` (``x`` a generator) is checked:
    ``rho(g) rho(x) == rho(g x)``.  This is the same test as evaluating the Cayley-graph relators
    ``word(g) x word(g x)^-1`` (one per non-tree edge; they generate the kernel of the free group
    onto ``G``, so passing it is equivalent to being a homomorphism), but each relator costs one
    matrix product instead of a whole word.

    Returns
    -------
    None, or (g, i, left, right)
        The element ``g``, the generator index ``i`` and the two sides ``rho(g) rho(x_i)`` and
        ``rho(g x_i)`` that differ.

    Notes
    -----
    ``|G| (ngens + 1)`` products of ``dim x dim`` matrices and ``|G|`` stored images.

    Examples
    --------
    >>> import repkit as rk
    >>> G = rk.Group.from_permutations({"s": [1, 0, 2], "c": [1, 2, 0]})
    >>> parent, letter = G.spanning_tree
    >>> one = [Matrix([[1]]), Matrix([[1]])]
    >>> failing_cayley_edge(G.right_table, parent, letter, one, one, 1) is None
    True
    >>> bad = [Matrix([[1]]), Matrix([[-1]])]          # c has order 3, so c -> -1 is not a hom
    >>> failing_cayley_edge(G.right_table, parent, letter, bad, bad, 1) is not None
    True
    """
    n = int(right_table.shape[0])
    values: list[Matrix] = [Matrix.identity(dim)] * n
    for g in range(1, n):
        x = int(letter[g])
        step = images[x - 1] if x > 0 else inverses[-x - 1]
        values[g] = values[int(parent[g])] @ step
    for i, m in enumerate(images):
        column = right_table[:, 2 * i]
        for g in range(n):
            left = values[g] @ m
            right = values[int(column[g])]
            if left != right:
                return g, i, left, right
    return None


def cayley_edge_error(group: Any, edge: tuple[int, int, Matrix, Matrix]) -> NotAHomomorphismError:
    """The error for a failing Cayley-graph edge, naming the relator and both sides.

    Examples
    --------
    >>> import repkit as rk
    >>> G = rk.Group.from_permutations({"c": [1, 2, 0]})
    >>> err = cayley_edge_error(G, (2, 0, Matrix([[-1]]), Matrix([[1]])))
    >>> "Cayley-graph relator" in str(err) and "c^-1*c^-1*c^-1" not in str(err)
    True
    """
    g, i, left, right = edge
    names = group.generators
    h = int(group.right_table[g, 2 * i])
    path = tuple(group.word(g)) + (i + 1,)
    relator = format_word(free_reduce(path + inverse_word(group.word(h))), names)
    return NotAHomomorphismError(
        f"images: the Cayley-graph relator {relator} (the element {format_word(path, names)} "
        f"equals {group.word_str(h)}) is not mapped to the identity: the two words map to "
        f"{short_matrix(left)} and {short_matrix(right)}, so the images of {', '.join(names)} "
        "do not define a homomorphism")
