"""Shared hypothesis strategies for repkit's tests (import with ``from strategies import ...``).

Words and presentations
-----------------------
* :func:`generator_names` -- tuples of distinct, valid generator names (single letters, ``s1``-style
  names, ``x_1``, Greek letters), optionally single letters only.
* :func:`raw_words` -- arbitrary words (tuples of nonzero ints ``±1..±ngens``), not reduced.
* :func:`words` -- freely reduced words.
* :func:`presentations` -- random presentations (usually of infinite groups: for parsing and
  printing, not for enumeration).
* :func:`presentation_texts` -- ``(text, presentation)`` pairs: a random presentation written in a
  random notation (spaces or ``*``, TeX or plain brackets, ``^{-1}`` / ``**`` / superscripts,
  relations ``u = v`` and ``w = 1`` instead of relators, ``;`` or ``,``); the text must parse to the
  presentation.
* :func:`finite_presentations_with_order` -- ``(presentation, order)`` of a known finite group
  (cyclic, dihedral, dicyclic, abelian, A4, S4, A5, Heisenberg, Coxeter B3...), disguised by
  renaming generators, rotating, inverting, reordering relators and adding redundant consequences.
  Its order is exact: a coset enumerator must find it.
* :func:`finite_presentations` -- presentations of finite groups: a known one plus up to two random
  extra relators (a quotient, so finite, of order dividing the base order).

Groups
------
* :func:`family_groups` -- small groups from the named families (``repkit.groups.families``) with
  their orders, as ``(group, order)``; every draw builds a fresh group object.

Permutations
------------
* :func:`permutations` -- 0-based image lists of a fixed degree.
* :func:`permutation_generators` -- ``{name: image list}`` dictionaries on one degree.

Every strategy is deterministic given hypothesis' seed and holds no state.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from hypothesis import strategies as st

from repkit.groups import families
from repkit.groups.group import FiniteGroup
from repkit.groups.presentation import Presentation
from repkit.groups.words import (
    Word,
    cyclic_reduce,
    format_word,
    free_reduce,
    inverse_word,
    multiply_words,
    syllables,
)

__all__ = [
    "generator_names",
    "raw_words",
    "words",
    "presentations",
    "presentation_texts",
    "finite_presentations_with_order",
    "finite_presentations",
    "permutations",
    "permutation_generators",
    "family_groups",
    "KNOWN_FINITE",
]

_SINGLE = tuple("abcdefghijklmnopqrstuvwxyz") + ("A", "B", "R", "F")
_MULTI = ("s0", "s1", "s2", "t0", "t1", "t12", "x_1", "x_2", "alpha", "beta", "gen", "σ", "τ",
          "r1", "f_0", "_g")


@st.composite
def generator_names(draw: st.DrawFn, min_size: int = 1, max_size: int = 4, *,
                    single_letter: bool | None = None) -> tuple[str, ...]:
    """Distinct valid generator names.

    ``single_letter=True`` draws only one-character names (so juxtaposition such as ``rf`` is
    legal), ``False`` only multi-character ones, ``None`` either kind (decided per draw).
    """
    if single_letter is None:
        single_letter = draw(st.booleans())
    pool = _SINGLE if single_letter else _MULTI
    names = draw(st.lists(st.sampled_from(pool), min_size=min_size, max_size=max_size,
                          unique=True))
    return tuple(names)


def raw_words(ngens: int, *, min_size: int = 0, max_size: int = 12) -> st.SearchStrategy[Word]:
    """Words over ``ngens`` generators as tuples of letters ``±1 .. ±ngens``, not reduced."""
    if ngens == 0:
        return st.just(())
    letters = st.integers(1, ngens).flatmap(lambda i: st.sampled_from((i, -i)))
    return st.lists(letters, min_size=min_size, max_size=max_size).map(tuple)


def words(ngens: int, *, max_size: int = 12) -> st.SearchStrategy[Word]:
    """Freely reduced words over ``ngens`` generators (possibly empty)."""
    return raw_words(ngens, max_size=max_size).map(free_reduce)


@st.composite
def presentations(draw: st.DrawFn, *, max_gens: int = 3, max_relators: int = 4,
                  max_relator_length: int = 10, single_letter: bool | None = None
                  ) -> Presentation:
    """Random presentations; the relators are random (reduced, nontrivial) words."""
    names = draw(generator_names(1, max_gens, single_letter=single_letter))
    relators = draw(st.lists(words(len(names), max_size=max_relator_length).filter(bool),
                             max_size=max_relators))
    return Presentation(names, tuple(relators))


_SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _render_power(draw: st.DrawFn, name: str, exponent: int) -> str:
    if exponent == 1 and draw(st.booleans()):
        return name
    style = draw(st.sampled_from(("gap", "tex", "paren", "python", "super")))
    if style == "gap":
        return f"{name}^{exponent}"
    if style == "tex":
        return f"{name}^{{{exponent}}}"
    if style == "paren":
        return f"{name}^({exponent})"
    if style == "python":
        return f"{name}**{exponent}" if exponent > 0 else f"{name}**({exponent})"
    return name + str(exponent).translate(_SUPERSCRIPTS)


def _render_word(draw: st.DrawFn, word: Word, names: tuple[str, ...]) -> str:
    """Render a freely reduced word in a random notation that parses back to it."""
    if not word:
        return draw(st.sampled_from(("1", "e") if "e" not in names else ("1",)))
    if draw(st.integers(0, 3)) == 0:
        return format_word(word, names)
    single = all(len(n) == 1 for n in names)
    pieces = []
    for index, exponent in syllables(word):
        pieces.append(_render_power(draw, names[index], exponent))
    glue_options = [" ", " * ", "*", r" \cdot "]
    out = pieces[0]
    for piece in pieces[1:]:
        glue = draw(st.sampled_from(glue_options + ([""] if single else [])))
        out += glue + piece
    if draw(st.integers(0, 4)) == 0:
        out = draw(st.sampled_from(("({})", "{{{}}}"))).format(out)
    return out


@st.composite
def presentation_texts(draw: st.DrawFn, *, max_gens: int = 3, max_relators: int = 4
                       ) -> tuple[str, Presentation]:
    """A presentation and a text in a random notation that must parse to it."""
    presentation = draw(presentations(max_gens=max_gens, max_relators=max_relators))
    names = presentation.generators
    items = []
    for relator in presentation.relators:
        form = draw(st.integers(0, 3))
        if form == 1 and len(relator) >= 2:
            cut = draw(st.integers(1, len(relator) - 1))
            left, right = relator[:cut], inverse_word(relator[cut:])
            items.append(f"{_render_word(draw, left, names)} = {_render_word(draw, right, names)}")
        elif form == 2:
            items.append(f"{_render_word(draw, relator, names)} = "
                         f"{_render_word(draw, (), names)}")
        else:
            items.append(_render_word(draw, relator, names))
    bracket = draw(st.sampled_from(("plain", "tex", "none", "unicode")))
    bar = draw(st.sampled_from(("|", r"\mid", r"\vert", ":"))) if bracket == "tex" else \
        draw(st.sampled_from(("|", ":")))
    separator = draw(st.sampled_from((", ", ",", "; ", " ;\n ")))
    gens = draw(st.sampled_from((", ", ","))).join(names)
    body = f"{gens} {bar} {separator.join(items)}" if items else \
        draw(st.sampled_from((gens, f"{gens} |", f"{gens} | ")))
    if bracket == "plain":
        text = f"<{body}>"
    elif bracket == "tex":
        text = rf"\langle {body} \rangle"
    elif bracket == "unicode":
        text = f"⟨{body}⟩"
    else:
        text = body
    return text, presentation


def _P(text: str) -> Presentation:
    return Presentation.parse(text)


KNOWN_FINITE: tuple[tuple[str, int], ...] = (
    ("<a | a>", 1),
    ("<a | a^2>", 2),
    ("<a | a^5>", 5),
    ("<a | a^12>", 12),
    ("<a, b | a^2, b^2, (a b)^2>", 4),
    ("<a, b | a^3, b^2, (a b)^2>", 6),
    ("<r, f | r^4, f^2, (r f)^2>", 8),
    ("<r, f | r^7, f^2, (r f)^2>", 14),
    ("<r, f | r^4 = f^2 = e, r f = f r^-1>", 8),
    ("<i, j | i^4, i^2 j^-2, j^-1 i j i>", 8),
    ("<a, x | a^6, x^2 a^-3, x^-1 a x a>", 12),
    ("<a, b | a^4, b^6, [a, b]>", 24),
    ("<a, b | a^2, b^3, (a b)^3>", 12),
    ("<a, b | a^2, b^3, (a b)^4>", 24),
    ("<a, b | a^2, b^3, (a b)^5>", 60),
    ("<x, y | x^3, y^3, [x, y]^3, [x, y, x], [x, y, y]>", 27),
    ("<a, b, c | a^2, b^2, c^2, (a b)^3, (b c)^4, (a c)^2>", 48),
    ("<a, b, c | a^2, b^2, c^2, (a b)^3, (b c)^3, (a c)^2>", 24),
    ("<s, t | s^2, t^2, (s t)^6>", 12),
    ("<a, b | a^3, b^3, (a b)^3, (a^-1 b)^3>", 27),
)
"""Presentations of finite groups with their orders (checked by GAP's ``Size``)."""


@st.composite
def finite_presentations_with_order(draw: st.DrawFn, *, max_order: int = 60
                                    ) -> tuple[Presentation, int]:
    """A presentation of a finite group of known order, disguised but defining the same group.

    The disguises keep the normal closure of the relators: rename generators, rotate a relator
    cyclically (a conjugate), invert it, reorder the relators, and append products of relators
    or conjugates of a relator by random words (consequences).
    """
    text, order = draw(st.sampled_from([k for k in KNOWN_FINITE if k[1] <= max_order]))
    base = _P(text)
    n = base.ngens
    names = draw(generator_names(n, n))
    relators: list[Word] = []
    for relator in base.relators:
        shift = draw(st.integers(0, len(relator) - 1))
        rotated = relator[shift:] + relator[:shift]
        relators.append(inverse_word(rotated) if draw(st.booleans()) else rotated)
    relators = draw(st.permutations(relators))
    extras = draw(st.integers(0, 2))
    for _ in range(extras):
        first = draw(st.sampled_from(relators))
        if draw(st.booleans()):
            relators.append(multiply_words(first, draw(st.sampled_from(relators))))
        else:
            by = draw(words(n, max_size=4))
            relators.append(multiply_words(inverse_word(by), first, by))
    return Presentation(names, tuple(relators)), order


@st.composite
def finite_presentations(draw: st.DrawFn, *, max_order: int = 60, max_extra: int = 2
                         ) -> Presentation:
    """A presentation of a finite group: a known finite one plus random extra relators.

    The group is a quotient of the known group, so it is finite and its order divides the known
    order (use :func:`finite_presentations_with_order` when the exact order is needed).
    """
    presentation, _ = draw(finite_presentations_with_order(max_order=max_order))
    extra = draw(st.lists(words(presentation.ngens, max_size=6).map(cyclic_reduce),
                          max_size=max_extra))
    return Presentation(presentation.generators, presentation.relators + tuple(extra))


def permutations(degree: int) -> st.SearchStrategy[list[int]]:
    """0-based image lists of the given degree (``p[i]`` is the image of ``i``)."""
    return st.permutations(list(range(degree))).map(list)


@st.composite
def permutation_generators(draw: st.DrawFn, *, max_degree: int = 7, max_gens: int = 3
                           ) -> dict[str, list[int]]:
    """``{name: image list}`` with 1..max_gens generators, all of one degree 1..max_degree."""
    degree = draw(st.integers(1, max_degree))
    names = draw(generator_names(1, max_gens))
    return {name: draw(permutations(degree)) for name in names}


def _family_catalogue() -> list[tuple[str, Callable[[], FiniteGroup], int]]:
    F = families
    items: list[tuple[str, Callable[[], FiniteGroup], int]] = []
    items += [(f"cyclic({n})", lambda n=n: F.cyclic(n), n) for n in range(1, 13)]
    items += [(f"dihedral({n})", lambda n=n: F.dihedral(n), 2 * n) for n in range(1, 13)]
    items += [(f"symmetric({n})", lambda n=n: F.symmetric(n), math.factorial(n))
              for n in range(1, 6)]
    items += [(f"alternating({n})", lambda n=n: F.alternating(n), math.factorial(n) // 2)
              for n in range(3, 6)]
    items += [("quaternion()", F.quaternion, 8)]
    items += [(f"dicyclic({n})", lambda n=n: F.dicyclic(n), 4 * n) for n in range(1, 7)]
    items += [(f"translations({s})", lambda s=s: F.translations(s), math.prod(s))
              for s in ((2, 2), (2, 3), (3, 3), (2, 2, 2), (4, 4))]
    items += [(f"image_symmetry({L})", lambda L=L: F.image_symmetry(L), 8 * L * L)
              for L in (1, 2, 3)]
    items += [("dihedral(3) x cyclic(2)", lambda: F.direct_product(F.dihedral(3), F.cyclic(2)), 12),
              ("quaternion() x cyclic(3)", lambda: F.direct_product(F.quaternion(), F.cyclic(3)),
               24)]
    return items


def family_groups(*, max_order: int = 120) -> st.SearchStrategy[tuple[FiniteGroup, int]]:
    """``(group, order)`` for a small named-family group of order at most ``max_order``.

    The families are cyclic, dihedral, symmetric, alternating, quaternion, dicyclic,
    translations, image_symmetry and two direct products; each draw calls the family function,
    so the group object is fresh (groups compare by identity).
    """
    catalogue = [item for item in _family_catalogue() if item[2] <= max_order]
    return st.sampled_from(catalogue).map(lambda item: (item[1](), item[2]))
