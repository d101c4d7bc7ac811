"""Interop: SymPy and GAP round trips, the action conventions, GAP itself, EMLP in and out."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sympy.combinatorics import Permutation, PermutationGroup

import repkit as rk
from repkit.interop import (basis_to_emlp, character_table_from_gap, character_table_to_gap,
                            cycles_to_permutation, group_from_emlp, permutation_to_cycles,
                            save_emlp_basis)

from gap_data import DATA

FAMILIES = {
    "C6": lambda: rk.cyclic(6), "D4": lambda: rk.dihedral(4), "D5": lambda: rk.dihedral(5),
    "Q8": rk.quaternion, "Dic3": lambda: rk.dicyclic(3), "S4": lambda: rk.symmetric(4),
    "A4": lambda: rk.alternating(4), "A5": lambda: rk.alternating(5),
    "Z2xZ3": lambda: rk.translations((2, 3)),
    "D3xC2": lambda: rk.direct_product(rk.dihedral(3), rk.cyclic(2)),
}
PRESENTATIONS = ["<r, f | r^4, f^2, (r f)^2>", "<a, b | a^2, b^3, (a b)^5>", "<a | a^7>",
                 "<x, y | x^2 = y^2 = (x y)^3 = e>", "<a, b | a^4, b^2 = a^2, b^-1 a b = a^-1>",
                 "<a, b, c | a^3, b^2, (a b)^2, c = a b>"]


def _from_presentation_alone(G):
    return rk.Group.from_presentation(G.presentation)


def _from_permutations_alone(G):
    return rk.Group.from_permutations(dict(zip(G.generators, map(list, G.permutation_generators))))


def _sympy_word(P, word):
    gens = P.generators
    out = Permutation(list(range(P.degree)))
    for letter in word:
        out = out * (gens[abs(letter) - 1] if letter > 0 else ~gens[abs(letter) - 1])
    return out


# ------------------------------------------------------------------ SymPy
@pytest.mark.parametrize("text", PRESENTATIONS)
def test_sympy_fp_round_trip_is_an_equal_group(text: str) -> None:
    G = rk.Group.from_presentation(text)
    F = G.to_sympy()
    assert type(F).__name__ == "FpGroup"
    assert [str(s) for s in F.free_group.symbols] == list(G.generators)
    H = rk.Group.from_sympy(F)
    assert H == G and H.order == G.order


@pytest.mark.parametrize("name", FAMILIES)
def test_sympy_permutation_round_trip_and_relators(name: str) -> None:
    G = FAMILIES[name]()
    P = G.to_sympy(kind="permutation")
    assert P.order() == G.order
    for relator in G.presentation.relators:               # same words, same meaning
        assert _sympy_word(P, relator).is_Identity
    H = rk.Group.from_sympy(P, names=G.generators)
    assert H == _from_permutations_alone(G)
    assert rk.Group.from_sympy(G.to_sympy(kind="fp")) == _from_presentation_alone(G)


@pytest.mark.parametrize("name", FAMILIES)
def test_words_map_to_inverse_sympy_permutations(name: str) -> None:
    G = FAMILIES[name]()
    P = G.to_sympy(kind="permutation")
    for g in list(G.elements)[:40]:
        word = G.word(g)
        assert list(G.permutation_of(word)) == (~_sympy_word(P, word)).array_form


def test_without_inversion_a_relator_would_fail() -> None:
    """The inversion matters: c = a b read on SymPy's lists as functions is false."""
    a, b = Permutation([1, 2, 0]), Permutation([1, 0, 2])
    S3 = rk.Group.from_presentation("<a, b, c | a^3, b^2, (a b)^2, c = a b>")
    P = PermutationGroup([a, b, a * b])
    G = rk.Group.from_sympy(P, names=("a", "b", "c"))
    assert rk.permutation_rep(S3, dict(zip("abc", map(list, G.permutation_generators)))).dim == 3
    with pytest.raises(rk.NotAHomomorphismError):
        rk.permutation_rep(S3, {"a": a.array_form, "b": b.array_form, "c": (a * b).array_form})


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 7).flatmap(lambda n: st.lists(st.permutations(list(range(n))), min_size=1,
                                                    max_size=3, unique_by=tuple).filter(
    lambda ps: all(list(p) != sorted(p) for p in ps))))
