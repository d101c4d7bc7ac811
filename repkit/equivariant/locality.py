"""Locality on periodic lattices: distance masks and the restriction of a basis to a mask (CNNs).

On the sites of a periodic lattice ``Z_L1 x ... x Z_Ld`` (numbered row-major, as
`repkit.translations` and `repkit.image_symmetry` number them) the periodic distance between two
sites is invariant under every translation, and the Chebyshev, Manhattan and squared Euclidean
distances are also invariant under the lattice symmetries of `repkit.image_symmetry` (quarter
turns and mirrors permute the axes and reflect coordinates). A mask ``dist(i, j) <= radius`` is
therefore a union of orbits on site pairs, and restricting the circulant (translation-equivariant)
basis to it gives exactly the convolutions with a kernel of that support: the CNN layer.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import numpy as np

from ..errors import MaskNotInvariantError, NoSuchRepresentationError, ShapeError
from ..exact import Matrix
from .basis import WeightBasis
from .commutant import _as_fraction, _primitive, encode_cyclotomic

__all__ = ["locality_mask", "lattice_mask", "site_map", "periodic_distance", "localize_basis"]

Metric = Literal["chebyshev", "manhattan", "euclidean_sq"]


def _sides(shape: int | Sequence[int]) -> tuple[int, ...]:
    sides = (shape,) if isinstance(shape, (int, np.integer)) and not isinstance(shape, bool) else tuple(shape)
    if not sides or any(isinstance(s, bool) or not isinstance(s, (int, np.integer)) or s < 1 for s in sides):
        raise ShapeError(f"shape: expected a positive int or a non-empty sequence of them, got {shape!r}")
    return tuple(int(s) for s in sides)


def periodic_distance(shape: int | Sequence[int], *, metric: Metric = "chebyshev") -> np.ndarray:
    """Integer periodic distance between every pair of lattice sites, shape ``(m, m)``.

    Parameters
    ----------
    shape : int or sequence of int
        Side lengths ``(L1, ..., Ld)``; sites numbered row-major, ``m = L1 ... Ld``.
    metric : {"chebyshev", "manhattan", "euclidean_sq"}
        With per-axis periodic offsets ``d_a = min(|x_a - y_a|, L_a - |x_a - y_a|)``: ``max d_a``,
        ``sum d_a`` or ``sum d_a^2`` (the squared Euclidean distance, an integer).

    Returns
    -------
    numpy.ndarray
        int64 ``(m, m)``.

    Raises
    ------
    ShapeError
        For a bad shape or metric.

    Notes
    -----
    O(d m^2).

    Examples
    --------
    >>> periodic_distance(5)[0].tolist()
    [0, 1, 2, 2, 1]
    """
    sides = _sides(shape)
    if metric not in ("chebyshev", "manhattan", "euclidean_sq"):
        raise ShapeError(f"metric: expected 'chebyshev', 'manhattan' or 'euclidean_sq', got {metric!r}")
    coords = np.indices(sides).reshape(len(sides), -1)
    m = coords.shape[1]
    dist = np.zeros((m, m), np.int64)
    for axis, L in enumerate(sides):
        diff = np.abs(coords[axis][:, None] - coords[axis][None, :])
        d = np.minimum(diff, L - diff)
        if metric == "chebyshev":
            np.maximum(dist, d, out=dist)
        elif metric == "manhattan":
            dist += d
        else:
            dist += d * d
    return dist


def locality_mask(shape: int | Sequence[int], radius: int, *, metric: Metric = "chebyshev") -> np.ndarray:
    """Boolean ``(m, m)`` mask of the site pairs at periodic distance ``<= radius``.

    Parameters
    ----------
    shape : int or sequence of int
        Lattice side lengths; sites numbered row-major (as `repkit.translations`).
    radius : int
        Largest distance kept (for ``"euclidean_sq"`` compared with the squared distance).
    metric : {"chebyshev", "manhattan", "euclidean_sq"}
        See `periodic_distance`.

    Returns
    -------
    numpy.ndarray
        bool ``(m, m)``; with the translation group's regular representation,
        ``equivariant_basis(reg, reg, mask=locality_mask(shape, k))`` is the convolution with a
        kernel of support ``{offsets of norm <= k}``, e.g. ``(2k + 1)^d`` weights for Chebyshev.

    Raises
    ------
    ShapeError
        For a bad shape, metric or radius.

    Notes
    -----
    O(d m^2). The mask is invariant under the lattice group (periodic distances are), so it never
    splits an orbit of site pairs (LeCun et al., "Gradient-based learning applied to document
    recognition", Proc. IEEE 1998, sec. II: convolution = weight sharing + locality).

    Examples
    --------
    >>> int(locality_mask((8, 8), 1).sum(axis=1)[0])    # a 3 x 3 neighbourhood
    9
    >>> int(locality_mask(16, 2, metric="manhattan")[0].sum())
    5
    """
    if isinstance(radius, bool) or not isinstance(radius, (int, np.integer)) or radius < 0:
        raise ShapeError(f"radius: expected a non-negative int, got {radius!r}")
    return periodic_distance(shape, metric=metric) <= int(radius)


def site_map(rho: Any) -> np.ndarray:
    """The lattice site of every index of a permutation representation of a lattice group.

    The group must be given by permutations of the lattice sites (`repkit.translations`,
    `repkit.image_symmetry`). Index ``0`` of each component copy sits on site 0 and the map is
    extended equivariantly, ``site(rho(g) i) = g(site(i))``; for ``natural`` it is the
    identity, for ``regular`` it sends the element ``g`` (in the group's shortlex numbering) to the
    site ``g(0)``. Channels (``k * rho``) repeat the map per copy.

    Parameters
    ----------
    rho : Rep
        A permutation representation (or a sum of them) of a group with permutation generators.

    Returns
    -------
    numpy.ndarray
        int64 ``(rho.dim,)``.

    Raises
    ------
    NoSuchRepresentationError
        If the group has no permutation generators, a component is not a permutation
        representation, or no equivariant map with index 0 on site 0 exists (for example a
        component with several orbits).

    Notes
    -----
    A breadth-first search over the generator images: O(dim ngens).

    Examples
    --------
    >>> import repkit as rk
    >>> G = rk.translations(4)
    >>> site_map(rk.natural(G)).tolist(), site_map(rk.regular(G)).tolist()
    ([0, 1, 2, 3], [0, 1, 3, 2])
    """
    gens = rho.group.permutation_generators
    if gens is None:
        raise NoSuchRepresentationError(
            f"rho: expected a representation of a group given by permutations of lattice sites "
            f"(translations, image_symmetry), got one of {rho.group!r}")
    sites = [np.asarray(p, np.int64) for p in gens]
    parts = []
    for comp, mult in rho.components:
        if not comp.is_permutation():
            raise NoSuchRepresentationError(f"rho: component {comp.name or 'rho'} is not a permutation "
                                            "representation, so its indices have no lattice sites")
        perms = [np.asarray(p, np.int64) for p in comp.permutation_images()]
        where = np.full(comp.dim, -1, np.int64)
        where[0] = 0
        frontier = [0]
        while frontier:
            nxt = []
            for i in frontier:
                for p, q in zip(perms, sites):
                    j, site = int(p[i]), int(q[where[i]])
                    if where[j] < 0:
                        where[j] = site
                        nxt.append(j)
                    elif where[j] != site:
                        raise NoSuchRepresentationError(
                            f"rho: component {comp.name or 'rho'} has no equivariant map to the sites with "
                            f"index 0 on site 0 (index {j} would sit on sites {int(where[j])} and {site})")
            frontier = nxt
        if np.any(where < 0):
            raise NoSuchRepresentationError(
                f"rho: component {comp.name or 'rho'} is not transitive (index {int(np.flatnonzero(where < 0)[0])} "
                "is not reached from index 0); give its orbits as separate components")
        parts.extend([where] * mult)
    return np.concatenate(parts)


def lattice_mask(shape: int | Sequence[int], radius: int, rho_out: Any, rho_in: Any | None = None, *,
                 metric: Metric = "chebyshev") -> np.ndarray:
    """The locality mask ``dist(site(i), site(j)) <= radius`` for the indices of two representations.

    Unlike `locality_mask`, which numbers sites row-major, this reads each representation's own
    numbering through `site_map`, so it is right for the regular representation (elements in
    shortlex order), for channels and for sums.

    Parameters
    ----------
    shape : int or sequence of int
        The lattice (``translations(shape)`` or ``image_symmetry(L)`` with ``shape = (L, L)``).
    radius : int
    rho_out, rho_in : Rep
        ``rho_in`` defaults to ``rho_out``.
    metric : {"chebyshev", "manhattan", "euclidean_sq"}

    Returns
    -------
    numpy.ndarray
        bool ``(rho_out.dim, rho_in.dim)``, invariant under the group.

    Examples
    --------
    >>> import repkit as rk
    >>> G = rk.translations((8, 8))
    >>> R = rk.regular(G)
    >>> rk.equivariant_basis(R, R, mask=lattice_mask((8, 8), 1, R)).dim      # the 3 x 3 CNN kernel
    9
    """
    rho_in = rho_out if rho_in is None else rho_in
    dist = periodic_distance(shape, metric=metric)
    if isinstance(radius, bool) or not isinstance(radius, (int, np.integer)) or radius < 0:
        raise ShapeError(f"radius: expected a non-negative int, got {radius!r}")
    so, si = site_map(rho_out), site_map(rho_in)
    if max(int(so.max()), int(si.max())) >= dist.shape[0]:
        raise ShapeError(f"shape: the group moves {max(int(so.max()), int(si.max())) + 1} or more sites, "
                         f"more than the {dist.shape[0]} of shape {shape!r}")
    return dist[np.ix_(so, si)] <= int(radius)


def _check_mask(basis: WeightBasis, mask: np.ndarray) -> np.ndarray:
    msk = np.asarray(mask)
    if msk.shape != basis.shape or msk.dtype != np.bool_:
        raise ShapeError(f"mask: expected a boolean array of shape {basis.shape}, got {msk.dtype} {msk.shape}")
    return msk


def localize_basis(basis: WeightBasis, mask: np.ndarray) -> WeightBasis:
    """A canonical basis of ``{W in span(basis) : W = 0 outside mask}``.

    Parameters
    ----------
    basis : WeightBasis
    mask : numpy.ndarray
        bool ``(m_out, m_in)``.

    Returns
    -------
    WeightBasis
        Same metadata with ``"mask"`` recorded; the bias basis is unchanged.

    Raises
    ------
    ShapeError
        If the mask has the wrong shape or dtype.
    MaskNotInvariantError
        For a pattern basis, if the mask cuts an orbit (it is not invariant under the group): the
        message names two entries of one orbit on either side. A mask built for another numbering
        of the indices does this (use `lattice_mask`, which reads the representation's numbering).

    Notes
    -----
    Pattern bases (disjoint orbit indicators): keep the orbits inside the mask; a straddling orbit
    means the mask is not invariant and is refused. O(m_out m_in). Sparse bases whose vectors each lie inside
    or outside: keep the inside ones (a subset of a reduced echelon basis is one). Otherwise the
    exact null space of the restriction to the complement (Cohen 1993, sec. 2.2), then canonical
    reduced echelon form.

    Examples
    --------
    >>> import numpy as np
    >>> B = WeightBasis.from_pattern(np.array([[0, 1, 2], [2, 0, 1], [1, 2, 0]]))
    >>> localize_basis(B, np.array([[1, 1, 0], [0, 1, 1], [1, 0, 1]], bool)).pattern.tolist()
    [[0, 1, -1], [-1, 0, 1], [1, -1, 0]]
    """
    msk = _check_mask(basis, mask)
    meta = dict(basis.metadata)
    meta["mask"] = f"{int(msk.sum())} of {msk.size} entries"
    kw = dict(bias_numerators=basis.bias_numerators, bias_denominators=basis.bias_denominators,
              metadata=meta, rho_in=basis.rho_in, rho_out=basis.rho_out)
    size = basis.shape[0] * basis.shape[1]
    if basis.kind == "pattern":
        pattern, signs = basis.storage
        flat = pattern.ravel()
        on = flat >= 0
        total = np.bincount(flat[on], minlength=basis.dim)
        inside = np.bincount(flat[on & msk.ravel()], minlength=basis.dim)
        cut = np.flatnonzero((inside > 0) & (inside < total))
        if cut.size:
            k = int(cut[0])
            members = np.flatnonzero(flat == k)
            a = int(members[msk.ravel()[members]][0])
            b = int(members[~msk.ravel()[members]][0])
            m_in = basis.shape[1]
            raise MaskNotInvariantError(
                f"mask: expected a mask invariant under the group (a union of orbits of index pairs), "
                f"got one that cuts {cut.size} orbit(s): entries {divmod(a, m_in)} (inside) and "
                f"{divmod(b, m_in)} (outside) lie in orbit {k}; a mask for another numbering of the "
                "indices does this -- build it with lattice_mask(shape, radius, rho_out, rho_in)")
        keep = inside == total
        new_label = np.full(basis.dim + 1, -1, np.int64)
        new_label[:-1][keep] = np.arange(int(keep.sum()))
        newp = new_label[np.where(on, flat, basis.dim)].reshape(basis.shape)
        news = np.where(newp >= 0, signs, 0).astype(np.int8)
        return WeightBasis.from_pattern(newp, news, **kw)
    idx, val, den = basis.storage
    k = idx // size
    outside = ~msk.ravel()[idx % size]
    touched = np.bincount(k[outside], minlength=basis.dim) > 0
    whole = np.bincount(k, minlength=basis.dim)
    partial = touched & (np.bincount(k[outside], minlength=basis.dim) < whole)
    if not np.any(partial):
        keep = ~touched
        sel = keep[k]
        new_k = np.cumsum(keep) - 1
        nidx = new_k[k[sel]] * size + idx[sel] % size
        return WeightBasis.from_sparse(basis.shape, int(keep.sum()), nidx, val[sel], den[keep],
                                       field=basis.field, **kw)
    return _localize_linear(basis, msk, kw)


def _localize_linear(basis: WeightBasis, msk: np.ndarray, kw: dict) -> WeightBasis:
    """General case: exact linear algebra on the support of the basis."""
    size = basis.shape[0] * basis.shape[1]
    idx, val, den = basis.storage
    support = np.unique(idx % size)
    col = {int(p): t for t, p in enumerate(support.tolist())}
    rows = [[0] * support.size for _ in range(basis.dim)]
    for t in range(idx.size):
        k, p = divmod(int(idx[t]), size)
        rows[k][col[p]] = basis._decode(val[t])
    B = Matrix(rows)
    out_cols = [t for t, p in enumerate(support.tolist()) if not msk.ravel()[p]]
    in_cols = [t for t, p in enumerate(support.tolist()) if msk.ravel()[p]]
    Bt = B.to_list()
    B_out = Matrix([[Bt[k][t] for k in range(basis.dim)] for t in out_cols])   # (|out|, dim)
    C = B_out.nullspace()                                                       # rows: coefficients
    if C.nrows == 0:
        return WeightBasis.from_sparse(basis.shape, 0, np.zeros(0, np.int64),
                                       np.zeros((0,) if basis.field == 1 else (0, basis.field), np.int64),
                                       field=basis.field, **kw)
    B_in = Matrix([[Bt[k][t] for t in in_cols] for k in range(basis.dim)])
    R, piv = (C @ B_in).rref()
    Rl = R.to_list()[:len(piv)]
    in_pos = support[in_cols]
    idx_parts = []
    vals: list = []
    for k, row in enumerate(Rl):
        nz = [t for t, x in enumerate(row) if x != 0]
        idx_parts.append(k * size + in_pos[nz])
        if basis.field == 1:
            vals.extend(r[0] for r in _primitive([[_as_fraction(row[t])] for t in nz]))
        else:
            vals.extend(_primitive([encode_cyclotomic(row[t], basis.field) for t in nz]))
    nidx = np.concatenate(idx_parts).astype(np.int64)
    nval = np.array(vals, np.int64)
    if basis.field > 1:
        nval = nval.reshape(-1, basis.field)
    return WeightBasis.from_sparse(basis.shape, len(Rl), nidx, nval, field=basis.field, **kw)
