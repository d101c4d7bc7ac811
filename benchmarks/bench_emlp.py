"""repkit's exact solver against EMLP 1.0.3 (Finzi, Welling, Wilson, ICML 2021) on the same cases.

Runs every case of ``benchmarks/equivariant_cases.py`` twice:

* **repkit**, in this interpreter: ``equivariant_basis(rho_in, rho_out)`` timed on a first call and on
  a warm call with freshly built representations (so no per-instance cache is reused); the float
  residual ``max_k max_x ||rho_out(x) B_k - B_k rho_in(x)|| / ||B_k||`` over the generators ``x``
  is measured on ``to_numpy()`` when the dense basis is small enough (it is 0 exactly by
  construction; the float check only guards the export);
* **EMLP**, in its own virtual environment (``benchmarks/emlp_env.sh``; default
  ``/work/.venv-emlp``), one subprocess per case with a timeout (default 120 s, reported as
  ``> timeout``): ``Rep.solcache`` is cleared before each call, the first call (with JIT) and a
  warm uncached call are timed, and the residual of its orthonormal basis is measured the same
  way (columns of ``Q`` reshaped to ``(m_out, m_in)``, row-major).

Cases use EMLP's own groups where EMLP has them (``S(n)`` with its ``n - 1`` transposition
generators, ``Z(n)``, ``Z(a) * Z(b)``, tensor powers ``V**2``); the dihedral action on ``k``
points and any other case is given to EMLP as a ``Group`` subclass with repkit's generators (two
permutation generators for ``D_k`` on the vertices of the ``k``-gon, as ``peers/emlp.md`` says).

Usage::

    bash benchmarks/emlp_env.sh                    # once: creates the EMLP venv
    python benchmarks/bench_emlp.py                # every case
    python benchmarks/bench_emlp.py --quick            # the cases marked quick
    python benchmarks/bench_emlp.py --cases "S16 V->V" "Z64 V->V" --timeout 60

The worker half of this file (``--worker``) runs inside the EMLP venv and imports neither repkit
nor anything outside EMLP's pins.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import subprocess
import sys
import time
from typing import Any

__all__ = ["main", "emlp_spec", "run_emlp_case", "run_repkit_case", "DEFAULT_EMLP_PYTHON"]

HERE = pathlib.Path(__file__).resolve().parent
DEFAULT_EMLP_PYTHON = os.environ.get("REPKIT_EMLP_PYTHON", "/work/.venv-emlp/bin/python")
RESIDUAL_MAX_ENTRIES = 1 << 24


# ---------------------------------------------------------------------------------------------
# worker: runs inside the EMLP venv (numpy < 1.25, jax 0.4.13); no repkit import here
# ---------------------------------------------------------------------------------------------

def _worker(spec: dict[str, Any]) -> None:
    """Solve one case with EMLP and print one JSON line per finished measurement."""
    import logging

    import numpy as np

    logging.disable(logging.WARNING)
    np.random.seed(int(spec.get("seed", 0)))       # EMLP's iterative solver draws from np.random
    import jax
    import jax.numpy as jnp
    from emlp.groups import D, Group, S, Z
    from emlp.reps import V
    from emlp.reps.linear_operators import LazyPerm, lazify
    from emlp.reps.representation import Rep

    class Generated(Group):
        """A finite group given by repkit's generator images (permutations or dense matrices)."""

        def __init__(self, name: str, perms: list | None = None, mats: list | None = None):
            if perms is not None:
                # repkit's matrix of p has M[p[i], i] = 1; EMLP's LazyPerm(q) has M[i, q[i]] = 1.
                self.discrete_generators = [LazyPerm(np.argsort(np.asarray(p))) for p in perms]
                self.is_permutation = True
            else:
                self.discrete_generators = np.asarray(mats, dtype=np.float64)
            super().__init__(name)

    class Block(Rep):
        """The sub-representation on coordinates [start, stop) of a block-diagonal base rep."""

        def __init__(self, G: Group, start: int, stop: int):
            self.G, self.start, self.stop = G, start, stop
            self.is_permutation = False

        def rho(self, M: Any) -> Any:
            dense = jnp.asarray(lazify(M) @ jnp.eye(M.shape[-1]))
            return dense[self.start:self.stop, self.start:self.stop]

        def size(self) -> int:
            return self.stop - self.start

        def __str__(self) -> str:
            return f"Block[{self.start}:{self.stop}]({self.G})"

    kind, *args = spec["group"]
    if kind == "S":
        G = S(int(args[0]))
    elif kind == "Z":
        G = Z(int(args[0]))
    elif kind == "D":
        G = D(int(args[0]))
    elif kind == "ZxZ":
        G = Z(int(args[0])) * Z(int(args[1]))
    elif kind == "perm":
        G = Generated(str(args[0]), perms=args[1])
    elif kind == "matrices":
        G = Generated(str(args[0]), mats=args[1])
    else:
        raise SystemExit(f"worker: unknown group kind {kind!r}")

    def build(expr: Any) -> Any:
        if isinstance(expr, list):
            return Block(G, int(expr[0]), int(expr[1]))
        base = V(G)
        if expr == "V":
            return base
        if not expr.startswith("V**"):
            raise SystemExit(f"worker: unknown representation {expr!r}")
        return base ** int(expr[3:])

    def solve() -> tuple[Any, Any, Any, float]:
        Rep.solcache.clear()
        r_in, r_out = build(spec["rep_in"]), build(spec["rep_out"])
        t0 = time.perf_counter()
        Q = (r_in >> r_out).equivariant_basis()
        Q = jax.block_until_ready(Q)
        return r_in, r_out, Q, time.perf_counter() - t0

    r_in, r_out, Q, first = solve()
    Q = np.asarray(Q, dtype=np.float64)
    m_in, m_out, dim = r_in.size(), r_out.size(), Q.shape[1]
    print(json.dumps({"event": "first", "seconds": first, "dim": int(dim),
                      "shape": [int(m_out), int(m_in)]}), flush=True)
    # residual max_k max_x ||rho_out(x) W_k - W_k rho_in(x)||, W_k = Q[:, k] row-major (m_out, m_in)
    Ws = Q.T.reshape(dim, m_out, m_in)
    worst = 0.0
    for h in G.discrete_generators:
        a = lazify(r_out.rho(h))
        b = lazify(r_in.rho(h))
        left = np.asarray(a @ Ws.transpose(1, 0, 2).reshape(m_out, dim * m_in))
        left = left.reshape(m_out, dim, m_in).transpose(1, 0, 2)
        # W b = (b^T W^T)^T
        right = np.asarray(b.T @ Ws.transpose(2, 0, 1).reshape(m_in, dim * m_out))
        right = right.reshape(m_in, dim, m_out).transpose(1, 2, 0)
        if dim:
            worst = max(worst, float(np.max(np.linalg.norm(left - right, axis=(1, 2)))))
    print(json.dumps({"event": "residual", "value": worst}), flush=True)
    *_, warm = solve()
    print(json.dumps({"event": "warm", "seconds": warm}), flush=True)
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0     # kB -> MB on Linux
    print(json.dumps({"event": "memory", "peak_mb": peak}), flush=True)


