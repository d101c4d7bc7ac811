"""Optional adapters that turn exact weight bases into framework layers.

* :mod:`repkit.adapters.torch`: ``EquivariantLinear``, ``EquivariantMLP``, the nonlinearities, ``InvariantPooling`` (``torch.nn.Module``s);
* :mod:`repkit.adapters.jax`: ``EquivariantLinear``, a pure ``init`` / ``apply`` pair for JAX.

Neither framework is imported here, nor by ``import repkit`` (which does not import this
package): each adapter imports its framework when a layer is built or applied, and raises
:class:`~repkit.errors.OptionalDependencyError` when it is missing.

Examples
--------
>>> import numpy as np
>>> from repkit.equivariant.basis import WeightBasis
>>> weights, biases = basis_arrays(WeightBasis.from_pattern(np.array([[0, 1], [1, 0]])))
>>> weights.sum(axis=0).tolist()        # the two orbit indicators partition the entries
[[1.0, 1.0], [1.0, 1.0]]
"""

from __future__ import annotations

from . import common, jax, torch
from .common import basis_arrays

__all__ = ["basis_arrays", "common", "jax", "torch"]
