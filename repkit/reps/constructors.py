"""Constructors of standard representations: trivial, sign, regular, permutation, natural, ...

Every constructor returns a :class:`~repkit.reps.rep.Rep`. Those given by a group action
(trivial, regular, coset actions, the natural action, permutation parity) are homomorphisms by
construction and are not re-checked; those built from user data (``permutation_rep``) or from
explicit matrices (``cyclic_character``, ``dihedral_rotation``) are checked exactly.

Conventions: a permutation is a 0-based image list ``p`` whose matrix sends ``e_i`` to
``e_{p[i]}``; ``rho(g h) = rho(g) rho(h)``.

Examples
--------
>>> import repkit as rk
>>> G = rk.symmetric(4)
>>> [rho.dim for rho in (rk.trivial(G), rk.sign(G), rk.natural(G), rk.standard(4))]
[1, 1, 4, 3]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
import numpy as np

from ..errors import (
    GroupTooLargeError,
    InvalidPermutationError,
    NoSuchRepresentationError,
    NotAHomomorphismError,
    NotASubgroupError,
    ShapeError,
)
from ..exact import E, Matrix
from ..groups.families import cyclic, dihedral, symmetric
from ..groups.group import FiniteGroup
from ..groups.subgroup import Subgroup
from ..groups.words import format_word
from . import _perm, _verify
from ._util import named_images, require_group, tree_propagate
from .rep import Rep

__all__ = [
    "trivial",
    "sign",
    "regular",
    "permutation_rep",
    "quotient_rep",
    "natural",
    "cyclic_character",
    "dihedral_rotation",
    "standard",
]


def _has_given_presentation(group: FiniteGroup) -> bool:
    """Whether ``group.presentation`` is available without enumerating the group."""
    return group._presentation is not None or "presentation" in group.__dict__


def trivial(group: FiniteGroup, *, dim: int = 1) -> Rep:
    """The trivial representation: every element acts as the identity of ``Q^dim``.

    Parameters
    ----------
    group : FiniteGroup
    dim : int, optional
        The dimension (default 1).

    Returns
    -------
    Rep
        A permutation representation (identity image lists); nothing is enumerated.

    Examples
    --------
    >>> import repkit as rk
    >>> rho = rk.trivial(rk.symmetric(64))
    >>> rho("c s c").is_identity() and rho.image_order() == 1
    True
    """
    require_group(group)
    if isinstance(dim, bool) or not isinstance(dim, int) or dim < 1:
        raise ShapeError(f"dim: expected a positive int, got {dim!r}")
    ident = np.arange(dim, dtype=np.intp)
    return Rep._trusted(group, perms=[ident] * group.ngens, dim=dim, name="1")


def _gf2_last_null_vector(rows: list[int], n: int) -> int:
    """The lexicographically least nonzero ``x`` (bit ``n-1-i`` = coordinate i) with ``R x = 0``, or 0."""
    # Row-reduce R over GF(2); coordinates are bits, coordinate i is bit i.
    pivots: dict[int, int] = {}
    for row in rows:
        for col, prow in pivots.items():
            if row >> col & 1:
                row ^= prow
        if row:
            col = (row & -row).bit_length() - 1
            for c, prow in list(pivots.items()):
                if prow >> col & 1:
                    pivots[c] = prow ^ row
            pivots[col] = row
    free = [c for c in range(n) if c not in pivots]
    if not free:
        return 0
    basis = []
    for f in free:
        x = 1 << f
        for col, prow in pivots.items():
            if prow >> f & 1:
                x |= 1 << col
        basis.append(x)
    # Echelon form with leading coordinate = least index; the least vector (coordinate 0 most
    # significant, -1 > +1) is the fully reduced basis vector with the largest leading index.
    echelon: dict[int, int] = {}
    for x in basis:
        for lead, v in sorted(echelon.items()):
            if x >> lead & 1:
                x ^= v
        if x:
            lead = (x & -x).bit_length() - 1
            for k, v in list(echelon.items()):
                if v >> lead & 1:
                    echelon[k] = v ^ x
            echelon[lead] = x
    return echelon[max(echelon)]


def sign(group: FiniteGroup) -> Rep:
    """A nontrivial 1-dimensional representation with image ``{1, -1}`` (a "sign").

    Which one, when there are several:

    * a group given by permutations whose generators are not all even gets the parity of the
      permutation, ``g -> (-1)^{parity}`` -- for ``symmetric(n)`` the usual sign;
    * otherwise the homomorphisms ``G -> {1, -1}`` are the solutions ``x in GF(2)^ngens`` of
      "every relator has even exponent sum in the generators ``i`` with ``x_i = 1``"; the one
      returned is the lexicographically least nonzero solution reading generator 0 first
      (generator ``i`` maps to ``-1`` iff ``x_i = 1``). For ``dihedral(n)`` with ``n`` even
      given by a presentation that is ``r -> 1, f -> -1``.

    Parameters
    ----------
    group : FiniteGroup

    Returns
    -------
    Rep

    Raises
    ------
    NoSuchRepresentationError
        If the abelianization of ``group`` has no quotient of order 2 (for example odd order,
        or perfect groups).

    Notes
    -----
    Homomorphisms to ``{±1} = Z_2`` factor through ``G / G' G^2`` and are determined on the
    generators: by von Dyck's theorem the conditions are exactly the relators' exponent sums
    mod 2 (von Dyck's theorem, HEO §2.4). Gaussian elimination over GF(2),
    ``O(#relators * ngens^2)`` bit operations; the permutation case is ``O(degree * ngens)``.

    Examples
    --------
    >>> import repkit as rk
    >>> S4 = rk.symmetric(4)
    >>> s = rk.sign(S4)
    >>> s("c")[0, 0] == -1 and s.kernel().order == 12      # the 4-cycle is odd; A4 is the kernel
    True
    >>> rk.sign(rk.Group.from_presentation("<a | a^3>"))
    Traceback (most recent call last):
        ...
    repkit.errors.NoSuchRepresentationError: group: no homomorphism onto {1, -1} exists ...
    """
    require_group(group)
    perms = group.permutation_generators
    if perms is not None:
        parities = [_perm.parity(np.asarray(p, dtype=np.intp)) for p in perms]
        if any(parities):
            mats = [Matrix([[-1 if par else 1]]) for par in parities]
            return Rep._trusted(group, matrices=mats, dim=1, name="sgn")
    n = group.ngens
    rows = []
    for rel in group.presentation.relators:
        sums = [0] * n
        for letter in rel:
            sums[abs(letter) - 1] += 1
        rows.append(sum(1 << i for i in range(n) if sums[i] % 2))
    x = _gf2_last_null_vector(rows, n)
    if x == 0:
        raise NoSuchRepresentationError(
            f"group: no homomorphism onto {{1, -1}} exists (the abelianization has no quotient "
            f"of order 2: every nonzero sign pattern on the generators {group.generators} gives "
            f"some relator an odd exponent sum), so there is no sign representation")
    mats = [Matrix([[-1 if x >> i & 1 else 1]]) for i in range(n)]
    return Rep._trusted(group, matrices=mats, dim=1, name="sgn")


def regular(group: FiniteGroup) -> Rep:
    """The left regular representation on ``Q^|G|``: ``rho(x) e_h = e_{x h}``.

    The basis vector ``e_h`` is indexed by the element number ``h`` (the group's element order
    ``0 .. |G|-1``, identity first), so the image list of a generator ``x`` is ``h -> x h``.

    Parameters
    ----------
    group : FiniteGroup

    Returns
    -------
    Rep
        A permutation representation; matrices are only built when asked for.

    Notes
    -----
    ``O(|G| * ngens)``: ``x h`` for ``h = p a`` (spanning tree) is ``(x p) a``, one right-table
    look-up per element; no ``|G| x |G|`` matrix.
    Left multiplication is an action, so no relator check is needed.

    Examples
    --------
    >>> import repkit as rk
    >>> G = rk.Group.from_presentation("<r, f | r^4, f^2, (r f)^2>")
    >>> rho = rk.regular(G)
    >>> rho.dim == G.order and rho.is_faithful() and rho("r").trace() == 0
    True
    """
    require_group(group)
    table = group.right_table
    parent, letter = group.spanning_tree
    columns = np.where(letter > 0, 2 * (letter - 1), 2 * (-letter - 1) + 1)
    by_column = np.ascontiguousarray(table.T)
    # x h for h = p a is (x p) a: propagate x along the spanning tree by right multiplication.
    perms = [np.ascontiguousarray(tree_propagate(parent, columns, by_column,
                                                 np.array([table[0, 2 * i]]))[:, 0])
             for i in range(group.ngens)]
    return Rep._trusted(group, perms=perms, dim=group.order, name="reg")


def _relator_failure_message(group: FiniteGroup, perms: Sequence[np.ndarray], degree: int,
                             relators: Sequence[Sequence[int]]) -> str | None:
    failure = _verify.failing_relator_perm(relators, perms, degree)
    if failure is None:
        return None
    k, value = failure
    shown = value.tolist() if value.size <= 40 else f"a permutation of {value.size} points"
    return (f"images: relator {k} ({format_word(relators[k], group.generators)}) maps to "
            f"{shown}, not the identity, so these permutations do not define a homomorphism")


def _check_permutation_images(group: FiniteGroup, perms: Sequence[np.ndarray], degree: int) -> None:
    """Raise :class:`NotAHomomorphismError` unless ``generator i -> perms[i]`` is a homomorphism.

    A group with a presentation (given, or already computed) is checked on its relators. A
    group given by permutations alone is checked without enumeration by the order of the
    graph subgroup ``<(g_i, p_i)>`` (Schreier--Sims); only on failure is its Cayley-graph
    presentation computed to name a relator.

    Examples
    --------
    >>> import repkit as rk
    >>> G = rk.Group.from_permutations({"s": [1, 0, 2], "c": [1, 2, 0]})
    >>> _check_permutation_images(G, [np.array([1, 0]), np.array([1, 0])], 2)
    Traceback (most recent call last):
        ...
    repkit.errors.NotAHomomorphismError: images: relator ... maps to [1, 0], not the identity, ...
    """
    if group.permutation_generators is not None and not _has_given_presentation(group):
        gens = [np.asarray(p, dtype=np.intp) for p in group.permutation_generators]
        if _verify.graph_order_ok(gens, perms, group.order):
            return
        try:
            relators = group.presentation.relators
        except GroupTooLargeError as exc:
            raise NotAHomomorphismError(
                "images: the permutations do not define a homomorphism: the subgroup generated "
                "by the pairs (generator, image) is larger than the group (Schreier-Sims); the "
                "group is too large to list a failing relator") from exc
    else:
        relators = group.presentation.relators
    message = _relator_failure_message(group, perms, degree, relators)
    if message is not None:
        raise NotAHomomorphismError(message)


def permutation_rep(group: FiniteGroup, images: Mapping[str, Sequence[int]], *,
                    name: str | None = None) -> Rep:
    """The permutation representation with the given generator image lists, checked.

    Parameters
    ----------
    group : FiniteGroup
    images : mapping from str to sequence of int
        Generator names to 0-based image lists of one length ``n``; the list ``p`` sends
        ``e_i`` to ``e_{p[i]}``.
    name : str, optional

    Returns
    -------
    Rep
        Stores the image lists (NumPy); matrices are built only when asked for.

    Raises
    ------
    UnknownGeneratorError, MissingImageError
        For unknown or missing generator names.
    InvalidPermutationError
        If a list is not a bijection of ``0..n-1`` or the lengths differ.
    NotAHomomorphismError
        If a relator does not map to the identity (named in the message).

    Notes
    -----
    The relator check costs ``O(n)`` per syllable with NumPy, independent of ``|G|``
    (see :func:`check_permutation_images` for groups given by permutations alone).

    Examples
    --------
    >>> import repkit as rk
    >>> G = rk.Group.from_presentation("<r, f | r^4, f^2, (r f)^2>")
    >>> rho = rk.permutation_rep(G, {"r": [1, 2, 3, 0], "f": [0, 3, 2, 1]})
    >>> rho.is_faithful() and rho.dim == 4
    True
    """
    require_group(group)
    raw = named_images(group, images)
    perms: list[np.ndarray] = []
    for n, p in zip(group.generators, raw):
        perms.append(_perm.as_permutation(p, argument=f"images[{n!r}]",
                                          degree=perms[0].size if perms else None))
    if not perms:
        raise InvalidPermutationError(
            "images: a group without generators has no image lists to take a degree from; use "
            "trivial(group, dim=n)")
    degree = perms[0].size
    if degree == 0:
        raise InvalidPermutationError("images: expected image lists of length at least 1, got []")
    _check_permutation_images(group, perms, degree)
    return Rep._trusted(group, perms=perms, dim=degree, name=name or "perm")


def quotient_rep(group: FiniteGroup, subgroup: Subgroup) -> Rep:
    """The permutation representation of ``G`` on the left cosets ``G / H``.

    Parameters
    ----------
    group : FiniteGroup
    subgroup : Subgroup
        A subgroup ``H`` of ``group`` (``group.subgroup([...])``).

    Returns
    -------
    Rep
        Dimension ``|G : H|``; basis vector ``i`` is the ``i``-th left coset in the order of
        ``H.left_cosets()`` (sorted by least element, ``H`` first), and ``rho(x)`` sends the
        coset ``g H`` to ``x g H``. Its kernel is the core of ``H``.

    Raises
    ------
    NotASubgroupError
        If ``subgroup`` is not a subgroup of ``group``.

    Notes
    -----
    Read off the coset partition, ``O(|G| * ngens)`` (HEO §5.4, the coset action). An action,
    so no relator check is needed.

    Examples
    --------
    >>> import repkit as rk
    >>> G = rk.Group.from_presentation("<s, t | s^2, t^2, (s t)^3>")
    >>> H = G.subgroup(["s"])
    >>> rho = rk.quotient_rep(G, H)
    >>> rho.dim, rho.is_faithful()                   # S3 on 3 cosets
    (3, True)
    """
    require_group(group)
    if not isinstance(subgroup, Subgroup) or subgroup.parent != group:
        raise NotASubgroupError(
            f"subgroup: expected a Subgroup of this group (made by group.subgroup([...])), got "
            f"{type(subgroup).__name__}"
            + ("" if not isinstance(subgroup, Subgroup) else " of another group object"))
    action = subgroup.coset_action()
    perms = [np.asarray(action[n], dtype=np.intp) for n in group.generators]
    return Rep._trusted(group, perms=perms, dim=subgroup.index, name="G/H")


def natural(group: FiniteGroup) -> Rep:
    """The natural representation of a group given by permutations or by matrices.

    Parameters
    ----------
    group : FiniteGroup
        Made by :meth:`FiniteGroup.from_permutations`, :meth:`FiniteGroup.from_matrices` or a
        family with a natural action (``symmetric(n)``, ``dihedral(n)``, ...).

    Returns
    -------
    Rep
        Generator ``i`` maps to its own permutation (as an image list) or matrix. This is the
        inclusion of the group in ``Sym(n)`` or ``GL(n)``, a faithful homomorphism by
        definition, so neither a relator check nor an enumeration happens:
        ``natural(symmetric(64))`` is immediate.

    Raises
    ------
    NoSuchRepresentationError
        For a group given by a presentation alone.

    Examples
    --------
    >>> import repkit as rk
    >>> rho = rk.natural(rk.symmetric(64))
    >>> rho.dim, rho.is_faithful()
    (64, True)
    """
    require_group(group)
    if group.permutation_generators is not None:
        perms = [np.asarray(p, dtype=np.intp) for p in group.permutation_generators]
        degree = perms[0].size if perms else 1
        return Rep._trusted(group, perms=perms, dim=degree, name="nat")
    if group.matrix_generators is not None:
        mats = list(group.matrix_generators)
        return Rep._trusted(group, matrices=mats, dim=mats[0].nrows if mats else 1, name="nat")
    raise NoSuchRepresentationError(
        f"group: expected a group given by permutations or matrices, got one given by a "
        f"presentation alone ({group}); it has no natural representation -- use regular(group) "
        "or quotient_rep(group, H)")


def cyclic_character(group_or_order: FiniteGroup | int, k: int = 1) -> Rep:
    """The 1-dimensional complex representation ``t^j -> exp(2 pi i j k / d)`` of ``Z_d``.

    Parameters
    ----------
    group_or_order : FiniteGroup or int
        A cyclic group with one generator, or ``d`` for ``repkit.cyclic(d)``.
    k : int, optional
        The exponent; the image of the generator is ``E(d)^k``. Faithful iff ``gcd(k, d) = 1``.

    Returns
    -------
    Rep
        Over ``Q(zeta_d)`` (exact cyclotomic entries).

    Raises
    ------
    NoSuchRepresentationError
        If the group does not have exactly one generator.

    Examples
    --------
    >>> import repkit as rk
    >>> rho = rk.cyclic_character(6, 1)
    >>> rho("t")[0, 0] == rk.E(6) and rho.is_faithful() and not rk.cyclic_character(6, 2).is_faithful()
    True
    """
    if isinstance(group_or_order, FiniteGroup):
        group = group_or_order
    else:
        group = cyclic(group_or_order)
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)):
        raise NoSuchRepresentationError(f"k: expected an int exponent, got {k!r}")
    if group.ngens != 1:
        raise NoSuchRepresentationError(
            f"group_or_order: expected a cyclic group with one generator, got generators "
            f"{group.generators}")
    d = group.order
    zeta = E(d, int(k) % d) if d > 1 else E(1)
    return Rep.from_generators(group, [Matrix([[zeta]])], name=f"chi_{int(k) % d}")


def dihedral_rotation(n_or_group: int | FiniteGroup) -> Rep:
    """The 2-dimensional real representation of a dihedral group: rotations and a reflection.

    ``r`` maps to the rotation by ``2 pi / n`` and ``f`` to ``diag(1, -1)``; the entries are
    exact real cyclotomic numbers, ``cos(2 pi/n) = (E(n) + E(n)^-1)/2`` (in ``Q(zeta_n)``) and
    ``sin(2 pi/n) = (E(n) - E(n)^-1)/(2 i)`` with ``i = E(4)`` (in ``Q(zeta_lcm(n, 4))``, e.g.
    ``sin(2 pi/5)`` needs ``E(20)``), so :attr:`Rep.field` is ``lcm(n, 4)`` in general.

    Parameters
    ----------
    n_or_group : int or FiniteGroup
        ``n >= 1`` for ``repkit.dihedral(n)`` (order ``2n``), or a group of order ``2n`` with
        generators named ``r`` and ``f`` (such as that very ``dihedral(n)`` object, so the
        result combines with other representations of it).

    Returns
    -------
    Rep
        Faithful for every ``n`` (the images ``R^k F^e`` are distinct), irreducible for
        ``n >= 3``.

    Raises
    ------
    NoSuchRepresentationError
        If a group is given whose generators are not ``('r', 'f')``.
    NotAHomomorphismError
        If the group's relators are not satisfied (it is not a quotient of ``D_n``).

    Examples
    --------
    >>> import repkit as rk
    >>> from fractions import Fraction
    >>> rho = rk.dihedral_rotation(6)
    >>> rho("r")[0, 0] == Fraction(1, 2) and rho.is_faithful()      # cos(60 degrees)
    True
    """
    if isinstance(n_or_group, FiniteGroup):
        group = n_or_group
        if group.generators != ("r", "f"):
            raise NoSuchRepresentationError(
                f"n_or_group: expected a dihedral group with generators ('r', 'f'), got "
                f"generators {group.generators}")
        n = group.order // 2
    else:
        group = dihedral(n_or_group)
        n = int(n_or_group)
    zeta, zeta_inv = E(n), E(n, n - 1)      # no division: that is costly in a large Q(zeta_n)
    cos = (zeta + zeta_inv) * Fraction(1, 2)
    sin = (zeta - zeta_inv) * (-E(4) / 2)    # 1/(2i) = -i/2
    rot = Matrix([[cos, -sin], [sin, cos]])
    ref = Matrix([[1, 0], [0, -1]])
    return Rep.from_generators(group, {"r": rot, "f": ref}, name="rot")


def standard(n_or_group: int | FiniteGroup) -> Rep:
    """The standard ``(n-1)``-dimensional representation: the sum-zero part of ``natural``.

    For ``symmetric(n)`` this is the irreducible summand of the natural representation. The
    basis is ``f_i = e_i - e_{n-1}`` (``i = 0 .. n-2``) of the sum-zero subspace, so a
    permutation ``p`` sends ``f_i`` to ``f_{p(i)} - f_{p(n-1)}`` (with ``f_{n-1} = 0``); the
    matrices are integral.

    Parameters
    ----------
    n_or_group : int or FiniteGroup
        ``n >= 2`` for ``repkit.symmetric(n)``, or any group given by permutations of
        ``n >= 2`` points (pass the group object to combine the result with other
        representations of it).

    Returns
    -------
    Rep
        A subrepresentation of ``natural(group)`` (an invariant subspace), hence a homomorphism
        without a relator check; ``O(n^2)`` per generator.

    Raises
    ------
    NoSuchRepresentationError
        For ``n < 2`` or a group without permutation generators.

    Examples
    --------
    >>> import repkit as rk
    >>> rho = rk.standard(4)
    >>> rho.dim, rho("c").trace() == -1         # a 4-cycle fixes no point: 0 - 1
    (3, True)
    """
    if isinstance(n_or_group, FiniteGroup):
        group = n_or_group
        if group.permutation_generators is None:
            raise NoSuchRepresentationError(
                f"n_or_group: expected a group given by permutations, got {group}")
    else:
        if isinstance(n_or_group, bool) or not isinstance(n_or_group, int) or n_or_group < 2:
            raise NoSuchRepresentationError(f"n_or_group: expected an int n >= 2, got {n_or_group!r}")
        group = symmetric(n_or_group)
    perms = group.permutation_generators or ()
    n = len(perms[0]) if perms else 0
    if n < 2:
        raise NoSuchRepresentationError(
            f"n_or_group: expected permutations of at least 2 points, got {n}")
    mats = []
    for p in perms:
        rows = [[0] * (n - 1) for _ in range(n - 1)]
        last = p[n - 1]
        for i in range(n - 1):
            if p[i] != n - 1:
                rows[p[i]][i] += 1
            if last != n - 1:
                rows[last][i] -= 1
        mats.append(Matrix(rows))
    return Rep._trusted(group, matrices=mats, dim=n - 1, name="std")
