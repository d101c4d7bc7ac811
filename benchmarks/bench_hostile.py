"""Hostile inputs, before and after (a script, not a test): python benchmarks/bench_hostile.py [--baseline DIR].

Runs each case of issue 13 in a child process under an address-space cap and a time limit and
prints case, outcome (the exception class, "crash" for a signal, "timeout"), seconds, peak RSS,
and, with ``--baseline DIR`` (another checkout, e.g. /work/main), the same for that checkout and
the ratio of its time to ours.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import resource
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent

CASES = {
    "Matrix.identity(10**9)": "import repkit as rk\nrk.Matrix.identity(10**9)",
    "left-normed commutator, 28 entries": "import repkit as rk\n"
        "rk.Group.from_presentation('<a, b | [a, ' + ', '.join(['b'] * 27) + ']>')",
    "nesting a^( x 199": "from repkit.groups.presentation import parse_word\n"
        "parse_word('a^(' * 199 + 'a' + ')' * 199, ['a', 'b'])",
    "exponent of 5000 digits": "from repkit.groups.presentation import parse_word\nparse_word('a^' + '9' * 5000, ['a'])",
    "900 KB 'ab ab ...' word": "from repkit.groups.presentation import parse_word\nparse_word('ab ' * 300000, ['a', 'b'])",
    "900 KB relators 'ab,ab,...'": "from repkit.groups.presentation import parse_presentation\n"
        "parse_presentation('<a, b | ' + 'ab,' * 300000 + 'a>')",
    "Todd-Coxeter, 300 free generators": "from repkit.groups.todd_coxeter import enumerate_cosets\n"
        "from repkit.groups.presentation import Presentation\n"
        "enumerate_cosets(Presentation(tuple(f'x{i}' for i in range(300)), ()))",
    "from_matrices({'a': [[2]]})": "import repkit as rk\nrk.Group.from_matrices({'a': [[2]]}).order",
    "from_matrices(random 200 x 200 permutation)": "import random, repkit as rk\n"
        "p = list(range(200)); random.Random(1).shuffle(p)\nrk.Group.from_matrices({'a': rk.Matrix.permutation(p)}).order",
    "regular(Z_20000) >> regular(Z_20000)": "import repkit as rk\nR = rk.regular(rk.cyclic(20000))\nR >> R",
    "dihedral_rotation(4) ** 20": "import repkit as rk\nrk.dihedral_rotation(4) ** 20",
    "load_template('/dev/zero')": "import repkit as rk\nrk.load_template('/dev/zero')",
    "equivariance_error of a NaN model": "import numpy as np, repkit as rk\n"
        "from repkit.equivariant.nonlinear import equivariance_error\nrho = rk.dihedral_rotation(4)\n"
        "print(equivariance_error(lambda x: x * np.nan, rho, rho, np.ones((3, 2))))",
}

_WRAP = '''
import json, sys, time
t = time.perf_counter()
try:
    exec(compile({code!r}, "case", "exec"))
    outcome = "returned"
except BaseException as exc:  # a benchmark reports whatever escapes
    outcome = type(exc).__name__
with open("/proc/self/status") as fh:   # VmHWM: this program's peak, not the forked parent's
    peak = next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:")) / 1024
print(json.dumps({{"outcome": outcome, "seconds": time.perf_counter() - t, "peak_mb": peak}}))
'''


def run(code: str, root: pathlib.Path, mem_mb: int, seconds: float) -> dict:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (mem_mb << 20, mem_mb << 20))

    env = dict(os.environ, PYTHONPATH=str(root), OPENBLAS_NUM_THREADS="1")
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        try:
            proc = subprocess.run([sys.executable, "-c", _WRAP.format(code=code)], capture_output=True, text=True,
                                  timeout=seconds, preexec_fn=limit, env=env, cwd=tmp)
        except subprocess.TimeoutExpired:
            return {"outcome": f"timeout>{seconds:.0f}s", "seconds": time.perf_counter() - start, "peak_mb": float("nan")}
    if proc.returncode != 0 or not proc.stdout.strip():
        return {"outcome": f"crash({proc.returncode})", "seconds": time.perf_counter() - start, "peak_mb": float("nan")}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--baseline", type=pathlib.Path, help="another checkout to compare with")
    parser.add_argument("--mem-mb", type=int, default=4096, help="address-space cap per case")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per case")
    args = parser.parse_args()
    head = f"{'case':46s} {'outcome':28s} {'s':>7s} {'peak MB':>8s}"
    if args.baseline:
        head += f"   {'baseline outcome':28s} {'s':>7s} {'peak MB':>8s} {'ratio':>7s}"
    print(head)
    for name, code in CASES.items():
        ours = run(code, ROOT, args.mem_mb, args.timeout)
        line = f"{name:46s} {ours['outcome']:28s} {ours['seconds']:7.2f} {ours['peak_mb']:8.0f}"
        if args.baseline:
            base = run(code, args.baseline, args.mem_mb, args.timeout)
            ratio = base["seconds"] / max(ours["seconds"], 1e-6)
            line += f"   {base['outcome']:28s} {base['seconds']:7.2f} {base['peak_mb']:8.0f} {ratio:6.0f}x"
        print(line, flush=True)


if __name__ == "__main__":
    main()
