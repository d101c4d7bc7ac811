"""The ``repkit`` command line: ``info``, ``table``, ``classes``, ``decompose``, ``basis``,
``export``, ``plot`` and ``demo`` (docs/cli.md).

One idea per module: :mod:`~repkit.cli.spec` (the group and representation spec languages),
:mod:`~repkit.cli.commands` (what each command computes), :mod:`~repkit.cli.streams` (careful
terminal and file handling), :mod:`~repkit.cli.app` (the parser and the exit statuses) and
:mod:`~repkit.cli.demo`.

Examples
--------
>>> import contextlib, io
>>> from repkit.cli import main
>>> with contextlib.redirect_stdout(io.StringIO()) as out:
...     status = main(["info", "symmetric:3", "--json"])
>>> import json
>>> status, json.loads(out.getvalue())["order"]
(0, 6)
"""

from __future__ import annotations

from .app import build_parser, main
from .demo import demo
from .spec import build_group, build_rep, parse_group_spec, parse_rep_spec

__all__ = ["main", "build_parser", "demo", "parse_group_spec", "parse_rep_spec", "build_group",
           "build_rep"]
