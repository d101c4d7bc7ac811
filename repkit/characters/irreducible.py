"""Exact matrices for every irreducible representation, from the character table.

For an irreducible character ``chi`` of degree ``d > 1`` choose an abelian subgroup ``H``
and a linear character ``lambda`` of ``H`` with ``<chi|_H, lambda> = 1``
(:func:`~repkit.characters.induction.find_induction`: cyclic subgroups first, whose
multiplicities are the eigenvalue multiplicities the table stores, then abelian subgroups on
two or three commuting generators). By Frobenius
reciprocity ``chi`` occurs exactly once in ``Ind_H^G lambda``; the ``chi``-isotypic part of
the induced module is the irreducible module ``V`` spanned by the translates ``g w`` of
``w = P_chi e_H``. Its matrix coefficients are given by the *spherical function*

    c(u) = <u w, w> ∝ sum_{h in H} lambda(h) chi(h^-1 u),

an exact function on ``G`` computed from the table. For elements ``a_1..a_d`` and
``b_1..b_d`` with ``Gamma = [c(b_j^-1 a_i)]`` invertible, the vectors ``a_i w`` are a basis of
``V`` and the generator ``x`` acts by ``D(x) = (Gamma_x Gamma^-1)^T`` with
``Gamma_x = [c(b_j^-1 x a_i)]``. The elements are chosen modulo the table's prime (fast,
exact decision of invertibility: a minor that is nonzero mod ``p`` is nonzero), the
matrices are exact over ``Q(E(e))``, and the result is checked as a homomorphism (every relator)
with the right character before it is returned.

When ``chi`` has Frobenius--Schur indicator 1 and a real ``lambda`` (``lambda = +-1``) with
``m_s = 1`` exists, ``c`` is real and the matrices are a real form (rational when ``chi`` is
rational). ``irreps(G, real=True)`` insists on this for indicator-1 rows.

References
----------
J.-P. Serre, *Linear Representations of Finite Groups*, §7.2 (Frobenius reciprocity) and §2.6
(isotypic projections); W. Plesken, M. Souvignier, *Constructing rational representations of
finite groups*, Experiment. Math. 5 (1996) (spinning of induced modules);
J. D. Dixon, *Constructing representations of finite groups*, DIMACS 11 (1993) 105--112.

Examples
--------
>>> from repkit.groups import symmetric
>>> reps = irreps(symmetric(4))
>>> [rho.dim for rho in reps]
[1, 1, 2, 3, 3]
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import CharacterTableError
from ..exact import Cyclotomic, Matrix, to_exact_scalar
from ..exact.modular import primitive_root_of_unity_mod, rref_mod_p
from ..reps import Rep
from .classfunction import character
from .induction import Induction, character_mod_p, find_induction
from .table import CharacterTable

__all__ = ["irreps", "irreducible_rep", "table_irrep"]


def _table(group: Any) -> CharacterTable:
    table = group.character_table()
    if not isinstance(table, CharacterTable):
        raise CharacterTableError(
            f"group.character_table(): expected a CharacterTable, got {type(table).__name__}"
        )
    return table


def _class_rows(group: Any, data: Any, induction: Induction) -> np.ndarray:
    """``rows[j, u]`` = the class of ``h_j^-1 u`` for the elements ``h_j`` of ``H``."""
    inverse = np.asarray(group.inverse_array, dtype=np.int64)
    return np.stack([
        data.class_of[np.asarray(group.left_multiply_all(int(inverse[h])), dtype=np.int64)]
        for h in induction.elements
    ]).astype(np.int32)


def _spherical_vectors(table: CharacterTable, i: int, induction: Induction, rows: np.ndarray,
                       points: np.ndarray) -> np.ndarray:
    """Integer vectors with ``c(u) = sum_j vec[j] E(e)^j`` (up to a common factor)."""
    data = table.class_data
    e = data.exponent
    xvec = np.zeros((data.nclasses, e), dtype=np.int64)
    for k, (o, terms) in enumerate(zip(data.element_orders, table.eigenvalue_terms[i])):
        for s, m in terms:
            xvec[k, s * (e // o)] = m
    out = np.zeros((len(points), e), dtype=np.int64)
    for j, shift in enumerate(induction.exponents):
        out += np.roll(xvec, int(shift), axis=1)[rows[j][points]]
    return out


def _spherical_mod_p(table: CharacterTable, i: int, induction: Induction, rows: np.ndarray,
                     p: int, z: int) -> np.ndarray:
    """``c(u) mod p`` for every element ``u`` (up to the same common factor)."""
    chi_p = character_mod_p(table, i, p, z)
    out = np.zeros(rows.shape[1], dtype=np.int64)
    for j, shift in enumerate(induction.exponents):
        out = (out + pow(z, int(shift), p) * chi_p[rows[j]]) % p
    return out


def _to_cyclotomic(vectors: np.ndarray, e: int) -> list[Any]:
    memo: dict[bytes, Any] = {}
    out = []
    for row in vectors:
        key = row.tobytes()
        if key not in memo:
            value = Cyclotomic.from_terms(e, {j: int(c) for j, c in enumerate(row) if c})
            memo[key] = to_exact_scalar(value, argument="spherical value")
        out.append(memo[key])
    return out


def irreducible_rep(table: CharacterTable, i: int, *, real: bool = False) -> Any:
    """Exact matrices of the irreducible representation of row ``i`` of a character table.

    Parameters
    ----------
    table : CharacterTable
        The character table of the group.
    i : int
        The row.
    real : bool, optional
        For a row with Frobenius--Schur indicator 1, insist on a real form (raise
        ``NoSuchRepresentationError`` when this method cannot find one). Rows with indicator 0
        or -1 have no real form and are returned over ``Q(E(n))`` either way.

    Returns
    -------
    Rep
        A representation over ``Q(E(n))`` whose character is ``table[i]``.

    Raises
    ------
    NoSuchRepresentationError
        If the bounded search of :func:`~repkit.characters.induction.find_induction` finds no
        abelian subgroup with a suitable linear character for this row (the message names the
        character).
    CharacterTableError
        If the construction fails its exact checks (never returns wrong matrices).

    Notes
    -----
    Spherical-function construction (module docstring). Cost ``O((K + |H|) |G|)`` integer
    operations to choose ``K >= d`` candidate elements modulo ``p``, ``O(d^2 (1 + ngens) |H|)``
    exact values, one ``d x d`` exact inverse and ``ngens`` products over ``Q(E(e))``, plus the
    relator check. Serre §7.2; Dixon (1993).

    Examples
    --------
    >>> from repkit.groups import quaternion
    >>> T = quaternion().character_table()
    >>> rho = irreducible_rep(T, 4)
    >>> rho.dim, all(rho(c[0]).trace() == T[4][k]
    ...              for k, c in enumerate(rho.group.conjugacy_classes()))
    (2, True)
    """
    group = table.group
    data = table.class_data
    chi = table[i]
    d = table.degrees[i]
    gens = tuple(int(x) for x in group.generator_elements)
    if d == 1:
        images = [Matrix([[chi.values[int(data.class_of[x])]]]) for x in gens]
        return Rep.from_generators(group, dict(zip(group.generators, images)),
                                   name=f"X.{i + 1}")
    induction = find_induction(table, i, real=real)
    class_rows = _class_rows(group, data, induction)
    p = table.prime
    z = int(primitive_root_of_unity_mod(p, data.exponent))
    c_mod = _spherical_mod_p(table, i, induction, class_rows, p, z)
    inverse = np.asarray(group.inverse_array, dtype=np.int64)
    count = min(data.order, 2 * d)
    while True:
        candidates = np.arange(count, dtype=np.int64)
        left_b = [np.asarray(group.left_multiply_all(int(inverse[b])), dtype=np.int64)
                  for b in candidates]
        gram = np.array([c_mod[lb[candidates]] for lb in left_b], dtype=np.int64).T  # [a, b]
        _, cols = rref_mod_p(gram.tolist(), p)
        _, row_pivots = rref_mod_p(gram.T.tolist(), p)
        if len(cols) == d and len(row_pivots) == d:
            break
        if len(cols) > d or count == data.order:
            raise CharacterTableError(
                f"irreducible_rep: row {i}: expected the spherical function to have rank {d}, "
                f"got rank {len(cols)} on {count} elements"
            )
        count = min(data.order, 2 * count)
    a_elems = candidates[list(row_pivots)]
    b_lefts = [left_b[j] for j in cols]
    e = data.exponent

    def gram_matrix(points: np.ndarray) -> Matrix:
        u = np.array([[lb[a] for lb in b_lefts] for a in points], dtype=np.int64)   # b^-1 a
        values = _to_cyclotomic(_spherical_vectors(table, i, induction, class_rows, u.ravel()), e)
        return Matrix([values[r * d:(r + 1) * d] for r in range(d)])

    base_inverse = gram_matrix(a_elems).inverse()
    images = {}
    for name, x in zip(group.generators, gens):
        moved = np.asarray(group.left_multiply_all(x), dtype=np.int64)[a_elems]
        images[name] = (gram_matrix(moved) @ base_inverse).T
    rho = Rep.from_generators(group, images, name=f"X.{i + 1}")
    if character(rho) != chi:
        raise CharacterTableError(
            f"irreducible_rep: row {i}: the constructed matrices have character "
            f"{character(rho)}, expected {chi}"
        )
    return rho


def table_irrep(table: CharacterTable, i: int, *, real: bool = False) -> Any:
    """:func:`irreducible_rep` cached on the table instance (shared by ``irreps`` and ``decompose``).

    Parameters
    ----------
    table : CharacterTable
        The character table (the cache lives on this instance).
    i : int
        The row.
    real : bool, optional
        As in :func:`irreducible_rep`.

    Returns
    -------
    Rep

    Notes
    -----
    The first call per ``(i, real)`` costs one :func:`irreducible_rep`; later calls are
    dictionary look-ups.

    Examples
    --------
    >>> from repkit.groups import dihedral
    >>> T = dihedral(4).character_table()
    >>> table_irrep(T, 4) is table_irrep(T, 4)
    True
    """
    cache = table.__dict__.setdefault("_irrep_cache", {})
    key = (i, bool(real))
    if key not in cache:
        cache[key] = irreducible_rep(table, i, real=real)
    return cache[key]


def irreps(group: Any, *, real: bool = False) -> tuple[Any, ...]:
    """Exact irreducible representations of a finite group, aligned with its character table.

    Parameters
    ----------
    group : FiniteGroup
        The group.
    real : bool, optional
        Insist on real forms for the rows with Frobenius--Schur indicator 1 (see
        :func:`irreducible_rep`).

    Returns
    -------
    tuple of Rep
        ``irreps(G)[i]`` affords ``G.character_table()[i]``.

    Raises
    ------
    NoSuchRepresentationError
        Naming the first character this method cannot construct.

    Notes
    -----
    One :func:`irreducible_rep` per row. Covered: every group in which each irreducible
    character occurs once in ``Ind_H^G lambda`` for an abelian ``H`` on at most three commuting
    generators found by the bounded search -- in particular all abelian, dihedral, dicyclic,
    symmetric and alternating groups tested in ``tests/characters/test_irreps.py`` and direct
    products such as ``Q8 x Q8``. Monomial groups need no more than this in principle
    (Serre §8.5); for the others a row may raise ``NoSuchRepresentationError``.

    Examples
    --------
    >>> from repkit.groups import dihedral
    >>> G = dihedral(5)
    >>> sum(rho.dim ** 2 for rho in irreps(G)) == G.order
    True
    """
    table = _table(group)
    return tuple(table_irrep(table, i, real=real) for i in range(len(table)))
