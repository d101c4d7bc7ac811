"""Start-up cost of repkit: ``import repkit``, ``repkit --help`` and a first real command.

Each case runs in a fresh interpreter ``--repeat`` times (hyperfine-style); the table gives the
best and the median wall time, the peak resident memory of the best run, and the ratio of the
median to a bare ``python -c pass``.

Run: ``timeout 300 python benchmarks/bench_import.py --repeat 15``; to time another checkout
(say the main branch before the lazy imports), put it first on the path:
``PYTHONPATH=/path/to/checkout python benchmarks/bench_import.py --cases "import repkit"``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

__all__ = ["CASES", "measure", "main"]

CASES = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "import numpy": [sys.executable, "-c", "import numpy"],
    "import repkit": [sys.executable, "-c", "import repkit"],
    "import repkit; repkit.Group (full API)": [sys.executable, "-c", "import repkit; repkit.Group"],
    "repkit --help": [sys.executable, "-m", "repkit.cli", "--help"],
    "repkit info dihedral:4": [sys.executable, "-m", "repkit.cli", "info", "dihedral:4"],
    "repkit table symmetric:4": [sys.executable, "-m", "repkit.cli", "table", "symmetric:4"],
}


def measure(argv: list[str], repeat: int) -> tuple[float, float, int]:
    """Best and median wall time (s) and the peak RSS (KiB) of ``argv`` run ``repeat`` times."""
    times, peaks = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        times.append(time.perf_counter() - start)
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(argv)} exited with status {proc.returncode}")
        peaks.append(usage.ru_maxrss)
    return min(times), statistics.median(times), max(peaks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--cases", nargs="*", default=None,
                        help="only these case names (default: all)")
    args = parser.parse_args()
    env_note = f"{os.cpu_count()} cpus, load {os.getloadavg()[0]:.2f}"
    base = measure(CASES["python -c pass"], args.repeat)[1]
    print(f"# {args.repeat} runs each; {env_note}")
    print(f"{'case':42s} {'best s':>8s} {'median s':>9s} {'peak MiB':>9s} {'x pass':>7s}")
    for name, argv in CASES.items():
        if args.cases is not None and name not in args.cases:
            continue
        best, median, peak = measure(argv, args.repeat)
        print(f"{name:42s} {best:8.3f} {median:9.3f} {peak / 1024:9.1f} {median / base:7.1f}")


if __name__ == "__main__":
    main()
