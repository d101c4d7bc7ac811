"""Kernels, image orders and faithfulness, checked against brute force."""

from __future__ import annotations

import math

import pytest

import repkit as rk
from repkit.exact import Matrix

from reps_catalog import REPS


@pytest.mark.parametrize("name", sorted(REPS), ids=str)
def test_kernel_is_exactly_the_elements_mapping_to_identity(name: str) -> None:
    rho = REPS[name]()
    G = rho.group
    images = rho.images_all()
    brute = tuple(g for g in G.elements if images[g].is_identity())
    K = rho.kernel()
    assert K.elements == brute and K.is_normal()
    assert rho.image_order() == len(set(images)) == G.order // K.order
    report = rho.faithfulness()
    assert (report.kernel_order, report.image_order) == (K.order, rho.image_order())
    assert report.ratio * G.order == report.image_order
    assert report.is_faithful == rho.is_faithful() == (K.order == 1)
    assert len(K.generators) <= max(1, math.ceil(math.log2(max(K.order, 2))))


@pytest.mark.parametrize(("make", "gens"), [
    (lambda: rk.symmetric(4), ["s"]),
    (lambda: rk.symmetric(4), ["s", "c^2"]),
    (lambda: rk.symmetric(4), ["c^2", "s c^2 s"]),
    (lambda: rk.dihedral(6), ["r^3"]),
    (lambda: rk.dihedral(6), ["f"]),
    (rk.quaternion, [rk.quaternion().generators[0]]),
], ids=["S4-s", "S4-D4", "S4-V4", "D6-r3", "D6-f", "Q8-i"])
def test_kernel_of_quotient_rep_is_the_core(make, gens) -> None:  # noqa: ANN001
    G = make()
    H = G.subgroup(gens)
    assert rk.quotient_rep(G, H).kernel() == H.core()


def test_kernel_of_matrix_rep_via_image_group() -> None:
    G = rk.dihedral(6)
    rho = rk.dihedral_rotation(G) @ rk.dihedral_rotation(G)      # -1 = r^3 acts trivially
    K = rho.kernel()
    assert K.order == 2 and K.contains("r^3") and rho.image_order() == 6


def test_faithful_permutation_rep_needs_no_enumeration() -> None:
    G = rk.symmetric(12)
    rho = rk.natural(G) + rk.trivial(G)
    assert rho.is_faithful() and not G.is_enumerated
    assert rho.kernel().generators == ()


def test_image_order_bound() -> None:
    rho = rk.Rep.from_generators(rk.cyclic(50), [Matrix([[-1]])])
    assert rho.image_order() == 2 and rho.kernel().order == 25
    big = rk.cyclic_character(60, 1)
    with pytest.raises(rk.GroupTooLargeError, match="max_order"):
        rk.image_order(big, max_order=10)


def test_cached_per_instance() -> None:
    G = rk.dihedral(5)
    a, b = rk.regular(G), rk.regular(G)
    assert a.kernel() is a.kernel()
    assert "_kernel" not in b.__dict__
