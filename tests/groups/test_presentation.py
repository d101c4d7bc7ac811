"""Tests of repkit.groups.words and repkit.groups.presentation (parser, printer, errors)."""

from __future__ import annotations

import shutil
import subprocess

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from repkit.errors import PresentationSyntaxError, RepkitError, UnknownGeneratorError
from repkit.groups.presentation import (
    Presentation,
    UnknownGeneratorSyntaxError,
    is_generator_name,
    parse_presentation,
    parse_word,
)
from repkit.groups.words import (
    check_word,
    column_letter,
    commutator_word,
    conjugate_word,
    cyclic_reduce,
    format_word,
    free_reduce,
    inverse_word,
    is_freely_reduced,
    letter_column,
    multiply_words,
    syllables,
    word_power,
)

from strategies import (  # tests/strategies.py; tests/conftest.py puts tests/ on sys.path
    KNOWN_FINITE,
    finite_presentations,
    finite_presentations_with_order,
    generator_names,
    presentation_texts,
    presentations,
    raw_words,
    words,
)

RF = ("r", "f")
D4 = Presentation(RF, ((1, 1, 1, 1), (2, 2), (1, 2, 1, 2)))


# -- words ---------------------------------------------------------------------------------------

@settings(deadline=None)
@given(raw_words(3, max_size=20))
def test_free_reduce_is_reduced_idempotent_and_inverse_cancels(word):
    reduced = free_reduce(word)
    assert is_freely_reduced(reduced)
    assert free_reduce(reduced) == reduced
    assert free_reduce(word + inverse_word(word)) == ()
    assert multiply_words(word, inverse_word(word)) == ()
    assert len(reduced) % 2 == len(word) % 2


@settings(deadline=None)
@given(words(3), words(3), words(3))
def test_multiplication_is_associative_and_inverse_is_antihomomorphism(u, v, w):
    assert multiply_words(multiply_words(u, v), w) == multiply_words(u, multiply_words(v, w))
    assert inverse_word(multiply_words(u, v)) == multiply_words(inverse_word(v), inverse_word(u))


@settings(deadline=None)
@given(words(2), st.integers(-4, 4), st.integers(-4, 4))
def test_word_power_adds_exponents(word, j, k):
    assert multiply_words(word_power(word, j), word_power(word, k)) == word_power(word, j + k)


@settings(deadline=None)
@given(words(3))
def test_cyclic_reduce_gives_a_cyclically_reduced_conjugate(word):
    c = cyclic_reduce(word)
    assert is_freely_reduced(c)
    assert len(c) < 2 or c[0] != -c[-1]
    # word = x c x^-1 for the stripped prefix x
    k = (len(word) - len(c)) // 2
    assert multiply_words(word[:k], c, inverse_word(word[:k])) == word


def test_commutator_and_conjugate_conventions():
    a, b = (1,), (2,)
    assert commutator_word(a, b) == (-1, -2, 1, 2)          # [a, b] = a^-1 b^-1 a b
    assert conjugate_word(a, b) == (-2, 1, 2)               # a^b = b^-1 a b
    assert commutator_word(a, b) == multiply_words(inverse_word(a), conjugate_word(a, b))


@pytest.mark.parametrize("letter", [1, -1, 2, -2, 7, -7])
def test_letter_column_bijection(letter):
    column = letter_column(letter)
    assert column_letter(column) == letter
    assert letter_column(-letter) == column ^ 1


@pytest.mark.parametrize("bad", [0, 1.0, True, "a"], ids=repr)
def test_letter_column_rejects_non_letters(bad):
    with pytest.raises(UnknownGeneratorError, match="letter must be a nonzero int"):
        letter_column(bad)


def test_check_word_names_position_and_bound():
    with pytest.raises(UnknownGeneratorError, match=r"relator\[1\].*\|letter\| <= 2.*got -3"):
        check_word((1, -3), 2, argument="relator")


def test_numpy_letters_are_accepted_as_ints():
    word = check_word(np.array([1, -2, 2]), 2)
    assert word == (1, -2, 2) and all(type(x) is int for x in word)
    assert Presentation(("a", "b"), [np.array([1, 1])]).relators == ((1, 1),)


