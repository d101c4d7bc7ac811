"""Which nonlinearities keep a network equivariant: point-wise, odd, norm.

A point-wise nonlinearity (ReLU applied to every coordinate) commutes with rho(g) only when rho(g)
just permutes coordinates. For the dihedral group D4 of the square:

* on the regular representation (8 coordinates, permuted) ReLU keeps equivariance;
* on the 2-d rotation representation (rotation by 90 degrees = a *signed* permutation) ReLU breaks
  it -- the measured error is printed -- while odd functions such as tanh survive;
* for D8 (rotation by 45 degrees, not monomial) even tanh breaks it;
* the norm nonlinearity ``x sigma(|x|^2)`` restores equivariance, because rotations preserve norms.

``pointwise_safe`` decides these facts exactly from the generator images; ``equivariance_error``
measures them in floating point, as for any trained model.

Run ``python examples/nonlinearities.py``; it exits with status 1 if a claimed fact fails.
"""

from __future__ import annotations

import sys

import numpy as np

import repkit as rk
from repkit.equivariant.nonlinear import equivariance_error, norm_nonlinearity, pointwise_safe

failures: list[str] = []


def claim(ok: bool, text: str) -> None:
    """Print a checked statement; remember it if it is false."""
    print(("  ok      " if ok else "  FAILED  ") + text)
    if not ok:
        failures.append(text)


def relu(x: np.ndarray) -> np.ndarray:
    return np.maximum(x, 0.0)


def norm_sigmoid(x: np.ndarray) -> np.ndarray:
    return norm_nonlinearity(x, lambda s: 1.0 / (1.0 + np.exp(1.0 - s)), blocks=[2])


def main() -> int:
    rng = np.random.default_rng(2026)
    rot4 = rk.dihedral_rotation(4)
    D4 = rot4.group
    reg = rk.regular(D4)

    print("D4, regular representation (dim 8)")
    verdict = pointwise_safe(reg)
    print(f"   pointwise_safe: {verdict}")
    err = equivariance_error(relu, reg, reg, rng.normal(size=(32, 8)))
    print(f"   measured ReLU error over all 8 elements: {err:.2e}")
    claim(verdict.all_pointwise and err < 1e-12, "ReLU is equivariant on the regular representation")

    print("\nD4, 2-d rotation representation")
    verdict = pointwise_safe(rot4)
    xs = rng.normal(size=(32, 2))
    err_relu = equivariance_error(relu, rot4, rot4, xs)
    err_tanh = equivariance_error(np.tanh, rot4, rot4, xs)
    err_norm = equivariance_error(norm_sigmoid, rot4, rot4, xs)
    print(f"   pointwise_safe: {verdict}")
    print(f"   measured error: ReLU {err_relu:.3f}, tanh {err_tanh:.2e}, norm {err_norm:.2e}")
    claim(verdict.odd_only and not verdict.all_pointwise,
          "exactly the odd point-wise functions are allowed (rotation by 90 degrees is a signed "
          "permutation)")
    claim(err_relu > 0.1, f"ReLU breaks equivariance (relative error {err_relu:.3f})")
    claim(err_tanh < 1e-12, "tanh (odd) keeps it")
    claim(err_norm < 1e-12, "the norm nonlinearity x sigma(|x|^2) keeps it")

    print("\nD8, 2-d rotation representation (rotation by 45 degrees)")
    rot8 = rk.dihedral_rotation(8)
    verdict = pointwise_safe(rot8)
    err_tanh = equivariance_error(np.tanh, rot8, rot8, xs)
    err_norm = equivariance_error(norm_sigmoid, rot8, rot8, xs)
    print(f"   pointwise_safe: {verdict}")
    print(f"   measured error: tanh {err_tanh:.3f}, norm {err_norm:.2e}")
    claim(verdict.kind == "none" and err_tanh > 0.01, "no point-wise function is safe, not even tanh")
    claim(err_norm < 1e-12, "the norm nonlinearity restores equivariance")

    print("\nall claims hold" if not failures else f"\n{len(failures)} claim(s) FAILED")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
