"""Which hidden representation? The reach report of `EquivariantMLP`, then the same models trained.

A D4-invariant classifier of 8 x 8 images (the data of ``d4_invariant_classifier.py``) with three
choices of hidden representation of about the same size:

* ``regular``: ``[8x reg, 8x reg]`` (64 features), ReLU on every feature;
* ``irreducibles``: ``[10x (1 + 3 signs + rot)]`` twice (60 features): the auto choice is ReLU on the
  trivial copies and a norm nonlinearity on the others (ReLU would break equivariance there);
* ``irreducibles, then regular``: ``[10x (1 + 3 signs + rot), 8x reg]``.

Before training, ``model.expressivity()`` says which hidden components can influence the
invariant output: with norm nonlinearities a non-trivial irreducible keeps its content, and no
equivariant map sends it to an invariant, so in the second model only the trivial copies count
(the model is built with ``allow_unreachable=True``; by default it is refused with that reason).
A point-wise layer on a permutation rep after them mixes the content, so in the third model every
component reaches the output. The script then trains the three models the same way and prints
their test accuracy.

Run ``python examples/hidden_layer_reach.py`` (about 30 s on one core); without PyTorch it prints
a message and exits with 0; it exits with status 1 if a claimed fact fails.
"""

from __future__ import annotations

import sys
import time

import numpy as np

import repkit as rk
from d4_invariant_classifier import make_data, train

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
        print("hidden_layer_reach: PyTorch is not installed, so this example is skipped "
              "(install it with `pip install 'repkit[torch]'`)")
        return 0
    from repkit.adapters.torch import EquivariantMLP

    start = time.perf_counter()
    torch.manual_seed(0)
    torch.set_num_threads(1)
    G = rk.dihedral(4)
    p = rk.pixel_permutations(8)
    pixels = rk.permutation_rep(G, {"r": p["r"], "f": p["f"]})
    one, reg, rot = rk.trivial(G), rk.regular(G), rk.dihedral_rotation(4)
    signs = [rk.Rep.from_generators(G, {"r": [[a]], "f": [[b]]}, name=f"sign{a:+d}{b:+d}")
             for a, b in ((1, -1), (-1, 1), (-1, -1))]
    irr = 10 * one + 10 * signs[0] + 10 * signs[1] + 10 * signs[2] + 10 * rot
    candidates = {"regular": [8 * reg, 8 * reg], "irreducibles": [irr, irr],
                  "irreducibles, then regular": [irr, 8 * reg]}

    rng = np.random.default_rng(0)
    train_x, train_y = make_data(4000, rng)
    test_x, test_y = make_data(1000, rng)
    tx = torch.as_tensor(train_x.reshape(-1, 64), dtype=torch.float32)
    ty = torch.as_tensor(train_y)
    vx = torch.as_tensor(test_x.reshape(-1, 64), dtype=torch.float32)
    vy = torch.as_tensor(test_y)

    results = {}
    for name, hidden in candidates.items():
        try:
            EquivariantMLP(pixels, 2 * one, hidden=hidden)
            refused = ""
        except rk.UnreachableComponentError as exc:
            refused = str(exc)
        model = EquivariantMLP(pixels, 2 * one, hidden=hidden, allow_unreachable=True)
        report = model.expressivity()
        print(f"\n{name}: hidden dims {[h.dim for h in hidden]}")
        print(report)
        loss = train(model, tx, ty, steps=1000, torch=torch, seed=1)
        with torch.no_grad():
            acc = float((model(vx).argmax(-1) == vy).float().mean())
        n = sum(q.numel() for q in model.parameters())
        results[name] = (report, refused, acc)
        print(f"parameters {n}, train loss {loss:.3f}, test accuracy {acc:.3f}")

    print()
    reg_report, reg_refused, reg_acc = results["regular"]
    irr_report, irr_refused, irr_acc = results["irreducibles"]
    mix_report, mix_refused, mix_acc = results["irreducibles, then regular"]
    claim(reg_report.unreachable == () and not reg_refused,
          "regular hidden reps: every component reaches the output")
    lost = {(r.layer, r.name) for r in irr_report.unreachable}
    claim(lost == {(layer, c.name) for layer in (0, 1) for c in [*signs, rot]},
          "irreducible hidden reps under norm nonlinearities: exactly the non-trivial components "
          "of both layers are unreachable")
    claim("can never reach the output" in irr_refused, "so that model is refused by default, "
          "with the reason")
    claim(mix_report.unreachable == (), "a point-wise regular layer after the irreducibles makes "
          "every component reach the output")
    claim(reg_acc > irr_acc + 0.05, f"trained the same way, the regular model is more accurate "
          f"({reg_acc:.3f} against {irr_acc:.3f} for the irreducibles)")
    print(f"(irreducibles, then regular: {mix_acc:.3f}); total {time.perf_counter() - start:.1f} s")
    print("\nall claims hold" if not failures else f"\n{len(failures)} claim(s) FAILED")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
