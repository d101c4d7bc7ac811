"""Groups as GAP text: finitely presented groups and permutation groups in cycle notation.

Two forms are written and read:

* a presentation, ``F := FreeGroup("r", "f");; G := F / [ F.1^4, F.2^2, (F.1*F.2)^2 ];`` (the
  relators may also use the generator names, ``r^4``, when they are bound as GAP variables);
* a permutation group, ``G := Group([ (1,2,3,4), (2,4) ]);``, points numbered from 1 as in GAP.

Conventions. GAP numbers points from 1 and composes permutations left to right, ``i^(p*q) =
(i^p)^q`` (a right action, like SymPy); repkit numbers points from 0 and composes like
functions (docs/conventions.md). The converters **invert** each generator's permutation (point
``i`` of repkit is point ``i + 1`` of GAP): under ``g -> g^-1`` a right action becomes a left
action, so every word keeps its meaning, a relator that holds for GAP's generators holds for
repkit's, and repkit's permutation of a word ``w`` is the inverse of GAP's. Presentations are
abstract and convert letter for letter (through :meth:`Presentation.to_gap` and
:meth:`Presentation.from_gap`).

GAP's permutations do not record a degree or generator names; :func:`group_to_gap` writes both in
a GAP comment line ``# repkit: generators s, c; degree 3`` that GAP ignores and
:func:`group_from_gap` reads, so the round trip gives an equal group.

Examples
--------
>>> import repkit as rk
>>> G = rk.Group.from_permutations({"s": [1, 0, 2], "c": [1, 2, 0]})
>>> print(group_to_gap(G))
# repkit: generators s, c; degree 3
G := Group([ (1,2), (1,3,2) ]);
>>> group_from_gap(group_to_gap(G)) == G
True
>>> group_from_gap("Group((1,2,3,4), (1,3))").order
8
"""

from __future__ import annotations

import re
from typing import Any, Literal

from ..errors import GapSyntaxError, InvalidOptionError, PresentationSyntaxError, UnknownGeneratorError
from .presentation import Presentation

__all__ = ["group_from_gap", "group_to_gap", "permutation_to_cycles", "cycles_to_permutation",
           "MAX_GAP_TEXT"]

#: Longest GAP text :func:`group_from_gap` reads.
MAX_GAP_TEXT = 10_000_000
_MAX_POINT = 10_000_000

_COMMENT = re.compile(r"#\s*repkit:\s*generators\s+([^;\n]*?)\s*;\s*degree\s+(\d+)")
_CYCLE = re.compile(r"\(\s*(\d+(?:\s*,\s*\d+)*)?\s*\)")


def _fail(text: str, pos: int, message: str) -> GapSyntaxError:
    lo, hi = max(0, pos - 30), min(len(text), pos + 30)
    return GapSyntaxError(f"text: {message} at character {pos + 1} of GAP text "
                          f"{('...' if lo else '') + repr(text[lo:hi])}")


def _inverse(p: Any) -> list[int]:
    """The inverse of a 0-based image list."""
    inv = [0] * len(p)
    for i, v in enumerate(p):
        inv[int(v)] = i
    return inv


def permutation_to_cycles(p: Any) -> str:
    """GAP's cycle notation of a 0-based image list (points shifted to start at 1).

    Examples
    --------
    >>> permutation_to_cycles([1, 2, 0, 4, 3])
    '(1,2,3)(4,5)'
    >>> permutation_to_cycles([0, 1])
    '()'
    """
    images = [int(v) for v in p]
    seen = [False] * len(images)
    cycles = []
    for start in range(len(images)):
        if seen[start] or images[start] == start:
            continue
        cycle, i = [], start
        while not seen[i]:
            seen[i] = True
            cycle.append(i + 1)
            i = images[i]
        cycles.append("(" + ",".join(map(str, cycle)) + ")")
    return "".join(cycles) or "()"


