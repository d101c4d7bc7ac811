"""The subcommands of ``repkit``: each computes one JSON-ready record and renders it as text.

Every command function takes the parsed arguments and a :class:`~repkit.cli.streams.Progress`
and returns ``(record, text)``: ``record`` is what ``--json`` prints (fields documented in
docs/cli.md), ``text`` the human-readable form. Nothing is printed here.

Examples
--------
>>> import argparse
>>> from repkit.cli.streams import Progress
>>> args = argparse.Namespace(group="cyclic:3", max_cosets=1000, list_limit=10)
>>> record, text = cmd_info(args, Progress(False))
>>> record["order"], record["abelian"]
(3, True)
"""

from __future__ import annotations

import argparse
from typing import Any

from .spec import build_group, build_rep, parse_group_spec, parse_rep_spec
from .streams import Progress, check_output_path

__all__ = ["cmd_info", "cmd_table", "cmd_classes", "cmd_decompose", "cmd_basis", "cmd_export",
           "cmd_plot", "cmd_survey", "COMMANDS", "EXPORT_FORMATS"]

#: ``repkit export --format`` choices.
EXPORT_FORMATS = ("template", "emlp")
_PATTERN_PRINT_LIMIT = 24


def _group(args: argparse.Namespace, progress: Progress) -> tuple[str, Any]:
    spec = parse_group_spec(args.group)
    progress.stage(f"building the group {str(spec)[:60]}")
    return str(spec), build_group(spec, max_cosets=args.max_cosets, progress=progress.enumeration)


def _rep(G: Any, text: str, args: argparse.Namespace, progress: Progress, what: str) -> Any:
    spec = parse_rep_spec(text, what=what)
    progress.stage(f"building {what} = {str(spec)[:60]}")
    return build_rep(spec, G, max_dim=args.max_dim, what=what)


def _words(G: Any, elements: Any) -> list[str]:
    return [G.word_str(g) for g in elements]


def cmd_info(args: argparse.Namespace, progress: Progress) -> tuple[dict[str, Any], str]:
    """``repkit info GROUP``: order, generators, structure, the elements when few.

    A group too large to enumerate (more than its ``max_order`` elements: a permutation group
    whose order Schreier--Sims gives) still reports its order, generators and whether it is
    abelian; the fields that need every element are ``null``.
    """
    name, G = _group(args, progress)
    record: dict[str, Any] = {
        "group": name, "order": G.order, "generators": list(G.generators),
        "presentation": str(G.presentation) if G.has_given_presentation else None,
        "abelian": G.is_abelian(), "exponent": None, "center_order": None,
        "derived_order": None, "nclasses": None, "class_sizes": None, "elements": None,
    }
    lines = [f"group: {name}", f"order: {G.order}", f"generators: {', '.join(G.generators)}"]
    if G.order > G.max_order:
        lines.append(f"abelian: {record['abelian']}; the group has more than "
                     f"max_order={G.max_order} elements, so its classes, exponent, centre and "
                     "derived subgroup are not computed")
        return record, "\n".join(lines)
    progress.stage("conjugacy classes, centre and derived subgroup")
    sizes = [len(c) for c in G.conjugacy_classes()]
    record.update(exponent=G.exponent, center_order=G.center().order,
                  derived_order=G.derived_subgroup().order, nclasses=len(sizes), class_sizes=sizes,
                  elements=_words(G, G.elements) if G.order <= args.list_limit else None)
    if record["elements"] is not None:
        lines.append("elements: " + ", ".join(record["elements"]))
    lines += [f"conjugacy classes: {len(sizes)}, sizes {sizes}",
              f"abelian: {record['abelian']}, exponent: {record['exponent']}, "
              f"centre order: {record['center_order']}, derived subgroup order: "
              f"{record['derived_order']}"]
    return record, "\n".join(lines)


def cmd_table(args: argparse.Namespace, progress: Progress) -> tuple[dict[str, Any], str]:
    """``repkit table GROUP``: the exact character table (GAP's ``Display`` layout)."""
    name, G = _group(args, progress)
    progress.stage("character table")
    T = G.character_table()
    classes = [{"name": n, "size": s, "element_order": o, "centralizer_order": c,
                "representative": w}
               for n, s, o, c, w in zip(T.class_names, T.class_sizes, T.element_orders,
                                        T.centralizer_orders, T.class_words)]
    characters = [{"name": f"X.{i + 1}", "degree": d, "indicator": ind, "faithful": f,
                   "values": [str(v) for v in row]}
                  for i, (d, ind, f, row) in enumerate(zip(T.degrees, T.indicators, T.faithful,
                                                           T.values))]
    record = {"group": name, "order": G.order, "classes": classes, "characters": characters}
    return record, str(T)


