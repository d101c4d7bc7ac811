"""Training step of the structured `EquivariantLinear` against hand-written factored torch layers.

For ``V = natural(S_16)`` and ``V = regular(D_4)`` and ``C = 8, 16, 32, 64`` channels, one training
step (forward + backward of ``loss = y.pow(2).mean()``, batch 64, CPU, ``torch.set_num_threads(1)``,
float32) of

* **repkit**: ``EquivariantLinear(rk.equivariant_basis(C * V, C * V))`` with each strategy
  (``auto``, the default; ``form``: build ``W`` from the blocks, one matmul; ``contract``: contract
  with the small bases, never forming ``W``; ``factored``: identity/monomial elements as channel
  mixes and gathers, the others through their exact rank factorisation);
* **peer**: a hand-written factored layer with the same parameters: for ``S_n``,
  ``y[a, r] = sum_c lam[a, c] x[c, r] + gam[a, c] sum_s x[c, s] + b[a]`` (two einsums); for the
  regular rep of ``D_4``, the group convolution ``W[a, c] = theta[a, c][T]`` gathered through the
  8 x 8 table ``T[r, s]`` = index of ``g_r g_s^-1`` (read from the small exact basis's sharing
  pattern), then one matmul, plus the invariant bias ``b[a] * 1``.

Printed per case: the time per step (fastest of ``--repeat`` timed steps after warm-up), the ratio
repkit / peer (goal <= 1.5), and the layer memory in MB (parameters + buffers, float32), next to
the build time of the layer (exact solve included). A second table times building
``EquivariantMLP(V, trivial, hidden=[64 V, 64 V])`` for ``S_16`` (the whole user path: groups,
reps, structured solves, the reach check, the modules) and its training step, next to EMLP's
``EMLP(V, T(0), S(16), ch=64, num_layers=2)`` (build, first jitted step, warm step, in EMLP's own
virtual environment, ``benchmarks/emlp_env.sh``; ``--emlp-python`` or ``REPKIT_EMLP_PYTHON``
points to it; skipped with a message when it is missing). EMLP's parameter count differs: it
allocates its own hidden representation for ``ch=64``.

Usage::

    timeout 600 python benchmarks/bench_layers.py               # every case
    timeout 300 python benchmarks/bench_layers.py --quick       # C = 8, 16 only
    python benchmarks/bench_layers.py --repeat 50 --channels 8 64
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from typing import Any, Callable

import numpy as np

__all__ = ["main", "time_step", "factored_sn", "factored_regular", "run_emlp_mlp"]

DEFAULT_EMLP_PYTHON = os.environ.get("REPKIT_EMLP_PYTHON", "/work/.venv-emlp/bin/python")

# Runs inside EMLP's venv (no repkit import): build the model, then time jitted gradient steps.
_EMLP_WORKER = """
import os, time, json
os.environ.setdefault("XLA_FLAGS", "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1")
import logging; logging.disable(logging.WARNING)
import numpy as np
from emlp.reps import V, T
from emlp.groups import S
import emlp.nn as nn
import objax, jax
t0 = time.perf_counter()
model = nn.EMLP(V, T(0), S(16), ch=64, num_layers=2)
build = time.perf_counter() - t0
x = np.random.default_rng(0).normal(size=(BATCH, 16)).astype(np.float32)
gv = objax.GradValues(lambda x: (model(x) ** 2).mean(), model.vars())
step = objax.Jit(lambda x: gv(x), gv.vars())
t1 = time.perf_counter(); jax.block_until_ready(step(x)); first = time.perf_counter() - t1
times = []
for _ in range(REPEAT):
    t1 = time.perf_counter(); jax.block_until_ready(step(x)); times.append(time.perf_counter() - t1)
print(json.dumps({"build": build, "first_step": first, "step": min(times),
                  "params": int(sum(v.value.size for v in model.vars().values()))}))
