"""``import repkit`` stays light: heavy optional libraries are imported where they are used."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("sympy", "networkx", "scipy", "torch", "jax", "matplotlib")


def _loaded_after(code: str) -> list[str]:
    probe = (f"{code}; import sys; "
             f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return [m for m in out.stdout.strip().split(",") if m]


@pytest.mark.parametrize("code", [
    "import repkit",
    "import repkit as rk; rk.Group",                       # the whole top-level API loaded
    "import repkit.cli; repkit.cli.build_parser()",        # the command line's --help path
], ids=["import", "api", "cli-parser"])
def test_heavy_libraries_not_imported(code: str) -> None:
    assert _loaded_after(code) == []


def test_import_repkit_defers_numpy_until_first_use() -> None:
    probe = ("import sys, repkit; before = 'numpy' in sys.modules; repkit.Matrix; "
             "print(before, 'numpy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]


def test_lazy_namespace_is_the_eager_one() -> None:
    import repkit as rk
    import repkit.equivariant
    import repkit.groups

    assert rk.Group is repkit.groups.Group
    assert rk.equivariant_basis is repkit.equivariant.equivariant_basis
    assert "orbit_pattern" not in rk.__all__                 # layer-only names stay in their layer
    assert set(rk.__all__) <= set(dir(rk))
    assert len(rk.__all__) == len(set(rk.__all__))
    with pytest.raises(AttributeError):
        rk.no_such_name


def test_cli_help_path_imports_no_mathematical_layer() -> None:
    """``repkit --help`` builds the parser without NumPy, python-flint or any layer."""
    probe = ("import sys, repkit.cli; repkit.cli.build_parser(); "
             "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in "
             "('numpy', 'flint') or m.startswith(('repkit.exact', 'repkit.groups', 'repkit.reps')))))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
