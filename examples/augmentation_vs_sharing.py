"""Data augmentation against weight sharing, for Z_16 on 1-d signals and D4 on 8 x 8 images.

Two invariant classification tasks with synthetic data:

* **Z_16**: periodic signals of 16 samples holding one 3-sample motif, ``(1, 1, -1)`` (class 0) or
  ``(1, -1, 1)`` (class 1), at a random cyclic position, plus Gaussian noise; the label does not change
  under cyclic shifts (``numpy.roll``), the 16 elements of ``cyclic(16)`` acting by ``natural``.
* **D4**: 8 x 8 images holding an "L" (class 0) or a bar (class 1) of 3 pixels at a random place and in
  one of the 8 orientations of the square, plus noise; the label does not change under ``rot90`` and
  ``fliplr``, the permutation representation of ``dihedral(4)`` on the 64 pixels.

Three models per task, all trained with Adam (batch 64, learning rate 3e-3) for the same number of
epochs on the same ``n`` training samples:

* **sharing**: ``EquivariantMLP(pixels, 2 x trivial, hidden=[8 x regular, 8 x regular])`` (the weights
  are the exact equivariant bases; the logits are invariant by construction);
* **augmentation**: a plain MLP of the same widths trained on all ``|G| n`` transformed copies, so an
  epoch is ``|G|`` times as many samples and steps;
* **plain**: the same plain MLP on the ``n`` samples only (a reference).

The script prints, per task and model: parameters, samples and optimiser steps per epoch, measured
seconds per epoch, test accuracy, and the invariance error ``max_g |f(g x) - f(x)| / max |f(x)|`` over
every group element on 200 test inputs. It checks: an augmented epoch has exactly ``|G|`` times the
samples of a sharing epoch; the sharing model is invariant to float32 rounding; the augmented MLP is
not exactly invariant but more invariant than the plain one; sharing learns the task (accuracy
> 0.8) with fewer parameters. Timings are printed, not checked (they depend on the machine).

Run ``python examples/augmentation_vs_sharing.py`` (about 20 s on one core); without PyTorch it prints a
message and exits with 0; it exits with status 1 if a claimed fact fails.
"""

from __future__ import annotations

import sys
import time
from typing import Any, Callable

import numpy as np

import repkit as rk

EPOCHS = 30
BATCH = 64
failures: list[str] = []

MOTIFS = {0: (1.0, 1.0, -1.0), 1: (1.0, -1.0, 1.0)}
PIECES = {0: [(0, 0), (1, 0), (1, 1)], 1: [(0, 0), (1, 0), (2, 0)]}


def claim(ok: bool, text: str) -> None:
    """Print a checked statement; remember it if it is false."""
    print(("  ok      " if ok else "  FAILED  ") + text)
    if not ok:
        failures.append(text)


# -- the two tasks ---------------------------------------------------------------------------

def shifts(x: np.ndarray) -> list[np.ndarray]:
    """The 16 cyclic shifts of a batch of signals (n, 16)."""
    return [np.roll(x, k, axis=1) for k in range(x.shape[1])]


def signals(n: int, rng: np.random.Generator, noise: float = 0.3) -> tuple[np.ndarray, np.ndarray]:
    """``n`` signals of 16 samples with one motif at a random cyclic position, and their labels."""
    x = rng.normal(0.0, noise, size=(n, 16))
    y = rng.integers(0, 2, size=n)
    for i in range(n):
        at = int(rng.integers(16))
        for k, v in enumerate(MOTIFS[int(y[i])]):
            x[i, (at + k) % 16] += v
    return x, y


def square_symmetries(x: np.ndarray) -> list[np.ndarray]:
    """The 8 images of a batch of flattened 8 x 8 images under the symmetries of the square."""
    img = x.reshape(-1, 8, 8)
    out = []
    for flip in (False, True):
        y = img[:, :, ::-1] if flip else img
        out.extend(np.rot90(y, k, axes=(1, 2)).reshape(-1, 64) for k in range(4))
    return out


def images(n: int, rng: np.random.Generator, noise: float = 0.2) -> tuple[np.ndarray, np.ndarray]:
    """``n`` flattened 8 x 8 images with one piece at a random place and orientation, and labels."""
    x = rng.normal(0.0, noise, size=(n, 8, 8))
    y = rng.integers(0, 2, size=n)
    for i in range(n):
        canvas = np.zeros((8, 8))
        a, b = rng.integers(0, 6, size=2)
        for da, db in PIECES[int(y[i])]:
            canvas[a + da, b + db] = 1.0
        if rng.integers(2):
            canvas = canvas[:, ::-1]
        x[i] += np.rot90(canvas, int(rng.integers(4)))
    return x.reshape(n, 64), y


# -- training and measuring ------------------------------------------------------------------

def train(model: Any, x: Any, y: Any, torch: Any, seed: int) -> float:
    """``EPOCHS`` epochs of Adam over (x, y) in shuffled batches; returns seconds per epoch."""
    gen = torch.Generator().manual_seed(seed)
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    t0 = time.perf_counter()
    for _ in range(EPOCHS):
        order = torch.randperm(x.shape[0], generator=gen)
        for s in range(0, x.shape[0], BATCH):
            idx = order[s:s + BATCH]
            opt.zero_grad()
            torch.nn.functional.cross_entropy(model(x[idx]), y[idx]).backward()
            opt.step()
    return (time.perf_counter() - t0) / EPOCHS


