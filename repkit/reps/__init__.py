"""repkit.reps: representations of finite groups, exact, with their algebra and kernels.

A :class:`Rep` is a group together with exact images of its generators, checked to define a
homomorphism (every relator maps to the identity). Constructors build the standard ones,
the algebra combines them (``+``, ``@``, ``**``, dual, induction, restriction), and
:func:`kernel` / :func:`faithfulness` say how faithful they are. See ``docs/architecture.md``.

Examples
--------
>>> import repkit as rk
>>> G = rk.dihedral(4)
>>> rho = rk.regular(G)
>>> rho.dim == G.order and rho.is_faithful() and (rho + rk.trivial(G)).dim == 9
True
"""

from __future__ import annotations

from .algebra import (
    change_basis,
    conjugate,
    direct_sum,
    multiply,
    dual,
    induce,
    realify,
    restrict,
    tensor_power,
    tensor_product,
)
from .constructors import (
    cyclic_character,
    dihedral_rotation,
    natural,
    permutation_rep,
    quotient_rep,
    regular,
    sign,
    standard,
    trivial,
)
from .kernel import Faithfulness, faithfulness, image_order, is_faithful, kernel
from ._util import MissingImageError
from .rep import Rep

__all__ = [
    "Rep",
    "MissingImageError",
    "trivial",
    "sign",
    "regular",
    "permutation_rep",
    "quotient_rep",
    "natural",
    "cyclic_character",
    "dihedral_rotation",
    "standard",
    "direct_sum",
    "multiply",
    "tensor_product",
    "tensor_power",
    "dual",
    "conjugate",
    "induce",
    "restrict",
    "change_basis",
    "realify",
    "Faithfulness",
    "kernel",
    "is_faithful",
    "image_order",
    "faithfulness",
]
