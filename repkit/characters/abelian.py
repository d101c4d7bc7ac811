"""Characters of finite abelian groups directly, as homomorphisms to the roots of unity.

For an abelian group ``G`` of exponent ``e`` with generators ``x_1 .. x_n`` of orders ``o_j``,
a linear character is determined by exponents ``a_j`` with ``chi(x_j) = E(e)^(a_j)``; the
assignment extends to a homomorphism exactly when every relator ``r`` of the presentation
satisfies ``sum_j eps_j(r) a_j = 0 (mod e)``, ``eps_j(r)`` the exponent sum of ``x_j`` in ``r``
(von Dyck's theorem; the target is abelian). ``a_j`` must be a multiple of ``e / o_j``, so the
candidates are a box of ``prod o_j`` vectors, filtered by the relators with NumPy. An abelian
group has exactly ``|G|`` linear characters; finding that many distinct homomorphisms is
the exact proof that the table is complete.

This avoids the ``O(r^3)`` linear algebra of the Dixon--Schneider method, whose ``r = |G|``
makes it slow for abelian groups such as the lattice translations ``Z_L^d``.

References
----------
J.-P. Serre, *Linear Representations of Finite Groups*, §3.1; D. L. Johnson, *Presentations of
Groups*, §4 (von Dyck).

Examples
--------
>>> from repkit.groups import translations
>>> from repkit.characters.dixon import ClassData
>>> mults = abelian_multiplicities(ClassData.from_group(translations((4, 6))))
>>> len(mults)
24
"""

from __future__ import annotations

import itertools

import numpy as np

from ..errors import CharacterTableError
from .dixon import ClassData

__all__ = ["abelian_exponents", "abelian_multiplicities"]


def _exponent_sums(data: ClassData) -> np.ndarray:
    """``W[g, j]``: exponent sum of generator ``j`` in the normal-form word of ``g``."""
    group = data.group
    parent, letter = group.spanning_tree
    parent = np.asarray(parent, dtype=np.int64)
    letter = np.asarray(letter, dtype=np.int64)
    sums = np.zeros((data.order, int(group.ngens)), dtype=np.int64)
    for g in range(1, data.order):           # parents precede children (breadth first)
        sums[g] = sums[parent[g]]
        x = int(letter[g])
        sums[g, abs(x) - 1] += 1 if x > 0 else -1
    return sums


