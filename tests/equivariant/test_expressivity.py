"""The expressivity report: which hidden components can reach the output, decided from characters."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings, strategies as st

import repkit as rk
from repkit.equivariant import choose_nonlinearities, component_content, expressivity


def _d4():
    rot = rk.dihedral_rotation(4)
    return rot.group, rot


def test_irreducible_hidden_with_norms_cannot_reach_an_invariant_output() -> None:
    G, rot = _d4()
    irr = G.irreps()
    hidden = 4 * rot + 2 * irr[1] + 3 * rk.trivial(G)
    report = expressivity(rk.natural(G), [hidden, hidden], rk.trivial(G))
    reach = {(r.layer, r.name): r.reaches_output for r in report.rows}
    assert reach[(0, rot.name)] is False and reach[(1, rot.name)] is False
    assert reach[(0, "1")] is True
    with pytest.raises(rk.UnreachableComponentError, match="never reach"):
        report.check()
    report.check(allow_unreachable=True)


def test_regular_hidden_reaches_everything() -> None:
    G, rot = _d4()
    for hidden in ([rk.regular(G)], [8 * rk.regular(G), 4 * rk.regular(G)], [4 * rot, rk.regular(G)]):
        report = expressivity(rk.natural(G), hidden, rk.trivial(G))
        assert report.unreachable == ()
        report.check()


def test_equivariant_output_is_reached_by_matching_irreducibles() -> None:
    G, rot = _d4()
    report = expressivity(rot, [4 * rot + rk.trivial(G)], rot)
    assert [r.reaches_output for r in report.rows] == [True, False]


@pytest.mark.parametrize("make", [rk.natural, rk.regular, rk.trivial])
def test_content_is_the_support_of_the_decomposition(make) -> None:
    G, _ = _d4()
    rho = make(G)
    mult = rho.decompose().multiplicities
    assert component_content(rho) == frozenset(i for i, m in enumerate(mult) if m)


def test_auto_choice_follows_the_exact_pointwise_verdict() -> None:
    G, rot = _d4()
    C2 = rk.cyclic(2)
    scaled = rk.Rep.from_generators(C2, {"t": rk.Matrix([[0, 2], [Fraction(1, 2), 0]])})
    assert rk.pointwise_safe(scaled).kind == "positive_monomial"
    assert choose_nonlinearities(scaled) == ("pointwise",)
    assert choose_nonlinearities(rk.regular(G) + rot) == ("pointwise", "norm")
    assert choose_nonlinearities(rot, "gated") == ("gated",)
    with pytest.raises(rk.InvalidOptionError, match="nonlinearity"):
        choose_nonlinearities(rot, "relu")


def _reference(rho_in, hidden, rho_out, kinds):
    """The reach rule with every content computed from the character table."""
    out = frozenset().union(*(component_content(c) for c, _ in rho_out.components))
    result = []
    for l_, h in enumerate(hidden):
        for idx, (c, _) in enumerate(h.components):
            carried = {idx: component_content(c)}
            for later in range(l_ + 1, len(hidden)):
                total = frozenset().union(*carried.values())
                carried = {}
                for j, (d, _) in enumerate(hidden[later].components):
                    arriving = total & component_content(d)
                    if arriving:
                        carried[j] = component_content(d) if kinds[later][j] == "pointwise" else arriving
            final = frozenset().union(*carried.values()) if carried else frozenset()
            result.append(bool(final & out))
    return result


@settings(max_examples=30, deadline=None)
@given(st.lists(st.lists(st.tuples(st.integers(0, 5), st.integers(1, 3)), min_size=1, max_size=3),
                min_size=1, max_size=3),
       st.integers(0, 5))
def test_exact_reach_rule_agrees_with_the_character_computation(layers, out_index) -> None:
    G, rot = _d4()
    irr = G.irreps()
    pool = [rk.trivial(G), rk.natural(G), rot, irr[1], irr[2], rk.quotient_rep(G, G.subgroup(["f"]))]
    hidden = [sum((k * pool[i] for i, k in layer), start=0) for layer in layers]
    rho_out = pool[out_index]
    report = expressivity(rk.natural(G), hidden, rho_out)
    kinds = [choose_nonlinearities(h) for h in hidden]
    assert [r.reaches_output for r in report.rows] == _reference(rk.natural(G), hidden, rho_out, kinds)


def test_large_groups_need_no_character_table() -> None:
    G = rk.symmetric(16)
    V = rk.natural(G)
    report = expressivity(V, [64 * V, 64 * V], rk.trivial(G))
    assert report.unreachable == () and [r.nonlinearity for r in report.rows] == ["pointwise"] * 2
