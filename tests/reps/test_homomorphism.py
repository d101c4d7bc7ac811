"""rho(g h) = rho(g) rho(h) for every constructor and every operation (hypothesis)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import repkit as rk
from repkit.testing import assert_homomorphism

from reps_catalog import REPS


@pytest.fixture(scope="module", params=sorted(REPS), ids=str)
def rep(request: pytest.FixtureRequest) -> rk.Rep:
    return REPS[request.param]()


@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_multiplicative_on_random_pairs(rep: rk.Rep, data: st.DataObject) -> None:
    G = rep.group
    g = data.draw(st.integers(0, G.order - 1), label="g")
    h = data.draw(st.integers(0, G.order - 1), label="h")
    assert rep(G.mul(g, h)) == rep(g) @ rep(h)


def test_relators_map_to_identity(rep: rk.Rep) -> None:
    assert_homomorphism(rep)


def test_identity_maps_to_identity_and_inverses_to_inverses(rep: rk.Rep) -> None:
    G = rep.group
    assert rep(0).is_identity()
    for g in range(min(G.order, 12)):
        assert rep(G.inv(g)) == rep(g).inverse()


def test_images_all_agree_with_evaluation(rep: rk.Rep) -> None:
    G = rep.group
    images = rep.images_all()
    assert len(images) == G.order
    assert all(images[g] == rep(g) for g in G.elements)
    assert all(images[G.mul(g, x)] == images[g] @ images[x]
               for g in G.elements for x in G.generator_elements)


def test_text_word_and_element_agree(rep: rk.Rep) -> None:
    G = rep.group
    for g in range(G.order):
        assert rep(G.word_str(g)) == rep(G.word(g)) == rep(g)


@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_permutation_images_compose(data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(sorted(k for k in REPS if REPS[k]().is_permutation())),
                     label="rep")
    rep = REPS[name]()
    G = rep.group
    g = data.draw(st.integers(0, G.order - 1), label="g")
    h = data.draw(st.integers(0, G.order - 1), label="h")
    pg, ph = rep.permutation(g), rep.permutation(h)
    assert np.array_equal(rep.permutation(G.mul(g, h)), pg[ph])     # (g h)(i) = g(h(i))
    table = rep.permutation_images_all()
    assert np.array_equal(table[g], pg)


@pytest.mark.parametrize("degree", [3, 4, 5])
def test_groups_without_a_given_presentation_are_checked_on_every_cayley_edge(degree: int) -> None:
    """S_n from permutations: the sign passes, a map killing s but not c (or vice versa) fails."""
    cycle = list(range(1, degree)) + [0]
    G = rk.Group.from_permutations({"s": [1, 0] + list(range(2, degree)), "c": cycle})
    assert not G.has_given_presentation
    c_sign = -1 if degree % 2 == 0 else 1
    sgn = rk.Rep.from_generators(G, {"s": [[-1]], "c": [[c_sign]]})
    for g in range(G.order):       # the accepted map really is the parity
        perm = G.permutation_of(g)
        parity = sum(1 for i in range(degree) for j in range(i) if perm[j] > perm[i]) % 2
        assert sgn(g) == rk.Matrix([[(-1) ** parity]])
    with pytest.raises(rk.NotAHomomorphismError, match="Cayley-graph relator"):
        rk.Rep.from_generators(G, {"s": [[1]], "c": [[-1]]})    # s ~ every transposition