def cycles_to_permutation(text: str, degree: int | None = None) -> list[int]:
    """The 0-based image list of a product of disjoint cycles in GAP's notation.

    A point may appear in one cycle only (GAP prints permutations as disjoint cycles); the degree
    is the largest point unless ``degree`` is given.

    Raises
    ------
    GapSyntaxError
        For text that is not cycles, a repeated point or a point beyond ``degree``.

    Examples
    --------
    >>> cycles_to_permutation("(1,2,3)(4,5)")
    [1, 2, 0, 4, 3]
    >>> cycles_to_permutation("(1,2)", degree=3)
    [1, 0, 2]
    """
    cycles, pos = [], 0
    stripped = text.strip()
    while pos < len(stripped):
        m = _CYCLE.match(stripped, pos)
        if not m:
            raise _fail(stripped, pos, "expected a cycle like (1,2,3)")
        points = [int(v) for v in m.group(1).split(",")] if m.group(1) else []
        if any(v < 1 or v > _MAX_POINT for v in points):
            raise _fail(stripped, pos, f"expected points between 1 and {_MAX_POINT}")
        cycles.append(points)
        pos = m.end()
        while pos < len(stripped) and stripped[pos].isspace():
            pos += 1
    largest = max((v for c in cycles for v in c), default=0)
    n = largest if degree is None else degree
    if largest > n:
        raise _fail(stripped, 0, f"expected points up to the degree {n}, got {largest}")
    images = list(range(n))
    moved: set[int] = set()
    for cycle in cycles:
        if moved.intersection(cycle) or len(set(cycle)) != len(cycle):
            raise _fail(stripped, 0, "expected disjoint cycles, got a repeated point")
        moved.update(cycle)
        for a, b in zip(cycle, cycle[1:] + cycle[:1]):
            images[a - 1] = b - 1
    return images


