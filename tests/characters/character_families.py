"""Group families for the character tests (ids read like ``S4`` or ``D5``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import repkit as rk

BUILDERS: dict[str, Callable[[], Any]] = {
    "Z1": lambda: rk.cyclic(1),
    "Z2": lambda: rk.cyclic(2),
    "Z7": lambda: rk.cyclic(7),
    "Z12": lambda: rk.cyclic(12),
    "D3": lambda: rk.dihedral(3),
    "D4": lambda: rk.dihedral(4),
    "D5": lambda: rk.dihedral(5),
    "D6": lambda: rk.dihedral(6),
    "S3": lambda: rk.symmetric(3),
    "S4": lambda: rk.symmetric(4),
    "S5": lambda: rk.symmetric(5),
    "A4": lambda: rk.alternating(4),
    "A5": lambda: rk.alternating(5),
    "Q8": lambda: rk.quaternion(),
    "Dic3": lambda: rk.dicyclic(3),
    "S3xZ3": lambda: rk.direct_product(rk.symmetric(3), rk.cyclic(3)),
    "Q8xZ2": lambda: rk.direct_product(rk.quaternion(), rk.cyclic(2)),
    "Z2^3": lambda: rk.translations((2, 2, 2)),
}

FAMILY_IDS = list(BUILDERS)
# Used by some tests only: irreducibles that need a non-cyclic abelian subgroup.
BUILDERS["Q8xQ8"] = lambda: rk.direct_product(rk.quaternion(), rk.quaternion())
# ... and one that needs a non-abelian subgroup (the degree-16 character of S6).
BUILDERS["S6"] = lambda: rk.symmetric(6)
SMALL_IDS = ["Z2", "Z7", "D3", "D4", "D5", "S3", "S4", "A4", "Q8", "Dic3", "S3xZ3"]
