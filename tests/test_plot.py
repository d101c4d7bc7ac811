"""The pictures (repkit.plot): rendered to PNG with the Agg backend and checked for content.

Tests that draw need matplotlib (the optional extra ``repkit[plot]``); without it they are
reported as skipped (``pytest.importorskip`` through the ``mpl`` fixture), while the tests of
the missing-dependency error and of the lazy import always run.
"""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

import repkit as rk
from repkit import plot

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

GROUPS = {
    "trivial": lambda: rk.cyclic(1),
    "C5": lambda: rk.cyclic(5),
    "D4 presentation": lambda: rk.Group.from_presentation("<r, f | r^4 = f^2 = e, r f = f r^-1>"),
    "Q8": rk.quaternion,
    "S3 permutations": lambda: rk.Group.from_permutations({"s": [1, 0, 2], "c": [1, 2, 0]}),
    "Z3xZ3": lambda: rk.translations((3, 3)),
    "identity generator": lambda: rk.Group.from_presentation("<a, b | a^3, b>"),
    "no generators": lambda: rk.Group.from_presentation("< | >"),
}


@pytest.fixture
def mpl():
    """matplotlib with the non-interactive Agg backend; skip (reported) when it is missing."""
    matplotlib = pytest.importorskip(
        "matplotlib", reason="matplotlib is not installed (optional extra 'repkit[plot]')")
    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    yield matplotlib
    plt.close("all")


def _save(ax, path) -> bytes:
    ax.figure.savefig(path, dpi=60)
    data = path.read_bytes()
    assert data.startswith(PNG_SIGNATURE) and len(data) > 1000, "the PNG is empty"
    return data


def _edges(ax) -> list[str]:
    return [p.get_gid() for p in ax.patches if (p.get_gid() or "").startswith("edge:")]


# -- Cayley graph -------------------------------------------------------------------------------

@pytest.mark.parametrize("layout", ["spring", "circular", "kamada_kawai"])
@pytest.mark.parametrize("name", list(GROUPS))
def test_cayley_graph_draws_one_arrow_per_element_and_generator(mpl, tmp_path, name, layout):
    G = GROUPS[name]()
    ax = plot.plot_cayley_graph(G, layout=layout)
    _save(ax, tmp_path / "cayley.png")
    edges = _edges(ax)
    assert len(edges) == G.order * G.ngens
    expected = sorted(f"edge:{g}:{h}:{d['generator']}"
                      for g, h, d in G.cayley_graph().edges(data=True))
    assert sorted(edges) == expected
    legend = [t.get_text().split()[0] for t in ax.get_legend().get_texts()] if G.ngens else []
    assert legend == list(G.generators)


def test_cayley_graph_colours_edges_by_generator(mpl):
    G = rk.dihedral(4)
    ax = plot.plot_cayley_graph(G)
    colour = {}
    for patch in ax.patches:
        gen = patch.get_gid().rsplit(":", 1)[1]
        colour.setdefault(gen, set()).add(tuple(patch.get_edgecolor()))
    assert set(colour) == {"r", "f"}
    assert all(len(c) == 1 for c in colour.values()) and colour["r"] != colour["f"]


def test_cayley_graph_is_deterministic_for_a_seed(mpl, tmp_path):
    G = rk.dihedral(3)
    first = _save(plot.plot_cayley_graph(G, seed=3), tmp_path / "a.png")
    second = _save(plot.plot_cayley_graph(G, seed=3), tmp_path / "b.png")
    assert first == second


def test_cayley_graph_draws_into_a_given_axes(mpl):
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2)
    out = plot.plot_cayley_graph(rk.cyclic(4), ax=axes[1])
    assert out is axes[1] and len(_edges(axes[1])) == 4 and not _edges(axes[0])


def test_cayley_graph_refuses_large_groups_and_bad_options(mpl):
    with pytest.raises(rk.GroupTooLargeError, match="max_nodes=256"):
        plot.plot_cayley_graph(rk.symmetric(6))
    with pytest.raises(rk.ShapeError, match="layout"):
        plot.plot_cayley_graph(rk.cyclic(3), layout="spiral")  # type: ignore[arg-type]
    with pytest.raises(rk.ShapeError, match="ax"):
        plot.plot_cayley_graph(rk.cyclic(3), ax="not an axes")
    with pytest.raises(rk.IncompatibleGroupError, match="FiniteGroup"):
        plot.plot_cayley_graph("<a | a^3>")
    big = rk.cyclic(300)
    with pytest.raises(rk.GroupTooLargeError, match="300 elements"):
        plot.plot_cayley_graph(big, layout="circular")
    ax = plot.plot_cayley_graph(big, layout="circular", max_nodes=300, labels=False)
    assert len(_edges(ax)) == 300 and not ax.texts


