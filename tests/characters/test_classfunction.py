"""Class functions: validation, pointwise algebra, inner products, characters of reps."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest

import repkit as rk
from repkit.characters import ClassFunction, character, inner_product

from character_families import SMALL_IDS


@pytest.mark.parametrize("name", SMALL_IDS)
def test_regular_character(families: dict[str, Any], name: str) -> None:
    group = families[name]
    chi = character(rk.regular(group))
    assert chi.values == (group.order,) + (0,) * (len(chi) - 1)
    assert inner_product(chi, chi) == group.order
    table = group.character_table()
    assert table.decompose_character(chi) == table.degrees


@pytest.mark.parametrize("name", SMALL_IDS)
def test_character_of_tensor_square_is_pointwise_square(families: dict[str, Any], name: str) -> None:
    group = families[name]
    rho = group.irreps()[-1]
    chi = character(rho)
    assert character(rho @ rho) == chi * chi
    assert character(rho + rho) == chi + chi == 2 * chi
    assert character(rho.dual()) == chi.conjugate()
    assert chi.is_irreducible() and chi.norm() == 1


def test_inner_product_is_hermitian(families: dict[str, Any]) -> None:
    table = families["Z7"].character_table()
    chi, psi = table[1] + 2 * table[3], table[3] - table[2]
    assert chi.inner_product(psi) == psi.inner_product(chi).conjugate() == 2
    assert (chi / 2).inner_product(chi) == Fraction(5, 2)


def test_evaluation_at_elements_and_words(families: dict[str, Any]) -> None:
    group = families["S3"]
    sign = rk.sign(group)
    chi = character(sign)
    for g in group.elements:
        assert chi(g) == sign(g).trace()
    assert chi(group.word_str(1)) == chi(1)


def test_validation_errors(families: dict[str, Any]) -> None:
    group = families["S3"]
    with pytest.raises(rk.ShapeError, match="3 classes"):
        ClassFunction(group, [1, 1])
    with pytest.raises(rk.ExactnessError, match=r"values\[1\]"):
        ClassFunction(group, [1, 0.5, 1])
    with pytest.raises(rk.ExactnessError):
        ClassFunction(group, [1, 1, 1]) * 0.5
    with pytest.raises(rk.IncompatibleGroupError, match="same group"):
        ClassFunction(group, [1, 1, 1]) + ClassFunction(families["Z2"], [1, 1])
    with pytest.raises(ZeroDivisionError):
        ClassFunction(group, [1, 1, 1]) / 0


def test_equality_hash_and_text(families: dict[str, Any]) -> None:
    group = families["Z7"]
    a = ClassFunction(group, [1] * 7)
    b = ClassFunction(group, [Fraction(2, 2)] * 7)
    assert a == b and hash(a) == hash(b) and len({a, b}) == 1
    assert str(a) == "[ 1, 1, 1, 1, 1, 1, 1 ]"
    assert a != ClassFunction(families["Z7"], [1] * 6 + [rk.E(7)])
    assert "ClassFunction(<group of order 7>" in repr(a)


def test_character_of_permutation_rep_counts_fixed_points(families: dict[str, Any]) -> None:
    group = families["S4"]
    rho = rk.natural(group)
    chi = character(rho)
    for k, g in enumerate(group.character_table().class_representatives):
        perm = rho.permutation(g)
        assert chi[k] == sum(1 for i, x in enumerate(perm) if i == x)


@pytest.mark.parametrize("name", SMALL_IDS)
def test_power_maps_and_indicators_of_class_functions(families: dict[str, Any], name: str) -> None:
    group = families[name]
    table = group.character_table()
    for chi, nu in zip(table, table.indicators):
        assert chi.indicator() == nu
        assert chi.power(group.exponent) == ClassFunction(group, [chi.degree] * len(chi))
        sym2 = (chi * chi + chi.power(2)) / 2          # characters of Sym^2 and Alt^2
        alt2 = (chi * chi - chi.power(2)) / 2
        for psi in (sym2, alt2):
            mults = table.decompose_character(psi)
            assert all(isinstance(m, int) and m >= 0 for m in mults)
        # the trivial character occurs in Sym^2 (Alt^2) exactly when nu = 1 (nu = -1)
        assert table.decompose_character(sym2)[0] == (1 if nu == 1 else 0)
        assert table.decompose_character(alt2)[0] == (1 if nu == -1 else 0)