def test_random_permutation_groups_round_trip_through_sympy_and_gap(perms) -> None:
    names = tuple(f"g{i + 1}" for i in range(len(perms)))
    G = rk.Group.from_permutations(dict(zip(names, perms)))
    assert rk.Group.from_sympy(G.to_sympy(), names=names) == G
    assert rk.Group.from_gap(G.to_gap()) == G
    assert G.to_sympy().order() == G.order


def test_sympy_errors() -> None:
    with pytest.raises(rk.NotAPresentationError, match="FpGroup or PermutationGroup"):
        rk.Group.from_sympy("<a | a^2>")
    with pytest.raises(rk.NotAPresentationError, match="expected 2 names"):
        rk.Group.from_sympy(PermutationGroup([Permutation([1, 0, 2]), Permutation([0, 2, 1])]),
                            names=("a",))
    same = rk.Group.from_permutations({"a": [1, 0], "b": [1, 0]})
    with pytest.raises(rk.IncompatibleGroupError, match="drops identity and repeated"):
        same.to_sympy()
    assert rk.Group.from_gap(same.to_gap()) == same        # GAP text keeps both
    with pytest.raises(rk.InvalidOptionError, match="kind"):
        rk.dihedral(3).to_sympy(kind="matrix")


# ------------------------------------------------------------------ GAP text
@pytest.mark.parametrize("text", PRESENTATIONS)
def test_gap_fp_round_trip(text: str) -> None:
    G = rk.Group.from_presentation(text)
    assert rk.Group.from_gap(G.to_gap()) == G


@pytest.mark.parametrize("name", FAMILIES)
def test_gap_permutation_round_trip(name: str) -> None:
    G = FAMILIES[name]()
    assert rk.Group.from_gap(G.to_gap(kind="permutation")) == _from_permutations_alone(G)
    assert rk.Group.from_gap(G.to_gap(kind="fp")) == _from_presentation_alone(G)


@given(st.integers(1, 9).flatmap(lambda n: st.permutations(list(range(n)))))
def test_cycle_notation_round_trip(p) -> None:
    assert cycles_to_permutation(permutation_to_cycles(p), len(p)) == list(p)


def test_gap_forms_gap_itself_prints() -> None:
    assert rk.Group.from_gap("Group([ (1,2,3,4,5), (1,2) ])").order == 120
    assert rk.Group.from_gap("Group( (1,2)(3,4), (1,3) )").order == 8
    G = rk.Group.from_gap('F := FreeGroup( "a", "b" );; G := F / [ F.1^2, F.2^3, (F.1*F.2)^3 ];')
    assert G.order == 12 and G.generators == ("a", "b")
    H = rk.Group.from_gap('f := FreeGroup("x", "y");; x := f.1;; y := f.2;;\n'
                          'g := f / [ x^2, y^2, (x*y)^4, x^y*x^-1 ];')
    assert H.order == 4                           # x^y = y^-1 x y, GAP's conjugation


@pytest.mark.parametrize("text, match", [
    ("Group([ (1,2), (1,x) ])", "generator 2"),
    ("Group([ (1,2)(2,3) ])", "disjoint"),
    ("Group([ (1,2) ]", "closing bracket"),
    ("Grp((1,2))", "expected 'Group"),
    ('F := FreeGroup("a");; G := F / [ F.2^2 ];', "F.2 is not a generator"),
    ('F := FreeGroup("a");; G := F / [ a^ ];', "do not parse"),
    ('F := FreeGroup(2);; G := F / [ ];', "quoted names"),
    ('F := FreeGroup("a");;', "quotient"),
])
def test_gap_text_errors_give_the_position(text: str, match: str) -> None:
    with pytest.raises(rk.GapSyntaxError, match=match) as info:
        rk.Group.from_gap(text)
    assert isinstance(info.value, ValueError)


