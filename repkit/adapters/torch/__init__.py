"""PyTorch adapter: equivariant layers, nonlinearities, pooling and an MLP built from exact bases.

=========================  ==========================================================
``EquivariantLinear``      one parameter block per component pair (`.linear`)
``PointwiseNonlinearity``  point-wise function, refused where it breaks equivariance
``NormNonlinearity``       ``x * f(|x| + b) / |x|`` per field (orthogonal components)
``GatedNonlinearity``      fields times ``sigmoid`` of invariant gates (`.nonlinear`)
``FourierNonlinearity``    exact change of basis to a permutation rep, point-wise, back
``InvariantPooling``       sums/means/maxima over orbits, norms of the rest (`.pooling`)
``EquivariantMLP``         linear layers and safe nonlinearities, ``expressivity()`` (`.mlp`)
``SetLinear``              size-free S_n layer on k-tuples of a set, any n (`.sets`)
``SetPooling``             sum/mean/max over the set axes (`.sets`)
``EquivariantConv2d``      conv2d with an exact steerable kernel of a point group (`.conv`)
``GroupPooling2d``         per-pixel pooling of each field over its orbits (`.conv`)
``InvariantPooling2d``     spatial then group pooling of a feature map to invariants (`.conv`)
=========================  ==========================================================

Conventions (shared with `repkit.adapters.jax`): features are tensors of shape ``(..., dim)``
(batch first, the representation's index last, in the copy-major layout of
`repkit.Rep.components`); every module is tagged with the representations it maps between
(``rho_in``, ``rho_out``) so a checker can use them; float32 by default, float64 supported.

PyTorch is imported only when one of these names is first looked up (``import repkit`` and
``import repkit.adapters.torch`` never import it); without PyTorch that lookup raises
:class:`~repkit.errors.OptionalDependencyError`.

Examples
--------
>>> import pytest; torch = pytest.importorskip("torch")
>>> import numpy as np, repkit as rk
>>> from repkit.adapters.torch import EquivariantLinear
>>> rho = rk.regular(rk.cyclic(4))
>>> layer = EquivariantLinear(rk.equivariant_basis(rho, rho))
>>> sum(p.numel() for p in layer.parameters())   # 4 shared weights + 1 bias
5
>>> T = torch.tensor(rho.images[0].to_numpy(), dtype=torch.float32)
>>> x = torch.randn(3, 4)
>>> torch.allclose(layer(x @ T.T), layer(x) @ T.T, atol=1e-6)
True
"""

from __future__ import annotations

import importlib
from typing import Any

from ..common import require_framework

__all__ = ["EquivariantLinear", "PointwiseNonlinearity", "NormNonlinearity", "GatedNonlinearity",
           "FourierNonlinearity", "InvariantPooling", "EquivariantMLP", "EquivariantConv2d",
           "GroupPooling2d", "InvariantPooling2d", "SetLinear", "SetPooling", "require_torch"]

#: Which submodule defines each lazily resolved name.
_HOMES = {
    "EquivariantLinear": "linear",
    "PointwiseNonlinearity": "nonlinear",
    "NormNonlinearity": "nonlinear",
    "GatedNonlinearity": "nonlinear",
    "FourierNonlinearity": "nonlinear",
    "InvariantPooling": "pooling",
    "EquivariantMLP": "mlp",
    "SetLinear": "sets",
    "SetPooling": "sets",
    "EquivariantConv2d": "conv",
    "GroupPooling2d": "conv",
    "InvariantPooling2d": "conv",
}


def require_torch() -> Any:
    """Import and return the ``torch`` module, or raise a clear error if it is missing.

    Returns
    -------
    module
        The imported ``torch``.

    Raises
    ------
    OptionalDependencyError
        If PyTorch is not installed (install the extra: ``pip install 'repkit[torch]'``).

    Examples
    --------
    >>> import pytest; _ = pytest.importorskip("torch")
    >>> require_torch().__name__
    'torch'
    """
    return require_framework("torch", "PyTorch")


def __getattr__(name: str) -> Any:
    """Resolve the module classes lazily, importing PyTorch at that moment (PEP 562)."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)


def __dir__() -> list[str]:
    """List the lazily resolved classes with the module's other names."""
    return sorted({*globals(), *_HOMES})
