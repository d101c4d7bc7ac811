"""repkit.characters: class functions, exact character tables, decomposition, irreducible matrices.

Public names (re-exported by :mod:`repkit`): :class:`ClassFunction`, :func:`character`,
:func:`inner_product`, :class:`CharacterTable`, :func:`character_table`,
:class:`Decomposition`, :func:`decompose`, :func:`irreps`, :func:`irreducible_rep`.
The group facade ``G.character_table()`` / ``G.irreps()`` and the representation facade
``rho.character()`` / ``rho.decompose()`` call these.

Examples
--------
>>> import repkit as rk
>>> G = rk.Group.from_presentation("<r, f | r^4, f^2, (r f)^2>")
>>> T = rk.character_table(G)
>>> sum(d * d for d in T.degrees) == G.order
True
"""

from __future__ import annotations

from .classfunction import ClassFunction, character, inner_product
from .decomposition import Decomposition, decompose
from .irreducible import irreducible_rep, irreps
from .table import CharacterTable, character_table

__all__ = [
    "ClassFunction",
    "character",
    "inner_product",
    "CharacterTable",
    "character_table",
    "Decomposition",
    "decompose",
    "irreps",
    "irreducible_rep",
]
