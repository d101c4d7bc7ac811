"""Representations of every constructor and operation, by readable id (shared by tests/reps)."""

from __future__ import annotations

from collections.abc import Callable

import repkit as rk
from repkit.exact import E, Matrix


def _d4_presentation() -> rk.Group:
    return rk.Group.from_presentation("<r, f | r^4, f^2, (r f)^2>")


def _square() -> rk.Rep:
    return rk.permutation_rep(_d4_presentation(), {"r": [1, 2, 3, 0], "f": [0, 3, 2, 1]})


def _quotient_s4() -> rk.Rep:
    G = rk.symmetric(4)
    return rk.quotient_rep(G, G.subgroup(["s", "c^2"]))


def _matrix_group_natural() -> rk.Rep:
    G = rk.Group.from_matrices({"a": [[0, -1], [1, 0]], "b": [[1, 0], [0, -1]]})
    return rk.natural(G)


def _induced_character() -> rk.Rep:
    G = rk.dihedral(4)
    H = G.subgroup(["r"])
    return rk.cyclic_character(H.as_group(), 1).induce(H)


def _induced_perm() -> rk.Rep:
    G = rk.symmetric(4)
    H = G.subgroup(["s", "c s c^-1"])
    return rk.regular(H.as_group()).induce(H)


def _restricted() -> rk.Rep:
    G = rk.symmetric(4)
    return rk.standard(G).restrict(G.subgroup(["c"]))


def _changed_basis() -> rk.Rep:
    return rk.dihedral_rotation(4).change_basis(Matrix([[1, 2], [3, E(3)]]))


def _sum_mixed() -> rk.Rep:
    G = rk.symmetric(3)
    return rk.sign(G) + rk.standard(G) + rk.natural(G)


def _tensor_mixed() -> rk.Rep:
    G = rk.dihedral(5)
    return rk.dihedral_rotation(G) @ rk.regular(G)


def _tensor_perm() -> rk.Rep:
    G = rk.dihedral(3)
    return rk.natural(G) * rk.natural(G)


REPS: dict[str, Callable[[], rk.Rep]] = {
    "trivial-D4": lambda: rk.trivial(rk.dihedral(4)),
    "trivial3-Q8": lambda: rk.trivial(rk.quaternion(), dim=3),
    "sign-S4": lambda: rk.sign(rk.symmetric(4)),
    "sign-D4-presentation": lambda: rk.sign(_d4_presentation()),
    "regular-D3": lambda: rk.regular(rk.dihedral(3)),
    "regular-Q8": lambda: rk.regular(rk.quaternion()),
    "permutation-square": _square,
    "quotient-S4/D4": _quotient_s4,
    "natural-S4": lambda: rk.natural(rk.symmetric(4)),
    "natural-matrix-group": _matrix_group_natural,
    "cyclic-character-6-1": lambda: rk.cyclic_character(6, 1),
    "cyclic-character-5-2": lambda: rk.cyclic_character(5, 2),
    "dihedral-rotation-5": lambda: rk.dihedral_rotation(5),
    "dihedral-rotation-8": lambda: rk.dihedral_rotation(8),
    "standard-4": lambda: rk.standard(4),
    "sum-sign+std+nat-S3": _sum_mixed,
    "tensor-rot@reg-D5": _tensor_mixed,
    "tensor-nat*nat-D3": _tensor_perm,
    "power-rot^3-D3": lambda: rk.dihedral_rotation(3) ** 3,
    "power-nat^2-S3": lambda: rk.natural(rk.symmetric(3)) ** 2,
    "dual-character-7": lambda: rk.cyclic_character(7, 3).dual(),
    "dual-rot-changed": lambda: _changed_basis().dual(),
    "conjugate-character-8": lambda: rk.cyclic_character(8, 3).conjugate(),
    "induced-character-C4-D4": _induced_character,
    "induced-regular-V4-S4": _induced_perm,
    "restricted-std-S4-C4": _restricted,
    "change-basis-rot4": _changed_basis,
    "realify-character-5": lambda: rk.cyclic_character(5, 1).realify(),
    "realify-induced": lambda: _induced_character().realify(),
}
