"""`EquivariantConv2d` against a plain ``nn.Conv2d``, and the build time of exact kernel bases.

Table 1: one training step (forward + backward of ``loss = y.pow(2).mean()``, CPU, float32,
``torch.set_num_threads(1)`` by default) of

* **repkit**: ``EquivariantConv2d(16 * regular(D4), 16 * regular(D4), 3, padding=1)`` (the D4
  group convolution; the kernel is formed from the parameters every step, then one conv2d);
* **peer**: ``nn.Conv2d(128, 128, 3, padding=1)``, the same channel counts;

on a batch ``64 x 128 x 32 x 32`` (``--batch``, ``--size``). Printed: fastest time per step of
``--repeat`` timed steps after a warm-up, the ratio repkit / peer, the parameter count, the
layer memory (parameters + buffers, MB) and the time to build the layer (exact basis included).

Table 2: the time and the peak Python memory (``tracemalloc``) to build the exact kernel basis
``kernel_basis(rho, rho, k, P)`` for ``P = C4, D4, C6, D6``, fibres trivial and regular,
``k = 3, 5, 7``, each case building its own point group and representations, in a process warmed
up by one throwaway build (the first build in a process also pays about 0.05 s of lazy imports).

Table 3: a G-CNN of 4 layers on ``batch x 1 x 32 x 32`` images (lifting ``trivial -> F regular``,
three ``F regular -> F regular`` group convolutions, ReLU per pixel, group max pooling and spatial
mean to ``F`` invariants) beside a plain CNN of the same width (``1 -> 8F -> 8F -> 8F -> 8F``,
spatial mean): parameters and training-step time.

With ``--escnn-python PATH``, table 1 gains escnn's ``R2Conv`` on the same layer
(``gspaces.flipRot2dOnR2(4)``, 16 regular fields in and out, kernel 3, padding 1, escnn's defaults
otherwise), run in that interpreter in a subprocess (``--escnn-worker``, which imports nothing of
repkit; escnn is never a dependency of repkit; ``benchmarks/escnn_env.sh`` makes the venv). For
both layers table 1b prints the first build (group, representations, basis, layer) and the cached
build (a second layer on the same representations in the same process: escnn keeps its sampled
bases in a module-level dict, repkit its bases on the representation instances), the step time and
the ratio repkit / escnn. escnn also keeps restricted irreps in a joblib cache on disk, inside its
installation; its first build in a new process is fast once that cache is filled, so
``--escnn-cold`` clears it first (escnn refills it) to time escnn's true first build.

Usage::

    timeout 600 python benchmarks/bench_conv.py                  # both tables
    timeout 300 python benchmarks/bench_conv.py --quick          # batch 8, k <= 5
    python benchmarks/bench_conv.py --repeat 5 --threads 2
    timeout 900 python benchmarks/bench_conv.py --escnn-python /work/.venv-escnn/bin/python --escnn-cold
"""

from __future__ import annotations

import argparse
import json
import pathlib
import subprocess
import sys
import time
import tracemalloc
from typing import Any, Callable

__all__ = ["main", "time_step", "bench_conv", "bench_bases", "bench_gcnn", "run_escnn"]


def time_step(module: Any, x: Any, repeat: int) -> float:
    """Fastest wall time of ``repeat`` forward + backward steps after one warm-up step."""
    best = float("inf")
    for n in range(repeat + 1):
        module.zero_grad(set_to_none=True)
        t0 = time.perf_counter()
        module(x).pow(2).mean().backward()
        dt = time.perf_counter() - t0
        if n:
            best = min(best, dt)
    return best


def _memory_mb(module: Any) -> float:
    return sum(t.numel() * t.element_size() for t in [*module.parameters(), *module.buffers()]) / 2 ** 20


