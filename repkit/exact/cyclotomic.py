"""Exact cyclotomic numbers: elements of Q(zeta_n), in GAP's canonical form.

An element of the cyclotomic field Q(zeta_n), zeta_n = exp(2 pi i / n), is stored as its
coordinates in the *Zumbroich basis* of Q(zeta_n) (the basis GAP uses), with ``n`` the
smallest conductor of a cyclotomic field that contains the element. Both choices are
canonical, so two equal numbers have identical data: ``==`` is structural and ``hash`` is
consistent with it, and with ``int``/``Fraction`` for rational values. ``str`` prints exactly
as GAP prints cyclotomics (``E(3)^2``, ``-1-E(4)``, ``E(5)+E(5)^4``) and
:meth:`Cyclotomic.from_gap` parses that notation back.

Examples
--------
>>> E(3) + E(3)**2 == -1
True
>>> str(E(8) - E(8)**3)        # the square root of 2
'E(8)-E(8)^3'
>>> (E(8) - E(8)**3) ** 2 == 2
True
"""

from __future__ import annotations

import cmath
import math
import numbers
import re
from collections.abc import Callable, Iterable, Mapping
from fractions import Fraction
from typing import Any, TypeVar

import flint

from ..errors import CyclotomicSyntaxError  # noqa: F401  (defined with the other errors)
from ..errors import FieldMismatchError, RepkitError

__all__ = ["Cyclotomic", "E", "CyclotomicSyntaxError", "zumbroich_basis"]

C = TypeVar("C")


# ----------------------------------------------------------------------------------------
# Field arithmetic on coefficient dictionaries {exponent: coefficient}.  The helpers are
# generic in the coefficient type (flint fmpq for scalars, flint fmpq_mat for matrices).
# ----------------------------------------------------------------------------------------


def _factor(n: int) -> list[tuple[int, int]]:
    """Prime factorisation of ``n >= 1`` as ``[(p, nu), ...]`` with increasing ``p``."""
    out = []
    p = 2
    while p * p <= n:
        if n % p == 0:
            nu = 0
            while n % p == 0:
                n //= p
                nu += 1
            out.append((p, nu))
        p += 1
    if n > 1:
        out.append((n, 1))
    return out


def _scalar_is_zero(c: Any) -> bool:
    return c == 0


def _p_digit_bad(e: int, p: int, nu: int) -> bool:
    """Whether a p-component ``e`` (mod p^nu) is NOT allowed in the Zumbroich basis."""
    for _ in range(nu - 1):
        d = e % p
        if p != 2 and d > (p - 1) // 2:
            d -= p
        e = (e - d) // p
    k1 = e % p
    return k1 != 0 if p == 2 else k1 == 0


