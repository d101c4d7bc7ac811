"""``repkit demo``: the whole pipeline on the symmetry group of the square.

Group, representations, character table, equivariant weights and a template round trip. The
demo writes a file only when asked (``--out DIR``), into that directory, and says where.

Examples
--------
>>> import io
>>> out = io.StringIO()
>>> demo(out)
0
>>> "what is f r^2?  element 7, normal form r^2*f, order 2" in out.getvalue()
True
"""

from __future__ import annotations

import os
import sys
import tempfile
from typing import TextIO

__all__ = ["demo", "DEMO_PRESENTATION", "DEMO_FILE"]

DEMO_PRESENTATION = "<r, f | r^4 = f^2 = e, r f = f r^-1>"
#: Name of the template the demo writes into ``--out DIR``.
DEMO_FILE = "d4_regular.npz"


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


def _demo_equivariant(out: TextIO, G, reg, rot, directory: str | None) -> None:
    import repkit as rk

    _section(out, "equivariant weights")
    B = rk.equivariant_basis(rot, rot)
    out.write(f"Hom_G(square, square): dim {B.dim}; sharing pattern\n{B.pattern}\n")
    B = reg >> reg
    out.write(f"Hom_G(regular, regular): dim {B.dim} free parameters for an 8 x 8 layer\n")
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(directory if directory is not None else tmp, DEMO_FILE)
        B.save(path)
        loaded = rk.load_template(path)
        same = bool((loaded.to_numpy() == B.to_numpy()).all())
        where = (f"wrote the template to {path}" if directory is not None else
                 "saved the template to a temporary file (pass --out DIR to keep it)")
        out.write(f"{where} and loaded it back (exact round trip: {same}); sharing pattern:\n")
        out.write(f"{loaded.pattern}\n")


def demo(out: TextIO | None = None, *, directory: str | None = None) -> int:
    """Run the built-in example: D4 from its presentation through to exported weights.

    Parameters
    ----------
    out : text stream, optional
        Where to print the report (standard output by default).
    directory : str, optional
        An existing directory to write ``d4_regular.npz`` into; without it nothing is left on
        disk (the template round trip uses a temporary directory that is removed).

    Returns
    -------
    int
        The process exit status (0).
    """
    out = out or sys.stdout
    G = _demo_group(out)
    reg, rot = _demo_reps(out, G)
    _demo_characters(out, G, reg)
    _demo_equivariant(out, G, reg, rot, directory)
    return 0
