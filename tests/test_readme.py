"""The README's promises: a two-command quick start, and a first session that runs."""

from __future__ import annotations

import importlib.util
import pathlib
import re

import pytest

README = pathlib.Path(__file__).resolve().parent.parent / "README.md"


def test_quick_start_is_two_commands_install_demo_then_tests() -> None:
    text = README.read_text(encoding="utf-8")
    section = text.split("## Quick start", 1)[1]
    block = re.search(r"```(?:bash)?\n(.*?)```", section, re.S)
    assert block is not None, "the Quick start section has no fenced block"
    lines = [ln for ln in block.group(1).splitlines() if ln.strip()]
    assert len(lines) == 2, lines
    assert "repkit demo" in lines[0] and "pip install" in lines[0]
    assert "pytest" in lines[1] and "[test]" in lines[1]
    ci = (README.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert lines[1] in ci, ".ci/run must run the README's test command"


def test_first_session_runs(tmp_path, monkeypatch) -> None:
    text = README.read_text(encoding="utf-8")
    code = re.findall(r"```python\n(.*?)```", text, re.S)
    assert code, "the README has no python example"
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    skipped = []
    for block in code:
        if "import torch" in block and importlib.util.find_spec("torch") is None:
            skipped.append("the PyTorch model block needs torch")
            continue
        exec(compile(block, str(README), "exec"), namespace)
    assert (tmp_path / "square.npz").exists()
    if skipped:
        pytest.skip("; ".join(skipped) + " (the other blocks ran and passed)")