def cmd_classes(args: argparse.Namespace, progress: Progress) -> tuple[dict[str, Any], str]:
    """``repkit classes GROUP``: the conjugacy classes (size, element order, representative)."""
    name, G = _group(args, progress)
    progress.stage("conjugacy classes")
    classes = []
    for c in G.conjugacy_classes():
        classes.append({"size": len(c), "element_order": G.element_order(c[0]),
                        "representative": G.word_str(c[0]),
                        "elements": _words(G, c) if len(c) <= args.list_limit else None})
    lines = [f"group: {name}, order {G.order}, {len(classes)} conjugacy classes",
             f"{'#':>4} {'size':>8} {'order':>6}  representative / elements"]
    for i, c in enumerate(classes):
        shown = "{" + ", ".join(c["elements"]) + "}" if c["elements"] is not None \
            else c["representative"] + f" (and {c['size'] - 1} more)"
        lines.append(f"{i + 1:>4} {c['size']:>8} {c['element_order']:>6}  {shown}")
    return {"group": name, "order": G.order, "classes": classes}, "\n".join(lines)


def cmd_decompose(args: argparse.Namespace, progress: Progress) -> tuple[dict[str, Any], str]:
    """``repkit decompose GROUP REP``: multiplicities of the irreducibles, kernel, faithfulness."""
    name, G = _group(args, progress)
    rho = _rep(G, args.rep, args, progress, "REP")
    progress.stage("character table and decomposition")
    dec = rho.decompose()
    T = dec.table
    kernel_order = rho.kernel().order
    record = {
        "group": name, "rep": str(parse_rep_spec(args.rep)), "dim": rho.dim,
        "kernel_order": kernel_order, "faithful": kernel_order == 1,
        "image_order": G.order // kernel_order,
        "degrees": list(T.degrees), "multiplicities": list(dec.multiplicities),
        "character": [str(v) for v in dec.character.values], "decomposition": str(dec),
    }
    lines = [f"{record['rep']} = {record['decomposition']}",
             f"dim {rho.dim}; kernel order {kernel_order}; image order {record['image_order']}; "
             f"faithful: {record['faithful']}",
             "multiplicities (rows of `repkit table`): " + str(record["multiplicities"]),
             "degrees: " + str(record["degrees"])]
    return record, "\n".join(lines)


def _basis(args: argparse.Namespace, progress: Progress) -> tuple[dict[str, Any], Any]:
    import repkit as rk

    name, G = _group(args, progress)
    rho_in = _rep(G, args.rep_in, args, progress, "REP_IN")
    rho_out = _rep(G, args.rep_out, args, progress, "REP_OUT")
    progress.stage(f"solving Hom_G(REP_IN, REP_OUT) ({rho_out.dim} x {rho_in.dim})")
    B = rk.equivariant_basis(rho_in, rho_out)
    record = {"group": name, "rep_in": str(parse_rep_spec(args.rep_in)),
              "rep_out": str(parse_rep_spec(args.rep_out)), "dim": B.dim, "shape": list(B.shape),
              "bias_dim": B.bias_dim, "real": B.is_real(), "method": B.metadata.get("method"),
              "output": None}
    return record, B


def _save(B: Any, path: str, fmt: str, progress: Progress) -> None:
    from ..errors import FileWriteError, RepkitError

    progress.stage(f"writing {path}")
    try:
        if fmt == "emlp":
            from ..interop.emlp import save_emlp_basis

            save_emlp_basis(B, path)
        else:
            B.save(path)
    except RepkitError:                    # already names the path and the cause
        raise
    except OSError as exc:
        raise FileWriteError(f"-o: cannot write {path!r}: {exc.strerror or exc}") from exc


