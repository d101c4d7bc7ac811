"""Decomposition of a representation into irreducibles, with exact projectors and basis change.

``decompose(rho)`` returns a :class:`Decomposition`: the multiplicity of every irreducible of
``rho.group.character_table()`` (from character inner products), the isotypic projectors
``P_chi = (chi(1)/|G|) sum_g conj(chi(g)) rho(g)``, and an exact change of basis ``Q`` with
``Q^-1 rho(g) Q`` block diagonal, the blocks the matrices of ``rho.group.irreps()`` in table
row order, each repeated by its multiplicity (only the irreducibles that occur are built).

The change of basis uses the matrix units of the group algebra: for an irreducible ``D`` of
degree ``d``, ``p_{a1} = sum_g D(g^-1)_{1a} rho(g)`` satisfies
``rho(g) p_{a1} = sum_b D(g)_{ba} p_{b1}``, so for each vector ``v`` of a basis of the image of
``p_{11}`` the columns ``p_{11} v, ..., p_{d1} v`` span a copy of ``D`` in exactly the basis of
``D`` (Serre, *Linear Representations of Finite Groups*, §2.7, Proposition 8).

Neither needs a sum over the group: the projectors are polynomials in the image of one
central element summed over a few small classes, and ``p_{a1} = (|G|/d) sum_t X_t e_a e_1^T
Y_t`` for a basis ``X_t`` of ``Hom_G(D, rho)`` (solved from the generators inside the
isotypic component) and its dual ``Y_t``; the group sums remain as the fallback when they are
cheaper, and both routes give the same ``Q``.

Examples
--------
>>> from repkit.groups import symmetric
>>> from repkit.reps import regular
>>> dec = decompose(regular(symmetric(3)))
>>> dec.multiplicities == tuple(rho.dim for rho in symmetric(3).irreps())
True
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from typing import Any

import numpy as np

from ..errors import CharacterTableError
from ..exact import Cyclotomic, Matrix
from .classfunction import ClassFunction, character
from .irreducible import table_irrep
from .table import CharacterTable
from .values import ValueTuple

__all__ = ["Decomposition", "decompose"]

_MAX_BLOCK_UNKNOWNS = 4096
"""Largest ``d^2 m`` solved per block from the generators; larger blocks use group sums."""

_GROUP_SUM_ENTRIES = 10**8
"""Above ``|G| n^2`` matrix entries the sums over the group are not attempted first."""


def _linear_combination(coeffs: list[Any], mats: list[Matrix], shape: tuple[int, int]) -> Matrix:
    """``sum_g coeffs[g] mats[g]`` with rational matrices grouped by the roots of unity."""
    rational: dict[tuple[int, int], Any] = {}
    total = Matrix.zeros(*shape)
    for c, m in zip(coeffs, mats):
        if c == 0:
            continue
        if isinstance(c, Cyclotomic) and not c.is_rational:
            for k, q in c.terms:
                key = (c.conductor, k)
                rational[key] = rational[key] + m * q if key in rational else m * q
        else:
            total = total + m * c
    for (n, k), m in rational.items():
        total = total + m * Cyclotomic.from_terms(n, {k: 1})
    return total


@dataclass(frozen=True, eq=False)
class Decomposition:
    """The decomposition of a representation into irreducibles (all exact).

    Attributes
    ----------
    rep : Rep
        The decomposed representation.
    table : CharacterTable
        The character table of its group (rows = irreducibles).
    character : ClassFunction
        The character of ``rep``.
    multiplicities : tuple of int
        ``<chi_rep, chi_i>`` for every row ``i`` of ``table`` (a
        :class:`~repkit.characters.values.ValueTuple`, so also ``==`` to the list).

    Notes
    -----
    ``projectors``, ``change_of_basis``, ``inverse_change_of_basis`` and ``blocks`` are computed
    on first access and cached on the instance. Projectors are built per isotypic block:
    nothing for the irreducibles that do not occur, and for the ``s`` that do, ``s (s - 1)``
    exact ``n x n`` products with the image of a separating central element, summed over a
    few small classes only (see :attr:`projectors`; when ``s^2 n > |G| r`` one pass over the
    group, ``O(|G| n)`` for permutation representations, ``O(|G| n^3)`` otherwise, is cheaper
    and is used); the change of basis is
    solved per block from the generators and the projector (``d^2 m`` unknowns for an
    irreducible of degree ``d`` and multiplicity ``m``; see ``_block_columns``) when that is
    the cheaper side, else built from sums over the group, ``O(|G| (n^2 + d n m))`` exact
    operations per irreducible; both give the same ``Q``. Meant for groups up to a few thousand elements. Serre §2.6--2.7.

    Examples
    --------
    >>> from repkit.groups import dihedral
    >>> from repkit.reps import regular
    >>> dec = regular(dihedral(3)).decompose()
    >>> Q, Qi = dec.change_of_basis, dec.inverse_change_of_basis
    >>> (Qi @ Q).is_identity()
    True
    """

    rep: Any
    table: CharacterTable
    character: ClassFunction
    multiplicities: tuple[int, ...]

    @cached_property
    def _class_sums(self) -> list[Matrix]:
        rho = self.rep
        data = self.table.class_data
        n = rho.dim
        if rho.is_permutation():
            perms = np.asarray(rho.permutation_images_all())
            sums = []
            for cls in data.classes:
                acc = np.zeros((n, n), dtype=np.int64)
                rows = perms[list(cls)]
                np.add.at(acc, (rows.ravel(), np.tile(np.arange(n), len(cls))), 1)
                sums.append(Matrix.from_numpy(acc))
            return sums
        images = rho.images_all()
        return [_sum(images[g] for g in cls) for cls in data.classes]

    @cached_property
    def projectors(self) -> tuple[Matrix, ...]:
        """The isotypic projectors ``P_i = (d_i/|G|) sum_k conj(chi_i(g_k)) S_k`` (table order).

        ``S_k`` is the sum of ``rho(g)`` over the class ``k``. ``P_i`` is an idempotent
        commuting with every ``rho(g)``, of rank ``d_i * multiplicities[i]``; the ``P_i`` sum
        to the identity.

        Notes
        -----
        Rows with multiplicity 0 give the zero matrix without any work. For the ``s`` rows
        that occur, a central element ``z = sum_k c_k K_k`` of the group algebra is built from
        the smallest classes until its central characters ``omega_i(z) = sum_k c_k h_k
        chi_i(g_k) / d_i`` separate those rows; ``z`` acts on the isotypic component of row
        ``i`` as ``omega_i(z)``, so ``P_i = prod_{j != i} (Z - omega_j) / (omega_i - omega_j)``
        (Lagrange interpolation, exact) with ``Z = rho(z)``. Cost: the members of the classes
        used (``sum h_k`` images, not ``|G|``) and ``s (s - 1)`` exact ``n x n`` products.
        When ``s^2 n`` exceeds ``|G| r`` the class sums over the whole group are cheaper and
        are used instead (Serre §2.6, Theorem 8).
        """
        table = self.table
        data = table.class_data
        n = self.rep.dim
        present = [i for i, m in enumerate(self.multiplicities) if m]
        if len(present) ** 2 * n > data.order * data.nclasses:
            return self._projectors_from_class_sums()
        zero = Matrix.zeros(n, n)
        if len(present) == 1:
            return tuple(Matrix.identity(n) if i in present else zero
                         for i in range(len(table)))
        central, omegas = self._separating_element(present)
        ident = Matrix.identity(n)
        out: dict[int, Matrix] = {}
        for i in present:
            acc = ident
            for j in present:
                if j != i:
                    acc = (acc @ (central - ident * omegas[j])) * _inverse(omegas[i] - omegas[j])
            out[i] = acc
        return tuple(out.get(i, zero) for i in range(len(table)))

    def _separating_element(self, present: list[int]) -> tuple[Matrix, dict[int, Any]]:
        """``(rho(z), {i: omega_i(z)})`` for a central ``z`` separating the ``present`` rows."""
        table = self.table
        data = table.class_data
        chars = [table.irreducibles[i].values for i in present]
        omega_k = {k: [Fraction(data.sizes[k], table.degrees[i]) * chars[t][k]
                       for t, i in enumerate(present)] for k in range(1, data.nclasses)}
        rational = sorted((k for k, vals in omega_k.items()
                           if all(not isinstance(v, Cyclotomic) or v.is_rational for v in vals)),
                          key=lambda k: (data.sizes[k], k))
        others = sorted((k for k in omega_k if k not in rational),
                        key=lambda k: (data.sizes[k], k))
        values = [0] * len(present)
        used: list[tuple[int, int]] = []
        for k in rational + others:
            if len(set(map(_key, values))) == len(present):
                break
            for c in range(1, len(present) + 1):      # some c avoids every new coincidence
                trial = [v + c * w for v, w in zip(values, omega_k[k])]
                if len(set(map(_key, trial))) > len(set(map(_key, values))):
                    values = trial
                    used.append((k, c))
                    break
        if len(set(map(_key, values))) != len(present):
            raise CharacterTableError(
                f"decompose: expected the central characters to separate the {len(present)} "
                f"irreducibles that occur, got coincidences after all {data.nclasses} classes"
            )
        n = self.rep.dim
        central = Matrix.zeros(n, n)
        for k, c in used:
            central = central + self._class_sum(k) * c
        return central, {i: _field(v) for i, v in zip(present, values)}

    def _class_sum(self, k: int) -> Matrix:
        """``S_k = sum_{g in C_k} rho(g)`` from the members of the class only."""
        rho = self.rep
        members = self.table.class_data.classes[k]
        n = rho.dim
        if rho.is_permutation():
            acc = np.zeros((n, n), dtype=np.int64)
            cols = np.arange(n)
            for g in members:
                acc[np.asarray(rho.permutation(g), dtype=np.int64), cols] += 1
            return Matrix.from_numpy(acc)
        return _sum(rho(g) for g in members)

    def _projectors_from_class_sums(self) -> tuple[Matrix, ...]:
        order = self.table.class_data.order
        out = []
        for chi, d, m in zip(self.table.irreducibles, self.table.degrees, self.multiplicities):
            if m == 0:
                out.append(Matrix.zeros(self.rep.dim, self.rep.dim))
                continue
            coeffs = [Fraction(d, order) * v.conjugate() for v in chi.values]
            out.append(_linear_combination(coeffs, self._class_sums, (self.rep.dim,) * 2))
        return tuple(out)

    @cached_property
    def _basis(self) -> tuple[Matrix, Matrix]:
        unknowns = [self.table.degrees[i] ** 2 * m for i, m in enumerate(self.multiplicities) if m]
        n, order = self.rep.dim, self.table.class_data.order
        group_sums = order * n * n
        if max(unknowns) <= _MAX_BLOCK_UNKNOWNS and (
                sum(u * u for u in unknowns) * 4 <= group_sums or group_sums > _GROUP_SUM_ENTRIES):
            return self._basis_from_blocks()
        return self._basis_from_group_sums()

    def _basis_from_blocks(self) -> tuple[Matrix, Matrix]:
        columns: list[Matrix] = []
        for i, m in enumerate(self.multiplicities):
            if m:
                columns.extend(self._block_columns(i, m))
        q = _hstack(columns, self.rep.dim)
        return q, q.inverse()

    def _block_columns(self, i: int, m: int) -> list[Matrix]:
        """The columns of ``Q`` for row ``i`` from the generators and the projector only.

        With a basis ``B`` of the isotypic component (columns of ``P_i``), the intertwiners
        ``X = B Z`` of ``Hom_G(D, rho)`` solve ``R_s Z = Z D(s)`` for the generators ``s``
        (``R_s`` the action on the component; ``d^2 m`` unknowns); the dual maps ``Y_t`` with
        ``Y_t X_u = delta_tu`` come from inverting ``[Z_1 .. Z_m]``. Then the matrix units are
        ``p_a1 = sum_g D(g^-1)_1a rho(g) = (|G|/d) sum_t X_t e_a e_1^T Y_t`` (Schur
        orthogonality, Serre §2.2 Corollary 3), and the columns are built from them exactly as
        the group sum would (same ``Q``)."""
        rho = self.rep
        n = rho.dim
        d = self.table.degrees[i]
        irrep = table_irrep(self.table, i)
        projector = self.projectors[i]
        _, cols = projector.rref()
        basis = _columns(projector, cols)                   # n x dm
        _, rows = basis.transpose().rref()
        inverse_sub = _rows(basis, rows).inverse()          # left inverse on the pivot rows
        k = d * m
        eye_d, eye_k = Matrix.identity(d), Matrix.identity(k)
        system = Matrix.vstack(*[
            eye_d.kron(inverse_sub @ _rows(image @ basis, rows))
            - dimage.transpose().kron(eye_k)
            for image, dimage in zip(rho.images, irrep.images)
        ])
        kernel = system.nullspace()                         # rows: vec(Z_t), column-major
        if kernel.nrows != m:
            raise CharacterTableError(
                f"decompose: irreducible {i}: expected a {m}-dimensional space of "
                f"intertwiners, got {kernel.nrows}"
            )
        zs = [Matrix([[kernel[t, c * k + r] for c in range(d)] for r in range(k)])
              for t in range(m)]
        duals = Matrix.hstack(*zs).inverse() @ inverse_sub @ _rows(projector, rows)   # k x n
        xs = [basis @ z for z in zs]
        scale = Fraction(self.table.class_data.order, d)
        y1 = Matrix.vstack(*[duals[t * d:t * d + 1, :] for t in range(m)])       # m x n
        units = [Matrix.hstack(*[x[:, a:a + 1] for x in xs]) @ y1 * scale for a in range(d)]
        _, pivots = units[0].rref()
        if len(pivots) != m:
            raise CharacterTableError(
                f"decompose: irreducible {i}: expected the matrix unit p_11 to have rank "
                f"{m}, got {len(pivots)}"
            )
        first = _columns(units[0], pivots)
        blocks = [unit @ first for unit in units]
        return [_columns(blocks[a], [t]) for t in range(m) for a in range(d)]

    def _basis_from_group_sums(self) -> tuple[Matrix, Matrix]:
        rho = self.rep
        group = rho.group
        n = rho.dim
        inverse = np.asarray(group.inverse_array)
        images = rho.images_all()
        columns: list[Matrix] = []
        for i, m in enumerate(self.multiplicities):
            if m == 0:
                continue
            d = self.table.degrees[i]
            dimages = table_irrep(self.table, i).images_all()
            coeff = [[dimages[int(inverse[g])][0, a] for g in group.elements] for a in range(d)]
            p11 = _linear_combination(coeff[0], list(images), (n, n))
            _, pivots = p11.rref()
            if len(pivots) != m:
                raise CharacterTableError(
                    f"decompose: irreducible {i}: expected the matrix unit p_11 to have rank "
                    f"{m}, got {len(pivots)}"
                )
            basis = _columns(p11, pivots)
            moved = [img @ basis for img in images]
            blocks = [_linear_combination(coeff[a], moved, (n, m)) for a in range(d)]
            for t in range(m):
                for a in range(d):
                    columns.append(_columns(blocks[a], [t]))
        q = _hstack(columns, n)
        return q, q.inverse()

    @property
    def change_of_basis(self) -> Matrix:
        """``Q`` with ``Q^-1 rho(g) Q`` block diagonal (blocks: :attr:`blocks` in order)."""
        return self._basis[0]

    @property
    def inverse_change_of_basis(self) -> Matrix:
        """``Q^-1``."""
        return self._basis[1]

    @cached_property
    def blocks(self) -> tuple[tuple[int, Any], ...]:
        """``(row, irrep)`` for each diagonal block of ``Q^-1 rho Q``, in order."""
        return tuple((i, table_irrep(self.table, i)) for i, m in enumerate(self.multiplicities)
                     for _ in range(m))

    def __str__(self) -> str:
        parts = [f"{m}*X.{i + 1}" if m > 1 else f"X.{i + 1}"
                 for i, m in enumerate(self.multiplicities) if m]
        return " + ".join(parts) if parts else "0"


def _key(x: Any) -> Any:
    """A hashable exact key for an int, Fraction or Cyclotomic (rationals collapse)."""
    if isinstance(x, Cyclotomic) and x.is_rational:
        return x.to_fraction()
    return x


def _field(x: Any) -> Any:
    """``x`` as an int/Fraction when rational, else the Cyclotomic."""
    if isinstance(x, Cyclotomic):
        return x.to_fraction() if x.is_rational else x
    return x


def _inverse(x: Any) -> Any:
    """``1 / x`` exactly (``x`` a nonzero int, Fraction or Cyclotomic)."""
    x = _field(x)
    return 1 / x if isinstance(x, Cyclotomic) else Fraction(1) / x


def _sum(mats: Any) -> Matrix:
    total = None
    for m in mats:
        total = m if total is None else total + m
    if total is None:
        raise CharacterTableError("decompose: empty conjugacy class")
    return total


def _rows(m: Matrix, rows: Any) -> Matrix:
    return Matrix([[m[r, c] for c in range(m.ncols)] for r in rows])


def _columns(m: Matrix, cols: Any) -> Matrix:
    return Matrix([[m[r, c] for c in cols] for r in range(m.nrows)])


def _hstack(columns: list[Matrix], n: int) -> Matrix:
    return Matrix([[col[r, 0] for col in columns] for r in range(n)])


def decompose(rho: Any) -> Decomposition:
    """Decompose a representation into irreducibles (multiplicities, projectors, basis change).

    Parameters
    ----------
    rho : Rep
        A representation of a finite group.

    Returns
    -------
    Decomposition
        ``multiplicities`` aligned with ``rho.group.character_table()``; projectors and the
        exact change of basis on demand.

    Raises
    ------
    CharacterTableError
        If a multiplicity is not a non-negative integer (impossible for a representation).

    Notes
    -----
    Multiplicities cost one trace per class and ``O(r^2)`` exact operations (Serre §2.3,
    Theorem 4). See :class:`Decomposition` for the cost of projectors and change of basis.

    Examples
    --------
    >>> from repkit.groups import alternating
    >>> from repkit.reps import regular
    >>> G = alternating(4)
    >>> decompose(regular(G)).multiplicities == G.character_table().degrees
    True
    """
    table = rho.group.character_table()
    chi = character(rho)
    mults = []
    for i, psi in enumerate(table.irreducibles):
        value = chi.inner_product(psi)
        if not isinstance(value, int) or value < 0:
            raise CharacterTableError(
                f"rho: expected non-negative integer multiplicities, got <chi_rho, X.{i + 1}> = "
                f"{value}"
            )
        mults.append(value)
    return Decomposition(rep=rho, table=table, character=chi, multiplicities=ValueTuple(mults))
