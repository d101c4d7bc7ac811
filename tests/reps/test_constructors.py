"""The standard constructors: trivial, sign, regular, permutation, quotient, natural, characters."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import repkit as rk
from repkit.exact import E, Matrix
from repkit.reps._perm import parity


def test_translation_matrix_of_z4_is_the_regular_generator() -> None:
    """T e_i = e_{i+1 mod 4} equals rho_reg(t) with the elements listed as 1, t, t^2, t^3."""
    G = rk.cyclic(4)
    t = G.generators[0]
    rho = rk.regular(G)
    order = [G.element(w) for w in ("1", t, f"{t}^2", f"{t}^3")]
    P = Matrix.permutation(order)             # new basis vector k is e_{order[k]}
    T = Matrix([[1 if i == (j + 1) % 4 else 0 for j in range(4)] for i in range(4)])
    assert P.inverse() @ rho(t) @ P == T
    assert T == Matrix.permutation([1, 2, 3, 0])


@pytest.mark.parametrize("n", [2, 3, 4, 5, 6])
def test_sign_of_symmetric_group_is_parity(n: int) -> None:
    G = rk.symmetric(n)
    s = rk.sign(G)
    for g in G.elements:
        perm = np.asarray(G.permutation_of(g))
        assert s(g)[0, 0] == (-1) ** parity(perm)
    assert s.kernel().order == math.factorial(n) // 2


def test_sign_of_presented_groups() -> None:
    d4 = rk.Group.from_presentation("<r, f | r^4, f^2, (r f)^2>")
    s = rk.sign(d4)                           # least solution: r -> 1, f -> -1
    assert s("r")[0, 0] == 1 and s("f")[0, 0] == -1
    d5 = rk.Group.from_presentation("<r, f | r^5, f^2, (r f)^2>")
    assert rk.sign(d5)("f")[0, 0] == -1 and rk.sign(d5)("r")[0, 0] == 1
    z6 = rk.Group.from_presentation("<a | a^6>")
    assert rk.sign(z6)("a")[0, 0] == -1
    coxeter_s3 = rk.Group.from_presentation("<a, b | a^2, b^2, (a b)^3>")
    assert rk.sign(coxeter_s3)("a")[0, 0] == rk.sign(coxeter_s3)("b")[0, 0] == -1


@pytest.mark.parametrize("text", ["<a | a^5>", "<a, b | a^2, b^3, (a b)^5>", "<a, b | a^3, b^3, (a b)^3, [a, b]>"],
                         ids=["Z5", "A5", "Z3xZ3"])
def test_no_sign_raises(text: str) -> None:
    with pytest.raises(rk.NoSuchRepresentationError, match="no homomorphism onto"):
        rk.sign(rk.Group.from_presentation(text))


def test_sign_of_even_permutation_group_falls_back_to_presentation() -> None:
    A4 = rk.alternating(4)
    with pytest.raises(rk.NoSuchRepresentationError):
        rk.sign(A4)
    V = rk.Group.from_permutations({"a": [1, 0, 3, 2], "b": [2, 3, 0, 1]})   # even, but Z2 x Z2
    s = rk.sign(V)
    assert s.image_order() == 2 and s.kernel().order == 2


@pytest.mark.parametrize("make", [lambda: rk.dihedral(6), rk.quaternion, lambda: rk.symmetric(4),
                                  lambda: rk.translations((3, 4))],
                         ids=["D6", "Q8", "S4", "Z3xZ4"])
def test_regular_rep_is_left_multiplication_and_faithful(make) -> None:  # noqa: ANN001
    G = make()
    rho = rk.regular(G)
    assert rho.dim == G.order and rho.is_permutation()
    for x in G.elements:
        p = rho.permutation(x)
        assert all(int(p[h]) == G.mul(x, h) for h in G.elements)    # rho(x) e_h = e_{x h}
    assert rho.is_faithful() and rho.kernel().order == 1 and rho.image_order() == G.order
    assert rho.faithfulness().ratio == 1


class TestPermutationRep:
    def test_bad_lists(self) -> None:
        G = rk.dihedral(4)
        good = {"r": [1, 2, 3, 0], "f": [0, 3, 2, 1]}
        cases = [
            ({"r": [1, 2, 3, 3], "f": good["f"]}, "3 appears twice and 0 never"),
            ({"r": [1, 2, 3, 4], "f": good["f"]}, "points in 0..3"),
            ({"r": [1, 2, 3, -1], "f": good["f"]}, "points in 0..3"),
            ({"r": [1, 2, 3, 0], "f": [0, 2, 1]}, "length 4"),
            ({"r": [1.0, 2, 3, 0], "f": good["f"]}, r"images\['r'\]\[0\]: expected an int"),
            ({"r": "1230", "f": good["f"]}, "expected a list of ints"),
            ({"r": np.array([[1, 2], [3, 0]]), "f": good["f"]}, "1-d integer array"),
        ]
        for images, message in cases:
            with pytest.raises(rk.InvalidPermutationError, match=message):
                rk.permutation_rep(G, images)

    def test_names(self) -> None:
        G = rk.dihedral(4)
        with pytest.raises(rk.MissingImageError):
            rk.permutation_rep(G, {"r": [1, 2, 3, 0]})
        with pytest.raises(rk.UnknownGeneratorError):
            rk.permutation_rep(G, {"r": [1, 2, 3, 0], "f": [0, 3, 2, 1], "s": [0, 1, 2, 3]})

    def test_not_a_homomorphism(self) -> None:
        G = rk.dihedral(4)
        with pytest.raises(rk.NotAHomomorphismError, match=r"relator 0 \(r\^4\) maps to \[1, 2, 0\]"):
            rk.permutation_rep(G, {"r": [1, 2, 0], "f": [0, 2, 1]})

    def test_image_list_convention(self) -> None:
        G = rk.cyclic(3)
        rho = rk.permutation_rep(G, {G.generators[0]: [1, 2, 0]})
        M = rho(G.generators[0])
        assert M[1, 0] == 1 and M[2, 1] == 1 and M[0, 2] == 1      # e_i -> e_{p[i]}

    def test_large_lazy_group_is_not_enumerated(self) -> None:
        n = 64
        S = rk.symmetric(n)
        parity_images = {"s": [1, 0], "c": [1, 0] if n % 2 == 0 else [0, 1]}
        rho = rk.permutation_rep(S, parity_images)
        assert rho.image_order() == 2 and not S.is_enumerated
        nat = rk.natural(S)
        assert nat.is_faithful() and nat.image_order() == math.factorial(n) and not S.is_enumerated
        assert rk.faithfulness(nat).kernel_order == 1 and not S.is_enumerated

    def test_group_from_permutations_checked_by_graph_order(self) -> None:
        gens = {"s": [1, 0] + list(range(2, 9)), "c": list(range(1, 9)) + [0]}
        S9 = rk.Group.from_permutations(gens)
        rho = rk.permutation_rep(S9, {"s": [1, 0], "c": [0, 1]})        # parity of a 9-cycle: even
        assert rho.image_order() == 2 and not S9.is_enumerated
        small = rk.Group.from_permutations({"s": [1, 0, 2, 3], "c": [1, 2, 3, 0]})
        with pytest.raises(rk.NotAHomomorphismError, match="relator"):
            rk.permutation_rep(small, {"s": [1, 0], "c": [0, 1]})        # the 4-cycle is odd


def test_quotient_rep_acts_on_left_cosets() -> None:
    G = rk.symmetric(4)
    H = G.subgroup(["s", "c^2"])
    rho = rk.quotient_rep(G, H)
    cosets = H.left_cosets()
    assert rho.dim == len(cosets) == H.index
    for x in G.elements:
        p = rho.permutation(x)
        for i, coset in enumerate(cosets):
            assert G.mul(x, coset[0]) in cosets[int(p[i])]
    with pytest.raises(rk.NotASubgroupError):
        rk.quotient_rep(rk.alternating(4), H)


def test_natural_reps() -> None:
    assert rk.natural(rk.dihedral(5)).dim == 5
    M = rk.Group.from_matrices({"a": [[0, -1], [1, 0]]})
    nat = rk.natural(M)
    assert nat.dim == 2 and nat.is_faithful()
    with pytest.raises(rk.NoSuchRepresentationError, match="presentation alone"):
        rk.natural(rk.Group.from_presentation("<a | a^3>"))


@pytest.mark.parametrize("d", range(1, 13))
def test_cyclic_characters_faithful_iff_coprime(d: int) -> None:
    G = rk.cyclic(d)
    for k in range(d):
        rho = rk.cyclic_character(G, k)
        assert rho(G.generators[0])[0, 0] == E(d) ** k
        assert rho.is_faithful() == (math.gcd(k, d) == 1)
        assert rho.image_order() == d // math.gcd(k, d)


def test_cyclic_character_needs_one_generator() -> None:
    with pytest.raises(rk.NoSuchRepresentationError, match="one generator"):
        rk.cyclic_character(rk.dihedral(3), 1)


@settings(max_examples=20, deadline=None)
@given(n=st.integers(1, 12), data=st.data())
def test_dihedral_rotation_is_rotation(n: int, data: st.DataObject) -> None:
    rho = rk.dihedral_rotation(n)
    k = data.draw(st.integers(0, n - 1))
    R = rho(f"r^{k}")
    c, s = R[0, 0], R[1, 0]
    assert R[1, 1] == c and R[0, 1] == -s and c * c + s * s == 1
    z = E(n) ** k
    assert c == (z + z ** -1) / 2 and s == (z - z ** -1) / (2 * E(4))
    assert rho.is_faithful()              # D_1 and D_2 too: r^k f^e have distinct images


def test_dihedral_rotation_on_given_group() -> None:
    G = rk.dihedral(7)
    rho = rk.dihedral_rotation(G)
    assert rho.group is G and (rho + rk.sign(G)).dim == 3
    with pytest.raises(rk.NoSuchRepresentationError):
        rk.dihedral_rotation(rk.symmetric(3))


@pytest.mark.parametrize("n", [2, 3, 4, 5])
def test_standard_is_natural_minus_trivial(n: int) -> None:
    G = rk.symmetric(n)
    std, nat = rk.standard(G), rk.natural(G)
    for g in G.elements:
        assert std(g).trace() == nat(g).trace() - 1
    # the basis f_i = e_i - e_{n-1} intertwines: nat(g) B = B std(g)
    B = Matrix([[1 if i == j else (-1 if i == n - 1 else 0) for j in range(n - 1)] for i in range(n)])
    from repkit.testing import assert_intertwines
    assert_intertwines(B, std, nat)
    with pytest.raises(rk.NoSuchRepresentationError):
        rk.standard(1)


def test_trivial() -> None:
    G = rk.quaternion()
    rho = rk.trivial(G, dim=3)
    assert rho.dim == 3 and all(rho(g).is_identity() for g in G.elements)
    assert rho.kernel().order == G.order and rho.image_order() == 1
    with pytest.raises(rk.ShapeError):
        rk.trivial(G, dim=0)
