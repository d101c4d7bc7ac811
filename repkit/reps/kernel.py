"""Kernels, image orders and faithfulness of representations.

* Permutation representations: the kernel's elements come from point stabilizers: for a point
  ``w`` the array ``B[g] = rho(g)^-1 w`` is filled along the spanning tree in one NumPy step
  per BFS layer, and ``ker rho`` is the set of elements fixing every point (orbit
  representatives first, stopping once only the identity is left): ``O(|G| dim)`` at worst,
  ``O(|G|)`` for the regular representation. For a group not yet enumerated (a large lazy
  permutation group), the image order comes from Schreier--Sims on the generator images
  instead, so ``image_order``, ``is_faithful`` and ``faithfulness`` do not enumerate ``G``.
* Matrix representations: the image group ``rho(G)`` is enumerated by breadth-first closure
  over the generator images with exact hashing (``|rho(G)| * 2 ngens`` products, never
  ``|G|`` of them), which gives its right multiplication table; the label ``rho(g)`` of every
  element then follows along ``G``'s spanning tree by table look-ups, and the kernel is the set
  of elements labelled with the identity.

References: Holt, Eick, O'Brien, *Handbook of Computational Group Theory*, 2005, §4.1 (orbits
and stabilizers, closure) and §4.4 (Schreier--Sims).

Examples
--------
>>> import repkit as rk
>>> G = rk.dihedral(4)
>>> rk.kernel(rk.permutation_rep(G, {"r": [1, 0], "f": [0, 1]})).order    # <r^2, f>
4
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ..exact import Matrix
from ..groups.closure import object_closure
from ..groups.group import DEFAULT_MAX_ORDER
from ..groups.schreier_sims import permutation_group_order
from ..groups.subgroup import Subgroup, subgroup_from_elements
from ._util import tree_propagate
from .rep import Rep

__all__ = ["Faithfulness", "kernel", "is_faithful", "image_order", "faithfulness"]


@dataclass(frozen=True)
class Faithfulness:
    """How faithful a representation is: kernel and image sizes.

    Attributes
    ----------
    dim : int
        Dimension of the representation.
    group_order : int
        ``|G|``.
    kernel_order : int
        ``|ker rho|``.
    image_order : int
        ``|rho(G)| = |G| / |ker rho|``.
    ratio : Fraction
        ``image_order / group_order`` (``1`` exactly when faithful).
    is_faithful : bool
        ``kernel_order == 1``.

    Examples
    --------
    >>> import repkit as rk
    >>> f = rk.faithfulness(rk.trivial(rk.symmetric(4)))
    >>> f.kernel_order, f.image_order, f.ratio, f.is_faithful
    (24, 1, Fraction(1, 24), False)
    """

    dim: int
    group_order: int
    kernel_order: int
    image_order: int
    ratio: Fraction
    is_faithful: bool


def _cache(rho: Rep) -> dict[str, object]:
    return rho.__dict__


def image_order(rho: Rep, *, max_order: int = DEFAULT_MAX_ORDER) -> int:
    """The order of the image group ``rho(G)``.

    Parameters
    ----------
    rho : Rep
    max_order : int, optional
        For matrix representations: refuse (``GroupTooLargeError``) to enumerate an image group
        with more elements.

    Notes
    -----
    Permutation reps: ``|G| / |ker rho|`` if ``G`` is already enumerated (see :func:`kernel`,
    ``O(|G| dim)`` at worst), else Schreier--Sims on the generator images (HEO §4.4.2),
    polynomial in the degree and independent of ``|G|``. Matrix reps: breadth-first closure
    with exact hashing (HEO §4.1),
    ``O(|rho(G)| ngens)`` products of ``dim x dim`` matrices.

    Examples
    --------
    >>> import repkit as rk
    >>> rk.image_order(rk.dihedral_rotation(6)), rk.image_order(rk.cyclic_character(12, 3))
    (12, 4)
    """
    cache = _cache(rho)
    if "_image_order" not in cache:
        if rho.is_permutation() and rho.group.is_enumerated:
            cache["_image_order"] = rho.group.order // kernel(rho).order
        elif rho.is_permutation():
            perms = [p.tolist() for p in rho._require_perms()]
            cache["_image_order"] = permutation_group_order(perms, degree=rho.dim)
        else:
            cache["_image_order"] = int(_image_table(rho, max_order).shape[0])
    return int(cache["_image_order"])  # type: ignore[call-overload]


def _image_table(rho: Rep, max_order: int) -> np.ndarray:
    cache = _cache(rho)
    if "_image_table" not in cache:
        bound = min(max_order, rho.group.order) + 1
        # Right multiplication by the generators alone reaches every element of a finite
        # group; the inverse letters' columns are the inverse permutations of those columns.
        forward = object_closure(list(rho.images), Matrix.identity(rho.dim), lambda a, b: a @ b,
                                 max_order=bound, what="generator images")
        table = np.empty((forward.shape[0], 2 * forward.shape[1]), dtype=np.int64)
        table[:, 0::2] = forward
        table[:, 1::2] = np.argsort(forward, axis=0)
        cache["_image_table"] = table
    return cache["_image_table"]  # type: ignore[return-value]


def is_faithful(rho: Rep) -> bool:
    """Whether ``rho`` is injective (trivial kernel), i.e. ``|rho(G)| = |G|``.

    Examples
    --------
    >>> import repkit as rk
    >>> [rk.is_faithful(rk.cyclic_character(8, k)) for k in range(8)]
    [False, True, False, True, False, True, False, True]
    """
    return image_order(rho) == rho.group.order


def faithfulness(rho: Rep) -> Faithfulness:
    """A :class:`Faithfulness` report (kernel order, image order, their ratio).

    Notes
    -----
    Costs one :func:`image_order`; the kernel's elements are not listed.

    Examples
    --------
    >>> import repkit as rk
    >>> f = rk.faithfulness(rk.regular(rk.dihedral(5)))
    >>> f.is_faithful and f.image_order == 10 and f.ratio == 1
    True
    """
    order = rho.group.order
    img = image_order(rho)
    return Faithfulness(dim=rho.dim, group_order=order, kernel_order=order // img,
                        image_order=img, ratio=Fraction(img, order), is_faithful=img == order)


def _letter_columns(letter: np.ndarray) -> np.ndarray:
    return np.where(letter > 0, 2 * (letter - 1), 2 * (-letter - 1) + 1)


def _orbit_representatives(perms: tuple[np.ndarray, ...], degree: int) -> list[int]:
    """The least point of each orbit of the group generated by ``perms`` (connected components)."""
    if not perms:
        return list(range(degree))
    rows = np.concatenate([np.arange(degree)] * len(perms))
    cols = np.concatenate(perms)
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import connected_components
    graph = csr_matrix((np.ones(rows.size, dtype=np.int8), (rows, cols)), shape=(degree, degree))
    _, labels = connected_components(graph, directed=True, connection="weak")
    return sorted(np.unique(labels, return_index=True)[1].tolist())


def _permutation_kernel_elements(rho: Rep, *, chunk_entries: int = 1 << 22) -> np.ndarray:
    """Elements fixing every point: ``B[g, w] = rho(g)^-1 w`` filled along the spanning tree."""
    G = rho.group
    perms = rho._require_perms()
    if not perms:
        return np.zeros(1, dtype=np.int64)
    parent, letter = G.spanning_tree
    columns = _letter_columns(letter)
    # rho(g)^-1 w for g = parent * x is rho(x)^-1 applied to rho(parent)^-1 w.
    inverse_letters = np.stack([q for p, pi in zip(perms, rho._inverse_perms) for q in (pi, p)])
    reps = _orbit_representatives(perms, rho.dim)
    rest = np.setdiff1d(np.arange(rho.dim), reps)
    points = np.concatenate([np.asarray(reps, dtype=np.intp), rest.astype(np.intp)])
    candidates = np.ones(G.order, dtype=bool)
    cap = max(1, chunk_entries // max(G.order, 1))
    k, step = 0, len(reps)                     # orbit representatives first, then doubling chunks
    while k < points.size:
        pts = points[k:k + min(step, cap)]
        k += pts.size
        step = 2 * pts.size
        b = tree_propagate(parent, columns, inverse_letters, pts)
        candidates &= (b == pts).all(axis=1)
        if not candidates[1:].any():
            break
    return np.flatnonzero(candidates)


def _matrix_kernel_elements(rho: Rep) -> np.ndarray:
    G = rho.group
    table = _image_table(rho, max(G.order, 1))
    parent, letter = G.spanning_tree
    columns = _letter_columns(letter)
    label = tree_propagate(parent, columns, np.ascontiguousarray(table.T), np.zeros(1, np.intp))
    return np.flatnonzero(label[:, 0] == 0)


def kernel(rho: Rep) -> Subgroup:
    """The kernel ``{g in G : rho(g) = 1}`` as a :class:`~repkit.groups.subgroup.Subgroup`.

    Returns
    -------
    Subgroup
        With few generators (at most ``log2 |ker rho|``); a faithful permutation
        representation gives the trivial subgroup without enumerating ``G``.

    Notes
    -----
    Permutation reps: the points ``w`` are processed in chunks, orbit representatives first;
    for each, ``B[g] = rho(g)^-1 w`` is filled along the spanning tree (one NumPy gather per
    BFS layer) and the candidates are the elements fixing all points seen so far, stopping as
    soon as only the identity is left. ``O(|G| dim)`` at worst, ``O(|G|)`` for a transitive
    faithful action such as the regular representation (HEO §4.1, orbits and stabilizers).
    A faithful representation of a group not yet enumerated is recognized by Schreier--Sims
    without enumerating. Matrix reps: closure of the image group (``O(|rho(G)| ngens)`` exact
    products), then ``O(|G|)`` table look-ups along the spanning tree. Cached per instance.

    Examples
    --------
    >>> import repkit as rk
    >>> G = rk.symmetric(4)
    >>> K = rk.kernel(rk.quotient_rep(G, G.subgroup(["s", "c^2"])))   # S4 on 3 cosets of D4
    >>> K.order, K.is_normal()                                         # the Klein four-group
    (4, True)
    """
    cache = _cache(rho)
    if "_kernel" not in cache:
        G = rho.group
        if rho.is_permutation():
            if not G.is_enumerated and image_order(rho) == G.order:
                cache["_kernel"] = Subgroup(G, ())
                return cache["_kernel"]  # type: ignore[return-value]
            elements = _permutation_kernel_elements(rho)
        else:
            elements = _matrix_kernel_elements(rho)
            cache.setdefault("_image_order", G.order // max(elements.size, 1))
        cache["_kernel"] = subgroup_from_elements(G, elements)
    return cache["_kernel"]  # type: ignore[return-value]

