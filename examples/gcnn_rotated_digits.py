"""A D4 G-CNN on 32 x 32 glyphs, trained upright and tested rotated, beside a plain CNN.

The 4-pixel Z_4 convolution of ``z4_convolution.py`` grown to images: the lifting layer
``EquivariantConv2d(trivial, 4 x regular)`` and two group convolutions ``4 x regular -> 4 x
regular`` of the dihedral group D4 (rotations by quarter turns and mirrors, ``torch.rot90`` and
``torch.flip``), ReLU on the regular fields (it commutes with their permutations), 2 x 2 average
pooling (exact on even sizes: the 2 x 2 blocks are permuted by the symmetries of the square),
`GroupPooling2d` (max over each regular field) and a spatial max, then a linear head. The plain
CNN has the same layout and width (``nn.Conv2d`` with 32 channels, global max, linear head).

The data are synthetic "digits": five glyphs drawn with NumPy (a bar, an L, a T, a square ring and
a plus; no two are related by a symmetry of the square, so the label is well defined on rotated
images) at a random small offset, with Gaussian noise. Both models are trained with the same 30
Adam epochs on 400 upright glyphs only; the script prints the accuracy on an upright test set and
on a test set in which every image is rotated by a random multiple of 90 degrees and mirrored at
random, and the rotation error of each model: ``max_g |f(g x) - f(x)| / |f(x)|`` over the 8 elements, from
`repkit.adapters.aliasing.rotation_equivariance_error` (float32).

Run ``python examples/gcnn_rotated_digits.py`` (well under a minute on one core); without PyTorch
it prints a message and exits with 0; it exits with status 1 if a claimed fact fails.
"""

from __future__ import annotations

import sys
import time

import numpy as np

import repkit as rk

failures: list[str] = []

SIZE = 32


def claim(ok: bool, text: str) -> None:
    """Print a checked statement; remember it if it is false."""
    print(("  ok      " if ok else "  FAILED  ") + text)
    if not ok:
        failures.append(text)


def glyphs() -> list[np.ndarray]:
    """Five 16 x 16 glyphs with strokes 3 pixels wide, pairwise unrelated by the symmetries of the square."""
    out = []
    bar = np.zeros((16, 16))
    bar[2:14, 6:9] = 1.0                                   # vertical bar
    out.append(bar)
    ell = np.zeros((16, 16))
    ell[2:14, 3:6] = 1.0
    ell[11:14, 3:13] = 1.0                                 # L
    out.append(ell)
    tee = np.zeros((16, 16))
    tee[2:5, 2:14] = 1.0
    tee[2:14, 6:9] = 1.0                                   # T
    out.append(tee)
    ring = np.zeros((16, 16))
    ring[3:13, 3:13] = 1.0
    ring[6:10, 6:10] = 0.0                                 # square ring
    out.append(ring)
    plus = np.zeros((16, 16))
    plus[2:14, 6:9] = 1.0
    plus[6:9, 2:14] = 1.0                                  # plus
    out.append(plus)
    return out


def make_data(n: int, rng: np.random.Generator, *, rotated: bool,
              noise: float = 0.2) -> tuple[np.ndarray, np.ndarray]:
    """``n`` images (n, 1, 32, 32) and labels; ``rotated``: a random symmetry of the square each."""
    shapes = glyphs()
    labels = rng.integers(0, len(shapes), size=n)
    images = rng.normal(0.0, noise, size=(n, 1, SIZE, SIZE))
    for i in range(n):
        canvas = np.zeros((SIZE, SIZE))
        a, b = rng.integers(4, 13, size=2)                 # the glyph stays inside the frame
        canvas[a:a + 16, b:b + 16] = shapes[int(labels[i])]
        if rotated:
            if rng.integers(2):
                canvas = canvas[:, ::-1]
            canvas = np.rot90(canvas, int(rng.integers(4)))
        images[i, 0] += canvas
    return images.astype(np.float32), labels


def train(model, x, y, epochs: int, torch, seed: int) -> float:
    """Adam on the cross-entropy, shuffled mini-batches of 32; returns the last epoch's mean loss."""
    gen = torch.Generator().manual_seed(seed)
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    mean = 0.0
    for _ in range(epochs):
        perm = torch.randperm(x.shape[0], generator=gen)
        total = 0.0
        for k in range(0, x.shape[0], 32):
            idx = perm[k:k + 32]
            opt.zero_grad()
            loss = torch.nn.functional.cross_entropy(model(x[idx]), y[idx])
            loss.backward()
            opt.step()
            total += float(loss.detach()) * len(idx)
        mean = total / x.shape[0]
    return mean


