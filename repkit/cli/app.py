"""The ``repkit`` argument parser and entry point.

``main(argv)`` returns the exit status instead of exiting, so the commands run in-process:

===========  ==================================================================================
status       meaning
===========  ==================================================================================
0            success (``--help`` too)
2            any user-caused problem: a bad spec or option, a group or representation repkit
             refuses (too large, not a homomorphism, ...), a file that cannot be read or written,
             out of memory; one line ``repkit: error: ...`` on standard error, never a traceback
130          interrupted (Ctrl-C); one line ``repkit: interrupted``
141          standard output was closed early (``repkit table ... | head -1``); nothing printed
===========  ==================================================================================

Building the parser imports no mathematical layer, so ``repkit --help`` is fast.

Examples
--------
>>> build_parser().parse_args(["info", "dihedral:4"]).group
'dihedral:4'
>>> import contextlib, io
>>> with contextlib.redirect_stderr(io.StringIO()) as err:
...     status = main(["info", "dihedral:x"])
>>> status
2
>>> err.getvalue().startswith("repkit: error: GROUP: expected an integer parameter")
True
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import NoReturn

from .._version import __version__
from ..errors import RepkitError, UsageError
from .streams import Progress, configure_streams, error_line, silence_stdout

__all__ = ["main", "build_parser", "EXIT_OK", "EXIT_USER_ERROR", "EXIT_INTERRUPTED",
           "EXIT_BROKEN_PIPE"]

EXIT_OK, EXIT_USER_ERROR, EXIT_INTERRUPTED, EXIT_BROKEN_PIPE = 0, 2, 130, 141

_EPILOG = """\
GROUP is a presentation '<r, f | r^4, f^2, (r f)^2>', a family (cyclic:8, dihedral:4,
symmetric:5, alternating:4, quaternion, dicyclic:3, translations:4,4, image:3), @FILE
(a presentation, JSON permutations or GAP text), or a product 'dihedral:4 x cyclic:2'.
REP is a sum of terms: regular, trivial, sign, natural, standard, rotation, irrep:I,
perm:[1,2,3,0];[0,3,2,1], cosets:f or cosets:[r^2, f], with k*REP, REP@REP, REP^k and
brackets, e.g. '3*natural + sign'. See docs/cli.md. Exit status: 0 ok, 2 bad input,
130 interrupted."""


class _Parser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose errors are :class:`UsageError` (one line, exit status 2)."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message} (see `{self.prog} --help`)")


def _positive(text: str) -> int:
    if not text.isdigit() or len(text) > 12 or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text[:40]!r}")
    return int(text)


def _common(p: argparse.ArgumentParser, *, reps: int = 0, output: str | None = None) -> None:
    p.add_argument("group", metavar="GROUP", help="presentation, family:N, @FILE or a product")
    if reps == 1:
        p.add_argument("rep", metavar="REP", help="representation spec, e.g. '3*natural + sign'")
    elif reps == 2:
        p.add_argument("rep_in", metavar="REP_IN", nargs="?", default="regular",
                       help="input representation (default: regular)")
        p.add_argument("rep_out", metavar="REP_OUT", nargs="?", default=None,
                       help="output representation (default: REP_IN)")
    if output is not None:
        p.add_argument("-o", "--output", metavar="FILE", required=output == "required",
                       default=None, help="write the result to FILE")
    p.add_argument("--json", action="store_true", help="print one JSON object (see docs/cli.md)")
    p.add_argument("--max-cosets", type=_positive, default=2_000_000, metavar="N",
                   help="bound of the coset enumeration (default 2000000)")
    p.add_argument("--max-dim", type=_positive, default=4096, metavar="N",
                   help="largest representation dimension a spec may describe (default 4096)")
    p.add_argument("--list-limit", type=_positive, default=64, metavar="N",
                   help="list elements of groups/classes up to this size (default 64)")
    noise = p.add_mutually_exclusive_group()
    noise.add_argument("--progress", action="store_true", default=None,
                       help="report stages on standard error (default: when it is a terminal)")
    noise.add_argument("-q", "--quiet", action="store_false", dest="progress",
                       help="no progress output")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``repkit`` command (imports no mathematical layer)."""
    parser = _Parser(prog="repkit", epilog=_EPILOG,
                     formatter_class=argparse.RawDescriptionHelpFormatter,
                     description="Finite groups, their representations and exact equivariant "
                                 "weight bases.")
    parser.add_argument("--version", action="version", version=f"repkit {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND",
                                parser_class=_Parser)
    make = sub.add_parser
    _common(make("info", aliases=["group"], help="order, generators, classes, centre, elements"))
    _common(make("table", help="the exact character table (GAP's Display layout)"))
    _common(make("classes", help="the conjugacy classes"))
    _common(make("decompose", help="multiplicities of the irreducibles in REP, its kernel"), reps=1)
    _common(make("basis", help="exact basis of Hom_G(REP_IN, REP_OUT), optionally saved"),
            reps=2, output="optional")
    p = make("export", help="write Hom_G(REP_IN, REP_OUT) as a template or EMLP arrays")
    _common(p, reps=2, output="required")
    p.add_argument("--format", choices=("template", "emlp"), default="template",
                   help="template: repkit's exact .npz; emlp: float .npy, EMLP's layout")
    p = make("plot", help="draw the Cayley graph, the character table or a sharing pattern")
    _common(p, reps=2, output="required")
    p.set_defaults(rep_in=None)
    p.add_argument("--kind", choices=("cayley", "table", "pattern"), default=None,
                   help="what to draw (default: pattern when REP_IN is given, else cayley)")
    p.add_argument("--max-nodes", type=_positive, default=64, metavar="N",
                   help="largest group whose Cayley graph is drawn (default 64)")
    p = make("survey", help="candidate hidden representations compared (dims, kernels, parameters)")
    _common(p)
    p.add_argument("--in", dest="survey_in", metavar="REP", default=None,
                   help="input representation (default: natural for permutation groups, else regular)")
    p.add_argument("--out", dest="survey_out", metavar="REP", default=None,
                   help="output representation (default: trivial)")
    p.add_argument("--max-subgroups", type=_positive, default=16, metavar="N",
                   help="at most N coset representations among the candidates (default 16)")
    p = make("demo", help="the whole pipeline on the symmetry group of the square")
    p.add_argument("--out", metavar="DIR", default=None,
                   help="write the demo's template into this existing directory")
    return parser