def test_tex_style():
    assert format_word((1, 1, -2), RF, style="tex") == "r^{2} f^{-1}"
    assert format_word((1, 2, 1, 2), RF, style="tex") == "(r f)^{2}"
    assert D4.to_tex() == r"\langle r, f \mid r^{4}, f^{2}, (r f)^{2} \rangle"
    with pytest.raises(PresentationSyntaxError, match="style must be 'gap' or 'tex'"):
        format_word((1,), RF, style="latex")  # type: ignore[arg-type]


def test_syllables_and_format():
    assert syllables((1, 1, -2, -2, -2, 1)) == ((0, 2), (1, -3), (0, 1))
    assert format_word((1, 1, -2, -2, -2, 1), ("a", "b")) == "a^2*b^-3*a"
    assert format_word((1, 2, 1, 2, 1, 2), RF) == "(r*f)^3"
    assert format_word((1, 2, 1, 2, 1, 2), RF, collapse=False) == "r*f*r*f*r*f"
    assert format_word((1, 1, 1), RF) == "r^3"
    assert format_word((), RF) == "1"


@settings(deadline=None)
@given(generator_names(1, 4).flatmap(lambda names: st.tuples(st.just(names),
                                                             words(len(names), max_size=16))))
def test_format_then_parse_word_round_trip(data):
    names, word = data
    assert parse_word(format_word(word, names), names) == word
    assert parse_word(format_word(word, names, collapse=False), names) == word


# -- parsing: accepted syntax -------------------------------------------------------------------

D4_TEXTS = {
    "relators": "<r, f | r^4, f^2, (r f)^2>",
    "star": "<r, f | r^4, f^2, (r*f)^2>",
    "juxtaposed": "<r,f|r^4,f^2,(rf)^2>",
    "semicolons": "<r, f | r^4; f^2; (r f)^2>",
    "no-angles": "r, f | r^4, f^2, (r f)^2",
    "tex-vert": r"\langle r,f \vert r^{4}, f^{2}, (rf)^{2} \rangle",
    "tex-mid": r"$\left\langle r, f \mid r^4,\ f^2,\, (r \cdot f)^2 \right\rangle$",
    "unicode": "⟨r, f | r⁴, f², (rf)²⟩",
    "python-power": "<r, f | r**4, f**2, (r*f)**2>",
    "relation-to-one": "<r, f | r^4 = 1, f^2 = 1, (r f)^2 = 1>",
    "relation-to-e": "<r, f | r^4 = e, f^2 = e, (r f)^2 = e>",
    "braces": "<r, f | r^4, f^2, {r f}^2>",
    "multiline": "<r, f |\n  r^4,\n  f^2,\n  (r f)^2\n>",
}


@pytest.mark.parametrize("text", list(D4_TEXTS.values()), ids=list(D4_TEXTS))
def test_notations_of_the_dihedral_group(text):
    assert parse_presentation(text) == D4


@pytest.mark.parametrize("text,expected", [
    ("<r, f | r^4 = f^2 = e, r f = f r^-1>", ["r^4", "f^2", "r*f*r*f^-1"]),
    ("<r, f | r f = f r^-1>", ["r*f*r*f^-1"]),
    ("<a, b | a = b = a b>", ["a*b^-1", "b*b^-1*a^-1"]),
    ("<a, b | a^2 = b^3>", ["a^2*b^-3"]),
    ("<r, f | f^-1 r f = r^{-1}>", ["f^-1*r*f*r"]),
    ("<a, b | a^b = a^-1>", ["b^-1*a*b*a"]),
    ("<a, b | a^{b^-1} = a^2>", ["b*a*b^-1*a^-2"]),
    ("<a, b | [a, b]>", ["a^-1*b^-1*a*b"]),
    ("<a, b | [a, b, b]>", ["(b^-1*a^-1*b*a)*b^-1*(a^-1*b^-1*a*b)*b"]),
    ("<a, b | [[a, b], b]>", ["[a, b, b]"]),
    ("<a, b | [a, [a, b]]>", ["a^-1*(b^-1*a^-1*b*a)*a*(a^-1*b^-1*a*b)"]),
    ("<a, b | [a, b]^2>", ["(a^-1*b^-1*a*b)^2"]),
    ("<a, b | a^-1*b^3*a>", ["a^-1*b^3*a"]),
    ("<a, b | a^0 b, a a^-1>", ["b"]),
    ("<s1, s2, t0 | s1*s2, s1 t0^-1 s2>", ["s1*s2", "s1*t0^-1*s2"]),
    (r"\langle s_1, s_{2} \mid (s_1 s_{2})^3 \rangle", ["(s_1*s_2)^3"]),
    (r"\langle \sigma, \tau \mid \sigma\tau\sigma = \tau\sigma\tau \rangle",
     ["sigma*tau*sigma*tau^-1*sigma^-1*tau^-1"]),
    ("<a, b, c, d, e, f | e^2, (e f)^3, a b c d e f>", ["e^2", "(e*f)^3", "a*b*c*d*e*f"]),
    ("<a | a^2 = e>", ["a^2"]),
    ("<a | 1 a 1 e a>", ["a^2"]),
    ("<a | a^(-2)>", ["a^-2"]),
    ("<a | a^-(2)>", ["a^-2"]),
    ("<a | a^- 2>", ["a^-2"]),
    ("<a | a⁻¹²>", ["a^-12"]),
])
def test_relations_chains_commutators_and_conjugates(text, expected):
    presentation = parse_presentation(text)
    wanted = tuple(parse_word(item, presentation.generators) for item in expected)
    assert presentation.relators == tuple(w for w in wanted if w)


