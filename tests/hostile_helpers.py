"""Run one hostile case in a child process under a memory cap and a time limit (tests/test_hostile.py).

The child runs the case body as a function, records what escaped (the exception class, its MRO
and message, or the returned value) and its peak resident memory, and prints that as one JSON
line. A crash (SIGABRT from a C library, SIGKILL, a segfault) or a hang fails the parent test
instead of the suite.
"""

from __future__ import annotations

import dataclasses
import json
import os
import pathlib
import subprocess
import sys
import textwrap

ROOT = pathlib.Path(__file__).resolve().parent.parent

_PRELUDE = '''
import json, sys
sys.setrecursionlimit(1000)

def _case():
{body}

try:
    _value = _case()
    _out = {{"raised": None, "classes": [], "message": "", "value": repr(_value)[:300]}}
except BaseException as _exc:  # the harness records whatever escapes, that is its purpose
    _out = {{"raised": type(_exc).__name__, "classes": [c.__name__ for c in type(_exc).__mro__],
            "message": str(_exc)[:4000], "message_length": len(str(_exc)), "value": None}}
# VmHWM is this program's own peak (getrusage's ru_maxrss would include the forked parent's pages)
with open("/proc/self/status") as _fh:
    _out["peak_mb"] = next(int(l.split()[1]) for l in _fh if l.startswith("VmHWM:")) / 1024
print(json.dumps(_out))
'''


@dataclasses.dataclass(frozen=True)
class Outcome:
    """What a capped child reported."""

    raised: str | None
    classes: list[str]
    message: str
    value: str | None
    peak_mb: float
    message_length: int = 0

    def is_repkit_error(self, name: str) -> bool:
        return self.raised == name and "RepkitError" in self.classes


def run_capped(body: str, *, mem_mb: int = 768, seconds: float = 60.0, cwd: str | os.PathLike[str] | None = None
               ) -> Outcome:
    """Run ``body`` (the statements of a function) in a child capped at ``mem_mb`` of address space."""
    import resource

    script = _PRELUDE.format(body=textwrap.indent(textwrap.dedent(body).strip("\n"), "    "))

    def limit() -> None:
        cap = mem_mb * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
        cpu = int(seconds) + 5
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))

    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1",
               PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=seconds,
                          preexec_fn=limit, cwd=cwd, env=env)
    if proc.returncode != 0 or not proc.stdout.strip():
        raise AssertionError(f"the child process died (exit status {proc.returncode}); stderr:\n"
                             f"{proc.stderr[-3000:]}")
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    return Outcome(**data)
