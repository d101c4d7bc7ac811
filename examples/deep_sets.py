"""Deep Sets trained on sets of 8 numbers, run unchanged on sets of 32: size-free S_n layers.

The task is synthetic: a set of ``n`` numbers drawn uniformly from [-1, 1], the target its maximum.
The model is a stack of three ``SetLinear(1, 1, ...)`` layers (each
``y = lambda x + gamma (sum_{j != i} x_j) + beta`` per channel pair, two weights whatever ``n``),
ReLU between them, ``SetPooling("max")`` over the points and a small MLP head. Its parameters do
not depend on ``n``, so the model trained on ``n = 8`` runs on ``n = 32`` as it is.

Two versions are trained the same way: ``aggregation="sum"`` (the plain sum over the other points,
the layer of ``rk.equivariant_basis`` with the same numbers) and ``aggregation="mean"`` (the same
coefficient divides that sum by ``n``). The sum of 32 numbers is on another scale than the sum of
8, and the first version breaks on the larger sets; the averaged one keeps its error small.
The script prints the root-mean-square error at n = 8 and n = 32 for both, beside the spread of
the target (the error of the best constant guess), and checks permutation invariance at n = 32.

Run ``python examples/deep_sets.py`` (about 15 s on one core); without PyTorch it prints a message
and exits with 0; it exits with status 1 if a claimed fact fails.
"""

from __future__ import annotations

import sys
import time

failures: list[str] = []

TRAIN_N, TEST_N, WIDTH, STEPS, BATCH = 8, 32, 32, 1200, 128


def claim(ok: bool, text: str) -> None:
    """Print a checked statement; remember it if it is false."""
    print(("  ok      " if ok else "  FAILED  ") + text)
    if not ok:
        failures.append(text)


def make_data(m: int, n: int, gen, torch):
    """``m`` sets of ``n`` numbers, shape (m, 1, n) (one channel), and their maxima (m, 1)."""
    x = torch.rand(m, 1, n, generator=gen) * 2 - 1
    return x, x.amax(-1)


def deep_sets(aggregation: str, torch):
    """Three size-free set layers, max pooling, an MLP head."""
    from repkit.adapters.torch import SetLinear, SetPooling

    return torch.nn.Sequential(
        SetLinear(1, 1, 1, WIDTH, aggregation=aggregation), torch.nn.ReLU(),
        SetLinear(1, 1, WIDTH, WIDTH, aggregation=aggregation), torch.nn.ReLU(),
        SetLinear(1, 1, WIDTH, WIDTH, aggregation=aggregation),
        SetPooling("max"),
        torch.nn.Linear(WIDTH, WIDTH), torch.nn.ReLU(), torch.nn.Linear(WIDTH, 1))


def train(model, torch, seed: int) -> float:
    """Adam on fresh batches of sets of TRAIN_N points; returns the last batch's mean squared error."""
    gen = torch.Generator().manual_seed(seed)
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    loss = torch.tensor(0.0)
    for _ in range(STEPS):
        x, y = make_data(BATCH, TRAIN_N, gen, torch)
        loss = (model(x) - y).pow(2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
    return float(loss.detach())


def rmse(model, x, y) -> float:
    """Root-mean-square error of a model on a batch."""
    return float((model(x) - y).pow(2).mean().sqrt())


def main() -> int:
    try:
        import torch
    except ImportError:
        print("examples/deep_sets.py needs PyTorch, which is not installed "
              "(install it with `pip install 'repkit[torch]'`)")
        return 0
    torch.manual_seed(0)
    torch.set_num_threads(1)
    test_gen = torch.Generator().manual_seed(12345)
    tests = {n: make_data(4000, n, test_gen, torch) for n in (TRAIN_N, TEST_N)}
    spread = {n: float(y.std()) for n, (_, y) in tests.items()}

    errors: dict[str, dict[int, float]] = {}
    models = {}
    for aggregation in ("sum", "mean"):
        model = deep_sets(aggregation, torch)
        start = time.perf_counter()
        train(model, torch, seed=1)
        seconds = time.perf_counter() - start
        with torch.no_grad():
            errors[aggregation] = {n: rmse(model, x, y) for n, (x, y) in tests.items()}
        models[aggregation] = model
        n_params = sum(p.numel() for p in model.parameters())
        print(f"aggregation={aggregation!r}: {n_params} parameters (for every n), trained on "
              f"n = {TRAIN_N} in {seconds:.1f} s")

    print("\nRMSE of the predicted maximum (target spread = error of the best constant guess)")
    print(f"{'model':<20}{'n = ' + str(TRAIN_N):>12}{'n = ' + str(TEST_N):>12}")
    for aggregation in ("sum", "mean"):
        e = errors[aggregation]
        print(f"{'Deep Sets, ' + aggregation:<20}{e[TRAIN_N]:>12.4f}{e[TEST_N]:>12.4f}")
    print(f"{'target spread':<20}{spread[TRAIN_N]:>12.4f}{spread[TEST_N]:>12.4f}\n")

    claim(all(errors[a][TRAIN_N] < 0.1 * spread[TRAIN_N] for a in errors),
          f"both models fit the training size n = {TRAIN_N} (RMSE < 10% of the target spread)")
    claim(errors["mean"][TEST_N] < spread[TEST_N],
          f"the averaged model, run unchanged on n = {TEST_N}, beats the best constant guess "
          f"for that size ({errors['mean'][TEST_N]:.4f} < {spread[TEST_N]:.4f})")
    claim(errors["mean"][TEST_N] < errors["sum"][TEST_N],
          f"on n = {TEST_N} averaging beats plain sums ({errors['mean'][TEST_N]:.4f} < "
          f"{errors['sum'][TEST_N]:.4f}): the sum over the others grows with n")
    x, _ = tests[TEST_N]
    perm = torch.randperm(TEST_N, generator=torch.Generator().manual_seed(3))
    with torch.no_grad():
        y = models["mean"](x)
        diff = float((models["mean"](x[:, :, perm]) - y).abs().max())
    claim(diff <= 1e-5 * max(1.0, float(y.abs().max())),
          f"the output on n = {TEST_N} is invariant under a permutation of the points "
          f"(max difference {diff:.2g})")

    if failures:
        print(f"{len(failures)} claim(s) failed")
        return 1
    print("all claims hold")
    return 0


if __name__ == "__main__":
    sys.exit(main())
