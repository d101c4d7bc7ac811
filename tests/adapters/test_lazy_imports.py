"""The adapters import their frameworks lazily (no framework needed to run these tests)."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize("framework,module,attribute", [
    ("torch", "repkit.adapters.torch", "EquivariantLinear"),
    ("jax", "repkit.adapters.jax", "require_jax"),
], ids=["torch", "jax"])
def test_missing_framework_raises_optional_dependency_error(framework: str, module: str,
                                                            attribute: str) -> None:
    call = "()" if attribute.startswith("require") else ""
    code = (f"import sys; sys.modules[{framework!r}] = None\n"
            f"import repkit, {module} as m\n"
            "try:\n"
            f"    m.{attribute}{call}\n"
            "except repkit.OptionalDependencyError as e:\n"
            "    print('ok', 'pip install' in str(e))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "ok True"


def test_import_repkit_does_not_import_frameworks() -> None:
    code = ("import sys, repkit, repkit.adapters, repkit.adapters.torch, repkit.adapters.jax; "
            "print(sorted(m for m in ('torch', 'jax', 'flax') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_jax_layer_is_built_without_jax() -> None:
    code = ("import sys; sys.modules['jax'] = None\n"
            "import numpy as np\n"
            "from repkit.equivariant.basis import WeightBasis\n"
            "from repkit.adapters.jax import EquivariantLinear\n"
            "layer = EquivariantLinear(WeightBasis.from_pattern(np.array([[0, 1], [1, 0]])))\n"
            "print(layer.parameter_count)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "2"
