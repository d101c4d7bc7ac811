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

__all__ = [
    "__version__",
    *_errors.__all__,
    *_exact.__all__,
    *_groups.__all__,
    *_reps.__all__,
    *_characters.__all__,
    *_equivariant.__all__,
]
