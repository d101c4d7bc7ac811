"""repkit: finite groups, their representations and exact equivariant weight bases.

The public API is re-exported here; everything not listed in ``__all__`` may change.

Examples
--------
>>> import repkit as rk
>>> issubclass(rk.NotAHomomorphismError, rk.RepkitError)
True
"""

from __future__ import annotations

from . import errors as _errors
from .errors import *  # noqa: F401,F403
from .exact import *  # noqa: F401,F403
from .groups import *  # noqa: F401,F403
from .reps import *  # noqa: F401,F403
from .characters import *  # noqa: F401,F403
from .equivariant import *  # noqa: F401,F403
from . import exact as _exact, groups as _groups, reps as _reps
from . import characters as _characters, equivariant as _equivariant

__version__ = "0.1.0"

# Building blocks that stay public in their layer (``repkit.equivariant.orbit_pattern``, ...) but
# are not part of the top-level API.
_LAYER_ONLY = frozenset({
    "commutant_entries", "encode_cyclotomic", "signed_permutation_data", "orbit_pattern",
    "signed_orbit_pattern", "point_orbits", "nullspace_sparse", "zumbroich_basis",
    "to_exact_scalar",
})
for _name in _LAYER_ONLY:
    del globals()[_name]
del _name

__all__ = [
    "__version__",
    *(name for layer in (_errors, _exact, _groups, _reps, _characters, _equivariant)
      for name in layer.__all__ if name not in _LAYER_ONLY),
]
