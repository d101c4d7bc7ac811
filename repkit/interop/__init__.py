"""Interop with SymPy, GAP and EMLP (docs/interop.md).

The group conversions live in the groups layer (so ``Group.from_sympy`` and ``Group.from_gap``
need no upward import) and are re-exported here; this package adds what needs the higher layers:
character tables as GAP text (:mod:`~repkit.interop.gap`) and EMLP's generator matrices and
basis layout (:mod:`~repkit.interop.emlp`). SymPy is imported only by the SymPy functions; EMLP
itself is never imported.

Examples
--------
>>> import repkit as rk
>>> from repkit.interop import group_from_gap, group_to_gap
>>> G = rk.Group.from_presentation("<a, b | a^2, b^3, (a b)^2>")
>>> group_from_gap(group_to_gap(G)) == G
True
"""

from __future__ import annotations

from ..groups.gap_text import (cycles_to_permutation, group_from_gap, group_to_gap,
                               permutation_to_cycles)
from ..groups.sympy_interop import group_from_sympy, group_to_sympy
from .emlp import basis_to_emlp, group_from_emlp, save_emlp_basis
from .gap import character_table_from_gap, character_table_to_gap

__all__ = [
    "group_from_sympy", "group_to_sympy", "group_from_gap", "group_to_gap",
    "permutation_to_cycles", "cycles_to_permutation", "character_table_to_gap",
    "character_table_from_gap", "group_from_emlp", "basis_to_emlp", "save_emlp_basis",
]