# -- sharing pattern -----------------------------------------------------------------------------

def _square_corners():
    V = rk.natural(rk.dihedral(4))
    return V >> V


def _local_conv():
    V = rk.natural(rk.translations(8))
    return rk.equivariant_basis(V, V, mask=rk.locality_mask(8, 1))


def _regular_to_corners():
    G = rk.dihedral(4)
    return rk.regular(G) >> rk.permutation_rep(G, {"r": [1, 2, 3, 0], "f": [0, 3, 2, 1]})


BASES = {
    "D4 corners": _square_corners,
    "Z8 local kernel": _local_conv,
    "D4 regular->corners": _regular_to_corners,
    "raw array": lambda: np.array([[0, -1, 1], [1, 0, -1]]),
}


@pytest.mark.parametrize("name", list(BASES))
def test_sharing_pattern_image_is_the_pattern_with_blank_zeros(mpl, tmp_path, name):
    source = BASES[name]()
    pattern = source if isinstance(source, np.ndarray) else source.pattern
    ax = plot.plot_sharing_pattern(source)
    _save(ax, tmp_path / "pattern.png")
    shown = ax.images[0].get_array()
    assert shown.shape == pattern.shape
    assert np.array_equal(np.ma.getmaskarray(shown), pattern < 0)
    assert np.array_equal(shown.filled(-1), pattern)
    if max(pattern.shape) <= 24:
        texts = sorted(t.get_text() for t in ax.texts)
        assert texts == sorted(str(int(k)) for k in pattern[pattern >= 0])


def test_sharing_pattern_marks_negative_signs(mpl):
    B = rk.WeightBasis.from_pattern(np.array([[0, 0]]), np.array([[1, -1]]))
    ax = plot.plot_sharing_pattern(B)
    assert sorted(t.get_text() for t in ax.texts) == ["-0", "0"]


def test_sharing_pattern_rejects_non_partition_bases(mpl):
    B = rk.WeightBasis.from_sparse((1, 2), 1, np.array([0, 1]), np.array([1, 2]))   # [[1, 2]]
    assert B.kind == "sparse"
    with pytest.raises(rk.ShapeError, match="sharing pattern"):
        plot.plot_sharing_pattern(B)
    with pytest.raises(rk.ShapeError, match="integer"):
        plot.plot_sharing_pattern(np.array([[0.5, 1.0]]))


# -- character table -----------------------------------------------------------------------------

TABLES = {
    "D4": lambda: rk.dihedral(4),
    "C3 (cyclotomic)": lambda: rk.cyclic(3),
    "Q8": rk.quaternion,
    "A5": lambda: rk.alternating(5),
}


@pytest.mark.parametrize("name", list(TABLES))
def test_character_table_cells_are_the_exact_values(mpl, tmp_path, name):
    T = TABLES[name]().character_table()
    ax = plot.plot_character_table(T)
    _save(ax, tmp_path / "table.png")
    cells = ax.tables[0].get_celld()
    r = len(T)
    for k, cname in enumerate(T.class_names):
        assert cells[(0, k)].get_text().get_text() == cname
        assert cells[(1, k)].get_text().get_text() == str(T.class_sizes[k])
    for i, chi in enumerate(T.irreducibles):
        shown = [cells[(i + 2, k)].get_text().get_text() for k in range(r)]
        assert shown == [str(v) for v in chi.values]
        assert cells[(i + 2, -1)].get_text().get_text() == f"X.{i + 1}"


def test_character_table_rejects_other_objects(mpl):
    with pytest.raises(rk.ShapeError, match="CharacterTable"):
        plot.plot_character_table([[1]])


# -- optional dependency -------------------------------------------------------------------------

@pytest.mark.parametrize("call", [
    lambda: plot.plot_cayley_graph(rk.cyclic(3)),
    lambda: plot.plot_sharing_pattern(np.array([[0]])),
    lambda: plot.plot_character_table(rk.cyclic(2).character_table()),
], ids=["cayley", "pattern", "table"])
def test_missing_matplotlib_raises_optional_dependency_error(monkeypatch, call):
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)      # makes `import matplotlib` fail
    with pytest.raises(rk.OptionalDependencyError, match=r"repkit\[plot\]"):
        call()


def test_importing_repkit_plot_does_not_import_matplotlib():
    code = "import sys, repkit.plot; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