# ---------------------------------------------------------------------------------------------
# driver: runs in repkit's interpreter
# ---------------------------------------------------------------------------------------------

def emlp_spec(case: Any, rho_in: Any, rho_out: Any) -> dict[str, Any]:
    """The JSON description of a case for the EMLP worker.

    A case may carry its own EMLP description (attribute or key ``emlp``: a dict with ``group``,
    ``rep_in`` and ``rep_out``, e.g. ``{"group": ["S", 16], "rep_in": "V", "rep_out": "V"}``);
    otherwise one is derived from the generator images: a permutation group when both
    representations are the same permutation representation, else a matrix group acting on
    ``rho_in + rho_out`` with the two blocks as EMLP representations.
    """
    given = _field(case, "emlp")
    if given:
        return dict(given)
    name = str(_field(case, "name"))
    rep = str(_field(case, "rep") or "")
    if _field(case, "family") == "D" and rep.startswith("rot^"):
        # EMLP's D(k) acts by the 2-d rotation/reflection representation: the same matrix group
        # as repkit's dihedral_rotation(k) for even k (both contain the reflection diag(-1, 1))
        power = f"V**{int(rep[4:])}"
        return {"group": ["D", int(_field(case, "size"))], "rep_in": power, "rep_out": power}
    native = _native_spec(rho_in, rho_out)
    if native is not None:
        return native
    if rho_in == rho_out:
        perms = rho_in.permutation_images()
        if perms is not None:
            return {"group": ["perm", name, [list(p) for p in perms]], "rep_in": "V",
                    "rep_out": "V"}
        mats = [m.to_numpy(float).tolist() for m in rho_in.images]
        return {"group": ["matrices", name, mats], "rep_in": "V", "rep_out": "V"}
    import numpy as np

    if rho_in.field != 1 or rho_out.field != 1:
        if any(np.iscomplexobj(m.to_numpy(float)) for m in (*rho_in.images, *rho_out.images)):
            return {"skip": "complex matrices (EMLP's real solver not comparable)"}
    m_in, m_out = rho_in.dim, rho_out.dim
    mats = []
    for a, b in zip(rho_in.images, rho_out.images):
        block = np.zeros((m_in + m_out, m_in + m_out))
        block[:m_in, :m_in] = a.to_numpy(float)
        block[m_in:, m_in:] = b.to_numpy(float)
        mats.append(block.tolist())
    return {"group": ["matrices", name, mats], "rep_in": [0, m_in],
            "rep_out": [m_in, m_in + m_out]}