def _split_top(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """Comma-separated items of ``text[start:end]`` at bracket depth 0, with their offsets."""
    items, depth, begin = [], 0, start
    for i in range(start, end):
        c = text[i]
        if c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
        elif c == "," and depth == 0:
            items.append((begin, text[begin:i]))
            begin = i + 1
    if text[begin:end].strip():
        items.append((begin, text[begin:end]))
    return items


def _matching(text: str, open_pos: int) -> int:
    pairs = {"(": ")", "[": "]"}
    stack = []
    for i in range(open_pos, len(text)):
        if text[i] in pairs:
            stack.append(pairs[text[i]])
        elif text[i] in ")]":
            if not stack or stack.pop() != text[i]:
                raise _fail(text, i, f"unbalanced {text[i]!r}")
            if not stack:
                return i
    raise _fail(text, open_pos, "expected a closing bracket for this one")


def _permutation_group(text: str, m: re.Match[str], names: Any) -> Any:
    from .group import FiniteGroup

    open_pos = m.end() - 1
    close = _matching(text, open_pos)
    inner_start, inner_end = open_pos + 1, close
    inner = text[inner_start:inner_end].strip()
    if inner.startswith("["):
        lb = text.index("[", inner_start)
        rb = _matching(text, lb)
        inner_start, inner_end = lb + 1, rb
    items = _split_top(text, inner_start, inner_end)
    comment = _COMMENT.search(text)
    degree = int(comment.group(2)) if comment else None
    if comment and names is None:
        names = tuple(n.strip() for n in comment.group(1).split(","))
    if degree is None:
        points = [int(v) for _, item in items for v in re.findall(r"\d+", item)]
        degree = max(points, default=0)
    if degree > _MAX_POINT:
        raise _fail(text, 0, f"expected a degree of at most {_MAX_POINT}, got {degree}")
    perms = []
    for offset, item in items:
        try:
            perms.append(_inverse(cycles_to_permutation(item, degree)))
        except GapSyntaxError as exc:
            raise _fail(text, offset, f"generator {len(perms) + 1}: {exc}") from exc
    from .sympy_interop import default_generator_names

    chosen = tuple(names) if names is not None else default_generator_names(len(perms))
    if len(chosen) != len(perms):
        raise _fail(text, 0, f"expected {len(perms)} generator names, got {len(chosen)}")
    return FiniteGroup.from_permutations(dict(zip(chosen, perms)))


def _fp_group(text: str, m: re.Match[str], names: Any, max_cosets: int | None) -> Any:
    from .group import FiniteGroup

    close = _matching(text, m.end() - 1)
    gens = [g.strip() for _, g in _split_top(text, m.end(), close)]
    if not gens or not all(re.fullmatch(r'"[A-Za-z_][A-Za-z0-9_]*"', g) for g in gens):
        raise _fail(text, m.end(), 'expected FreeGroup("a", "b", ...) with quoted names')
    gens = [g.strip('"') for g in gens]
    free = m.group(1)
    quotient = re.compile(r"\b" + (re.escape(free) if free else r"\w+") + r"\s*/\s*\[").search(
        text, close)
    if quotient is None:
        raise _fail(text, close, "expected the quotient 'F / [ relators ]' after the free group")
    lb = quotient.end() - 1
    rb = _matching(text, lb)
    body = text[lb + 1:rb]
    if free:                                               # F.1 -> the first generator's name
        def name_of(match: re.Match[str]) -> str:
            i = int(match.group(1))
            if not 1 <= i <= len(gens):
                raise _fail(text, lb + 1 + match.start(), f"{free}.{i} is not a generator")
            return gens[i - 1]
        body = re.sub(re.escape(free) + r"\.(\d+)", name_of, body)
    chosen = tuple(names) if names is not None else tuple(gens)
    if len(chosen) != len(gens):
        raise _fail(text, 0, f"expected {len(gens)} generator names, got {len(chosen)}")
    try:
        parsed = Presentation.from_gap(gens, "[" + body + "]")
    except (PresentationSyntaxError, UnknownGeneratorError) as exc:
        raise GapSyntaxError(f"text: the relators of the GAP presentation do not parse: {exc}") \
            from exc
    options = {} if max_cosets is None else {"max_cosets": max_cosets}
    return FiniteGroup.from_presentation(Presentation(chosen, parsed.relators), **options)


_FREE = re.compile(r"(?:(\w+)\s*:=\s*)?FreeGroup\s*\(")
_GROUP = re.compile(r"\bGroup\s*\(")


def group_from_gap(text: str, *, names: Any = None, max_cosets: int | None = None) -> Any:
    """A repkit group from GAP text (see the module docstring for the two forms).

    Parameters
    ----------
    text : str
        ``Group([ (1,2), (1,2,3) ])`` / ``Group((1,2), (1,2,3))``, or
        ``F := FreeGroup("a", "b");; G := F / [ ... ];``.
    names : sequence of str, optional
        Generator names (default: the free generators' names, the ``# repkit:`` comment, or
        ``g1, g2, ...``).
    max_cosets : int, optional
        Bound of the coset enumeration of a presentation.

    Returns
    -------
    FiniteGroup

    Raises
    ------
    GapSyntaxError
        With the position of what cannot be read.

    Notes
    -----
    Linear in the length of the text, plus the coset enumeration of a presentation
    (Todd--Coxeter, HEO ch. 5).

    Examples
    --------
    >>> G = group_from_gap('F := FreeGroup("r", "f");; G := F / [ F.1^4, F.2^2, (F.1*F.2)^2 ];')
    >>> G.order, G.generators
    (8, ('r', 'f'))
    """
    if not isinstance(text, str):
        raise GapSyntaxError(f"text: expected GAP text (a str), got {type(text).__name__}")
    if len(text) > MAX_GAP_TEXT:
        raise GapSyntaxError(f"text: expected at most {MAX_GAP_TEXT} characters, got {len(text)}")
    free = _FREE.search(text)
    if free is not None:
        return _fp_group(text, free, names, max_cosets)
    group = _GROUP.search(text)
    if group is not None:
        return _permutation_group(text, group, names)
    raise _fail(text, 0, "expected 'Group(...)' of permutations or 'FreeGroup(...)' with a "
                "quotient")


def group_to_gap(G: Any, *, kind: Literal["auto", "fp", "permutation"] = "auto") -> str:
    """GAP text for a repkit group: a finitely presented group or a permutation group.

    Parameters
    ----------
    G : FiniteGroup
    kind : {"auto", "fp", "permutation"}
        ``"auto"``: the presentation when ``G`` was given one, else its permutations (or the
        regular action when it has none).

    Returns
    -------
    str
        Text GAP reads (``Read`` or paste), binding ``G``; a permutation group (each generator's
        permutation inverted, see the module) is preceded by the ``# repkit:`` comment with the
        names and degree.

    Raises
    ------
    InvalidOptionError
        For an unknown ``kind``.

    Examples
    --------
    >>> import repkit as rk
    >>> print(group_to_gap(rk.Group.from_presentation("<r, f | r^4, f^2, (r f)^2>")))
    F_G := FreeGroup("r", "f");; r := F_G.1;; f := F_G.2;;
    G := F_G / [ r^4, f^2, (r*f)^2 ];;
    """
    if kind not in ("auto", "fp", "permutation"):
        raise InvalidOptionError(f"kind: expected 'auto', 'fp' or 'permutation', got {kind!r}")
    if kind == "fp" or (kind == "auto" and G.has_given_presentation):
        return G.presentation.to_gap()
    perms = G.permutation_generators
    if perms is None:
        perms = tuple(tuple(int(v) for v in G.left_multiply_all(x)) for x in G.generator_elements)
    degree = len(perms[0]) if perms else 0
    cycles = ", ".join(permutation_to_cycles(_inverse(p)) for p in perms)
    return (f"# repkit: generators {', '.join(G.generators)}; degree {degree}\n"
            f"G := Group([ {cycles} ]);")