# ------------------------------------------------------------------ character tables as GAP text
@pytest.mark.parametrize("name", FAMILIES)
def test_character_table_gap_text_round_trip(name: str) -> None:
    T = FAMILIES[name]().character_table()
    data = character_table_from_gap(character_table_to_gap(T))
    assert data["irr"] == T.values
    assert data["centralizer_orders"] == T.centralizer_orders
    assert data["element_orders"] == T.element_orders
    assert data["class_names"] == T.class_names


def test_character_table_gap_errors() -> None:
    with pytest.raises(rk.GapSyntaxError, match="not a GAP cyclotomic"):
        character_table_from_gap("[ [ 1, E(3 ] ]")
    with pytest.raises(rk.GapSyntaxError, match="equal length"):
        character_table_from_gap("[ [ 1, 1 ], [ 1 ] ]")
    with pytest.raises(rk.GapSyntaxError, match="expected a list of rows"):
        character_table_from_gap("nothing here")


# ------------------------------------------------------------------ against GAP itself
REFERENCE = json.loads((DATA / "interop_gap.json").read_text(encoding="utf-8"))["groups"]


@pytest.mark.gap
@pytest.mark.parametrize("record", REFERENCE, ids=lambda r: r["name"])
def test_gap_reads_our_text_as_the_same_group(record) -> None:
    """GAP (tests/data/make_interop_gap.py) read exactly the text repkit writes today."""
    G = eval(record["expr"], {"rk": rk})                 # noqa: S307 - the committed table
    assert G.to_gap(kind="fp") == record["fp_text"]
    assert G.to_gap(kind="permutation") == record["perm_text"]
    assert character_table_to_gap(G.character_table()) == record["table_text"]
    verdict = record["gap"]
    assert verdict["fp_order"] == verdict["perm_order"] == G.order
    assert verdict["relators_hold"] is True            # the inversion is right, says GAP
    assert verdict["table_consistent"] is True and verdict["table_matches_gap"] is True
    ours = sorted(sorted(map(str, row)) for row in G.character_table().values)
    theirs = sorted(sorted(map(str, row)) for row in character_table_from_gap(verdict["gap_irr"])["irr"])
    assert ours == theirs                               # GAP's own printed values parse


# ------------------------------------------------------------------ EMLP
def test_emlp_permutation_groups_come_in_exactly() -> None:
    n = 5
    swap = np.eye(n)[[1, 0, 2, 3, 4]]
    cycle = np.roll(np.eye(n), 1, axis=0)
    G = group_from_emlp(np.stack([swap, cycle]))
    assert G.order == 120
    V = rk.natural(G)
    for M, image in zip((swap, cycle), V.images):
        assert np.array_equal(np.array(image.to_list(), dtype=float), M)   # same matrices

    class FakeEmlpGroup:                                 # the attributes EMLP's groups have
        discrete_generators = np.stack([cycle])
        lie_algebra = np.zeros((0, n, n))

    assert group_from_emlp(FakeEmlpGroup()).order == n


def test_emlp_matrix_group_and_refusals() -> None:
    G = group_from_emlp(np.array([[[0.0, -1.0], [1.0, 0.0]]]))      # rotation by 90 degrees
    assert G.order == 4 and G.matrix_generators is not None

    class Continuous:
        discrete_generators = np.zeros((0, 2, 2))
        lie_algebra = np.array([[[0.0, -1.0], [1.0, 0.0]]])

    with pytest.raises(rk.IncompatibleGroupError, match="Lie algebra"):
        group_from_emlp(Continuous())
    with pytest.raises(rk.ExactnessError, match=r"generators\[0\]\[0\]\[0\]"):
        group_from_emlp(np.array([[[np.cos(2 * np.pi / 5), -np.sin(2 * np.pi / 5)],
                                   [np.sin(2 * np.pi / 5), np.cos(2 * np.pi / 5)]]]))
    with pytest.raises(rk.ExactnessError):
        group_from_emlp(np.array([[[np.nan]]]))
    with pytest.raises(rk.ShapeError, match=r"\(k, n, n\)"):
        group_from_emlp(np.zeros((2, 3, 4)))
    with pytest.raises(rk.ShapeError, match="names"):
        group_from_emlp(np.eye(2)[None], names=("a", "b"))


