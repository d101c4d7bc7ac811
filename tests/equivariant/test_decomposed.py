"""The decomposition path of the commutant: byte-identical to the general null-space path."""

from __future__ import annotations

import random

import numpy as np
import pytest

import repkit as rk
from eq_helpers import assert_basis_satisfies_constraints, hom_dimension
from repkit.equivariant import decomposed, solver
from repkit.equivariant.commutant import commutant_entries
from repkit.equivariant.decomposed import commutant_entries_decomposed, decomposition_pays
from repkit.exact import E, Matrix


def _dense_basis(n: int, seed: int, field: int | None = None) -> Matrix:
    """A random invertible exact matrix with small entries (over Q, or Q(zeta_field))."""
    rnd = random.Random(seed)
    while True:
        Q = Matrix([[rnd.randint(-2, 2) + (rnd.randint(-1, 1) * E(field) if field else 0)
                     for _ in range(n)] for _ in range(n)])
        if Q.det() != 0:
            return Q


def _sum(reps: list) -> rk.Rep:
    out = reps[0]
    for r in reps[1:]:
        out = out + r
    return out


def _rot(n: int, k: int) -> rk.Rep:
    return rk.dihedral_rotation(rk.dihedral(n)) ** k


def _rots(n: int, k_in: int, k_out: int) -> tuple[rk.Rep, rk.Rep]:
    V = rk.dihedral_rotation(rk.dihedral(n))          # one group object for both
    return V ** k_in, V ** k_out


CASES = {
    # real representations whose commutant is defined over Q (the rational first try)
    "D6 rot^2->rot^2": lambda: _rots(6, 2, 2),
    "D6 rot^3->rot^3": lambda: _rots(6, 3, 3),
    "D6 rot^4->rot^4": lambda: _rots(6, 4, 4),
    "D6 rot^3->rot^2": lambda: _rots(6, 3, 2),
    "D6 rot^2->rot^3": lambda: _rots(6, 2, 3),
    "D5 rot^3->rot^3": lambda: _rots(5, 3, 3),
    "D8 rot^3->rot^3": lambda: _rots(8, 3, 3),
    "D4 rot^3->rot^3": lambda: _rots(4, 3, 3),
    "S4 dense 10->10": lambda: (lambda irr: (_sum(irr).change_basis(_dense_basis(10, 7)),
                                             _sum(irr[::-1]).change_basis(_dense_basis(10, 8))))(
        rk.symmetric(4).irreps()),
    "S4 3x3->3x4": lambda: (lambda irr: (irr[3] @ irr[4], irr[3] @ irr[3]))(rk.symmetric(4).irreps()),
    "Z5 regular dense rational": lambda: (lambda R: (R.change_basis(_dense_basis(5, 11)),
                                                     R.change_basis(_dense_basis(5, 12))))(rk.regular(rk.cyclic(5))),
    # commutants with cyclotomic entries (the rational try is refuted, every embedding is used)
    "A4 dense cyclotomic": lambda: (lambda irr: (_sum(irr).change_basis(_dense_basis(6, 1, 3)),
                                                 _sum(irr[::-1]).change_basis(_dense_basis(6, 2))))(
        rk.alternating(4).irreps()),
    "Q8 dense cyclotomic": lambda: (lambda irr: ((irr[-1] + irr[-1] + irr[1]).change_basis(_dense_basis(5, 3, 4)),
                                                 (irr[-1] + irr[2]).change_basis(_dense_basis(3, 4))))(
        rk.quaternion().irreps()),
    "Z5 dense cyclotomic": lambda: (lambda irr: (_sum(irr).change_basis(_dense_basis(5, 5, 5)),
                                                 _sum([irr[1], irr[2], irr[1]]).change_basis(
                                                     _dense_basis(3, 6, 5))))(rk.cyclic(5).irreps()),
    "Z3 complex": lambda: (lambda irr: ((irr[1] + irr[2] + irr[1]).change_basis(_dense_basis(3, 9, 3)),
                                        irr[1] + irr[1]))(rk.cyclic(3).irreps()),
    # no equivariant maps at all
    "Q8 2x2->2+2": lambda: (lambda irr: (irr[-1] @ irr[-1], irr[-1] + irr[-1]))(rk.quaternion().irreps()),
}