def build(torch, k: int, n_classes: int):
    """The D4 G-CNN and the plain CNN of the same width (``8 k`` channels)."""
    from repkit.adapters.torch import EquivariantConv2d, GroupPooling2d

    G = rk.dihedral(4)
    one, reg = rk.trivial(G), rk.regular(G)
    nn = torch.nn
    F = torch.nn.functional

    class GCNN(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.lift = EquivariantConv2d(one, k * reg, 3, padding=1)
            self.gconv = nn.ModuleList(EquivariantConv2d(k * reg, k * reg, 3, padding=1) for _ in range(2))
            self.pool = GroupPooling2d(k * reg, "max")
            self.head = nn.Linear(k, n_classes)

        def forward(self, x):
            h = F.avg_pool2d(torch.relu(self.lift(x)), 2)
            for conv in self.gconv:
                h = F.avg_pool2d(torch.relu(conv(h)), 2)
            return self.head(self.pool(h).amax(dim=(-2, -1)))

    class PlainCNN(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.c1 = nn.Conv2d(1, 8 * k, 3, padding=1)
            self.c2 = nn.ModuleList(nn.Conv2d(8 * k, 8 * k, 3, padding=1) for _ in range(2))
            self.head = nn.Linear(8 * k, n_classes)

        def forward(self, x):
            h = F.avg_pool2d(torch.relu(self.c1(x)), 2)
            for conv in self.c2:
                h = F.avg_pool2d(torch.relu(conv(h)), 2)
            return self.head(h.amax(dim=(-2, -1)))

    return GCNN(), PlainCNN(), one, n_classes * one


def main() -> int:
    try:
        import torch
    except ImportError:
        print("gcnn_rotated_digits: PyTorch is not installed, so this example is skipped "
              "(install it with `pip install 'repkit[torch]'`)")
        return 0
    from repkit.adapters.aliasing import rotation_equivariance_error

    start = time.perf_counter()
    torch.manual_seed(0)
    torch.set_num_threads(1)
    rng = np.random.default_rng(0)
    n_classes = len(glyphs())
    gcnn, plain, one, out_rep = build(torch, k=4, n_classes=n_classes)
    n_g = sum(q.numel() for q in gcnn.parameters())
    n_p = sum(q.numel() for q in plain.parameters())
    print(f"parameters: G-CNN {n_g}, plain CNN {n_p} (both 32 channels wide)")

    tx, ty = make_data(400, rng, rotated=False)
    up_x, up_y = make_data(300, rng, rotated=False)
    rot_x, rot_y = make_data(300, rng, rotated=True)
    tx, ty = torch.as_tensor(tx), torch.as_tensor(ty)
    rows = {}
    for name, net in (("G-CNN (D4)", gcnn), ("plain CNN", plain)):
        t0 = time.perf_counter()
        loss = train(net, tx, ty, epochs=30, torch=torch, seed=1)
        net.eval()
        with torch.no_grad():
            acc_up = float((net(torch.as_tensor(up_x)).argmax(-1).numpy() == up_y).mean())
            acc_rot = float((net(torch.as_tensor(rot_x)).argmax(-1).numpy() == rot_y).mean())
            err = max(rotation_equivariance_error(net, one, out_rep, torch.as_tensor(rot_x[:32])).values())
        rows[name] = (acc_up, acc_rot, err)
        print(f"{name:<12} train loss {loss:.3f}  upright accuracy {acc_up:.3f}  rotated accuracy {acc_rot:.3f}"
              f"  rotation error {err:.1e}  ({time.perf_counter() - t0:.1f} s)")
    print()

    (g_up, g_rot, g_err), (p_up, p_rot, p_err) = rows.values()
    claim(g_err < 1e-4, f"the G-CNN's logits are invariant under the 8 symmetries to float32 rounding "
          f"({g_err:.1e} < 1e-4)")
    claim(p_err > 1e-2, f"the plain CNN's are not ({p_err:.1e} > 1e-2)")
    claim(g_up > 0.9, f"the G-CNN learns the glyphs (upright accuracy {g_up:.3f} > 0.9)")
    claim(g_rot >= p_rot, f"on rotated glyphs the G-CNN is at least as accurate as the plain CNN "
          f"({g_rot:.3f} >= {p_rot:.3f})")
    print(f"total {time.perf_counter() - start:.1f} s")
    print("\nall claims hold" if not failures else f"\n{len(failures)} claim(s) FAILED")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
