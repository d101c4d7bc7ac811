"""Words in the free group: the letters every group algorithm in repkit shares.

A :data:`Word` is a tuple of nonzero integers. Generator ``i`` (0-based) is the letter ``i + 1``
and its inverse is the letter ``-(i + 1)``; a word is read left to right as a product, so
``(1, 2)`` is ``g0 * g1``. Words handed between modules are *freely reduced*: no letter is
followed by its own inverse.

In a coset table the column of letter ``l`` is ``2*i`` for generator ``i`` and ``2*i + 1`` for
its inverse (:func:`letter_column`); the inverse letter's column is ``column ^ 1``.

Examples
--------
>>> from repkit.groups.words import free_reduce, inverse_word, format_word
>>> free_reduce((1, 2, -2, 1))
(1, 1)
>>> format_word(inverse_word((1, 2)), ("r", "f"))
'f^-1*r^-1'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from numbers import Integral
from typing import Literal

from ..errors import PresentationSyntaxError, ResourceLimitError, UnknownGeneratorError
from ..errors import _short_repr

__all__ = [
    "Word",
    "letter_column",
    "column_letter",
    "check_word",
    "free_reduce",
    "is_freely_reduced",
    "cyclic_reduce",
    "inverse_word",
    "multiply_words",
    "word_power",
    "conjugate_word",
    "commutator_word",
    "syllables",
    "format_word",
    "MAX_POWER_LENGTH",
]

#: Longest word `word_power` builds unless given ``max_length=`` (10**8 letters, about 0.8 GB).
MAX_POWER_LENGTH = 10**8
_MAX_DIGITS = 30          # longest number in a text (an exponent); far beyond any buildable word
_SHOWN = 60               # characters of an offending line shown on each side of the caret

Word = tuple[int, ...]
"""A word in the free group: generator ``i`` is the letter ``i + 1``, its inverse ``-(i + 1)``."""


def letter_column(letter: int) -> int:
    """Return the coset-table column of a letter.

    Parameters
    ----------
    letter : int
        A nonzero letter: ``i + 1`` for generator ``i``, ``-(i + 1)`` for its inverse.

    Returns
    -------
    int
        ``2*i`` for the generator, ``2*i + 1`` for its inverse.

    Raises
    ------
    UnknownGeneratorError
        If ``letter`` is 0 or not an integer.

    Examples
    --------
    >>> [letter_column(l) for l in (1, -1, 2, -2)]
    [0, 1, 2, 3]
    >>> all(column_letter(letter_column(l)) == l for l in (1, -1, 5, -5))
    True
    """
    if isinstance(letter, bool) or not isinstance(letter, int) or letter == 0:
        raise UnknownGeneratorError(
            f"letter must be a nonzero int (i + 1 for generator i, -(i + 1) for its inverse), "
            f"got {_short_repr(letter)}")
    return 2 * (letter - 1) if letter > 0 else 2 * (-letter - 1) + 1


def column_letter(column: int) -> int:
    """Return the letter of a coset-table column (the inverse of :func:`letter_column`).

    Parameters
    ----------
    column : int
        A column index ``>= 0``.

    Returns
    -------
    int
        ``column // 2 + 1`` for even columns, ``-(column // 2 + 1)`` for odd ones.

    Raises
    ------
    UnknownGeneratorError
        If ``column`` is negative or not an integer.

    Examples
    --------
    >>> [column_letter(c) for c in range(4)]
    [1, -1, 2, -2]
    """
    if isinstance(column, bool) or not isinstance(column, int) or column < 0:
        raise UnknownGeneratorError(f"column must be an int >= 0, got {_short_repr(column)}")
    return column // 2 + 1 if column % 2 == 0 else -(column // 2 + 1)


def check_word(word: Iterable[int], ngens: int, *, argument: str = "word") -> Word:
    """Validate letters against ``ngens`` generators and return the word as a tuple of ints.

    The word is returned as given (not reduced; NumPy integers become ``int``); use
    :func:`free_reduce` for that.

    Parameters
    ----------
    word : iterable of int
        The letters.
    ngens : int
        The number of generators; letters must lie in ``±1 .. ±ngens``.
    argument : str, optional
        The argument name used in error messages.

    Returns
    -------
    Word
        ``tuple(word)``.

    Raises
    ------
    UnknownGeneratorError
        If a letter is not a nonzero int of absolute value at most ``ngens``.

    Examples
    --------
    >>> check_word([1, -2], 2)
    (1, -2)
    >>> check_word([3], 2)
    Traceback (most recent call last):
    ...
    repkit.errors.UnknownGeneratorError: word[0] must be a nonzero int letter with |letter| <= 2 (there are 2 generators), got 3
    """
    result = []
    for k, letter in enumerate(word):
        if (isinstance(letter, bool) or not isinstance(letter, Integral) or letter == 0
                or abs(letter) > ngens):
            raise UnknownGeneratorError(
                f"{argument}[{k}] must be a nonzero int letter with |letter| <= {ngens} "
                f"(there are {ngens} generators), got {_short_repr(letter)}")
        result.append(int(letter))
    return tuple(result)


def free_reduce(word: Iterable[int]) -> Word:
    """Freely reduce a word: cancel every adjacent pair ``x x^-1``.

    Parameters
    ----------
    word : iterable of int
        The letters.

    Returns
    -------
    Word
        The unique freely reduced word equal to ``word`` in the free group.

    Notes
    -----
    One pass with a stack, O(len(word)).

    Examples
    --------
    >>> free_reduce((1, 2, -2, -1, 3))
    (3,)
    >>> free_reduce(()) == ()
    True
    """
    stack: list[int] = []
    for letter in word:
        if stack and stack[-1] == -letter:
            stack.pop()
        else:
            stack.append(letter)
    return tuple(stack)


def is_freely_reduced(word: Sequence[int]) -> bool:
    """Return whether no letter of ``word`` is followed by its inverse.

    Parameters
    ----------
    word : sequence of int
        The letters.

    Returns
    -------
    bool

    Examples
    --------
    >>> is_freely_reduced((1, 2, 1)), is_freely_reduced((1, -1))
    (True, False)
    """
    return all(word[k] != -word[k + 1] for k in range(len(word) - 1))


def cyclic_reduce(word: Iterable[int]) -> Word:
    """Freely and cyclically reduce a word (also cancel the last letter against the first).

    The result is a conjugate of ``word``; as a relator it defines the same normal closure.

    Parameters
    ----------
    word : iterable of int
        The letters.

    Returns
    -------
    Word

    Examples
    --------
    >>> cyclic_reduce((-2, 1, 1, 2))
    (1, 1)
    """
    reduced = free_reduce(word)
    start, stop = 0, len(reduced)
    while stop - start >= 2 and reduced[start] == -reduced[stop - 1]:
        start += 1
        stop -= 1
    return reduced[start:stop]


def inverse_word(word: Sequence[int]) -> Word:
    """Return the inverse word: the letters reversed and each inverted.

    Parameters
    ----------
    word : sequence of int
        The letters.

    Returns
    -------
    Word
        ``(w1 w2 ... wk)^-1 = wk^-1 ... w1^-1``.

    Examples
    --------
    >>> inverse_word((1, -2, 3))
    (-3, 2, -1)
    >>> free_reduce((1, 2) + inverse_word((1, 2)))
    ()
    """
    return tuple(-letter for letter in reversed(word))


def multiply_words(*words: Sequence[int]) -> Word:
    """Return the freely reduced product of words, left to right.

    Parameters
    ----------
    *words : sequence of int
        The factors.

    Returns
    -------
    Word

    Examples
    --------
    >>> multiply_words((1, 2), (-2, 3), (-3,))
    (1,)
    """
    return free_reduce(letter for w in words for letter in w)


def word_power(word: Sequence[int], exponent: int, *, max_length: int = MAX_POWER_LENGTH) -> Word:
    """Return the freely reduced power ``word^exponent`` (negative: a power of the inverse).

    Parameters
    ----------
    word : sequence of int
        The base.
    exponent : int
        Any integer; 0 gives the empty word (as does the empty base, for any exponent).
    max_length : int, optional
        Longest power built, checked before building (``len(word) * |exponent|`` letters).

    Returns
    -------
    Word

    Raises
    ------
    ResourceLimitError
        If the power would have more than ``max_length`` letters.

    Examples
    --------
    >>> word_power((1, 2), 2)
    (1, 2, 1, 2)
    >>> word_power((1, 2), -1)
    (-2, -1)
    """
    if not word or not exponent:
        return ()
    if len(word) * abs(exponent) > max_length:
        raise ResourceLimitError(
            f"exponent: word^{_short(str(exponent))} would have {_short(str(len(word) * abs(exponent)))} "
            f"letters, more than the bound max_length={max_length}; pass a larger max_length= to "
            f"word_power (default repkit.groups.words.MAX_POWER_LENGTH)")
    base = tuple(word) if exponent >= 0 else inverse_word(word)
    return free_reduce(base * abs(exponent))


def _short(text: str, limit: int = 120) -> str:
    """``text`` cut to ``limit`` characters (with the total length) for error messages."""
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text)} characters)"


def conjugate_word(word: Sequence[int], by: Sequence[int]) -> Word:
    """Return the conjugate ``by^-1 word by`` (GAP's ``word^by``), freely reduced.

    Parameters
    ----------
    word, by : sequence of int
        The word and the conjugating word.

    Returns
    -------
    Word

    Examples
    --------
    >>> conjugate_word((1,), (2,))
    (-2, 1, 2)
    """
    return multiply_words(inverse_word(by), word, by)


def commutator_word(u: Sequence[int], v: Sequence[int]) -> Word:
    """Return the commutator ``[u, v] = u^-1 v^-1 u v`` (GAP's ``Comm``), freely reduced.

    Parameters
    ----------
    u, v : sequence of int
        The two words.

    Returns
    -------
    Word

    Examples
    --------
    >>> commutator_word((1,), (2,))
    (-1, -2, 1, 2)
    >>> commutator_word((1,), (1, 1))
    ()
    """
    return multiply_words(inverse_word(u), inverse_word(v), u, v)


def syllables(word: Sequence[int]) -> tuple[tuple[int, int], ...]:
    """Split a word into syllables ``(generator index, exponent)``: maximal runs of one generator.

    Parameters
    ----------
    word : sequence of int
        A freely reduced word (a run then consists of one letter repeated).

    Returns
    -------
    tuple of (int, int)
        ``((i, k), ...)`` meaning ``g_i^k ...``; exponents are nonzero.

    Examples
    --------
    >>> syllables((1, 1, 1, -2, 1))
    ((0, 3), (1, -1), (0, 1))
    """
    result: list[tuple[int, int]] = []
    for letter in free_reduce(word):
        index, sign = abs(letter) - 1, (1 if letter > 0 else -1)
        if result and result[-1][0] == index:
            result[-1] = (index, result[-1][1] + sign)
        else:
            result.append((index, sign))
    return tuple(result)


def _format_syllables(parts: Sequence[tuple[int, int]], generators: Sequence[str],
                      tex: bool) -> str:
    pieces = []
    for index, exponent in parts:
        name = generators[index]
        if exponent == 1:
            pieces.append(name)
        else:
            pieces.append(f"{name}^{{{exponent}}}" if tex else f"{name}^{exponent}")
    return (" " if tex else "*").join(pieces)


def _primitive_root(word: Word) -> tuple[Word, int]:
    """Return ``(u, k)`` with ``word == u * k`` (as tuples) and ``k`` maximal."""
    n = len(word)
    for period in range(1, n // 2 + 1):
        if n % period == 0 and word[:period] * (n // period) == word:
            return word[:period], n // period
    return word, 1


def format_word(word: Sequence[int], generators: Sequence[str], *, collapse: bool = True,
                style: Literal["gap", "tex"] = "gap") -> str:
    """Format a word in GAP's style: ``r^-1*f``, runs collapsed to powers, ``1`` for the identity.

    Parameters
    ----------
    word : sequence of int
        The letters (freely reduced first).
    generators : sequence of str
        The generator names; letter ``i + 1`` prints as ``generators[i]``.
    collapse : bool, optional
        If true (default) a word that is a proper power ``u^k`` of a word ``u`` with two or more
        syllables prints as ``(u)^k``, e.g. ``(r*f)^2``.
    style : {"gap", "tex"}, optional
        ``"gap"`` (default): ``r^-1*f``; ``"tex"``: ``r^{-1} f`` (juxtaposition, braced
        exponents), for papers. Both parse back.

    Returns
    -------
    str
        Text that :func:`repkit.groups.presentation.parse_word` reads back to the same word.

    Raises
    ------
    UnknownGeneratorError
        If a letter refers to a generator beyond ``generators``.

    Examples
    --------
    >>> format_word((1, 1, 1, 1), ("r", "f"))
    'r^4'
    >>> format_word((1, 2, 1, 2), ("r", "f"))
    '(r*f)^2'
    >>> format_word((-1, 2, 2, 2, 1), ("a", "b"))
    'a^-1*b^3*a'
    >>> format_word((), ("a",))
    '1'
    >>> format_word((1, -2, 1, -2), ("r", "f"), style="tex")
    '(r f^{-1})^{2}'
    """
    if style not in ("gap", "tex"):
        raise PresentationSyntaxError(f"style must be 'gap' or 'tex', got {style!r}")
    tex = style == "tex"
    reduced = free_reduce(check_word(word, len(generators)))
    if not reduced:
        return "1"
    if collapse:
        root, power = _primitive_root(reduced)
        root_syllables = syllables(root)
        if power > 1 and len(root_syllables) > 1:
            inner = _format_syllables(root_syllables, generators, tex)
            return f"({inner})^{{{power}}}" if tex else f"({inner})^{power}"
    return _format_syllables(syllables(reduced), generators, tex)


# -- lexer shared with presentation.py (internal) --------------------------------------------------

_TEX_SYNTAX = {
    "langle": "<", "rangle": ">", "vert": "|", "mid": "|", "lvert": "|", "rvert": "|",
    "colon": "|", "cdot": "*", "ast": "*", "lbrace": "{", "rbrace": "}",
}
_TEX_IGNORED = frozenset({
    "left", "right", "middle", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr",
    "biggl", "biggr", "Biggl", "Biggr", "quad", "qquad", "displaystyle", "textstyle",
})
_PUNCTUATION = {
    "<": "<", "\u27e8": "<", "\u2329": "<", "\u3008": "<",
    ">": ">", "\u27e9": ">", "\u232a": ">", "\u3009": ">",
    "|": "|", "\u2223": "|", ":": "|",
    ",": ",", ";": ";", "=": "=", "*": "*", "\u00b7": "*", "\u22c5": "*", "\u2219": "*",
    "^": "^", "-": "-", "\u2212": "-", "+": "+",
    "(": "(", ")": ")", "{": "{", "}": "}", "[": "[", "]": "]",
}
_SUPERSCRIPT_DIGITS = {
    ch: k for k, ch in enumerate("\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079")}
_SUPERSCRIPT_SIGNS = {"\u207b": -1, "\u207a": 1}
_SPACE = frozenset(" \t\r\n\f\v~$\u00a0")
_DIGITS = frozenset("0123456789")


@dataclass(frozen=True)
class _Token:
    """One token: ``kind`` is ``name``, ``int``, ``dec`` (a non-integer number such as ``1.5``,
    which is always an error), ``sup`` (a superscript exponent), ``end`` or
    the punctuation character itself; ``start``/``end`` are offsets into the text."""

    kind: str
    text: str
    start: int
    end: int
    raw: bool = True
    value: int = 0

    def describe(self) -> str:
        return "the end of the input" if self.kind == "end" else repr(self.text)


def _syntax_error(text: str, start: int, end: int, problem: str, expected: str, got: str,
                 cls: type[PresentationSyntaxError] = PresentationSyntaxError
                 ) -> PresentationSyntaxError:
    """Build an error whose message shows the line of ``text`` with a caret under ``start:end``."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line_end = len(text) if line_end < 0 else line_end
    line_no = text.count("\n", 0, start) + 1
    column = start - line_start + 1
    width = max(1, min(end, line_end, start + _SHOWN) - start)
    # show at most _SHOWN characters either side of the caret: a 10**6-character input is not echoed
    lo, hi = max(line_start, start - _SHOWN), min(line_end, start + width + _SHOWN)
    line = ("..." if lo > line_start else "") + text[lo:hi].replace("\t", " ").rstrip("\r") + \
        ("..." if hi < line_end else "")
    indent = start - lo + (3 if lo > line_start else 0)
    where = f"line {line_no}, column {column}" if "\n" in text.strip() else f"column {column}"
    caret = " " * indent + "^" * width
    error = cls(f"{problem} at {where}: expected {_short(expected, 300)}, got {_short(got)}\n    {line}\n"
                f"    {caret}")
    error.line = line_no
    error.column = column
    error.offset = start
    return error


def _read_identifier(text: str, k: int) -> int:
    """Return the end of the identifier (with TeX subscripts ``_{...}``) starting at ``k``."""
    n = len(text)
    while k < n:
        ch = text[k]
        if ch == "_" and k + 1 < n and text[k + 1] == "{":
            close = text.find("}", k + 2)
            inner = text[k + 2:close] if close > 0 else ""
            if close < 0 or not inner or not ("_" + inner).isidentifier():
                return k
            k = close + 1
        elif ("_" + ch).isidentifier():
            k += 1
        else:
            return k
    return k


def _identifier_name(raw: str) -> str:
    """``s_{12}`` -> ``s_12``."""
    return raw.replace("_{", "_").replace("}", "")


def _lex(text: str, what: str) -> list[_Token]:
    """Split ``text`` into tokens; an ``end`` token closes the list."""
    tokens: list[_Token] = []
    k, n = 0, len(text)
    while k < n:
        ch = text[k]
        if ch in _SPACE:
            k += 1
        elif ch == "\\":
            j = k + 1
            while j < n and text[j].isalpha() and text[j].isascii():
                j += 1
            command = text[k + 1:j]
            if not command:
                if j < n and text[j] in ",;:! \\\n":
                    k = j + 1
                    continue
                raise _syntax_error(text, k, k + 2, f"invalid syntax in {what}",
                                   "a TeX command such as \\langle or \\mid",
                                   repr(text[k:k + 2]))
            if command in _TEX_IGNORED:
                k = j
            elif command in _TEX_SYNTAX:
                kind = _TEX_SYNTAX[command]
                tokens.append(_Token(kind, text[k:j], k, j))
                k = j
            else:
                end = _read_identifier(text, j)
                name = command + _identifier_name(text[j:end])
                tokens.append(_Token("name", name, k, end, raw=False))
                k = end
        elif ch.isidentifier():
            end = _read_identifier(text, k + 1)
            raw = text[k:end]
            name = _identifier_name(raw)
            tokens.append(_Token("name", name, k, end, raw=(name == raw)))
            k = end
        elif ch in _DIGITS:
            j = k
            while j < n and text[j] in _DIGITS:
                j += 1
            if j + 1 < n and text[j] in "./" and text[j + 1] in _DIGITS:
                j += 1
                while j < n and text[j] in _DIGITS:
                    j += 1
                tokens.append(_Token("dec", text[k:j], k, j))
                k = j
                continue
            if j - k > _MAX_DIGITS:
                raise _syntax_error(text, k, j, f"number too large in {what}",
                                   f"a number of at most {_MAX_DIGITS} digits", f"{j - k} digits")
            tokens.append(_Token("int", text[k:j], k, j, value=int(text[k:j])))
            k = j
        elif ch in _SUPERSCRIPT_DIGITS or ch in _SUPERSCRIPT_SIGNS:
            j, sign = k, 1
            while j < n and text[j] in _SUPERSCRIPT_SIGNS:
                sign *= _SUPERSCRIPT_SIGNS[text[j]]
                j += 1
            digits_start = j
            while j < n and text[j] in _SUPERSCRIPT_DIGITS:
                j += 1
            if j - digits_start > _MAX_DIGITS:
                raise _syntax_error(text, k, j, f"number too large in {what}",
                                   f"a number of at most {_MAX_DIGITS} digits", f"{j - digits_start} digits")
            if j == digits_start:
                raise _syntax_error(text, k, j + 1, f"bad exponent in {what}",
                                   "superscript digits after a superscript sign",
                                   repr(text[k:j + 1]))
            value = int("".join(str(_SUPERSCRIPT_DIGITS[c]) for c in text[digits_start:j]))
            tokens.append(_Token("sup", text[k:j], k, j, value=sign * value))
            k = j
        elif ch == "*" and text.startswith("**", k):
            tokens.append(_Token("^", "**", k, k + 2))
            k += 2
        elif ch in _PUNCTUATION:
            tokens.append(_Token(_PUNCTUATION[ch], ch, k, k + 1))
            k += 1
        else:
            raise _syntax_error(text, k, k + 1, f"invalid syntax in {what}",
                               "a generator, a number, or one of < > | , ; = * ^ ( ) [ ] { }",
                               f"the character {ch!r}")
    tokens.append(_Token("end", "", n, n))
    return tokens
