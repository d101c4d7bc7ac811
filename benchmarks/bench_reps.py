"""Benchmark: building representations, their kernels and all element images (prints a table).

Not a test. Run ``python benchmarks/bench_reps.py [--quick]``. For each group of order ~10^3, 10^4,
10^5 it times (wall clock) and measures peak Python memory (tracemalloc) of

* ``enumerate`` -- the group's own enumeration (the groups layer; the baseline every row needs),
* ``regular``   -- ``regular(G)`` from the enumerated group (image lists, no matrices),
* ``kernel``    -- ``regular(G).kernel()``, construction included (point stabilizer of the
  identity along the tree),
* ``kernel(q)`` -- the kernel of a non-faithful permutation rep, the sign as an action on 2
  points, construction (``sign`` + relator check) included (point stabilizers along the tree),
* ``images``    -- all element images of the 2-point action and of a small faithful rep
  (``permutation_images_all`` of a permutation action while ``|G| dim <= 2 * 10^7``, or
  ``images_all`` of a 1- or 2-dim cyclotomic rep while ``|G| <= 10^4``: exact cyclotomic
  products cost ~0.1-1 ms each in ``repkit.exact``); for the regular rep this is an
  ``|G| x |G|`` object, so it is run only while ``|G|^2 <= 4 * 10^6``.

Groups are given by presentations (Todd--Coxeter) except ``S_n`` (the family, by permutations).

The "ns/(|G|dim)" column divides the time by the size of the work (order x dim) to show the
linear target for permutation representations. Time is measured in a plain run and peak memory
(tracemalloc, Python allocations incl. NumPy) in a second run, since tracing slows Python loops.
"""

from __future__ import annotations

import argparse
import gc
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import repkit as rk

__all__ = ["main"]


def _measure(fn: Callable[[], Any]) -> tuple[Any, float, float]:
    """Time ``fn()`` (plain run), then measure its peak memory in a second, traced run.

    tracemalloc slows Python-level loops several-fold, so the two are measured separately;
    ``fn`` must build its objects afresh (per-instance caches would make a rerun free).
    """
    gc.collect()
    start = time.perf_counter()
    out = fn()
    elapsed = time.perf_counter() - start
    del out
    gc.collect()
    tracemalloc.start()
    out = fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return out, elapsed, peak / 2**20


def _torus_action(G: rk.Group, size: int) -> rk.Rep:
    """Z_L x Z_L on 2L points: ``a`` cycles the first L, ``b`` the last L (faithful)."""
    cycle = [(i + 1) % size for i in range(size)]
    ident = list(range(size))
    return rk.permutation_rep(G, {"a": cycle + [size + i for i in ident],
                                  "b": ident + [size + i for i in cycle]}, name="2L-point action")


Case = tuple[str, Callable[[], rk.Group], Callable[[rk.Group], rk.Rep], int]
"""(label, group builder, small-rep builder, largest order for the small-rep rows)."""

CYCLOTOMIC_MAX_ORDER = 10_000
"""Cyclotomic reps are benchmarked up to this order: exact products in Q(zeta_n) dominate."""


def _cases(quick: bool) -> list[Case]:
    def cyclic(n: int) -> Case:
        return (f"Z_{n}", lambda: rk.Group.from_presentation(f"<t | t^{n}>"),
                lambda G: rk.cyclic_character(G, 7), CYCLOTOMIC_MAX_ORDER)

    def dihedral(n: int) -> Case:
        return (f"D_{n}", lambda: rk.Group.from_presentation(f"<r, f | r^{n}, f^2, (r f)^2>"),
                rk.dihedral_rotation, CYCLOTOMIC_MAX_ORDER)

    def torus(size: int) -> Case:
        return (f"Z_{size}xZ_{size}",
                lambda: rk.Group.from_presentation(f"<a, b | a^{size}, b^{size}, [a, b]>"),
                lambda G: _torus_action(G, size), 10**9)

    def symmetric(n: int) -> Case:
        return (f"S_{n}", lambda: rk.symmetric(n), rk.natural, 10**9)

    cases = [cyclic(1000), dihedral(500), torus(32), symmetric(7),
             cyclic(10_000), dihedral(5000), torus(100), symmetric(8)]
    if not quick:
        cases += [cyclic(100_000), dihedral(50_000), torus(316), symmetric(9)]
    return cases


def _row(label: str, what: str, seconds: float, mib: float, size: int) -> str:
    per = seconds / size * 1e9 if size else float("nan")
    return f"| {label:<12} | {what:<44} | {seconds:9.4f} | {mib:9.2f} | {size:>12} | {per:10.2f} |"


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and print a Markdown table.

    Examples
    --------
    >>> callable(main)
    True
    """
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="skip the order-10^5 groups")
    args = parser.parse_args(argv)
    print(f"| {'group':<12} | {'step':<44} |  time (s) | peak MiB  | {'|G|*dim':>12} | ns/(|G|dim)|")
    print(f"|{'-' * 14}|{'-' * 46}|-----------|-----------|{'-' * 14}|------------|")
    for label, make, small, small_max_order in _cases(args.quick):
        gc.collect()
        start = time.perf_counter()
        G = _enumerated(make())
        print(_row(label, f"enumerate (groups layer), |G|={G.order}",
                   time.perf_counter() - start, float("nan"), G.order))
        reg, t, m = _measure(lambda: rk.regular(G))
        print(_row(label, "regular(G)", t, m, G.order))
        K, t, m = _measure(lambda: rk.regular(G).kernel())
        print(_row(label, f"regular(G).kernel() -> order {K.order}", t, m, G.order))
        Kq, t, m = _measure(lambda: _half_rep(G).kernel())
        print(_row(label, f"kernel of a 2-point action -> order {Kq.order}", t, m, 2 * G.order))
        A, t, m = _measure(lambda: _half_rep(G).permutation_images_all())
        print(_row(label, "2-point action: all image lists", t, m, A.size))
        if G.order ** 2 <= 4_000_000:
            A, t, m = _measure(lambda: rk.regular(G).permutation_images_all())
            print(_row(label, "regular: permutation_images_all()", t, m, A.size))
        if G.order > small_max_order:
            continue
        rho = small(G)
        if rho.is_permutation() and G.order * rho.dim <= 20_000_000:
            A, t, m = _measure(lambda: small(G).permutation_images_all())
            print(_row(label, f"{rho.name} (dim {rho.dim}): all image lists", t, m, A.size))
        elif not rho.is_permutation():
            imgs, t, m = _measure(lambda: small(G).images_all())
            print(_row(label, f"{rho.name} (dim {rho.dim}, Q(E({rho.field}))): images_all()", t, m,
                       len(imgs) * rho.dim))
        f, t, m = _measure(lambda: small(G).faithfulness())
        print(_row(label, f"{rho.name}: faithfulness() -> {f.is_faithful}", t, m, G.order))


def _enumerated(G: rk.Group) -> rk.Group:
    _ = G.right_table
    return G


def _half_rep(G: rk.Group) -> rk.Rep:
    """The sign as an action on 2 points (a non-faithful permutation rep), built afresh."""
    s = rk.sign(G)
    images = {n: ([1, 0] if s(n)[0, 0] == -1 else [0, 1]) for n in G.generators}
    return rk.permutation_rep(G, images, name="2-point action")


if __name__ == "__main__":
    main()