"""


def run_emlp_mlp(python: str, batch: int, repeat: int, timeout: float) -> dict[str, Any] | str:
    """EMLP's S16 model in its own interpreter: a dict of figures, or the reason it did not run."""
    if not os.path.exists(python):
        return f"no EMLP interpreter at {python} (run benchmarks/emlp_env.sh)"
    code = _EMLP_WORKER.replace("BATCH", str(batch)).replace("REPEAT", str(repeat))
    try:
        done = subprocess.run([python, "-c", code], capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return f"> {timeout:.0f} s (timeout)"
    if done.returncode != 0:
        return "failed: " + (done.stderr.strip().splitlines() or ["?"])[-1]
    return json.loads(done.stdout.strip().splitlines()[-1])


def time_step(module: Any, x: Any, repeat: int) -> float:
    """Fastest of ``repeat`` forward + backward steps (seconds), after three warm-up steps.

    The minimum, as ``timeit`` reports, because the machine is shared: slower runs measure the
    other processes, not the layer.
    """
    for _ in range(3):
        module.zero_grad(set_to_none=True)
        module(x).pow(2).mean().backward()
    times = []
    for _ in range(repeat):
        module.zero_grad(set_to_none=True)
        t0 = time.perf_counter()
        module(x).pow(2).mean().backward()
        times.append(time.perf_counter() - t0)
    return min(times)


def _megabytes(module: Any) -> float:
    total = sum(t.numel() * t.element_size() for t in list(module.parameters()) + list(module.buffers()))
    return total / 2**20


def factored_sn(torch: Any, C: int, n: int) -> Any:
    """The hand-written ``lam I + gam 11^T`` layer for ``C`` channels of ``natural(S_n)``."""

    class FactoredSn(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.lam = torch.nn.Parameter(torch.randn(C, C) / C**0.5)
            self.gam = torch.nn.Parameter(torch.randn(C, C) / (C * n))
            self.b = torch.nn.Parameter(torch.zeros(C))

        def forward(self, x: Any) -> Any:
            x = x.reshape(x.shape[0], C, n)
            y = torch.einsum("ac,ncr->nar", self.lam, x)
            y = y + (torch.einsum("ac,nc->na", self.gam, x.sum(-1)) + self.b)[..., None]
            return y.reshape(x.shape[0], C * n)

    return FactoredSn()


def factored_regular(torch: Any, C: int, table: np.ndarray) -> Any:
    """The hand-written group convolution for ``C`` channels of a regular rep (``table``: g_r g_s^-1)."""
    m = table.shape[0]

    class FactoredRegular(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.theta = torch.nn.Parameter(torch.randn(C, C, m) / (C * m) ** 0.5)
            self.b = torch.nn.Parameter(torch.zeros(C))
            self.register_buffer("table", torch.as_tensor(np.array(table), dtype=torch.long),
                                 persistent=False)

        def forward(self, x: Any) -> Any:
            W = self.theta[:, :, self.table].permute(0, 2, 1, 3).reshape(C * m, C * m)
            return x @ W.T + self.b.repeat_interleave(m)

    return FactoredRegular()


def _cases(rk: Any) -> list[tuple[str, Any, Callable[[Any, int], Any]]]:
    S16 = rk.natural(rk.symmetric(16))
    reg = rk.regular(rk.dihedral(4))
    small = rk.equivariant_basis(reg, reg)
    pattern = np.asarray(small.pattern)

    return [("natural(S16)", S16, lambda torch, C: factored_sn(torch, C, 16)),
            ("regular(D4)", reg, lambda torch, C: factored_regular(torch, C, pattern))]


def _mlp_table(args: Any, torch: Any, rk: Any, EquivariantMLP: Any) -> None:
    """The S16 model, built before any S16 object exists in the process, and EMLP's.

    Imports are excluded on both sides (EMLP's build is timed after its imports): a model of
    ``S_3`` is built first, so that repkit's lazily imported modules are loaded.
    """
    S3 = rk.symmetric(3)
    EquivariantMLP(rk.natural(S3), rk.trivial(S3), hidden=[2 * rk.natural(S3)])
    t0 = time.perf_counter()
    G = rk.symmetric(16)
    V = rk.natural(G)
    model = EquivariantMLP(V, rk.trivial(G), hidden=[64 * V, 64 * V])
    build = time.perf_counter() - t0
    x = torch.randn(args.batch, 16)
    step = time_step(model, x, args.repeat)
    n_params = sum(p.numel() for p in model.parameters())
    print(f"{'model':<48} {'build s':>8} {'1st step s':>10} {'step ms':>8} {'params':>8}")
    print(f"{'repkit EquivariantMLP(V, 1, [64V, 64V]), S16':<48} {build:>8.3f} {'-':>10} "
          f"{1e3 * step:>8.3f} {n_params:>8}")
    emlp = run_emlp_mlp(args.emlp_python, args.batch, args.repeat, args.emlp_timeout)
    if isinstance(emlp, str):
        print(f"{'EMLP(V, T(0), S(16), ch=64, num_layers=2)':<48} {emlp}")
    else:
        print(f"{'EMLP(V, T(0), S(16), ch=64, num_layers=2)':<48} {emlp['build']:>8.3f} "
              f"{emlp['first_step']:>10.3f} {1e3 * emlp['step']:>8.3f} {emlp['params']:>8}")
        print(f"build: repkit {emlp['build'] / build:.0f}x faster (goal 100x); training step: "
              f"{emlp['step'] / step:.1f}x faster")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--channels", type=int, nargs="+", default=[8, 16, 32, 64])
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--quick", action="store_true", help="C = 8, 16 only")
    parser.add_argument("--no-mlp", action="store_true", help="skip the S16 EquivariantMLP table")
    parser.add_argument("--emlp-python", default=DEFAULT_EMLP_PYTHON)
    parser.add_argument("--emlp-timeout", type=float, default=300.0)
    args = parser.parse_args(argv)
    import torch

    import repkit as rk
    from repkit.adapters.torch import EquivariantLinear, EquivariantMLP

    torch.set_num_threads(1)
    torch.manual_seed(0)
    channels = [8, 16] if args.quick else args.channels
    if not args.no_mlp:
        _mlp_table(args, torch, rk, EquivariantMLP)
        print()
    print(f"torch {torch.__version__}, 1 thread, batch {args.batch}, float32, fastest of {args.repeat} steps")
    head = (f"{'case':<22} {'build s':>8} {'auto ms':>8} {'form ms':>8} {'contr ms':>8} {'peer ms':>8} "
            f"{'fact ms':>8} {'ratio':>6} {'layer MB':>9} {'peer MB':>8} {'params':>8}")
    print(head)
    print("-" * len(head))
    worst = 0.0
    for name, V, peer_of in _cases(rk):
        for C in channels:
            t0 = time.perf_counter()
            layer = EquivariantLinear(rk.equivariant_basis(C * V, C * V))
            build = time.perf_counter() - t0
            peer = peer_of(torch, C)
            x = torch.randn(args.batch, C * V.dim)
            n_layer = sum(p.numel() for p in layer.parameters())
            n_peer = sum(p.numel() for p in peer.parameters())
            if n_layer != n_peer:
                print(f"FAILED: {name} C={C}: {n_layer} parameters against the peer's {n_peer}")
                return 1
            times = {}
            for strategy in ("auto", "form", "contract", "factored"):
                layer.strategy = strategy
                times[strategy] = time_step(layer, x, args.repeat)
            layer.strategy = "auto"
            t_peer = time_step(peer, x, args.repeat)
            ratio = times["auto"] / t_peer
            worst = max(worst, ratio)
            print(f"{name + f' C={C}':<22} {build:>8.3f} {1e3 * times['auto']:>8.3f} "
                  f"{1e3 * times['form']:>8.3f} {1e3 * times['contract']:>8.3f} {1e3 * t_peer:>8.3f} "
                  f"{1e3 * times['factored']:>8.3f} "
                  f"{ratio:>6.2f} {_megabytes(layer):>9.3f} {_megabytes(peer):>8.3f} {n_layer:>8}")
    print(f"worst ratio repkit(auto) / peer: {worst:.2f} (goal <= 1.5)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