def _to_basis(n: int, coeffs: Mapping[int, C], is_zero: Callable[[C], bool]) -> dict[int, C]:
    """Rewrite ``sum coeffs[i] * zeta_n^i`` in the Zumbroich basis of Q(zeta_n).

    For every prime power p^nu || n the relation sum_{j<p} zeta_n^(i + j n/p) = 0 replaces a
    root whose p-component is not allowed by the sum of the others (Breuer, *Integral bases
    for subfields of cyclotomic fields*, AAECC 8 (1997), Sec. 2; GAP manual, ch. 18).
    """
    current: dict[int, C] = {}
    for i, c in coeffs.items():
        i %= n
        current[i] = current[i] + c if i in current else c  # type: ignore[operator]
    for p, nu in _factor(n):
        q = p**nu
        inv = pow(n // q, -1, q)
        step = n // p
        out: dict[int, C] = {}
        for i, c in current.items():
            if not _p_digit_bad((i * inv) % q, p, nu):
                out[i] = out[i] + c if i in out else c  # type: ignore[operator]
                continue
            for j in range(1, 2 if p == 2 else p):
                t = (i + j * step) % n
                out[t] = out[t] - c if t in out else -c  # type: ignore[operator]
        current = out
    return {i: c for i, c in current.items() if not is_zero(c)}


def _reduce(n: int, coeffs: dict[int, C]) -> tuple[int, dict[int, C]]:
    """Lower the conductor of an element given in the Zumbroich basis while possible."""
    while n > 1:
        if not coeffs:
            return 1, {}
        for p, nu in _factor(n):
            if nu >= 2 or p == 2:
                if all(i % p == 0 for i in coeffs):
                    n //= p
                    coeffs = {i // p: c for i, c in coeffs.items()}
                    break
                continue
            if len(coeffs) % (p - 1):
                continue
            m = n // p
            inv = pow(m, -1, p)
            groups: dict[int, dict[int, C]] = {}
            for i, c in coeffs.items():
                e = (i * inv) % p
                groups.setdefault((i - e * m) % n, {})[e] = c
            if all(len(g) == p - 1 and all(v == g[1] for v in g.values()) for g in groups.values()):
                n = m
                coeffs = {r // p: -g[1] for r, g in groups.items()}  # type: ignore[operator]
                break
        else:
            break
    return n, coeffs


def _canonical(n: int, coeffs: Mapping[int, C], is_zero: Callable[[C], bool]) -> tuple[int, dict[int, C]]:
    """Canonical (minimal conductor, Zumbroich coordinates) of ``sum coeffs[i] zeta_n^i``."""
    return _reduce(n, _to_basis(n, coeffs, is_zero))


def zumbroich_basis(n: int) -> tuple[int, ...]:
    """Exponents ``i`` (``0 <= i < n``) with ``zeta_n^i`` in the Zumbroich basis of Q(zeta_n).

    Parameters
    ----------
    n : int
        A positive integer (for ``n = 2 mod 4`` the basis is that of Q(zeta_n) = Q(zeta_{n/2})
        written with ``n``-th roots of unity).

    Returns
    -------
    tuple of int
        ``phi(n)`` exponents in increasing order (``phi`` = Euler's totient).

    Notes
    -----
    The basis is the product over prime powers p^nu || n of the bases of Q(zeta_{p^nu}) built
    level by level: ``{1,...,p-1}`` at the first level of an odd prime, balanced digits
    ``-(p-1)/2..(p-1)/2`` above it, and ``{0, 1}`` for p = 2 above the first level
    (Breuer 1997, Sec. 2; GAP's ``ZumbroichBase(n, 1)``). O(n log n).

    Examples
    --------
    >>> zumbroich_basis(9)
    (2, 3, 4, 5, 6, 7)
    >>> all(len(zumbroich_basis(n)) == sum(math.gcd(n, k) == 1 for k in range(n))
    ...     for n in range(1, 40) if n % 4 != 2)
    True
    """
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise ValueError(f"n: expected a positive integer, got {n!r}")
    factors = _factor(n)
    return tuple(
        i
        for i in range(n)
        if not any(_p_digit_bad((i * pow(n // p**nu, -1, p**nu)) % p**nu, p, nu) for p, nu in factors)
    )


def _fmpq(x: Any) -> flint.fmpq:
    if isinstance(x, flint.fmpq):
        return x
    if isinstance(x, Fraction):
        return flint.fmpq(x.numerator, x.denominator)
    return flint.fmpq(x)


def _rational_of(x: Any) -> flint.fmpq | None:
    """``x`` as fmpq if it is an int/Fraction/fmpq/fmpz (not bool-sensitive), else None."""
    if isinstance(x, (int, flint.fmpz)):
        return flint.fmpq(int(x))
    if isinstance(x, Fraction):
        return flint.fmpq(x.numerator, x.denominator)
    if isinstance(x, flint.fmpq):
        return x
    if isinstance(x, numbers.Integral):  # NumPy integers
        return flint.fmpq(int(x))
    if isinstance(x, numbers.Rational):  # e.g. SymPy rationals
        return flint.fmpq(int(x.numerator), int(x.denominator))
    return None


def _format_rational(q: flint.fmpq) -> str:
    return str(int(q.p)) if q.q == 1 else f"{int(q.p)}/{int(q.q)}"


_TERM = re.compile(
    r"(?P<sign>[+-])?"
    r"(?:(?P<coef>\d+(?:/\d+)?)(?:\*E\((?P<n1>\d+)\)(?:\^(?P<k1>-?\d+))?)?"
    r"|E\((?P<n2>\d+)\)(?:\^(?P<k2>-?\d+))?)"
)


class Cyclotomic:
    """An exact element of a cyclotomic field Q(zeta_n), in canonical form.

    ``Cyclotomic(q)`` makes the rational number ``q``; irrational values come from :func:`E`,
    :meth:`from_terms` and :meth:`from_gap`, and from arithmetic. Instances are immutable and
    hashable; a rational value compares and hashes equal to the ``int``/``Fraction``.

    Parameters
    ----------
    value : int or Fraction or Cyclotomic, optional
        A rational number (default 0) or a cyclotomic number to copy.

    Attributes
    ----------
    conductor : int
        The smallest ``n`` (not 2 mod 4) with the value in Q(zeta_n); 1 for rationals.
    terms : tuple of (int, Fraction)
        Coordinates in the Zumbroich basis of Q(zeta_conductor), exponents increasing.

    Notes
    -----
    Arithmetic works on coordinate dictionaries: sums and products are formed in
    Q(zeta_lcm), rewritten in the Zumbroich basis with the relations
    ``sum_j zeta^(i + j n/p) = 0`` and then the conductor is lowered (GAP manual ch. 18;
    T. Breuer, AAECC 8 (1997) 279-289). A product costs O(phi(n)^2) coefficient operations;
    inversion solves a phi(n) x phi(n) rational system (flint ``fmpq_mat.solve``).

    Examples
    --------
    >>> z = E(5)
    >>> sum(z**k for k in range(5)) == 0
    True
    >>> hash(Cyclotomic(Fraction(1, 2))) == hash(Fraction(1, 2))
    True
    """

    __slots__ = ("_n", "_terms", "_hash")

    _n: int
    _terms: tuple[tuple[int, flint.fmpq], ...]

    def __init__(self, value: int | Fraction | Cyclotomic = 0) -> None:
        if isinstance(value, Cyclotomic):
            n, terms = value._n, value._terms
        else:
            q = _rational_of(value)
            if q is None or isinstance(value, bool):
                from .convert import to_exact_scalar

                converted = to_exact_scalar(value, argument="value")
                n, terms = (converted._n, converted._terms) if isinstance(converted, Cyclotomic) else (
                    1,
                    ((0, _fmpq(converted)),) if converted != 0 else (),
                )
            else:
                n, terms = 1, (((0, q),) if q != 0 else ())
        object.__setattr__(self, "_n", n)
        object.__setattr__(self, "_terms", terms)
        object.__setattr__(self, "_hash", None)

    # -- construction ------------------------------------------------------------------

    @classmethod
    def _from_canonical(cls, n: int, coeffs: Mapping[int, flint.fmpq]) -> Cyclotomic:
        obj = cls.__new__(cls)
        object.__setattr__(obj, "_n", n)
        object.__setattr__(obj, "_terms", tuple(sorted(coeffs.items())))
        object.__setattr__(obj, "_hash", None)
        return obj

    @classmethod
    def _from_dict(cls, n: int, coeffs: Mapping[int, flint.fmpq]) -> Cyclotomic:
        m, reduced = _canonical(n, coeffs, _scalar_is_zero)
        return cls._from_canonical(m, reduced)

    @classmethod
    def from_terms(cls, n: int, terms: Mapping[int, int | Fraction] | Iterable[tuple[int, int | Fraction]]) -> Cyclotomic:
        """The number ``sum c * E(n)^k`` over ``(k, c)`` in ``terms`` (any exponents).

        Parameters
        ----------
        n : int
            A positive integer; the roots are powers of ``E(n)``.
        terms : mapping or iterable of (int, int or Fraction)
            Exponent -> rational coefficient; repeated exponents add up.

        Returns
        -------
        Cyclotomic

        Raises
        ------
        ValueError
            If ``n`` is not a positive integer.
        ExactnessError
            If a coefficient is a float.

        Notes
        -----
        O(len(terms) * p) to rewrite in the Zumbroich basis, p the largest prime of ``n``.

        Examples
        --------
        >>> Cyclotomic.from_terms(4, {0: 1, 2: 1}) == 0        # 1 + i^2
        True
        >>> Cyclotomic.from_terms(12, [(3, 1)]) == E(4)
        True
        """
        if not isinstance(n, int) or isinstance(n, bool) or n < 1:
            raise ValueError(f"n: expected a positive integer, got {n!r}")
        from .convert import to_exact_scalar

        items = terms.items() if isinstance(terms, Mapping) else terms
        coeffs: dict[int, flint.fmpq] = {}
        for k, c in items:
            value = to_exact_scalar(c, argument=f"terms[{k}]")
            if isinstance(value, Cyclotomic):
                raise ValueError(f"terms[{k}]: expected a rational coefficient, got {value}")
            k = int(k) % n
            coeffs[k] = coeffs.get(k, flint.fmpq(0)) + _fmpq(value)
        return cls._from_dict(n, coeffs)

    @classmethod
    def from_gap(cls, text: str) -> Cyclotomic:
        """Parse a cyclotomic number printed by GAP, e.g. ``"-1-E(4)"`` or ``"1/2*E(8)-1/2*E(8)^3"``.

        Parameters
        ----------
        text : str
            A sum of terms ``c``, ``E(n)``, ``E(n)^k``, ``c*E(n)`` or ``c*E(n)^k`` with
            rational ``c`` and optional signs; whitespace and GAP's line continuations
            (backslash-newline) are ignored. Different terms may use different ``n``.

        Returns
        -------
        Cyclotomic

        Raises
        ------
        CyclotomicSyntaxError
            If the text is not of that form; the message shows the column.

        Notes
        -----
        Linear in the length of the text (one regular-expression scan) plus the cost of
        rewriting in the Zumbroich basis.

        Examples
        --------
        >>> Cyclotomic.from_gap("E(5)+E(5)^4") == E(5) + E(5)**4
        True
        >>> Cyclotomic.from_gap("-E(3)^2") == 1 + E(3)
        True
        """
        if not isinstance(text, str):
            raise CyclotomicSyntaxError(f"text: expected a str, got {type(text).__name__}")
        s = re.sub(r"\s+", "", text.replace("\\\n", ""))
        if not s:
            raise CyclotomicSyntaxError("text: expected a GAP cyclotomic, got an empty string")
        result = Cyclotomic(0)
        pos = 0
        while pos < len(s):
            match = _TERM.match(s, pos)
            if match is None or match.end() == pos or (pos > 0 and match.group("sign") is None):
                raise CyclotomicSyntaxError(
                    f"text: cannot parse a GAP cyclotomic at column {pos + 1} of {text!r}: "
                    f"expected a term like 2*E(5)^3, got {s[pos:pos + 12]!r}"
                )
            sign = -1 if match.group("sign") == "-" else 1
            try:
                coef = Fraction(match.group("coef")) if match.group("coef") else Fraction(1)
            except ZeroDivisionError as exc:
                raise CyclotomicSyntaxError(
                    f"text: zero denominator at column {pos + 1} of {text!r}"
                ) from exc
            n = match.group("n1") or match.group("n2")
            k = match.group("k1") or match.group("k2") or "1"
            if n is None:
                result = result + sign * coef
            else:
                if int(n) == 0:
                    raise CyclotomicSyntaxError(f"text: E(0) at column {pos + 1} of {text!r}")
                result = result + sign * coef * E(int(n), int(k))
            pos = match.end()
        return result

    # -- data --------------------------------------------------------------------------

    @property
    def conductor(self) -> int:
        """The smallest ``n`` (never 2 mod 4) with this number in Q(zeta_n); 1 for rationals.

        Examples
        --------
        >>> E(6).conductor, (E(12) ** 3).conductor, (E(5) * E(5) ** 4).conductor
        (3, 4, 1)
        """
        return self._n

    @property
    def terms(self) -> tuple[tuple[int, Fraction], ...]:
        """``(exponent, coefficient)`` pairs in the Zumbroich basis of Q(zeta_conductor).

        Examples
        --------
        >>> E(3).terms == ((1, Fraction(1)),) and (1 + E(3)).terms == ((2, Fraction(-1)),)
        True
        """
        return tuple((k, Fraction(int(c.p), int(c.q))) for k, c in self._terms)

    @property
    def is_rational(self) -> bool:
        """Whether the number is rational (conductor 1).

        Examples
        --------
        >>> (E(8) + E(8) ** 7).is_rational, ((E(8) + E(8) ** 7) ** 2).is_rational
        (False, True)
        """
        return self._n == 1

    def to_fraction(self) -> Fraction:
        """The value as a ``Fraction``; raises ``FieldMismatchError`` if irrational.

        Examples
        --------
        >>> (E(3) + E(3)**2).to_fraction() == -1
        True
        """
        if self._n != 1:
            raise FieldMismatchError(f"self: expected a rational cyclotomic, got {self} in Q(E({self._n}))")
        if not self._terms:
            return Fraction(0)
        c = self._terms[0][1]
        return Fraction(int(c.p), int(c.q))

    def _coeffs_in(self, n: int) -> dict[int, flint.fmpq]:
        """Coefficients of ``self`` as a (not reduced) sum of powers of ``zeta_n`` (n multiple)."""
        f = n // self._n
        return {k * f: c for k, c in self._terms}

    # -- arithmetic --------------------------------------------------------------------

    @staticmethod
    def _coerce(other: Any) -> Cyclotomic | None:
        if isinstance(other, Cyclotomic):
            return other
        q = _rational_of(other)
        if q is None or isinstance(other, bool):
            return None
        return Cyclotomic._from_canonical(1, {0: q} if q != 0 else {})

    def __add__(self, other: Any) -> Cyclotomic:
        o = self._coerce(other)
        if o is None:
            return NotImplemented
        if self._n == 1 and o._n == 1:
            total = (self._terms[0][1] if self._terms else flint.fmpq(0)) + (
                o._terms[0][1] if o._terms else flint.fmpq(0)
            )
            return Cyclotomic._from_canonical(1, {0: total} if total != 0 else {})
        n = math.lcm(self._n, o._n)
        coeffs = self._coeffs_in(n)
        for k, c in o._coeffs_in(n).items():
            coeffs[k] = coeffs[k] + c if k in coeffs else c
        if self._n == o._n:  # both already in the Zumbroich basis of the same field
            m, reduced = _reduce(n, {k: c for k, c in coeffs.items() if c != 0})
            return Cyclotomic._from_canonical(m, reduced)
        return Cyclotomic._from_dict(n, coeffs)

    __radd__ = __add__

    def __neg__(self) -> Cyclotomic:
        return Cyclotomic._from_canonical(self._n, {k: -c for k, c in self._terms})

    def __pos__(self) -> Cyclotomic:
        return self

    def __sub__(self, other: Any) -> Cyclotomic:
        o = self._coerce(other)
        if o is None:
            return NotImplemented
        return self + (-o)

    def __rsub__(self, other: Any) -> Cyclotomic:
        o = self._coerce(other)
        if o is None:
            return NotImplemented
        return o + (-self)

    def __mul__(self, other: Any) -> Cyclotomic:
        o = self._coerce(other)
        if o is None:
            return NotImplemented
        if not self._terms or not o._terms:
            return Cyclotomic(0)
        if o._n == 1:
            c = o._terms[0][1]
            return Cyclotomic._from_canonical(self._n, {k: v * c for k, v in self._terms})
        if self._n == 1:
            return o * self
        n = math.lcm(self._n, o._n)
        a = self._coeffs_in(n)
        b = o._coeffs_in(n)
        out: dict[int, flint.fmpq] = {}
        for i, x in a.items():
            for j, y in b.items():
                k = (i + j) % n
                out[k] = out[k] + x * y if k in out else x * y
        return Cyclotomic._from_dict(n, out)

    __rmul__ = __mul__

    def inverse(self) -> Cyclotomic:
        """The multiplicative inverse; raises ``ZeroDivisionError`` for zero.

        Notes
        -----
        Solves ``self * x = 1`` as a phi(n) x phi(n) rational linear system in the Zumbroich
        basis (flint ``fmpq_mat.solve``), O(phi(n)^3).

        Examples
        --------
        >>> x = 2 + E(7) - 3 * E(7)**3
        >>> x * x.inverse() == 1
        True
        """
        if not self._terms:
            raise ZeroDivisionError("self: cannot invert the cyclotomic number 0")
        n = self._n
        if n == 1:
            return Cyclotomic._from_canonical(1, {0: 1 / self._terms[0][1]})
        basis = zumbroich_basis(n)
        index = {b: r for r, b in enumerate(basis)}
        d = len(basis)
        mat = flint.fmpq_mat(d, d)
        for col, b in enumerate(basis):
            prod = _to_basis(n, {(k + b) % n: c for k, c in self._terms}, _scalar_is_zero)
            for k, c in prod.items():
                mat[index[k], col] = c
        one = _to_basis(n, {0: flint.fmpq(1)}, _scalar_is_zero)
        rhs = flint.fmpq_mat(d, 1)
        for k, c in one.items():
            rhs[index[k], 0] = c
        sol = mat.solve(rhs)
        return Cyclotomic._from_dict(n, {basis[r]: sol[r, 0] for r in range(d) if sol[r, 0] != 0})

    def __truediv__(self, other: Any) -> Cyclotomic:
        o = self._coerce(other)
        if o is None:
            return NotImplemented
        return self * o.inverse()

    def __rtruediv__(self, other: Any) -> Cyclotomic:
        o = self._coerce(other)
        if o is None:
            return NotImplemented
        return o * self.inverse()

    def __pow__(self, k: int) -> Cyclotomic:
        if not isinstance(k, int) or isinstance(k, bool):
            return NotImplemented
        base = self if k >= 0 else self.inverse()
        k = abs(k)
        result = Cyclotomic(1)
        while k:
            if k & 1:
                result = result * base
            k >>= 1
            if k:
                base = base * base
        return result

    # -- automorphisms -----------------------------------------------------------------

    def galois(self, k: int) -> Cyclotomic:
        """The image under the Galois automorphism ``zeta -> zeta^k`` (GAP's ``GaloisCyc``).

        Parameters
        ----------
        k : int
            Coprime to the conductor (any ``k`` coprime to a field containing the number).

        Returns
        -------
        Cyclotomic

        Raises
        ------
        FieldMismatchError
            If ``gcd(k, conductor) != 1`` (then ``zeta -> zeta^k`` is not an automorphism).

        Notes
        -----
        O(phi(n) p) for the basis rewrite (the image of a basis vector is a root of unity).

        Examples
        --------
        >>> x = E(5) + 2 * E(5)**2
        >>> x.galois(2) * x.galois(2) == (x * x).galois(2)
        True
        """
        if not isinstance(k, int) or isinstance(k, bool):
            raise TypeError(f"k: expected an int, got {type(k).__name__}")
        if math.gcd(k, self._n) != 1:
            raise FieldMismatchError(
                f"k: expected an integer coprime to the conductor {self._n} of {self}, got {k}"
            )
        if self._n == 1:
            return self
        return Cyclotomic._from_dict(self._n, {(e * k) % self._n: c for e, c in self._terms})

    def conjugate(self) -> Cyclotomic:
        """The complex conjugate (the Galois automorphism ``zeta -> zeta^-1``).

        Examples
        --------
        >>> (E(4) * E(4).conjugate()) == 1
        True
        """
        return self.galois(-1)

    # -- conversions -------------------------------------------------------------------

    def to_complex(self) -> complex:
        """The value as a Python ``complex`` (rounded; for display and export only).

        Examples
        --------
        >>> abs(E(4).to_complex() - 1j) < 1e-15
        True
        """
        total = 0j
        for k, c in self._terms:
            total += (int(c.p) / int(c.q)) * cmath.exp(2j * math.pi * k / self._n)
        return total

    def __complex__(self) -> complex:
        return self.to_complex()

    def __bool__(self) -> bool:
        return bool(self._terms)

    # -- comparison and display --------------------------------------------------------

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Cyclotomic):
            return self._n == other._n and self._terms == other._terms
        q = _rational_of(other)
        if q is None:
            return NotImplemented
        if self._n != 1:
            return False
        return (self._terms[0][1] if self._terms else 0) == q

    def __hash__(self) -> int:
        h = self._hash
        if h is None:
            if self._n == 1:
                c = self._terms[0][1] if self._terms else flint.fmpq(0)
                h = hash(Fraction(int(c.p), int(c.q)))
            else:
                h = hash((self._n, tuple((k, (int(c.p), int(c.q))) for k, c in self._terms)))
            object.__setattr__(self, "_hash", h)
        return h

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Cyclotomic is immutable; cannot set {name!r}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (Cyclotomic.from_gap, (str(self),))

    def __str__(self) -> str:
        if not self._terms:
            return "0"
        parts = []
        for k, c in self._terms:
            if k == 0:
                text = _format_rational(c)
            else:
                root = f"E({self._n})" if k == 1 else f"E({self._n})^{k}"
                if c == 1:
                    text = root
                elif c == -1:
                    text = "-" + root
                else:
                    text = f"{_format_rational(c)}*{root}"
            if parts and not text.startswith("-"):
                text = "+" + text
            parts.append(text)
        return "".join(parts)

    def __repr__(self) -> str:
        return f"Cyclotomic.from_gap({str(self)!r})"


def E(n: int, k: int = 1) -> Cyclotomic:
    """The root of unity ``exp(2 pi i k / n)`` (GAP's ``E(n)^k``).

    Parameters
    ----------
    n : int
        A positive integer, the order of the root ``E(n)``.
    k : int, optional
        The exponent (any integer), default 1.

    Returns
    -------
    Cyclotomic

    Raises
    ------
    ValueError
        If ``n`` is not a positive integer or ``k`` not an integer.

    Notes
    -----
    O(p) for the largest prime p of ``n`` (rewriting one root in the Zumbroich basis).

    Examples
    --------
    >>> E(3) ** 3 == 1 and E(3) != 1
    True
    >>> str(E(3)), str(E(6)), str(E(4, 3))
    ('E(3)', '-E(3)^2', '-E(4)')
    """
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise ValueError(f"n: expected a positive integer, got {n!r}")
    if not isinstance(k, int) or isinstance(k, bool):
        raise ValueError(f"k: expected an integer exponent, got {k!r}")
    return Cyclotomic._from_dict(n, {k % n: flint.fmpq(1)})
