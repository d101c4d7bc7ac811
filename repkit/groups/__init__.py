"""repkit.groups: presentations, coset enumeration, finite groups, subgroups and classes.

See ``docs/architecture.md`` for the contracts.  Everything listed in ``__all__`` is re-exported
by :mod:`repkit`.

Examples
--------
>>> import repkit as rk
>>> G = rk.Group.from_presentation("<r, f | r^4, f^2, (r f)^2>")
>>> G.order, len(G.conjugacy_classes())
(8, 5)
"""

from __future__ import annotations


from .classes import center, derived_subgroup, orbit_partition
from . import families as _families
from .closure import standardize_table
from .families import *  # noqa: F401,F403
from .group import DEFAULT_MAX_ORDER, FiniteGroup, Group
from .presentation import Presentation, format_word, parse_presentation, parse_word
from .schreier_sims import StabilizerChain, permutation_group_order, schreier_sims
from .subgroup import Subgroup
from .todd_coxeter import CosetTable, enumerate_cosets
from .words import Word

__all__ = [
    "FiniteGroup",
    "Group",
    "Subgroup",
    "DEFAULT_MAX_ORDER",
    "Presentation",
    "Word",
    "parse_presentation",
    "parse_word",
    "format_word",
    "enumerate_cosets",
    "CosetTable",
    "StabilizerChain",
    "schreier_sims",
    "permutation_group_order",
    "orbit_partition",
    "standardize_table",
    "center",
    "derived_subgroup",
    *_families.__all__,
]
