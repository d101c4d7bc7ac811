"""The exact character table of a finite group.

:func:`character_table` runs the Dixon--Schneider algorithm of
:mod:`repkit.characters.dixon` (modular eigenvectors of class matrices, exact lifting of the
values as sums of roots of unity; abelian groups use :mod:`repkit.characters.abelian`),
checks the result exactly (:mod:`repkit.characters.verify`) and returns a
:class:`CharacterTable`: irreducible characters with :class:`~repkit.exact.Cyclotomic`
values, degrees, Frobenius--Schur indicators, faithfulness, class sizes, representatives,
element orders and power maps.

Canonical row order: the trivial character first, then by degree, then by the tuple of GAP
strings (``str`` of the values, e.g. ``"-1"``, ``"E(3)^2"``) on the classes in order,
compared lexicographically as Python strings. Columns are the classes of
``G.conjugacy_classes()`` (identity first, classes sorted by their least element).

Examples
--------
>>> from repkit.groups import alternating
>>> T = character_table(alternating(5))
>>> T.degrees, sum(d * d for d in T.degrees)
((1, 3, 3, 4, 5), 60)
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from typing import Any

import flint
import numpy as np

from ..errors import CharacterTableError, IncompatibleGroupError, ResourceLimitError
from ..exact import Cyclotomic, to_exact_scalar
from ..exact.modular import crt
from .abelian import abelian_exponents
from .dixon import ClassData, Progress, _mod_matmul, choose_prime, modular_characters
from .verify import class_values_mod_p, verification_primes, verify_class_blocks
from .classfunction import ClassFunction, Scalar
from .values import ValueTuple

__all__ = ["CharacterTable", "character_table", "MAX_TABLE_ENTRIES"]


@dataclass(frozen=True, eq=False)
class CharacterTable:
    """The exact character table of a finite group (rows aligned with all its attributes).

    Attributes
    ----------
    group : FiniteGroup
        The group.
    class_data : ClassData
        Classes, sizes, element orders and power maps (columns).
    irreducibles : tuple of ClassFunction
        The irreducible characters in canonical order (see the module docstring).
    degrees : tuple of int
        ``chi(1)`` per row (a :class:`~repkit.characters.values.ValueTuple`: also ``==`` to
        the list of its items, like ``indicators``, ``faithful``).
    indicators : tuple of int
        Frobenius--Schur indicators: 1 (real representation), 0 (non-real character),
        -1 (quaternionic).
    faithful : tuple of bool
        Whether ``chi(g) = chi(1)`` only for ``g = 1`` (the representation is faithful).
    eigenvalue_terms : tuple of tuple of tuple of (int, int)
        ``[i][k]``: the pairs ``(s, m_s)`` with ``m_s > 0``, ``m_s`` the multiplicity of the
        eigenvalue ``E(o_k)^s`` of ``g_k`` in the irreducible representation of row ``i``;
        ``chi_i(g_k) = sum_s m_s E(o_k)^s`` (at most ``chi_i(1)`` pairs per class).
    eigenvalue_multiplicities : tuple of tuple of tuple of int
        ``[i][k][s] = m_s`` densely (``o_k`` entries per class; built on first access, memory
        ``O(r sum_k o_k)``).
    prime : int
        The prime of the modular computation (for the record).

    Notes
    -----
    ``T[i]`` is row ``i``; ``len(T)`` the number of rows (= number of classes). ``str(T)`` is
    laid out like GAP's ``Display`` (centralizer orders factored, power maps, ``.`` for 0,
    letters for irrational values with a legend); ``_repr_html_`` renders a table in notebooks.

    Examples
    --------
    >>> from repkit.groups import quaternion
    >>> T = character_table(quaternion())
    >>> T.indicators
    (1, 1, 1, 1, -1)
    """

    group: Any
    class_data: ClassData
    irreducibles: tuple[ClassFunction, ...]
    degrees: tuple[int, ...]
    indicators: tuple[int, ...]
    faithful: tuple[bool, ...]
    eigenvalue_terms: tuple[tuple[tuple[tuple[int, int], ...], ...], ...]
    prime: int

    @cached_property
    def eigenvalue_multiplicities(self) -> tuple[tuple[tuple[int, ...], ...], ...]:
        """``[i][k][s]``: the multiplicity of ``E(o_k)^s`` densely (see the class docstring).

        Examples
        --------
        >>> from repkit.groups import cyclic
        >>> T = character_table(cyclic(3))
        >>> [sum(m) for m in T.eigenvalue_multiplicities[1]]     # a linear character
        [1, 1, 1]
        """
        orders = self.class_data.element_orders
        unit: dict[tuple[int, tuple[tuple[int, int], ...]], tuple[int, ...]] = {}
        rows = []
        for terms_row in self.eigenvalue_terms:
            row = []
            for o, terms in zip(orders, terms_row):
                key = (o, terms)
                if key not in unit:
                    dense = [0] * o
                    for s, m in terms:
                        dense[s] = m
                    unit[key] = tuple(dense)
                row.append(unit[key])
            rows.append(tuple(row))
        return tuple(rows)

    # -- sequence of rows ------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.irreducibles)

    def __getitem__(self, i: int) -> ClassFunction:
        return self.irreducibles[i]

    def __iter__(self) -> Iterator[ClassFunction]:
        return iter(self.irreducibles)

    # -- columns ---------------------------------------------------------------------

    @property
    def nclasses(self) -> int:
        """The number of conjugacy classes (= number of irreducibles)."""
        return self.class_data.nclasses

    @property
    def class_sizes(self) -> tuple[int, ...]:
        """``|C_k|`` per class."""
        return self.class_data.sizes

    @property
    def centralizer_orders(self) -> tuple[int, ...]:
        """``|C_G(g_k)| = |G| / |C_k|`` per class."""
        return tuple(self.class_data.order // h for h in self.class_data.sizes)

    @property
    def class_representatives(self) -> tuple[int, ...]:
        """The least element of each class (group elements)."""
        return self.class_data.representatives

    @cached_property
    def class_words(self) -> tuple[str, ...]:
        """The shortlex normal-form words of the class representatives (GAP style)."""
        return tuple(self.group.word_str(g) for g in self.class_data.representatives)

    @property
    def element_orders(self) -> tuple[int, ...]:
        """The element order of each class."""
        return self.class_data.element_orders

    def power_map(self, m: int) -> tuple[int, ...]:
        """``power_map(m)[k]`` is the class of ``g_k^m``.

        Examples
        --------
        >>> from repkit.groups import cyclic
        >>> T = character_table(cyclic(4))
        >>> T.power_map(2)[T.power_map(2)[1]] == 0      # (g^2)^2 = 1 in Z_4
        True
        """
        return self.class_data.power_map(m)

    @cached_property
    def class_names(self) -> tuple[str, ...]:
        """GAP-style class names: element order and a letter (``1a``, ``2a``, ``2b``, ...)."""
        seen: dict[int, int] = {}
        names = []
        for o in self.element_orders:
            i = seen.get(o, 0)
            seen[o] = i + 1
            letter = chr(ord("a") + i % 26) + (str(i // 26) if i >= 26 else "")
            names.append(f"{o}{letter}")
        return tuple(names)

    @property
    def values(self) -> tuple[tuple[Scalar, ...], ...]:
        """The table as a tuple of rows of exact values."""
        return tuple(chi.values for chi in self.irreducibles)

    # -- derived -------------------------------------------------------------------

    def decompose_character(self, chi: ClassFunction) -> tuple[Scalar, ...]:
        """The inner products ``<chi, chi_i>`` with every irreducible (row order).

        Parameters
        ----------
        chi : ClassFunction
            A class function of the same group.

        Returns
        -------
        tuple
            Non-negative integers when ``chi`` is a character.

        Raises
        ------
        IncompatibleGroupError
            If ``chi`` belongs to another group.

        Examples
        --------
        >>> from repkit.groups import symmetric
        >>> T = character_table(symmetric(3))
        >>> T.decompose_character(T[1] * T[2]) == tuple(int(i == 2) for i in range(3))
        True
        """
        if chi.group is not self.group:
            raise IncompatibleGroupError(
                "chi: expected a class function of the table's group, got one of another group"
            )
        return tuple(chi.inner_product(psi) for psi in self.irreducibles)

    def kernel_classes(self, i: int) -> tuple[int, ...]:
        """The classes on which row ``i`` takes the value ``chi(1)`` (its kernel)."""
        d = self.degrees[i]
        return tuple(k for k, terms in enumerate(self.eigenvalue_terms[i]) if terms == ((0, d),))

    # -- text ----------------------------------------------------------------------

    def _cells(self) -> tuple[list[list[str]], list[str]]:
        letters: dict[Cyclotomic, str] = {}
        legend: list[str] = []
        rows = []
        for chi in self.irreducibles:
            row = []
            for v in chi.values:
                if v == 0:
                    row.append(".")
                elif not isinstance(v, Cyclotomic):
                    row.append(str(v))
                else:
                    if v not in letters:
                        c = v.conjugate()
                        if c in letters and c != v and not letters[c].startswith("/"):
                            letters[v] = "/" + letters[c]
                        else:
                            n = sum(1 for name in letters.values() if not name.startswith("/"))
                            name = chr(ord("A") + n % 26) + (str(n // 26) if n >= 26 else "")
                            letters[v] = name
                            legend.append(f"{name} = {v}")
                    row.append(letters[v])
            rows.append(row)
        return rows, legend

    def __str__(self) -> str:
        order = self.class_data.order
        primes = sorted(int(q) for q, _ in flint.fmpz(order).factor()) if order > 1 else []
        names = self.class_names
        width = max(3, *(len(n) for n in names)) + 1
        rows, legend = self._cells()
        width = max(width, *(len(c) + 1 for row in rows for c in row))
        label = max(len(f"X.{len(rows)}"), 2 + max((len(str(p)) for p in primes), default=1))
        lines = [f"CharacterTable( <group of order {order}> )", ""]
        for p in primes:
            exps = [_valuation(c, p) for c in self.centralizer_orders]
            lines.append(f"{str(p):>{label}}" + "".join(
                f"{(str(e) if e else '.'):>{width}}" for e in exps))
        lines.append("")
        lines.append(" " * label + "".join(f"{n:>{width}}" for n in names))
        for p in primes:
            pm = self.power_map(p)
            lines.append(f"{str(p) + 'P':>{label}}" + "".join(f"{names[k]:>{width}}" for k in pm))
        lines.append("")
        for i, row in enumerate(rows):
            lines.append(f"{'X.' + str(i + 1):<{label}}" + "".join(f"{c:>{width}}" for c in row))
        if legend:
            lines.append("")
            lines.extend(legend)
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (f"CharacterTable(<group of order {self.class_data.order}>, "
                f"degrees={self.degrees})")

    def _repr_html_(self) -> str:
        rows, legend = self._cells()
        head = "".join(f"<th>{html.escape(n)}</th>" for n in self.class_names)
        sizes = "".join(f"<td>{h}</td>" for h in self.class_sizes)
        body = "".join(
            f"<tr><th>&chi;<sub>{i + 1}</sub></th>"
            + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>"
            for i, row in enumerate(rows)
        )
        notes = "".join(f"<br>{html.escape(entry)}" for entry in legend)
        return (f"<table><tr><th></th>{head}</tr><tr><th>|C|</th>{sizes}</tr>{body}</table>"
                f"{notes}")


def _valuation(n: int, p: int) -> int:
    e = 0
    while n % p == 0:
        n //= p
        e += 1
    return e


def _value(o: int, terms: tuple[tuple[int, int], ...]) -> Scalar:
    if o == 1:
        return terms[0][1]
    if o == 2:
        return sum(m if s == 0 else -m for s, m in terms)
    v = Cyclotomic.from_terms(o, dict(terms))
    return int(v.to_fraction()) if v.is_rational else v


def _terms_from_blocks(blocks: tuple[np.ndarray, ...]
                       ) -> list[list[tuple[tuple[int, int], ...]]]:
    """``[i][k]``: the nonzero ``(s, m_s)`` of the dense per-class multiplicity blocks."""
    n = blocks[0].shape[0]
    rows: list[list[tuple[tuple[int, int], ...]]] = [[] for _ in range(n)]
    for block in blocks:
        i_idx, s_idx = np.nonzero(block)
        counts = np.bincount(i_idx, minlength=n).tolist()
        pairs = list(zip(s_idx.tolist(), block[i_idx, s_idx].tolist()))
        start = 0
        for i, c in enumerate(counts):
            rows[i].append(tuple(pairs[start:start + c]))
            start += c
    return rows


def _modular_indicators(data: ClassData, blocks: tuple[np.ndarray, ...],
                        known: tuple[tuple[int, int, np.ndarray], ...] = ()) -> list[int]:
    """Frobenius--Schur indicators ``(1/|G|) sum_k h_k chi(g_k^2)``, decided exactly.

    The sum is fixed by the Galois group (``verify_class_blocks`` checked the rows'
    compatibility), so it is an integer ``N`` with ``|N| <= |G| chi(1)``; it is computed
    modulo primes whose product exceeds ``2 |G| max chi(1)`` and lifted to ``(-P/2, P/2)``.
    """
    degrees = blocks[0][:, 0]
    sizes = np.array(data.sizes, dtype=np.int64)
    squares = list(data.power_map(2))
    residues, moduli = [], []
    cached = {p: values for p, _, values in known}
    for p, z in verification_primes(data.exponent, 2 * data.order * int(degrees.max())):
        values = cached[p] if p in cached else class_values_mod_p(data, blocks, p, z)
        residues.append(_mod_matmul(values[:, squares], sizes[:, None], p)[:, 0])
        moduli.append(p)
    out = []
    for i in range(len(degrees)):
        total, modulus = crt([int(res[i]) for res in residues], moduli)
        if total > modulus // 2:
            total -= modulus
        if total % data.order or total // data.order not in (-1, 0, 1):
            raise CharacterTableError(
                f"exact check: Frobenius-Schur indicator of row {i}: expected -1, 0 or 1, got "
                f"{total} / {data.order}"
            )
        out.append(total // data.order)
    return out


#: Largest ``classes^2`` (entries of the table) `character_table` builds unless given ``max_entries=``.
MAX_TABLE_ENTRIES = 1 << 24


def _refuse_table_size(nclasses: int, max_entries: int) -> None:
    raise ResourceLimitError(
        f"max_entries: the character table has {nclasses} classes, so {nclasses}^2 = {nclasses ** 2} "
        f"entries, more than the bound max_entries={max_entries}; pass a larger max_entries= to "
        "character_table if the memory is there (see docs/limits.md)")


def character_table(group: Any, *, max_order: int = 2_000_000, max_entries: int = MAX_TABLE_ENTRIES,
                    progress: Progress | None = None) -> CharacterTable:
    """The exact character table of a finite group (Dixon--Schneider with exact lifting).

    Parameters
    ----------
    group : FiniteGroup
        The group (every element is enumerated).
    max_order : int, optional
        Refuse groups with more elements (``GroupTooLargeError``). Default two million.
    max_entries : int, optional
        Refuse (``ResourceLimitError``), once the classes are known and before any table work, a
        table of more than this many entries (``classes^2``; default ``MAX_TABLE_ENTRIES`` = 2^24,
        so ``(Z_2)^16`` with its 65536 classes is refused instead of asking for tens of GiB).
    progress : callable, optional
        ``progress(stage, done, total)`` during the computation.

    Returns
    -------
    CharacterTable
        Rows in canonical order: trivial first, then by degree, then by the tuple of GAP
        strings of the values on the classes (Python string order).

    Raises
    ------
    GroupTooLargeError
        If ``group.order > max_order``.
    ResourceLimitError
        If the table would have more than ``max_entries`` entries.
    CharacterTableError
        If the modular computation or the exact check fails (never returns a wrong table).

    Notes
    -----
    Abelian groups take a direct route (:mod:`repkit.characters.abelian`: homomorphisms to
    the roots of unity, filtered by the relators, ``O(|G|^2)``). Otherwise: class matrices
    from the group's multiplication permutations, ``O(min(h_j, r) |G|)`` each;
    splitting over ``F_p`` ``O(r^3)`` per class matrix used (Galois-conjugate classes last);
    exact lifting through power maps ``O(r sum o_k^2)`` over one class per cyclic subgroup;
    the exact check of :mod:`repkit.characters.verify` (Galois compatibility, then the Gram
    matrix modulo primes with a proven bound), ``O(r sum_k o_k + r^3)`` per prime, with no
    product in ``Q(E(e))``. Frobenius--Schur indicators are decided the same way (an integer
    modulo primes). Memory ``O(|G| w + r sum_k o_k)``, ``w`` the right multiplications kept
    at once (at most ``r``).
    J. D. Dixon, Numer. Math. 10 (1967) 446--450; G. J. A. Schneider,
    J. Symb. Comp. 9 (1990) 601--606; Holt--Eick--O'Brien, *Handbook of Computational Group
    Theory* (2005), §7.7.

    Examples
    --------
    >>> from repkit.groups import symmetric
    >>> T = character_table(symmetric(4))
    >>> T.degrees
    (1, 1, 2, 3, 3)
    >>> all(sum(h * chi[k] * psi[k] for k, h in enumerate(T.class_sizes)) == 24 * (chi is psi)
    ...     for chi in T for psi in T)
    True
    """
    if group.order ** 2 > max_entries and group.order <= max_order and group.is_abelian():
        _refuse_table_size(group.order, max_entries)         # abelian: |G| classes, known up front
    data = ClassData.from_group(group, max_order=max_order)
    if data.nclasses * data.nclasses > max_entries:
        _refuse_table_size(data.nclasses, max_entries)
    slots = abelian_exponents(data) if data.nclasses == data.order else None
    if slots is not None:
        degrees_found = [1] * data.order
        prime = choose_prime(data.order, data.exponent)
        terms_rows = [[((s, 1),) for s in row] for row in slots.T.tolist()]
        orders = np.asarray(data.element_orders, dtype=np.int64)
        real = ((2 * slots) % orders[:, None] == 0).all(axis=0).tolist()
        indicator_of = [1 if flag else 0 for flag in real]     # linear: 1 iff chi^2 = 1
    else:
        modular = modular_characters(data, progress=progress)
        known = verify_class_blocks(data, modular.class_blocks)
        degrees_found, prime = list(modular.degrees), modular.prime
        terms_rows = _terms_from_blocks(modular.class_blocks)
        indicator_of = _modular_indicators(data, modular.class_blocks, known)
    if sum(d * d for d in degrees_found) != data.order:
        raise CharacterTableError(
            f"exact check: expected the squared degrees to sum to |G| = {data.order}, got "
            f"{sum(d * d for d in degrees_found)}"
        )
    memo: dict[tuple[int, tuple[tuple[int, int], ...]], tuple[Scalar, str]] = {}
    rows = []
    orders_list = data.element_orders
    for i, (degree, terms_row) in enumerate(zip(degrees_found, terms_rows)):
        cells = []
        for o, terms in zip(orders_list, terms_row):
            key = (o, terms)
            cell = memo.get(key)
            if cell is None:
                value = _value(o, terms)
                cell = memo[key] = (value, str(value))
            cells.append(cell)
        kernel = sum(1 for terms in terms_row if terms == ((0, degree),))
        trivial = degree == 1 and kernel == len(terms_row)
        rows.append(((0 if trivial else 1, degree, tuple(c[1] for c in cells)),
                     tuple(c[0] for c in cells), tuple(terms_row), indicator_of[i], kernel == 1))
    rows.sort(key=lambda item: item[0])
    irreducibles = tuple(ClassFunction._exact(group, values) for _, values, _, _, _ in rows)
    return CharacterTable(
        group=group,
        class_data=data,
        irreducibles=irreducibles,
        degrees=ValueTuple([key[1] for key, _, _, _, _ in rows]),
        indicators=ValueTuple([ind for _, _, _, ind, _ in rows]),
        faithful=ValueTuple([faith for _, _, _, _, faith in rows]),
        eigenvalue_terms=tuple(terms for _, _, terms, _, _ in rows),
        prime=prime,
    )