def invariance_error(model: Any, x: np.ndarray, orbit: Callable[[np.ndarray], list[np.ndarray]],
                     torch: Any) -> float:
    """``max_g max |f(g x) - f(x)| / max |f(x)|`` over every group element."""
    with torch.no_grad():
        outs = [model(torch.as_tensor(g.copy(), dtype=torch.float32)) for g in orbit(x)]
    return max(float((o - outs[0]).abs().max()) for o in outs) / float(outs[0].abs().max())


def run_task(name: str, G: Any, pixels: Any, make: Callable, orbit: Callable, n_train: int,
             torch: Any) -> dict[str, tuple]:
    from repkit.adapters.torch import EquivariantMLP

    rng = np.random.default_rng(0)
    one, reg = rk.trivial(G), rk.regular(G)
    m = pixels.dim
    width = 8 * reg.dim
    train_x, train_y = make(n_train, rng)
    test_x, test_y = make(1000, rng)
    aug_x = np.concatenate(orbit(train_x))
    aug_y = np.concatenate([train_y] * G.order)
    as_t = lambda a: torch.as_tensor(np.ascontiguousarray(a), dtype=torch.float32)  # noqa: E731
    data = {"sharing": (as_t(train_x), torch.as_tensor(train_y)),
            "augmentation": (as_t(aug_x), torch.as_tensor(aug_y)),
            "plain": (as_t(train_x), torch.as_tensor(train_y))}

    def plain_mlp() -> Any:
        return torch.nn.Sequential(torch.nn.Linear(m, width), torch.nn.ReLU(), torch.nn.Linear(width, width),
                                   torch.nn.ReLU(), torch.nn.Linear(width, 2))

    torch.manual_seed(0)
    models = {"sharing": EquivariantMLP(pixels, 2 * one, hidden=[8 * reg, 8 * reg]),
              "augmentation": plain_mlp(), "plain": plain_mlp()}
    print(f"\n{name}: |G| = {G.order}, input dim {m}, hidden widths {width}, {n_train} training samples, "
          f"{EPOCHS} epochs")
    print(f"   {'model':<13}{'params':>7}{'samples/ep':>11}{'steps/ep':>9}{'s/epoch':>9}{'test acc':>9}"
          f"{'invariance err':>15}")
    vx, vy = as_t(test_x), torch.as_tensor(test_y)
    rows = {}
    for key, model in models.items():
        x, y = data[key]
        sec = train(model, x, y, torch, seed=1)
        with torch.no_grad():
            acc = float((model(vx).argmax(-1) == vy).float().mean())
        err = invariance_error(model, test_x[:200], orbit, torch)
        n_par = sum(p.numel() for p in model.parameters())
        steps = -(-x.shape[0] // BATCH)
        rows[key] = (n_par, x.shape[0], steps, sec, acc, err)
        print(f"   {key:<13}{n_par:>7}{x.shape[0]:>11}{steps:>9}{sec:>9.3f}{acc:>9.3f}{err:>15.2e}")
    print(f"   augmentation: {rows['augmentation'][1] // rows['sharing'][1]}x the samples per epoch; measured time "
          f"per epoch {rows['augmentation'][3] / rows['plain'][3]:.1f}x the same MLP without augmentation, "
          f"{rows['augmentation'][3] / rows['sharing'][3]:.1f}x weight sharing")
    return rows


def check(name: str, order: int, rows: dict[str, tuple]) -> None:
    sh, au, pl = rows["sharing"], rows["augmentation"], rows["plain"]
    claim(au[1] == order * sh[1], f"{name}: an augmented epoch has |G| = {order} times the samples")
    claim(sh[5] < 1e-5, f"{name}: weight sharing is invariant to float32 rounding ({sh[5]:.1e})")
    claim(1e-3 < au[5] < pl[5], f"{name}: augmentation is not exactly invariant ({au[5]:.1e}) but more "
          f"than the plain MLP ({pl[5]:.1e})")
    claim(sh[4] > 0.8 and sh[0] < au[0], f"{name}: weight sharing learns the task (accuracy {sh[4]:.3f}) "
          f"with fewer parameters ({sh[0]} < {au[0]})")


def main() -> int:
    try:
        import torch
    except ImportError:
        print("augmentation_vs_sharing: PyTorch is not installed, so this example is skipped "
              "(install it with `pip install 'repkit[torch]'`)")
        return 0
    start = time.perf_counter()
    torch.set_num_threads(1)

    Z = rk.cyclic(16)
    z_rows = run_task("Z_16, cyclic shifts of 1-d signals", Z, rk.natural(Z), signals, shifts, 400, torch)
    D4 = rk.dihedral(4)
    p = rk.pixel_permutations(8)
    pix = rk.permutation_rep(D4, {"r": p["r"], "f": p["f"]})
    d_rows = run_task("D4, rotations and mirrors of 8 x 8 images", D4, pix, images, square_symmetries, 2000,
                      torch)
    print()
    check("Z_16", 16, z_rows)
    check("D4", 8, d_rows)
    print(f"total {time.perf_counter() - start:.1f} s")
    print("\nall claims hold" if not failures else f"\n{len(failures)} claim(s) FAILED")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
