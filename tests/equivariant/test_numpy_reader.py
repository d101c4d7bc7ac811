"""The NumPy-only template reader of examples/ (written from docs/export.md) rebuilds W and b.

It runs in a fresh process that never imports repkit (checked in that process), on templates of
every kind: schema 1 pattern and sparse (rational and cyclotomic), schema 2 structured.
"""

from __future__ import annotations

import pathlib
import subprocess
import sys

import numpy as np
import pytest

import repkit as rk

READER = pathlib.Path(__file__).resolve().parents[2] / "examples" / "numpy_template_reader.py"

_RUN = (
    "import runpy, sys\n"
    "mod = runpy.run_path(sys.argv[1])\n"
    "rc = mod['main'](sys.argv[2:])\n"
    "assert not any(m == 'repkit' or m.startswith('repkit.') for m in sys.modules), 'repkit imported'\n"
    "sys.exit(rc)\n"
)


def _cases() -> dict[str, object]:
    S4 = rk.symmetric(4)
    V = rk.natural(S4)
    R = rk.dihedral_rotation(5)
    C3 = rk.cyclic(3)
    chi = rk.cyclic_character(C3, 1)
    return {
        "pattern": lambda: V >> V,
        "sparse": lambda: rk.equivariant_basis(R @ R, R @ R + rk.trivial(R.group), structured=False),
        "cyclotomic": lambda: rk.equivariant_basis(chi + rk.trivial(C3), chi + rk.trivial(C3), structured=False),
        "structured": lambda: rk.equivariant_basis(3 * V + rk.sign(S4), 2 * V + rk.trivial(S4)),
        "structured cyclotomic": lambda: rk.equivariant_basis(2 * chi + rk.trivial(C3), chi + 2 * rk.trivial(C3)),
        "structured zero weights": lambda: rk.equivariant_basis(rk.sign(S4), 2 * rk.trivial(S4)),
    }


CASES = _cases()


@pytest.mark.parametrize("case", sorted(CASES))
def test_reader_without_repkit_matches_apply(case: str, tmp_path: pathlib.Path) -> None:
    B = CASES[case]()
    path = tmp_path / "t.npz"
    B.save(str(path))
    rng = np.random.default_rng(7)
    theta, theta_b = rng.standard_normal(B.dim), rng.standard_normal(B.bias_dim)
    np.save(tmp_path / "theta.npy", theta)
    np.save(tmp_path / "theta_b.npy", theta_b)
    done = subprocess.run(
        [sys.executable, "-I", "-c", _RUN, str(READER), str(path), str(tmp_path / "theta.npy"),
         str(tmp_path / "W.npy"), str(tmp_path / "theta_b.npy"), str(tmp_path / "b.npy")],
        cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert f"weights={B.dim}" in done.stdout
    W_ref, b_ref = B.apply(theta, theta_b)
    assert np.allclose(np.load(tmp_path / "W.npy"), W_ref, atol=1e-12)
    assert np.allclose(np.load(tmp_path / "b.npy"), np.asarray(b_ref).reshape(-1), atol=1e-12)
