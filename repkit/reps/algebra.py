"""The algebra of representations: sums, products, powers, duals, induction, restriction.

Each function has an operator twin on :class:`~repkit.reps.rep.Rep`: ``+`` is
:func:`direct_sum`, ``@`` (and ``*``) is :func:`tensor_product`, ``** k`` is
:func:`tensor_power`. Permutation representations stay permutation representations (image lists,
no matrices) under direct sums, tensor products, powers, duals, induction and restriction.

All results are homomorphisms by construction (no relator check): block-diagonal and Kronecker
products of homomorphisms are homomorphisms, ``g -> rho(g)^-T`` and conjugation are too, and
induction and restriction are the standard constructions (Serre, *Linear Representations of
Finite Groups*, §§1.5, 3.3, 7.1).

Examples
--------
>>> import repkit as rk
>>> rho = rk.dihedral_rotation(4)
>>> (rho + rho).dim, (rho @ rho).dim, (rho ** 3).dim, rho.dual().dim
(4, 4, 8, 2)
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from ..errors import IncompatibleGroupError, NotASubgroupError, ResourceLimitError, ShapeError, SingularMatrixError
from ..exact import E, Matrix
from ..exact.matrix import MAX_MATRIX_ENTRIES
from ..groups.subgroup import Subgroup
from ._util import as_matrix, require_same_group
from .rep import Rep

__all__ = [
    "direct_sum",
    "multiply",
    "tensor_product",
    "tensor_power",
    "dual",
    "conjugate",
    "induce",
    "restrict",
    "change_basis",
    "realify",
]


def _label(rho: Rep) -> str:
    return rho.name or "rho"


def _wrap(name: str) -> str:
    return f"({name})" if " " in name else name


def _merge(parts: list[tuple[Rep, int]]) -> tuple[tuple[Rep, int], ...]:
    """Concatenate component lists, merging adjacent equal components (``V + V`` is ``2x V``)."""
    out: list[tuple[Rep, int]] = []
    for rep, k in parts:
        if out and (out[-1][0] is rep or out[-1][0] == rep):
            out[-1] = (out[-1][0], out[-1][1] + k)
        else:
            out.append((rep, k))
    return tuple(out)


def components_text(components: tuple[tuple[Rep, int], ...]) -> str:
    """``"16x nat + 2x 1"``: the components with their multiplicities (the name of a sum)."""
    return " + ".join(f"{k}x {_wrap(_label(c))}" if k > 1 else _wrap(_label(c))
                      for c, k in components)


def _sum_of(components: tuple[tuple[Rep, int], ...]) -> Rep:
    """The direct sum with these components: image lists if all are permutation reps, else lazy."""
    dim = sum(c.dim * k for c, k in components)
    name = components_text(components)
    first = components[0][0]
    if all(c.is_permutation() for c, _ in components):
        perms: list[list[np.ndarray]] = [[] for _ in range(first.group.ngens)]
        offset = 0
        for c, k in components:
            for _ in range(k):
                for i, p in enumerate(c._require_perms()):
                    perms[i].append(p + offset)
                offset += c.dim
        arrays = [np.concatenate(row) for row in perms]
        return Rep._trusted(first.group, perms=arrays, dim=dim, name=name, components=components)
    return Rep._trusted(first.group, dim=dim, name=name, components=components)


def direct_sum(first: Rep, second: Rep) -> Rep:
    """The direct sum ``first + second``: block-diagonal images, dimension ``d1 + d2``.

    The result remembers its components (``first.components`` then ``second.components``,
    adjacent equal ones merged), which is what the equivariant solver uses to solve each
    distinct pair of components once.

    Raises
    ------
    IncompatibleGroupError
        If the two representations are of different (unequal) groups.

    Notes
    -----
    ``O(d1 + d2)`` per generator for permutation reps; for matrix reps the block-diagonal images
    are built only when asked for (``O((d1 + d2)^2)`` per generator then).

    Examples
    --------
    >>> import repkit as rk
    >>> G = rk.symmetric(3)
    >>> rho = rk.direct_sum(rk.trivial(G), rk.standard(G))
    >>> rho.dim, rho("c").trace() == 1 + (-1), len(rho.components)
    (3, True, 2)
    """
    require_same_group(first, second, "second")
    return _sum_of(_merge([*first.components, *second.components]))


def multiply(rho: Rep, k: int) -> Rep:
    """``k * rho``: the direct sum of ``k`` copies of ``rho``, laid out copy-major.

    Copy ``c`` (``0 <= c < k``) holds the indices ``c * rho.dim ... (c + 1) * rho.dim - 1``,
    so a framework tensor of shape ``(..., k * rho.dim)`` reshapes to ``(..., k, rho.dim)``
    (channels, then the representation index). Equal to ``rho + rho + ... + rho``.

    Parameters
    ----------
    rho : Rep
    k : int
        The multiplicity, at least 1.

    Raises
    ------
    ShapeError
        If ``k`` is not an int ``>= 1``.

    Examples
    --------
    >>> import repkit as rk
    >>> V = rk.natural(rk.symmetric(4))
    >>> W = rk.multiply(V, 3)
    >>> W.dim, W.components == ((V, 3),), W.permutation("c")[4:8].tolist()
    (12, True, [5, 6, 7, 4])
    """
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise ShapeError(f"k: expected a multiplicity, an int >= 1, got {k!r}")
    k = int(k)
    if k == 1:
        return rho
    return _sum_of(_merge([(c, m) for _ in range(k) for c, m in rho.components]))


def tensor_product(first: Rep, second: Rep) -> Rep:
    """The tensor product ``first @ second``: Kronecker products, dimension ``d1 * d2``.

    Basis: ``e_i (x) e_j`` is basis vector ``i * d2 + j`` (``Matrix.kron`` order).

    Raises
    ------
    IncompatibleGroupError
        If the two representations are of different (unequal) groups.

    Notes
    -----
    ``O((d1 d2)^2)`` per generator (``O(d1 d2)`` for permutation reps: the pair ``(i, j)`` goes
    to ``(p[i], q[j])``).

    Examples
    --------
    >>> import repkit as rk
    >>> rho = rk.standard(3)
    >>> (rho @ rho)("c").trace() == rho("c").trace() ** 2     # characters multiply
    True
    """
    require_same_group(first, second, "second")
    name = f"{_wrap(_label(first))} @ {_wrap(_label(second))}"
    dim = first.dim * second.dim
    if first.is_permutation() and second.is_permutation():
        a, b = first._require_perms(), second._require_perms()
        perms = [np.add.outer(p * second.dim, q).ravel() for p, q in zip(a, b)]
        return Rep._trusted(first.group, perms=perms, dim=dim, name=name)
    mats = [m.kron(n) for m, n in zip(first.images, second.images)]
    return Rep._trusted(first.group, matrices=mats, dim=dim, name=name)


def tensor_power(rho: Rep, k: int, *, max_entries: int = MAX_MATRIX_ENTRIES) -> Rep:
    """The ``k``-th tensor power ``rho ** k`` (``k = 0`` gives the trivial 1-dim rep).

    Raises
    ------
    ShapeError
        If ``k`` is not a non-negative int.
    ResourceLimitError
        If one generator image of the power would hold more than ``max_entries`` entries
        (``d^k`` for a permutation representation, ``d^(2k)`` for matrices), checked before
        building anything.

    Notes
    -----
    ``k - 1`` tensor products; dimension ``d^k``.

    Examples
    --------
    >>> import repkit as rk
    >>> rho = rk.natural(rk.symmetric(3))
    >>> rk.tensor_power(rho, 2)("c").trace() == rho("c").trace() ** 2 and (rho ** 0).dim == 1
    True
    """
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 0:
        raise ShapeError(f"k: expected a non-negative int exponent, got {k!r}")
    k = int(k)
    d = int(rho.dim)
    exp = k * (1 if rho._perms is not None else 2)       # entries per image: d^k (permutations), d^2k
    if d > 1 and ((d.bit_length() - 1) * exp > int(max_entries).bit_length() or d ** exp > max_entries):
        shown = f"{d}^{k}" if (d.bit_length() - 1) * k > 64 else str(d ** k)
        raise ResourceLimitError(
            f"k: rho ** {k} has dimension {shown}, so each generator image would exceed the bound "
            f"max_entries={max_entries} entries; pass a larger max_entries= to tensor_power if the "
            f"memory is there (default repkit.exact.matrix.MAX_MATRIX_ENTRIES)")
    if k == 0:
        ident = np.zeros(1, dtype=np.intp)
        return Rep._trusted(rho.group, perms=[ident] * rho.group.ngens, dim=1, name="1")
    result = rho
    for _ in range(k - 1):
        result = tensor_product(result, rho)
    if result.is_permutation():
        return Rep._trusted(rho.group, perms=result._require_perms(), dim=result.dim,
                            name=f"{_wrap(_label(rho))}^{k}")
    return Rep._trusted(rho.group, matrices=result.images, dim=result.dim,
                        name=f"{_wrap(_label(rho))}^{k}")


def dual(rho: Rep) -> Rep:
    """The dual representation ``g -> rho(g)^-T`` (the contragredient).

    Notes
    -----
    A permutation matrix is orthogonal, so a permutation representation is its own dual.
    ``O(d^3)`` per generator otherwise.

    Examples
    --------
    >>> import repkit as rk
    >>> rho = rk.cyclic_character(3, 1)
    >>> rho.dual()("t") == rho("t").inverse()
    True
    """
    name = f"{_wrap(_label(rho))}*"
    if rho.is_permutation():
        return Rep._trusted(rho.group, perms=rho._require_perms(), dim=rho.dim, name=name)
    mats = [m.T for m in rho._inverse_matrices]
    return Rep._trusted(rho.group, matrices=mats, dim=rho.dim, name=name)


def conjugate(rho: Rep) -> Rep:
    """The complex conjugate representation ``g -> conj(rho(g))`` (rational reps are fixed).

    Examples
    --------
    >>> import repkit as rk
    >>> rk.conjugate(rk.cyclic_character(5, 2))("t")[0, 0] == rk.E(5, 3)
    True
    """
    name = f"conj({_label(rho)})"
    if rho.is_permutation():
        return Rep._trusted(rho.group, perms=rho._require_perms(), dim=rho.dim, name=name)
    return Rep._trusted(rho.group, matrices=[m.conjugate() for m in rho.images], dim=rho.dim,
                        name=name)


def change_basis(rho: Rep, basis: Any) -> Rep:
    """The equivalent representation ``g -> Q^-1 rho(g) Q`` for an invertible ``Q``.

    Parameters
    ----------
    rho : Rep
    basis : Matrix or nested lists
        ``Q``: its columns are the new basis vectors written in the old basis.

    Raises
    ------
    ShapeError
        If ``Q`` is not ``dim x dim``.
    SingularMatrixError
        If ``Q`` is singular.
    ExactnessError
        For float entries.

    Examples
    --------
    >>> import repkit as rk
    >>> rho = rk.dihedral_rotation(4)
    >>> Q = rk.Matrix([[1, 2], [3, 4]])
    >>> rho.change_basis(Q)("r f") == Q.inverse() @ rho("r f") @ Q
    True
    """
    q = as_matrix(basis, "basis")
    if q.shape != (rho.dim, rho.dim):
        raise ShapeError(f"basis: expected a {rho.dim}x{rho.dim} matrix, got shape {q.shape}")
    try:
        qi = q.inverse()
    except SingularMatrixError as exc:
        raise SingularMatrixError(
            f"basis: expected an invertible change of basis, got a singular matrix of rank "
            f"{q.rank()}") from exc
    mats = [qi @ m @ q for m in rho.images]
    return Rep._trusted(rho.group, matrices=mats, dim=rho.dim, name=rho.name)


def realify(rho: Rep) -> Rep:
    """A complex ``d``-dimensional representation as a real ``2d``-dimensional one.

    ``M = A + i B`` (``A``, ``B`` real) becomes ``[[A, -B], [B, A]]``: the action on
    ``C^d = R^d (+) i R^d`` in the real basis ``e_1 .. e_d, i e_1 .. i e_d``.

    Notes
    -----
    ``A = (M + conj M)/2`` and ``B = (M - conj M)/(2i)`` exactly; ``O(d^2)`` per generator.
    The character of the result is ``2 Re(chi)`` (Bröcker and tom Dieck, *Representations of
    Compact Lie Groups*, 1985, §II.6, the realification functor).

    Examples
    --------
    >>> import repkit as rk
    >>> rho = rk.cyclic_character(3, 1)
    >>> r = rk.realify(rho)
    >>> r.dim, r("t").trace() == 2 * ((rk.E(3) + rk.E(3) ** 2) / 2)
    (2, True)
    """
    d = rho.dim
    mats = []
    for m in rho.images:
        c = m.conjugate()
        a = ((m + c) * Fraction(1, 2)).to_list()
        b = ((m - c) * (-E(4) / 2)).to_list()
        rows = [a[r] + [-x for x in b[r]] for r in range(d)]
        rows += [b[r] + a[r] for r in range(d)]
        mats.append(Matrix(rows))
    return Rep._trusted(rho.group, matrices=mats, dim=2 * rho.dim, name=f"R({_label(rho)})")


def restrict(rho: Rep, subgroup: Subgroup) -> Rep:
    """The restriction of ``rho`` to a subgroup ``H``, as a representation of ``H.as_group()``.

    Parameters
    ----------
    rho : Rep
    subgroup : Subgroup
        A subgroup of ``rho.group``; the result's group is ``subgroup.as_group()`` (generators
        ``h0, h1, ...`` = ``subgroup.generators``).

    Raises
    ------
    NotASubgroupError
        If ``subgroup`` is not a subgroup of ``rho.group``.

    Notes
    -----
    One word evaluation per generator of ``H``.

    Examples
    --------
    >>> import repkit as rk
    >>> G = rk.symmetric(4)
    >>> H = G.subgroup(["c"])
    >>> res = rk.sign(G).restrict(H)
    >>> res.group is H.as_group() and res("h0")[0, 0] == -1
    True
    """
    if not isinstance(subgroup, Subgroup) or subgroup.parent != rho.group:
        raise NotASubgroupError(
            f"subgroup: expected a Subgroup of the representation's group (made by "
            f"group.subgroup([...])), got {type(subgroup).__name__}"
            + (" of another group object" if isinstance(subgroup, Subgroup) else ""))
    group = subgroup.as_group()
    name = f"Res({_label(rho)})"
    if rho.is_permutation():
        perms = [rho.permutation(h) for h in subgroup.generators]
        return Rep._trusted(group, perms=perms, dim=rho.dim, name=name)
    return Rep._trusted(group, matrices=[rho(h) for h in subgroup.generators], dim=rho.dim,
                        name=name)


def induce(rho: Rep, subgroup: Subgroup) -> Rep:
    """The induced representation ``Ind_H^G rho`` of a representation of ``H = subgroup``.

    Parameters
    ----------
    rho : Rep
        A representation of ``subgroup.as_group()`` (or of a group equal to it).
    subgroup : Subgroup
        ``H``, a subgroup of ``G = subgroup.parent``.

    Returns
    -------
    Rep
        A representation of ``G`` of dimension ``|G : H| * dim``. Basis: ``t_j (x) e_a`` is
        vector ``j * dim + a``, where ``t_j`` is the least element of the ``j``-th left coset
        in ``H.left_cosets()`` (``t_0 = 1``). A generator ``x`` with ``x t_j = t_i h``
        (``h`` in ``H``) maps block ``j`` to block ``i`` by ``rho(h)``.

    Raises
    ------
    IncompatibleGroupError
        If ``rho`` is not a representation of ``subgroup.as_group()``.

    Notes
    -----
    Serre, *Linear Representations of Finite Groups*, §3.3 and §7.1. ``O(|G|)`` for the coset
    labels plus ``|G:H| * ngens`` evaluations of ``rho``; permutation representations induce
    to permutation representations (on ``G/H x points``).

    Examples
    --------
    >>> import repkit as rk
    >>> G = rk.symmetric(3)
    >>> H = G.subgroup(["c"])
    >>> ind = rk.induce(rk.trivial(H.as_group()), H)
    >>> ind.dim, ind == rk.quotient_rep(G, H)        # inducing the trivial rep gives G/H
    (2, True)
    """
    if not isinstance(subgroup, Subgroup) or rho.group != subgroup.as_group():
        raise IncompatibleGroupError(
            "subgroup: expected the Subgroup H with rho.group == H.as_group() (build rho on "
            f"H.as_group()), got {type(subgroup).__name__}"
            + (" whose as_group() differs from rho.group" if isinstance(subgroup, Subgroup) else ""))
    G = subgroup.parent
    cosets = subgroup.left_cosets()
    index = len(cosets)
    label = np.empty(G.order, dtype=np.int64)
    for j, coset in enumerate(cosets):
        label[list(coset)] = j
    reps = [c[0] for c in cosets]
    inv = G.inverse_array
    local = np.full(G.order, -1, dtype=np.int64)
    local[subgroup.embedding] = np.arange(subgroup.embedding.size)
    left = G.left_table
    is_perm = rho.is_permutation()
    d = rho.dim
    name = f"Ind({_label(rho)})"
    perms: list[np.ndarray] = []
    mats: list[Matrix] = []
    for gen in range(G.ngens):
        blocks: list[tuple[int, Any]] = []
        for j, t in enumerate(reps):
            y = int(left[t, 2 * gen])                 # x t_j
            i = int(label[y])
            h = G.mul(int(inv[reps[i]]), y)           # t_i^-1 x t_j, in H
            blocks.append((i, rho.permutation(int(local[h])) if is_perm else rho(int(local[h]))))
        if is_perm:
            image = np.empty(index * d, dtype=np.intp)
            for j, (i, p) in enumerate(blocks):
                image[j * d:(j + 1) * d] = i * d + p
            perms.append(image)
        else:
            rows: list[list[Any]] = [[0] * (index * d) for _ in range(index * d)]
            for j, (i, m) in enumerate(blocks):
                entries = m.to_list()
                for a in range(d):
                    for b in range(d):
                        rows[i * d + a][j * d + b] = entries[a][b]
            mats.append(Matrix(rows))
    if is_perm:
        return Rep._trusted(G, perms=perms, dim=index * d, name=name)
    return Rep._trusted(G, matrices=mats, dim=index * d, name=name)
