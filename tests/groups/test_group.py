"""FiniteGroup: constructors, normal forms, multiplication, bulk tables, Cayley graph, errors."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import family_groups, finite_presentations_with_order, permutation_generators

import repkit as rk
from repkit.groups.closure import standardize_table
from repkit.groups.words import free_reduce, inverse_word


def letter_rank(letter: int) -> int:
    """Position of a letter in the alphabet g0 < g0^-1 < g1 < g1^-1 < ..."""
    return 2 * (abs(letter) - 1) + (letter < 0)


def shortlex_key(word: tuple[int, ...]) -> tuple[int, tuple[int, ...]]:
    return len(word), tuple(letter_rank(x) for x in word)


def naive_element(G: rk.FiniteGroup, word: tuple[int, ...]) -> int:
    """Evaluate a word by multiplying generator elements one at a time (independent of _follow)."""
    gens = G.generator_elements
    g = 0
    for letter in word:
        x = gens[abs(letter) - 1]
        g = G.mul(g, x if letter > 0 else G.inv(x))
    return g


D4 = "<r, f | r^4, f^2, (r f)^2>"


# ---------------------------------------------------------------- constructors and basic data
def test_contract_example() -> None:
    G = rk.Group.from_presentation(D4, max_cosets=1_000_000)
    assert G.order == 8 and G.generators == ("r", "f") and G.ngens == 2
    H = rk.Group.from_permutations({"s": [1, 0, 2], "c": [1, 2, 0]})
    assert H.order == 6 and H.generators == ("s", "c")
    assert rk.Group is rk.FiniteGroup
    assert G.identity == 0 and list(G.elements) == list(range(8))


def test_presentation_object_and_text_agree() -> None:
    P = rk.parse_presentation(D4)
    G1, G2 = rk.Group.from_presentation(P), rk.Group.from_presentation(D4)
    assert np.array_equal(G1.right_table, G2.right_table)
    assert G1.presentation == P


def test_from_matrices_closure() -> None:
    G = rk.Group.from_matrices({"a": [[0, -1], [1, 0]], "b": [[1, 0], [0, -1]]})
    assert G.order == 8 and len(G.conjugacy_classes()) == 5
    M = rk.Matrix([[Fraction(1, 2), 0], [0, 2]])
    assert rk.Group.from_matrices({"m": M}, max_order=100).matrix_generators == (M,)
    with pytest.raises(rk.GroupTooLargeError, match="max_order"):
        rk.Group.from_matrices({"m": M}, max_order=100).order


def test_presentation_with_permutations_is_lazy() -> None:
    P = rk.parse_presentation(D4)
    G = rk.Group.from_presentation(P, permutations={"r": [1, 2, 3, 0], "f": [0, 3, 2, 1]})
    assert G.order == 8 and not G.is_enumerated and G.presentation is P
    assert G.permutation_of("r f") == tuple(np.array([1, 2, 3, 0])[[0, 3, 2, 1]])
    assert len(G.conjugacy_classes()) == 5 and G.is_enumerated


def test_repr_rebuilds_an_equivalent_group() -> None:
    for G in (rk.Group.from_presentation(D4), rk.Group.from_permutations({"s": [1, 0, 2]}),
              rk.dihedral(5), rk.Group.from_matrices({"a": [[0, -1], [1, 0]]})):
        H = eval(repr(G), {"FiniteGroup": rk.FiniteGroup})
        assert np.array_equal(H.right_table, G.right_table)


def test_equality_is_structural_on_defining_data() -> None:
    G, H = rk.Group.from_presentation(D4), rk.Group.from_presentation(D4)
    assert G == H and hash(G) == hash(H) and len({G, H}) == 1
    assert rk.dihedral(4) == rk.dihedral(4) and rk.dihedral(4) != rk.dihedral(5)
    P = rk.Group.from_permutations({"r": [1, 2, 3, 0], "f": [0, 3, 2, 1]})
    assert P != G and P.order == G.order    # equal data, not isomorphism, decides ==
    assert np.array_equal(G.right_table, H.right_table)


# ---------------------------------------------------------------- group axioms (hypothesis)
GROUPS = {name: rk.Group.from_presentation(text) for name, text in [
    ("D4", D4), ("A5", "<a, b | a^2, b^3, (a b)^5>"), ("Q8", "<i, j | i^4, i^2 = j^2, j^-1 i j = i^-1>"),
    ("B3", "<a, b, c | a^2, b^2, c^2, (a b)^3, (b c)^4, (a c)^2>")]}
GROUPS["S5perm"] = rk.Group.from_permutations({"c": [1, 2, 3, 4, 0], "t": [1, 0, 2, 3, 4]})


@st.composite
def group_and_elements(draw, k: int = 3):
    name = draw(st.sampled_from(sorted(GROUPS)))
    G = GROUPS[name]
    return G, [draw(st.integers(0, G.order - 1)) for _ in range(k)]


@given(group_and_elements())
@settings(max_examples=150, deadline=None)
def test_group_axioms(data) -> None:
    G, (g, h, k) = data
    assert G.mul(G.mul(g, h), k) == G.mul(g, G.mul(h, k))
    assert G.mul(g, 0) == g == G.mul(0, g)
    assert G.mul(g, G.inv(g)) == 0 == G.mul(G.inv(g), g)
    assert G.inv(G.mul(g, h)) == G.mul(G.inv(h), G.inv(g))
    assert G.pow(g, G.element_order(g)) == 0 and G.order % G.element_order(g) == 0
    assert G.pow(g, 5) == G.mul(G.pow(g, 2), G.pow(g, 3)) and G.pow(g, -2) == G.inv(G.pow(g, 2))
    assert G.conjugate(g, h) == G.mul(G.inv(h), G.mul(g, h))
    assert G.commutator(g, h) == G.mul(G.inv(G.mul(h, g)), G.mul(g, h))


@st.composite
def group_and_word(draw):
    name = draw(st.sampled_from(sorted(GROUPS)))
    G = GROUPS[name]
    letters = [i for k in range(1, G.ngens + 1) for i in (k, -k)]
    return G, tuple(draw(st.lists(st.sampled_from(letters), max_size=30)))


@given(group_and_word())
@settings(max_examples=200, deadline=None)
def test_normal_forms_are_unique(data) -> None:
    G, word = data
    g = G.element(word)
    assert g == naive_element(G, word)                 # same element however it is evaluated
    nf = G.word(g)
    assert G.element(nf) == g and nf == free_reduce(nf)
    assert shortlex_key(nf) <= shortlex_key(free_reduce(word))
    assert G.element(G.word_str(g)) == g
    text = " ".join(G.generators[abs(x) - 1] + ("^-1" if x < 0 else "") for x in word) or "1"
    assert G.element(text) == g


def test_words_are_shortlex_least_by_brute_force(small_group) -> None:
    G = small_group
    letters = sorted((i for k in range(1, G.ngens + 1) for i in (k, -k)), key=letter_rank)
    least: dict[int, tuple[int, ...]] = {}
    length = 0
    while len(least) < G.order:
        for w in itertools.product(letters, repeat=length):   # lexicographic within a length
            least.setdefault(naive_element(G, w), w)
        length += 1
    assert all(G.word(g) == least[g] for g in G.elements)
    assert sorted(G.elements, key=lambda g: shortlex_key(least[g])) == list(G.elements)


def test_word_str_style_and_identity() -> None:
    G = rk.Group.from_presentation(D4)
    assert G.word_str(0) == "1" and G.word_str(G.element("r^-1 f")) == "r^-1*f"


# ---------------------------------------------------------------- bulk operations
def test_bulk_tables_agree_with_mul(small_group) -> None:
    G = small_group
    n = G.order
    assert G.right_table.shape == (n, 2 * G.ngens) and G.left_table.shape == (n, 2 * G.ngens)
    gens = G.generator_elements
    for c in range(2 * G.ngens):
        x = gens[c // 2] if c % 2 == 0 else G.inv(gens[c // 2])
        assert all(G.right_table[g, c] == G.mul(g, x) for g in G.elements)
        assert all(G.left_table[g, c] == G.mul(x, g) for g in G.elements)
    assert all(G.inverse_array[g] == G.inv(g) for g in G.elements)
    M = G.multiplication_table()
    for h in G.elements:
        assert np.array_equal(G.right_multiply_all(h), M[:, h])
        assert np.array_equal(G.left_multiply_all(h), M[h, :])
    assert all(M[g, h] == G.mul(g, h) for g in G.elements for h in G.elements)


def test_tables_are_read_only() -> None:
    G = rk.Group.from_presentation(D4)
    for arr in (G.right_table, G.left_table, G.inverse_array, G.class_of):
        with pytest.raises(ValueError):
            arr[0] = 1


def test_spanning_tree_reconstructs_every_element() -> None:
    G = rk.Group.from_presentation("<a, b | a^2, b^3, (a b)^5>")
    parent, letter = G.spanning_tree
    assert parent[0] == -1 and letter[0] == 0 and np.all(parent[1:] < np.arange(1, 60))
    for g in range(1, 60):
        assert G.word(g) == G.word(int(parent[g])) + (int(letter[g]),)


def test_multiplication_table_needs_permission() -> None:
    G = rk.Group.from_presentation("<a, b | a^2, b^3, (a b)^5>")
    with pytest.raises(rk.GroupTooLargeError, match="max_order"):
        G.multiplication_table(max_order=10)


# ---------------------------------------------------------------- Cayley graph and relators
def test_cayley_graph(known_group) -> None:
    G, facts = known_group
    C = G.cayley_graph()
    assert isinstance(C, nx.MultiDiGraph)
    assert C.number_of_nodes() == facts.order and C.number_of_edges() == facts.order * G.ngens
    for g, h, data in C.edges(data=True):
        i = G.generators.index(data["generator"])
        assert h == G.mul(g, G.generator_elements[i])
    assert all(G.element(C.nodes[g]["word"]) == g for g in C.nodes)
    if G.ngens:
        assert nx.is_strongly_connected(C)


def test_cayley_relators_present_the_group() -> None:
    G = rk.Group.from_permutations({"c": [1, 2, 3, 0], "t": [1, 0, 2, 3]})      # S4
    rels = list(G.cayley_relators())
    assert len(rels) == G.order * G.ngens - (G.order - 1)
    assert all(G.element(r) == 0 and r == free_reduce(r) and r for r in rels)
    H = rk.Group.from_presentation(G.presentation)                        # re-enumerate: |S4|
    assert H.order == 24
    for g in G.elements:                                                  # same numbering
        assert G.permutation_of(H.word(g)) == G.permutation_of(g)


def test_permutation_of_is_a_homomorphism() -> None:
    G = rk.Group.from_permutations({"c": [1, 2, 3, 4, 0], "t": [1, 0, 2, 3, 4]})
    perms = [np.array(G.permutation_of(g)) for g in G.elements]
    assert len({tuple(p) for p in perms}) == 120
    for g, h in [(3, 17), (50, 99), (119, 1), (7, 7)]:
        assert np.array_equal(perms[G.mul(g, h)], perms[g][perms[h]])     # (g h)(i) = g(h(i))


# ---------------------------------------------------------------- laziness
def test_symmetric_64_is_lazy() -> None:
    n = 64
    S = rk.Group.from_permutations({"c": list(range(1, n)) + [0], "t": [1, 0] + list(range(2, n))},
                                   max_order=10_000)
    assert S.order == math.factorial(64) and not S.is_enumerated and not S.is_abelian()
    with pytest.raises(rk.GroupTooLargeError, match="max_order=10000"):
        S.right_table
    with pytest.raises(rk.GroupTooLargeError):
        S.conjugacy_classes()
    assert not S.is_enumerated
    assert S.permutation_of((1, 2))[:3] == (2, 1, 3)


def test_lazy_enumeration_matches_order() -> None:
    G = rk.Group.from_permutations({"c": list(range(1, 7)) + [0], "t": [1, 0] + list(range(2, 7))})
    assert G.order == 5040 and not G.is_enumerated
    assert G.right_table.shape == (5040, 4) and G.order == 5040


# ---------------------------------------------------------------- errors
@pytest.mark.parametrize("perms, pattern", [
    ({"s": [1, 1, 2]}, r"permutations\['s'\]: image 1 appears twice"),
    ({"s": [1, 0, 3]}, r"permutations\['s'\]\[2\] = 3 is out of range"),
    ({"s": [1, 0, -1]}, r"permutations\['s'\]\[2\] = -1 is out of range"),
    ({"s": [1, 0, 2], "t": [1, 0]}, r"permutations\['t'\]: expected length 3"),
    ({"s": [1, 0.0, 2]}, r"permutations\['s'\]\[1\]: expected an int image"),
    ({"s": "102"}, r"permutations\['s'\]: expected a list of ints"),
    ([[1, 0]], r"permutations: expected a mapping"),
], ids=["repeat", "too-big", "negative", "lengths", "float", "string", "not-mapping"])
def test_invalid_permutations(perms, pattern) -> None:
    with pytest.raises(rk.InvalidPermutationError, match=pattern):
        rk.Group.from_permutations(perms)


def test_bad_generator_name() -> None:
    with pytest.raises(rk.PresentationSyntaxError, match="identifier"):
        rk.Group.from_permutations({"1x": [0]})


def test_element_errors() -> None:
    G = rk.Group.from_presentation(D4)
    with pytest.raises(rk.NotAnElementError, match=r"0\.\.7, got 8"):
        G.element(8)
    with pytest.raises(rk.NotAnElementError, match="got -1"):
        G.mul(-1, 0)
    with pytest.raises(rk.NotAnElementError):
        G.element(True)
    with pytest.raises(rk.NotAnElementError, match="float"):
        G.element(1.0)
    with pytest.raises(rk.UnknownGeneratorError):
        G.element((3,))
    with pytest.raises(rk.PresentationSyntaxError):
        G.element("r ^^ f")
    with pytest.raises(rk.UnknownGeneratorError):
        G.element("q")
    with pytest.raises(rk.NotAnElementError, match="exponent"):
        G.pow(1, 1.5)
    with pytest.raises(rk.NotAnElementError, match="not given by permutations"):
        G.permutation_of(1)


def test_presentation_errors() -> None:
    with pytest.raises(rk.CosetEnumerationLimitError):
        rk.Group.from_presentation("<a, b | a^2>", max_cosets=500)
    with pytest.raises(rk.PresentationSyntaxError):
        rk.Group.from_presentation("<a, b | a^2")
    with pytest.raises(rk.RepkitError, match="presentation: expected text"):
        rk.Group.from_presentation(42)  # type: ignore[arg-type]
    with pytest.raises(rk.NotAHomomorphismError, match=r"relator 2 \(\(r\*f\)\^2\)"):
        rk.Group.from_presentation(D4, permutations={"r": [1, 2, 3, 0], "f": [1, 0, 2, 3]})
    with pytest.raises(rk.UnknownGeneratorError, match="in that order"):
        rk.Group.from_presentation(D4, permutations={"f": [0, 3, 2, 1], "r": [1, 2, 3, 0]})


def test_matrix_errors() -> None:
    with pytest.raises(rk.ShapeError, match=r"matrices\['a'\]: expected a square"):
        rk.Group.from_matrices({"a": [[1, 0]]})
    with pytest.raises(rk.ShapeError, match=r"matrices\['b'\]: expected size 1"):
        rk.Group.from_matrices({"a": [[1]], "b": [[1, 0], [0, 1]]})
    with pytest.raises(rk.SingularMatrixError, match=r"matrices\['a'\] is singular"):
        rk.Group.from_matrices({"a": [[1, 1], [1, 1]]})
    with pytest.raises(rk.ExactnessError):
        rk.Group.from_matrices({"a": [[0.5]]})


def test_inverse_words_round_trip() -> None:
    G = GROUPS["B3"]
    for g in range(0, G.order, 7):
        assert G.element(inverse_word(G.word(g))) == G.inv(g)


# ---------------------------------------------------------------- explicit enumeration, helpers
def test_enumerate_elements_reports_progress() -> None:
    G = rk.Group.from_permutations({"c": [1, 2, 3, 4, 5, 0], "t": [1, 0, 2, 3, 4, 5]})
    counts: list[int] = []
    assert G.enumerate_elements(progress=counts.append) is G
    assert G.is_enumerated and counts == sorted(counts) and counts[-1] == 720
    assert G.enumerate_elements() is G                  # idempotent, nothing recomputed
    snaps: list = []
    H = rk.Group.from_presentation("<a, b | a^2, b^3, (a b)^5>", progress=snaps.append)
    assert H.order == 60 and snaps                       # Todd-Coxeter reported at least once


def test_has_presentation_and_matrix_of() -> None:
    G = rk.Group.from_matrices({"a": [[0, -1], [1, 0]], "b": [[1, 0], [0, -1]]})
    assert not G.has_presentation
    a, b = G.matrix_generators
    for g in G.elements:
        w = G.word(g)
        assert G.matrix_of(g) == G.matrix_of(w)
    assert G.matrix_of("a^-1 b") == a.inverse() @ b and G.matrix_of(0).is_identity()
    mats = {G.matrix_of(g) for g in G.elements}
    assert len(mats) == 8                                 # faithful: 8 distinct matrices
    assert G.presentation and G.has_presentation
    with pytest.raises(rk.NotAnElementError, match="not given by matrices"):
        rk.Group.from_presentation(D4).matrix_of(1)


def test_standardize_table_rejects_bad_tables() -> None:
    with pytest.raises(rk.NotAnElementError, match="shape"):
        standardize_table(np.zeros((2, 3), dtype=int))
    with pytest.raises(rk.NotAnElementError, match="entries must lie"):
        standardize_table(np.array([[0, 5]]))
    with pytest.raises(rk.NotAnElementError, match="reachable"):
        standardize_table(np.array([[0, 0], [1, 1]]))


def test_trivial_groups() -> None:
    for G in (rk.Group.from_presentation("<a | a>"), rk.Group.from_permutations({}),
              rk.Group.from_matrices({"m": [[1]]})):
        assert G.order == 1 and G.conjugacy_classes() == ((0,),) and G.exponent == 1
        assert G.word(0) == () and G.word_str(0) == "1" and G.center().order == 1


def test_direct_construction_is_validated() -> None:
    with pytest.raises(rk.RepkitError, match="from_presentation / from_permutations"):
        rk.FiniteGroup(("a",))
    with pytest.raises(rk.ShapeError, match=r"expected shape \(order, 2\)"):
        rk.FiniteGroup(("a",), _table=np.zeros((1, 4), dtype=int))
    with pytest.raises(rk.UnknownGeneratorError, match="one per generator"):
        rk.FiniteGroup(("a", "b"), _permutations=((0,),))
    with pytest.raises(ValueError, match="max_order: expected a positive int"):
        rk.Group.from_permutations({"s": [1, 0]}, max_order=0)
    assert rk.FiniteGroup(()).order == 1


# ---------------------------------------------------------------- random presentations


@given(finite_presentations_with_order(max_order=60))
@settings(max_examples=40, deadline=None)
def test_random_presentations_enumerate_consistently(data) -> None:
    P, order = data
    G = rk.Group.from_presentation(P)
    assert G.order == order
    assert all(G.element(rel) == 0 for rel in P.relators)             # relators hold
    keys = [shortlex_key(G.word(g)) for g in G.elements]
    assert keys == sorted(keys) and len(set(keys)) == order           # shortlex numbering
    inv = G.inverse_array
    assert np.array_equal(inv[inv], np.arange(order))
    assert sum(G.class_sizes) == order


@given(permutation_generators(max_degree=6, max_gens=3))
@settings(max_examples=40, deadline=None)
def test_random_permutation_groups(perms) -> None:
    G = rk.Group.from_permutations(perms)
    lazy_order = G.order                                              # Schreier-Sims
    assert G.right_table.shape[0] == lazy_order                       # enumeration agrees
    images = {G.permutation_of(g) for g in G.elements}
    assert len(images) == lazy_order                                  # faithful numbering
    H = rk.Group.from_presentation(G.presentation)                    # Cayley relators present G
    assert H.order == lazy_order


@given(family_groups(max_order=120))
@settings(max_examples=20, deadline=None)
def test_family_groups_have_consistent_tables(data) -> None:
    G, order = data
    assert G.order == order
    gens = G.generator_elements
    for c in range(2 * G.ngens):
        x = gens[c // 2] if c % 2 == 0 else G.inv(gens[c // 2])
        assert np.array_equal(G.right_multiply_all(x), G.right_table[:, c])
        assert np.array_equal(G.left_multiply_all(x), G.left_table[:, c])
