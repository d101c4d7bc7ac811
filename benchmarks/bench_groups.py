"""Benchmark the FiniteGroup core: Schreier–Sims orders, enumeration, conjugacy classes.

Prints a table: case, repkit time, peak traced memory, baseline time and the ratio
baseline / repkit (higher is better for repkit).  The baseline is SymPy's combinatorics
(``PermutationGroup.order()``, ``.elements``, ``.conjugacy_classes()``), which is
deterministic Schreier–Sims plus plain Python closures; it is skipped where it takes minutes
(SymPy needs about 390 s for the order of S128, repkit about 0.5 s).

Run from the repository root::

    python benchmarks/bench_groups.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import math
import pathlib
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

__all__ = ["main"]

ROOT = pathlib.Path(__file__).resolve().parent.parent


def _cycle(n: int) -> list[int]:
    return list(range(1, n)) + [0]


def _swap(n: int) -> list[int]:
    return [1, 0] + list(range(2, n))


def _measure(fn: Callable[[], Any]) -> tuple[float, float, Any]:
    """Time one run without tracing, then measure the traced peak in a second run."""
    elapsed, result = _timed(fn)
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return elapsed, peak / 2**20, result


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def _cases(quick: bool) -> list[tuple[str, Callable[[], Any], Callable[[], Any] | None]]:
    import repkit as rk
    from sympy.combinatorics import Permutation, PermutationGroup

    def sympy_group(gens: list[list[int]]) -> Any:
        # SymPy composes left to right; the generated group is the same set of permutations.
        return PermutationGroup([Permutation(g) for g in gens])

    data = json.loads((ROOT / "tests" / "data" / "groups_gap.json").read_text())
    named = {g["name"]: g["generators"] for g in data["groups"] if "generators" in g}
    cases: list[tuple[str, Callable[[], Any], Callable[[], Any] | None]] = []
    for n in ([32] if quick else [32, 64, 128]):
        gens = [_cycle(n), _swap(n)]
        cases.append((f"order S{n} (Schreier-Sims)",
                      lambda g=gens: rk.permutation_group_order(g),
                      (lambda g=gens: sympy_group(g).order()) if n <= 64 else None))
    for name in (["Rubik"] if quick else ["Rubik", "M24", "PSL(3,4) on 21 points"]):
        gens = named[name]
        cases.append((f"order {name}", lambda g=gens: rk.permutation_group_order(g),
                      lambda g=gens: sympy_group(g).order()))
    for n in ([7] if quick else [7, 8, 9]):
        perms = {"c": _cycle(n), "t": _swap(n)}
        cases.append((f"enumerate S{n} ({math.factorial(n)} elements)",
                      lambda p=perms: rk.Group.from_permutations(p).right_table.shape[0],
                      (lambda p=perms: len(sympy_group(list(p.values())).elements))
                      if n <= 8 else None))
    for n in ([6] if quick else [6, 7, 8]):
        perms = {"c": _cycle(n), "t": _swap(n)}
        cases.append((f"conjugacy classes S{n}",
                      lambda p=perms: len(rk.Group.from_permutations(p).conjugacy_classes()),
                      (lambda p=perms: len(sympy_group(list(p.values())).conjugacy_classes()))
                      if n <= 6 else None))
    cases.append(("Todd-Coxeter + classes (2,3,7;8) order 10752",
                  lambda: len(rk.Group.from_presentation(
                      "<a, b | a^2, b^3, (a b)^7, [a, b]^8>").conjugacy_classes()), None))
    return cases


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and print the table.

    Examples
    --------
    >>> callable(main)
    True
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer, smaller cases")
    args = parser.parse_args(argv)
    header = f"{'case':48s} {'repkit s':>9s} {'peak MiB':>9s} {'sympy s':>9s} {'ratio':>7s}"
    print(header)
    print("-" * len(header))
    for name, ours, baseline in _cases(args.quick):
        t, peak, result = _measure(ours)
        if baseline is not None:
            tb, other = _timed(baseline)
            if other != result:
                raise SystemExit(f"{name}: repkit gave {result}, sympy {other}")
            print(f"{name:48s} {t:9.3f} {peak:9.1f} {tb:9.3f} {tb / t:7.1f}")
        else:
            print(f"{name:48s} {t:9.3f} {peak:9.1f} {'-':>9s} {'-':>7s}")


if __name__ == "__main__":
    main()
