"""Conversions between repkit groups and SymPy's ``FpGroup`` and ``PermutationGroup``.

SymPy is imported inside the functions only.

Conventions. A presentation is abstract: a SymPy relator ``r*f*r*f`` is the repkit word
``r*f*r*f``, read left to right in both, so an ``FpGroup`` converts letter for letter. SymPy's
``Permutation.array_form`` has the layout of repkit's 0-based image lists, but SymPy composes left
to right, ``(p*q)(i) = q(p(i))`` (a right action, as GAP), while repkit composes like functions,
``(g h)(i) = g(h(i))`` (docs/conventions.md). The converters therefore **invert** each
generator's permutation: under ``g -> g^-1`` the right action becomes a left one, every word keeps
its meaning, a relator that holds for SymPy's generators holds for repkit's, and repkit's
permutation of a word ``w`` is ``~`` of SymPy's (``G.permutation_of("a b") == (~(A*B)).array_form``).

Round trips are exact: ``group_from_sympy(group_to_sympy(G))`` equals ``G`` for a group given by a
presentation alone, and, with ``names=G.generators``, for a group given by permutations alone
(SymPy's permutation groups do not name their generators). A group given by both (the families)
converts by ``kind=`` to one of the two.

Examples
--------
>>> import repkit as rk
>>> G = rk.Group.from_presentation("<r, f | r^4, f^2, (r f)^2>")
>>> F = group_to_sympy(G)
>>> type(F).__name__, F.order()
('FpGroup', 8)
>>> group_from_sympy(F) == G
True
"""

from __future__ import annotations

from typing import Any, Literal

from ..errors import IncompatibleGroupError, InvalidOptionError, NotAPresentationError
from .presentation import Presentation
from .words import Word

__all__ = ["group_from_sympy", "group_to_sympy", "default_generator_names"]


def default_generator_names(count: int) -> tuple[str, ...]:
    """``g1, g2, ...``: names for generators that come without one (as GAP's ``F.1, F.2``).

    Examples
    --------
    >>> default_generator_names(3)
    ('g1', 'g2', 'g3')
    """
    return tuple(f"g{i + 1}" for i in range(count))


def _sympy_word(element: Any, index: dict[str, int]) -> Word:
    letters: list[int] = []
    for symbol, power in element.array_form:
        letter = index[str(symbol)]
        letters += [letter if power > 0 else -letter] * abs(int(power))
    return tuple(letters)


def group_from_sympy(group: Any, *, names: tuple[str, ...] | list[str] | None = None,
                     max_cosets: int | None = None) -> Any:
    """A repkit group from a SymPy ``FpGroup`` or ``PermutationGroup``.

    Parameters
    ----------
    group : sympy.combinatorics.FpGroup or PermutationGroup
        An ``FpGroup`` keeps its generator names and relators; a ``PermutationGroup`` its
        degree and, inverted (see the module), its generators.
    names : sequence of str, optional
        Generator names for a ``PermutationGroup`` (default ``g1, g2, ...``); for an ``FpGroup``
        they rename the free generators in order.
    max_cosets : int, optional
        Bound of the coset enumeration of an ``FpGroup`` (default that of
        :meth:`FiniteGroup.from_presentation`).

    Returns
    -------
    FiniteGroup

    Raises
    ------
    NotAPresentationError
        If ``group`` is neither an ``FpGroup`` nor a ``PermutationGroup``, or ``names`` has the
        wrong length.

    Notes
    -----
    ``O(ngens * degree)`` for a permutation group, the relators' total length plus the coset
    enumeration for an ``FpGroup``.

    Examples
    --------
    >>> from sympy.combinatorics import Permutation, PermutationGroup
    >>> P = PermutationGroup([Permutation([1, 0, 2]), Permutation([1, 2, 0])])
    >>> group_from_sympy(P, names=("s", "c")).order
    6
    """
    from sympy.combinatorics.fp_groups import FpGroup
    from sympy.combinatorics.perm_groups import PermutationGroup

    from .group import FiniteGroup

    if isinstance(group, PermutationGroup):
        perms = [list(map(int, (~p).array_form)) + list(range(p.size, group.degree))
                 for p in group.generators]
        chosen = tuple(names) if names is not None else default_generator_names(len(perms))
        if len(chosen) != len(perms):
            raise NotAPresentationError(f"names: expected {len(perms)} names, one per generator "
                                        f"of the PermutationGroup, got {len(chosen)}")
        return FiniteGroup.from_permutations(dict(zip(chosen, perms)))
    if isinstance(group, FpGroup):
        symbols = [str(s) for s in group.free_group.symbols]
        chosen = tuple(names) if names is not None else tuple(symbols)
        if len(chosen) != len(symbols):
            raise NotAPresentationError(f"names: expected {len(symbols)} names, one per free "
                                        f"generator of the FpGroup, got {len(chosen)}")
        index = {s: i + 1 for i, s in enumerate(symbols)}
        presentation = Presentation(chosen, tuple(_sympy_word(r, index) for r in group.relators))
        options = {} if max_cosets is None else {"max_cosets": max_cosets}
        return FiniteGroup.from_presentation(presentation, **options)
    raise NotAPresentationError(
        f"group: expected a sympy FpGroup or PermutationGroup, got {type(group).__name__}")


