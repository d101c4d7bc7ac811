"""The layering rule: a layer never imports a higher one (docs/architecture.md)."""

from __future__ import annotations

import ast
import pathlib

import pytest

#: Rank of every layer and top-level module: a module may import only modules of lower or equal
#: rank. ``_delegation`` holds the one documented table of upward delegations (checked below).
RANK = {
    "errors": 0, "_version": 0, "_delegation": 0,
    "exact": 1, "groups": 2, "reps": 3, "characters": 4, "equivariant": 5,
    "adapters": 6, "interop": 6, "research": 6, "testing": 6, "plot": 6,
    "cli": 7,
}
ROOT = pathlib.Path(__file__).resolve().parent.parent / "repkit"


def _unit(parts: tuple[str, ...]) -> str:
    """The layer (package) or top-level module a file belongs to."""
    return parts[0] if len(parts) > 1 else parts[0].removesuffix(".py")


def _imported(path: pathlib.Path, root: pathlib.Path, tree: ast.AST):
    """Every repkit module a file imports, in any form: import, from-import (absolute or
    relative, ``from .. import x`` included), and importlib.import_module / __import__ of a constant."""
    parts = path.relative_to(root).parts
    package = ["repkit", *parts[:-1]]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                if node.module:
                    yield node, ".".join(base + [node.module])
                else:
                    for alias in node.names:
                        yield node, ".".join(base + [alias.name])
            elif node.module:
                yield node, node.module
                for alias in node.names:
                    if node.module == "repkit":
                        yield node, f"repkit.{alias.name}"
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant) \
                and isinstance(node.args[0].value, str):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in ("import_module", "__import__"):
                yield node, node.args[0].value


def layer_violations(root: pathlib.Path) -> list[str]:
    """Every import of a higher-ranked repkit module (the package root counts as the top)."""
    found = []
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).parts
        if parts == ("__init__.py",) or path.name == "_delegation.py" and len(parts) == 1:
            continue                  # the package root assembles the API; the table is checked apart
        unit = _unit(parts)
        if unit not in RANK:
            found.append(f"{path}: unknown layer or module {unit!r}; give it a rank in RANK")
            continue
        for node, module in _imported(path, root, ast.parse(path.read_text())):
            bits = module.split(".")
            if bits[0] != "repkit":
                continue
            target = bits[1] if len(bits) > 1 else "__init__"
            # the package root (the assembled API) ranks with the CLI; unknown names above all
            rank = RANK["cli"] if target == "__init__" else RANK.get(target, max(RANK.values()) + 1)
            if rank > RANK[unit]:
                found.append(f"{path.relative_to(root)}:{node.lineno} ({unit}) imports {module}")
    return found


def test_no_module_imports_a_higher_layer() -> None:
    assert layer_violations(ROOT) == []


@pytest.mark.slow
def test_the_checker_catches_a_planted_upward_import(tmp_path: pathlib.Path) -> None:
    import shutil

    copy = tmp_path / "repkit"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns("__pycache__", "*.so"))
    words = copy / "groups" / "words.py"
    for plant in ("\n\ndef _planted():\n    from ..characters import character_table\n",
                  "\nfrom .. import equivariant\n",
                  "\nimport importlib\n_x = importlib.import_module('repkit.equivariant')\n",
                  "\nimport repkit.cli\n"):
        original = words.read_text()
        words.write_text(original + plant)
        assert any("groups/words.py" in v for v in layer_violations(copy)), plant
        words.write_text(original)
    assert layer_violations(copy) == []


def test_the_delegation_table_is_the_only_upward_reference() -> None:
    from repkit._delegation import DELEGATIONS, delegate

    for method, (module, function) in DELEGATIONS.items():
        owner = method.split(".")[0]
        assert module in ("repkit.characters", "repkit.equivariant"), method
        assert callable(delegate(function)), method
        assert owner in ("FiniteGroup", "Rep")
    tree = ast.parse((ROOT / "_delegation.py").read_text())
    imported = {m for _, m in _imported(ROOT / "_delegation.py", ROOT, tree) if m.startswith("repkit")}
    assert imported == set(), "the table resolves names at call time; it imports no repkit module"


FILES = sorted(ROOT.rglob("*.py"))


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