def _native_spec(rho_in: Any, rho_out: Any) -> dict[str, Any] | None:
    """EMLP's own group when the case is V -> V or V(x)V -> V(x)V for the natural action of a
    symmetric group S(n), a cyclic group Z(n) on n points, or the translations Z(a) x Z(b) of an
    a x b periodic image (the same group acting the same way, so the same Hom space)."""
    from math import factorial

    if rho_in != rho_out:
        return None
    G = rho_in.group
    gens = G.permutation_generators
    perms = rho_in.permutation_images()
    if gens is None or perms is None:
        return None
    gens = tuple(tuple(int(v) for v in p) for p in gens)
    n = len(gens[0])
    square = tuple(tuple(p[i] * n + p[j] for i in range(n) for j in range(n)) for p in gens)
    if perms == gens:
        power = "V"
    elif perms == square:
        power = "V**2"
    else:
        return None
    if G.order == factorial(n):
        return {"group": ["S", n], "rep_in": power, "rep_out": power}
    if len(gens) == 1 and G.order == n:
        return {"group": ["Z", n], "rep_in": power, "rep_out": power}
    if len(gens) == 2 and power == "V" and tuple(G.generators) == ("t0", "t1"):
        a = n // _cycle_length(gens[1])
        b = _cycle_length(gens[1])
        shifts = (tuple((i + b) % n for i in range(n)),
                  tuple((i // b) * b + (i % b + 1) % b for i in range(n)))
        if a * b == n and gens == shifts:
            return {"group": ["ZxZ", a, b], "rep_in": "V", "rep_out": "V"}
    return None


def _cycle_length(p: tuple[int, ...]) -> int:
    length, i = 1, p[0]
    while i != 0:
        i, length = p[i], length + 1
    return length


def run_emlp_case(spec: dict[str, Any], *, python: str = DEFAULT_EMLP_PYTHON,
                  timeout: float = 120.0) -> dict[str, Any]:
    """Run one case in the EMLP venv; returns first/warm seconds, dim, residual, or a timeout."""
    env = dict(os.environ, TQDM_DISABLE="1", JAX_PLATFORMS="cpu", PYTHONWARNINGS="ignore")
    env.pop("PYTHONPATH", None)
    proc = subprocess.Popen([python, str(pathlib.Path(__file__).resolve()), "--worker"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, cwd="/tmp")
    timed_out = False
    try:
        out, err = proc.communicate(json.dumps(spec), timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        proc.kill()
        out, err = proc.communicate()
    result: dict[str, Any] = {"timed_out": timed_out}
    for line in out.splitlines():
        if line.startswith("{"):
            event = json.loads(line)
            kind = event.pop("event")
            if kind == "first":
                result.update(first=event["seconds"], dim=event["dim"])
            elif kind == "warm":
                result["warm"] = event["seconds"]
            elif kind == "residual":
                result["residual"] = event["value"]
            elif kind == "memory":
                result["peak_mb"] = event["peak_mb"]
    if not timed_out and proc.returncode != 0:
        result["error"] = (err.strip().splitlines() or ["exit %d" % proc.returncode])[-1][:120]
    return result


def _field(case: Any, name: str) -> Any:
    if isinstance(case, dict):
        return case.get(name)
    return getattr(case, name, None)


def _build(case: Any) -> tuple[Any, Any]:
    builder = _field(case, "build")
    if builder is None:
        raise SystemExit(f"bench_emlp: case {case!r} has no build() giving (rho_in, rho_out)")
    built = builder()
    return built[0], built[1]


def _repkit_residual(basis: Any, rho_in: Any, rho_out: Any) -> float | None:
    import numpy as np

    m_out, m_in = basis.shape
    if basis.dim * m_out * m_in > RESIDUAL_MAX_ENTRIES:
        return None
    B = basis.to_numpy(np.float64)
    worst = 0.0
    for a, b in zip(rho_in.images, rho_out.images):
        A, Bo = a.to_numpy(float), b.to_numpy(float)
        diff = np.einsum("ij,kjl->kil", Bo, B) - B @ A
        norms = np.linalg.norm(B, axis=(1, 2))
        if B.shape[0]:
            worst = max(worst, float(np.max(np.linalg.norm(diff, axis=(1, 2)) / norms)))
    return worst


def run_repkit_case(case: Any) -> dict[str, Any]:
    """Time repkit's exact solver on one case (first call, then warm with fresh reps)."""
    from repkit.equivariant import equivariant_basis

    import tracemalloc

    rho_in, rho_out = _build(case)
    tracemalloc.start()
    t0 = time.perf_counter()
    basis = equivariant_basis(rho_in, rho_out)
    first = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    rho_in2, rho_out2 = _build(case)
    t0 = time.perf_counter()
    equivariant_basis(rho_in2, rho_out2)
    warm = time.perf_counter() - t0
    return {"first": first, "warm": warm, "dim": basis.dim, "peak_mb": peak,
            "residual": _repkit_residual(basis, rho_in, rho_out),
            "rho_in": rho_in, "rho_out": rho_out}


def _seconds(value: float | None, timed_out: bool = False, timeout: float = 0.0) -> str:
    if value is None:
        return f"> {timeout:g} (timeout)" if timed_out else "-"
    return f"{value:.3g}"


def _load_cases() -> list[Any]:
    sys.path.insert(0, str(HERE))
    import equivariant_cases  # noqa: E402  (the solver helper's case list)

    cases = getattr(equivariant_cases, "CASES", None)
    if cases is None:
        raise SystemExit("bench_emlp: benchmarks/equivariant_cases.py defines no CASES")
    return list(cases)


def main(argv: list[str] | None = None) -> int:
    """Run the comparison and print the table; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--cases", nargs="*", help="case names to run (default: all)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per EMLP case")
    parser.add_argument("--emlp-python", default=DEFAULT_EMLP_PYTHON,
                        help="python of the EMLP venv (benchmarks/emlp_env.sh)")
    parser.add_argument("--quick", action="store_true", help="only the cases marked quick")
    parser.add_argument("--skip-emlp", action="store_true", help="only the repkit side")
    args = parser.parse_args(argv)
    if args.worker:
        _worker(json.loads(sys.stdin.read()))
        return 0
    if not args.skip_emlp and not pathlib.Path(args.emlp_python).exists():
        print(f"bench_emlp: no EMLP python at {args.emlp_python}; run benchmarks/emlp_env.sh "
              "or pass --emlp-python", file=sys.stderr)
        return 2
    cases = _load_cases()
    if args.quick:
        cases = [c for c in cases if _field(c, "quick")]
    if args.cases:
        wanted = set(args.cases)
        cases = [c for c in cases if str(_field(c, "name")) in wanted]
        missing = wanted - {str(_field(c, "name")) for c in cases}
        if missing:
            print(f"bench_emlp: unknown case names {sorted(missing)}", file=sys.stderr)
            return 2
    head = ("| case | dim | repkit first (s) | repkit warm (s) | repkit peak MB | repkit residual "
            "| EMLP first (s) | EMLP warm (s) | EMLP peak RSS MB | EMLP dim | EMLP residual "
            "| speed-up (first) |")
    print(head)
    print("|" + "---|" * (head.count("|") - 1))
    for case in cases:
        name = str(_field(case, "name"))
        mine = run_repkit_case(case)
        if args.skip_emlp:
            theirs: dict[str, Any] = {}
        else:
            spec = emlp_spec(case, mine["rho_in"], mine["rho_out"])
            if "skip" in spec:
                theirs = {"error": spec["skip"]}
            else:
                theirs = run_emlp_case(spec, python=args.emlp_python, timeout=args.timeout)
        timed_out = bool(theirs.get("timed_out"))
        if "first" in theirs:
            ratio = f"{theirs['first'] / max(mine['first'], 1e-9):.3g}x"
        elif timed_out:
            ratio = f"> {args.timeout / max(mine['first'], 1e-9):.3g}x"
        else:
            ratio = "-"
        res_mine = "n/a (large)" if mine["residual"] is None else f"{mine['residual']:.1e}"
        res_theirs = f"{theirs['residual']:.1e}" if "residual" in theirs else "-"
        emlp_first = _seconds(theirs.get("first"), timed_out, args.timeout)
        emlp_warm = _seconds(theirs.get("warm"), timed_out and "first" in theirs, args.timeout)
        if "error" in theirs:
            emlp_first = f"error: {theirs['error']}"
        rss = f"{theirs['peak_mb']:.0f}" if "peak_mb" in theirs else "-"
        print(f"| {name} | {mine['dim']} | {mine['first']:.3g} | {mine['warm']:.3g} "
              f"| {mine['peak_mb']:.1f} | {res_mine} | {emlp_first} | {emlp_warm} | {rss} "
              f"| {theirs.get('dim', '-')} | {res_theirs} | {ratio} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
