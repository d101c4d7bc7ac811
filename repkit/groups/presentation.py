"""Finite presentations ``<generators | relators>``: the value type and its parser.

The parser reads presentations the way papers, textbooks and GAP write them:

* relators ``r^4`` and relations ``r f = f r^-1`` (a relation ``u = v`` becomes the relator
  ``u v^-1``); chains ``r^4 = f^2 = e``: if some member of the chain is the identity, every other
  member becomes a relator (``r^4``, ``f^2``), otherwise consecutive members give ``a b^-1``,
  ``b c^-1``;
* the identity as ``1``, or as ``e`` when no generator is named ``e``;
* powers ``r^4``, ``r^-1``, ``r^{-1}``, ``r^(-1)``, ``r**2``, ``r⁻¹``; brackets ``(r f)^2``,
  ``{r f}^2``; commutators ``[a, b] = a^-1 b^-1 a b`` (GAP's ``Comm``), nested and left-normed
  ``[a, b, c] = [[a, b], c]``; conjugates ``a^b = b^-1 a b`` (GAP's convention);
* products by juxtaposition ``r f`` or ``*`` (also ``\\cdot``); when every generator name is a
  single letter, ``rf`` means ``r f``; multi-letter names such as ``s1`` need spaces or ``*``;
* TeX: ``\\langle r, f \\mid r^4 \\rangle`` (also ``\\vert``, ``|``, ``:``), ``s_{1}`` (the name
  ``s_1``), ``\\sigma`` (the name ``sigma``), spacing commands and ``\\left``/``\\right``;
* GAP's ``a^-1*b^3*a``; optional angle brackets; generators separated by commas; relators by
  commas or semicolons.

Relators are stored freely reduced (not cyclically reduced, so they read as written) in the order
given; relators that reduce to the identity are dropped.

Bad text raises :class:`~repkit.errors.PresentationSyntaxError` whose message shows the line, a
caret under the offending text, what was expected and what came; the exception carries
``line`` and ``column`` (1-based) and ``offset`` (0-based) attributes. A name that is not a
generator raises :class:`UnknownGeneratorSyntaxError`, which is both a
``PresentationSyntaxError`` and an :class:`~repkit.errors.UnknownGeneratorError`.

Examples
--------
>>> from repkit.groups.presentation import parse_presentation
>>> P = parse_presentation(r"\\langle r, f \\mid r^4 = f^2 = e,\\ r f = f r^{-1} \\rangle")
>>> str(P)
'<r, f | r^4, f^2, r*f*r*f^-1>'
>>> parse_presentation(str(P)) == P
True
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..errors import UnknownGeneratorSyntaxError  # noqa: F401  (defined with the other errors)
from ..errors import PresentationSyntaxError, UnknownGeneratorError
from ..errors import _short_repr
from .words import (
    _lex as lex,
    _syntax_error as syntax_error,
    _Token as Token,
    Word,
    check_word,
    commutator_word,
    conjugate_word,
    format_word,
    free_reduce,
    inverse_word,
    multiply_words,
    word_power,
)

__all__ = [
    "Presentation",
    "UnknownGeneratorSyntaxError",
    "parse_presentation",
    "parse_word",
    "format_word",
    "is_generator_name",
    "DEFAULT_MAX_WORD_LENGTH",
]

DEFAULT_MAX_WORD_LENGTH = 1_000_000
"""Longest word (in letters) the parser builds before reporting the text as too long."""

_MAX_DEPTH = 100  # brackets nested deeper are reported; ~5 frames a level stay far below the recursion limit


def is_generator_name(name: object) -> bool:
    """Return whether ``name`` can be a generator name (a Python-style identifier).

    Parameters
    ----------
    name : object
        The candidate.

    Returns
    -------
    bool
        True for strings such as ``"r"``, ``"s1"``, ``"t_0"``, ``"σ"``.

    Examples
    --------
    >>> [is_generator_name(x) for x in ("r", "s1", "1", "a b", 3)]
    [True, True, False, False, False]
    """
    return isinstance(name, str) and name.isidentifier()


@dataclass(frozen=True)
class Presentation:
    """A finite presentation ``<generators | relators>`` of a group.

    Parameters
    ----------
    generators : tuple of str
        Distinct generator names (identifiers such as ``r``, ``s1``); generator ``i`` is the
        letter ``i + 1`` in the relators.
    relators : tuple of Word, optional
        The relators. They are stored freely reduced, in the given order, with trivial ones
        dropped (the constructor normalises them; lists are accepted).

    Raises
    ------
    PresentationSyntaxError
        If a generator name is not an identifier or is repeated.
    UnknownGeneratorError
        If a relator has a letter that is not ``±1 .. ±len(generators)``.

    Examples
    --------
    >>> P = Presentation(("r", "f"), ((1, 1, 1, 1), (2, 2), (1, 2, 1, 2), (1, -1)))
    >>> str(P)
    '<r, f | r^4, f^2, (r*f)^2>'
    >>> P.relators[2] == (1, 2, 1, 2) and len(P.relators) == 3
    True
    >>> Presentation.parse(str(P)) == P
    True
    """

    generators: tuple[str, ...]
    relators: tuple[Word, ...] = ()

    def __post_init__(self) -> None:
        if isinstance(self.generators, str):
            raise PresentationSyntaxError(
                f"generators must be a sequence of names such as ('r', 'f'), got the string "
                f"{_short_repr(self.generators)}")
        if not isinstance(self.generators, Iterable):
            raise PresentationSyntaxError(
                f"generators must be a sequence of names such as ('r', 'f'), got "
                f"{type(self.generators).__name__} {_short_repr(self.generators)}")
        if not isinstance(self.relators, Iterable) or isinstance(self.relators, str):
            raise PresentationSyntaxError(
                f"relators must be a sequence of words (tuples of int letters), got "
                f"{type(self.relators).__name__} {_short_repr(self.relators)}")
        names = tuple(self.generators)
        seen: dict[str, int] = {}
        for k, name in enumerate(names):
            if not is_generator_name(name):
                raise PresentationSyntaxError(
                    f"generators[{k}] must be an identifier such as 'r' or 's1', got {_short_repr(name)}")
            if name in seen:
                raise PresentationSyntaxError(
                    f"generators[{k}] repeats the name {_short_repr(name)} of generators[{seen[name]}]")
            seen[name] = k
        relators = []
        for k, relator in enumerate(self.relators):
            if isinstance(relator, str):
                raise PresentationSyntaxError(
                    f"relators[{k}] is the text {_short_repr(relator)}, expected a word (a tuple of int "
                    f"letters); use Presentation.from_relators or parse_presentation for text")
            if not isinstance(relator, Iterable):
                raise UnknownGeneratorError(
                    f"relators[{k}] must be a word (a tuple of int letters), got "
                    f"{type(relator).__name__} {_short_repr(relator)}")
            reduced = free_reduce(check_word(relator, len(names), argument=f"relators[{k}]"))
            if reduced:
                relators.append(reduced)
        object.__setattr__(self, "generators", names)
        object.__setattr__(self, "relators", tuple(relators))

    @property
    def ngens(self) -> int:
        """The number of generators.

        Examples
        --------
        >>> Presentation(("a", "b")).ngens
        2
        """
        return len(self.generators)

    @classmethod
    def parse(cls, text: str, *, max_word_length: int = DEFAULT_MAX_WORD_LENGTH
              ) -> Presentation:
        """Parse presentation text; the same as :func:`parse_presentation`.

        Examples
        --------
        >>> Presentation.parse("<a | a^3>").relators
        ((1, 1, 1),)
        """
        return parse_presentation(text, max_word_length=max_word_length)

    @classmethod
    def from_relators(cls, generators: Sequence[str], relator_texts: Iterable[str], *,
                      max_word_length: int = DEFAULT_MAX_WORD_LENGTH) -> Presentation:
        """Build a presentation from generator names and relator (or relation) texts.

        Parameters
        ----------
        generators : sequence of str
            The generator names.
        relator_texts : iterable of str
            Each item is a relator ``"(r f)^2"``, a relation ``"r f = f r^-1"`` or a chain.

        Returns
        -------
        Presentation

        Raises
        ------
        PresentationSyntaxError
            If a text does not parse (the message shows which item and where).

        Examples
        --------
        >>> P = Presentation.from_relators(["r", "f"], ["r^4", "f^2", "r f = f r^-1"])
        >>> str(P)
        '<r, f | r^4, f^2, r*f*r*f^-1>'
        """
        probe = cls(generators)
        if isinstance(relator_texts, str):
            raise PresentationSyntaxError(
                f"relator_texts must be a sequence of strings such as ['r^4', 'f^2'], got the "
                f"string {_short_repr(relator_texts)}")
        relators: list[Word] = []
        for k, item in enumerate(relator_texts):
            if not isinstance(item, str):
                raise PresentationSyntaxError(
                    f"relator_texts[{k}] must be a string, got {type(item).__name__} {_short_repr(item)}")
            parser = _Parser(item, probe.generators, max_word_length,
                             what=f"relator_texts[{k}]")
            relators.extend(parser.relation())
            parser.expect_end("the end of the relator")
        return cls(probe.generators, tuple(relators))

    @classmethod
    def from_gap(cls, generators: Sequence[str], relators: str | Iterable[str], *,
                 max_word_length: int = DEFAULT_MAX_WORD_LENGTH) -> Presentation:
        """Build a presentation from relators as GAP prints them (``a^-1*b^3*a``).

        Parameters
        ----------
        generators : sequence of str
            The generator names, in GAP's order.
        relators : str or iterable of str
            Either the relators one by one, or GAP's printed list ``"[ a^2, (a*b)^3 ]"``.
            GAP's line continuations (a backslash at the end of a line) are removed and
            ``<identity ...>`` entries are dropped. ``a^b`` is the conjugate ``b^-1 a b`` as in GAP.

        Returns
        -------
        Presentation

        Examples
        --------
        >>> P = Presentation.from_gap(["a", "b"], "[ a^2, b^3, (a*b)^3 ]")
        >>> str(P)
        '<a, b | a^2, b^3, (a*b)^3>'
        >>> Presentation.from_gap(["a", "b"], ["a^-1*b^3*a"]).relators
        ((-1, 2, 2, 2, 1),)
        """
        if isinstance(relators, str):
            text = relators.replace("\\\r\n", "").replace("\\\n", "").strip()
            if text.startswith("[") and text.endswith("]"):
                text = text[1:-1]
            items = _split_top_level(text)
        else:
            items = [str(item).replace("\\\r\n", "").replace("\\\n", "") for item in relators]
        kept = [item for item in items if item.strip() and not item.strip().startswith("<identity")]
        return cls.from_relators(generators, kept, max_word_length=max_word_length)

    def word(self, text: str) -> Word:
        """Parse a word in this presentation's generators (see :func:`parse_word`).

        Examples
        --------
        >>> Presentation(("r", "f")).word("r f r^-1")
        (1, 2, -1)
        """
        return parse_word(text, self.generators)

    def format(self, word: Sequence[int]) -> str:
        """Format a word in this presentation's generators (see :func:`format_word`).

        Examples
        --------
        >>> Presentation(("r", "f")).format((1, 2, -1))
        'r*f*r^-1'
        """
        return format_word(word, self.generators)

    def relator_strings(self) -> tuple[str, ...]:
        """The relators formatted in GAP's style.

        Examples
        --------
        >>> Presentation.parse("<a, b | [a, b]>").relator_strings()
        ('a^-1*b^-1*a*b',)
        """
        return tuple(format_word(r, self.generators) for r in self.relators)

    def to_gap(self, name: str = "G") -> str:
        """Return GAP code that defines this group as a finitely presented group.

        Parameters
        ----------
        name : str, optional
            The GAP variable to assign; the free group is ``F_<name>``.

        Returns
        -------
        str
            Code such as ``F_G := FreeGroup("r", "f");; G := F_G / [ ... ];;`` in which the
            generator names are bound as GAP variables.

        Examples
        --------
        >>> print(Presentation.parse("<a | a^3>").to_gap())
        F_G := FreeGroup("a");; a := F_G.1;;
        G := F_G / [ a^3 ];;
        """
        names = ", ".join(f'"{g}"' for g in self.generators)
        binds = " ".join(f"{g} := F_{name}.{k + 1};;" for k, g in enumerate(self.generators))
        rels = ", ".join(self.relator_strings())
        head = f"F_{name} := FreeGroup({names});;" + (f" {binds}" if binds else "")
        return f"{head}\n{name} := F_{name} / [ {rels} ];;"

    def to_tex(self) -> str:
        r"""Return the presentation in TeX notation (it parses back to an equal presentation).

        Examples
        --------
        >>> P = Presentation.parse("<r, f | r^4, f^2, (r f)^2, r f r^-1>")
        >>> P.to_tex()
        '\\langle r, f \\mid r^{4}, f^{2}, (r f)^{2}, r f r^{-1} \\rangle'
        >>> Presentation.parse(P.to_tex()) == P
        True
        """
        gens = ", ".join(self.generators)
        if not self.relators:
            return rf"\langle {gens} \rangle"
        rels = ", ".join(format_word(r, self.generators, style="tex") for r in self.relators)
        return rf"\langle {gens} \mid {rels} \rangle"

    def __str__(self) -> str:
        gens = ", ".join(self.generators)
        if not self.relators:
            return f"<{gens}>"
        return f"<{gens} | {', '.join(self.relator_strings())}>"

    def __repr__(self) -> str:
        return f"Presentation.parse({str(self)!r})"


def _split_top_level(text: str) -> list[str]:
    """Split GAP list text at commas outside brackets."""
    items, depth, start = [], 0, 0
    for k, ch in enumerate(text):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "," and depth == 0:
            items.append(text[start:k])
            start = k + 1
    items.append(text[start:])
    return items


def parse_presentation(text: str, *, max_word_length: int = DEFAULT_MAX_WORD_LENGTH
                       ) -> Presentation:
    """Parse ``<generators | relators>`` text into a :class:`Presentation`.

    Parameters
    ----------
    text : str
        For example ``"<r, f | r^4 = f^2 = e, r f = f r^-1>"``,
        ``r"\\langle s_1, s_2 \\mid s_1^2, s_2^2, (s_1 s_2)^3 \\rangle"`` or GAP's
        ``"a, b | a^2, b^3, a^-1*b^3*a"``. See the module documentation for the full syntax.
    max_word_length : int, optional
        Longest word the parser builds (``r^1000000000`` is refused instead of filling memory).

    Returns
    -------
    Presentation

    Raises
    ------
    PresentationSyntaxError
        For empty text, bad syntax, a repeated generator, relators without generators, a bad
        exponent or unbalanced brackets; the message shows a caret under the bad text.
    UnknownGeneratorSyntaxError
        For a name in a relator that is not a generator.

    Notes
    -----
    A hand-written lexer and a recursive-descent parser over the grammar ::

        presentation := ['<'] [name (',' name)*] ['|' relation ((',' | ';') relation)*] ['>']
        relation     := word ('=' word)*
        word         := factor (['*'] factor)*
        factor       := atom ['^' exponent | superscript]
        atom         := name | '1' | 'e' | '(' word ')' | '{' word '}' | '[' word (',' word)+ ']'
        exponent     := ['-' | '+'] integer | '{' signed integer '}' | '(' signed integer ')'
                        | atom                                   (conjugation a^b = b^-1 a b)

    Time and memory are linear in the length of the text plus the length of the words built.

    Examples
    --------
    >>> P = parse_presentation("<r, f | r^4, f^2, (r f)^2>")
    >>> P.generators, P.relators
    (('r', 'f'), ((1, 1, 1, 1), (2, 2), (1, 2, 1, 2)))
    >>> parse_presentation("<a, b | [a, b]>").relators
    ((-1, -2, 1, 2),)
    >>> parse_presentation("<a, b | a^2 b>")   # doctest: +ELLIPSIS
    Presentation.parse('<a, b | a^2*b>')
    >>> parse_presentation("<r, f | r^4, x^2>")
    Traceback (most recent call last):
    ...
    repkit.errors.UnknownGeneratorSyntaxError: unknown generator in text at column 14: expected one of the generators r, f (or 1 or e for the identity), got 'x'
        <r, f | r^4, x^2>
                     ^
    """
    if not isinstance(text, str):
        raise PresentationSyntaxError(
            f"text must be a str such as '<r, f | r^4, f^2, (r f)^2>', got "
            f"{type(text).__name__} {_short_repr(text)}")
    if not text.strip():
        raise PresentationSyntaxError(
            f"text is empty: expected a presentation such as '<r, f | r^4, f^2, (r f)^2>', "
            f"got {_short_repr(text)}")
    return _Parser(text, (), max_word_length, what="text").presentation()


def parse_word(text: str, generators: Sequence[str] | Presentation, *,
               max_word_length: int = DEFAULT_MAX_WORD_LENGTH) -> Word:
    """Parse one word, such as ``"r f^-1 (r f)^2"`` or ``"a^-1*b^3*a"``, into a freely reduced Word.

    Parameters
    ----------
    text : str
        The word. ``1`` (or ``e`` when no generator is named ``e``) is the identity.
    generators : sequence of str or Presentation
        The generator names (generator ``i`` is the letter ``i + 1``).
    max_word_length : int, optional
        Longest word the parser builds.

    Returns
    -------
    Word

    Raises
    ------
    PresentationSyntaxError
        For empty or malformed text (with a caret under the bad part).
    UnknownGeneratorSyntaxError
        For a name that is not a generator.

    Examples
    --------
    >>> parse_word("r f r^-1", ["r", "f"])
    (1, 2, -1)
    >>> parse_word("rf^2", ["r", "f"])
    (1, 2, 2)
    >>> parse_word("s1*s2^-1", ["s1", "s2"])
    (1, -2)
    >>> parse_word("1", ["r"]) == () == parse_word("r r^-1", ["r"])
    True
    """
    names = generators.generators if isinstance(generators, Presentation) else \
        Presentation(generators).generators
    if not isinstance(text, str):
        raise PresentationSyntaxError(
            f"text must be a str such as 'r f^-1', got {type(text).__name__} {_short_repr(text)}")
    if not text.strip():
        raise PresentationSyntaxError(
            f"text is empty: expected a word such as 'r f^-1' (or '1' for the identity), "
            f"got {_short_repr(text)}")
    parser = _Parser(text, names, max_word_length, what="text")
    word = parser.word()
    parser.expect_end("the end of the word ('*' or a generator to continue it)")
    return free_reduce(word)


class _Parser:
    """Recursive-descent parser over the token list of one text."""

    def __init__(self, text: str, generators: tuple[str, ...], max_word_length: int,
                 *, what: str) -> None:
        self.text = text
        self.what = what
        self.tokens = lex(text, what)[::-1]     # a stack: the next token last, so splits are O(1)
        self.last: Token | None = None
        self.max_word_length = max_word_length
        self.depth = 0
        self.set_generators(generators)

    def set_generators(self, generators: tuple[str, ...]) -> None:
        self.generators = generators
        self.index = {name: k for k, name in enumerate(generators)}
        self.single_letters = all(len(name) == 1 for name in generators)
        self.e_is_identity = "e" not in self.index

    # -- token helpers -----------------------------------------------------------------------
    def peek(self) -> Token:
        return self.tokens[-1]

    def peek_second(self) -> Token:
        return self.tokens[-2] if len(self.tokens) > 1 else self.tokens[-1]

    def advance(self) -> Token:
        token = self.tokens.pop() if len(self.tokens) > 1 else self.tokens[-1]   # 'end' stays
        self.last = token
        return token

    def accept(self, *kinds: str) -> Token | None:
        if self.peek().kind in kinds:
            return self.advance()
        return None

    def fail(self, token: Token, expected: str, *, problem: str = "invalid syntax",
             cls: type[PresentationSyntaxError] = PresentationSyntaxError,
             got: str | None = None) -> PresentationSyntaxError:
        return syntax_error(self.text, token.start, token.end, f"{problem} in {self.what}",
                            expected, token.describe() if got is None else got, cls)

    def unexpected(self, token: Token, expected: str) -> PresentationSyntaxError:
        if token.kind in (")", "}", "]"):
            return self.fail(token, expected, problem="unbalanced brackets",
                             got=f"{_short_repr(token.text)} without a matching opening bracket")
        return self.fail(token, expected)

    def expect_end(self, expected: str) -> None:
        token = self.peek()
        if token.kind != "end":
            raise self.unexpected(token, expected)

    def split_name(self) -> None:
        """In single-letter mode, split a name token such as ``rf`` into one token per letter."""
        token = self.peek()
        if (token.kind == "name" and token.text not in self.index and self.single_letters
                and len(token.text) > 1 and token.raw):
            parts = [Token("name", ch, token.start + k, token.start + k + 1, True)
                     for k, ch in enumerate(token.text)]
            self.tokens.pop()
            self.tokens.extend(reversed(parts))

    # -- grammar -----------------------------------------------------------------------------
    def presentation(self) -> Presentation:
        opener = self.accept("<")
        names: list[str] = []
        seen: dict[str, Token] = {}
        if self.peek().kind == "name":
            while True:
                token = self.advance()
                if token.text in seen:
                    raise self.fail(token, "distinct generator names", problem="repeated generator",
                                    got=f"{_short_repr(token.text)} again (first at column "
                                        f"{seen[token.text].start + 1})")
                seen[token.text] = token
                names.append(token.text)
                if not self.accept(","):
                    break
                if self.peek().kind != "name":
                    raise self.unexpected(self.peek(), "a generator name after ','")
        token = self.peek()
        if token.kind == "name":
            raise self.fail(token, "',' between generator names")
        if token.kind not in ("|", ">", "end"):
            raise self.unexpected(token, "a generator name, ',' or '|'" if names else
                                  "a generator name")
        self.set_generators(tuple(names))
        relators: list[Word] = []
        if self.accept("|"):
            if self.peek().kind not in (">", "end"):
                if not names:
                    raise self.fail(self.peek(), "generators before '|'",
                                    problem="relators without generators",
                                    got=f"the relator starting with {self.peek().describe()}")
                while True:
                    relators.extend(self.relation())
                    if not self.accept(",", ";"):
                        break
        token = self.peek()
        if opener is not None:
            if token.kind != ">":
                if token.kind == "end":
                    raise self.fail(opener, "a matching '>'", problem="unbalanced brackets",
                                    got="'<' that is never closed")
                raise self.unexpected(token, "',' or ';' between relators, or '>' to close the "
                                             f"'<' at column {opener.start + 1}")
            self.advance()
        elif token.kind == ">":
            raise self.fail(token, "the end of the presentation", problem="unbalanced brackets",
                            got="'>' without an opening '<'")
        self.expect_end("',' or ';' between relators, or the end of the presentation"
                        if opener is None else "the end after '>'")
        return Presentation(self.generators, tuple(relators))

    def relation(self) -> list[Word]:
        """``word ('=' word)*`` -> its relators (identity members dropped)."""
        members = [free_reduce(self.word())]
        while self.accept("="):
            members.append(free_reduce(self.word()))
        if len(members) == 1:
            return members
        if any(not m for m in members):
            return [m for m in members if m]
        return [multiply_words(a, inverse_word(b)) for a, b in zip(members, members[1:])]

    def starts_factor(self) -> bool:
        return self.peek().kind in ("name", "int", "(", "{", "[")

    def word(self) -> list[int]:
        self.depth += 1
        if self.depth > _MAX_DEPTH:
            raise self.fail(self.peek(), f"brackets nested at most {_MAX_DEPTH} deep",
                            problem="brackets nested too deeply",
                            got=f"depth {self.depth}")
        letters = self._word()
        self.depth -= 1
        return letters

    def _word(self) -> list[int]:
        if not self.starts_factor():
            raise self.unexpected(self.peek(), "a word (a generator, '1', '(' or '[')")
        letters: list[int] = []
        while True:
            letters.extend(self.factor())
            self.check_length(len(letters), self.last or self.peek())
            if self.accept("*"):
                if not self.starts_factor():
                    raise self.unexpected(self.peek(), "a generator, '1', '(' or '[' after '*'")
            elif not self.starts_factor():
                return letters

    def check_length(self, length: int, token: Token) -> None:
        if length > self.max_word_length:
            raise self.fail(token, f"words of at most max_word_length={self.max_word_length} "
                                   f"letters (pass a larger max_word_length= to allow longer ones)",
                            problem="word too long",
                            got=f"a word of {length} letters")

    def factor(self) -> list[int]:
        base = self.atom()
        exponent_seen: Token | None = None
        while self.peek().kind in ("^", "sup"):
            token = self.peek()
            if exponent_seen is not None:
                raise self.fail(token, "one exponent per factor (use brackets: (a^2)^3)",
                                problem="bad exponent", got="a second exponent")
            exponent_seen = token
            if token.kind == "sup":
                self.advance()
                base = self.power(base, token.value, token)
            else:
                base = self.exponent(base)
        return base

    def power(self, base: list[int], exponent: int, token: Token) -> list[int]:
        self.check_length(len(base) * abs(exponent), token)
        return list(word_power(base, exponent))

    def exponent(self, base: list[int]) -> list[int]:
        caret = self.advance()
        token = self.peek()
        expected = ("an integer exponent (4, -1, {-1}) or a generator to conjugate by after '^'")
        if token.kind in ("int", "-", "+", "dec"):
            return self.power(base, self.signed_int(expected), token)
        if token.kind in ("(", "{"):
            closer = ")" if token.kind == "(" else "}"
            if self.peek_second().kind in ("int", "-", "+", "dec"):
                self.advance()
                value_token = self.peek()
                value = self.signed_int(expected)
                self.close(token, closer)
                return self.power(base, value, value_token)
            self.split_name()
            return self.conjugate(base, token)
        if token.kind == "name":
            self.split_name()
            return self.conjugate(base, token)
        raise self.fail(token if token.kind != "end" else caret, expected, problem="bad exponent",
                        got=token.describe())

    def conjugate(self, base: list[int], token: Token) -> list[int]:
        by = self.atom()
        self.check_length(len(base) + 2 * len(by), token)       # before building it
        return list(conjugate_word(base, by))

    def signed_int(self, expected: str) -> int:
        sign = 1
        while self.peek().kind in ("-", "+"):
            if self.advance().kind == "-":
                sign = -sign
        token = self.peek()
        if token.kind in ("(", "{") and self.peek_second().kind == "int":
            self.advance()
            value = self.advance().value
            self.close(token, ")" if token.kind == "(" else "}")
            return sign * value
        if token.kind != "int":
            raise self.fail(token, expected, problem="bad exponent",
                            got=f"the non-integer {token.text!r}" if token.kind == "dec" else None)
        self.advance()
        return sign * token.value

    def atom(self) -> list[int]:
        self.split_name()
        token = self.peek()
        if token.kind == "name":
            self.advance()
            if token.text in self.index:
                return [self.index[token.text] + 1]
            if token.text == "e" and self.e_is_identity:
                return []
            names = ", ".join(self.generators) if self.generators else "(none declared)"
            raise self.fail(token, f"one of the generators {names} (or 1"
                                   f"{' or e' if self.e_is_identity else ''} for the identity)",
                            problem="unknown generator", cls=UnknownGeneratorSyntaxError)
        if token.kind in ("int", "dec"):
            if token.kind == "dec" or token.value != 1:
                raise self.fail(token, "a generator, '1' for the identity, '(' or '['",
                                problem="number where a factor belongs")
            self.advance()
            return []
        if token.kind in ("(", "{"):
            self.advance()
            closer = ")" if token.kind == "(" else "}"
            inner = self.word()
            self.close(token, closer)
            return inner
        if token.kind == "[":
            self.advance()
            result = self.word()
            count = 1
            while self.accept(","):
                other = self.word()
                # checked before building: left-normed [a, b, b, ..., b] doubles at every entry
                self.check_length(2 * (len(result) + len(other)), token)
                result = list(commutator_word(result, other))
                count += 1
            if count == 1:
                raise self.fail(self.peek(), "',' and a second word in the commutator '[' at "
                                             f"column {token.start + 1}")
            self.close(token, "]")
            return result
        raise self.unexpected(token, "a generator, '1', '(' or '['")

    def close(self, opener: Token, closer: str) -> None:
        token = self.peek()
        if token.kind == closer:
            self.advance()
            return
        if token.kind in ("end", ")", "}", "]", ">", "|", ",", ";", "="):
            raise self.fail(opener, f"a matching {closer!r} (found {token.describe()} at column "
                                    f"{token.start + 1} first)", problem="unbalanced brackets",
                            got=f"{opener.text!r} that is never closed")
        raise self.unexpected(token, f"{closer!r} to close {opener.text!r} at column "
                                     f"{opener.start + 1}")
