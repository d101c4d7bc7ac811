"""Pictures: the Cayley graph of a group, the weight-sharing pattern of a layer, a character table.

matplotlib is an optional dependency (``pip install 'repkit[plot]'``). It is imported inside the
functions, never by ``import repkit`` or ``import repkit.plot``; without it every function raises
:class:`~repkit.errors.OptionalDependencyError`. This module is a float boundary: node positions
and colours are floats, but every number *written* on a picture (parameter indices, character
values) is the exact value as text.

Each function draws into ``ax`` when one is given and otherwise makes a new figure with
``matplotlib.pyplot.subplots``; it returns the Axes it drew on (``ax.figure`` is the Figure), so
``plot_...(...).figure.savefig("out.png")`` saves the picture.

Examples
--------
>>> import repkit.plot
>>> sorted(name for name in repkit.plot.__all__)
['plot_cayley_graph', 'plot_character_table', 'plot_sharing_pattern']
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np

from .errors import GroupTooLargeError, IncompatibleGroupError, OptionalDependencyError, ShapeError
from .groups import FiniteGroup

__all__ = ["plot_cayley_graph", "plot_sharing_pattern", "plot_character_table"]

Layout = Literal["auto", "spring", "circular", "kamada_kawai"]

#: Largest group :func:`plot_cayley_graph` draws by default (a picture of more nodes is unreadable).
DEFAULT_MAX_NODES = 256
#: Above this order ``layout="auto"`` puts the elements on a circle in normal-form order and
#: ``labels=None`` drops the node labels: a spring layout of more nodes is a hairball.
LEGIBLE_SPRING_NODES = 48

_GENERATOR_COLOURS = ("tab:blue", "tab:red", "tab:green", "tab:orange", "tab:purple",
                      "tab:brown", "tab:pink", "tab:olive", "tab:cyan", "tab:gray")


def _require_matplotlib() -> Any:
    """Import and return ``matplotlib``, or raise :class:`OptionalDependencyError`."""
    try:
        import matplotlib
    except ImportError as exc:
        raise OptionalDependencyError(
            "matplotlib: repkit.plot needs matplotlib, which is not installed; install the extra "
            "with `pip install 'repkit[plot]'` (or `pip install matplotlib`)") from exc
    return matplotlib


def _axes(ax: Any, figsize: tuple[float, float]) -> Any:
    """The given Axes, or the Axes of a new pyplot figure."""
    _require_matplotlib()
    if ax is not None:
        if not hasattr(ax, "figure") or not hasattr(ax, "add_patch"):
            raise ShapeError(f"ax: expected a matplotlib Axes, got {type(ax).__name__}")
        return ax
    import matplotlib.pyplot as plt

    _, new = plt.subplots(figsize=figsize)
    return new


def _positions(G: Any, graph: Any, layout: str, seed: int) -> dict[int, np.ndarray]:
    import networkx as nx

    simple = nx.Graph(graph)                     # layouts want a simple undirected graph
    if layout == "spring":
        pos = nx.spring_layout(simple, seed=seed)
    elif layout == "circular":
        pos = nx.circular_layout(simple)
    elif layout == "kamada_kawai":
        pos = nx.kamada_kawai_layout(simple) if G.order > 1 else {0: np.zeros(2)}
    else:
        raise ShapeError(f"layout: expected 'auto', 'spring', 'circular' or 'kamada_kawai', got "
                         f"{layout!r}")
    return {int(k): np.asarray(v, dtype=float) for k, v in pos.items()}


def plot_cayley_graph(G: Any, *, ax: Any = None, layout: Layout = "auto", seed: int = 0,
                      labels: bool | None = None, max_nodes: int = DEFAULT_MAX_NODES) -> Any:
    """Draw the Cayley graph of ``G``: a node per element, an arrow ``g -> g x`` per generator.

    Parameters
    ----------
    G : FiniteGroup
        The group (its :meth:`~repkit.FiniteGroup.cayley_graph`).
    ax : matplotlib Axes, optional
        Where to draw; a new figure is made when omitted.
    layout : {"auto", "spring", "circular", "kamada_kawai"}
        The networkx layout placing the nodes; ``"auto"`` (default) is ``"spring"`` up to
        ``LEGIBLE_SPRING_NODES`` (48) elements and ``"circular"`` (elements in normal-form order)
        above, where a spring layout is a hairball.
    seed : int
        Seed of the spring layout (the picture is deterministic for a given seed).
    labels : bool, optional
        Write the normal-form word of each element on its node; by default only up to
        ``LEGIBLE_SPRING_NODES`` elements.
    max_nodes : int
        Refuse larger groups (keyword so that you can raise it on purpose).

    Returns
    -------
    matplotlib.axes.Axes
        One patch per element ``g`` and generator ``x`` (a ``FancyArrowPatch`` arrow ``g -> g x``,
        or a small circle when ``x`` acts as the identity), coloured by generator, with ``gid``
        ``"edge:g:h:x"``; the legend names the colours.

    Raises
    ------
    OptionalDependencyError
        If matplotlib is not installed (extra ``repkit[plot]``).
    GroupTooLargeError
        If ``G.order > max_nodes``.
    IncompatibleGroupError
        If ``G`` is not a :class:`~repkit.FiniteGroup`.
    ShapeError
        For an unknown ``layout``, a bad ``max_nodes`` or an ``ax`` that is not an Axes.

    Notes
    -----
    Edges are right multiplications ``g -> g x``, as in :meth:`~repkit.FiniteGroup.cayley_graph`
    (Holt, Eick, O'Brien, *Handbook of Computational Group Theory*, §5.1). Arrows between the
    same two nodes (``x`` and ``x^-1`` edges, involutions) are bent apart so both stay visible.
    Cost: the layout (``O(|G|^2)`` per spring iteration) plus ``|G| * ngens`` patches.

    Examples
    --------
    >>> import repkit as rk
    >>> from repkit.plot import plot_cayley_graph
    >>> ax = plot_cayley_graph(rk.dihedral(4), layout="circular")   # doctest: +SKIP
    >>> sum(p.get_gid().startswith("edge:") for p in ax.patches)   # doctest: +SKIP
    16
    """
    if not isinstance(G, FiniteGroup):
        raise IncompatibleGroupError(
            f"G: expected a FiniteGroup (e.g. repkit.dihedral(4)), got {type(G).__name__}")
    if isinstance(max_nodes, bool) or not isinstance(max_nodes, int) or max_nodes < 1:
        raise ShapeError(f"max_nodes: expected a positive int, got {max_nodes!r}")
    _require_matplotlib()
    if G.order > max_nodes:
        raise GroupTooLargeError(
            f"G: the group has {G.order} elements, more than max_nodes={max_nodes}; a Cayley "
            "graph that large is unreadable (pass a larger max_nodes to draw it anyway)")
    from matplotlib.lines import Line2D
    from matplotlib.patches import Circle, FancyArrowPatch

    if layout == "auto":
        layout = "spring" if G.order <= LEGIBLE_SPRING_NODES else "circular"
    if labels is None:
        labels = G.order <= LEGIBLE_SPRING_NODES
    graph = G.cayley_graph()
    pos = _positions(G, graph, layout, seed)
    ax = _axes(ax, (6.0, 6.0))
    colours = {x: _GENERATOR_COLOURS[i % len(_GENERATOR_COLOURS)]
               for i, x in enumerate(G.generators)}
    seen: dict[frozenset[int], int] = {}
    for g, h, data in sorted(graph.edges(data=True), key=lambda e: (e[0], e[1], e[2]["generator"])):
        x = data["generator"]
        pair = frozenset((g, h))
        k = seen.get(pair, 0)
        seen[pair] = k + 1
        if g == h:                                  # a generator that is the identity
            patch = Circle(pos[g] + np.array([0.0, 0.14]), 0.06, fill=False, color=colours[x],
                           linewidth=1.4)
        else:
            patch = FancyArrowPatch(pos[g], pos[h], connectionstyle=f"arc3,rad={0.12 * (k + 1)}",
                                    arrowstyle="-|>", mutation_scale=12, color=colours[x],
                                    linewidth=1.4, shrinkA=16, shrinkB=16)
        patch.set_gid(f"edge:{g}:{h}:{x}")
        ax.add_patch(patch)
    xy = np.array([pos[g] for g in G.elements])
    ax.scatter(xy[:, 0], xy[:, 1], s=900 if G.order <= 32 else 300, c="white", edgecolors="black",
               zorder=3)
    if labels:
        for g in G.elements:
            ax.annotate(G.word_str(g).replace("*", ""), pos[g], ha="center", va="center",
                        fontsize=7 if G.order <= 32 else 5, zorder=4)
    handles = [Line2D([0], [0], color=colours[x], lw=2, label=f"{x}  (g -> g {x})")
               for x in G.generators]
    if handles:
        ax.legend(handles=handles, title="generator", loc="best", fontsize=8)
    pad = 0.2
    ax.set_xlim(xy[:, 0].min() - pad, xy[:, 0].max() + pad)
    ax.set_ylim(xy[:, 1].min() - pad, xy[:, 1].max() + pad)
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.set_title(f"Cayley graph, |G| = {G.order}")
    return ax


def _pattern_of(basis_or_pattern: Any) -> tuple[np.ndarray, np.ndarray | None]:
    """(pattern, signs or None) from a WeightBasis or an integer array."""
    if hasattr(basis_or_pattern, "kind") and hasattr(basis_or_pattern, "storage"):
        basis = basis_or_pattern
        if basis.kind != "pattern":
            raise ShapeError(
                f"basis_or_pattern: this basis ({basis.dim} elements, kind {basis.kind!r}) is not "
                "a partition of the entries, so it has no sharing pattern; only bases of (signed) "
                "permutation representations do")
        pattern, signs = basis.storage
        return np.asarray(pattern), (np.asarray(signs) if np.any(np.asarray(signs) < 0) else None)
    pattern = np.asarray(basis_or_pattern)
    if pattern.ndim != 2 or not np.issubdtype(pattern.dtype, np.integer) or np.any(pattern < -1):
        raise ShapeError(
            "basis_or_pattern: expected a WeightBasis or a 2-d integer array of parameter indices "
            f"(-1 for a forced zero), got {pattern.dtype} array of shape {pattern.shape}")
    return pattern, None


def plot_sharing_pattern(basis_or_pattern: Any, *, ax: Any = None,
                         annotate: bool | None = None) -> Any:
    """Draw a weight-sharing pattern: entries with the same parameter share a colour.

    Parameters
    ----------
    basis_or_pattern : WeightBasis or numpy.ndarray
        A basis of kind ``"pattern"`` (from a permutation or signed-permutation representation),
        or an integer ``(m_out, m_in)`` array of parameter indices with ``-1`` for forced zeros
        (``WeightBasis.pattern``).
    ax : matplotlib Axes, optional
        Where to draw; a new figure is made when omitted.
    annotate : bool, optional
        Write the parameter index in every cell (with a ``-`` for a ``-1`` sign). Default: when
        the matrix has at most 24 rows and columns.

    Returns
    -------
    matplotlib.axes.Axes
        ``ax.images[0]`` is the picture; its array is masked exactly at the forced zeros, which
        are left blank.

    Raises
    ------
    OptionalDependencyError
        If matplotlib is not installed (extra ``repkit[plot]``).
    ShapeError
        For a basis that is not a partition of the entries (kind ``"sparse"``) or an array that is
        not a 2-d integer pattern.

    Notes
    -----
    Parameter ``k`` gets colour ``k`` of a qualitative colour map (``tab20``, cycled; a
    continuous map past 20 parameters). Row ``i``, column ``j`` is the weight from input ``j``
    to output ``i``, as in ``W @ x``. ``O(m_out m_in)``.

    Examples
    --------
    >>> import repkit as rk
    >>> from repkit.plot import plot_sharing_pattern
    >>> V = rk.natural(rk.dihedral(4))                           # the 4 corners of a square
    >>> ax = plot_sharing_pattern(V >> V)                        # doctest: +SKIP
    >>> int(ax.images[0].get_array().mask.sum())                 # doctest: +SKIP
    0
    """
    pattern, signs = _pattern_of(basis_or_pattern)
    _require_matplotlib()
    from matplotlib import colormaps
    from matplotlib.colors import BoundaryNorm, ListedColormap

    m_out, m_in = pattern.shape
    size = (max(3.0, min(10.0, 0.45 * m_in + 1.5)), max(3.0, min(10.0, 0.45 * m_out + 1.0)))
    ax = _axes(ax, size)
    nparams = int(pattern.max()) + 1 if pattern.size else 0
    n = max(nparams, 1)
    if n <= 20:
        cmap = ListedColormap([colormaps["tab20"](k) for k in range(n)])
    else:
        cmap = colormaps["viridis"].resampled(n)
    cmap = cmap.with_extremes(bad="white")
    data = np.ma.masked_less(pattern, 0)
    ax.imshow(data, cmap=cmap, norm=BoundaryNorm(np.arange(n + 1) - 0.5, n),
              interpolation="nearest")
    if annotate is None:
        annotate = max(m_out, m_in) <= 24
    if annotate:
        for i, j in zip(*np.nonzero(pattern >= 0)):
            text = str(int(pattern[i, j]))
            if signs is not None and signs[i, j] < 0:
                text = "-" + text
            ax.text(j, i, text, ha="center", va="center", fontsize=8)
    ax.set_xticks(range(m_in) if m_in <= 24 else [])
    ax.set_yticks(range(m_out) if m_out <= 24 else [])
    ax.set_xlabel("input index j")
    ax.set_ylabel("output index i")
    zeros = int((pattern < 0).sum())
    ax.set_title(f"{nparams} shared parameters, {zeros} forced zeros")
    return ax


def plot_character_table(table: Any, *, ax: Any = None) -> Any:
    """Draw a character table as a table of exact values (GAP notation for cyclotomics).

    Parameters
    ----------
    table : CharacterTable
        From ``G.character_table()``.
    ax : matplotlib Axes, optional
        Where to draw; a new figure is made when omitted.

    Returns
    -------
    matplotlib.axes.Axes
        Holds one ``matplotlib.table.Table`` (``ax.tables[0]``): a header row of class names
        (``1a``, ``4a``, ...), a row of class sizes, then one row ``X.i`` per irreducible, each
        cell the exact value as text (``str`` of the value, e.g. ``-1``, ``E(3)^2``, ``0``).

    Raises
    ------
    OptionalDependencyError
        If matplotlib is not installed (extra ``repkit[plot]``).
    ShapeError
        If ``table`` is not a character table.

    Notes
    -----
    Rows and columns are in the table's canonical order (see :mod:`repkit.characters.table`).
    ``O(r^2)`` cells for ``r`` classes.

    Examples
    --------
    >>> import repkit as rk
    >>> from repkit.plot import plot_character_table
    >>> ax = plot_character_table(rk.dihedral(4).character_table())   # doctest: +SKIP
    >>> ax.tables[0][(6, 3)].get_text().get_text()                    # doctest: +SKIP
    '-2'
    """
    for attribute in ("irreducibles", "class_names", "class_sizes"):
        if not hasattr(table, attribute):
            raise ShapeError(f"table: expected a repkit CharacterTable (with .{attribute}), got "
                             f"{type(table).__name__}")
    _require_matplotlib()
    names = list(table.class_names)
    cells = [[str(h) for h in table.class_sizes]]
    cells += [[str(v) for v in chi.values] for chi in table.irreducibles]
    rows = ["|C|"] + [f"X.{i + 1}" for i in range(len(table.irreducibles))]
    width = max(len(c) for row in cells + [names] for c in row)
    ax = _axes(ax, (min(16.0, 1.2 + (0.6 + 0.09 * width) * len(names)),
                    min(12.0, 0.8 + 0.35 * len(rows))))
    ax.set_axis_off()
    drawn = ax.table(cellText=cells, rowLabels=rows, colLabels=names, loc="center",
                     cellLoc="center")
    drawn.auto_set_font_size(False)
    drawn.set_fontsize(9)
    drawn.scale(1.0, 1.3)
    for col in range(len(names)):
        drawn[(1, col)].set_facecolor("#eeeeee")            # the class-size row
    ax.set_title(f"character table, |G| = {sum(table.class_sizes)}")
    return ax
