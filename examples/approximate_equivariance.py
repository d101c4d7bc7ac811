"""Approximate equivariance: the exact projector, and an equivariant path plus a penalized free path.

Data whose symmetry is slightly broken: 1-d periodic signals of N = 16 pixels, translated by the
cyclic group Z_16, and a target map ``y = W_true x + noise`` with ``W_true = C + E``: ``C`` a local
circulant (a convolution, exactly equivariant) and ``E`` a small position-dependent gain (a
diagonal with mean 0), which breaks the symmetry. The exact projector of
`repkit.equivariant.projection` splits ``W_true`` into its equivariant part and its residual
exactly over Q (the equivariant part of ``E`` is 0, so ``P(W_true) = C``).

The model is one layer with two paths (residual pathway priors, Finzi, Benton and Wilson 2021):
``f(x) = W_eq x + W_res x`` with ``W_eq`` an `EquivariantLinear` (16 shared weights) and ``W_res`` a
free ``nn.Linear`` (256 weights) whose prior is the penalty ``lambda |W_res|_F^2``. ``lambda = 0`` is a
free linear map; ``lambda = inf`` is the purely equivariant layer (no residual path). Relaxed
equivariance (Wang, Walters and Yu 2022) has the same trade-off with a different relaxation; only the
residual path is built here. Each model is trained to convergence (full-batch L-BFGS, float64) on
32 noisy samples; for each lambda the script prints the learned map's equivariance error
``|W - P(W)|_F / |W|_F`` (P the projector onto the circulants), its functional equivariance error
``max_shift |f(T x) - T f(x)| / max |f(x)|`` and its test loss (mean squared error against the
noise-free targets on fresh inputs).

Claims checked: the exact split of ``W_true``; the equivariance error falls monotonically as lambda
grows and is 0 to rounding for the equivariant layer; a middle lambda has a lower test loss than both
the free map and the equivariant layer (the trade-off); projecting the free map after training is
exactly equivariant but not as good as the best prior.

Run ``python examples/approximate_equivariance.py`` (about 5 s); without PyTorch it prints a message and
exits with 0; it exits with status 1 if a claimed fact fails.
"""

from __future__ import annotations

import math
import sys
import time
from fractions import Fraction

import numpy as np

import repkit as rk
from repkit.exact import Matrix
from repkit.equivariant.projection import EquivariantProjector

N = 16
N_TRAIN = 32
NOISE = 0.5
LAMBDAS = (0.0, 0.01, 0.1, 1.0, 10.0, math.inf)
failures: list[str] = []


def claim(ok: bool, text: str) -> None:
    """Print a checked statement; remember it if it is false."""
    print(("  ok      " if ok else "  FAILED  ") + text)
    if not ok:
        failures.append(text)


