"""Exact character tables: orthogonality, degrees, indicators, power maps, printing."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from strategies import finite_presentations

import repkit as rk
from repkit.characters import ClassFunction
from repkit.characters.abelian import abelian_multiplicities
from repkit.characters.dixon import (
    ClassData,
    choose_prime,
    class_matrix,
    modular_characters,
)
from repkit.characters.verify import verify_orthogonality

from character_families import FAMILY_IDS


@pytest.fixture(params=FAMILY_IDS)
def group_and_table(request: pytest.FixtureRequest, families: dict[str, Any]) -> tuple[Any, Any]:
    group = families[request.param]
    return group, group.character_table()


def _conj(x: Any) -> Any:
    return x.conjugate()


def test_shape_and_degrees(group_and_table: tuple[Any, Any]) -> None:
    group, table = group_and_table
    assert len(table) == len(group.conjugacy_classes()) == table.nclasses
    assert sum(d * d for d in table.degrees) == group.order
    assert all(group.order % d == 0 for d in table.degrees)
    assert table.degrees == tuple(chi.degree for chi in table)


def test_row_orthogonality_exact(group_and_table: tuple[Any, Any]) -> None:
    group, table = group_and_table
    sizes = table.class_sizes
    for i, chi in enumerate(table):
        for j, psi in enumerate(table):
            total = sum(h * a * _conj(b) for h, a, b in zip(sizes, chi, psi))
            assert total == (group.order if i == j else 0), (i, j)


def test_column_orthogonality_exact(group_and_table: tuple[Any, Any]) -> None:
    _, table = group_and_table
    r = table.nclasses
    for k in range(r):
        for l in range(r):
            total = sum(chi[k] * _conj(chi[l]) for chi in table)
            assert total == (table.centralizer_orders[k] if k == l else 0), (k, l)


def test_canonical_order(group_and_table: tuple[Any, Any]) -> None:
    _, table = group_and_table
    assert all(v == 1 for v in table[0])
    assert list(table.degrees) == sorted(table.degrees)
    keys = [(d, tuple(str(v) for v in chi)) for d, chi in zip(table.degrees, table)]
    assert keys[1:] == sorted(keys[1:])


def test_indicators_from_squares_of_all_elements(group_and_table: tuple[Any, Any]) -> None:
    group, table = group_and_table
    squares = [int(group.class_of[group.mul(g, g)]) for g in group.elements]
    for chi, nu in zip(table, table.indicators):
        total = sum((chi[k] for k in squares), 0)
        assert Fraction(1, group.order) * total == nu
        real = all(v == _conj(v) for v in chi)
        assert (nu == 0) == (not real)


def test_faithful_from_kernels(group_and_table: tuple[Any, Any]) -> None:
    group, table = group_and_table
    for i, chi in enumerate(table):
        kernel = [g for g in group.elements if chi(g) == chi.degree]
        assert table.faithful[i] == (kernel == [group.identity])
        assert sum(table.class_sizes[k] for k in table.kernel_classes(i)) == len(kernel)


def test_power_maps_and_orders(group_and_table: tuple[Any, Any]) -> None:
    group, table = group_and_table
    for k, g in enumerate(table.class_representatives):
        assert group.element_order(g) == table.element_orders[k]
        for m in (2, 3, 5, -1):
            assert table.power_map(m)[k] == int(group.class_of[group.pow(g, m)])
    assert table.class_sizes == tuple(len(c) for c in group.conjugacy_classes())


def test_values_are_eigenvalue_sums(group_and_table: tuple[Any, Any]) -> None:
    _, table = group_and_table
    for chi, mults in zip(table, table.eigenvalue_multiplicities):
        for k, m in enumerate(mults):
            o = table.element_orders[k]
            assert len(m) == o and sum(m) == chi.degree
            assert chi[k] == sum((c * rk.E(o, s) for s, c in enumerate(m)), rk.Cyclotomic(0))


def test_display_and_html(families: dict[str, Any]) -> None:
    table = families["A5"].character_table()
    text = str(table)
    assert "X.5" in text and "2P" in text and "-E(5)-E(5)^4" in text
    assert text.splitlines()[-1].startswith("B = ")
    html = table._repr_html_()
    assert html.count("<tr>") == 2 + len(table)
    assert repr(table) == "CharacterTable(<group of order 60>, degrees=(1, 3, 3, 4, 5))"


def test_class_words_parse_back(families: dict[str, Any]) -> None:
    group = families["S4"]
    table = group.character_table()
    assert tuple(group.element(w) for w in table.class_words) == table.class_representatives


def test_decompose_character_of_products(families: dict[str, Any]) -> None:
    table = families["S4"].character_table()
    for chi in table:
        for psi in table:
            mults = table.decompose_character(chi * psi)
            assert all(isinstance(m, int) and m >= 0 for m in mults)
            assert sum(m * d for m, d in zip(mults, table.degrees)) == chi.degree * psi.degree


def test_facade_is_cached_and_module_function_is_fresh(families: dict[str, Any]) -> None:
    group = families["D4"]
    assert group.character_table() is group.character_table()
    fresh = rk.character_table(group)
    assert fresh.values == group.character_table().values


def test_max_order_is_enforced() -> None:
    with pytest.raises(rk.GroupTooLargeError, match="max_order=10"):
        rk.character_table(rk.symmetric(4), max_order=10)


# -- the modular machinery ---------------------------------------------------------------


@pytest.mark.parametrize("name", ["S4", "A5", "Q8xZ2"])
def test_class_matrices_are_structure_constants(families: dict[str, Any], name: str) -> None:
    group = families[name]
    data = ClassData.from_group(group)
    r = data.nclasses
    for j in range(r):
        a = class_matrix(data, j)
        # column l counts x in C_j with x^-1 z_l in C_k; the total over k is h_j
        assert (a.sum(axis=0) == data.sizes[j]).all()
        # K_j K_k contains h_j h_k elements: sum_l a_{jkl} h_l = h_j h_k
        assert (a @ np.array(data.sizes) == data.sizes[j] * np.array(data.sizes)).all()


@pytest.mark.parametrize("order,exponent", [(6, 6), (24, 12), (7920, 3960), (51840, 360)])
def test_prime_choice(order: int, exponent: int) -> None:
    p = choose_prime(order, exponent)
    assert p % exponent == 1 and p > 2 * math.isqrt(order) and order % p != 0


def test_orthogonality_check_rejects_a_wrong_table(families: dict[str, Any]) -> None:
    data = ClassData.from_group(families["S3"])
    mults = modular_characters(data).multiplicities
    verify_orthogonality(data, mults)
    involutions = data.element_orders.index(2)
    # a row whose eigenvalues on the involutions are not symmetric (1 and -1 unequally often)
    i = next(i for i, row in enumerate(mults) if row[involutions][0] != row[involutions][1])
    row = list(mults[i])
    row[involutions] = row[involutions][::-1]          # flip the sign of chi_i on the class
    broken = mults[:i] + (tuple(row),) + mults[i + 1:]
    with pytest.raises(rk.CharacterTableError, match="exact check: rows"):
        verify_orthogonality(data, broken)


# -- property-based: random finite presentations (quotients of known groups) ----------------



@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(presentation=finite_presentations(max_order=60))
def test_random_quotient_groups_satisfy_the_orthogonality_relations(presentation: Any) -> None:
    group = rk.Group.from_presentation(presentation)
    table = rk.character_table(group)
    assert len(table) == len(group.conjugacy_classes())
    assert sum(d * d for d in table.degrees) == group.order
    sizes = table.class_sizes
    for i, chi in enumerate(table):
        assert group.order % chi.degree == 0
        for j, psi in enumerate(table):
            total = sum(h * a * _conj(b) for h, a, b in zip(sizes, chi, psi))
            assert total == (group.order if i == j else 0)
    regular = character_of_regular(group)
    assert table.decompose_character(regular) == table.degrees


def character_of_regular(group: Any) -> Any:
    return ClassFunction(group, [group.order] + [0] * (len(group.conjugacy_classes()) - 1))


def test_progress_is_reported(families: dict[str, Any]) -> None:
    calls: list[tuple[str, int, int]] = []
    table = rk.character_table(families["S4"], progress=lambda *args: calls.append(args))
    stages = {stage for stage, _, _ in calls}
    assert stages == {"split", "lift"} and all(total == len(table) for _, _, total in calls)


def test_rows_are_a_sequence(families: dict[str, Any]) -> None:
    table = families["D4"].character_table()
    assert list(table) == [table[i] for i in range(len(table))] == list(table.irreducibles)
    assert table.values == tuple(chi.values for chi in table)
    assert table.class_names[0] == "1a" and all(n[0].isdigit() for n in table.class_names)


def test_public_sequences_compare_to_lists(families: dict[str, Any]) -> None:
    group = families["S3"]
    table = group.character_table()
    assert table.degrees == [1, 1, 2] and table.degrees == (1, 1, 2)
    assert table.indicators == [1, 1, 1] and table.faithful == [False, False, True]
    assert rk.regular(group).decompose().multiplicities == [1, 1, 2]
    assert table.degrees != [1, 2, 1] and hash(table.degrees) == hash((1, 1, 2))


@pytest.mark.parametrize("shape", [(12,), (4, 6), (2, 2, 2), (3, 3, 3)], ids=str)
def test_abelian_fast_path_agrees_with_dixon_schneider(shape: tuple[int, ...]) -> None:
    group = rk.translations(shape)
    data = ClassData.from_group(group)
    fast = abelian_multiplicities(data)
    slow = modular_characters(data).multiplicities
    assert fast is not None and set(fast) == set(slow) and len(fast) == group.order
    verify_orthogonality(data, fast)


def test_abelian_fast_path_declines_a_large_box() -> None:
    data = ClassData.from_group(rk.translations((4, 6)))
    assert abelian_multiplicities(data, max_candidates=10) is None
    with pytest.raises(rk.CharacterTableError, match="expected an abelian group"):
        abelian_multiplicities(ClassData.from_group(rk.symmetric(3)))
