"""The finite group object: elements as integers in shortlex order, multiplication by tables.

A :class:`FiniteGroup` (alias :data:`Group`) numbers its elements ``0 .. order-1`` in the
shortlex order of their normal-form words over the alphabet ``g0 < g0^-1 < g1 < g1^-1 < ...``;
``0`` is the identity and the normal form of an element is its shortlex-least word.  The one
core datum is the *right table* ``right_table[g, c] = g * letter_c`` (generator ``i`` in column
``2i``, its inverse in column ``2i+1``): ``O(order * ngens)`` integers.  Nothing of size
``order x order`` is built unless :meth:`FiniteGroup.multiplication_table` is called.

Conventions: words are read left to right as products (``r f`` = ``r * f``); a permutation is a
0-based image list ``p`` with ``p[i]`` the image of ``i``; groups act on the left and compose
like functions, ``(g h)(i) = g(h(i))``.

Groups made from permutations or matrices keep them and are enumerated lazily: the order of a
permutation group comes from Schreier–Sims, so ``symmetric(64)`` can be built and its order read
without listing ``64!`` elements.  Groups made from a presentation alone are enumerated eagerly
by Todd–Coxeter when constructed.

Examples
--------
>>> import repkit as rk
>>> G = rk.Group.from_presentation("<r, f | r^4, f^2, (r f)^2>")
>>> G.order, G.generators
(8, ('r', 'f'))
>>> r, f = G.generator_elements
>>> G.mul(G.mul(f, r), f) == G.inv(r)            # f r f = r^-1
True
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from .._delegation import delegate
from ..errors import (
    GroupTooLargeError,
    NotAHomomorphismError,
    NotAnElementError,
    PresentationMismatchError,
    ShapeError,
    UnknownGeneratorError,
)
from .closure import permutation_closure, standardize_table, validate_permutations
from .presentation import Presentation, parse_presentation, parse_word
from .schreier_sims import StabilizerChain, _as_perm, inverse_base_index, schreier_sims
from .structure import GroupStructureMixin
from .todd_coxeter import (
    DEFAULT_MAX_COSETS,
    InvalidOptionError,
    NotAPresentationError,
    enumerate_cosets,
)
from .words import Word, check_word, format_word, inverse_word

__all__ = ["FiniteGroup", "Group", "DEFAULT_MAX_ORDER"]

DEFAULT_MAX_ORDER = 2_000_000
"""Default bound on the number of elements a lazily given group may be enumerated to."""


@dataclass(frozen=True, eq=False)
class FiniteGroup(GroupStructureMixin):
    """A finite group with named generators; elements are the integers ``0 .. order-1``.

    Build one with :meth:`from_presentation`, :meth:`from_permutations` or
    :meth:`from_matrices` (or a family such as :func:`repkit.dihedral`), not with the
    constructor, whose fields are private.

    Attributes
    ----------
    generators : tuple of str
        The generator names; generator ``i`` is the letter ``i + 1`` of a word.

    Notes
    -----
    Elements are numbered in shortlex order of their shortlex-least words ("normal forms")
    over ``g0 < g0^-1 < g1 < g1^-1 < ...``, so ``0`` is the identity and the numbering is
    that of a standardized coset table over the trivial subgroup (HEO ch. 5, STANDARDIZE,
    pp. 167-168).  The normal form of ``g`` is read off the breadth-first spanning tree
    (:attr:`spanning_tree`).

    Equality is structural on the defining data: two groups are ``==`` when they have the same
    generator names and were defined by the same data (the same presentation, the same
    permutation images, the same matrices, or, for a group given by a table alone, the same
    table).  Equal groups therefore number their elements identically, so representations of
    one can be combined with representations of the other.  ``==`` never decides isomorphism:
    the same group given once by a presentation and once by permutations compares unequal.

    Examples
    --------
    >>> G = FiniteGroup.from_permutations({"s": [1, 0, 2], "c": [1, 2, 0]})
    >>> G.order, len(G.conjugacy_classes())
    (6, 3)
    >>> G == FiniteGroup.from_permutations({"s": [1, 0, 2], "c": [1, 2, 0]})
    True
    >>> G == FiniteGroup.from_presentation("<s, c | s^2, c^3, (s*c)^2>")
    False
    """

    generators: tuple[str, ...]
    _presentation: Presentation | None = field(default=None, repr=False)
    _permutations: tuple[tuple[int, ...], ...] | None = field(default=None, repr=False)
    _matrices: tuple[Any, ...] | None = field(default=None, repr=False)
    _table: np.ndarray | None = field(default=None, repr=False)
    max_order: int = field(default=DEFAULT_MAX_ORDER, repr=False)

    def __post_init__(self) -> None:
        names = Presentation(tuple(self.generators)).generators     # validates the names
        object.__setattr__(self, "generators", names)
        if isinstance(self.max_order, bool) or not isinstance(self.max_order, (int, np.integer)) \
                or self.max_order < 1:
            raise InvalidOptionError(f"max_order: expected a positive int, got {self.max_order!r}")
        sources = [self._table is not None, self._permutations is not None,
                   self._matrices is not None]
        if sum(sources) == 0 and names:
            raise InvalidOptionError(
                "FiniteGroup: give a right table, permutations or matrices (use the "
                "from_presentation / from_permutations / from_matrices constructors)")
        if self._table is not None:
            shape = np.shape(self._table)
            if len(shape) != 2 or shape[1] != 2 * len(names):
                raise ShapeError(f"_table: expected shape (order, {2 * len(names)}) for "
                                 f"{len(names)} generators, got {shape}")
        for what, values in (("permutations", self._permutations), ("matrices", self._matrices)):
            if values is not None and len(values) != len(names):
                raise UnknownGeneratorError(
                    f"{what}: expected one per generator {names}, got {len(values)}")

    # ------------------------------------------------------------------ equality
    def _defining_data(self) -> tuple[Any, ...]:
        """The data that fixes this group and its numbering (see the class Notes)."""
        if "_defining" not in self.__dict__:
            table = None
            if self._presentation is None and self._permutations is None and self._matrices is None:
                table = np.ascontiguousarray(self._table).tobytes()
            self.__dict__["_defining"] = (self.generators, self._presentation, self._permutations,
                                          self._matrices, table)
        return self.__dict__["_defining"]

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if not isinstance(other, FiniteGroup):
            return NotImplemented
        return self._defining_data() == other._defining_data()

    def __hash__(self) -> int:
        return hash(self._defining_data())

    # ------------------------------------------------------------------ constructors
    @classmethod
    def from_presentation(cls, presentation: str | Presentation, *,
                          max_cosets: int = DEFAULT_MAX_COSETS, strategy: str = "auto",
                          progress: Callable[[Any], None] | None = None,
                          permutations: Mapping[str, Sequence[int]] | None = None,
                          max_order: int = DEFAULT_MAX_ORDER) -> FiniteGroup:
        """The group ``<generators | relators>``, enumerated by Todd–Coxeter.

        Parameters
        ----------
        presentation : str or Presentation
            Text such as ``"<r, f | r^4, f^2, (r f)^2>"`` (see
            :func:`~repkit.groups.presentation.parse_presentation`) or a ``Presentation``.
        max_cosets : int, optional
            Bound passed to :func:`~repkit.groups.todd_coxeter.enumerate_cosets`.
        strategy : {"auto", "hlt", "felsch"}, optional
            Coset enumeration strategy.
        progress : callable, optional
            Receives Todd–Coxeter progress snapshots.
        permutations : mapping, optional
            Images (0-based) of the generators in a faithful action; the group keeps both and
            is enumerated lazily from them.  Verified: every relator maps to the identity (a
            quotient, von Dyck) and a coset enumeration (``max_cosets``) gives the same order.
        max_order : int, optional
            Enumeration bound for the lazy (``permutations``) case.

        Returns
        -------
        FiniteGroup

        Raises
        ------
        PresentationSyntaxError
            If the text does not parse.
        CosetEnumerationLimitError
            If the group needs more than ``max_cosets`` cosets (e.g. it is infinite).
        InvalidPermutationError, NotAHomomorphismError
            If ``permutations`` are malformed, name other generators, or violate a relator.
        PresentationMismatchError
            If the permutations generate a smaller group than the presentation defines.

        Notes
        -----
        Coset enumeration over the trivial subgroup (HEO chapter 5), then standardization
        (``O(order * ngens)``, HEO STANDARDIZE, pp. 167-168).  Eager: the right table exists on
        return.

        Examples
        --------
        >>> Q8 = FiniteGroup.from_presentation("<i, j | i^4, i^2 = j^2, j^-1 i j = i^-1>")
        >>> Q8.order, Q8.element_order(Q8.element("i j"))
        (8, 4)
        """
        if isinstance(presentation, str):
            pres = parse_presentation(presentation)
        elif isinstance(presentation, Presentation):
            pres = presentation
        else:
            raise NotAPresentationError(
                f"presentation: expected text such as '<r, f | r^4, f^2, (r f)^2>' or a "
                f"Presentation, got {type(presentation).__name__}")
        group = (None if permutations is None else
                 cls._from_trusted_presentation(pres, permutations, max_order=max_order))
        ct = enumerate_cosets(pres, max_cosets=max_cosets, strategy=strategy,  # type: ignore[arg-type]
                              progress=progress)
        if group is None:
            return cls(pres.generators, _presentation=pres, _table=ct.table, max_order=max_order)
        if ct.index != group.order:
            raise PresentationMismatchError(
                f"permutations: expected a group of order {ct.index} (the presented group), "
                f"got permutations generating order {group.order}: a proper quotient")
        return group

    @classmethod
    def _from_trusted_presentation(cls, pres: Presentation,
                                   permutations: Mapping[str, Sequence[int]], *,
                                   max_order: int = DEFAULT_MAX_ORDER) -> FiniteGroup:
        """Relators checked on the permutations, orders not compared (for the families)."""
        names, perms = validate_permutations(permutations)
        if names != pres.generators:
            raise UnknownGeneratorError(f"permutations: expected images for the generators "
                                        f"{pres.generators} in that order, got names {names}")
        group = cls(pres.generators, _presentation=pres, _permutations=perms, max_order=max_order)
        for k, rel in enumerate(pres.relators):
            image = group._perm_of_word(rel)
            if not np.array_equal(image, np.arange(image.size)):
                raise NotAHomomorphismError(
                    f"permutations: relator {k} ({format_word(rel, pres.generators)}) maps "
                    f"to {image.tolist()}, not the identity")
        return group

    @classmethod
    def from_permutations(cls, permutations: Mapping[str, Sequence[int]], *,
                          max_order: int = DEFAULT_MAX_ORDER) -> FiniteGroup:
        """The group generated by permutations, enumerated lazily.

        Parameters
        ----------
        permutations : mapping from str to sequence of int
            Generator names to 0-based image lists (``p[i]`` is the image of ``i``), all of the
            same length.  Groups act on the left: ``(g h)(i) = g(h(i))``.
        max_order : int, optional
            Largest order to which the group may be enumerated when every element is needed.

        Returns
        -------
        FiniteGroup

        Raises
        ------
        InvalidPermutationError
            Naming the generator and the bad entry, if a list is not a permutation or the
            lengths differ.
        PresentationSyntaxError
            If a name is not an identifier.

        Notes
        -----
        Lazy: :attr:`order` uses Schreier–Sims (HEO §4.4) without enumeration; the elements
        are enumerated (BFS closure, ``O(order * ngens * degree)``) on first need, and
        :class:`~repkit.errors.GroupTooLargeError` is raised if the order exceeds
        ``max_order``.

        Examples
        --------
        >>> import math
        >>> n = 64
        >>> S = FiniteGroup.from_permutations({"c": list(range(1, n)) + [0],
        ...                                    "t": [1, 0] + list(range(2, n))})
        >>> S.order == math.factorial(64)
        True
        """
        names, perms = validate_permutations(permutations)
        return cls(names, _permutations=perms, max_order=max_order)

    @classmethod
    def from_matrices(cls, matrices: Mapping[str, Any], *,
                      max_order: int = 100_000) -> FiniteGroup:
        """The group generated by invertible exact matrices (closure by BFS with hashing).

        Parameters
        ----------
        matrices : mapping from str to Matrix or nested lists
            Generator names to square exact matrices (:class:`repkit.exact.Matrix`, or rows of
            ints/Fractions/Cyclotomics), all of the same size.
        max_order : int, optional
            Enumeration bound.

        Returns
        -------
        FiniteGroup

        Raises
        ------
        ShapeError
            If a matrix is not square or the sizes differ.
        SingularMatrixError
            If a matrix is not invertible.
        GroupTooLargeError
            On enumeration, if the group has more than ``max_order`` elements.

        Notes
        -----
        Lazy; the first use enumerates the closure by BFS with exact hashing
        (``O(order * ngens)`` matrix products).

        Examples
        --------
        >>> G = FiniteGroup.from_matrices({"a": [[0, -1], [1, 0]], "b": [[1, 0], [0, -1]]})
        >>> G.order, G.is_abelian()
        (8, False)
        """
        from ..errors import SingularMatrixError
        from ..exact import Matrix

        if not isinstance(matrices, Mapping):
            raise ShapeError(f"matrices: expected a mapping from names to matrices, "
                             f"got {type(matrices).__name__}")
        names = Presentation(tuple(matrices)).generators
        mats = []
        for name in names:
            m = matrices[name]
            mat = m if isinstance(m, Matrix) else Matrix(m)
            if mat.nrows != mat.ncols:
                raise ShapeError(f"matrices[{name!r}]: expected a square matrix, got shape "
                                 f"{mat.shape}")
            if mats and mat.nrows != mats[0].nrows:
                raise ShapeError(f"matrices[{name!r}]: expected size {mats[0].nrows} like "
                                 f"matrices[{names[0]!r}], got {mat.nrows}")
            if mat.det() == 0:
                raise SingularMatrixError(f"matrices[{name!r}] is singular (determinant 0); "
                                          "group generators must be invertible")
            mats.append(mat)
        return cls(names, _matrices=tuple(mats), max_order=max_order)

    # ------------------------------------------------------------------ basic data
    @property
    def ngens(self) -> int:
        """Number of generators.

        Examples
        --------
        >>> FiniteGroup.from_presentation("<a, b | a^2, b^3, (a b)^5>").ngens
        2
        """
        return len(self.generators)

    @property
    def permutation_generators(self) -> tuple[tuple[int, ...], ...] | None:
        """The generators' image lists (0-based), or ``None`` for groups not given by them.

        Examples
        --------
        >>> FiniteGroup.from_permutations({"s": [1, 0, 2]}).permutation_generators
        ((1, 0, 2),)
        """
        return self._permutations

    @property
    def matrix_generators(self) -> tuple[Any, ...] | None:
        """The generators' matrices (``repkit.exact.Matrix``), or ``None``.

        Examples
        --------
        >>> G = FiniteGroup.from_matrices({"a": [[-1]]})
        >>> G.matrix_generators[0].det() == -1 and G.order == 2
        True
        """
        return self._matrices

    @cached_property
    def _chain(self) -> StabilizerChain:
        if self._permutations is None:
            raise NotAnElementError("this group has no permutation generators")
        degree = len(self._permutations[0]) if self._permutations else 0
        return schreier_sims(self._permutations, degree=degree)

    @cached_property
    def _enumeration(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return self._enumerate(None)

    def _enumerate(self, progress: Callable[[int], None] | None
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if self._table is not None:
            return standardize_table(self._table)
        if self._permutations is not None:
            order = self._chain.order
            if order > self.max_order:
                shown = str(order) if order < 10**30 else f"about {float(order):.3e}"
                raise GroupTooLargeError(
                    f"max_order: this operation needs every element, and the group has order "
                    f"{shown} > max_order={self.max_order} (order from Schreier-Sims; nothing "
                    "was enumerated)")
            letters = []
            for p in self._permutations:
                arr = np.asarray(p, dtype=np.intp)
                letters += [arr, np.argsort(arr)]
            return standardize_table(permutation_closure(letters, max_order=self.max_order,
                                                         base=self._chain.base,
                                                         progress=progress))
        if self._matrices is not None:
            from .closure import object_closure

            mats = []
            for m in self._matrices:
                mats += [m, m.inverse()]
            ident = type(self._matrices[0]).identity(self._matrices[0].nrows) if mats else None
            return standardize_table(object_closure(mats, ident, lambda a, b: a @ b,
                                                    max_order=self.max_order, what="matrices",
                                                    progress=progress))
        return standardize_table(np.zeros((1, 0), dtype=np.int64))

    def enumerate_elements(self, *, progress: Callable[[int], None] | None = None
                           ) -> FiniteGroup:
        """Enumerate the elements now (a lazy group does it on first need anyway); return self.

        Parameters
        ----------
        progress : callable, optional
            Called with the number of elements found so far after each breadth-first layer
            (permutation and matrix groups; presentation groups are enumerated on
            construction, where ``from_presentation(progress=...)`` reports).

        Returns
        -------
        FiniteGroup
            ``self``, now enumerated.

        Raises
        ------
        GroupTooLargeError
            If the order exceeds ``max_order``.

        Examples
        --------
        >>> G = FiniteGroup.from_permutations({"c": [1, 2, 3, 4, 0], "t": [1, 0, 2, 3, 4]})
        >>> counts = []
        >>> G.enumerate_elements(progress=counts.append).is_enumerated, counts[-1]
        (True, 120)
        """
        if "_enumeration" not in self.__dict__:
            self.__dict__["_enumeration"] = self._enumerate(progress)
        return self

    @cached_property
    def order(self) -> int:
        """The number of elements.

        For permutation groups this comes from Schreier–Sims and does not enumerate.

        Examples
        --------
        >>> FiniteGroup.from_presentation("<a, b | a^2, b^3, (a b)^5>").order   # A5
        60
        """
        if (self._table is None and self._permutations is not None
                and "_enumeration" not in self.__dict__):
            return self._chain.order
        return int(self._enumeration[0].shape[0])

    @property
    def is_enumerated(self) -> bool:
        """Whether the elements have been enumerated (the right table exists).

        Examples
        --------
        >>> G = FiniteGroup.from_permutations({"s": [1, 0, 2]})
        >>> before = G.is_enumerated; _ = G.right_table
        >>> before, G.is_enumerated
        (False, True)
        """
        return "_enumeration" in self.__dict__

    @property
    def has_presentation(self) -> bool:
        """Whether :attr:`presentation` is available without enumerating the group.

        True when a presentation was given (``from_presentation``, the families) or has
        already been computed from the Cayley graph.

        Examples
        --------
        >>> G = FiniteGroup.from_permutations({"s": [1, 0, 2], "c": [1, 2, 0]})
        >>> before = G.has_presentation; _ = G.presentation
        >>> before, G.has_presentation
        (False, True)
        """
        return self._presentation is not None or "presentation" in self.__dict__

    @property
    def right_table(self) -> np.ndarray:
        """``right_table[g, c] = g * letter_c`` (read-only int64, shape ``(order, 2*ngens)``).

        Column ``2i`` is generator ``i``, column ``2i+1`` its inverse; this is the standardized
        coset table over the trivial subgroup.

        Raises
        ------
        GroupTooLargeError
            For a lazy group of order above ``max_order``.

        Examples
        --------
        >>> G = FiniteGroup.from_presentation("<a | a^3>")
        >>> G.right_table.tolist()               # elements 1, a, a^-1
        [[1, 2], [2, 0], [0, 1]]
        """
        return self._enumeration[0]

    @property
    def spanning_tree(self) -> tuple[np.ndarray, np.ndarray]:
        """The BFS spanning tree ``(parent, letter)``: ``g = parent[g] * letter[g]``.

        ``letter`` holds word letters (``i + 1`` or ``-(i + 1)``); ``parent[0] = -1`` and
        ``letter[0] = 0``.  ``parent[g] < g``, so a loop over ``1 .. order-1`` visits parents
        first.

        Examples
        --------
        >>> G = FiniteGroup.from_presentation("<r, f | r^4, f^2, (r f)^2>")
        >>> parent, letter = G.spanning_tree
        >>> all(G.mul(int(parent[g]), G.element((int(letter[g]),))) == g for g in range(1, 8))
        True
        """
        _, parent, column = self._enumeration
        letters = np.where(column % 2 == 0, column // 2 + 1, -(column // 2 + 1))
        letters[0] = 0
        letters.setflags(write=False)
        return parent, letters

    @cached_property
    def _layers(self) -> tuple[tuple[int, int], ...]:
        parent = self._enumeration[1]
        bounds = [(0, 1)]
        while bounds[-1][1] < parent.size:
            end = bounds[-1][1]
            bounds.append((end, int(np.searchsorted(parent, end, side="left"))))
        return tuple(bounds)

    @property
    def identity(self) -> int:
        """The identity element, always ``0``.

        Examples
        --------
        >>> FiniteGroup.from_presentation("<a | a^5>").word(0)
        ()
        """
        return 0

    @property
    def elements(self) -> range:
        """All elements, ``range(order)``.

        Examples
        --------
        >>> list(FiniteGroup.from_presentation("<a | a^3>").elements)
        [0, 1, 2]
        """
        return range(self.order)

    @property
    def generator_elements(self) -> tuple[int, ...]:
        """The element of each generator.

        Examples
        --------
        >>> FiniteGroup.from_presentation("<a, b | a^2, b^2, (a b)^2>").generator_elements
        (1, 2)
        """
        table = self.right_table
        return tuple(int(table[0, 2 * i]) for i in range(self.ngens))

    # ------------------------------------------------------------------ elements and words
    def _as_element(self, g: Any, argument: str = "g") -> int:
        if isinstance(g, (bool, np.bool_)) or not isinstance(g, (int, np.integer)):
            return self._element(g, argument)
        k = int(g)
        if not 0 <= k < self.order:
            raise NotAnElementError(
                f"{argument}: expected an element 0..{self.order - 1}, got {k}")
        return k

    def element(self, x: int | Sequence[int] | str) -> int:
        """The element given by an int, a Word or text such as ``"f r^2"``.

        Parameters
        ----------
        x : int, Word or str
            An element number ``0..order-1``, a word (tuple of letters ``±(i+1)``) or text
            parsed by :func:`~repkit.groups.presentation.parse_word`.

        Returns
        -------
        int

        Raises
        ------
        NotAnElementError
            For an out-of-range int or an object of another type.
        UnknownGeneratorError, PresentationSyntaxError
            For a word with a bad letter or text that does not parse.

        Examples
        --------
        >>> G = FiniteGroup.from_presentation("<r, f | r^4, f^2, (r f)^2>")
        >>> G.element("f r f") == G.element("r^-1") == G.element((-1,))
        True
        """
        return self._element(x, "x")

    def _element(self, x: Any, argument: str) -> int:
        if isinstance(x, str):
            word = parse_word(x, self.generators)
        elif isinstance(x, (bool, np.bool_)):
            raise NotAnElementError(f"{argument}: expected an int, a word or text, got {x!r}")
        elif isinstance(x, (int, np.integer)):
            return self._as_element(x, argument)
        elif isinstance(x, (tuple, list)):
            word = check_word(x, self.ngens, argument=argument)
        else:
            raise NotAnElementError(
                f"{argument}: expected an element number, a word (tuple of letters) or text such as "
                f"'r f', got {type(x).__name__}")
        return self._follow(0, word)

    def _follow(self, g: int, word: Sequence[int]) -> int:
        table = self.right_table
        for letter in word:
            g = int(table[g, 2 * (letter - 1) if letter > 0 else 2 * (-letter - 1) + 1])
        return g

    def word(self, g: int) -> Word:
        """The normal form of ``g``: its shortlex-least word.

        Examples
        --------
        >>> G = FiniteGroup.from_presentation("<r, f | r^4, f^2, (r f)^2>")
        >>> [G.word_str(g) for g in G.elements]
        ['1', 'r', 'r^-1', 'f', 'r^2', 'r*f', 'r^-1*f', 'r^2*f']
        """
        g = self._as_element(g)
        parent, letter = self._tree_lists
        letters = []
        while g:
            letters.append(letter[g])
            g = parent[g]
        return tuple(reversed(letters))

    @cached_property
    def _tree_lists(self) -> tuple[list[int], list[int]]:
        parent, letter = self.spanning_tree
        return parent.tolist(), letter.tolist()

    def word_str(self, g: int) -> str:
        """The normal form of ``g`` as text in GAP's style (``r^-1*f``; ``1`` for the identity).

        :meth:`element` parses it back.

        Examples
        --------
        >>> G = FiniteGroup.from_presentation("<r, f | r^4, f^2, (r f)^2>")
        >>> all(G.element(G.word_str(g)) == g for g in G.elements)
        True
        """
        return format_word(self.word(g), self.generators, collapse=False)

    def mul(self, g: int, h: int) -> int:
        """The product ``g h`` (follows ``h``'s normal form from ``g``: ``O(|word(h)|)``).

        Examples
        --------
        >>> G = FiniteGroup.from_presentation("<a | a^5>")
        >>> a = G.element("a")
        >>> G.mul(G.mul(a, a), G.pow(a, 3)) == 0
        True
        """
        return self._follow(self._as_element(g), self.word(h))

    def inv(self, g: int) -> int:
        """The inverse ``g^-1``.

        Examples
        --------
        >>> G = FiniteGroup.from_presentation("<r, f | r^3, f^2, (r f)^2>")
        >>> all(G.mul(g, G.inv(g)) == 0 for g in G.elements)
        True
        """
        return self._follow(0, inverse_word(self.word(g)))

    def pow(self, g: int, k: int) -> int:
        """``g^k`` for any integer ``k`` (binary powering).

        Examples
        --------
        >>> G = FiniteGroup.from_presentation("<a | a^7>")
        >>> a = G.element("a")
        >>> G.pow(a, 7) == 0 and G.pow(a, -1) == G.inv(a) and G.pow(a, 10) == G.pow(a, 3)
        True
        """
        g = self._as_element(g)
        if isinstance(k, (bool, np.bool_)) or not isinstance(k, (int, np.integer)):
            raise NotAnElementError(f"k: expected an int exponent, got {k!r}")
        k = int(k)
        if k < 0:
            g, k = self.inv(g), -k
        result = 0
        while k:
            if k & 1:
                result = self.mul(result, g)
            g = self.mul(g, g)
            k >>= 1
        return result

    def element_order(self, g: int) -> int:
        """The order of ``g``, the least ``k >= 1`` with ``g^k = 1``.

        Examples
        --------
        >>> G = FiniteGroup.from_presentation("<a, b | a^2, b^3, (a b)^5>")
        >>> sorted({G.element_order(g) for g in G.elements})       # A5
        [1, 2, 3, 5]
        """
        g = self._as_element(g)
        word = self.word(g)
        x, k = g, 1
        while x:
            x = self._follow(x, word)
            k += 1
        return k

    @cached_property                      # permutations as elements
    def _base_index(self) -> tuple[np.ndarray, dict[bytes, int]]:
        base = np.asarray(self._chain.base, dtype=np.intp)
        return base, inverse_base_index(base, self._permutations, *self.spanning_tree,
                                        self._layers)

    def element_of_permutation(self, p: Sequence[int]) -> int:
        """The element acting as the permutation ``p`` (0-based image list; permutation groups).

        ``InvalidPermutationError`` for a malformed list, ``NotAnElementError`` without
        permutations or outside the group. Schreier--Sims sift (HEO §4.4.1), then an index of
        inverse base images, ``O(|G| |base|)`` once (``schreier_sims.inverse_base_index``).

        Examples
        --------
        >>> G = FiniteGroup.from_permutations({"s": [1, 0, 2], "c": [1, 2, 0]})
        >>> g = G.element_of_permutation([0, 2, 1])
        >>> G.permutation_of(g), G.word_str(g)
        ((0, 2, 1), 's*c')
        """
        perms = self._permutations
        if perms is None or isinstance(p, str | bytes) or not isinstance(p, Sequence | np.ndarray):
            what = "a group not given by permutations" if perms is None else type(p).__name__
            raise NotAnElementError(f"p: expected an image list of a permutation group, got {what}")
        checked = _as_perm(p, len(perms[0]) if perms else 0, "p")
        if not self._chain.contains(checked):
            raise NotAnElementError(f"p: expected an element of the group generated by "
                                    f"{self.generators}, got {list(p)}, which is not in it")
        return self._base_index[1][np.argsort(checked)[self._base_index[0]].tobytes()]

    def subgroup_of_permutations(self, permutations: Sequence[Sequence[int]]) -> Any:
        """The subgroup generated by image lists (see :meth:`element_of_permutation`).

        Examples
        --------
        >>> S4 = FiniteGroup.from_permutations({"c": [1, 2, 3, 0], "t": [1, 0, 2, 3]})
        >>> S4.subgroup_of_permutations([[1, 0, 3, 2], [2, 3, 0, 1]]).order
        4
        """
        elements = []
        for k, q in enumerate(permutations):
            try:
                elements.append(self.element_of_permutation(q))
            except NotAnElementError as exc:
                raise NotAnElementError(f"permutations[{k}]: {exc}") from exc
        return self.subgroup(elements)

    # ------------------------------------------------------------------ higher layers
    def character_table(self) -> Any:
        """The character table (delegates to :func:`repkit.characters.character_table`; see `repkit._delegation`).

        The result is cached on this group object.

        Examples
        --------
        >>> G = FiniteGroup.from_presentation("<a | a^3>")
        >>> sorted(G.character_table().degrees)
        [1, 1, 1]
        """
        cache = self.__dict__
        if "_character_table" not in cache:
            cache["_character_table"] = delegate("character_table")(self)
        return cache["_character_table"]

    def irreps(self) -> Any:
        """The irreducible representations (delegates to :func:`repkit.characters.irreps`).

        The result is cached on this group object.

        Examples
        --------
        >>> G = FiniteGroup.from_presentation("<a, b | a^2, b^3, (a b)^2>")
        >>> sorted(rho.dim for rho in G.irreps())
        [1, 1, 2]
        """
        cache = self.__dict__
        if "_irreps" not in cache:
            cache["_irreps"] = delegate("irreps")(self)
        return cache["_irreps"]

    # ------------------------------------------------------------------ SymPy and GAP
    @classmethod
    def from_sympy(cls, group: Any, *, names: Sequence[str] | None = None) -> FiniteGroup:
        """From a SymPy ``FpGroup`` or ``PermutationGroup`` (see `repkit.groups.sympy_interop`).

        >>> G = FiniteGroup.from_presentation("<a | a^5>")
        >>> FiniteGroup.from_sympy(G.to_sympy()) == G
        True
        """
        from .sympy_interop import group_from_sympy

        return group_from_sympy(group, names=names)

    def to_sympy(self, *, kind: str = "auto") -> Any:
        """SymPy's ``FpGroup`` or ``PermutationGroup`` (:func:`~repkit.groups.sympy_interop.group_to_sympy`).

        >>> FiniteGroup.from_permutations({"s": [1, 0, 2]}).to_sympy().order()
        2
        """
        from .sympy_interop import group_to_sympy

        return group_to_sympy(self, kind=kind)  # type: ignore[arg-type]

    @classmethod
    def from_gap(cls, text: str, *, names: Sequence[str] | None = None) -> FiniteGroup:
        """From GAP text, a presentation or permutations (see `repkit.groups.gap_text`).

        >>> FiniteGroup.from_gap("Group([ (1,2,3), (1,2) ])").order
        6
        """
        from .gap_text import group_from_gap

        return group_from_gap(text, names=names)

    def to_gap(self, *, kind: str = "auto") -> str:
        """GAP text of this group (:func:`~repkit.groups.gap_text.group_to_gap`).

        >>> FiniteGroup.from_presentation("<a | a^5>").to_gap().splitlines()[1]
        'G := F_G / [ a^5 ];;'
        """
        from .gap_text import group_to_gap

        return group_to_gap(self, kind=kind)  # type: ignore[arg-type]

    # ------------------------------------------------------------------ printing
    def __repr__(self) -> str:
        if self._presentation is not None and self._permutations is None:
            return f"FiniteGroup.from_presentation({str(self._presentation)!r})"
        if self._permutations is not None:
            perms = {n: list(p) for n, p in zip(self.generators, self._permutations)}
            if self._presentation is not None:
                return (f"FiniteGroup.from_presentation({str(self._presentation)!r}, "
                        f"permutations={perms!r})")
            return f"FiniteGroup.from_permutations({perms!r})"
        if self._matrices is not None:
            mats = {n: m.to_list() for n, m in zip(self.generators, self._matrices)}
            return f"FiniteGroup.from_matrices({mats!r})"
        return f"<FiniteGroup of order {self.order} on generators {self.generators}>"

    def __str__(self) -> str:
        return str(self.presentation) if self._presentation is not None else repr(self)


Group = FiniteGroup
"""Public alias of :class:`FiniteGroup`."""
