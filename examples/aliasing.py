"""Aliasing, measured: a stride-2 convolution breaks shift equivariance, a [1, 2, 1] blur repairs some.

A circularly padded 3 x 3 convolution followed by ReLU commutes with every circular shift of its
input (stride 1). Subsampling its output by 2 (what ``stride=2`` does) keeps exactly the even
shifts: an odd shift of the input moves the output by half a sample, and the subsampled grid
cannot represent that, so the error against the exact band-limited half-pixel shift is large. A
``[1, 2, 1] x [1, 2, 1] / 16`` binomial blur before the subsampling (Zhang, "Making convolutional
networks shift-invariant again", ICML 2019, sec. 3) removes most of the high frequencies that
alias, and the odd-shift error drops; even shifts stay exact.

Everything is measured with `repkit.adapters.aliasing.shift_equivariance_error` on Gaussian noise
images in float64 (so "exact" means rounding, ~1e-16). Rows of the table:

* ``stride 1``: the layer itself;
* ``torch stride 2``: ``torch.nn.Conv2d(..., stride=2)`` with the same weights (its output equals
  the stride-1 output subsampled, which is checked);
* ``stride 2, no blur`` / ``stride 2, blur``: the stride-1 layer subsampled by the measure itself
  (``stride=2``), without and with the blur.

Run ``python examples/aliasing.py`` (a few seconds); without PyTorch it prints a message and exits
with 0; it exits with status 1 if a claimed fact fails.
"""

from __future__ import annotations

import sys
import time

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
        print("aliasing: PyTorch is not installed, so this example is skipped "
              "(install it with `pip install 'repkit[torch]'`)")
        return 0
    from repkit.adapters.aliasing import shift_equivariance_error

    start = time.perf_counter()
    torch.manual_seed(0)
    torch.set_num_threads(1)
    conv1 = torch.nn.Conv2d(3, 8, 3, padding=1, padding_mode="circular", dtype=torch.float64)
    conv2 = torch.nn.Conv2d(3, 8, 3, stride=2, padding=1, padding_mode="circular", dtype=torch.float64)
    with torch.no_grad():
        conv2.weight.copy_(conv1.weight)
        conv2.bias.copy_(conv1.bias)

    def layer(a):
        return torch.relu(conv1(a))

    def layer_strided(a):
        return torch.relu(conv2(a))

    x = torch.randn(4, 3, 32, 32, dtype=torch.float64)
    shifts = (1, 2)
    with torch.no_grad():
        rows = {"stride 1": shift_equivariance_error(layer, x, shifts),
                "torch stride 2": shift_equivariance_error(layer_strided, x, shifts),
                "stride 2, no blur": shift_equivariance_error(layer, x, shifts, stride=2),
                "stride 2, blur": shift_equivariance_error(layer, x, shifts, stride=2, blur=True)}
        same = float((layer_strided(x) - layer(x)[..., ::2, ::2]).abs().max())

    print("relative shift-equivariance error of ReLU(conv 3x3, circular padding), 4 x 3 x 32 x 32 noise")
    print(f"{'case':<20}{'shift 1':>12}{'shift 2':>12}")
    for name, err in rows.items():
        print(f"{name:<20}{err[1]:>12.2e}{err[2]:>12.2e}")
    print()

    s1, t2, sharp, blurred = rows.values()
    claim(max(s1.values()) < 1e-12, f"stride 1: exactly shift-equivariant for shifts 1 and 2 "
          f"(max error {max(s1.values()):.1e})")
    claim(same < 1e-12, f"torch's stride-2 convolution is the stride-1 one subsampled ({same:.1e})")
    claim(t2[2] < 1e-12 and sharp[2] < 1e-12,
          f"stride 2: an even shift is exact ({t2[2]:.1e}, {sharp[2]:.1e})")
    claim(t2[1] > 0.1 and sharp[1] > 0.1, f"stride 2: an odd shift is not (error {sharp[1]:.2f} > 0.1)")
    claim(blurred[2] < 1e-12, f"with the blur the even shift stays exact ({blurred[2]:.1e})")
    claim(blurred[1] < sharp[1] / 2, f"the [1, 2, 1] blur lowers the odd-shift error at least twofold "
          f"({blurred[1]:.2f} < {sharp[1]:.2f} / 2)")
    print(f"total {time.perf_counter() - start:.1f} s")
    print("\nall claims hold" if not failures else f"\n{len(failures)} claim(s) FAILED")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