def group_to_sympy(G: Any, *, kind: Literal["auto", "fp", "permutation"] = "auto") -> Any:
    """The SymPy ``FpGroup`` (presentation) or ``PermutationGroup`` of a repkit group.

    Parameters
    ----------
    G : FiniteGroup
    kind : {"auto", "fp", "permutation"}
        ``"auto"``: an ``FpGroup`` when ``G`` was given a presentation, else a
        ``PermutationGroup`` of its permutations (or of its regular action when it has none).
        ``"fp"`` always gives an ``FpGroup`` (the given presentation, or one read off the Cayley
        graph); ``"permutation"`` always a ``PermutationGroup``.

    Returns
    -------
    sympy.combinatorics.FpGroup or PermutationGroup
        Generators in the order of ``G.generators``; the free generators keep their names, the
        permutations are inverted (see the module).

    Raises
    ------
    InvalidOptionError
        For an unknown ``kind``.
    IncompatibleGroupError
        For a ``PermutationGroup`` when a generator is the identity or repeats another (SymPy
        drops those, so the generators would no longer line up).

    Notes
    -----
    ``O(total relator length)`` for an ``FpGroup``; ``O(ngens * degree)`` for a permutation
    group (``degree = |G|`` for the regular action of a group without permutations).

    Examples
    --------
    >>> import repkit as rk
    >>> group_to_sympy(rk.symmetric(4), kind="permutation").order()
    24
    """
    from sympy.combinatorics import Permutation, PermutationGroup
    from sympy.combinatorics.fp_groups import FpGroup
    from sympy.combinatorics.free_groups import free_group

    if kind not in ("auto", "fp", "permutation"):
        raise InvalidOptionError(f"kind: expected 'auto', 'fp' or 'permutation', got {kind!r}")
    if kind == "fp" or (kind == "auto" and G.has_given_presentation):
        F, *letters = free_group(",".join(G.generators))
        relators = []
        for word in G.presentation.relators:
            element = F.identity
            for letter in word:
                element = element * (letters[abs(letter) - 1] ** (1 if letter > 0 else -1))
            relators.append(element)
        return FpGroup(F, relators)
    perms = G.permutation_generators
    if perms is None:                                  # the regular action g -> x g
        perms = tuple(tuple(int(v) for v in G.left_multiply_all(x)) for x in G.generator_elements)
    result = PermutationGroup([~Permutation(list(p)) for p in perms])
    if len(result.generators) != len(perms):
        raise IncompatibleGroupError(
            f"G: SymPy's PermutationGroup drops identity and repeated generators, so the "
            f"{len(perms)} generators {G.generators} would not line up with its "
            f"{len(result.generators)}; use kind='fp'")
    return result