def true_map(sites: np.ndarray) -> tuple[Matrix, Matrix]:
    """Exact ``C`` (local circulant, kernel (1/2, 1, -1/4) at offsets -1, 0, +1) and ``E`` (diagonal
    gains of mean 0), in the index order of ``regular(translations(N))`` (site ``sites[i]``)."""
    kernel = {-1: Fraction(1, 2), 0: Fraction(1), 1: Fraction(-1, 4)}
    C = Matrix([[kernel.get(((int(sites[j]) - int(sites[i]) + N // 2) % N) - N // 2, 0)
                 for j in range(N)] for i in range(N)])
    gains = [Fraction(3, 10) * (1 if int(s) < N // 2 else -1) for s in sites]
    E = Matrix.diag(gains)
    return C, E


def fit(model, x, y, lam: float, torch) -> None:
    """Minimise ``mean |f(x) - y|^2 + lam |W_res|^2`` to convergence (full-batch L-BFGS)."""
    opt = torch.optim.LBFGS(model.parameters(), lr=1.0, max_iter=500, tolerance_grad=1e-12,
                            tolerance_change=1e-14, history_size=50, line_search_fn="strong_wolfe")

    def closure():
        opt.zero_grad()
        loss = ((model(x) - y) ** 2).sum(-1).mean()
        if model.res is not None and lam > 0:
            loss = loss + lam * (model.res.weight ** 2).sum()
        loss.backward()
        return loss

    opt.step(closure)


def main() -> int:
    try:
        import torch
    except ImportError:
        print("approximate_equivariance: PyTorch is not installed, so this example is skipped "
              "(install it with `pip install 'repkit[torch]'`)")
        return 0
    from repkit.adapters.torch import EquivariantLinear

    start = time.perf_counter()
    torch.manual_seed(0)
    torch.set_num_threads(1)
    G = rk.translations(N)
    R = rk.regular(G)
    B = R >> R
    P = EquivariantProjector.from_basis(B)
    sites = rk.site_map(R)
    C, E = true_map(sites)
    W_true = C + E

    print("1. the exact projector splits the target map")
    claim(P(W_true) == C and P(E) == Matrix.zeros(N, N) and P.residual(W_true) == E,
          "P(W_true) = C and W_true - P(W_true) = E, exactly over Q")
    broken = P.relative_distance(W_true)
    print(f"   symmetry breaking of the target: |W_true - P(W_true)| / |W_true| = {broken:.3f}")

    class TwoPath(torch.nn.Module):
        def __init__(self, residual: bool) -> None:
            super().__init__()
            self.eq = EquivariantLinear(B, bias=False, dtype=torch.float64)
            self.res = torch.nn.Linear(N, N, bias=False, dtype=torch.float64) if residual else None
            if self.res is not None:
                torch.nn.init.zeros_(self.res.weight)

        def forward(self, x):
            out = self.eq(x)
            return out if self.res is None else out + self.res(x)

        def weight(self) -> np.ndarray:
            W = self.eq.weight()
            if self.res is not None:
                W = W + self.res.weight
            return W.detach().numpy()

    rng = np.random.default_rng(0)
    Wt = W_true.to_numpy(np.float64)
    x_train = rng.normal(size=(N_TRAIN, N))
    y_train = x_train @ Wt.T + NOISE * rng.normal(size=(N_TRAIN, N))
    x_test = rng.normal(size=(2000, N))
    y_test = x_test @ Wt.T
    tx, ty = torch.as_tensor(x_train), torch.as_tensor(y_train)
    vx, vy = torch.as_tensor(x_test), torch.as_tensor(y_test)
    shift = torch.as_tensor(R.images[0].to_numpy(np.float64))
    shifts = [torch.linalg.matrix_power(shift, k) for k in range(1, N)]

    def measure(model) -> tuple[float, float, float]:
        with torch.no_grad():
            out = model(vx[:200])
            fe = max(float((model(vx[:200] @ T.T) - out @ T.T).abs().max()) for T in shifts)
            fe /= float(out.abs().max())
            test = float(((model(vx) - vy) ** 2).sum(-1).mean())
        return P.relative_distance(model.weight()), fe, test

    print(f"\n2. equivariant path + free residual path, penalty lambda |W_res|^2 "
          f"(N = {N}, {N_TRAIN} samples, noise {NOISE})")
    print(f"   {'lambda':>8}  {'params':>6}  {'equiv. error |W-P(W)|/|W|':>26}  {'functional':>10}  "
          f"{'test loss':>9}")
    rows = []
    for lam in LAMBDAS:
        model = TwoPath(residual=not math.isinf(lam))
        fit(model, tx, ty, lam, torch)
        err, fe, test = measure(model)
        n_par = sum(p.numel() for p in model.parameters())
        rows.append((lam, err, fe, test))
        label = "inf (eq)" if math.isinf(lam) else f"{lam:g}"
        print(f"   {label:>8}  {n_par:>6}  {err:>26.3e}  {fe:>10.3e}  {test:>9.4f}")
    free = TwoPath(residual=True)
    fit(free, tx, ty, 0.0, torch)
    W_proj = P(free.weight())
    proj_test = float((((x_test @ W_proj.T) - y_test) ** 2).sum(-1).mean())
    print(f"   {'free, then projected':>26}: equivariance error {P.relative_distance(W_proj):.1e}, "
          f"test loss {proj_test:.4f}")
    noise_floor = float((((x_test @ C.to_numpy(np.float64).T) - y_test) ** 2).sum(-1).mean())
    print(f"   the exact circulant C alone has test loss {noise_floor:.4f} (the cost of the broken symmetry)")

    errs = [r[1] for r in rows]
    tests = [r[3] for r in rows]
    best = int(np.argmin(tests))
    claim(all(a > b for a, b in zip(errs, errs[1:])),
          "the equivariance error falls strictly as lambda grows")
    claim(errs[-1] < 1e-12 and rows[-1][2] < 1e-12,
          f"the equivariant layer is equivariant to rounding ({errs[-1]:.1e}, functional {rows[-1][2]:.1e})")
    claim(0 < best < len(LAMBDAS) - 1 and tests[best] < min(tests[0], tests[-1]),
          f"a middle prior (lambda = {LAMBDAS[best]:g}, test loss {tests[best]:.4f}) beats both the free map "
          f"({tests[0]:.4f}) and the equivariant layer ({tests[-1]:.4f})")
    claim(P.relative_distance(W_proj) < 1e-12 and proj_test > tests[best],
          "projecting the free map afterwards is equivariant but worse than the best prior")
    print(f"total {time.perf_counter() - start:.1f} s")
    print("\nall claims hold" if not failures else f"\n{len(failures)} claim(s) FAILED")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
