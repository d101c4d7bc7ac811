"""Subgroups of a :class:`~repkit.groups.group.FiniteGroup`: closure, cosets, normality, actions.

A :class:`Subgroup` is given by generating elements of its parent; its elements are found by a
breadth-first closure that follows each generator's normal-form word through the parent's right
table for a whole layer at once (``O(|H| * sum |word(s)|)`` table look-ups, vectorized).

References
----------
D. F. Holt, B. Eick, E. A. O'Brien, *Handbook of Computational Group Theory*, 2005, §4.1 (orbit
and closure algorithms), §5.1 and §5.4 (coset tables and the coset action).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import NotAnElementError, NotASubgroupError
from .closure import standardize_table
from .todd_coxeter import CosetTable
from .words import inverse_word

if TYPE_CHECKING:
    from .group import FiniteGroup

__all__ = ["Subgroup", "subgroup_from_elements", "require_subgroup_of"]


def _follow_all(group: FiniteGroup, start: np.ndarray, word: Sequence[int]) -> np.ndarray:
    table = group.right_table
    arr = start
    for letter in word:
        arr = table[arr, 2 * (letter - 1) if letter > 0 else 2 * (-letter - 1) + 1]
    return arr


def _closure_mask(group: FiniteGroup, generators: Sequence[int]) -> np.ndarray:
    """Boolean mask of ``<generators>`` by layered BFS under right multiplication."""
    mask = np.zeros(group.order, dtype=bool)
    mask[0] = True
    words = [group.word(s) for s in generators if s]
    frontier = np.zeros(1, dtype=np.int64)
    while frontier.size and words:
        images = np.concatenate([_follow_all(group, frontier, w) for w in words])
        fresh = np.unique(images[~mask[images]])
        mask[fresh] = True
        frontier = fresh
    mask.setflags(write=False)
    return mask


def subgroup_from_elements(group: FiniteGroup, elements: Sequence[int] | np.ndarray) -> Subgroup:
    """The subgroup whose elements are given (they must form a subgroup), with few generators.

    Parameters
    ----------
    group : FiniteGroup
    elements : sequence of int
        The elements of a subgroup of ``group``.

    Returns
    -------
    Subgroup
        Generated greedily: each element not yet in the closure of the chosen ones is added,
        so there are at most ``log2 |H|`` generators.

    Raises
    ------
    NotASubgroupError
        If the closure of ``elements`` is larger than the set given.

    Examples
    --------
    >>> from repkit.groups.group import FiniteGroup
    >>> G = FiniteGroup.from_presentation("<r, f | r^4, f^2, (r f)^2>")
    >>> H = subgroup_from_elements(G, [0, 1, 2, 4])        # <r>
    >>> H.elements, H.generators
    ((0, 1, 2, 4), (1,))
    """
    from ..errors import NotASubgroupError

    target = np.zeros(group.order, dtype=bool)
    elems = np.asarray(elements, dtype=np.int64)
    if elems.size and (elems.min() < 0 or elems.max() >= group.order):
        raise NotAnElementError(
            f"elements: expected elements 0..{group.order - 1}, got range "
            f"{elems.min()}..{elems.max()}")
    target[elems] = True
    target[0] = True
    gens: list[int] = []
    mask = _closure_mask(group, ())
    for g in np.flatnonzero(target):
        if not mask[g]:
            gens.append(int(g))
            mask = _closure_mask(group, gens)
            if np.any(mask & ~target):
                raise NotASubgroupError(
                    f"elements: not closed under multiplication; e.g. "
                    f"{int(np.flatnonzero(mask & ~target)[0])} is a product of them but missing")
    sub = Subgroup(group, tuple(gens))
    sub.__dict__["_mask"] = mask
    return sub


def require_subgroup_of(group: FiniteGroup, subgroup: object, argument: str = "subgroup") -> Subgroup:
    """``subgroup`` itself if it is a `Subgroup` of ``group`` (equal defining data), else an error.

    Raises
    ------
    NotASubgroupError
        If ``subgroup`` is not a `Subgroup`, or is a subgroup of another group (its cosets would
        name elements ``group`` does not have).

    Examples
    --------
    >>> from repkit.groups.group import FiniteGroup
    >>> G = FiniteGroup.from_presentation("<a | a^6>")
    >>> K = FiniteGroup.from_presentation("<a | a^4>")
    >>> try:
    ...     require_subgroup_of(G, K.subgroup(["a^2"]))
    ... except NotASubgroupError as exc:
    ...     print("another group" in str(exc))
    True
    """
    if not isinstance(subgroup, Subgroup):
        raise NotASubgroupError(f"{argument}: expected a Subgroup of the group (G.subgroup([...])), got "
                                f"{type(subgroup).__name__}")
    if subgroup.parent is not group and subgroup.parent != group:
        raise NotASubgroupError(
            f"{argument}: expected a subgroup of this group (order {group.order}, generators "
            f"{tuple(group.generators)}), got a subgroup of another group (order {subgroup.parent.order}, "
            f"generators {tuple(subgroup.parent.generators)}); build it with G.subgroup([...])")
    return subgroup


@dataclass(frozen=True, eq=False)
class Subgroup:
    """The subgroup of ``parent`` generated by the elements ``generators``.

    Attributes
    ----------
    parent : FiniteGroup
    generators : tuple of int
        Parent elements generating the subgroup (the empty tuple gives the trivial subgroup).

    Notes
    -----
    ``==`` compares the parents (by their defining data) and the element sets; ``hash`` agrees.

    Examples
    --------
    >>> from repkit.groups.group import FiniteGroup
    >>> G = FiniteGroup.from_presentation("<a, b | a^2, b^3, (a b)^5>")
    >>> H = G.subgroup(["b", "a b a b^-1 a"])
    >>> H.order, H.index, H == G.subgroup(["a b a b^-1 a", "b"])
    (12, 5, True)
    """

    parent: FiniteGroup
    generators: tuple[int, ...]

    def __post_init__(self) -> None:
        gens = tuple(self.parent._as_element(g, f"generators[{k}]")
                     for k, g in enumerate(self.generators))
        object.__setattr__(self, "generators", gens)

    @cached_property
    def _mask(self) -> np.ndarray:
        return _closure_mask(self.parent, self.generators)

    @cached_property
    def elements(self) -> tuple[int, ...]:
        """The elements, as a sorted tuple of parent elements.

        Examples
        --------
        >>> from repkit.groups.group import FiniteGroup
        >>> FiniteGroup.from_presentation("<a | a^6>").subgroup(["a^2"]).elements
        (0, 3, 4)
        """
        if self.is_trivial:
            return (0,)
        return tuple(int(x) for x in np.flatnonzero(self._mask))

    @property
    def is_trivial(self) -> bool:
        """Whether ``H = {1}`` (decided from the generators, without enumerating the parent).

        Examples
        --------
        >>> from repkit.groups.group import FiniteGroup
        >>> G = FiniteGroup.from_presentation("<a | a^6>")
        >>> G.subgroup([]).is_trivial, G.subgroup(["a^6"]).is_trivial, G.subgroup(["a"]).is_trivial
        (True, True, False)
        """
        return all(int(g) == 0 for g in self.generators)

    @property
    def order(self) -> int:
        """``|H|``.

        Examples
        --------
        >>> from repkit.groups.group import FiniteGroup
        >>> FiniteGroup.from_presentation("<a | a^6>").subgroup(["a^3"]).order
        2
        """
        return len(self.elements)

    @property
    def index(self) -> int:
        """``[G : H] = |G| / |H|`` (Lagrange).

        Examples
        --------
        >>> from repkit.groups.group import FiniteGroup
        >>> FiniteGroup.from_presentation("<a | a^6>").subgroup(["a^3"]).index
        3
        """
        return self.parent.order // self.order

    def contains(self, g: int | Sequence[int] | str) -> bool:
        """Whether the parent element ``g`` (int, word or text) lies in ``H``.

        Examples
        --------
        >>> from repkit.groups.group import FiniteGroup
        >>> H = FiniteGroup.from_presentation("<a | a^6>").subgroup(["a^2"])
        >>> H.contains("a^4"), "a" in H
        (True, False)
        """
        if self.is_trivial:
            return self.parent.element(g) == 0
        return bool(self._mask[self.parent.element(g)])

    def __contains__(self, g: object) -> bool:
        return self.contains(g)  # type: ignore[arg-type]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Subgroup):
            return NotImplemented
        return self.parent == other.parent and self.elements == other.elements

    def __hash__(self) -> int:
        return hash((id(self.parent), self.elements))

    def __len__(self) -> int:
        return self.order

    def __repr__(self) -> str:
        return f"Subgroup(order={self.order}, generators={self.generators}, parent={self.parent!r})"

    def is_normal(self) -> bool:
        """Whether ``x^-1 h x`` is in ``H`` for every parent generator ``x`` and generator ``h``.

        Examples
        --------
        >>> from repkit.groups.group import FiniteGroup
        >>> S3 = FiniteGroup.from_presentation("<s, t | s^2, t^2, (s t)^3>")
        >>> S3.subgroup(["s t"]).is_normal(), S3.subgroup(["s"]).is_normal()
        (True, False)
        """
        G = self.parent
        return all(self._mask[G.conjugate(h, x)]
                   for x in G.generator_elements for h in self.generators)

    def normal_closure(self) -> Subgroup:
        """The smallest normal subgroup of the parent containing ``H``.

        Notes
        -----
        Repeatedly conjugate all elements by every parent generator (vectorized with the right
        and left tables) and add a missing conjugate as a generator; the order at least doubles
        each round, so there are at most ``log2 |G|`` rounds of ``O(|G| ngens)``.  HEO §3.3.2
        (NORMALCLOSURE).

        Examples
        --------
        >>> from repkit.groups.group import FiniteGroup
        >>> S4 = FiniteGroup.from_permutations({"c": [1, 2, 3, 0], "t": [1, 0, 2, 3]})
        >>> S4.subgroup(["c^2"]).normal_closure().order    # the Klein four-group
        4
        """
        G = self.parent
        table, left = G.right_table, G.left_table
        gens = list(self.generators)
        mask = self._mask
        while True:
            elems = np.flatnonzero(mask)
            missing = None
            for i in range(G.ngens):
                conj = left[table[elems, 2 * i], 2 * i + 1]
                out = conj[~mask[conj]]
                if out.size:
                    missing = int(out[0])
                    break
            if missing is None:
                sub = Subgroup(G, tuple(gens))
                sub.__dict__["_mask"] = mask
                return sub
            gens.append(missing)
            mask = _closure_mask(G, gens)

    def core(self) -> Subgroup:
        """The normal core: the largest normal subgroup of the parent inside ``H``.

        Notes
        -----
        ``core(H) = {h : g h g^-1 in H for all g}`` is the union of the conjugacy classes
        contained in ``H``; ``O(|G|)`` after the classes.

        Examples
        --------
        >>> from repkit.groups.group import FiniteGroup
        >>> S3 = FiniteGroup.from_presentation("<s, t | s^2, t^2, (s t)^3>")
        >>> S3.subgroup(["s"]).core().order, S3.subgroup(["s t"]).core().order
        (1, 3)
        """
        G = self.parent
        class_of = G.class_of
        sizes = np.asarray(G.class_sizes)
        inside = np.bincount(class_of[self._mask], minlength=sizes.size)
        full = inside == sizes
        return subgroup_from_elements(G, np.flatnonzero(full[class_of]))

    @cached_property
    def _left_coset_partition(self) -> tuple[tuple[tuple[int, ...], ...], np.ndarray]:
        from .classes import orbit_partition

        G = self.parent
        perms = [G.right_multiply_all(s) for s in self.generators if s]
        return orbit_partition(G.order, perms)

    @cached_property
    def _right_coset_partition(self) -> tuple[tuple[tuple[int, ...], ...], np.ndarray]:
        from .classes import orbit_partition

        G = self.parent
        perms = [G.left_multiply_all(s) for s in self.generators if s]
        return orbit_partition(G.order, perms)

    def left_cosets(self) -> tuple[tuple[int, ...], ...]:
        """The left cosets ``g H``, sorted by least element (``H`` first), each sorted.

        Notes
        -----
        Orbits of right multiplication by the generators of ``H``: ``O(|G| * sum |word|)``.

        Examples
        --------
        >>> from repkit.groups.group import FiniteGroup
        >>> G = FiniteGroup.from_presentation("<a | a^6>")
        >>> G.subgroup(["a^3"]).left_cosets()
        ((0, 5), (1, 4), (2, 3))
        """
        return self._left_coset_partition[0]

    def right_cosets(self) -> tuple[tuple[int, ...], ...]:
        """The right cosets ``H g``, sorted by least element (``H`` first), each sorted.

        Examples
        --------
        >>> from repkit.groups.group import FiniteGroup
        >>> S3 = FiniteGroup.from_presentation("<s, t | s^2, t^2, (s t)^3>")
        >>> len(S3.subgroup(["s"]).right_cosets())
        3
        """
        return self._right_coset_partition[0]

    def coset_action(self) -> dict[str, list[int]]:
        """The permutation action of the parent's generators on the left cosets of ``H``.

        Returns
        -------
        dict
            Generator name to 0-based image list: coset ``i`` (in the order of
            :meth:`left_cosets`, coset 0 being ``H``) goes to the coset of ``x g`` for
            ``g`` in coset ``i``.  Composition follows repkit's left-action convention, so
            the result can be passed to :func:`repkit.Group.from_permutations` or to
            ``permutation_rep``.

        Notes
        -----
        ``O(|G| * ngens)`` from the left cosets.

        Examples
        --------
        >>> from repkit.groups.group import FiniteGroup
        >>> S3 = FiniteGroup.from_presentation("<s, t | s^2, t^2, (s t)^3>")
        >>> action = S3.subgroup(["s"]).coset_action()
        >>> FiniteGroup.from_permutations(action).order       # S3 acts faithfully on 3 cosets
        6
        """
        G = self.parent
        cosets, label = self._left_coset_partition
        reps = np.asarray([c[0] for c in cosets], dtype=np.int64)
        left = G.left_table
        return {name: label[left[reps, 2 * i]].tolist() for i, name in enumerate(G.generators)}

    def coset_table(self) -> CosetTable:
        """The standardized coset table of ``H``: the right action on right cosets ``H g``.

        It equals ``enumerate_cosets(G.presentation, [G.word(h) for h in H.generators])``.

        Examples
        --------
        >>> from repkit.groups.group import FiniteGroup
        >>> from repkit.groups.todd_coxeter import enumerate_cosets
        >>> G = FiniteGroup.from_presentation("<a, b | a^2, b^3, (a b)^5>")
        >>> H = G.subgroup(["b", "a b a b^-1 a"])
        >>> H.coset_table() == enumerate_cosets(G.presentation, [G.word(h) for h in H.generators])
        True
        """
        G = self.parent
        cosets, label = self._right_coset_partition
        reps = np.asarray([c[0] for c in cosets], dtype=np.int64)
        table = label[G.right_table[reps]]
        return CosetTable(standardize_table(table)[0])

    @cached_property
    def _group_and_embedding(self) -> tuple[FiniteGroup, np.ndarray]:
        from .group import FiniteGroup

        G = self.parent
        elems = np.asarray(self.elements, dtype=np.int64)
        local = np.full(G.order, -1, dtype=np.int64)
        local[elems] = np.arange(elems.size)
        words = []
        for s in self.generators:
            w = G.word(s)
            words += [w, inverse_word(w)]
        table = np.stack([local[_follow_all(G, elems, w)] for w in words], axis=1) if words \
            else np.zeros((1, 0), dtype=np.int64)
        names = tuple(f"h{i}" for i in range(len(self.generators)))
        perms = None
        if G.permutation_generators is not None and self.generators:
            perms = tuple(G.permutation_of(s) for s in self.generators)
        H = FiniteGroup(names, _table=table, _permutations=perms, max_order=G.max_order)
        parent, letter = H.spanning_tree
        emb = np.zeros(H.order, dtype=np.int64)
        for start, end in H._layers[1:]:          # parents come first: one numpy step per layer
            base = emb[parent[start:end]]
            lets = letter[start:end]
            block = emb[start:end]
            for lt in np.unique(lets).tolist():
                sel = lets == lt
                block[sel] = _follow_all(G, base[sel], words[2 * (abs(lt) - 1) + (lt < 0)])
        emb.setflags(write=False)
        return H, emb

    def as_group(self) -> FiniteGroup:
        """``H`` as a group in its own right, generators ``h0, h1, ...`` = ``generators``.

        Its presentation is computed from its Cayley graph; :meth:`parent_element` embeds it.

        Examples
        --------
        >>> from repkit.groups.group import FiniteGroup
        >>> G = FiniteGroup.from_presentation("<a, b | a^2, b^3, (a b)^5>")
        >>> H = G.subgroup(["b", "a b a b^-1 a"])
        >>> K = H.as_group()
        >>> K.order, len(K.conjugacy_classes())                # A4
        (12, 4)
        """
        return self._group_and_embedding[0]

    @property
    def embedding(self) -> np.ndarray:
        """``embedding[h]`` is the parent element of element ``h`` of :meth:`as_group`.

        Examples
        --------
        >>> from repkit.groups.group import FiniteGroup
        >>> G = FiniteGroup.from_presentation("<a | a^6>")
        >>> H = G.subgroup(["a^2"])
        >>> sorted(H.embedding.tolist()) == list(H.elements)
        True
        """
        return self._group_and_embedding[1]

    def parent_element(self, h: Any) -> int:
        """The parent element of ``h`` (an element, word or text of :meth:`as_group`).

        Examples
        --------
        >>> from repkit.groups.group import FiniteGroup
        >>> G = FiniteGroup.from_presentation("<r, f | r^4, f^2, (r f)^2>")
        >>> H = G.subgroup(["r^2", "f"])
        >>> H.parent_element("h0 h1") == G.mul(H.generators[0], H.generators[1])
        True
        """
        K, emb = self._group_and_embedding
        return int(emb[K.element(h)])
