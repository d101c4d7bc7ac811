"""repkit.exact: exact scalars and matrices over Q and cyclotomic fields Q(zeta_n).

The only place in repkit that does exact linear algebra (see docs/architecture.md).

Examples
--------
>>> from repkit.exact import Matrix, E
>>> Matrix([[E(3), 0], [0, E(3)**2]]).det() == 1
True
"""

from __future__ import annotations

from .cyclotomic import Cyclotomic, CyclotomicSyntaxError, E, zumbroich_basis
from .convert import to_exact_scalar
from .matrix import Matrix
from . import modular
from .sparse import SparseFillError, nullspace_sparse

__all__ = [
    "Matrix",
    "Cyclotomic",
    "E",
    "CyclotomicSyntaxError",
    "SparseFillError",
    "nullspace_sparse",
    "to_exact_scalar",
    "zumbroich_basis",
]
