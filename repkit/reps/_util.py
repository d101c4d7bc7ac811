"""Internal helpers of :mod:`repkit.reps`: argument conversion, messages, tree layers.

Examples
--------
>>> import numpy as np
>>> layers(np.array([-1, 0, 0, 1, 2]))
[(1, 3), (3, 5)]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..errors import MissingImageError  # noqa: F401  (defined with the other errors)
from ..errors import (
    ExactnessError,
    IncompatibleGroupError,
    NotAnElementError,
    RepkitError,
    ShapeError,
    UnknownGeneratorError,
)
from ..exact import Matrix
from ..groups.group import FiniteGroup
from ..groups.presentation import parse_word
from ..groups.words import Word, check_word

__all__ = [
    "MissingImageError",
    "field_text",
    "element_word",
    "short_matrix",
    "as_matrix",
    "named_images",
    "layers",
    "tree_propagate",
    "monomial_pattern",
    "require_group",
    "require_same_group",
]


def field_text(n: int) -> str:
    return "Q" if n == 1 else f"Q(E({n}))"


def element_word(group: FiniteGroup, g: Any) -> Word:
    """The word of an element given as an int, a Word or text (text needs no enumeration)."""
    if isinstance(g, str):
        return parse_word(g, group.generators)
    if isinstance(g, (bool, np.bool_)):
        raise NotAnElementError(f"g: expected an element number, a word or text, got {g!r}")
    if isinstance(g, (int, np.integer)):
        return group.word(int(g))
    if isinstance(g, (tuple, list)):
        return check_word(g, group.ngens, argument="g")
    raise NotAnElementError(
        f"g: expected an element number, a word (tuple of letters) or text such as 'r f', "
        f"got {type(g).__name__}")


def short_matrix(m: Matrix, limit: int = 12) -> str:
    if m.nrows <= limit:
        return str(m).replace("\n", ", ")
    return f"a {m.nrows}x{m.ncols} matrix that is not the identity"


def as_matrix(value: Any, argument: str) -> Matrix:
    """Convert a user value to an exact Matrix, naming ``argument`` in errors."""
    if isinstance(value, Matrix):
        return value
    try:
        if isinstance(value, np.ndarray):
            return Matrix.from_numpy(value, argument=argument)
        return Matrix(value)
    except ExactnessError as exc:
        raise ExactnessError(f"{argument}: {exc}") from exc
    except ShapeError as exc:
        raise ShapeError(f"{argument}: {exc}") from exc


def named_images(group: FiniteGroup, images: Any) -> list[Any]:
    """Order a mapping (or sequence) of images by the group's generators, checking the names."""
    names = group.generators
    if isinstance(images, Mapping):
        for key in images:
            if key not in names:
                raise UnknownGeneratorError(
                    f"images: {key!r} is not a generator of the group; expected images for "
                    f"exactly {names}")
        missing = [n for n in names if n not in images]
        if missing:
            raise MissingImageError(
                f"images: expected an image for every generator {names}, got none for "
                f"{', '.join(map(repr, missing))}")
        return [images[n] for n in names]
    if isinstance(images, (str, bytes)) or not isinstance(images, Sequence):
        raise UnknownGeneratorError(
            f"images: expected a mapping from generator names {names} to matrices, got "
            f"{type(images).__name__}")
    if len(images) != len(names):
        raise MissingImageError(
            f"images: expected {len(names)} images (one per generator {names}, in order), got "
            f"{len(images)}")
    return list(images)



def layers(parent: np.ndarray) -> list[tuple[int, int]]:
    """Contiguous BFS layers ``[start, end)`` of a standardized spanning tree (layer 0 omitted).

    In a standardized (BFS-numbered) tree ``parent`` is non-decreasing, so a layer ends where
    the parents leave the previous layer: one ``searchsorted`` per layer while there are few;
    deep trees switch to one pass computing depths.
    """
    bounds: list[tuple[int, int]] = []
    end = 1
    while end < parent.size:
        if len(bounds) == 256:
            return _layers_by_depth(parent)
        new_end = int(np.searchsorted(parent, end, side="left"))
        bounds.append((end, new_end))
        end = new_end
    return bounds


def _layers_by_depth(parent: np.ndarray) -> list[tuple[int, int]]:
    par = parent.tolist()
    depth = [0] * len(par)
    for g in range(1, len(par)):
        depth[g] = depth[par[g]] + 1
    cuts = (np.flatnonzero(np.diff(np.asarray(depth))) + 1).tolist()
    return list(zip(cuts, cuts[1:] + [len(par)]))


def tree_propagate(parent: np.ndarray, columns: np.ndarray, table: np.ndarray,
                   start: np.ndarray) -> np.ndarray:
    """Fill ``value[g] = table[columns[g], value[parent[g]]]`` along a BFS spanning tree.

    ``start`` holds the values at the root (one per column of the result). Wide trees are
    filled one NumPy gather per layer; thin, deep ones (e.g. a cyclic group, where a layer
    has two elements) by a plain loop per column (up to 64 columns), which is then faster.
    ``O(order * start.size)`` either way.

    Examples
    --------
    >>> parent, columns = np.array([-1, 0, 1, 2]), np.array([-1, 0, 0, 0])
    >>> tree_propagate(parent, columns, np.array([[1, 2, 3, 0]]), np.array([0]))[:, 0].tolist()
    [0, 1, 2, 3]
    """
    order = parent.size
    out = np.empty((order, start.size), dtype=np.intp)
    out[0] = start
    bounds = layers(parent)
    if start.size <= 64 and len(bounds) * 16 > order:        # layers narrower than 16 on average
        par, col, rows = parent.tolist(), columns.tolist(), table.tolist()
        for k, first in enumerate(start.tolist()):
            values = [0] * order
            values[0] = first
            for g in range(1, order):
                values[g] = rows[col[g]][values[par[g]]]
            out[:, k] = values
        return out
    for lo, hi in bounds:
        out[lo:hi] = table[columns[lo:hi, None], out[parent[lo:hi]]]
    return out


def monomial_pattern(m: Matrix, *, permutation: bool) -> list[int] | None:
    """The image list of a monomial (or permutation) matrix, or None if it is not one."""
    n = m.nrows
    rows = m.to_list()
    image = [-1] * n
    for i in range(n):
        for j in range(n):
            x = rows[i][j]
            if x != 0:
                if image[j] != -1 or (permutation and x != 1):
                    return None
                image[j] = i
    if -1 in image or len(set(image)) != n:
        return None
    return image


def require_group(group: Any, argument: str = "group") -> FiniteGroup:
    """Return ``group`` if it is a FiniteGroup, else raise IncompatibleGroupError naming it."""
    if not isinstance(group, FiniteGroup):
        raise IncompatibleGroupError(
            f"{argument}: expected a FiniteGroup (e.g. Group.from_presentation(...) or "
            f"dihedral(4)), got {type(group).__name__}")
    return group


def require_same_group(a: Rep, b: Rep, what: str) -> None:
    if a.group != b.group:
        raise IncompatibleGroupError(
            f"{what}: expected representations of the same group, got {a.group!r} and "
            f"{b.group!r} (groups are equal when defined by the same data; build both reps "
            "from one group)")
