"""repkit: finite groups, their representations and exact equivariant weight bases.

The public API is re-exported here; everything not listed in ``__all__`` may change.

``import repkit`` is cheap: it loads only :mod:`repkit.errors`. The layers (``exact``, ``groups``,
``reps``, ``characters``, ``equivariant``, and with them NumPy and python-flint) are imported the
first time any other public name is looked up (PEP 562 module ``__getattr__``); from then on the
namespace is the same as if everything had been imported eagerly. ``from repkit import Group``
and ``from repkit import *`` work as usual. SymPy, networkx and SciPy are imported only by the
functions that use them.

Examples
--------
>>> import repkit as rk
>>> issubclass(rk.NotAHomomorphismError, rk.RepkitError)
True
>>> rk.Group.from_permutations({"s": [1, 0, 2], "c": [1, 2, 0]}).order
6
"""

from __future__ import annotations

import importlib
from typing import Any

from . import errors as _errors
from ._version import __version__
from .errors import *  # noqa: F401,F403

#: The layers whose ``__all__`` make up the top-level API, lowest first.
_LAYERS = ("exact", "groups", "reps", "characters", "equivariant", "research")

# Building blocks that stay public in their layer (``repkit.equivariant.orbit_pattern``, ...) but
# are not part of the top-level API.
_LAYER_ONLY = frozenset({
    "commutant_entries", "encode_cyclotomic", "signed_permutation_data", "orbit_pattern",
    "signed_orbit_pattern", "point_orbits", "nullspace_sparse", "zumbroich_basis",
    "to_exact_scalar",
})


def _public_names() -> dict[str, Any]:
    """Import every layer and return its public names (the top-level API), in layer order."""
    names: dict[str, Any] = {}
    for layer in _LAYERS:
        module = importlib.import_module(f"{__name__}.{layer}")
        for name in module.__all__:
            if name not in _LAYER_ONLY:
                names[name] = getattr(module, name)
    return names


def __getattr__(name: str) -> Any:
    """Complete the namespace on the first lookup of a name that is not loaded yet (PEP 562)."""
    if name.startswith("__") and name != "__all__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    names = _public_names()
    namespace = globals()
    namespace.update(names)          # the same bindings ``from .layer import *`` would make
    namespace["__all__"] = ["__version__", *_errors.__all__,
                            *(n for n in names if n not in _errors.__all__)]
    if name in namespace:
        return namespace[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    """Every public name, including those not loaded yet."""
    return sorted(set(globals()) | set(__getattr__("__all__")))
