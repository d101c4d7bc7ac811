"""The user guide runs: every ```python block of docs/*.md is executed, page by page.

The blocks of one page run in order in one namespace (a page is one worked session), in a
temporary working directory, so a page may build on its earlier blocks and may write files.
A traceback points at the line of the Markdown file.

A block whose first line is ``# requires: torch`` (or ``jax``, ``matplotlib``, several names
separated by commas) runs only when those modules import. When one is missing the block is not
run, the rest of the page still runs, and the page is then reported as skipped with the reason
(which block, which module), never silently passed. Later blocks must not depend on a block that
needs an optional module.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import pathlib
import re
import sys

import pytest

DOCS = pathlib.Path(__file__).resolve().parent.parent / "docs"
PAGES = sorted(DOCS.glob("*.md"))
CONTRIBUTOR_PAGES = {"architecture.md", "contributing.md"}      # not part of the user guide
USER_PAGES = [p for p in PAGES if p.name not in CONTRIBUTOR_PAGES]

_FENCE = re.compile(r"^```python[ \t]*$")
_REQUIRES = re.compile(r"^#\s*requires:\s*(?P<names>[\w.,\s]+)$")


@dataclasses.dataclass(frozen=True)
class Block:
    """One fenced ```python block: its source and the line of the file where the code starts."""

    path: pathlib.Path
    line: int
    source: str

    @property
    def requires(self) -> tuple[str, ...]:
        first = self.source.lstrip("\n").splitlines()[0] if self.source.strip() else ""
        match = _REQUIRES.match(first.strip())
        return tuple(n.strip() for n in match["names"].split(",") if n.strip()) if match else ()

    def missing(self) -> list[str]:
        return [name for name in self.requires if importlib.util.find_spec(name) is None]


def python_blocks(path: pathlib.Path) -> list[Block]:
    """The ```python blocks of a Markdown file, in order (unterminated fences are an error)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    blocks, i = [], 0
    while i < len(lines):
        if _FENCE.match(lines[i]):
            start = i + 1
            j = start
            while j < len(lines) and lines[j].strip() != "```":
                j += 1
            if j == len(lines):
                raise AssertionError(f"{path.name}:{i + 1}: ```python block is never closed")
            blocks.append(Block(path, start + 1, "\n".join(lines[start:j]) + "\n"))
            i = j
        i += 1
    return blocks


def _run(block: Block, namespace: dict) -> None:
    # Pad with blank lines so that tracebacks name the line of the Markdown file.
    code = compile("\n" * (block.line - 1) + block.source, str(block.path), "exec")
    exec(code, namespace)  # noqa: S102 - the docs are our own code


#: Pages whose examples take over ~3 s on a loaded 2-core machine.
SLOW_PAGES = {"characters.md", "limits.md"}


@pytest.mark.parametrize("page", [pytest.param(p, marks=pytest.mark.slow) if p.name in SLOW_PAGES else p
                                  for p in USER_PAGES], ids=lambda p: p.name)
def test_page_examples_run(page: pathlib.Path, tmp_path, monkeypatch) -> None:
    blocks = python_blocks(page)
    monkeypatch.chdir(tmp_path)
    if any("matplotlib" in b.requires for b in blocks) and importlib.util.find_spec("matplotlib"):
        import matplotlib

        matplotlib.use("Agg", force=True)
    namespace: dict = {"__name__": f"docs.{page.stem}"}
    skipped = []
    try:
        for block in blocks:
            missing = block.missing()
            if missing:
                skipped.append(f"line {block.line} needs {', '.join(missing)}")
                continue
            _run(block, namespace)
    finally:
        pyplot = sys.modules.get("matplotlib.pyplot")
        if pyplot is not None:
            pyplot.close("all")
    if skipped:
        pytest.skip(f"{page.name}: {len(blocks) - len(skipped)} blocks ran and passed; not run "
                    f"(optional dependency missing): {'; '.join(skipped)}")


@pytest.mark.parametrize("page", USER_PAGES, ids=lambda p: p.name)
def test_page_has_examples_and_is_linked_from_the_index(page: pathlib.Path) -> None:
    if page.name != "index.md":
        assert python_blocks(page), f"{page.name} has no ```python example"
        index = (DOCS / "index.md").read_text(encoding="utf-8")
        assert f"({page.name})" in index, f"docs/index.md does not link {page.name}"


def test_user_guide_pages_exist() -> None:
    names = {p.name for p in USER_PAGES}
    for expected in ("index.md", "conventions.md", "groups.md", "representations.md",
                     "characters.md", "equivariant.md", "export.md", "cli.md"):
        assert expected in names, f"docs/{expected} is missing"


def test_cli_page_documents_every_subcommand() -> None:
    from repkit.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    for name in sub.choices:
        assert f"repkit {name}" in text, f"docs/cli.md does not document `repkit {name}`"


def _transcripts(path: pathlib.Path) -> list[tuple[int, str, str]]:
    """``(line, command, expected output)`` of each ```bash block that starts with ``$ repkit``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    found = []
    for i, line in enumerate(lines):
        if line.strip() == "```bash" and i + 1 < len(lines) and lines[i + 1].startswith("$ repkit "):
            j = i + 2
            while lines[j].strip() != "```":
                j += 1
            found.append((i + 2, lines[i + 1][2:], "\n".join(lines[i + 2:j]) + "\n"))
    return found


@pytest.mark.parametrize("line, command, expected", [
    pytest.param(*t, id=f"cli.md:{t[0]} {t[1].split()[1]}") for t in _transcripts(DOCS / "cli.md")])
def test_cli_transcripts_match_the_command(line, command, expected, tmp_path, monkeypatch) -> None:
    """The ``$ repkit ...`` transcripts in docs/cli.md are what the command prints (``...`` elides)."""
    import contextlib
    import doctest
    import io
    import shlex

    from repkit.cli import main

    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        main(shlex.split(command)[1:])
    checker = doctest.OutputChecker()
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    assert checker.check_output(expected, out.getvalue(), flags), (
        f"docs/cli.md:{line}: `{command}` printed\n{out.getvalue()}\nbut the page shows\n{expected}")


def test_block_extraction_and_requires_marker(tmp_path) -> None:
    page = tmp_path / "page.md"
    page.write_text("text\n```python\nx = 1\n```\n\n```bash\nls\n```\n"
                    "```python\n# requires: torch, jax\ny = x\n```\n")
    first, second = python_blocks(page)
    assert (first.line, first.source, first.requires) == (3, "x = 1\n", ())
    assert second.line == 10 and second.requires == ("torch", "jax")


def test_failing_block_points_at_the_markdown_line(tmp_path) -> None:
    import traceback

    page = tmp_path / "page.md"
    page.write_text("# Title\n\n```python\nx = 1\nassert x == 2\n```\n")
    (block,) = python_blocks(page)
    with pytest.raises(AssertionError) as info:
        _run(block, {})
    frame = traceback.extract_tb(info.tb)[-1]
    assert (frame.filename, frame.lineno) == (str(page), 5)


@pytest.mark.parametrize("page", USER_PAGES, ids=lambda p: p.name)
def test_page_links_resolve(page: pathlib.Path) -> None:
    for target in re.findall(r"\]\(([^)#:]+\.md)(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
        assert (DOCS / target).is_file(), f"{page.name} links to a missing page {target}"
