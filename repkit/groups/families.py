"""Named families of finite groups, each with a presentation and (where natural) its action.

Every family returns a :class:`~repkit.groups.group.FiniteGroup` built from its presentation
and its permutation generators (the private ``FiniteGroup._from_trusted_presentation``, which
checks the relators on the permutations but, unlike the public
``FiniteGroup.from_presentation(presentation, permutations=...)``, runs no coset enumeration to
compare orders: each family's presentation is a theorem for its action): it knows its
presentation, and its permutation generators give a faithful action. Such a group is *lazy*: its order comes from
Schreier–Sims and nothing is enumerated until an operation needs every element, so
``symmetric(64)`` and ``dihedral(256)`` are cheap to build. The few cases without a faithful
natural action of small degree are enumerated from the presentation by Todd–Coxeter instead
(they are tiny; see each function).

Conventions (as everywhere in repkit): a permutation is a 0-based image list ``p`` with ``p[i]``
the image of point ``i``; groups act on the left and compose like functions,
``(g h)(i) = g(h(i))``; words are read left to right, ``r f = r * f``.

==================  ===========================  ===========  ==============================
family              generators                   order        action
==================  ===========================  ===========  ==============================
cyclic(n)           t                            n            rotation of n points
dihedral(n)         r, f                         2n           n vertices of the n-gon
symmetric(n)        s = (0 1), c = (0 1 .. n-1)  n!           n points
alternating(n)      x1 .. x{n-2}, (0 1 i+1)      n!/2         n points
quaternion()        i, j                         8            regular (8 points)
dicyclic(n)         a, x                         4n           regular (4n points)
translations(L)     t0, t1, ...                  L1 L2 ...    sites of the periodic lattice
direct_product      both (renamed on clash)      |G| |H|      disjoint union
image_symmetry(L)   t, r, f                      8 L^2        the L x L pixels (L >= 3)
==================  ===========================  ===========  ==============================

Examples
--------
>>> from repkit.groups.families import dihedral, symmetric
>>> dihedral(4).order, str(dihedral(4).presentation)
(8, '<r, f | r^4, f^2, (r*f)^2>')
>>> import math
>>> symmetric(64).order == math.factorial(64)
True
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from ..errors import FamilyParameterError  # noqa: F401  (defined with the other errors)
from ..errors import RepkitError
from .group import FiniteGroup
from .presentation import Presentation
from .words import Word, commutator_word, conjugate_word, multiply_words, word_power

__all__ = [
    "FamilyParameterError",
    "cyclic",
    "dihedral",
    "symmetric",
    "alternating",
    "quaternion",
    "dicyclic",
    "translations",
    "direct_product",
    "image_symmetry",
    "pixel_permutations",
]


def _check_size(value: object, argument: str, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise FamilyParameterError(
            f"{argument} must be an int >= {minimum}, got {type(value).__name__} {value!r}")
    if value < minimum:
        raise FamilyParameterError(f"{argument} must be an int >= {minimum}, got {value}")
    return value


def _build(presentation: Presentation, permutations: Mapping[str, Sequence[int]] | None, *,
           order: int | None = None) -> FiniteGroup:
    if permutations is None:
        return FiniteGroup.from_presentation(presentation)
    # the family's presentation is a theorem for these permutations: no coset enumeration
    group = FiniteGroup._from_trusted_presentation(presentation, permutations)
    if order is not None:
        # a theorem of the family too (e.g. the translations act regularly on the sites): kept in
        # the per-instance cache of ``order`` so no stabiliser chain is needed for it
        group.__dict__["order"] = int(order)
    return group


def _power(letter: int, k: int) -> Word:
    return word_power((letter,), k)


def cyclic(n: int) -> FiniteGroup:
    """The cyclic group Z_n = ``<t | t^n>``, acting on n points by ``t: i -> i + 1 mod n``.

    Parameters
    ----------
    n : int
        The order, ``n >= 1``.

    Returns
    -------
    FiniteGroup
        Generator ``t`` (a translation of the periodic 1-d lattice, like ``translations(n)``'s
        ``t0``); lazy (nothing is enumerated on construction).

    Raises
    ------
    FamilyParameterError
        If ``n`` is not an int ``>= 1``.

    Examples
    --------
    >>> G = cyclic(6)
    >>> G.order, str(G.presentation), G.permutation_generators
    (6, '<t | t^6>', ((1, 2, 3, 4, 5, 0),))
    """
    n = _check_size(n, "n")
    presentation = Presentation(("t",), (_power(1, n),))
    return _build(presentation, {"t": [(i + 1) % n for i in range(n)]})


def dihedral(n: int) -> FiniteGroup:
    """The dihedral group of order 2n, ``<r, f | r^n, f^2, (r*f)^2>``.

    Parameters
    ----------
    n : int
        The number of vertices of the polygon, ``n >= 1``.

    Returns
    -------
    FiniteGroup
        Generators ``r`` (rotation ``i -> i + 1 mod n``) and ``f`` (reflection
        ``i -> -i mod n``) acting on the n vertices. For ``n <= 2`` that action is not faithful,
        so the points are instead the 2n elements ``r^k f^e`` (index ``k + n*e``) acted on by
        left multiplication: ``r: (k, e) -> (k + 1, e)``, ``f: (k, e) -> (-k, 1 - e)``.

    Raises
    ------
    FamilyParameterError
        If ``n`` is not an int ``>= 1``.

    Notes
    -----
    Construction costs ``O(n^2)`` (checking the relator ``r^n`` on the permutations); nothing is
    enumerated, so ``dihedral(256)`` is immediate.

    Examples
    --------
    >>> G = dihedral(5)
    >>> G.order, G.permutation_generators
    (10, ((1, 2, 3, 4, 0), (0, 4, 3, 2, 1)))
    >>> dihedral(2).order    # the Klein four-group
    4
    """
    n = _check_size(n, "n")
    presentation = Presentation(("r", "f"), (_power(1, n), (2, 2), (1, 2, 1, 2)))
    if n >= 3:
        perms = {"r": [(i + 1) % n for i in range(n)], "f": [(-i) % n for i in range(n)]}
    else:
        perms = {"r": [(k + 1) % n + n * e for e in (0, 1) for k in range(n)],
                 "f": [(-k) % n + n * (1 - e) for e in (0, 1) for k in range(n)]}
    return _build(presentation, perms)


def _symmetric_presentation(n: int) -> Presentation:
    s, c = 1, 2
    if n == 1:
        return Presentation(("s", "c"), ((s,), (c,)))
    relators: list[Word] = [(s, s), _power(c, n), word_power((s, c), n - 1),
                            word_power((s, -c, s, c), 3)]
    for j in range(2, n // 2 + 1):
        relators.append(word_power((s,) + _power(c, -j) + (s,) + _power(c, j), 2))
    return Presentation(("s", "c"), tuple(relators))


def symmetric(n: int) -> FiniteGroup:
    """The symmetric group S_n on the points ``0 .. n-1``, generated by ``s`` and ``c``.

    ``s = (0 1)`` is the image list ``[1, 0, 2, ..., n-1]`` and ``c = (0 1 ... n-1)`` sends
    ``i -> i + 1 mod n``. The presentation is Coxeter–Moser's

    ``<s, c | s^2, c^n, (s*c)^(n-1), (s*c^-1*s*c)^3, (s*c^-j*s*c^j)^2 for 2 <= j <= n/2>``.

    Parameters
    ----------
    n : int
        The degree, ``n >= 1`` (``S_1`` is trivial, and its ``s``, ``c`` are the identity).

    Returns
    -------
    FiniteGroup
        Lazy: the order ``n!`` comes from Schreier–Sims; nothing is enumerated.

    Raises
    ------
    FamilyParameterError
        If ``n`` is not an int ``>= 1``.

    Notes
    -----
    H. S. M. Coxeter and W. O. J. Moser, *Generators and Relations for Discrete Groups*, 4th ed.
    (1980), §6.2, presentation (6.21); the relators with ``j > n/2`` are conjugates of inverses of
    those kept. ``s*c`` fixes 0 and cycles ``1 -> 2 -> ... -> n-1 -> 1``; ``c^-j s c^j`` is the
    transposition ``(-j, 1-j)``, disjoint from ``s`` for ``2 <= j <= n-2``. The repkit tests
    check by coset enumeration that the presentation has order ``n!`` for small ``n``.
    Construction costs ``O(n^3)`` (the relators, of total length ``O(n^2)``, are checked on the
    permutations).

    Examples
    --------
    >>> G = symmetric(4)
    >>> G.order, G.permutation_generators
    (24, ((1, 0, 2, 3), (1, 2, 3, 0)))
    >>> str(symmetric(5).presentation)
    '<s, c | s^2, c^5, (s*c)^4, (s*c^-1*s*c)^3, (s*c^-2*s*c^2)^2>'
    """
    n = _check_size(n, "n")
    swap = list(range(n))
    if n >= 2:
        swap[0], swap[1] = 1, 0
    return _build(_symmetric_presentation(n), {"s": swap, "c": [(i + 1) % n for i in range(n)]})


def alternating(n: int) -> FiniteGroup:
    """The alternating group A_n on ``0 .. n-1``, generated by the 3-cycles ``x_i = (0 1 i+1)``.

    Generators ``x1, ..., x{n-2}``; ``x_i`` sends ``0 -> 1 -> i+1 -> 0``. Carmichael's presentation

    ``<x1, ..., x{n-2} | x_i^3, (x_i*x_j)^2 for i < j>``.

    Parameters
    ----------
    n : int
        The degree, ``n >= 3``; for ``n = 1, 2`` the group is trivial and has the one generator
        ``x1`` acting as the identity.

    Returns
    -------
    FiniteGroup
        Lazy: the order ``n!/2`` comes from Schreier–Sims.

    Raises
    ------
    FamilyParameterError
        If ``n`` is not an int ``>= 1``.

    Notes
    -----
    R. D. Carmichael, *Introduction to the Theory of Groups of Finite Order* (1937), p. 172;
    also Coxeter–Moser §6.3. There are ``n - 2`` generators and ``(n-2)(n-1)/2`` relators; the
    tests verify the order ``n!/2`` by coset enumeration for small ``n``.

    Examples
    --------
    >>> G = alternating(5)
    >>> G.order, G.generators
    (60, ('x1', 'x2', 'x3'))
    >>> G.permutation_generators[0]
    (1, 2, 0, 3, 4)
    """
    n = _check_size(n, "n")
    if n <= 2:
        return _build(Presentation(("x1",), ((1,),)), {"x1": list(range(n))})
    k = n - 2
    names = tuple(f"x{i}" for i in range(1, k + 1))
    relators: list[Word] = [(i, i, i) for i in range(1, k + 1)]
    relators += [(i, j, i, j) for i in range(1, k + 1) for j in range(i + 1, k + 1)]
    perms = {}
    for i, name in enumerate(names, start=1):
        p = list(range(n))
        p[0], p[1], p[i + 1] = 1, i + 1, 0
        perms[name] = p
    return _build(Presentation(names, tuple(relators)), perms)


def _dicyclic_permutations(n: int, names: tuple[str, str]) -> dict[str, list[int]]:
    """Left multiplication on the elements ``a^k x^e`` (index ``k + 2n*e``) of Dic_n."""
    m = 2 * n
    a = [(k + 1) % m + m * e for e in (0, 1) for k in range(m)]
    x = [(-k) % m + m for k in range(m)] + [(n - k) % m for k in range(m)]
    return {names[0]: a, names[1]: x}


def dicyclic(n: int) -> FiniteGroup:
    """The dicyclic group Dic_n of order 4n, ``<a, x | a^(2n), x^2*a^-n, x^-1*a*x*a>``.

    Parameters
    ----------
    n : int
        ``n >= 1``; ``dicyclic(2)`` is the quaternion group (see :func:`quaternion`),
        ``dicyclic(1)`` is cyclic of order 4.

    Returns
    -------
    FiniteGroup
        Generators ``a`` (order 2n) and ``x`` (``x^2 = a^n``, ``x^-1 a x = a^-1``), acting
        regularly by left multiplication on the elements ``a^k x^e`` (index ``k + 2n*e``):
        ``a: (k, e) -> (k + 1, e)``, ``x: (k, 0) -> (-k, 1)``, ``x: (k, 1) -> (n - k, 0)``.

    Raises
    ------
    FamilyParameterError
        If ``n`` is not an int ``>= 1``.

    Examples
    --------
    >>> G = dicyclic(3)
    >>> G.order, str(G.presentation)
    (12, '<a, x | a^6, x^2*a^-3, x^-1*a*x*a>')
    """
    n = _check_size(n, "n")
    relators = (_power(1, 2 * n), (2, 2) + _power(1, -n), (-2, 1, 2, 1))
    return _build(Presentation(("a", "x"), relators), _dicyclic_permutations(n, ("a", "x")))


def quaternion() -> FiniteGroup:
    """The quaternion group Q8 = ``<i, j | i^4, i^2*j^-2, j^-1*i*j*i>``, acting regularly.

    Returns
    -------
    FiniteGroup
        Generators ``i``, ``j``; the permutations are left multiplication on the elements
        ``i^k j^e`` (index ``k + 4e``), as for ``dicyclic(2)`` with ``a = i``, ``x = j``.

    Examples
    --------
    >>> Q = quaternion()
    >>> Q.order, Q.generators, str(Q.presentation)
    (8, ('i', 'j'), '<i, j | i^4, i^2*j^-2, j^-1*i*j*i>')
    """
    relators = ((1, 1, 1, 1), (1, 1, -2, -2), (-2, 1, 2, 1))
    return _build(Presentation(("i", "j"), relators), _dicyclic_permutations(2, ("i", "j")))


def _lattice_shifts(shape: Sequence[int]) -> list[list[int]]:
    """For each axis k, the permutation of row-major sites adding 1 (mod L_k) to coordinate k."""
    total = math.prod(shape)
    strides = [math.prod(shape[k + 1:]) for k in range(len(shape))]
    shifts = []
    for k, size in enumerate(shape):
        stride = strides[k]
        perm = []
        for site in range(total):
            coordinate = (site // stride) % size
            perm.append(site + stride * (((coordinate + 1) % size) - coordinate))
        shifts.append(perm)
    return shifts


def translations(shape: int | Sequence[int]) -> FiniteGroup:
    """The translations Z_L1 x ... x Z_Ld of a periodic lattice, acting on its sites.

    Parameters
    ----------
    shape : int or sequence of int
        The side lengths ``(L1, ..., Ld)``, each ``>= 1`` (an int means ``d = 1``).

    Returns
    -------
    FiniteGroup
        Generators ``t0, ..., t{d-1}``; ``tk`` adds 1 (mod ``Lk``) to coordinate ``k`` of a
        site. Sites are numbered row-major (C order, as ``numpy.ravel``): site
        ``(x0, ..., x{d-1})`` has index ``sum_k xk * prod(L[k+1:])``. Presentation
        ``<t0, ... | tk^Lk, [tj, tk] (j < k)>``. Lazy.

    Raises
    ------
    FamilyParameterError
        If ``shape`` is empty or a side is not an int ``>= 1``.

    Examples
    --------
    >>> G = translations((2, 3))
    >>> G.order, str(G.presentation)
    (6, '<t0, t1 | t0^2, t1^3, t0^-1*t1^-1*t0*t1>')
    >>> G.permutation_generators[1]      # site (x0, x1) -> (x0, x1 + 1 mod 3)
    (1, 2, 0, 4, 5, 3)
    """
    sides = [shape] if isinstance(shape, int) and not isinstance(shape, bool) else shape
    if isinstance(sides, (str, bytes)) or not isinstance(sides, Sequence):
        raise FamilyParameterError(
            f"shape must be an int or a sequence of ints such as (4, 4), got "
            f"{type(shape).__name__} {shape!r}")
    sides = [_check_size(size, f"shape[{k}]") for k, size in enumerate(sides)]
    if not sides:
        raise FamilyParameterError("shape must have at least one side length, got ()")
    d = len(sides)
    names = tuple(f"t{k}" for k in range(d))
    relators: list[Word] = [_power(k + 1, size) for k, size in enumerate(sides)]
    relators += [commutator_word((j + 1,), (k + 1,)) for j in range(d) for k in range(j + 1, d)]
    perms = dict(zip(names, _lattice_shifts(sides)))
    return _build(Presentation(names, tuple(relators)), perms, order=math.prod(sides))


def _regular_permutations(group: FiniteGroup) -> list[list[int]]:
    """Left multiplication by each generator on the elements (enumerates the group)."""
    left = group.left_table
    return [[int(v) for v in left[:, 2 * i]] for i in range(group.ngens)]


def direct_product(first: FiniteGroup, second: FiniteGroup, *,
                   suffixes: tuple[str, str] = ("_1", "_2")) -> FiniteGroup:
    """The direct product ``first x second``.

    Parameters
    ----------
    first, second : FiniteGroup
        The factors.
    suffixes : tuple of two str, optional
        If the factors share a generator name, every name of ``first`` gets ``suffixes[0]`` and
        every name of ``second`` gets ``suffixes[1]`` (``r, f`` and ``r, f`` become
        ``r_1, f_1, r_2, f_2``); otherwise names are kept.

    Returns
    -------
    FiniteGroup
        Generators: those of ``first``, then those of ``second``. Presentation: the relators of
        both plus every commutator ``[g, h]`` of a generator of ``first`` with one of
        ``second``. Action: the disjoint union, ``first`` on points ``0 .. m-1`` and ``second``
        on ``m .. m+k-1``; a factor without permutation generators contributes its regular
        action (left multiplication on its elements), which enumerates it.

    Raises
    ------
    FamilyParameterError
        If an argument is not a FiniteGroup, or the renamed generators still clash.

    Notes
    -----
    A factor given by permutations alone has its presentation read off its Cayley graph
    (``FiniteGroup.presentation``), which enumerates it; the families all carry presentations.

    Examples
    --------
    >>> G = direct_product(cyclic(2), cyclic(3))
    >>> G.generators, G.order, G.is_abelian()
    (('t_1', 't_2'), 6, True)
    >>> str(G.presentation)
    '<t_1, t_2 | t_1^2, t_2^3, t_1^-1*t_2^-1*t_1*t_2>'
    """
    for argument, group in (("first", first), ("second", second)):
        if not isinstance(group, FiniteGroup):
            raise FamilyParameterError(
                f"{argument} must be a FiniteGroup, got {type(group).__name__} {group!r}")
    if (not isinstance(suffixes, tuple) or len(suffixes) != 2
            or not all(isinstance(x, str) for x in suffixes) or suffixes[0] == suffixes[1]):
        raise FamilyParameterError(
            f"suffixes must be two different strings such as ('_1', '_2'), got {suffixes!r}")
    names_1, names_2 = first.generators, second.generators
    if set(names_1) & set(names_2):
        names_1 = tuple(name + suffixes[0] for name in names_1)
        names_2 = tuple(name + suffixes[1] for name in names_2)
        clash = set(names_1) & set(names_2)
        if clash:
            raise FamilyParameterError(
                f"suffixes {suffixes!r} leave the generator names {sorted(clash)} shared by "
                "both factors; choose other suffixes")
    m = first.ngens
    shift = m

    def shifted(word: Word) -> Word:
        return tuple(letter + shift if letter > 0 else letter - shift for letter in word)

    relators = list(first.presentation.relators)
    relators += [shifted(w) for w in second.presentation.relators]
    relators += [commutator_word((i + 1,), (m + j + 1,))
                 for i in range(m) for j in range(second.ngens)]
    presentation = Presentation(names_1 + names_2, tuple(relators))
    perms_1 = first.permutation_generators or _regular_permutations(first)
    perms_2 = second.permutation_generators or _regular_permutations(second)
    degree_1 = len(perms_1[0]) if perms_1 else 0
    degree_2 = len(perms_2[0]) if perms_2 else 0
    perms: dict[str, list[int]] = {}
    for name, p in zip(names_1, perms_1):
        perms[name] = list(p) + list(range(degree_1, degree_1 + degree_2))
    for name, p in zip(names_2, perms_2):
        perms[name] = list(range(degree_1)) + [degree_1 + v for v in p]
    return _build(presentation, perms)


def pixel_permutations(size: int) -> dict[str, list[int]]:
    """The actions of ``t``, ``r``, ``f`` on the pixels of a periodic ``size x size`` image.

    Pixel ``(a, b)`` (row ``a``, column ``b``) has index ``a*size + b`` (row-major).

    * ``t`` shifts along axis 0: ``(a, b) -> (a + 1 mod L, b)``, as ``numpy.roll(x, 1, axis=0)``;
    * ``r`` rotates by 90 degrees: ``(a, b) -> (L-1-b, a)``, as ``numpy.rot90(x)``;
    * ``f`` mirrors left-right: ``(a, b) -> (a, L-1-b)``, as ``numpy.fliplr(x)``.

    With the permutation matrix ``M`` (``e_i -> e_{p[i]}``), ``M @ x.ravel()`` equals the
    numpy operation applied to the image ``x``. The action is faithful for ``size >= 3``.

    Parameters
    ----------
    size : int
        The side length L, ``>= 1``.

    Returns
    -------
    dict
        ``{"t": [...], "r": [...], "f": [...]}`` image lists of length ``size**2``.

    Raises
    ------
    FamilyParameterError
        If ``size`` is not an int ``>= 1``.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.arange(9).reshape(3, 3)
    >>> p = pixel_permutations(3)
    >>> moved = np.empty(9, dtype=int); moved[p["r"]] = x.ravel()
    >>> bool((moved.reshape(3, 3) == np.rot90(x)).all())
    True
    """
    size = _check_size(size, "size")
    pixels = [(a, b) for a in range(size) for b in range(size)]
    return {
        "t": [((a + 1) % size) * size + b for a, b in pixels],
        "r": [(size - 1 - b) * size + a for a, b in pixels],
        "f": [a * size + (size - 1 - b) for a, b in pixels],
    }


def _image_symmetry_presentation(size: int) -> Presentation:
    t, r, f = 1, 2, 3
    u = conjugate_word((t,), (-r,))                   # r t r^-1: the shift along axis 1
    relators: list[Word] = [
        _power(r, 4), (f, f), (r, f, r, f),           # the point group D4
        _power(t, size),                              # t^L
        commutator_word((t,), u),                     # the two shifts commute
        commutator_word((f,), (t,)),                  # f t f^-1 = t
        multiply_words((r, r, t), (r, r, t)),         # r^2 t r^-2 = t^-1
    ]
    return Presentation(("t", "r", "f"), tuple(relators))


def image_symmetry(size: int) -> FiniteGroup:
    """The symmetries of a periodic ``L x L`` image: translations and the square's D4.

    ``Z_L^2 ⋊ D4`` of order ``8 L^2``, generated by ``t`` (shift along axis 0), ``r`` (rotation
    by 90 degrees) and ``f`` (left-right mirror) acting on the ``L^2`` pixels as described in
    :func:`pixel_permutations` (like ``numpy.roll``, ``numpy.rot90``, ``numpy.fliplr``).

    Presentation::

        <t, r, f | r^4, f^2, (r*f)^2, t^L, [t, r*t*r^-1], [f, t], (r^2*t)^2>

    Parameters
    ----------
    size : int
        The side length ``L >= 1``.

    Returns
    -------
    FiniteGroup
        Lazy with pixel permutations for ``L >= 3``. For ``L <= 2`` the pixel action is not
        faithful (a reflection fixes every pixel), so the group (of order 8 or 32) is enumerated
        from its presentation and has no permutation generators; ``pixel_permutations(L)``
        still gives the (non-faithful) pixel action.

    Raises
    ------
    FamilyParameterError
        If ``size`` is not an int ``>= 1``.

    Notes
    -----
    ``u = r t r^-1`` is the shift along axis 1. The relators make ``<t, u>`` an abelian normal
    subgroup of order at most ``L^2`` (``f t f^-1 = t``, ``r u r^-1 = t^-1`` by ``(r^2 t)^2``,
    and ``f u f^-1 = u^-1`` follows from ``(r f)^2``), with quotient ``<r, f | r^4, f^2,
    (r f)^2> = D4``; so the order is at most ``8 L^2``, and the affine action on ``Z_L^2``
    realises ``8 L^2`` (faithful for ``L >= 3``, where no nontrivial matrix of D4 is the identity
    mod L). The tests confirm the order by coset enumeration.

    Examples
    --------
    >>> G = image_symmetry(4)
    >>> G.order, G.generators
    (128, ('t', 'r', 'f'))
    >>> image_symmetry(2).order
    32
    """
    size = _check_size(size, "size")
    presentation = _image_symmetry_presentation(size)
    return _build(presentation, pixel_permutations(size) if size >= 3 else None)
