"""Bulk operations and structure of a finite group: the methods :class:`FiniteGroup` inherits.

:class:`GroupStructureMixin` holds everything of :class:`~repkit.groups.group.FiniteGroup` that
works on the whole element set at once: the computed presentation and Cayley relators, the
vectorized multiplications (``right_multiply_all``, ``left_table``, ``inverse_array``), the
Cayley graph, conjugacy classes, centre, derived subgroup, subgroups, cosets, exponent.  It only
uses the core interface of ``FiniteGroup`` (``order``, ``ngens``, ``generators``,
``right_table``, ``word``, ``word_str``, ``element``, ``mul``, the spanning tree) and is not
meant to be used on its own.

References
----------
D. F. Holt, B. Eick, E. A. O'Brien, *Handbook of Computational Group Theory*, 2005, §2.4
(Schreier generators), §3.3 (structural calculations), §4.1 (orbits).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import GroupTooLargeError, NotAnElementError
from .presentation import Presentation, parse_word
from .words import Word, check_word, free_reduce, inverse_word, syllables

if TYPE_CHECKING:
    import networkx

    from .subgroup import Subgroup

__all__ = ["GroupStructureMixin"]


class GroupStructureMixin:
    """Whole-group methods of :class:`~repkit.groups.group.FiniteGroup` (see the module doc).

    Examples
    --------
    >>> from repkit.groups.group import FiniteGroup
    >>> issubclass(FiniteGroup, GroupStructureMixin)
    True
    >>> G = FiniteGroup.from_presentation("<a, b | a^2, b^3, (a b)^5>")
    >>> sum(G.class_sizes) == G.order == 60
    True
    """

    # The core attributes provided by FiniteGroup (declared for readers and type checkers).
    order: int
    ngens: int
    generators: tuple[str, ...]
    right_table: np.ndarray
    _enumeration: tuple[np.ndarray, np.ndarray, np.ndarray]
    _layers: tuple[tuple[int, int], ...]
    _presentation: Presentation | None
    _permutations: tuple[tuple[int, ...], ...] | None
    is_enumerated: bool
    generator_elements: tuple[int, ...]

    @cached_property
    def presentation(self) -> Presentation:
        """The presentation: the given one, or one read off the Cayley graph.

        For a group given by permutations or matrices alone, the relators are
        :meth:`cayley_relators`: one per non-tree edge of the Cayley graph.  They are the
        Schreier generators of the trivial subgroup for the BFS Schreier transversal, so they
        generate (as a subgroup!) the kernel of the free group onto ``G``; hence images of the
        generators satisfy them if and only if they define a homomorphism.

        Examples
        --------
        >>> from repkit.groups.group import FiniteGroup
        >>> G = FiniteGroup.from_permutations({"s": [1, 0, 2], "c": [1, 2, 0]})
        >>> len(G.presentation.relators) == G.order * G.ngens - (G.order - 1)
        True
        """
        if self._presentation is not None:
            return self._presentation
        return Presentation(self.generators, tuple(self.cayley_relators()))

    def cayley_relators(self) -> Iterator[Word]:
        """Yield ``word(g) x word(g x)^-1`` for every non-tree edge ``g -> g x`` (x a generator).

        Yields
        ------
        Word
            ``order * ngens - (order - 1)`` freely reduced non-trivial relators.

        Notes
        -----
        Schreier's lemma (HEO §4.1; Seress §4.1) applied to the trivial subgroup with
        the spanning-tree transversal: these words generate the kernel of the free group onto
        ``G``, so a map of generators to matrices is a homomorphism exactly when every yielded
        relator maps to the identity.  ``O(order * ngens)`` relators, each of length at most
        ``2 * diameter + 1``.

        Examples
        --------
        >>> from repkit.groups.group import FiniteGroup
        >>> G = FiniteGroup.from_presentation("<a | a^3>")
        >>> list(G.cayley_relators())
        [(1, 1, 1)]
        """
        table = self.right_table
        _, parent, column = self._enumeration
        for g in range(self.order):
            for i in range(self.ngens):
                t = int(table[g, 2 * i])
                if (parent[t] == g and column[t] == 2 * i) or \
                        (parent[g] == t and column[g] == 2 * i + 1):
                    continue
                yield free_reduce(self.word(g) + (i + 1,) + inverse_word(self.word(t)))

    # ------------------------------------------------------------------ bulk operations
    def right_multiply_all(self, h: int) -> np.ndarray:
        """The permutation ``g -> g h`` of all elements, as a numpy array.

        Examples
        --------
        >>> from repkit.groups.group import FiniteGroup
        >>> G = FiniteGroup.from_presentation("<r, f | r^3, f^2, (r f)^2>")
        >>> h = G.element("r f")
        >>> all(G.right_multiply_all(h)[g] == G.mul(g, h) for g in G.elements)
        True
        """
        arr = np.arange(self.order, dtype=np.int64)
        table = self.right_table
        for letter in self.word(h):
            arr = table[arr, 2 * (letter - 1) if letter > 0 else 2 * (-letter - 1) + 1]
        return arr

    @cached_property
    def left_table(self) -> np.ndarray:
        """``left_table[h, c] = letter_c * h`` (read-only, shape ``(order, 2*ngens)``).

        Notes
        -----
        Computed along the spanning tree: if ``h = p a`` then ``x h = (x p) a``, one numpy
        step per BFS layer, ``O(order * ngens)``.

        Examples
        --------
        >>> from repkit.groups.group import FiniteGroup
        >>> G = FiniteGroup.from_presentation("<r, f | r^4, f^2, (r f)^2>")
        >>> r = G.element("r")
        >>> all(G.left_table[h, 0] == G.mul(r, h) for h in G.elements)
        True
        """
        table, parent, column = self._enumeration
        left = np.empty_like(table)
        left[0] = table[0]
        for start, end in self._layers[1:]:
            left[start:end] = table[left[parent[start:end]], column[start:end, None]]
        left.setflags(write=False)
        return left

    @cached_property
    def inverse_array(self) -> np.ndarray:
        """``inverse_array[g] = g^-1`` for all ``g`` (read-only numpy array).

        Notes
        -----
        Along the spanning tree: ``(p a)^-1 = a^-1 p^-1``, one numpy step per BFS layer.

        Examples
        --------
        >>> from repkit.groups.group import FiniteGroup
        >>> G = FiniteGroup.from_presentation("<a, b | a^2, b^3, (a b)^5>")
        >>> inv = G.inverse_array
        >>> bool((inv[inv] == G.elements).all()) and all(G.mul(g, int(inv[g])) == 0 for g in G.elements)
        True
        """
        _, parent, column = self._enumeration
        left = self.left_table
        inv = np.zeros(self.order, dtype=np.int64)
        for start, end in self._layers[1:]:
            inv[start:end] = left[inv[parent[start:end]], column[start:end] ^ 1]
        inv.setflags(write=False)
        return inv

    def left_multiply_all(self, h: int) -> np.ndarray:
        """The permutation ``g -> h g`` of all elements, as a numpy array.

        Examples
        --------
        >>> from repkit.groups.group import FiniteGroup
        >>> G = FiniteGroup.from_presentation("<r, f | r^3, f^2, (r f)^2>")
        >>> h = G.element("r f")
        >>> all(G.left_multiply_all(h)[g] == G.mul(h, g) for g in G.elements)
        True
        """
        arr = np.arange(self.order, dtype=np.int64)
        left = self.left_table
        for letter in reversed(self.word(h)):
            arr = left[arr, 2 * (letter - 1) if letter > 0 else 2 * (-letter - 1) + 1]
        return arr

    def multiplication_table(self, *, max_order: int = 5000) -> np.ndarray:
        """The full ``order x order`` table ``M[g, h] = g h`` (only when asked for).

        Raises
        ------
        GroupTooLargeError
            If ``order > max_order``.

        Notes
        -----
        Column ``h = p a`` is ``table[M[:, p], a]``: ``O(order^2)`` time and memory.

        Examples
        --------
        >>> from repkit.groups.group import FiniteGroup
        >>> G = FiniteGroup.from_presentation("<a, b | a^2, b^3, (a b)^3>")
        >>> M = G.multiplication_table()
        >>> bool((M[M[:, 5]][:, 7] == M[:, M[5, 7]]).all())   # (g 5) 7 = g (5 7)
        True
        """
        if self.order > max_order:
            raise GroupTooLargeError(
                f"max_order: the multiplication table would be {self.order} x {self.order}; "
                f"raise max_order (now {max_order}) to build it")
        table, parent, column = self._enumeration
        m = np.empty((self.order, self.order), dtype=np.int64)
        m[:, 0] = np.arange(self.order)
        for h in range(1, self.order):
            m[:, h] = table[m[:, parent[h]], column[h]]
        return m

    # ------------------------------------------------------------------ structure
    def cayley_graph(self) -> networkx.MultiDiGraph:
        """The Cayley graph: nodes are elements (attribute ``word``), edges ``g -> g x``.

        Every edge has attribute ``generator`` (the name) and key equal to the name; there is
        one edge per element and generator (``order * ngens`` edges).

        Examples
        --------
        >>> from repkit.groups.group import FiniteGroup
        >>> G = FiniteGroup.from_presentation("<r, f | r^4, f^2, (r f)^2>")
        >>> C = G.cayley_graph()
        >>> C.number_of_nodes(), C.number_of_edges(), C.nodes[1]["word"]
        (8, 16, 'r')
        """
        import networkx as nx

        graph = nx.MultiDiGraph()
        table = self.right_table
        graph.add_nodes_from((g, {"word": self.word_str(g)}) for g in range(self.order))
        for i, name in enumerate(self.generators):
            targets = table[:, 2 * i].tolist()
            graph.add_edges_from((g, t, name, {"generator": name}) for g, t in enumerate(targets))
        return graph

    def conjugacy_classes(self) -> tuple[tuple[int, ...], ...]:
        """The conjugacy classes, sorted by least element (identity first), each sorted.

        Examples
        --------
        >>> from repkit.groups.group import FiniteGroup
        >>> G = FiniteGroup.from_presentation("<r, f | r^4, f^2, (r f)^2>")
        >>> [len(c) for c in G.conjugacy_classes()]
        [1, 2, 2, 1, 2]
        """
        return self._classes[0]

    @cached_property
    def _classes(self) -> tuple[tuple[tuple[int, ...], ...], np.ndarray]:
        from .classes import compute_conjugacy_classes

        return compute_conjugacy_classes(self)

    @property
    def class_of(self) -> np.ndarray:
        """``class_of[g]`` is the index of ``g``'s conjugacy class (read-only numpy array).

        Examples
        --------
        >>> from repkit.groups.group import FiniteGroup
        >>> G = FiniteGroup.from_presentation("<a, b | a^2, b^3, (a b)^3>")
        >>> all(G.class_of[G.conjugate(g, x)] == G.class_of[g] for g in G.elements for x in (1, 2))
        True
        """
        return self._classes[1]

    @property
    def class_representatives(self) -> tuple[int, ...]:
        """The least element of each class.

        Examples
        --------
        >>> from repkit.groups.group import FiniteGroup
        >>> FiniteGroup.from_presentation("<a | a^3>").class_representatives
        (0, 1, 2)
        """
        return tuple(c[0] for c in self.conjugacy_classes())

    @property
    def class_sizes(self) -> tuple[int, ...]:
        """The size of each class.

        Examples
        --------
        >>> from repkit.groups.group import FiniteGroup
        >>> G = FiniteGroup.from_presentation("<a, b | a^2, b^3, (a b)^5>")
        >>> sorted(G.class_sizes)
        [1, 12, 12, 15, 20]
        """
        return tuple(len(c) for c in self.conjugacy_classes())

    def center(self) -> Subgroup:
        """The centre ``Z(G)``: elements commuting with every generator.

        Examples
        --------
        >>> from repkit.groups.group import FiniteGroup
        >>> FiniteGroup.from_presentation("<r, f | r^4, f^2, (r f)^2>").center().order
        2
        """
        from .classes import center

        return center(self)

    def derived_subgroup(self) -> Subgroup:
        """The commutator subgroup ``[G, G]``, the normal closure of generator commutators.

        Examples
        --------
        >>> from repkit.groups.group import FiniteGroup
        >>> FiniteGroup.from_presentation("<a, b | a^2, b^3, (a b)^4>").derived_subgroup().order
        12
        """
        from .classes import derived_subgroup

        return derived_subgroup(self)

    def subgroup(self, generators: Sequence[int | Sequence[int] | str]) -> Subgroup:
        """The subgroup generated by elements, words or texts.

        Examples
        --------
        >>> from repkit.groups.group import FiniteGroup
        >>> G = FiniteGroup.from_presentation("<r, f | r^4, f^2, (r f)^2>")
        >>> H = G.subgroup(["r^2", "f"])
        >>> H.order, H.index, H.is_normal()
        (4, 2, True)
        """
        from .subgroup import Subgroup

        if isinstance(generators, (str, int, np.integer)):
            generators = [generators]
        return Subgroup(self, tuple(self._element(x, f"generators[{k}]")  # type: ignore[attr-defined]
                                   for k, x in enumerate(generators)))

    def left_cosets(self, subgroup: Subgroup) -> tuple[tuple[int, ...], ...]:
        """The left cosets ``g H``, sorted by least element (``H`` first), each sorted.

        Examples
        --------
        >>> from repkit.groups.group import FiniteGroup
        >>> G = FiniteGroup.from_presentation("<a, b | a^2, b^3, (a b)^3>")
        >>> len(G.left_cosets(G.subgroup(["b"])))
        4
        """
        from .subgroup import require_subgroup_of

        return require_subgroup_of(self, subgroup).left_cosets()  # type: ignore[arg-type]

    def right_cosets(self, subgroup: Subgroup) -> tuple[tuple[int, ...], ...]:
        """The right cosets ``H g``, sorted by least element (``H`` first), each sorted.

        Examples
        --------
        >>> from repkit.groups.group import FiniteGroup
        >>> G = FiniteGroup.from_presentation("<a, b | a^2, b^3, (a b)^3>")
        >>> H = G.subgroup(["b"])
        >>> G.right_cosets(H) != G.left_cosets(H) and len(G.right_cosets(H)) == 4
        True
        """
        from .subgroup import require_subgroup_of

        return require_subgroup_of(self, subgroup).right_cosets()  # type: ignore[arg-type]

    @cached_property
    def exponent(self) -> int:
        """The least common multiple of the element orders.

        Examples
        --------
        >>> from repkit.groups.group import FiniteGroup
        >>> FiniteGroup.from_presentation("<a, b | a^2, b^3, (a b)^5>").exponent
        30
        """
        return math.lcm(*(self.element_order(g) for g in self.class_representatives))

    def is_abelian(self) -> bool:
        """Whether all generators commute (no enumeration for permutation groups).

        Examples
        --------
        >>> from repkit.groups.group import FiniteGroup
        >>> FiniteGroup.from_presentation("<a, b | a^4, b^2, a b a^-1 b^-1>").is_abelian()
        True
        """
        n = self.ngens
        if self._permutations is not None and not self.is_enumerated:
            perms = [np.asarray(p) for p in self._permutations]
            return all(np.array_equal(perms[i][perms[j]], perms[j][perms[i]])
                       for i in range(n) for j in range(i + 1, n))
        gens = self.generator_elements
        return all(self.mul(gens[i], gens[j]) == self.mul(gens[j], gens[i])
                   for i in range(n) for j in range(i + 1, n))

    # ------------------------------------------------------------------ concrete actions
    def _perm_of_word(self, word: Sequence[int]) -> np.ndarray:
        """The permutation of a word: ``O(syllables * log(exponent) * degree)`` (powers by squaring)."""
        perms = self._permutations
        if perms is None:
            raise NotAnElementError("this group has no permutation generators")
        degree = len(perms[0]) if perms else 0
        arrays: dict[int, np.ndarray] = {}
        p = np.arange(degree, dtype=np.intp)
        for index, exponent in syllables(free_reduce(word)):
            if index not in arrays:
                arrays[index] = np.asarray(perms[index], dtype=np.intp)
            base = arrays[index] if exponent > 0 else np.argsort(arrays[index])
            k = abs(exponent)
            while k:                     # p <- p o base^k, by repeated squaring
                if k & 1:
                    p = p[base]
                base = base[base]
                k >>= 1
        return p

    def permutation_of(self, g: int | Sequence[int] | str) -> tuple[int, ...]:
        """The image list of ``g`` in the group's permutation action.

        Raises
        ------
        NotAnElementError
            If the group has no permutation generators.

        Examples
        --------
        >>> from repkit.groups.group import FiniteGroup
        >>> G = FiniteGroup.from_permutations({"s": [1, 0, 2], "c": [1, 2, 0]})
        >>> G.permutation_of("s c")                     # (s c)(i) = s(c(i))
        (0, 2, 1)
        """
        if self._permutations is None:
            raise NotAnElementError(
                "g: this group was not given by permutations, so it has no permutation_of")
        if isinstance(g, str):
            word = parse_word(g, self.generators)
        elif isinstance(g, (tuple, list)):
            word = check_word(g, self.ngens, argument="g")
        else:
            word = self.word(g)
        return tuple(int(x) for x in self._perm_of_word(word))

    def matrix_of(self, g: int | Sequence[int] | str) -> Any:
        """The matrix of ``g`` for a group given by matrices (product along its word).

        Raises
        ------
        NotAnElementError
            If the group has no matrix generators.

        Examples
        --------
        >>> from repkit.groups.group import FiniteGroup
        >>> G = FiniteGroup.from_matrices({"a": [[0, -1], [1, 0]], "b": [[1, 0], [0, -1]]})
        >>> G.matrix_of("a b") == G.matrix_generators[0] @ G.matrix_generators[1]
        True
        """
        mats = self._matrices
        if mats is None:
            raise NotAnElementError(
                "g: this group was not given by matrices, so it has no matrix_of")
        if isinstance(g, str):
            word = parse_word(g, self.generators)
        elif isinstance(g, (tuple, list)):
            word = check_word(g, self.ngens, argument="g")
        else:
            word = self.word(g)
        result = type(mats[0]).identity(mats[0].nrows) if mats else None
        for letter in word:
            m = mats[abs(letter) - 1]
            result = result @ (m if letter > 0 else m.inverse())
        return result

    # ------------------------------------------------------------------ element products
    def conjugate(self, g: int, x: int) -> int:
        """``x^-1 g x``.

        Examples
        --------
        >>> from repkit.groups.group import FiniteGroup
        >>> G = FiniteGroup.from_presentation("<r, f | r^4, f^2, (r f)^2>")
        >>> G.conjugate(G.element("r"), G.element("f")) == G.element("r^-1")
        True
        """
        return self.mul(self.mul(self.inv(x), g), x)

    def commutator(self, g: int, h: int) -> int:
        """``[g, h] = g^-1 h^-1 g h`` (GAP's convention).

        Examples
        --------
        >>> from repkit.groups.group import FiniteGroup
        >>> G = FiniteGroup.from_presentation("<a, b | a^2, b^2, (a b)^2>")
        >>> all(G.commutator(g, h) == 0 for g in G.elements for h in G.elements)
        True
        """
        return self.mul(self.mul(self.inv(g), self.inv(h)), self.mul(g, h))

    # ------------------------------------------------------------------ provenance
    @property
    def has_given_presentation(self) -> bool:
        """Whether the group was defined with a presentation (not one computed from its Cayley graph).

        Examples
        --------
        >>> from repkit.groups.group import FiniteGroup
        >>> FiniteGroup.from_permutations({"s": [1, 0, 2]}).has_given_presentation
        False
        >>> FiniteGroup.from_presentation("<a | a^3>").has_given_presentation
        True
        """
        return self._presentation is not None
