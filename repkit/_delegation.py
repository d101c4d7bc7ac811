"""The one place where a lower layer's object reaches a higher layer: a static delegation table.

A few methods are kept on lower-layer objects because users expect them there
(``G.character_table()``, ``rho.decompose()``, ``rho_in >> rho_out``), although the work is done
by a higher layer's free function. Those methods do not import the higher layer; they call
`delegate` with a name from `DELEGATIONS`, the only list of such upward references, which resolves
it to the free function when called (the higher layer is imported then, never at import time of
the lower one). `docs/architecture.md` draws this table; `tests/test_layers.py` checks that no
module of a layer imports a higher one in any form, and that this table is the one exception.

This module imports nothing of repkit, so every layer may import it (like `repkit.errors`).

Examples
--------
>>> delegate("character_table").__module__
'repkit.characters.table'
>>> sorted(DELEGATIONS)[:2]
['FiniteGroup.character_table', 'FiniteGroup.irreps']
"""

from __future__ import annotations

import importlib
from typing import Any, Callable

__all__ = ["DELEGATIONS", "delegate"]

#: method -> (higher-layer module, free function). The complete list.
DELEGATIONS: dict[str, tuple[str, str]] = {
    "FiniteGroup.character_table": ("repkit.characters", "character_table"),
    "FiniteGroup.irreps": ("repkit.characters", "irreps"),
    "Rep.decompose": ("repkit.characters", "decompose"),
    "Rep.character": ("repkit.characters", "character"),
    "Rep.__rshift__": ("repkit.equivariant", "equivariant_basis"),
}

_BY_FUNCTION = {function: (module, function) for module, function in DELEGATIONS.values()}


def delegate(function: str) -> Callable[..., Any]:
    """The higher-layer free function a delegating method calls (see `DELEGATIONS`).

    Parameters
    ----------
    function : str
        The free function's name, as in the table.

    Returns
    -------
    callable

    Raises
    ------
    KeyError
        If the name is not in the table (a programming error inside repkit, not a user error).
    """
    module, name = _BY_FUNCTION[function]
    return getattr(importlib.import_module(module), name)
