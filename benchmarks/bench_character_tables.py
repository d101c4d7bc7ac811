"""Benchmark: exact character tables (Dixon--Schneider) against GAP's ``Irr(CharacterTable(G))``.

Run from the repository root::

    python benchmarks/bench_character_tables.py            # all groups, GAP measured too
    python benchmarks/bench_character_tables.py --no-gap   # repkit only
    python benchmarks/bench_character_tables.py --groups S5 M11

The groups are built from the faithful permutation generators in ``../shared/bench/groups.json``
(GAP's 1-based image lists for right actions; repkit takes the inverse permutation, see
docs/architecture.md) plus S5 and S7 written here. For each group the table prints

* ``enum ms``: ``Group.from_permutations`` and element enumeration (``G.right_table``), reported
  separately;
* ``table ms``: ``repkit.character_table(G)`` on the enumerated group, including conjugacy
  classes, class matrices, the modular splitting, the exact lift and the exact check (best of
  ``--repeat`` runs, each on a freshly built group; ``median`` shows the median too);
* ``peak MiB``: peak traced Python/NumPy allocation of one table computation (tracemalloc, a
  separate run);
* ``GAP ms``: ``Irr(CharacterTable(G))`` for the same permutation group in GAP (``gap -q``,
  ``Runtime()``, best of the same number of runs, fresh group each time; below 5 ms, where
  ``Runtime()``'s whole milliseconds are too coarse, the mean of the runs), measured in this run;
* ``ratio``: table ms / GAP ms (target: at most 5).

All times are CPU times of the process (``time.process_time`` here, ``Runtime()`` in GAP), so a
busy shared machine disturbs both sides alike.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import shutil
import statistics
import subprocess
import tempfile
import time
import tracemalloc
from typing import Any

import repkit as rk

__all__ = ["load_groups", "measure_repkit", "measure_gap", "main"]

ROOT = pathlib.Path(__file__).resolve().parent.parent
GROUPS_JSON = ROOT.parent / "shared" / "bench" / "groups.json"


def _cycle(n: int) -> list[int]:
    return [*range(2, n + 1), 1]


def _transposition(n: int) -> list[int]:
    return [2, 1, *range(3, n + 1)]


def load_groups() -> dict[str, list[list[int]]]:
    """Benchmark groups as GAP-style 1-based right-action image lists, by name."""
    groups = {"S5": [_transposition(5), _cycle(5)], "S7": [_transposition(7), _cycle(7)]}
    if GROUPS_JSON.exists():
        for entry in json.loads(GROUPS_JSON.read_text())["groups"]:
            perms = entry.get("permutation_generators_1based_right_action")
            if perms:
                groups[entry["name"]] = perms
    return groups


def _to_repkit(perms: list[list[int]]) -> dict[str, list[int]]:
    """GAP 1-based right-action image lists -> repkit 0-based images (inverse permutation)."""
    out = {}
    for j, p in enumerate(perms):
        inverse = [0] * len(p)
        for i, image in enumerate(p):
            inverse[image - 1] = i
        out[f"g{j}"] = inverse
    return out


def _build(perms: list[list[int]]) -> tuple[Any, float]:
    start = time.process_time()
    group = rk.Group.from_permutations(_to_repkit(perms))
    group.right_table  # noqa: B018  (forces the enumeration)
    return group, time.process_time() - start


def measure_repkit(perms: list[list[int]], repeat: int) -> dict[str, Any]:
    """Enumeration time, table time (best and median), peak memory and the degrees."""
    enum_times, table_times = [], []
    for _ in range(max(1, repeat)):
        group, enum = _build(perms)
        enum_times.append(enum)
        start = time.process_time()
        rk.character_table(group)
        table_times.append(time.process_time() - start)
    group, _ = _build(perms)
    tracemalloc.start()
    table = rk.character_table(group)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {
        "order": group.order,
        "classes": len(table),
        "enum": min(enum_times),
        "table": min(table_times),
        "median": statistics.median(table_times),
        "peak": peak / 2**20,
        "degrees": table.degrees,
    }


def measure_gap(perms: list[list[int]], repeat: int) -> float | None:
    """Best CPU seconds of ``Irr(CharacterTable(G))`` in GAP (fresh group per run), or None."""
    gap = shutil.which("gap")
    if gap is None:
        return None
    gens = ", ".join(f"PermList({p})" for p in perms)
    script = (
        "times := [];;\n"
        f"for i in [1..{repeat}] do G := Group({gens});; t := Runtime();; "
        "Irr(CharacterTable(G));; Add(times, Runtime() - t);; od;;\n"
        "Print(Minimum(times), \" \", Sum(times), \" \", Length(times), \"\\n\");\nQUIT;\n"
    )
    with tempfile.NamedTemporaryFile("w", suffix=".g", delete=False) as handle:
        handle.write(script)
        path = handle.name
    try:
        result = subprocess.run([gap, "-q", path], capture_output=True, text=True, timeout=600,
                                check=True)
    finally:
        pathlib.Path(path).unlink()
    best, total, count = (int(x) for x in result.stdout.split()[-3:])
    # Runtime() counts whole milliseconds: below 5 ms the mean over the runs is more precise
    return (best if best >= 5 else total / count) / 1000


def main(argv: list[str] | None = None) -> None:
    """Print the benchmark table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", nargs="*", default=["S5", "S7", "PSL(2,11)", "M11", "W(E6)"])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-gap", action="store_true")
    args = parser.parse_args(argv)
    available = load_groups()
    header = (f"{'group':<10} {'order':>6} {'classes':>7} {'enum ms':>8} {'table ms':>9} "
              f"{'median':>7} {'peak MiB':>9} {'GAP ms':>7} {'ratio':>6}")
    print(header)
    print("-" * len(header))
    for name in args.groups:
        if name not in available:
            print(f"{name:<10} (not in {GROUPS_JSON.name})")
            continue
        res = measure_repkit(available[name], args.repeat)
        gap = None if args.no_gap else measure_gap(available[name], args.repeat)
        gap_text = f"{1000 * gap:7.1f}" if gap is not None else f"{'-':>7}"
        ratio = f"{res['table'] / gap:6.2f}" if gap else f"{'-':>6}"
        print(f"{name:<10} {res['order']:>6} {res['classes']:>7} {1000 * res['enum']:8.1f} "
              f"{1000 * res['table']:9.1f} {1000 * res['median']:7.1f} {res['peak']:9.2f} "
              f"{gap_text} {ratio}")


if __name__ == "__main__":
    main()
