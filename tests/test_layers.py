"""The layering rule: a layer never imports a higher one (docs/architecture.md)."""

from __future__ import annotations

import ast
import pathlib

import pytest

ORDER = ["errors", "exact", "groups", "reps", "characters", "equivariant", "adapters", "cli"]
RANK = {name: i for i, name in enumerate(ORDER)}
RANK["interop"] = RANK["adapters"]          # adapters/research/interop sit side by side
ROOT = pathlib.Path(__file__).resolve().parent.parent / "repkit"

# Facade methods on lower-layer objects that delegate upward, imported inside the function body
# only (never at module level). Each entry: (file relative to repkit/, imported module).
ALLOWED_LAZY_UPWARD = {
    ("groups/group.py", "repkit.characters"),
    ("reps/rep.py", "repkit.characters"),
    ("reps/rep.py", "repkit.equivariant"),
}


def _modules(path: pathlib.Path, tree: ast.AST):
    parts = path.relative_to(ROOT).parts
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                pkg = ["repkit", *parts[:-1]]
                pkg = pkg[: len(pkg) - (node.level - 1)]
                yield node, ".".join(pkg + ([node.module] if node.module else []))
            elif node.module:
                yield node, node.module



FILES = sorted(p for p in ROOT.rglob("*.py") if len(p.relative_to(ROOT).parts) > 1)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_upward_imports(path: pathlib.Path) -> None:
    layer = path.relative_to(ROOT).parts[0]
    if layer not in RANK:
        pytest.fail(f"{path}: unknown layer {layer!r}; add it to ORDER")
    tree = ast.parse(path.read_text())
    module_level = set(map(id, tree.body))
    rel = str(path.relative_to(ROOT))
    for node, module in _modules(path, tree):
        bits = module.split(".")
        if bits[0] != "repkit" or len(bits) < 2 or bits[1] not in RANK:
            continue
        if RANK[bits[1]] > RANK[layer]:
            top = ".".join(bits[:2])
            assert id(node) not in module_level and (rel, top) in ALLOWED_LAZY_UPWARD, (
                f"{rel}:{node.lineno} imports {module} (layer {bits[1]} is above {layer})")


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_modules_are_small_and_declare_all(path: pathlib.Path) -> None:
    text = path.read_text()
    # One idea per module, as long as that idea needs (never a class split into mixins to meet a
    # count); past 1000 lines a module is a prompt to look for a second idea.
    assert text.count("\n") <= 1000, f"{path} has {text.count(chr(10))} lines; does it hold two ideas?"
    assert "__all__" in text, f"{path} has no __all__"


def test_heavy_frameworks_not_imported_by_core() -> None:
    import subprocess
    import sys

    code = ("import sys, repkit; bad = [m for m in ('torch', 'jax', 'matplotlib') if m in sys.modules];"
            "print(','.join(bad))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"import repkit pulled in {out.stdout.strip()}"
