"""Shared helpers for the PyTorch adapter tests: representation families and an equivariance check.

Float tolerances live here, at the framework boundary, one per dtype (as e3nn's
``FLOAT_TOLERANCE``).
"""

from __future__ import annotations

import numpy as np
import pytest

import repkit as rk

TOLERANCE = {"float32": 2e-4, "float64": 1e-10}


def torch_or_skip():
    return pytest.importorskip("torch", reason="PyTorch is not installed (optional extra 'torch')")


def float_images(rho, dtype) -> list:
    torch = torch_or_skip()
    return [torch.as_tensor(np.asarray(m.to_numpy(float)), dtype=dtype) for m in rho.images]


def assert_equivariant(f, rho_in, rho_out, dtype, *, batch: int = 6, seed: int = 0) -> None:
    """``f(x rho_in(g)^T) == f(x) rho_out(g)^T`` for every generator ``g`` (generators suffice)."""
    torch = torch_or_skip()
    gen = torch.Generator().manual_seed(seed)
    x = torch.randn(batch, rho_in.dim, dtype=dtype, generator=gen)
    tol = TOLERANCE[str(dtype).rsplit(".", 1)[-1]]
    with torch.no_grad():
        y = f(x)
        scale = max(1.0, float(y.abs().max()))
        for A, B in zip(float_images(rho_in, dtype), float_images(rho_out, dtype)):
            diff = float((f(x @ A.T) - y @ B.T).abs().max())
            assert diff <= tol * scale, f"equivariance error {diff:.3g} > {tol * scale:.3g} for {f}"


def rep_families() -> dict[str, callable]:
    """Composite representations of several groups, with multiplicities (built lazily)."""
    def s_n():
        V = rk.natural(rk.symmetric(4))
        return 3 * V, 2 * V + rk.trivial(V.group)

    def d4_regular():
        R = rk.regular(rk.dihedral(4))
        return 2 * R, 3 * R

    def d4_irreducible():
        G = rk.dihedral(4)
        rot, one = rk.dihedral_rotation(4), rk.trivial(G)
        sgn = rk.Rep.from_generators(G, {"r": [[1]], "f": [[-1]]}, name="sgn")
        return 2 * rot + one + sgn, 3 * rot + 2 * one + 2 * sgn

    def d5_irreducible():
        G = rk.dihedral(5)
        rot = rk.dihedral_rotation(5)
        return 2 * rot + rk.trivial(G), rot + 2 * rk.trivial(G)

    return {"S4 natural": s_n, "D4 regular": d4_regular, "D4 irreducible sum": d4_irreducible,
            "D5 irreducible sum": d5_irreducible}
