"""Benchmark: Todd-Coxeter coset enumeration of the trivial subgroup, repkit against GAP and SymPy.

For every group of ``../shared/bench/groups.json`` (relative to the repository; ``--groups``
points elsewhere) this enumerates the cosets of the trivial subgroup with
:func:`repkit.groups.todd_coxeter.enumerate_cosets` and prints one table row:

* repkit CPU time (``time.process_time``, the clock of GAP's ``Runtime()``) and wall time, best
  of ``--repeat`` runs, with the default backend (the compiled kernel when it was built), and
  the CPU time of one run of the pure-Python fallback;
* peak memory of one run (``tracemalloc``; the kernel allocates through ``PyMem_Raw*``, which
  tracemalloc sees);
* GAP's CPU time (``Runtime()``) for ``Size(F/rels)`` and for
  ``CosetTableFromGensAndRels(gens, rels, [])``, measured in one ``gap -q`` run;
* SymPy's ``FpGroup.order()`` on the same presentation, in a subprocess with a timeout.

Targets (docs/contributing.md: benchmarks, never timed tests): every case within 2x of GAP's
``Size`` time (cases under 50 ms on both sides count as instant), W(E6) under 1.5 s.

Usage::

    python benchmarks/bench_coset_enumeration.py [--groups PATH] [--repeat 3]
        [--sympy-timeout 60] [--no-sympy] [--no-gap] [--no-python] [--strategy auto]
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from dataclasses import dataclass

from repkit.groups.todd_coxeter import enumerate_cosets, native_kernel_available

ROOT = pathlib.Path(__file__).resolve().parent.parent
DEFAULT_GROUPS = ROOT / ".." / "shared" / "bench" / "groups.json"
INSTANT_MS = 50.0

_TOKEN = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\^\s*(-?\d+))?\s*$")


@dataclass(frozen=True)
class Presentation:
    """Just what enumerate_cosets needs: generator names and relators as int tuples."""

    generators: tuple[str, ...]
    relators: tuple[tuple[int, ...], ...]


def read_gap_word(text: str, generators: tuple[str, ...]) -> tuple[int, ...]:
    """Read a word written as GAP prints it: ``a^-1*b^3*a`` (generator powers joined by ``*``)."""
    word: list[int] = []
    for part in text.split("*"):
        m = _TOKEN.match(part)
        if not m or m.group(1) not in generators:
            raise ValueError(f"cannot read {part!r} in relator {text!r} (generators {generators})")
        g = generators.index(m.group(1)) + 1
        e = int(m.group(2) or 1)
        word.extend([g if e > 0 else -g] * abs(e))
    return tuple(word)


def load_groups(path: pathlib.Path) -> list[tuple[str, int, Presentation]]:
    data = json.loads(path.read_text())
    out = []
    for g in data["groups"]:
        gens = tuple(g["generators"])
        rels = tuple(read_gap_word(r, gens) for r in g["relators"])
        out.append((g["name"], int(g["order"]), Presentation(gens, rels)))
    return out


def time_repkit(p: Presentation, order: int, repeat: int, strategy: str,
                backend: str) -> tuple[float, float]:
    """Best CPU time and best wall time in ms; checks the index against the known order.

    CPU time (``time.process_time``) is the clock GAP's ``Runtime()`` reads, so the ratio
    compares like with like on a shared machine; wall time is printed next to it.
    """
    best_cpu = best_wall = float("inf")
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        ct = enumerate_cosets(p, strategy=strategy, backend=backend)  # type: ignore[arg-type]
        best_cpu = min(best_cpu, time.process_time() - c)
        best_wall = min(best_wall, time.perf_counter() - w)
        if ct.index != order:
            raise SystemExit(f"wrong index {ct.index}, expected {order}")
    return best_cpu * 1000, best_wall * 1000


def peak_mib(p: Presentation, strategy: str) -> float:
    tracemalloc.start()
    try:
        enumerate_cosets(p, strategy=strategy)  # type: ignore[arg-type]
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def gap_word(word: tuple[int, ...]) -> str:
    if not word:
        return "One(F)"
    return "*".join(f"F.{abs(x)}" if x > 0 else f"F.{abs(x)}^-1" for x in word)


def gap_times(groups: list[tuple[str, int, Presentation]], gap: str) -> dict[str, tuple[float, float]]:
    """GAP CPU ms per group for Size(F/rels) and CosetTableFromGensAndRels, in one GAP run."""
    lines = []
    for k, (_, _, p) in enumerate(groups):
        rels = ", ".join(gap_word(r) for r in p.relators)
        lines.append(f"""