def _basis_text(record: dict[str, Any], B: Any) -> str:
    lines = [f"Hom_G({record['rep_in']}, {record['rep_out']}): dim {B.dim}, shape "
             f"{tuple(B.shape)}, biases {B.bias_dim}, real {record['real']}"]
    if B.pattern is not None and max(B.shape) <= _PATTERN_PRINT_LIMIT:
        lines.append("sharing pattern (parameter index per entry, -1 = always 0):")
        lines += ["  " + " ".join(f"{int(v):>3}" for v in row) for row in B.pattern]
    if record["output"]:
        lines.append(f"saved to {record['output']}")
    return "\n".join(lines)


def cmd_basis(args: argparse.Namespace, progress: Progress) -> tuple[dict[str, Any], str]:
    """``repkit basis GROUP REP_IN REP_OUT [-o FILE]``: the exact equivariant basis."""
    check_output_path(args.output)
    record, B = _basis(args, progress)
    if args.output is not None:
        _save(B, args.output, "template", progress)
        record["output"] = args.output
    return record, _basis_text(record, B)


def cmd_export(args: argparse.Namespace, progress: Progress) -> tuple[dict[str, Any], str]:
    """``repkit export GROUP REP_IN REP_OUT -o FILE [--format template|emlp]``."""
    check_output_path(args.output)
    record, B = _basis(args, progress)
    _save(B, args.output, args.format, progress)
    record["output"], record["format"] = args.output, args.format
    return record, f"wrote Hom_G({record['rep_in']}, {record['rep_out']}) (dim {B.dim}) as " \
                   f"{args.format} to {args.output}"


def cmd_plot(args: argparse.Namespace, progress: Progress) -> tuple[dict[str, Any], str]:
    """``repkit plot GROUP [REP_IN REP_OUT] -o FILE.png [--kind cayley|table|pattern]``."""
    check_output_path(args.output)
    kind = args.kind or ("pattern" if args.rep_in else "cayley")
    if kind == "pattern" and not (args.rep_in and args.rep_out):
        from ..errors import InvalidOptionError

        raise InvalidOptionError("--kind pattern: expected REP_IN and REP_OUT after GROUP")
    from .. import plot

    plot._require_matplotlib()
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    formats = Figure().canvas.get_supported_filetypes()
    extension = args.output.rsplit(".", 1)[-1].lower() if "." in args.output else ""
    if extension not in formats:
        from ..errors import FileWriteError

        raise FileWriteError(f"-o: expected a file name ending in one of "
                              f"{', '.join('.' + f for f in sorted(formats))}, got {args.output!r}")
    if kind == "pattern":
        record, B = _basis(args, progress)
        ax = plot.plot_sharing_pattern(B)
    else:
        name, G = _group(args, progress)
        record = {"group": name}
        ax = (plot.plot_cayley_graph(G, max_nodes=args.max_nodes) if kind == "cayley"
              else plot.plot_character_table(G.character_table()))
    progress.stage(f"writing {args.output}")
    try:
        ax.figure.savefig(args.output)
    except OSError as exc:
        from ..errors import FileWriteError

        raise FileWriteError(f"-o: cannot write {args.output!r}: {exc.strerror or exc}") from exc
    finally:
        import matplotlib.pyplot as plt

        plt.close(ax.figure)
    record.update(kind=kind, output=args.output)
    return record, f"wrote the {kind} plot to {args.output}"


def cmd_survey(args: argparse.Namespace, progress: Progress) -> tuple[dict[str, Any], str]:
    """``repkit survey GROUP [--in REP] [--out REP]``: candidate hidden representations compared.

    The record is ``{"group", "rho_in", "rho_out", "rows": [...]}`` with the fields of
    ``repkit.research.SURVEY_FIELDS`` in each row.
    """
    from ..research import survey

    name, G = _group(args, progress)
    rep_in = args.survey_in or ("natural" if G.permutation_generators else "regular")
    rep_out = args.survey_out or "trivial"
    rho_in = _rep(G, rep_in, args, progress, "--in")
    rho_out = _rep(G, rep_out, args, progress, "--out")
    progress.stage("surveying the candidate hidden representations")
    result = survey(G, rho_in, rho_out, max_subgroups=args.max_subgroups)
    record = {"group": name, "rho_in": rep_in, "rho_out": rep_out, "rows": result.records()}
    return record, f"{name}: hidden representations for {rep_in} -> {rep_out}\n{result}"


COMMANDS = {"info": cmd_info, "table": cmd_table, "classes": cmd_classes,
            "decompose": cmd_decompose, "basis": cmd_basis, "export": cmd_export, "plot": cmd_plot,
            "survey": cmd_survey}
