"""Exact steerable kernel bases: point groups of the square and hexagonal grids acting on offsets.

A convolution kernel ``kappa`` maps each offset ``x`` of a ``k x k`` neighbourhood to a matrix
``kappa(x): V_in -> V_out``. The convolution ``y(p) = sum_x kappa(x) f(p + x)`` is equivariant
under a point group ``P`` acting on the grid by integer matrices ``A_g`` and on the fibres by
``rho_in``, ``rho_out`` (``(g f)(p) = rho_in(g) f(A_g^-1 p)``) exactly when

``kappa(A_g x) = rho_out(g) kappa(x) rho_in(g)^-1``  for every generator ``g``.

Reading ``kappa`` as the linear map ``e_x (x) v -> kappa(x) v`` turns this into ordinary
equivariance ``Hom_P(pi (x) rho_in, rho_out)``, with ``pi`` the permutation representation of
``P`` on the offsets. So the kernel basis is one more commutant, solved exactly from the
generators by `repkit.equivariant_basis`, one small basis per pair of fibre components; no
sampling of the plane, no radial profiles, no rounding (Weiler and Cesa, NeurIPS 2019, sec. 2.5
solve the same constraint numerically; Cohen and Welling, ICLR 2017, give the G-CNN cases).

Offsets are ``(row, column)`` displacements from the kernel centre. On the square grid the
generators act as the image operations of `repkit.image_symmetry`: ``r`` is a quarter turn like
``numpy.rot90`` (``(u, v) -> (-v, u)``), ``f`` a left-right mirror like ``numpy.fliplr``
(``(u, v) -> (u, -v)``). On the hexagonal grid offsets are axial coordinates ``(q, s)``; ``r``
turns by 60 degrees, ``(q, s) -> (-s, q + s)``, ``f`` swaps ``q`` and ``s``, and a kernel of
size ``k = 2R + 1`` holds the hexagon ``max(|q|, |s|, |q + s|) <= R`` inside a ``k x k`` array.

Examples
--------
>>> import repkit as rk
>>> P = point_group("D4")
>>> K = kernel_basis(rk.trivial(P.group), rk.trivial(P.group), 3, P)
>>> K.dim                      # centre, edge midpoints, corners: 3 invariant kernels
3
>>> K = kernel_basis(rk.regular(P.group), rk.regular(P.group), 3, P)
>>> K.dim == 8 * 9             # group convolution: one free 3 x 3 kernel per element
True
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from ..errors import InvalidOptionError, ShapeError
from ..exact import Matrix
from ..groups import FiniteGroup
from ..reps import Rep, permutation_rep
from .basis import WeightBasis
from .structured import StructuredBasis

__all__ = ["PointGroup", "point_group", "POINT_GROUPS", "grid_offsets", "offset_rep", "KernelBasis",
           "kernel_basis"]

Grid = Literal["square", "hex"]

#: name -> (grid, presentation, generator matrices on (row, col) or axial offsets)
_TABLE: dict[str, tuple[Grid, str, dict[str, list[list[int]]]]] = {
    "C1": ("square", "<r | r>", {"r": [[1, 0], [0, 1]]}),
    "C2": ("square", "<r | r^2>", {"r": [[-1, 0], [0, -1]]}),
    "C4": ("square", "<r | r^4>", {"r": [[0, -1], [1, 0]]}),
    "D1": ("square", "<f | f^2>", {"f": [[1, 0], [0, -1]]}),
    "D2": ("square", "<r, f | r^2, f^2, (r f)^2>", {"r": [[-1, 0], [0, -1]], "f": [[1, 0], [0, -1]]}),
    "D4": ("square", "<r, f | r^4, f^2, (r f)^2>", {"r": [[0, -1], [1, 0]], "f": [[1, 0], [0, -1]]}),
    "C3": ("hex", "<r | r^3>", {"r": [[-1, -1], [1, 0]]}),
    "C6": ("hex", "<r | r^6>", {"r": [[0, -1], [1, 1]]}),
    "D3": ("hex", "<r, f | r^3, f^2, (r f)^2>", {"r": [[-1, -1], [1, 0]], "f": [[0, 1], [1, 0]]}),
    "D6": ("hex", "<r, f | r^6, f^2, (r f)^2>", {"r": [[0, -1], [1, 1]], "f": [[0, 1], [1, 0]]}),
}

#: The point groups `point_group` knows.
POINT_GROUPS = tuple(_TABLE)


@dataclass(frozen=True)
class PointGroup:
    """A point group of a grid: the abstract group and its action on offsets by integer matrices.

    Attributes
    ----------
    name : str
        ``"C4"``, ``"D4"``, ``"C6"``, ...
    grid : {"square", "hex"}
    group : FiniteGroup
    action : Rep
        The 2-dimensional integer representation ``g -> A_g`` on offsets (checked exactly).

    Examples
    --------
    >>> P = point_group("C6")
    >>> P.group.order, P.grid, P.action("r r r").to_list()
    (6, 'hex', [[-1, 0], [0, -1]])
    """

    name: str
    grid: Grid
    group: FiniteGroup
    action: Rep


def point_group(name: str, group: FiniteGroup | None = None) -> PointGroup:
    """The point group ``name`` (one of `POINT_GROUPS`) with its action on grid offsets.

    Parameters
    ----------
    name : str
        ``C1, C2, C4, D1, D2, D4`` (square grid) or ``C3, C6, D3, D6`` (hexagonal grid).
    group : FiniteGroup, optional
        A group with the same generator names to act through (for example ``rk.dihedral(4)`` for
        ``"D4"``, so that representations built on it can be used); its presentation is checked
        against the action exactly. Default: a group from the presentation of the table.

    Returns
    -------
    PointGroup

    Raises
    ------
    InvalidOptionError
        For an unknown name.
    NotAHomomorphismError
        If ``group`` does not act through the matrices of ``name``.

    Examples
    --------
    >>> import repkit as rk
    >>> P = point_group("D4", rk.dihedral(4))
    >>> P.group == rk.dihedral(4), P.action("r").to_list()
    (True, [[0, -1], [1, 0]])
    """
    if name not in _TABLE:
        raise InvalidOptionError(f"name: expected one of {', '.join(POINT_GROUPS)}, got {name!r}")
    grid, text, mats = _TABLE[name]
    G = FiniteGroup.from_presentation(text) if group is None else group
    action = Rep.from_generators(G, {k: Matrix(v) for k, v in mats.items()}, name=f"{name} on offsets")
    return PointGroup(name, grid, G, action)


def grid_offsets(grid: Grid, kernel_size: int) -> tuple[np.ndarray, np.ndarray]:
    """The offsets of a kernel and their positions in the ``k x k`` kernel array.

    Parameters
    ----------
    grid : {"square", "hex"}
    kernel_size : int
        Odd, ``>= 1``.

    Returns
    -------
    offsets : numpy.ndarray
        int64 ``(n, 2)``, ``(row, col)`` (square) or axial ``(q, s)`` (hex) displacements, in
        row-major order of their positions.
    positions : numpy.ndarray
        int64 ``(n,)``: flat index ``(u + c) * k + (v + c)`` in the kernel array (``c = k // 2``).

    Raises
    ------
    ShapeError
        If ``kernel_size`` is not an odd int ``>= 1``, or ``grid`` is unknown.

    Examples
    --------
    >>> off, pos = grid_offsets("hex", 3)
    >>> len(off), pos.tolist()                  # the centre and its six neighbours
    (7, [1, 2, 3, 4, 5, 6, 7])
    """
    if isinstance(kernel_size, bool) or not isinstance(kernel_size, (int, np.integer)) or kernel_size < 1 \
            or kernel_size % 2 == 0:
        raise ShapeError(f"kernel_size: expected an odd int >= 1, got {kernel_size!r}")
    if grid not in ("square", "hex"):
        raise ShapeError(f"grid: expected 'square' or 'hex', got {grid!r}")
    k = int(kernel_size)
    c = k // 2
    u, v = np.divmod(np.arange(k * k), k)
    u, v = u - c, v - c
    keep = np.ones(k * k, bool) if grid == "square" else np.maximum(np.abs(u), np.maximum(np.abs(v),
                                                                                         np.abs(u + v))) <= c
    pos = np.flatnonzero(keep).astype(np.int64)
    return np.stack([u[keep], v[keep]], axis=1).astype(np.int64), pos


def offset_rep(pg: PointGroup, kernel_size: int) -> Rep:
    """The permutation representation of the point group on the kernel's offsets.

    Examples
    --------
    >>> P = point_group("C4")
    >>> offset_rep(P, 3).permutation("r").tolist()        # the centre (4) is fixed
    [6, 3, 0, 7, 4, 1, 8, 5, 2]
    """
    off, _ = grid_offsets(pg.grid, kernel_size)
    index = {tuple(o): i for i, o in enumerate(off.tolist())}
    images = {}
    for name, A in zip(pg.group.generators, pg.action.images):
        M = np.array(A.to_list(), dtype=np.int64)
        moved = off @ M.T
        images[name] = [index[tuple(p)] for p in moved.tolist()]
    return permutation_rep(pg.group, images, name=f"offsets{kernel_size}")


@dataclass(frozen=True, eq=False)
class KernelBasis:
    """An exact basis of steerable kernels ``kappa(A_g x) = rho_out(g) kappa(x) rho_in(g)^-1``.

    Built by `kernel_basis`. The weights are a `StructuredBasis` of ``Hom_P(pi (x) rho_in,
    rho_out)`` (one small basis per pair of fibre components, channels by multiplicity);
    `kernel` turns parameters into the ``(m_out, m_in, k, k)`` array a framework's conv2d takes.

    Attributes
    ----------
    point_group : PointGroup
    kernel_size : int
    rho_in, rho_out : Rep
        The fibre representations.
    weights : StructuredBasis
        Over ``(rho_out, sum_i k_i (pi (x) V_i))``.
    column_map : numpy.ndarray
        int64: column ``q`` of the structured weight matrix is entry ``column_map[q]`` of a
        kernel flattened to ``(m_out, m_in * k * k)``.

    Examples
    --------
    >>> import numpy as np, repkit as rk
    >>> P = point_group("C4")
    >>> K = kernel_basis(rk.trivial(P.group), rk.regular(P.group), 3, P)    # the lifting layer
    >>> K.dim, K.kernel(np.arange(K.dim, dtype=float)).shape
    (9, (4, 1, 3, 3))
    """

    point_group: PointGroup
    kernel_size: int
    rho_in: Rep
    rho_out: Rep
    weights: StructuredBasis
    column_map: np.ndarray

    @property
    def dim(self) -> int:
        """Number of weight parameters.

        Examples
        --------
        >>> import repkit as rk
        >>> P = point_group("D4")
        >>> kernel_basis(rk.trivial(P.group), rk.trivial(P.group), 5, P).dim    # 6 orbits of offsets
        6
        """
        return self.weights.dim

    @property
    def bias_dim(self) -> int:
        """Number of bias parameters (vectors fixed by ``rho_out``, one bias per output field).

        Examples
        --------
        >>> import repkit as rk
        >>> P = point_group("D4")
        >>> kernel_basis(rk.trivial(P.group), 3 * rk.regular(P.group), 3, P).bias_dim
        3
        """
        return self.weights.bias_dim

    @property
    def shape(self) -> tuple[int, int, int, int]:
        """``(m_out, m_in, k, k)``.

        Examples
        --------
        >>> import repkit as rk
        >>> P = point_group("C4")
        >>> kernel_basis(rk.regular(P.group), rk.regular(P.group), 3, P).shape
        (4, 4, 3, 3)
        """
        return (self.rho_out.dim, self.rho_in.dim, self.kernel_size, self.kernel_size)

    def kernel(self, theta: Any) -> np.ndarray:
        """The kernel ``(m_out, m_in, k, k)`` for float parameters (structured order).

        Examples
        --------
        >>> import numpy as np, repkit as rk
        >>> P = point_group("D4")
        >>> K = kernel_basis(rk.trivial(P.group), rk.trivial(P.group), 3, P)
        >>> K.kernel(np.array([1.0, 2.0, 3.0]))[0, 0].tolist()     # corners, edges, centre
        [[1.0, 2.0, 1.0], [2.0, 3.0, 2.0], [1.0, 2.0, 1.0]]
        """
        W = np.asarray(self.weights.apply(np.asarray(theta)))
        m_out, m_in, k, _ = self.shape
        out = np.zeros((m_out, m_in * k * k), W.dtype)
        out[:, self.column_map] = W
        return out.reshape(m_out, m_in, k, k)

    def exact_kernels(self) -> list[np.ndarray]:
        """Each basis kernel as a ``(m_out, m_in, k, k)`` object array of exact entries.

        Examples
        --------
        >>> import repkit as rk
        >>> P = point_group("C2")
        >>> K = kernel_basis(rk.trivial(P.group), rk.trivial(P.group), 3, P)
        >>> K.exact_kernels()[0][0, 0].tolist()             # two opposite corners (a half turn)
        [[1, 0, 0], [0, 0, 0], [0, 0, 1]]
        """
        m_out, m_in, k, _ = self.shape
        out = []
        for M in self.weights.exact_matrices():
            arr = np.zeros((m_out, m_in * k * k), dtype=object)
            arr[:, self.column_map] = np.array(M.to_list(), dtype=object).reshape(m_out, -1)
            out.append(arr.reshape(m_out, m_in, k, k))
        return out

    def __repr__(self) -> str:
        return (f"KernelBasis({self.point_group.name}, kernel_size={self.kernel_size}, dim={self.dim}, "
                f"shape={self.shape}, blocks={len(self.weights.blocks)})")


def _column_map(rho_in: Rep, n_offsets: int, positions: np.ndarray, k: int) -> np.ndarray:
    """Columns of ``sum_i k_i (pi (x) V_i)`` (offset-major inside a copy) -> flat kernel entries."""
    cols = []
    channel = 0
    for comp, mult in rho_in.components:
        m = comp.dim
        for _ in range(mult):
            o, s = np.divmod(np.arange(n_offsets * m), m)           # pi (x) V: index o * m + s
            cols.append((channel + s) * k * k + positions[o])
            channel += m
    return np.concatenate(cols).astype(np.int64)


def kernel_basis(rho_in: Rep, rho_out: Rep, kernel_size: int, pg: PointGroup | str, *,
                 method: Literal["auto", "orbital", "nullspace"] = "auto") -> KernelBasis:
    """The exact basis of ``k x k`` steerable kernels from fibre ``rho_in`` to ``rho_out``.

    Parameters
    ----------
    rho_in, rho_out : Rep
        Representations of ``pg.group`` on the input and output fibres (channels by
        multiplicity: ``16 * regular(G)``).
    kernel_size : int
        Odd ``k``.
    pg : PointGroup or str
        The point group and its action on offsets (`point_group`); a name uses the group of
        ``rho_in`` (which must have that name's generators).
    method : {"auto", "orbital", "nullspace"}
        Passed to the solver of each component pair.

    Returns
    -------
    KernelBasis

    Raises
    ------
    IncompatibleGroupError
        If the representations are not of ``pg.group``.

    Notes
    -----
    One exact commutant per distinct pair of fibre components, each of size
    ``m_j x (n m_i)`` with ``n`` offsets: from the generators only. For permutation fibres
    (trivial, regular, quotient) it is the orbital path: orbits of ``P`` on (output index,
    offset, input index) triples, no linear algebra at all.

    Examples
    --------
    >>> import repkit as rk
    >>> P = point_group("D4", rk.dihedral(4))
    >>> rot = rk.dihedral_rotation(P.group)
    >>> K = kernel_basis(rk.trivial(P.group), rot, 3, P)     # a vector field from a scalar field
    >>> K.dim                                                # the gradient-like kernels
    2
    """
    from .solver import _same_group, equivariant_basis

    if isinstance(pg, str):
        pg = point_group(pg, rho_in.group)
    _same_group(pg.action, rho_in)
    _same_group(rho_in, rho_out)
    pi = offset_rep(pg, kernel_size)
    n = pi.dim
    _, positions = grid_offsets(pg.grid, kernel_size)
    parts = [mult * (pi @ comp) for comp, mult in rho_in.components]
    kernel_in = functools.reduce(lambda a, b: a + b, parts)
    found = equivariant_basis(kernel_in, rho_out, method=method)
    if isinstance(found, WeightBasis):
        found = StructuredBasis.assemble(((kernel_in.dim, 1),), ((rho_out.dim, 1),), {(0, 0): found},
                                         metadata=found.metadata, rho_in=kernel_in, rho_out=rho_out)
    return KernelBasis(pg, int(kernel_size), rho_in, rho_out, found,
                       _column_map(rho_in, n, positions, int(kernel_size)))