def bench_conv(batch: int, size: int, fields: int,
               repeat: int) -> list[tuple[str, float, int, float, float, float]]:
    """Rows ``(case, seconds per step, parameters, memory MB, build seconds, cached build seconds)``.

    The cached build is a second layer on the same representations (repkit keeps its kernel bases
    on the representation instances).
    """
    import torch

    import repkit as rk
    from repkit.adapters.torch import EquivariantConv2d

    torch.manual_seed(0)
    t0 = time.perf_counter()
    G = rk.dihedral(4)
    rho = fields * rk.regular(G)
    conv = EquivariantConv2d(rho, rho, 3, padding=1)
    build = time.perf_counter() - t0
    t0 = time.perf_counter()
    EquivariantConv2d(rho, rho, 3, padding=1)
    cached = time.perf_counter() - t0
    t0 = time.perf_counter()
    plain = torch.nn.Conv2d(rho.dim, rho.dim, 3, padding=1)
    build_plain = time.perf_counter() - t0
    t0 = time.perf_counter()
    torch.nn.Conv2d(rho.dim, rho.dim, 3, padding=1)
    cached_plain = time.perf_counter() - t0
    x = torch.randn(batch, rho.dim, size, size)
    rows = []
    for name, module, b, c in ((f"EquivariantConv2d D4 {fields}x regular -> {fields}x regular", conv, build,
                                cached), (f"nn.Conv2d {rho.dim} -> {rho.dim}", plain, build_plain, cached_plain)):
        rows.append((name, time_step(module, x, repeat), sum(p.numel() for p in module.parameters()),
                     _memory_mb(module), b, c))
    return rows