def test_e_is_a_generator_when_declared():
    presentation = parse_presentation("<a, e | e^2, a e>")
    assert presentation.relators == ((2, 2), (1, 2))
    with pytest.raises(UnknownGeneratorError):
        parse_word("x", ["a", "e"])
    assert parse_word("e", ["a", "e"]) == (2,)
    assert parse_word("e", ["a"]) == ()


@pytest.mark.parametrize("text,gens,rels", [
    ("<>", (), ()),
    ("< | >", (), ()),
    ("<a>", ("a",), ()),
    ("a", ("a",), ()),
    ("<a, b | >", ("a", "b"), ()),
    ("<a | a a^-1>", ("a",), ()),
])
def test_degenerate_presentations(text, gens, rels):
    presentation = parse_presentation(text)
    assert presentation.generators == gens and presentation.relators == rels


def test_relators_are_freely_reduced_not_cyclically():
    presentation = parse_presentation("<a, b | b a a b^-1, a b b^-1 a>")
    assert presentation.relators == ((2, 1, 1, -2), (1, 1))


def test_juxtaposition_needs_single_letter_names():
    assert parse_word("rfr", RF) == (1, 2, 1)
    assert parse_word("r^2f", RF) == (1, 1, 2)
    assert parse_word("r^fr", RF) == (-2, 1, 2, 1)  # TeX: the exponent is one letter
    with pytest.raises(UnknownGeneratorSyntaxError, match="got 's1s2'"):
        parse_word("s1s2", ["s1", "s2"])
    assert parse_word("s1 s2 * s1", ["s1", "s2"]) == (1, 2, 1)


# -- parsing: errors ----------------------------------------------------------------------------

ERRORS = {
    "empty": ("", PresentationSyntaxError, None, "empty"),
    "blank": ("  \n ", PresentationSyntaxError, None, "empty"),
    "unknown-generator": ("<r, f | r^4, x^2>", UnknownGeneratorSyntaxError, 14, "'x'"),
    "unknown-in-juxtaposition": ("<r, f | rxf>", UnknownGeneratorSyntaxError, 10, "'x'"),
    "repeated-generator": ("<r, f, r | r^2>", PresentationSyntaxError, 8, "repeated generator"),
    "relators-without-generators": ("< | r^2>", PresentationSyntaxError, 5, "without generators"),
    "missing-exponent": ("<r | r^>", PresentationSyntaxError, 8, "bad exponent"),
    "fractional-exponent": ("<r | r^1.5>", PresentationSyntaxError, 8, "non-integer '1.5'"),
    "double-exponent": ("<r | r^2^3>", PresentationSyntaxError, 9, "bad exponent"),
    "unclosed-paren": ("<r | (r^2>", PresentationSyntaxError, 6, "never closed"),
    "stray-paren": ("<r | r^2)>", PresentationSyntaxError, 9, "unbalanced"),
    "unclosed-angle": ("<r | r^2", PresentationSyntaxError, 1, "never closed"),
    "stray-angle": ("r | r^2>", PresentationSyntaxError, 8, "unbalanced"),
    "unclosed-brace-exponent": ("<r | r^{-1>", PresentationSyntaxError, 8, "never closed"),
    "unclosed-commutator": ("<a, b | [a, b>", PresentationSyntaxError, 9, "never closed"),
    "one-word-commutator": ("<a | [a]>", PresentationSyntaxError, 8, "second word"),
    "missing-comma": ("<r f | r>", PresentationSyntaxError, 4, "',' between generator"),
    "trailing-comma": ("<r | r,>", PresentationSyntaxError, 8, "expected a word"),
    "empty-side": ("<r | r = >", PresentationSyntaxError, 10, "expected a word"),
    "dangling-star": ("<r | r * >", PresentationSyntaxError, 10, "after '*'"),
    "bad-character": ("<r | r % r>", PresentationSyntaxError, 8, "'%'"),
    "number-factor": ("<r | 2 r>", PresentationSyntaxError, 6, "'2'"),
    "too-long": ("<r | r^100000000000>", PresentationSyntaxError, 8, "too long"),
    "bad-generator-name": ("<1, r | r>", PresentationSyntaxError, 2, "generator name"),
}


