"""The ``repkit`` command line.

``repkit demo`` walks through the whole pipeline on the symmetry group of the square;
``repkit group``, ``repkit table`` and ``repkit basis`` do the same steps on a presentation of
your own.

Examples
--------
>>> from repkit.cli import build_parser
>>> build_parser().parse_args(["group", "<a | a^3>"]).presentation
'<a | a^3>'
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from typing import TextIO

__all__ = ["main", "build_parser", "demo"]

DEMO_PRESENTATION = "<r, f | r^4 = f^2 = e, r f = f r^-1>"


def _progress_printer(stream: TextIO) -> Callable[[object], None]:
    """A progress callback for long coset enumerations that rewrites one stderr line."""
    last = [0.0]

    def report(record: object) -> None:
        now = time.monotonic()
        if now - last[0] < 0.5:
            return
        last[0] = now
        fields = ", ".join(f"{k}={v}" for k, v in vars(record).items()) if hasattr(record, "__dict__") \
            else str(record)
        stream.write(f"\r  enumerating cosets: {fields}   ")
        stream.flush()

    return report


def _section(out: TextIO, title: str) -> None:
    out.write(f"\n== {title} ==\n")


def _demo_group(out: TextIO):
    import repkit as rk

    G = rk.Group.from_presentation(DEMO_PRESENTATION)
    out.write(f"The symmetry group of the square, D4 = {DEMO_PRESENTATION}\n")
    _section(out, "group")
    out.write(f"order: {G.order}\n")
    out.write("elements (shortlex normal forms): " +
              ", ".join(G.word_str(g) for g in G.elements) + "\n")
    g = G.element("f r^2")
    out.write(f"what is f r^2?  element {g}, normal form {G.word_str(g)}, order {G.element_order(g)}\n")
    classes = G.conjugacy_classes()
    out.write(f"conjugacy classes ({len(classes)}): " +
              "  ".join("{" + ", ".join(G.word_str(x) for x in c) + "}" for c in classes) + "\n")
    graph = G.cayley_graph()
    out.write(f"Cayley graph: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges "
              f"(one per element and generator), labelled by {sorted(G.generators)}\n")
    return G


def _demo_reps(out: TextIO, G):
    import repkit as rk

    _section(out, "representations")
    reg = rk.regular(G)
    rot = rk.permutation_rep(G, {"r": [1, 2, 3, 0], "f": [0, 3, 2, 1]})
    for label, rho in (("regular", reg), ("vertices of the square (permutation)", rot)):
        report = rho.faithfulness()
        out.write(f"{label}: dim {rho.dim}, kernel order {rho.kernel().order}, "
                  f"image order {rho.image_order()}, faithful: {report.is_faithful}\n")
    sgn = rk.sign(G)
    out.write(f"a sign rep: dim {sgn.dim}, kernel order {sgn.kernel().order} (not faithful)\n")
    return reg, rot


def _demo_characters(out: TextIO, G, reg) -> None:
    _section(out, "character table")
    T = G.character_table()
    out.write(str(T) + "\n")
    out.write(f"degrees {list(T.degrees)}, sum of squares {sum(d * d for d in T.degrees)} = |G|\n")
    out.write(f"Frobenius-Schur indicators {list(T.indicators)}\n")
    dec = reg.decompose()
    out.write(f"regular rep = sum of irreducibles with multiplicities {list(dec.multiplicities)} "
              "(each irreducible appears degree times)\n")


def _demo_equivariant(out: TextIO, G, reg, rot) -> None:
    import os
    import tempfile

    import repkit as rk

    _section(out, "equivariant weights")
    B = rk.equivariant_basis(rot, rot)
    out.write(f"Hom_G(square, square): dim {B.dim}; sharing pattern\n{B.pattern}\n")
    B = reg >> reg
    out.write(f"Hom_G(regular, regular): dim {B.dim} free parameters for an 8 x 8 layer\n")
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "d4_regular.npz")
        B.save(path)
        loaded = rk.load_template(path)
        out.write(f"exported the template to {os.path.basename(path)} and loaded it back "
                  f"(exact round trip: {bool((loaded.to_numpy() == B.to_numpy()).all())}); "
                  "sharing pattern:\n")
        out.write(f"{loaded.pattern}\n")


def demo(out: TextIO | None = None) -> int:
    """Run the built-in example: D4 from its presentation through to exported weights.

    Parameters
    ----------
    out : text stream, optional
        Where to print the report (standard output by default).

    Returns
    -------
    int
        The process exit status (0).
    """
    out = out or sys.stdout
    G = _demo_group(out)
    reg, rot = _demo_reps(out, G)
    _demo_characters(out, G, reg)
    _demo_equivariant(out, G, reg, rot)
    return 0


def _cmd_group(args: argparse.Namespace) -> int:
    import repkit as rk

    progress = _progress_printer(sys.stderr) if sys.stderr.isatty() else None
    G = rk.Group.from_presentation(args.presentation, max_cosets=args.max_cosets, progress=progress)
    print(f"order: {G.order}")
    print(f"generators: {', '.join(G.generators)}")
    if G.order <= args.list_limit:
        print("elements: " + ", ".join(G.word_str(g) for g in G.elements))
    classes = G.conjugacy_classes()
    print(f"conjugacy classes: {len(classes)}, sizes {[len(c) for c in classes]}")
    print(f"abelian: {G.is_abelian()}, exponent: {G.exponent}, centre order: {G.center().order}")
    return 0


def _cmd_table(args: argparse.Namespace) -> int:
    import repkit as rk

    G = rk.Group.from_presentation(args.presentation, max_cosets=args.max_cosets)
    print(G.character_table())
    return 0


def _cmd_basis(args: argparse.Namespace) -> int:
    import repkit as rk

    G = rk.Group.from_presentation(args.presentation, max_cosets=args.max_cosets)
    rho = rk.regular(G)
    B = rk.equivariant_basis(rho, rho)
    print(f"Hom_G(regular, regular): dim {B.dim}, shape {B.shape}")
    if args.output:
        B.save(args.output)
        print(f"saved to {args.output}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``repkit`` command."""
    parser = argparse.ArgumentParser(
        prog="repkit",
        description="Finite groups, their representations and exact equivariant weight bases.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("demo", help="run the built-in example (the symmetry group of the square)")
    for name, help_text in (("group", "enumerate a group and summarize it"),
                            ("table", "print the exact character table"),
                            ("basis", "equivariant basis of the regular rep, optionally saved")):
        p = sub.add_parser(name, help=help_text)
        p.add_argument("presentation", help="e.g. '<r, f | r^4 = f^2 = e, r f = f r^-1>'")
        p.add_argument("--max-cosets", type=int, default=2_000_000, help="coset enumeration bound")
        if name == "group":
            p.add_argument("--list-limit", type=int, default=64, help="list elements up to this order")
        if name == "basis":
            p.add_argument("-o", "--output", help="write the template (.npz) here")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``repkit`` console script."""
    import repkit as rk

    args = build_parser().parse_args(argv)
    try:
        if args.command == "demo":
            return demo()
        return {"group": _cmd_group, "table": _cmd_table, "basis": _cmd_basis}[args.command](args)
    except rk.RepkitError as exc:
        print(f"repkit: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