def bench_gcnn(batch: int, size: int, fields: int, repeat: int) -> list[tuple[str, float, int]]:
    """Rows ``(case, seconds per step, parameters)`` for the 4-layer G-CNN and the plain CNN."""
    import torch

    import repkit as rk
    from repkit.adapters.torch import EquivariantConv2d, InvariantPooling2d

    torch.manual_seed(0)
    G = rk.dihedral(4)
    rho = fields * rk.regular(G)
    layers = [EquivariantConv2d(rk.trivial(G), rho, 3, padding=1)]
    layers += [EquivariantConv2d(rho, rho, 3, padding=1) for _ in range(3)]
    pool = InvariantPooling2d(rho, "max", spatial="mean")

    class GCNN(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.layers = torch.nn.ModuleList(layers)

        def forward(self, x: Any) -> Any:
            for layer in self.layers:
                x = torch.relu(layer(x))
            return pool(x)

    width = rho.dim
    plain = torch.nn.Sequential(torch.nn.Conv2d(1, width, 3, padding=1), torch.nn.ReLU(),
                                *[m for _ in range(3) for m in (torch.nn.Conv2d(width, width, 3, padding=1),
                                                                torch.nn.ReLU())],
                                torch.nn.AdaptiveAvgPool2d(1), torch.nn.Flatten())
    x = torch.randn(batch, 1, size, size)
    rows = []
    for name, model in ((f"G-CNN D4, 4 layers, {fields} regular fields", GCNN()),
                        (f"plain CNN, 4 layers, {width} channels", plain)):
        rows.append((name, time_step(model, x, repeat), sum(p.numel() for p in model.parameters())))
    return rows


def _escnn_worker(spec: dict[str, Any]) -> None:
    """Runs in the escnn interpreter: time escnn's ``R2Conv`` and print one JSON line per event."""
    t0 = time.perf_counter()
    import torch
    from escnn import gspaces, nn

    print(json.dumps({"event": "import", "seconds": time.perf_counter() - t0}), flush=True)
    from escnn.group import __cache_path__

    disk = pathlib.Path(__cache_path__) / "joblib"          # escnn's joblib cache of restricted irreps
    state = "warm" if disk.is_dir() and any(disk.iterdir()) else "empty"
    if spec["cold"] and state == "warm":
        from joblib import Memory

        Memory(__cache_path__, verbose=0).clear(warn=False)
        state = "cleared"
    print(json.dumps({"event": "disk", "cache": state}), flush=True)
    torch.set_num_threads(spec["threads"])
    torch.manual_seed(0)
    t0 = time.perf_counter()
    gs = gspaces.flipRot2dOnR2(N=4)
    ftype = nn.FieldType(gs, spec["fields"] * [gs.regular_repr])
    conv = nn.R2Conv(ftype, ftype, kernel_size=3, padding=1)
    first = time.perf_counter() - t0
    t0 = time.perf_counter()
    nn.R2Conv(ftype, ftype, kernel_size=3, padding=1)
    cached = time.perf_counter() - t0
    print(json.dumps({"event": "build", "first": first, "cached": cached,
                      "params": sum(p.numel() for p in conv.parameters())}), flush=True)

    class Plain(torch.nn.Module):            # tensor in, tensor out, like the other rows
        def __init__(self) -> None:
            super().__init__()
            self.conv = conv

        def forward(self, x: Any) -> Any:
            return self.conv(nn.GeometricTensor(x, ftype)).tensor

    module = Plain().train()
    x = torch.randn(spec["batch"], ftype.size, spec["size"], spec["size"])
    print(json.dumps({"event": "step", "seconds": time_step(module, x, spec["repeat"]),
                      "memory_mb": _memory_mb(module), "version": _escnn_version()}), flush=True)


def _escnn_version() -> str:
    from importlib.metadata import version

    return version("escnn")


def run_escnn(python: str, batch: int, size: int, fields: int, repeat: int, threads: int,
              timeout: float, cold: bool = False) -> dict[str, Any]:
    """Run :func:`_escnn_worker` in ``python`` and return its events merged into one dict.

    With ``cold``, the worker first clears escnn's on-disk joblib cache (it refills it), so the
    first build is escnn's first build after installation.

    Raises ``RuntimeError`` with the worker's stderr if it fails or runs out of ``timeout`` seconds.
    """
    spec = {"batch": batch, "size": size, "fields": fields, "repeat": repeat, "threads": threads,
            "cold": cold}
    try:
        proc = subprocess.run([python, str(pathlib.Path(__file__).resolve()), "--escnn-worker"],
                              input=json.dumps(spec), capture_output=True, text=True, timeout=timeout,
                              cwd="/tmp")
    except subprocess.TimeoutExpired as exc:
        raise RuntimeError(f"bench_conv: the escnn worker ran out of time ({timeout} s)") from exc
    if proc.returncode:
        raise RuntimeError(f"bench_conv: the escnn worker failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    out: dict[str, Any] = {}
    for line in proc.stdout.splitlines():
        if line.startswith("{"):
            event = json.loads(line)
            kind = event.pop("event")
            out.update({f"{kind}_{k}": v for k, v in event.items()})
    return out


def _measure(fn: Callable[[], Any]) -> tuple[float, float, Any]:
    tracemalloc.start()
    t0 = time.perf_counter()
    out = fn()
    dt = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1] / 2 ** 20
    tracemalloc.stop()
    return dt, peak, out


def bench_bases(sizes: tuple[int, ...]) -> list[tuple[str, float, float, int]]:
    """Rows ``(case, seconds, peak MB, basis dim)``."""
    import repkit as rk
    from repkit.equivariant.steerable import kernel_basis, point_group

    P = point_group("C1")
    kernel_basis(rk.trivial(P.group), rk.trivial(P.group), 3, P)          # warm-up: lazy imports
    rows = []
    for name in ("C4", "D4", "C6", "D6"):
        for fibre in ("trivial", "regular"):
            for k in sizes:
                def build(name: str = name, fibre: str = fibre, k: int = k) -> Any:
                    P = point_group(name)
                    rho = rk.trivial(P.group) if fibre == "trivial" else rk.regular(P.group)
                    return kernel_basis(rho, rho, k, P)

                dt, peak, K = _measure(build)
                rows.append((f"{name} {fibre} k={k}", dt, peak, K.dim))
    return rows


def main(argv: list[str] | None = None) -> None:
    """Run both tables and print them."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--size", type=int, default=32)
    parser.add_argument("--fields", type=int, default=16)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--quick", action="store_true", help="batch 8, kernel sizes 3 and 5")
    parser.add_argument("--skip-conv", action="store_true")
    parser.add_argument("--skip-bases", action="store_true", help="leave out table 2")
    parser.add_argument("--escnn-python", default=None,
                        help="an interpreter with escnn installed: add escnn's R2Conv to table 1")
    parser.add_argument("--escnn-timeout", type=float, default=600.0)
    parser.add_argument("--escnn-cold", action="store_true",
                        help="clear escnn's on-disk joblib cache first (its first build after install)")
    parser.add_argument("--escnn-worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.escnn_worker:
        _escnn_worker(json.loads(sys.stdin.read()))
        return
    if args.escnn_python is not None and not pathlib.Path(args.escnn_python).exists():
        parser.error(f"--escnn-python: expected an interpreter, got {args.escnn_python!r} "
                     "(run benchmarks/escnn_env.sh)")
    import torch

    torch.set_num_threads(args.threads)
    batch = 8 if args.quick else args.batch
    if not args.skip_conv:
        print(f"# training step, batch {batch} x {args.size} x {args.size}, float32, {args.threads} thread(s)")
        rows = bench_conv(batch, args.size, args.fields, args.repeat)
        peer = rows[1][1]
        print(f"{'case':<48} {'step s':>9} {'ratio':>7} {'params':>9} {'mem MB':>8} {'build s':>8}")
        esc = None
        if args.escnn_python is not None:
            esc = run_escnn(args.escnn_python, batch, args.size, args.fields, args.repeat, args.threads,
                            args.escnn_timeout, cold=args.escnn_cold)
            rows.append((f"escnn R2Conv D4 {args.fields}x regular", esc["step_seconds"], esc["build_params"],
                         esc["step_memory_mb"], esc["build_first"], esc["build_cached"]))
        for name, t, n, mem, b, _ in rows:
            print(f"{name:<48} {t:9.4f} {t / peer:7.2f} {n:9d} {mem:8.2f} {b:8.3f}")
        print()
        if esc is not None:
            print(f"# repkit against escnn {esc['step_version']} (escnn import {esc['import_seconds']:.2f} s, "
                  f"not in its build; its disk cache {esc['disk_cache']})")
            print(f"{'':<26} {'repkit':>10} {'escnn':>10} {'repkit/escnn':>13}")
            for label, mine, theirs in (("first build s", rows[0][4], esc["build_first"]),
                                        ("cached build s", rows[0][5], esc["build_cached"]),
                                        ("step s", rows[0][1], esc["step_seconds"]),
                                        ("parameters", rows[0][2], esc["build_params"])):
                fmt = "10d" if label == "parameters" else "10.4f"
                print(f"{label:<26} {mine:{fmt}} {theirs:{fmt}} {mine / theirs:13.2f}")
            print()
    if not args.skip_conv:
        print(f"# 4-layer models, batch {batch} x 1 x {args.size} x {args.size}, forward + backward")
        rows3 = bench_gcnn(batch, args.size, args.fields, args.repeat)
        print(f"{'case':<48} {'step s':>9} {'ratio':>7} {'params':>9}")
        for name, t, n in rows3:
            print(f"{name:<48} {t:9.4f} {t / rows3[1][1]:7.2f} {n:9d}")
        print()
    if args.skip_bases:
        return
    sizes = (3, 5) if args.quick else (3, 5, 7)
    print("# exact kernel basis kernel_basis(rho, rho, k, P)")
    print(f"{'case':<26} {'build s':>9} {'peak MB':>8} {'dim':>6}")
    for name, t, peak, dim in bench_bases(sizes):
        print(f"{name:<26} {t:9.4f} {peak:8.2f} {dim:6d}")


if __name__ == "__main__":
    main()