@pytest.mark.parametrize("text,cls,column,fragment", list(ERRORS.values()), ids=list(ERRORS))
def test_errors_show_column_and_caret(text, cls, column, fragment):
    with pytest.raises(cls) as info:
        parse_presentation(text)
    error = info.value
    message = str(error)
    assert fragment in message
    assert isinstance(error, RepkitError) and isinstance(error, ValueError)
    if column is not None:
        assert error.column == column
        assert f"column {column}" in message
        lines = message.split("\n")
        source, caret = lines[-2], lines[-1]
        assert source == "    " + text.split("\n")[error.line - 1]
        assert caret.index("^") == 4 + column - 1
        assert "expected" in lines[0] and "got" in lines[0]


def test_unknown_generator_error_is_both_kinds():
    with pytest.raises(UnknownGeneratorError) as info:
        parse_word("r q", RF)
    assert isinstance(info.value, PresentationSyntaxError)
    assert info.value.column == 3


def test_multiline_error_reports_the_line():
    with pytest.raises(PresentationSyntaxError) as info:
        parse_presentation("<a, b |\n  a^2,\n  b^^3>")
    assert info.value.line == 3 and info.value.column == 5
    assert "line 3, column 5" in str(info.value)
    assert str(info.value).split("\n")[-2].strip() == "b^^3>"


def test_word_errors():
    with pytest.raises(PresentationSyntaxError, match="empty"):
        parse_word("", RF)
    with pytest.raises(PresentationSyntaxError, match="end of the word"):
        parse_word("r = f", RF)
    with pytest.raises(PresentationSyntaxError, match="must be a str"):
        parse_word(3, RF)  # type: ignore[arg-type]


def test_nesting_depth_is_bounded_with_a_clear_error():
    deep = "(" * 5000 + "a" + ")" * 5000
    with pytest.raises(PresentationSyntaxError, match="nested"):
        parse_word(deep, ["a"])
    assert parse_word("(" * 50 + "a" + ")" * 50, ["a"]) == (1,)


# -- the Presentation value ---------------------------------------------------------------------

def test_constructor_normalises_and_validates():
    presentation = Presentation(["a", "b"], [[1, -1], [2, 1, -1, 2]])  # type: ignore[arg-type]
    assert presentation.generators == ("a", "b") and presentation.relators == ((2, 2),)
    assert hash(presentation) == hash(Presentation(("a", "b"), ((2, 2),)))
    with pytest.raises(PresentationSyntaxError, match=r"generators\[1\] repeats"):
        Presentation(("a", "a"))
    with pytest.raises(PresentationSyntaxError, match=r"generators\[0\] must be an identifier"):
        Presentation(("a b",))
    with pytest.raises(PresentationSyntaxError, match="got the string"):
        Presentation("ab")  # type: ignore[arg-type]
    with pytest.raises(UnknownGeneratorError, match=r"relators\[0\]\[1\]"):
        Presentation(("a",), ((1, 2),))


def test_str_and_repr():
    assert str(D4) == "<r, f | r^4, f^2, (r*f)^2>"
    assert repr(D4) == "Presentation.parse('<r, f | r^4, f^2, (r*f)^2>')"
    assert eval(repr(D4), {"Presentation": Presentation}) == D4
    assert str(Presentation(("a",))) == "<a>"
    assert D4.relator_strings() == ("r^4", "f^2", "(r*f)^2")
    assert D4.word("f r") == (2, 1) and D4.format((2, 1)) == "f*r"


