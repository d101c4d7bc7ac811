"""repkit.equivariant: exact equivariant weight bases, biases, locality and weight templates.

``equivariant_basis(rho_in, rho_out)`` (also ``rho_in >> rho_out``) returns a `WeightBasis`, an
exact canonical basis of ``Hom_G(rho_in, rho_out)`` with the equivariant biases; permutation
representations take the orbital fast path (weight sharing), all others the exact null space.

Examples
--------
>>> import repkit as rk
>>> V = rk.natural(rk.symmetric(4))
>>> (V >> V).dim, (V @ V >> V @ V).dim
(2, 15)
"""

from __future__ import annotations

from .basis import (DEFAULT_MAX_ENTRIES, SCHEMA_VERSION, STRUCTURED_SCHEMA_VERSION, BasisTooLargeError,
                    WeightBasis)
from .commutant import ExactOverflowError, commutant_entries, encode_cyclotomic
from .expressivity import (ComponentReach, ExpressivityReport, choose_nonlinearities, component_content,
                           expressivity)
from .locality import lattice_mask, localize_basis, locality_mask, periodic_distance, site_map
from .nonlinear import (PointwiseVerdict, equivariance_error, gated_nonlinearity, norm_nonlinearity,
                        pointwise_safe)
from .orbital import orbit_pattern, point_orbits, signed_orbit_pattern
from .solver import (InvalidArgumentError, NotARepresentationError, bias_basis, equivariant_basis,
                     signed_permutation_data)
from .projection import EquivariantProjector, project
from .sets import orbit_types, set_layer_apply, set_layer_pattern
from .steerable import (POINT_GROUPS, KernelBasis, PointGroup, grid_offsets, kernel_basis, offset_rep,
                        point_group)
from .structured import BiasBlock, Block, StructuredBasis
from .template_io import load_template, save_template

__all__ = [
    "WeightBasis",
    "StructuredBasis",
    "Block",
    "BiasBlock",
    "equivariant_basis",
    "bias_basis",
    "locality_mask",
    "lattice_mask",
    "site_map",
    "periodic_distance",
    "localize_basis",
    "load_template",
    "save_template",
    "orbit_pattern",
    "signed_orbit_pattern",
    "point_orbits",
    "signed_permutation_data",
    "commutant_entries",
    "encode_cyclotomic",
    "BasisTooLargeError",
    "ExactOverflowError",
    "InvalidArgumentError",
    "NotARepresentationError",
    "SCHEMA_VERSION",
    "STRUCTURED_SCHEMA_VERSION",
    "DEFAULT_MAX_ENTRIES",
    "PointwiseVerdict",
    "pointwise_safe",
    "norm_nonlinearity",
    "gated_nonlinearity",
    "equivariance_error",
    "expressivity",
    "choose_nonlinearities",
    "component_content",
    "ComponentReach",
    "ExpressivityReport",
    "PointGroup",
    "point_group",
    "POINT_GROUPS",
    "grid_offsets",
    "offset_rep",
    "KernelBasis",
    "kernel_basis",
    "orbit_types",
    "set_layer_pattern",
    "set_layer_apply",
    "EquivariantProjector",
    "project",
]
