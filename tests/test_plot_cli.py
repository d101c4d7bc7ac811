"""Legible Cayley graphs (layout switch, size limit) and ``repkit plot`` (needs matplotlib).

Drawing tests are reported as skipped when matplotlib (extra ``repkit[plot]``) is missing; the
error path of ``repkit plot`` without matplotlib always runs.
"""

from __future__ import annotations

import numpy as np
import pytest

import repkit as rk
from repkit import plot
from repkit.cli import main

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def mpl():
    matplotlib = pytest.importorskip(
        "matplotlib", reason="matplotlib is not installed (optional extra 'repkit[plot]')")
    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    yield matplotlib
    plt.close("all")


def _node_positions(ax):
    return np.asarray(ax.collections[0].get_offsets())


@pytest.mark.plot
def test_auto_layout_is_spring_and_labelled_for_small_groups(mpl) -> None:
    G = rk.dihedral(4)
    ax = plot.plot_cayley_graph(G)
    assert len(ax.texts) == G.order                              # one label per element
    spring = plot.plot_cayley_graph(G, layout="spring")
    assert np.array_equal(_node_positions(ax), _node_positions(spring))


@pytest.mark.plot
@pytest.mark.parametrize("make", [lambda: rk.alternating(5), lambda: rk.cyclic(49),
                                  lambda: rk.dihedral(30)],
                         ids=["A5", "C49", "D30"])
def test_auto_layout_switches_to_an_unlabelled_circle_above_48_elements(mpl, make) -> None:
    G = make()
    assert G.order > plot.LEGIBLE_SPRING_NODES
    ax = plot.plot_cayley_graph(G)
    assert not ax.texts
    xy = _node_positions(ax)
    radii = np.hypot(xy[:, 0], xy[:, 1])
    assert np.allclose(radii, radii[0])                          # all on one circle
    edges = [p for p in ax.patches if (p.get_gid() or "").startswith("edge:")]
    assert len(edges) == G.order * G.ngens
    labelled = plot.plot_cayley_graph(G, labels=True)            # still possible on request
    assert len(labelled.texts) == G.order


@pytest.mark.plot
@pytest.mark.parametrize("argv, kind", [
    (["plot", "dihedral:4"], "cayley"),
    (["plot", "dihedral:4", "--kind", "table"], "table"),
    (["plot", "dihedral:4", "natural", "natural"], "pattern"),
])
def test_repkit_plot_writes_a_png(mpl, tmp_path, capsys, argv, kind) -> None:
    path = tmp_path / "out.png"
    assert main([*argv, "-o", str(path), "--json"]) == 0
    import json

    record = json.loads(capsys.readouterr().out)
    assert record["kind"] == kind and record["output"] == str(path)
    data = path.read_bytes()
    assert data.startswith(PNG_SIGNATURE) and len(data) > 1000


@pytest.mark.plot
@pytest.mark.parametrize("argv, contains", [
    (["plot", "symmetric:5", "-o", "x.png"], "max_nodes=64"),
    (["plot", "dihedral:4", "-o", "x.unknownformat"], "expected a file name ending in"),
    (["plot", "dihedral:4", "--kind", "pattern", "-o", "x.png"], "REP_IN and REP_OUT"),
    (["plot", "dihedral:4", "-o", "/nonexistent/x.png"], "does not exist"),
])
def test_repkit_plot_user_errors(mpl, tmp_path, monkeypatch, capsys, argv, contains) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("repkit: error:") and err.count("\n") == 1 and contains in err
    assert list(tmp_path.iterdir()) == []                        # nothing written


def test_repkit_plot_without_matplotlib_is_a_user_error(tmp_path, monkeypatch, capsys) -> None:
    import sys

    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)         # makes `import matplotlib` fail
    assert main(["plot", "dihedral:4", "-o", str(tmp_path / "x.png")]) == 2
    err = capsys.readouterr().err
    assert "matplotlib" in err and "pip install" in err and err.count("\n") == 1