def _same_bytes(a: tuple, b: tuple) -> bool:
    return (a[0] == b[0] and a[1] == b[1] and all(
        x.dtype == y.dtype and x.shape == y.shape and x.tobytes() == y.tobytes() for x, y in zip(a[2:], b[2:])))


@pytest.mark.parametrize("case", sorted(CASES))
def test_same_bytes_as_the_general_path(case: str) -> None:
    rho_in, rho_out = CASES[case]()
    new = commutant_entries_decomposed(rho_out, rho_in)
    old = commutant_entries(rho_out.images, rho_in.images, rho_out.dim, rho_in.dim)
    assert new is not None
    assert _same_bytes(new, old)
    assert new[0] == hom_dimension(rho_in, rho_out)


def test_both_lifting_stages_are_exercised(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = {"cyclotomic": 0}
    original = decomposed._cyclotomic_candidate

    def counting(*args, **kwargs):
        calls["cyclotomic"] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(decomposed, "_cyclotomic_candidate", counting)
    rho_in, rho_out = CASES["D6 rot^3->rot^3"]()
    assert commutant_entries_decomposed(rho_out, rho_in) is not None
    assert calls["cyclotomic"] == 0                       # rational first try accepted
    rho_in, rho_out = CASES["A4 dense cyclotomic"]()
    found = commutant_entries_decomposed(rho_out, rho_in)
    assert found is not None and found[1] == 3 and calls["cyclotomic"] >= 1


@pytest.mark.parametrize("k", [4, pytest.param(5, marks=pytest.mark.slow)])
def test_solver_takes_the_path_and_keeps_the_bytes(k: int, monkeypatch: pytest.MonkeyPatch) -> None:
    V = _rot(6, k)
    assert decomposition_pays(V, V)
    B = rk.equivariant_basis(V, V)
    assert B.dim == (2 * 4 ** k + 4) // 12
    assert_basis_satisfies_constraints(B, V, V) if k == 4 else None
    monkeypatch.setattr(solver, "decomposition_pays", lambda rho_out, rho_in: False)
    old = rk.equivariant_basis(V, V)
    assert B.checksum == old.checksum
    assert all(np.array_equal(a, b) for a, b in zip(B.canonical_arrays(), old.canonical_arrays()))


def test_refuted_candidates_fall_back_to_the_general_path(monkeypatch: pytest.MonkeyPatch) -> None:
    V = _rot(6, 4)
    expected = rk.equivariant_basis(V, V).checksum
    monkeypatch.setattr(decomposed, "_verify_rows", lambda *args, **kwargs: False)
    assert commutant_entries_decomposed(V, V) is None     # never accepted without the exact check
    assert rk.equivariant_basis(V, V).checksum == expected


def test_limits_return_none(monkeypatch: pytest.MonkeyPatch) -> None:
    V = _rot(6, 3)
    assert commutant_entries_decomposed(V, _rot(6, 3)) is None     # equal but distinct groups
    assert commutant_entries_decomposed(V, V, max_group_order=11) is None
    monkeypatch.setattr(decomposed, "MAX_SPAN_ENTRIES", 10)
    assert commutant_entries_decomposed(V, V) is None


@pytest.mark.parametrize("case, expected", [
    ("small", False), ("permutation", False), ("block diagonal", False), ("dense", True)])
def test_decomposition_pays(case: str, expected: bool) -> None:
    G = rk.dihedral(6)
    rho = {"small": lambda: _rot(6, 3), "permutation": lambda: rk.regular(G) @ rk.regular(G),
           "block diagonal": lambda: _sum([_rot(6, 1)] * 16), "dense": lambda: _rot(6, 4)}[case]()
    assert decomposition_pays(rho, rho) is expected