def _print(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    sys.stdout.flush()


def _run(args: argparse.Namespace) -> int:
    from .commands import COMMANDS

    if args.command == "demo":
        import os

        from .demo import demo
        from .streams import check_output_path

        if args.out is not None:
            check_output_path(os.path.join(args.out, "d4_regular.npz"), option="--out")
        return demo(sys.stdout, directory=args.out)
    if getattr(args, "rep_out", "") is None and getattr(args, "rep_in", None) is not None:
        args.rep_out = args.rep_in
    on_terminal = bool(sys.stderr is not None and sys.stderr.isatty())
    enabled = args.progress if args.progress is not None else on_terminal
    quiet_for = 0.0 if args.progress else 1.0             # a terminal hears only about long work
    command = "info" if args.command == "group" else args.command
    record, text = COMMANDS[command](args, Progress(enabled, quiet_for=quiet_for))
    _print(json.dumps(record, indent=2) if args.json else text)
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``repkit`` console script; returns the exit status (see the module)."""
    configure_streams()
    try:
        try:
            args = build_parser().parse_args(argv)
        except SystemExit as exc:                 # --help / --version
            return int(exc.code or 0)
        return _run(args)
    except RepkitError as exc:
        error_line(str(exc))
    except KeyboardInterrupt:
        error_line("interrupted", prefix="repkit: ")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        silence_stdout()
        return EXIT_BROKEN_PIPE
    except MemoryError:
        error_line("out of memory: the input asks for more than this machine has; try a smaller "
                   "group or representation, or lower a bound such as --max-dim")
    except RecursionError:
        error_line("the input is nested too deeply to be read")
    except OverflowError as exc:
        error_line(f"a number in the input is too large: {exc}")
    return EXIT_USER_ERROR
