"""A PyTorch layer built from an exact weight template (the symmetries of a 3 x 3 periodic image).

The group is ``image_symmetry(3)``: translations of the 3 x 3 periodic image together with the 8
symmetries of the square (order 72), acting on the 9 pixels. repkit solves the equivariant
pixels -> pixels maps exactly, saves them as a ``.npz`` template (exact integers, no pickle), and
``repkit.adapters.torch.EquivariantLinear.from_template`` turns the template into a
``torch.nn.Module`` with one parameter per shared weight. The script checks the parameter count,
the equivariance of the layer over all 72 group elements (float measurement), and that training
steps keep the layer equivariant.

Run ``python examples/torch_layer.py``; without PyTorch it prints a message and exits with 0; it
exits with status 1 if a claimed fact fails.
"""

from __future__ import annotations

import os
import sys
import tempfile

import numpy as np

import repkit as rk
from repkit.equivariant.nonlinear import equivariance_error

failures: list[str] = []


def claim(ok: bool, text: str) -> None:
    """Print a checked statement; remember it if it is false."""
    print(("  ok      " if ok else "  FAILED  ") + text)
    if not ok:
        failures.append(text)


def main() -> int:
    try:
        import torch
    except ImportError:
        print("torch_layer: PyTorch is not installed, so this example is skipped "
              "(install it with `pip install 'repkit[torch]'`)")
        return 0
    from repkit.adapters.torch import EquivariantLinear

    G = rk.image_symmetry(3)
    pixels = rk.natural(G)
    basis = rk.equivariant_basis(pixels, pixels)
    print(f"G = image_symmetry(3), order {G.order}, acting on {pixels.dim} pixels")
    print(f"sharing pattern ({basis.dim} shared weights, {basis.bias_dim} bias):")
    print(basis.pattern)

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "pixels_to_pixels.npz")
        basis.save(path)
        print(f"template written: {os.path.getsize(path)} bytes")
        torch.manual_seed(0)
        layer = EquivariantLinear.from_template(path, dtype=torch.float64)
    print(layer)

    count = sum(p.numel() for p in layer.parameters())
    claim(count == basis.dim + basis.bias_dim == 4,
          f"{count} parameters = {basis.dim} shared weights + {basis.bias_dim} bias "
          "(instead of 81 + 9 for a dense layer)")

    def as_numpy(module: torch.nn.Module):
        def f(x: np.ndarray) -> np.ndarray:
            with torch.no_grad():
                return module(torch.as_tensor(x)).numpy()
        return f

    xs = np.random.default_rng(0).normal(size=(16, 9))
    layer.set_theta(None, np.random.default_rng(2).normal(size=layer.bias_dim))
    err = equivariance_error(as_numpy(layer), pixels, pixels, xs)
    print(f"measured equivariance error over all {G.order} elements: {err:.2e}")
    claim(err < 1e-12, "the layer is equivariant (float64 rounding only)")

    target = torch.as_tensor(np.random.default_rng(1).normal(size=(16, 9)))
    optimiser = torch.optim.SGD(layer.parameters(), lr=0.05)
    for _ in range(20):
        optimiser.zero_grad()
        loss = (layer(torch.as_tensor(xs)) - target).pow(2).mean()
        loss.backward()
        optimiser.step()
    err = equivariance_error(as_numpy(layer), pixels, pixels, xs)
    print(f"after 20 SGD steps (loss {loss.item():.3f}): equivariance error {err:.2e}")
    claim(err < 1e-12, "training moves only the shared weights, so equivariance is kept")

    print("\nall claims hold" if not failures else f"\n{len(failures)} claim(s) FAILED")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
