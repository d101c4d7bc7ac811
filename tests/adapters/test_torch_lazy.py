"""The torch adapter package stays lazy: no torch import until a module class is looked up.

These tests run without PyTorch (they hide it), so they are not marked ``torch``.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

NAMES = ["EquivariantLinear", "PointwiseNonlinearity", "NormNonlinearity", "GatedNonlinearity",
         "FourierNonlinearity", "InvariantPooling", "EquivariantMLP"]


def test_importing_the_package_and_its_modules_does_not_import_torch() -> None:
    code = ("import sys, repkit.adapters.torch, repkit.adapters.torch.linear, "
            "repkit.adapters.torch.nonlinear, repkit.adapters.torch.pooling, repkit.adapters.torch.mlp\n"
            "print('torch' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("name", NAMES)
def test_every_name_raises_optional_dependency_error_without_torch(name: str) -> None:
    code = ("import sys; sys.modules['torch'] = None\n"
            "import repkit, repkit.adapters.torch as m\n"
            f"assert {name!r} in m.__all__ and {name!r} in dir(m)\n"
            "try:\n"
            f"    getattr(m, {name!r})\n"
            "except repkit.OptionalDependencyError as e:\n"
            "    print('ok', 'pip install' in str(e))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "ok True"


def test_an_unknown_name_is_an_attribute_error() -> None:
    import repkit.adapters.torch as m

    with pytest.raises(AttributeError, match="no attribute 'Conv9d'"):
        m.Conv9d  # noqa: B018