F := FreeGroup({len(p.generators)});; rels := [{rels}];;
t0 := Runtime();; n := 0;;
repeat G := F/rels;; s := Size(G);; n := n + 1;; until Runtime() - t0 >= 300;
t1 := Runtime() - t0;;
t0 := Runtime();; m := 0;;
repeat ct := CosetTableFromGensAndRels(GeneratorsOfGroup(F), rels, []);; m := m + 1;;
until Runtime() - t0 >= 300;
Print("CASE {k} ", s, " ", t1, " ", n, " ", Runtime() - t0, " ", m, "\\n");""")
    lines.append("QUIT;")
    with tempfile.NamedTemporaryFile("w", suffix=".g", delete=False) as fh:
        fh.write("\n".join(lines))
        script = fh.name
    try:
        out = subprocess.run([gap, "-q", "-o", "4g", script], capture_output=True, text=True,
                             stdin=subprocess.DEVNULL, timeout=1800, check=False).stdout
    finally:
        os.unlink(script)
    result = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 7 and parts[0] == "CASE":
            name = groups[int(parts[1])][0]
            result[name] = (int(parts[3]) / int(parts[4]), int(parts[5]) / int(parts[6]))
    return result


_SYMPY_SCRIPT = """
import sys, time, json
from sympy.combinatorics.free_groups import free_group
from sympy.combinatorics.fp_groups import FpGroup
gens, rels = json.loads(sys.argv[1])
F, *g = free_group(" ".join(gens))
def word(w):
    out = F.identity
    for x in w:
        out = out * (g[x - 1] if x > 0 else g[-x - 1] ** -1)
    return out
t = time.perf_counter()
n = FpGroup(F, [word(r) for r in rels]).order()
print(n, (time.perf_counter() - t) * 1000)
"""


def sympy_time(p: Presentation, order: int, timeout: float) -> str:
    arg = json.dumps([list(p.generators), [list(r) for r in p.relators]])
    try:
        res = subprocess.run([sys.executable, "-c", _SYMPY_SCRIPT, arg], capture_output=True,
                             text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return f">{timeout:.0f} s"
    parts = res.stdout.split()
    if res.returncode != 0 or len(parts) != 2:
        return "error"
    if int(parts[0]) != order:
        return f"wrong ({parts[0]})"
    return f"{float(parts[1]):.0f} ms"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--groups", type=pathlib.Path, default=DEFAULT_GROUPS)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--strategy", default="auto", choices=["auto", "hlt", "felsch"])
    ap.add_argument("--sympy-timeout", type=float, default=60.0)
    ap.add_argument("--no-sympy", action="store_true")
    ap.add_argument("--no-gap", action="store_true")
    ap.add_argument("--no-python", action="store_true", help="skip the pure-Python fallback column")
    args = ap.parse_args(argv)

    groups = load_groups(args.groups)
    gap = None if args.no_gap else shutil.which("gap")
    gap_res = gap_times(groups, gap) if gap else {}
    kernel = "native kernel" if native_kernel_available() else "pure Python (kernel not built)"
    print(f"repkit backend: {kernel}; strategy {args.strategy}; GAP: {gap or 'not run'}")
    header = ("| case | order | repkit CPU ms | repkit wall ms | peak MiB | pure-Python CPU ms | "
              "GAP Size ms | ratio | GAP coset-table ms | SymPy order() | target |")
    print(header)
    print("|" + "|".join("---" for _ in range(header.count("|") - 1)) + "|")
    for name, order, p in groups:
        t, wall = time_repkit(p, order, args.repeat, args.strategy, "auto")
        mem = peak_mib(p, args.strategy)
        py = "-" if args.no_python else f"{time_repkit(p, order, 1, args.strategy, 'python')[0]:.1f}"
        if name in gap_res:
            size_ms, ct_ms = gap_res[name]
            ratio = f"{t / size_ms:.2f}" if size_ms > 0 else "-"
            ok = (t <= 2 * size_ms) or (t < INSTANT_MS and size_ms < INSTANT_MS)
            gap_cols = f"{size_ms:.1f} | {ratio} | {ct_ms:.2f}"
        else:
            ok = t < INSTANT_MS
            gap_cols = "- | - | -"
        if name == "W(E6)":
            ok = ok and t < 1500
        sym = "-" if args.no_sympy else sympy_time(p, order, args.sympy_timeout)
        print(f"| {name} | {order} | {t:.2f} | {wall:.2f} | {mem:.2f} | {py} | {gap_cols} | {sym} | "
              f"{'met' if ok else 'MISSED'} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