def test_is_generator_name():
    assert is_generator_name("t0") and is_generator_name("σ") and not is_generator_name("0t")


def test_from_relators_and_errors_name_the_item():
    presentation = Presentation.from_relators(RF, ["r^4", "f^2 = 1", "r f = f r^-1"])
    assert presentation.relators == ((1, 1, 1, 1), (2, 2), (1, 2, 1, -2))
    with pytest.raises(UnknownGeneratorSyntaxError, match=r"relator_texts\[1\]"):
        Presentation.from_relators(RF, ["r^4", "q^2"])
    with pytest.raises(PresentationSyntaxError, match="got the string"):
        Presentation.from_relators(RF, "r^4")
    with pytest.raises(PresentationSyntaxError, match="must be a string"):
        Presentation.from_relators(RF, [(1, 1)])  # type: ignore[list-item]


def test_from_gap_list_continuations_and_identity():
    gap_output = "[ a^2, b^3, (a*b)^3, a^-1*b^3*\\\n  a, <identity ...> ]"
    presentation = Presentation.from_gap(["a", "b"], gap_output)
    assert presentation == parse_presentation("<a, b | a^2, b^3, (a b)^3, a^-1 b^3 a>")
    assert Presentation.from_gap(["a", "b"], ["a^b"]).relators == ((-2, 1, 2),)


# -- round trips (hypothesis) -------------------------------------------------------------------

@settings(deadline=None)
@given(presentations())
def test_str_parses_back_to_an_equal_presentation(presentation):
    assert parse_presentation(str(presentation)) == presentation
    assert parse_presentation(presentation.to_tex()) == presentation
    assert Presentation.from_gap(presentation.generators,
                                 list(presentation.relator_strings())) == presentation


@pytest.mark.slow
@settings(deadline=None, max_examples=200)
@given(presentation_texts())
def test_random_notations_parse_to_the_presentation(data):
    text, presentation = data
    assert parse_presentation(text) == presentation, text


@settings(deadline=None)
@given(finite_presentations_with_order())
def test_disguised_finite_presentations_round_trip(data):
    presentation, order = data
    assert order >= 1 and parse_presentation(str(presentation)) == presentation


@settings(deadline=None)
@given(finite_presentations())
def test_finite_quotients_keep_the_known_relators(presentation):
    assert presentation.relators and parse_presentation(str(presentation)) == presentation


FUZZ_ALPHABET = st.sampled_from(list("<>|,;=*^-+(){}[]:12 abref") + ["\\langle", "\\rangle",
                                                                     "\\mid", "s1", "**",
                                                                     "\u207b\u00b9", "\\", "."])


@settings(deadline=None, max_examples=400)
@given(st.lists(FUZZ_ALPHABET, max_size=30).map("".join))
def test_arbitrary_text_parses_or_raises_a_syntax_error(text):
    try:
        presentation = parse_presentation(text)
    except PresentationSyntaxError as error:
        assert error.__class__.__module__.startswith("repkit")
        if text.strip():
            assert 1 <= error.column and "^" in str(error).split("\n")[-1]
    else:
        assert parse_presentation(str(presentation)) == presentation


@settings(max_examples=30, deadline=None)
@given(finite_presentations_with_order())
def test_disguised_presentations_define_the_known_order(data):
    from repkit.groups.todd_coxeter import enumerate_cosets

    presentation, order = data
    assert enumerate_cosets(presentation, max_cosets=200_000).index == order


# -- cross-check with GAP -----------------------------------------------------------------------

@pytest.mark.gap
@pytest.mark.slow
def test_known_orders_and_printed_presentations_agree_with_gap(tmp_path):
    gap = shutil.which("gap")
    if gap is None:
        pytest.skip("GAP is not installed (the 'gap' marker needs /usr/bin/gap)")
    lines = []
    for k, (text, _) in enumerate(KNOWN_FINITE):
        lines.append(parse_presentation(text).to_gap(f"G{k}"))
        lines.append(f'Print(Size(G{k}), "\\n");')
    script = tmp_path / "orders.g"
    script.write_text("\n".join(lines) + "\nQUIT;\n")
    out = subprocess.run([gap, "-q", str(script)], capture_output=True, text=True, timeout=600,
                         check=True)
    assert [int(x) for x in out.stdout.split()] == [order for _, order in KNOWN_FINITE]
