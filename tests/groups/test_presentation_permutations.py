"""``Group.from_presentation(text, permutations=...)`` verifies both claims (issue 10, item 9)."""

from __future__ import annotations

import math

import pytest

import repkit as rk


def test_a_proper_quotient_is_refused() -> None:
    with pytest.raises(rk.PresentationMismatchError, match="order 4.*order 2"):
        rk.Group.from_presentation("<a | a^4>", permutations={"a": [1, 0]})


def test_the_refusal_is_a_value_error_and_a_repkit_error() -> None:
    assert issubclass(rk.PresentationMismatchError, rk.RepkitError)
    assert issubclass(rk.PresentationMismatchError, ValueError)


@pytest.mark.parametrize("text,perms", [
    ("<r, f | r^4, f^2, (r f)^2>", {"r": [1, 2, 3, 0], "f": [0, 3, 2, 1]}),
    ("<a | a^5>", {"a": [1, 2, 3, 4, 0]}),
    ("<s, c | s^2, c^3, (s c)^2>", {"s": [1, 0, 2], "c": [1, 2, 0]}),
    ("<a, b | a^2, b^3, (a b)^5>", {"a": [1, 0, 3, 2, 4], "b": [2, 1, 4, 3, 0]}),
], ids=["D4", "Z5", "S3", "A5"])
def test_a_faithful_action_is_accepted(text: str, perms: dict[str, list[int]]) -> None:
    G = rk.Group.from_presentation(text, permutations=perms)
    H = rk.Group.from_presentation(text)
    assert G.order == H.order
    assert G.has_presentation and G.permutation_generators is not None


def test_a_violated_relator_is_still_refused() -> None:
    with pytest.raises(rk.NotAHomomorphismError, match="relator 0"):
        rk.Group.from_presentation("<a | a^3>", permutations={"a": [1, 0]})


def test_the_check_is_bounded_by_max_cosets() -> None:
    with pytest.raises(rk.CosetEnumerationLimitError):
        rk.Group.from_presentation("<a, b | a^2, b^3>", permutations={"a": [1, 0, 2],
                                                                    "b": [1, 2, 0]},
                                   max_cosets=1000)


def test_a_rep_on_the_refused_group_cannot_exist() -> None:
    """The issue's example: E(4) for a generator of order 4 on a group of order 2."""
    with pytest.raises(rk.PresentationMismatchError):
        G = rk.Group.from_presentation("<a | a^4>", permutations={"a": [1, 0]})
        rk.Rep.from_generators(G, {"a": [[rk.E(4)]]})


@pytest.mark.parametrize("n", [5, 16, 64])
def test_families_stay_lazy(n: int) -> None:
    G = rk.symmetric(n)                              # no coset enumeration of n! cosets
    assert G.order == math.factorial(n) and not G.is_enumerated
