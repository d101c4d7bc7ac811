"""Benchmarks of the exact layer (a script, not a test): python tests/exact/bench_exact.py [--full].

Prints case, seconds, peak RSS and the ratio against the named baseline. ``--full`` adds the
dense baselines of the 8192 x 4096 system (about 25 s each).
"""

from __future__ import annotations

import random
import resource
import sys
import time

import flint

from repkit.exact import Cyclotomic, Matrix, nullspace_sparse


def _timed(fn):
    t = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def commutant_rows(perms, n):
    rows = []
    for p in perms:
        pinv = [0] * n
        for i, j in enumerate(p):
            pinv[j] = i
        for a in range(n):
            for b in range(n):
                d: dict[int, int] = {}
                for k, v in ((pinv[a] * n + b, 1), (a * n + p[b], -1)):
                    d[k] = d.get(k, 0) + v
                rows.append({k: v for k, v in d.items() if v})
    return rows


def dihedral(n):
    return [[(i + 1) % n for i in range(n)], [(-i) % n for i in range(n)]]


def report(case, seconds, baseline=None, base_name=""):
    ratio = f"{baseline / seconds:8.1f}x vs {base_name}" if baseline else ""
    print(f"{case:58s} {seconds:9.3f}s {_rss_mb():9.0f} MB  {ratio}")


def main(full: bool) -> None:
    print(f"{'case':58s} {'time':>10s} {'peak RSS':>12s}  ratio")
    for n in (32, 64):
        rows = commutant_rows(dihedral(n), n)
        N, ts = _timed(lambda: nullspace_sparse(rows, n * n))
        label = f"D{n} perm commutant {len(rows)}x{n * n}: nullspace_sparse (dim {N.nrows})"
        if n == 32 or full:
            p = 2**31 - 1
            flat = [0] * (len(rows) * n * n)
            for i, r in enumerate(rows):
                for j, v in r.items():
                    flat[i * n * n + j] = v % p
            _, tb = _timed(lambda: flint.nmod_mat(len(rows), n * n, flat, p).rref())
            report(label, ts, tb, "dense nmod_mat rref mod p")
            if n == 32:
                A = Matrix.from_flint(flint.fmpz_mat(len(rows), n * n, [x if x < p // 2 else x - p for x in flat]))
                Nd, td = _timed(lambda: A.nullspace(method="dense"))
                Na, ta = _timed(lambda: A.nullspace())
                assert Nd == Na == N
                report(f"D{n} same system as a Matrix: nullspace() auto", ta, td, "fraction-free fmpz rref")
        else:
            report(label, ts)
    rng = random.Random(0)
    for r, rank, c in ((300, 200, 260), (600, 400, 500)):
        S = [[rng.randint(-2, 2) for _ in range(c - rank)] for _ in range(rank)]
        M = flint.fmpz_mat(rank, c, [S[i][j] if j < c - rank else int(j - (c - rank) == i) for i in range(rank) for j in range(c)])
        X = flint.fmpz_mat(r, rank, [rng.randint(-2, 2) for _ in range(r * rank)])
        A = Matrix.from_flint(X * M)
        Nm, tm = _timed(lambda: A.nullspace(method="multimodular"))
        Nd, td = _timed(lambda: A.nullspace(method="dense"))
        assert Nm == Nd
        report(f"dense {r}x{c} rank {rank}, small output: multimodular", tm, td, "fmpz rref")

    def rc(n, k):
        return Cyclotomic.from_terms(n, [(rng.randrange(n), rng.randint(-3, 3)) for _ in range(k)])

    for n, d in ((4, 16), (12, 24)):
        A = Matrix([[rc(n, 2) for _ in range(d)] for _ in range(d)])
        B = Matrix([[rc(n, 2) for _ in range(d)] for _ in range(d)])
        _, t = _timed(lambda: A @ B)
        report(f"Q(E({n})) {d}x{d} matmul", t)
        _, t = _timed(lambda: A.inverse())
        report(f"Q(E({n})) {d}x{d} inverse", t)
        _, t = _timed(lambda: A.rref())
        report(f"Q(E({n})) {d}x{d} rref", t)
        _, t = _timed(lambda: A.det())
        report(f"Q(E({n})) {d}x{d} det", t)
        _, t = _timed(lambda: A.kron(B))
        report(f"Q(E({n})) {d}x{d} kron -> {d * d}x{d * d}", t)
    for n in (8, 24, 60):
        xs = [rc(n, 4) for _ in range(1000)]
        _, t = _timed(lambda: [xs[i] * xs[i + 1] for i in range(999)])
        report(f"Cyclotomic multiply in Q(E({n})): {t / 999 * 1e6:.1f} us per op, 999 ops", t)


if __name__ == "__main__":
    main("--full" in sys.argv)
