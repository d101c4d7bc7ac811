"""Benchmark: the JAX structured layer and model against hand-written factored JAX layers.

Run from the repository root (needs the ``jax`` extra)::

    python benchmarks/bench_jax_layers.py                 # layers C = 8, 16, 32, 64 and the model
    python benchmarks/bench_jax_layers.py --channels 8 16 --repeat 50

JAX runs on the CPU with one thread (``XLA_FLAGS`` set before JAX is imported, unless already
set). For ``V = natural(S_16)`` and ``V = regular(D4)`` and each channel count ``C`` it times a
training step, ``jax.jit(jax.value_and_grad(loss))`` with ``loss = sum(layer(x) ** 2)`` on a
batch of 64, of

* ``repkit``: ``repkit.adapters.jax.EquivariantLinear(equivariant_basis(C*V, C*V))``;
* ``hand``: a hand-written factored layer with the same parameters, written for that ``V``:
  ``lambda I + gamma (J - I)`` per channel pair for S_16 (two einsums and an orbit sum), a
  gather of the 8 permutations of the regular representation and one einsum for D4;

and prints the build time (solve + layer, ms), both step times (best of 3 x ``--repeat``, ms,
after compilation), their ratio (goal: at most 1.5), the layer's stored arrays plus parameters
(MB, float32) and the ``tracemalloc`` peak of building it (MiB). The two layers are checked to
compute the same function before timing. Last, the whole-model path of issue 8:
``EquivariantMLP(V, trivial, hidden=[64 V, 64 V])`` for S_16 (build, first step with
compilation, step), beside EMLP's ``EMLP(V, T(0), S(16), ch=64, num_layers=2)`` build of
10.6 s measured with ``benchmarks/bench_emlp.py``'s recipe (not re-run here).
"""

from __future__ import annotations

import argparse
import os
import time
import tracemalloc
from typing import Any, Callable

import numpy as np

os.environ.setdefault("XLA_FLAGS", "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1")

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402

import repkit as rk  # noqa: E402
from repkit.adapters.jax import EquivariantLinear, EquivariantMLP  # noqa: E402

__all__ = ["main"]

BATCH = 64


def _best(f: Callable[..., Any], args: tuple[Any, ...], repeat: int) -> float:
    jax.block_until_ready(f(*args))
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        for _ in range(repeat):
            out = f(*args)
        jax.block_until_ready(out)
        best = min(best, (time.perf_counter() - t) / repeat)
    return best


def _hand_natural(C: int, m: int, params: dict[str, Any]) -> tuple[Any, Callable[..., Any]]:
    theta = params["theta"].reshape(C, C, 2)         # small basis of Hom(V, V): I, J - I

    def f(p: Any, x: Any) -> Any:
        lam, gam, b = p
        xr = x.reshape(x.shape[0], C, m)
        total = xr.sum(-1, keepdims=True)
        y = jnp.einsum("ac,bcm->bam", lam - gam, xr) + jnp.einsum("ac,bcm->bam", gam, total)
        return (y + b[None, :, None]).reshape(x.shape[0], C * m)

    return (theta[..., 0], theta[..., 1], params["theta_b"]), f


def _hand_regular(C: int, m: int, params: dict[str, Any], basis: Any) -> tuple[Any, Callable[..., Any]]:
    small = basis.block_arrays(np.float32)[0]         # (8, 8, 8) permutation matrices
    perms = jnp.asarray(np.argmax(small, axis=2))     # B_t[r, perms[t, r]] = 1
    theta = params["theta"].reshape(C, C, small.shape[0])

    def f(p: Any, x: Any) -> Any:
        t, b = p
        xr = x.reshape(x.shape[0], C, m)
        y = jnp.einsum("act,bctr->bar", t, xr[:, :, perms])
        return (y + b[None, :, None]).reshape(x.shape[0], C * m)

    return (theta, params["theta_b"]), f


def _layer_row(name: str, V: Any, C: int, repeat: int) -> str:
    tracemalloc.start()
    t = time.perf_counter()
    basis = rk.equivariant_basis(C * V, C * V)
    layer = EquivariantLinear(basis)
    build = time.perf_counter() - t
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    params = layer.init(jax.random.PRNGKey(0))
    x = jnp.asarray(np.random.default_rng(0).normal(size=(BATCH, C * V.dim)).astype(np.float32))
    if name.startswith("natural"):
        hand_params, hand = _hand_natural(C, V.dim, params)
    else:
        hand_params, hand = _hand_regular(C, V.dim, params, basis)
    ref = np.asarray(layer.apply(params, x))
    if not np.allclose(np.asarray(hand(hand_params, x)), ref, atol=1e-4 * float(np.abs(ref).max())):
        raise AssertionError(f"{name} C={C}: the hand-written layer computes another function")
    step = jax.jit(jax.value_and_grad(lambda p, x: (layer.apply(p, x) ** 2).sum()))
    hand_step = jax.jit(jax.value_and_grad(lambda p, x: (hand(p, x) ** 2).sum()))
    t_layer = _best(step, (params, x), repeat)
    t_hand = _best(hand_step, (hand_params, x), repeat)
    stored = sum(a.nbytes for a in (*layer.block_arrays, *layer.bias_arrays)) + 4 * layer.parameter_count
    return (f"{name:<14} {C:>4} {1e3 * build:>9.1f} {1e3 * t_layer:>10.3f} {1e3 * t_hand:>9.3f} "
            f"{t_layer / t_hand:>6.2f} {stored / 1e6:>9.3f} {peak / 2**20:>9.2f}")


def _model_row(repeat: int) -> str:
    t = time.perf_counter()
    G = rk.symmetric(16)
    V = rk.natural(G)
    t_group = time.perf_counter() - t
    t = time.perf_counter()
    model = EquivariantMLP(V, rk.trivial(G), hidden=[64 * V, 64 * V])
    t_build = time.perf_counter() - t
    params = model.init(jax.random.PRNGKey(0))
    x = jnp.asarray(np.random.default_rng(0).normal(size=(BATCH, 16)).astype(np.float32))
    step = jax.jit(jax.value_and_grad(lambda p, x: (model.apply(p, x) ** 2).sum()))
    t = time.perf_counter()
    jax.block_until_ready(step(params, x))
    t_first = time.perf_counter() - t
    t_step = _best(step, (params, x), repeat)
    return (f"EquivariantMLP(V, trivial, hidden=[64V, 64V]), S16: group+rep {1e3 * t_group:.0f} ms, "
            f"build {1e3 * t_build:.1f} ms (EMLP 10.6 s: {10.6 / t_build:.0f}x), parameters "
            f"{model.parameter_count}, first step with compilation {t_first:.2f} s, step "
            f"{1e3 * t_step:.3f} ms")


def main(argv: list[str] | None = None) -> None:
    """Print the table (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--channels", type=int, nargs="+", default=[8, 16, 32, 64])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--no-model", action="store_true")
    args = parser.parse_args(argv)
    print(f"jax {jax.__version__}, devices {jax.devices()}, XLA_FLAGS={os.environ['XLA_FLAGS']!r}")
    print(f"{'case':<14} {'C':>4} {'build ms':>9} {'repkit ms':>10} {'hand ms':>9} {'ratio':>6} "
          f"{'layer MB':>9} {'peak MiB':>9}")
    for name, V in (("natural(S16)", rk.natural(rk.symmetric(16))),
                    ("regular(D4)", rk.regular(rk.dihedral(4)))):
        for C in args.channels:
            print(_layer_row(name, V, C, args.repeat), flush=True)
    if not args.no_model:
        print(_model_row(args.repeat))


if __name__ == "__main__":
    main()