@pytest.mark.parametrize("name", ["C6", "D4", "S4", "A4"])
def test_emlp_basis_layout_spans_the_equivariant_maps(name: str, tmp_path) -> None:
    G = FAMILIES[name]()
    V = rk.natural(G)
    B = rk.equivariant_basis(V, V)
    Q = basis_to_emlp(B)
    m = V.dim
    assert Q.shape == (m * m, B.dim)
    stack = B.to_numpy(np.float64)
    for k in range(B.dim):                              # column k is basis map k, row-major
        assert np.array_equal(Q[:, k].reshape(m, m), stack[k])
    Qo = basis_to_emlp(B, orthonormal=True)
    assert np.allclose(Qo.T @ Qo, np.eye(B.dim))
    assert np.linalg.matrix_rank(np.hstack([Q, Qo])) == B.dim       # the same span
    path = tmp_path / "q.npy"
    save_emlp_basis(B, str(path))
    assert np.array_equal(np.load(path, allow_pickle=False), Q)
    assert [p.name for p in tmp_path.iterdir()] == ["q.npy"]        # no temporary left behind


def test_emlp_save_failures_are_errors(tmp_path) -> None:
    B = rk.equivariant_basis(rk.regular(rk.cyclic(2)), rk.regular(rk.cyclic(2)))
    with pytest.raises(rk.FileWriteError, match="cannot write"):
        save_emlp_basis(B, str(tmp_path / "missing" / "q.npy"))
    with pytest.raises(rk.InvalidOptionError, match="dtype"):
        basis_to_emlp(B, dtype=np.int64)


# ------------------------------------------------------------------ against EMLP itself
EMLP_REFERENCE = json.loads((DATA / "emlp_reference.json").read_text(encoding="utf-8"))["groups"]
EMLP_ORDERS = {"S(4)": 24, "Z(5)": 5, "S(3)": 6}


@pytest.mark.parametrize("record", [r for r in EMLP_REFERENCE if r["name"] in EMLP_ORDERS],
                         ids=lambda r: r["name"])
def test_emlp_groups_and_bases_agree_with_emlp(record) -> None:
    """EMLP's stored generators come in exactly; our basis spans EMLP's (make_emlp_reference.py)."""
    gens = np.array(record["generators"], dtype=record["dtype"])
    G = group_from_emlp(gens)
    assert G.order == EMLP_ORDERS[record["name"]]
    V = rk.natural(G)
    for M, image in zip(gens, V.images):                    # natural(G) is EMLP's representation
        assert np.array_equal(np.array(image.to_list(), dtype=M.dtype), M)
    for label, rho_in in (("V->V", V), ("V2->V", V @ V)):
        ours = basis_to_emlp(rk.equivariant_basis(rho_in, V))
        theirs = np.array(record[label], dtype=np.float64).reshape(ours.shape[0], -1)
        assert ours.shape[1] == theirs.shape[1]             # the same dimension
        both = np.linalg.matrix_rank(np.hstack([ours, theirs]), tol=1e-4)
        assert both == ours.shape[1]                        # ... and the same span (float32 Q)


def test_emlp_rotation_generators_are_refused_as_inexact() -> None:
    record = next(r for r in EMLP_REFERENCE if r["name"] == "D(4)")
    with pytest.raises(rk.ExactnessError, match="exact integer"):
        group_from_emlp(np.array(record["generators"]))          # cos(pi/2) = 6.1e-17 in EMLP


def test_emlp_lazy_operators_are_densified() -> None:
    class LazyPerm:                                           # the interface of EMLP's LazyPerm
        def __init__(self, perm):
            self.perm = np.asarray(perm)

        def to_dense(self):
            return np.eye(len(self.perm))[self.perm]

    class Group:
        discrete_generators = [LazyPerm([1, 0, 2, 3]), LazyPerm([1, 2, 3, 0])]
        lie_algebra = []

    G = group_from_emlp(Group())
    assert G.order == 24
    for lazy, image in zip(Group.discrete_generators, rk.natural(G).images):
        assert np.array_equal(np.array(image.to_list(), dtype=float), lazy.to_dense())
