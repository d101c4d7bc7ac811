"""Multiplicities and components: ``k * rho`` is ``rho + ... + rho``, copy-major, remembered."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import repkit as rk
from repkit.testing import assert_homomorphism

GROUPS = {
    "S4": lambda: rk.symmetric(4),
    "D5": lambda: rk.dihedral(5),
    "Q8": lambda: rk.quaternion(),
}


def _reps(G: rk.FiniteGroup) -> list[rk.Rep]:
    return [rk.natural(G), rk.trivial(G), rk.regular(G), *G.irreps()[:3]]


@pytest.mark.parametrize("name", sorted(GROUPS))
@pytest.mark.parametrize("k", [1, 2, 5])
def test_k_copies_equal_repeated_sums_and_are_copy_major(name: str, k: int) -> None:
    G = GROUPS[name]()
    for rho in _reps(G):
        many = k * rho
        assert many == rho * k == sum([rho] * k)
        assert many.dim == k * rho.dim
        assert many.components == ((rho, k),) if k > 1 else many is rho
        for g in G.generators:
            # copy c occupies indices c*m .. c*m + m - 1, each a copy of rho(g)
            M, R = many(g), rho(g)
            m = rho.dim
            for c in range(k):
                for d in range(k):
                    block = [[M[c * m + i, d * m + j] for j in range(m)] for i in range(m)]
                    want = R.to_list() if c == d else [[0] * m for _ in range(m)]
                    assert block == want


def test_components_merge_adjacent_and_keep_order() -> None:
    G = rk.symmetric(3)
    V, one, sgn = rk.natural(G), rk.trivial(G), rk.sign(G)
    W = 2 * V + V + one + 3 * sgn + V
    assert [(c, k) for c, k in W.components] == [(V, 3), (one, 1), (sgn, 3), (V, 1)]
    assert W.component_offsets() == (0, 9, 10, 13)
    assert W.dim == 16 and "3x nat" in (W.name or "")
    assert (2 * (V + one)).components == ((V, 1), (one, 1), (V, 1), (one, 1))


@pytest.mark.parametrize("bad", [0, -1, True, 1.5, "2"])
def test_bad_multiplicities_are_refused(bad: object) -> None:
    V = rk.natural(rk.symmetric(3))
    if isinstance(bad, int) and not isinstance(bad, bool):
        with pytest.raises(rk.ShapeError, match="multiplicity"):
            bad * V
    else:
        with pytest.raises(TypeError):
            bad * V


def test_matrix_components_build_images_lazily_and_exactly() -> None:
    rot = rk.dihedral_rotation(5)
    W = 3 * rot + rk.trivial(rot.group)
    assert W._matrices is None                           # nothing built yet
    assert W.field == rot.field and not W.is_permutation()
    assert_homomorphism(W)                               # every relator maps to the identity
    big = W("r").to_list()
    small = rot("r").to_list()
    assert [row[2:4] for row in big[2:4]] == small


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(1, 4)), min_size=1, max_size=4))
def test_character_of_a_sum_is_the_weighted_sum(parts: list[tuple[int, int]]) -> None:
    G = rk.dihedral(4)
    pool = [rk.trivial(G), rk.natural(G), rk.dihedral_rotation(4), rk.regular(G)]
    W = sum((k * pool[i] for i, k in parts), start=0)
    chi = rk.character(W)
    for g in G.elements:
        assert chi(g) == sum(k * rk.character(pool[i])(g) for i, k in parts)
    assert W.dim == sum(k * pool[i].dim for i, k in parts)
    assert np.sum([c.dim * k for c, k in W.components]) == W.dim
