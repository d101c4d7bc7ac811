"""Benchmark: repkit's exact equivariant bases on the cases of equivariant_cases.py (prints a table).

Not a test. Usage::

    python benchmarks/bench_equivariant.py            # every case
    python benchmarks/bench_equivariant.py --quick    # the small half
    python benchmarks/bench_equivariant.py --cases "S32 V->V" "Z64xZ64 V->V" --timeout 120

Each case runs in a fresh subprocess (so a slow case is cut off at ``--timeout`` and memory is
per case). It times building the representations (``build``, the reps layer) and, separately,
the first call of ``equivariant_basis(rho_in, rho_out)`` in the process (``first solve``) and the
best of ``--repeats`` calls on freshly built representations (``best solve``; the machine is
shared, so the minimum is the least noisy figure; ``ratio`` uses it), then records the peak traced Python memory of a second solve on freshly built representations
(tracemalloc, which slows Python down, so it is not timed; NumPy buffers included, FLINT's C heap
not). The dimension is
compared with the closed form where known. The EMLP column is the first-call time measured on
this kind of machine and published in ``/work/shared/peers/emlp.md`` (``benchmarks/bench_emlp.py``
re-measures both side by side when EMLP's environment is installed); ``ratio`` = EMLP first call /
repkit best solve.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import subprocess
import sys
from typing import Any

__all__ = ["main", "EMLP_FIRST_CALL_SECONDS"]

HERE = pathlib.Path(__file__).resolve().parent

#: EMLP 1.0.3 first-call seconds from /work/shared/peers/emlp.md (None: timed out after 300 s).
EMLP_FIRST_CALL_SECONDS: dict[str, float | None] = {
    "S16 V->V": 1.68, "S32 V->V": 21.8, "S64 V->V": 73.6,
    "S6 V2->V2": 11.0, "S8 V2->V2": 13.5,
    "Z64 V->V": 13.9, "Z256 V->V": None, "Z1024 V->V": None,
    "Z8xZ8 V->V": 11.0, "Z16xZ16 V->V": None, "Z32xZ32 V->V": None,
    "D64 V->V": 121.0, "D256 V->V": None,
}

_CHILD = r"""
import json, sys, time, tracemalloc
sys.path.insert(0, {here!r})
import equivariant_cases as ec
import repkit as rk
case = next(c for c in ec.CASES if c.name == {name!r})
t0 = time.perf_counter()
rho_in, rho_out = case.build()
build = time.perf_counter() - t0
t0 = time.perf_counter()
B = rk.equivariant_basis(rho_in, rho_out)
first = time.perf_counter() - t0
solve = first
for _ in range({repeats} - 1):           # fresh representations: no per-instance cache reused
    rho_in, rho_out = case.build()
    t0 = time.perf_counter()
    rk.equivariant_basis(rho_in, rho_out)
    solve = min(solve, time.perf_counter() - t0)
rho_in, rho_out = case.build()
tracemalloc.start()
rk.equivariant_basis(rho_in, rho_out)
peak = tracemalloc.get_traced_memory()[1] / 2**20
tracemalloc.stop()
print(json.dumps(dict(build=build, first=first, solve=solve, peak=peak, dim=B.dim, shape=list(B.shape),
                      method=B.metadata.get("method"), kind=B.kind, field=B.field)))
"""


def run_case(name: str, timeout: float, repeats: int = 3) -> dict[str, Any]:
    """Run one case in a subprocess; returns its measurements or ``{"timeout": True}``."""
    code = _CHILD.format(here=str(HERE), name=name, repeats=int(repeats))
    try:
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return {"timeout": True}
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode != 0 or not lines:
        tail = (proc.stderr.strip().splitlines() or [f"exit {proc.returncode}"])[-1]
        return {"error": tail[:100]}
    return json.loads(lines[-1])


def _fmt(x: float | None) -> str:
    return "-" if x is None else f"{x:.3g}"


def main(argv: list[str] | None = None) -> int:
    """Run the selected cases and print a Markdown table; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="only the cases marked quick")
    parser.add_argument("--cases", nargs="*", help="case names to run (default: all)")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per case (build + solve)")
    parser.add_argument("--repeats", type=int, default=3, help="solves per case (best time reported)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(HERE))
    import equivariant_cases as ec

    cases = list(ec.CASES)
    if args.cases:
        wanted = set(args.cases)
        unknown = wanted - {c.name for c in cases}
        if unknown:
            print(f"bench_equivariant: unknown case names {sorted(unknown)}", file=sys.stderr)
            return 2
        cases = [c for c in cases if c.name in wanted]
    elif args.quick:
        cases = [c for c in cases if c.quick]
    head = ("| case | m_out x m_in | dim | expected | method | field | build (s) | first solve (s) "
            "| best solve (s) | peak MiB | EMLP first (s) | ratio |")
    print(head)
    print("|" + "---|" * (head.count("|") - 1))
    status = 0
    for case in cases:
        r = run_case(case.name, args.timeout, max(1, args.repeats))
        emlp = EMLP_FIRST_CALL_SECONDS.get(case.name, "n/a")
        emlp_txt = "n/a" if emlp == "n/a" else ("> 300" if emlp is None else f"{emlp:.3g}")
        if "timeout" in r or "error" in r:
            what = f"> {args.timeout:g} (timeout)" if "timeout" in r else f"error: {r['error']}"
            print(f"| {case.name} | - | - | {_fmt(case.expected_dim)} | - | - | - | {what} | - | - | "
                  f"{emlp_txt} | - |", flush=True)
            continue
        ok = case.expected_dim is None or case.expected_dim == r["dim"]
        if not ok:
            status = 1
        dim = f"{r['dim']}" + ("" if ok else " (MISMATCH)")
        if emlp == "n/a":
            ratio = "-"
        elif emlp is None:
            ratio = f"> {300 / r['solve']:.3g}"
        else:
            ratio = f"{emlp / r['solve']:.3g}"
        print(f"| {case.name} | {r['shape'][0]} x {r['shape'][1]} | {dim} | {_fmt(case.expected_dim)} "
              f"| {r['method']} | {'Q' if r['field'] == 1 else 'Q(E(%d))' % r['field']} "
              f"| {r['build']:.3g} | {r['first']:.3g} | {r['solve']:.3g} | {r['peak']:.3g} | {emlp_txt} "
              f"| {ratio} |",
              flush=True)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
