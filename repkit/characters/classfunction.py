"""Class functions of a finite group: characters, inner products, pointwise algebra.

A class function is a function on a group that is constant on conjugacy classes. repkit stores
it as the tuple of its exact values on the classes of ``G.conjugacy_classes()`` (in that order;
the identity class first). Values are ``int``, ``Fraction`` or
:class:`~repkit.exact.Cyclotomic` numbers.

Examples
--------
>>> from repkit.groups import symmetric
>>> from repkit.reps import regular
>>> G = symmetric(3)
>>> chi = character(regular(G))
>>> chi.degree, inner_product(chi, chi)
(6, 6)
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from ..errors import IncompatibleGroupError, ShapeError
from ..exact import Cyclotomic, to_exact_scalar

__all__ = ["ClassFunction", "character", "inner_product", "Scalar"]

Scalar = int | Fraction | Cyclotomic
"""An exact value of a class function."""


_SCALAR_TYPES = (int, Fraction, Cyclotomic, float, complex, np.integer, np.floating)


def _simplify(x: Any, argument: str) -> Scalar:
    return to_exact_scalar(x, argument=argument)


@dataclass(frozen=True, eq=False)
class ClassFunction:
    """An exact class function of a finite group, given by its values on the conjugacy classes.

    Parameters
    ----------
    group : FiniteGroup
        The group; ``values[k]`` is the value on ``group.conjugacy_classes()[k]``.
    values : sequence of int, Fraction or Cyclotomic
        One exact value per class (floats are rejected with ``ExactnessError``).

    Attributes
    ----------
    group : FiniteGroup
    values : tuple of (int or Fraction or Cyclotomic)
        Rational values are stored as ``int``/``Fraction``.

    Raises
    ------
    ShapeError
        If the number of values is not the number of classes.
    ExactnessError
        If a value is a float or not a number.

    Notes
    -----
    ``+``, ``-``, ``*`` act pointwise (``*`` with a scalar scales), ``/`` divides by a scalar;
    ``chi(g)`` evaluates at an element. Two class functions are equal when they belong to the
    same group object and have equal values. Pointwise operations cost ``O(r)`` exact
    operations, ``r`` the number of classes; ``inner_product`` is
    ``(1/|G|) sum_k |C_k| chi(g_k) conj(psi(g_k))`` (Isaacs, *Character Theory of Finite
    Groups*, ch. 2).

    Examples
    --------
    >>> from repkit.groups import cyclic
    >>> G = cyclic(3)
    >>> one = ClassFunction(G, [1, 1, 1])
    >>> (one * one) == one and (one + one).inner_product(one) == 2
    True
    """

    group: Any
    values: tuple[Scalar, ...]

    def __post_init__(self) -> None:
        nclasses = len(self.group.conjugacy_classes())
        values = tuple(self.values)
        if len(values) != nclasses:
            raise ShapeError(
                f"values: expected one value per conjugacy class ({nclasses} classes), "
                f"got {len(values)} values"
            )
        object.__setattr__(self, "values",
                           tuple(_simplify(v, f"values[{k}]") for k, v in enumerate(values)))

    @classmethod
    def _exact(cls, group: Any, values: tuple[Scalar, ...]) -> ClassFunction:
        """Build without conversion from values already in canonical exact form (internal)."""
        obj = cls.__new__(cls)
        object.__setattr__(obj, "group", group)
        object.__setattr__(obj, "values", values)
        return obj

    # -- basic data -------------------------------------------------------------------

    @property
    def degree(self) -> Scalar:
        """The value at the identity (the degree, for a character)."""
        return self.values[0]

    def __len__(self) -> int:
        return len(self.values)

    def __getitem__(self, k: int) -> Scalar:
        return self.values[k]

    def __iter__(self) -> Iterator[Scalar]:
        return iter(self.values)

    def __call__(self, g: Any) -> Scalar:
        """The value at an element (int, word or text accepted by ``group.element``)."""
        element = g if isinstance(g, int) else self.group.element(g)
        return self.values[int(self.group.class_of[element])]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ClassFunction):
            return NotImplemented
        return self.group is other.group and self.values == other.values

    def __hash__(self) -> int:
        return hash((id(self.group), self.values))

    # -- algebra ----------------------------------------------------------------------

    def _check(self, other: ClassFunction, op: str) -> None:
        if other.group is not self.group:
            raise IncompatibleGroupError(
                f"other: expected a class function of the same group for {op}, got one of "
                f"a different group (order {other.group.order} vs {self.group.order})"
            )

    def _map(self, values: Sequence[Any]) -> ClassFunction:
        return ClassFunction(self.group, tuple(values))

    def __add__(self, other: Any) -> ClassFunction:
        if not isinstance(other, ClassFunction):
            return NotImplemented
        self._check(other, "+")
        return self._map([a + b for a, b in zip(self.values, other.values)])

    def __sub__(self, other: Any) -> ClassFunction:
        if not isinstance(other, ClassFunction):
            return NotImplemented
        self._check(other, "-")
        return self._map([a - b for a, b in zip(self.values, other.values)])

    def __neg__(self) -> ClassFunction:
        return self._map([-a for a in self.values])

    def __mul__(self, other: Any) -> ClassFunction:
        if isinstance(other, ClassFunction):
            self._check(other, "*")
            return self._map([a * b for a, b in zip(self.values, other.values)])
        if not isinstance(other, _SCALAR_TYPES):
            return NotImplemented
        scalar = to_exact_scalar(other, argument="other")     # floats raise ExactnessError
        return self._map([scalar * a for a in self.values])

    __rmul__ = __mul__

    def __truediv__(self, other: Any) -> ClassFunction:
        if not isinstance(other, _SCALAR_TYPES):
            return NotImplemented
        scalar = to_exact_scalar(other, argument="other")
        if scalar == 0:
            raise ZeroDivisionError("other: expected a nonzero scalar divisor, got 0")
        inverse = Fraction(1, 1) / scalar if not isinstance(scalar, Cyclotomic) else 1 / scalar
        return self._map([a * inverse for a in self.values])

    def conjugate(self) -> ClassFunction:
        """The complex conjugate class function (the character of the dual representation).

        Examples
        --------
        >>> from repkit.groups import cyclic
        >>> from repkit.exact import E
        >>> chi = ClassFunction(cyclic(3), [1, E(3), E(3)**2])
        >>> chi.conjugate() * chi == ClassFunction(chi.group, [1, 1, 1])
        True
        """
        return self._map([a.conjugate() for a in self.values])

    def galois(self, k: int) -> ClassFunction:
        """Apply the Galois automorphism ``E(n) -> E(n)^k`` to every value."""
        return self._map([a.galois(k) if isinstance(a, Cyclotomic) else a for a in self.values])

    def inner_product(self, other: ClassFunction) -> Scalar:
        """The inner product ``<self, other> = (1/|G|) sum_g self(g) conj(other(g))``.

        Parameters
        ----------
        other : ClassFunction
            A class function of the same group.

        Returns
        -------
        int or Fraction or Cyclotomic
            For two characters, a non-negative integer.

        Raises
        ------
        IncompatibleGroupError
            If ``other`` belongs to another group.

        Notes
        -----
        ``O(r)`` exact operations, using the class sizes.

        Examples
        --------
        >>> from repkit.groups import symmetric
        >>> T = symmetric(4).character_table()
        >>> all(T[i].inner_product(T[j]) == (i == j) for i in range(5) for j in range(5))
        True
        """
        self._check(other, "inner_product")
        sizes = [len(c) for c in self.group.conjugacy_classes()]
        total: Any = 0
        for h, a, b in zip(sizes, self.values, other.values):
            if a == 0 or b == 0:
                continue
            total = total + h * a * b.conjugate()
        return _simplify(Fraction(1, int(self.group.order)) * total, "inner product")

    def power(self, m: int) -> ClassFunction:
        """The class function ``g -> self(g^m)`` (the Adams operation ``psi^m`` on characters).

        Parameters
        ----------
        m : int
            The exponent (any integer).

        Returns
        -------
        ClassFunction

        Notes
        -----
        One power per class representative, ``O(r log m)`` group operations (the power map;
        Isaacs, *Character Theory of Finite Groups*, ch. 4).

        Examples
        --------
        >>> from repkit.groups import symmetric
        >>> T = symmetric(3).character_table()       # rows: trivial, sign, degree 2
        >>> chi = T[2]
        >>> T.decompose_character((chi * chi + chi.power(2)) / 2)     # Sym^2 = trivial + chi
        (1, 0, 1)
        >>> chi.power(1) == chi and chi.power(6).values == (2, 2, 2)      # g^6 = 1 in S3
        True
        """
        group = self.group
        reps = [c[0] for c in group.conjugacy_classes()]
        return self._map([self.values[int(group.class_of[group.pow(g, m)])] for g in reps])

    def indicator(self) -> Scalar:
        """The Frobenius--Schur indicator ``(1/|G|) sum_g self(g^2)``.

        For an irreducible character: 1 (a real representation), 0 (the character is not real)
        or -1 (quaternionic) (Isaacs, Theorem 4.5).

        Examples
        --------
        >>> from repkit.groups import quaternion
        >>> T = quaternion().character_table()
        >>> [chi.indicator() for chi in T] == list(T.indicators)
        True
        """
        sizes = [len(c) for c in self.group.conjugacy_classes()]
        squares = self.power(2)
        total: Any = sum((h * v for h, v in zip(sizes, squares.values)), 0)
        return _simplify(Fraction(1, int(self.group.order)) * total, "indicator")

    def norm(self) -> Scalar:
        """``<self, self>``; 1 exactly for an irreducible character."""
        return self.inner_product(self)

    def is_irreducible(self) -> bool:
        """Whether this is an irreducible character (degree > 0 and norm 1; for characters).

        Examples
        --------
        >>> from repkit.groups import cyclic
        >>> ClassFunction(cyclic(2), [1, -1]).is_irreducible()
        True
        """
        return self.norm() == 1 and self.degree != 0 and _is_positive_integer(self.degree)

    # -- text -------------------------------------------------------------------------

    def __str__(self) -> str:
        return "[ " + ", ".join(str(v) for v in self.values) + " ]"

    def __repr__(self) -> str:
        return f"ClassFunction(<group of order {self.group.order}>, {str(self)})"


def _is_positive_integer(x: Scalar) -> bool:
    return isinstance(x, int) and x > 0


def inner_product(chi: ClassFunction, psi: ClassFunction) -> Scalar:
    """The inner product of class functions ``(1/|G|) sum_k |C_k| chi(g_k) conj(psi(g_k))``.

    Parameters
    ----------
    chi, psi : ClassFunction
        Class functions of the same group.

    Returns
    -------
    int or Fraction or Cyclotomic

    Raises
    ------
    IncompatibleGroupError
        If the groups differ.

    Notes
    -----
    ``O(r)`` exact operations. For characters of representations ``V``, ``W`` it is
    ``dim Hom_G(V, W)`` (Serre, *Linear Representations of Finite Groups*, §2.3).

    Examples
    --------
    >>> from repkit.groups import dihedral
    >>> from repkit.reps import regular, trivial
    >>> G = dihedral(4)
    >>> inner_product(character(regular(G)), character(trivial(G)))
    1
    """
    return chi.inner_product(psi)


def character(rho: Any) -> ClassFunction:
    """The character of a representation: the trace of ``rho(g_k)`` on each class.

    Parameters
    ----------
    rho : Rep
        A representation of a finite group.

    Returns
    -------
    ClassFunction
        Exact values (traces of exact matrices).

    Notes
    -----
    One matrix image and trace per conjugacy class: ``O(r L n^3)`` for class representatives
    with words of length ``L`` and ``n = rho.dim`` (exactly; Serre §2.1). A permutation
    representation counts fixed points instead, ``O(r L n)``.

    Examples
    --------
    >>> from repkit.groups import cyclic
    >>> from repkit.reps import regular
    >>> chi = character(regular(cyclic(5)))
    >>> chi.values == (5, 0, 0, 0, 0)
    True
    """
    group = rho.group
    reps = [c[0] for c in group.conjugacy_classes()]
    if rho.is_permutation():
        values = []
        for g in reps:
            perm = np.asarray(rho.permutation(g))
            values.append(int(np.count_nonzero(perm == np.arange(perm.size))))
        return ClassFunction(group, tuple(values))
    return ClassFunction(group, tuple(rho(g).trace() for g in reps))
