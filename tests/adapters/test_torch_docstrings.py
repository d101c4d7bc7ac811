"""The docstring examples of the lazily defined torch classes run (``--doctest-modules`` cannot see them).

The classes are defined inside functions that import PyTorch, so pytest's doctest collection,
which only walks module-level objects, never finds their examples; this test finds and runs them.
"""

from __future__ import annotations

import doctest

import pytest

from torch_helpers import torch_or_skip

pytestmark = pytest.mark.torch

NAMES = ["EquivariantLinear", "PointwiseNonlinearity", "NormNonlinearity", "GatedNonlinearity",
         "FourierNonlinearity", "InvariantPooling", "EquivariantMLP", "ComponentwiseNonlinearity"]


@pytest.mark.parametrize("name", NAMES)
def test_class_docstring_examples_run(name: str) -> None:
    torch_or_skip()
    import repkit.adapters.torch as package
    import repkit.adapters.torch.mlp as mlp

    cls = getattr(mlp if name == "ComponentwiseNonlinearity" else package, name)
    tests = doctest.DocTestFinder(recurse=True).find(cls, name, module=False, globs={})
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    for test in tests:
        runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{result.failed} docstring example(s) of {name} failed"
    assert result.attempted >= 2, f"{name} has no docstring example"
    if name == "EquivariantLinear":
        assert result.attempted >= 5        # the class and from_template examples did run