def abelian_exponents(data: ClassData, *, max_candidates: int = 4_000_000) -> np.ndarray | None:
    """The linear characters of an abelian group as exponents: ``chi_i(g_k) = E(o_k)^s[k, i]``.

    Parameters
    ----------
    data : ClassData
        Classes of an abelian group (each class one element).
    max_candidates : int, optional
        Give up (return None) when the box of candidate exponent vectors, ``prod o_j``, is
        larger than this; the caller then uses the Dixon--Schneider method.

    Returns
    -------
    numpy.ndarray or None
        ``s`` of shape ``(r, r)`` (class, character), ``0 <= s[k, i] < o_k``; characters in the
        order of the candidate box.

    Raises
    ------
    CharacterTableError
        If the group is not abelian, or the relators do not leave exactly ``|G|`` characters.

    Notes
    -----
    ``O(|G| n)`` for the exponent sums, ``O(prod o_j (n + n_rel))`` to filter candidates (in
    chunks), ``O(|G|^2)`` integers for the values. Exact: the relator test is von Dyck's
    criterion, and ``|G|`` distinct homomorphisms are all the irreducible characters.

    Examples
    --------
    >>> from repkit.groups import cyclic
    >>> from repkit.characters.dixon import ClassData
    >>> s = abelian_exponents(ClassData.from_group(cyclic(4)))
    >>> s.shape, len({tuple(column) for column in s.T.tolist()})     # 4 distinct characters
    ((4, 4), 4)
    """
    group = data.group
    order, e = data.order, data.exponent
    if data.nclasses != order:
        raise CharacterTableError(
            f"group: expected an abelian group (every class a single element), got "
            f"{data.nclasses} classes for {order} elements"
        )
    gens = [int(g) for g in group.generator_elements]
    orders = [data.element_orders[int(data.class_of[g])] for g in gens]
    if int(np.prod(orders, dtype=object)) > max_candidates:
        return None
    rels = np.zeros((len(group.presentation.relators), len(gens)), dtype=np.int64)
    for r, word in enumerate(group.presentation.relators):
        for x in word:
            rels[r, abs(x) - 1] += 1 if x > 0 else -1
    steps = np.array([e // o for o in orders], dtype=np.int64)
    valid = []
    box = itertools.product(*(range(o) for o in orders))
    while True:
        chunk = np.array(list(itertools.islice(box, 200_000)), dtype=np.int64)
        if chunk.size == 0:
            break
        exps = chunk.reshape(-1, len(gens)) * steps
        ok = ((exps @ rels.T) % e == 0).all(axis=1) if len(rels) else np.ones(len(exps), bool)
        valid.append(exps[ok])
    chars = np.concatenate(valid) if valid else np.zeros((1, 0), dtype=np.int64)
    if not gens:
        chars = np.zeros((1, 0), dtype=np.int64)
    if len(chars) != order:
        raise CharacterTableError(
            f"abelian group of order {order}: expected {order} homomorphisms to the "
            f"{e}-th roots of unity, the relators allow {len(chars)}"
        )
    values = (_exponent_sums(data) @ chars.T) % e          # [g, i]: chi_i(g) = E(e)^value
    reps = np.asarray(data.representatives, dtype=np.int64)
    orders_k = np.asarray(data.element_orders, dtype=np.int64)
    return (values[reps] * orders_k[:, None]) // e            # [k, i]: chi_i(g_k) = E(o_k)^s


def abelian_multiplicities(data: ClassData, *, max_candidates: int = 4_000_000
                           ) -> tuple[tuple[tuple[int, ...], ...], ...] | None:
    """Eigenvalue multiplicities of all linear characters of an abelian group, or None.

    Parameters
    ----------
    data : ClassData
        Classes of an abelian group (each class one element).
    max_candidates : int, optional
        Give up (return None) when the box of candidate exponent vectors, ``prod o_j``, is
        larger than this; the caller then uses the Dixon--Schneider method.

    Returns
    -------
    tuple or None
        ``[i][k]``: a 0/1 tuple of length ``o_k`` with the single 1 at ``s`` where
        ``chi_i(g_k) = E(o_k)^s`` (the format of
        :attr:`~repkit.characters.dixon.ModularCharacters.multiplicities`).

    Raises
    ------
    CharacterTableError
        If the group is not abelian, or the relators do not leave exactly ``|G|`` characters.

    Notes
    -----
    ``O(|G| n)`` for the exponent sums, ``O(prod o_j (n + n_rel))`` to filter candidates (in
    chunks), ``O(|G|^2)`` integers for the values. Exact: the relator test is von Dyck's
    criterion, and ``|G|`` distinct homomorphisms are all the irreducible characters.

    Examples
    --------
    >>> from repkit.groups import cyclic
    >>> from repkit.characters.dixon import ClassData
    >>> abelian_multiplicities(ClassData.from_group(cyclic(3)))[1][1] in {(0, 1, 0), (0, 0, 1)}
    True
    """
    slots = abelian_exponents(data, max_candidates=max_candidates)
    if slots is None:
        return None
    unit: dict[tuple[int, int], tuple[int, ...]] = {}
    out = []
    for i in range(data.order):
        row = []
        for o, s in zip(data.element_orders, slots[:, i].tolist()):
            if (o, s) not in unit:
                unit[(o, s)] = tuple(1 if t == s else 0 for t in range(o))
            row.append(unit[(o, s)])
        out.append(tuple(row))
    return tuple(out)
