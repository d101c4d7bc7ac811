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


from . import families as _families
from .families import *  # noqa: F401,F403
from .group import DEFAULT_MAX_ORDER, FiniteGroup, Group
from .presentation import (Presentation, UnknownGeneratorSyntaxError, format_word,
                           parse_presentation, parse_word)
from .schreier_sims import StabilizerChain, permutation_group_order, schreier_sims
from .subgroup import Subgroup
from .todd_coxeter import CosetEnumerationProgress, CosetTable, enumerate_cosets
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
    "CosetEnumerationProgress",
    "UnknownGeneratorSyntaxError",
    *_families.__all__,
]
