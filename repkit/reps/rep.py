"""The :class:`Rep` value type: a group and exact images of its generators.

A representation ``rho: G -> GL(V)`` is determined by the images of the generators of ``G``;
:class:`Rep` stores exactly those (as :class:`~repkit.exact.Matrix` objects, or -- for
permutation representations -- as 0-based image lists in NumPy arrays, materializing matrices
only on request) and checks, when built from user data, that they define a homomorphism.

Conventions: a permutation ``p`` sends ``e_i`` to ``e_{p[i]}``; groups act on the left,
``rho(g h) = rho(g) rho(h)``; words are read left to right as products.

Examples
--------
>>> import repkit as rk
>>> from repkit.exact import Matrix
>>> G = rk.Group.from_presentation("<r, f | r^4, f^2, (r f)^2>")
>>> rho = rk.Rep.from_generators(G, {"r": Matrix([[0, -1], [1, 0]]), "f": Matrix([[1, 0], [0, -1]])})
>>> rho("r f r") == rho("r") @ rho("f") @ rho("r")
True
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from math import lcm
from typing import TYPE_CHECKING, Any

import numpy as np

from .._delegation import delegate
from ..errors import (
    GroupTooLargeError,
    NoSuchRepresentationError,
    NotAHomomorphismError,
    ShapeError,
    SingularMatrixError,
)
from ..exact import Matrix
from ..groups.group import FiniteGroup
from ..groups.words import format_word
from . import _perm, _verify
from ._util import (
    MissingImageError,
    as_matrix,
    element_word,
    field_text,
    monomial_pattern,
    named_images,
    require_group,
    short_matrix,
    tree_propagate,
)

if TYPE_CHECKING:
    from ..groups.subgroup import Subgroup
    from .kernel import Faithfulness

__all__ = ["Rep", "MissingImageError", "DEFAULT_MAX_ENTRIES", "MAX_PERMUTATION_MATRIX_ENTRIES"]

DEFAULT_MAX_ENTRIES = 10**8
"""Default bound on the number of matrix entries :meth:`Rep.images_all` may build."""

MAX_PERMUTATION_MATRIX_ENTRIES = 10**7
"""Largest ``dim^2`` for which a permutation representation materializes a matrix (about
160 MB as a flint ``fmpq_mat``); beyond it, use the image lists (:meth:`Rep.permutation`)."""


def _require_invertible(name: str, m: Matrix) -> None:
    """Raise SingularMatrixError naming the generator if ``m`` is singular."""
    singular = m[0, 0] == 0 if m.nrows == 1 else m.rank() < m.nrows
    if singular:
        raise SingularMatrixError(
            f"images[{name!r}]: expected an invertible matrix (a representation maps into GL), "
            f"got a singular one of rank {m.rank()}: {short_matrix(m)}")


@dataclass(frozen=True, eq=False, repr=False)
class Rep:
    """A finite-dimensional linear representation ``rho: G -> GL(dim)``, given exactly.

    Build one with :meth:`from_generators` (any exact matrices, checked) or a constructor such
    as :func:`~repkit.reps.constructors.regular` -- not with the dataclass constructor, whose
    private fields are not validated.

    Attributes
    ----------
    group : FiniteGroup
        The group represented.
    dim : int
        The dimension of the representation space.
    name : str or None
        A label used by ``str`` (``"reg"``, ``"V + W"``, ...); not part of equality.

    Notes
    -----
    A permutation representation keeps its generator images as NumPy image lists; every
    operation that can (direct sum, tensor product, induction, restriction, kernel) stays on
    image lists, so ``regular(G)`` for ``|G| = 10^5`` costs ``O(|G| * ngens)`` integers and
    never a ``|G| x |G|`` matrix unless one is asked for (:attr:`images`, ``rho(g)``).

    Equality is mathematical: equal groups (same generators and defining data) and the same
    generator images; ``name`` is ignored.

    Examples
    --------
    >>> import repkit as rk
    >>> G = rk.Group.from_presentation("<a | a^3>")
    >>> rho = rk.permutation_rep(G, {"a": [1, 2, 0]})
    >>> rho.dim, rho.is_permutation(), rho("a a a").is_identity()
    (3, True, True)
    >>> rho == rk.Rep.from_generators(G, {"a": rho.images[0]})
    True
    """

    group: FiniteGroup
    dim: int
    name: str | None = None
    _matrices: tuple[Matrix, ...] | None = field(default=None, repr=False)
    _perms: tuple[np.ndarray, ...] | None = field(default=None, repr=False)
    _components: tuple[tuple[Rep, int], ...] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self._matrices is None and self._perms is None and not self._components:
            raise ShapeError(
                "Rep: expected generator images; build representations with "
                "Rep.from_generators(group, images) or a constructor such as regular(group)")

    # ------------------------------------------------------------------ construction
    @classmethod
    def _trusted(cls, group: FiniteGroup, *, matrices: Sequence[Matrix] | None = None,
                 perms: Sequence[np.ndarray] | None = None, dim: int | None = None,
                 name: str | None = None,
                 components: Sequence[tuple[Rep, int]] | None = None) -> Rep:
        """Build without any check (images known to define a homomorphism).

        With ``components`` and neither ``matrices`` nor ``perms``, the generator images are the
        block-diagonal sums of the components' images, built only when asked for.
        """
        comps = tuple(components) if components else None
        if perms is not None:
            ps = tuple(_perm.frozen(np.asarray(p, dtype=np.intp)) for p in perms)
            d = dim if dim is not None else (ps[0].size if ps else 1)
            return cls(group, d, name, None, ps, comps)
        if matrices is None and comps:
            d = dim if dim is not None else sum(c.dim * k for c, k in comps)
            return cls(group, d, name, None, None, comps)
        ms = tuple(matrices or ())
        d = dim if dim is not None else (ms[0].nrows if ms else 1)
        return cls(group, d, name, ms, None, comps)

    @classmethod
    def from_generators(cls, group: FiniteGroup, images: Mapping[str, Any] | Sequence[Any], *,
                        name: str | None = None, dim: int | None = None) -> Rep:
        """The representation with the given exact generator images, checked to be one.

        Parameters
        ----------
        group : FiniteGroup
            The group.
        images : mapping from str to Matrix (or nested lists, or an integer NumPy array)
            One square invertible exact matrix per generator name, all of one size; a
            sequence in generator order is accepted too.
        name : str, optional
            A label for printing.
        dim : int, optional
            Needed only for a group with no generators.

        Returns
        -------
        Rep

        Raises
        ------
        IncompatibleGroupError
            If ``group`` is not a :class:`FiniteGroup`.
        UnknownGeneratorError
            For a name that is not a generator.
        MissingImageError
            If a generator has no image.
        ExactnessError
            For float, NaN or infinite entries (exact values only).
        ShapeError
            For a non-square matrix or sizes that differ.
        SingularMatrixError
            For a singular image.
        NotAHomomorphismError
            If a relator of ``group.presentation`` does not map to the identity; the message
            names the relator (text with the generator names) and shows its image.

        Notes
        -----
        The check is complete: by von Dyck's theorem the kernel of the free group
        ``F(X) -> G`` is the normal closure of the relators, so generator images extend to a
        homomorphism exactly when every relator maps to the identity (Holt, Eick, O'Brien,
        *Handbook of Computational Group Theory*, 2005, §2.4). A group given by permutations or
        matrices without a presentation uses the one it computes from its Cayley graph (one
        relator per non-tree edge: Schreier generators of the trivial subgroup, which generate
        the kernel of ``F(X) -> G``, Schreier's lemma), which is as
        complete. Cost: one exact word evaluation per relator, ``O(dim^3)`` per syllable.

        Examples
        --------
        >>> import repkit as rk
        >>> from repkit.exact import Matrix
        >>> G = rk.Group.from_presentation("<r, f | r^3, f^2, (r f)^2>")
        >>> R, F = Matrix([[0, -1], [1, -1]]), Matrix([[0, 1], [1, 0]])
        >>> rk.Rep.from_generators(G, {"r": R, "f": F}).dim
        2
        >>> rk.Rep.from_generators(G, {"r": R, "f": Matrix([[1, 0], [0, -1]])})
        Traceback (most recent call last):
            ...
        repkit.errors.NotAHomomorphismError: images: relator 2 ((r*f)^2) maps to ..., not the identity, so the images of r, f do not define a homomorphism
        """
        group = require_group(group)
        raw = named_images(group, images)
        names = group.generators
        mats: list[Matrix] = []
        for n, value in zip(names, raw):
            m = as_matrix(value, f"images[{n!r}]")
            if m.nrows != m.ncols:
                raise ShapeError(f"images[{n!r}]: expected a square matrix, got shape {m.shape}")
            if m.nrows == 0:
                raise ShapeError(f"images[{n!r}]: expected a matrix of size at least 1, got 0x0")
            if mats and m.nrows != mats[0].nrows:
                raise ShapeError(
                    f"images[{n!r}]: expected size {mats[0].nrows} like images[{names[0]!r}], "
                    f"got {m.nrows}x{m.ncols}")
            mats.append(m)
        if not mats and (dim is None or isinstance(dim, bool) or not isinstance(dim, int) or dim < 1):
            raise ShapeError(f"dim: a group without generators needs dim >= 1, got {dim!r}")
        d = mats[0].nrows if mats else int(dim)  # type: ignore[arg-type]
        given = group.has_given_presentation
        relators = group.presentation.relators if given else ()
        # Positive relators first: they need no inverse, and a generator occurring in a positive
        # relator that maps to 1 is invertible (rank(A M B) <= rank(M)); a pure power g^k = 1
        # gives M^-1 = M^(k-1) with no division (division in a large Q(zeta_n) is costly).
        positive = [k for k, rel in enumerate(relators) if all(x > 0 for x in rel)]
        covered = {x - 1 for k in positive for x in relators[k]}
        powers = {rel[0] - 1: len(rel) for rel in relators if len(set(rel)) == 1 and rel[0] > 0}
        for k, (n, m) in enumerate(zip(names, mats)):
            if m.is_rational or m.nrows == 1 or k not in covered:
                _require_invertible(n, m)
        inverses = _verify.LazyInverses(mats, order=powers.get)
        if not given:
            # No presentation was given: the relators would be the Cayley-graph relators, one
            # word per non-tree edge; checking the edges directly is equivalent and cheaper.
            parent, letter = group.spanning_tree
            edge = _verify.failing_cayley_edge(group.right_table, parent, letter, mats, inverses, d)
            if edge is not None:
                raise _verify.cayley_edge_error(group, edge)
        else:
            order = positive + [k for k in range(len(relators)) if k not in set(positive)]
            failure = _verify.failing_relator_matrix([relators[k] for k in order], mats, inverses, d)
            if failure is not None:
                k, value = order[failure[0]], failure[1]
                for n, m in zip(names, mats):
                    _require_invertible(n, m)       # a singular image explains the failure best
                raise NotAHomomorphismError(
                    f"images: relator {k} ({format_word(relators[k], names)}) maps to "
                    f"{short_matrix(value)}, not the identity, so the images of "
                    f"{', '.join(names)} do not define a homomorphism")
        rep = cls._trusted(group, matrices=mats, dim=d, name=name)
        rep.__dict__["_inverse_matrices"] = inverses.with_order(
            lambda i: powers.get(i) or rep._generator_order(i))
        return rep

    # ------------------------------------------------------------------ basic data
    @property
    def components(self) -> tuple[tuple[Rep, int], ...]:
        """The ``(rep, multiplicity)`` pairs this representation was built from by ``+`` and ``k *``.

        A representation not built that way is its own single component, ``((self, 1),)``.
        Layout (copy-major): the components occupy consecutive index blocks in order; inside the
        block of ``(rep, k)``, copy ``c`` holds indices ``offset + c * rep.dim ... offset +
        (c + 1) * rep.dim - 1``. Adjacent equal components are merged (``V + V`` is ``2x V``).

        Examples
        --------
        >>> import repkit as rk
        >>> G = rk.symmetric(4)
        >>> W = 16 * rk.natural(G) + 2 * rk.trivial(G)
        >>> [(str(c.name), k) for c, k in W.components], W.dim
        ([('nat', 16), ('1', 2)], 66)
        >>> (rk.natural(G) + rk.natural(G)) == 2 * rk.natural(G)
        True
        """
        return self._components or ((self, 1),)

    @property
    def is_composite(self) -> bool:
        """Whether this representation has more than one copy of a component (``len > 1`` or ``k > 1``).

        Examples
        --------
        >>> import repkit as rk
        >>> V = rk.natural(rk.symmetric(3))
        >>> V.is_composite, (2 * V).is_composite
        (False, True)
        """
        comps = self.components
        return len(comps) > 1 or comps[0][1] > 1

    def component_offsets(self) -> tuple[int, ...]:
        """The first index of each component's block in the layout of :attr:`components`.

        Examples
        --------
        >>> import repkit as rk
        >>> G = rk.symmetric(3)
        >>> (3 * rk.natural(G) + rk.sign(G)).component_offsets()
        (0, 9)
        """
        out, offset = [], 0
        for c, k in self.components:
            out.append(offset)
            offset += c.dim * k
        return tuple(out)

    @property
    def generators(self) -> tuple[str, ...]:
        """The generator names of the group (the images are in this order).

        Examples
        --------
        >>> import repkit as rk
        >>> rk.trivial(rk.Group.from_presentation("<a, b | a^2, b^2, (a b)^2>")).generators
        ('a', 'b')
        """
        return self.group.generators

    @cached_property
    def images(self) -> tuple[Matrix, ...]:
        """The generator images as exact matrices (materialized for permutation reps).

        Examples
        --------
        >>> import repkit as rk
        >>> G = rk.Group.from_presentation("<a | a^2>")
        >>> rk.regular(G).images[0].trace() == 0     # a moves both elements
        True
        """
        if self._matrices is not None:
            return self._matrices
        if self._perms is None and self._components:
            blocks = [[c.images[i] for c, k in self._components for _ in range(k)]
                      for i in range(self.group.ngens)]
            return tuple(Matrix.block_diag(*row) for row in blocks)
        self._check_matrix_size()
        return tuple(Matrix.permutation(p.tolist()) for p in self._perms or ())

    def _check_matrix_size(self) -> None:
        if self.dim * self.dim > MAX_PERMUTATION_MATRIX_ENTRIES:
            raise GroupTooLargeError(
                f"self: a {self.dim}x{self.dim} matrix has more than "
                f"{MAX_PERMUTATION_MATRIX_ENTRIES} entries; this permutation representation "
                "keeps image lists instead -- use rho.permutation(g), permutation_images() or "
                "permutation_images_all()")

    @cached_property
    def _inverse_matrices(self) -> Sequence[Matrix]:
        if self._perms is not None:
            self._check_matrix_size()
            return tuple(Matrix.permutation(_perm.invert(p).tolist()) for p in self._perms)
        return _verify.LazyInverses(self.images, order=self._generator_order)

    def _generator_order(self, i: int) -> int | None:
        """The order of generator ``i`` in an enumerated group (None if not enumerated)."""
        group = self.group
        if not group.is_enumerated:
            return None
        return group.element_order(int(group.right_table[0, 2 * i]))

    @cached_property
    def _inverse_perms(self) -> tuple[np.ndarray, ...]:
        return tuple(_perm.invert(p) for p in self._perm_arrays or ())

    @cached_property
    def field(self) -> int:
        """The conductor ``n`` of the smallest field Q(zeta_n) holding every image (1 for Q).

        Examples
        --------
        >>> import repkit as rk
        >>> rk.cyclic_character(6, 1).field, rk.cyclic_character(6, 3).field
        (3, 1)
        """
        if self._perms is not None:
            return 1
        if self._matrices is None and self._components:
            return lcm(1, *(c.field for c, _ in self._components))
        return lcm(1, *(m.field for m in self.images))

    # ------------------------------------------------------------------ evaluation
    def __call__(self, g: int | Sequence[int] | str) -> Matrix:
        """The exact image ``rho(g)`` of an element, a Word, or text such as ``"r f r"``.

        Text and words are evaluated directly from the generator images, without enumerating
        the group; an element number is evaluated along its normal-form word. For a large
        permutation representation prefer :meth:`permutation` (an image list) to this
        ``dim x dim`` matrix, which is refused (``GroupTooLargeError``) beyond
        ``MAX_PERMUTATION_MATRIX_ENTRIES`` entries.

        Examples
        --------
        >>> import repkit as rk
        >>> rho = rk.dihedral_rotation(4)
        >>> rho("r r r r").is_identity() and rho("f r f") == rho("r^-1")
        True
        """
        word = element_word(self.group, g)
        if self._perms is not None:
            self._check_matrix_size()
            return Matrix.permutation(self._perm_of_word(word).tolist())
        return _verify.matrix_word(word, self.images, self._inverse_matrices, self.dim)

    def _perm_of_word(self, word: Sequence[int]) -> np.ndarray:
        return _perm.evaluate_word(word, self._perm_arrays or (), self._inverse_perms, self.dim)

    def permutation(self, g: int | Sequence[int] | str) -> np.ndarray:
        """The image list of ``rho(g)`` for a permutation representation (NumPy, 0-based).

        Raises
        ------
        NoSuchRepresentationError
            If this representation is not a permutation representation.

        Examples
        --------
        >>> import repkit as rk
        >>> G = rk.Group.from_presentation("<t | t^4>")
        >>> rk.permutation_rep(G, {"t": [1, 2, 3, 0]}).permutation("t t").tolist()
        [2, 3, 0, 1]
        """
        self._require_perms()
        return self._perm_of_word(element_word(self.group, g))

    @cached_property
    def _perm_arrays(self) -> tuple[np.ndarray, ...] | None:
        """The generator image lists as frozen arrays: the stored ones, else detected from the
        matrices (cached per instance; the frozen field ``_perms`` is never changed)."""
        if self._perms is not None:
            return self._perms
        perms = self._detected_perms
        if perms is None:
            return None
        return tuple(_perm.frozen(np.asarray(p, dtype=np.intp)) for p in perms)

    def _require_perms(self) -> tuple[np.ndarray, ...]:
        """The generator image lists (`_perm_arrays`), or `NoSuchRepresentationError`."""
        arrays = self._perm_arrays
        if arrays is None:
            raise NoSuchRepresentationError(
                f"self: expected a permutation representation, got {self.name or 'one'} whose "
                "generator images are not all permutation matrices")
        return arrays

    def images_all(self, *, max_entries: int = DEFAULT_MAX_ENTRIES) -> tuple[Matrix, ...]:
        """The images of all elements, ``result[g] = rho(g)``, in the group's element order.

        Parameters
        ----------
        max_entries : int, optional
            Refuse (``GroupTooLargeError``) if ``order * dim^2`` exceeds this.

        Notes
        -----
        Along the Cayley graph's BFS spanning tree: ``g = parent(g) x`` with ``x`` a letter,
        so ``rho(g) = rho(parent(g)) rho(x)`` costs one multiplication per element
        (``O(|G| dim^3)``; permutation reps use :meth:`permutation_images_all`,
        ``O(|G| dim)``, then materialize).

        Examples
        --------
        >>> import repkit as rk
        >>> rho = rk.dihedral_rotation(3)
        >>> imgs = rho.images_all()
        >>> G = rho.group
        >>> all(imgs[G.mul(g, h)] == imgs[g] @ imgs[h] for g in G.elements for h in G.elements)
        True
        """
        self._check_budget(self.dim * self.dim, max_entries)
        if self.is_permutation():
            table = self.permutation_images_all(max_entries=max_entries)
            return tuple(Matrix.permutation(row.tolist()) for row in table)
        parent, letter = self.group.spanning_tree
        gens, invs = self.images, self._inverse_matrices
        out: list[Matrix] = [Matrix.identity(self.dim)]
        for g in range(1, self.group.order):
            x = int(letter[g])
            out.append(out[int(parent[g])] @ (gens[x - 1] if x > 0 else invs[-x - 1]))
        return tuple(out)

    def iter_images(self) -> Iterator[tuple[int, Matrix]]:
        """Yield ``(g, rho(g))`` for every element in order (same cost as :meth:`images_all`).

        Examples
        --------
        >>> import repkit as rk
        >>> rho = rk.sign(rk.Group.from_presentation("<a, b | a^2, b^2, (a b)^3>"))
        >>> sum(m[0, 0] for _, m in rho.iter_images()) == 0   # a nontrivial character sums to 0
        True
        """
        yield from enumerate(self.images_all())

    def _check_budget(self, per_element: int, max_entries: int) -> None:
        total = self.group.order * per_element
        if total > max_entries:
            raise GroupTooLargeError(
                f"max_entries: the images of all {self.group.order} elements have {total} "
                f"entries > max_entries={max_entries}; raise max_entries or evaluate elements "
                "one at a time with rho(g)")

    def permutation_images_all(self, *, max_entries: int = DEFAULT_MAX_ENTRIES) -> np.ndarray:
        """All elements' image lists as an ``(order, dim)`` integer array (permutation reps).

        Parameters
        ----------
        max_entries : int, optional
            Refuse (``GroupTooLargeError``) if ``order * dim`` exceeds this.

        Raises
        ------
        NoSuchRepresentationError
            If this is not a permutation representation.

        Notes
        -----
        Along the spanning tree, ``B[g, w] = rho(g)^-1 w = rho(x)^-1 B[parent(g), w]`` for
        ``g = parent(g) x`` (one NumPy gather per BFS layer, or a plain loop per point for thin
        trees), then each row is inverted: ``O(|G| dim)`` time and memory.

        Examples
        --------
        >>> import repkit as rk
        >>> G = rk.Group.from_presentation("<a, b | a^2, b^3, (a b)^2>")
        >>> A = rk.regular(G).permutation_images_all()
        >>> bool((A[:, 0] == range(G.order)).all())     # rho(g) e_1 = e_g
        True
        """
        perms = self._require_perms()
        self._check_budget(self.dim, max_entries)
        points = np.arange(self.dim, dtype=np.intp)
        if not perms:
            return points[None, :].copy()
        parent, letter = self.group.spanning_tree
        columns = np.where(letter > 0, 2 * (letter - 1), 2 * (-letter - 1) + 1)
        # rho(g)^-1 w for g = parent * x is rho(x)^-1 applied to rho(parent)^-1 w ...
        inverse_letters = np.stack([q for p, pi in zip(perms, self._inverse_perms) for q in (pi, p)])
        inverse_images = tree_propagate(parent, columns, inverse_letters, points)
        # ... and rho(g) is the inverse of that row.
        out = np.empty_like(inverse_images)
        np.put_along_axis(out, inverse_images, np.broadcast_to(points, out.shape), axis=1)
        return out

    # ------------------------------------------------------------------ structure
    def permutation_images(self) -> tuple[tuple[int, ...], ...] | None:
        """The generator images as 0-based image lists, or ``None`` if one is not a permutation.

        Examples
        --------
        >>> import repkit as rk
        >>> rk.dihedral_rotation(4).permutation_images() is None
        True
        >>> rk.permutation_rep(rk.Group.from_presentation("<a | a^2>"), {"a": [1, 0]}).permutation_images()
        ((1, 0),)
        """
        return self._detected_perms

    @cached_property
    def _detected_perms(self) -> tuple[tuple[int, ...], ...] | None:
        if self._perms is not None:
            return tuple(tuple(p.tolist()) for p in self._perms)
        if self._matrices is None and self._components:
            # a block-diagonal matrix is a permutation matrix iff every block is one
            parts = [(c.permutation_images(), c.dim, k) for c, k in self._components]
            if any(p is None for p, _, _ in parts):
                return None
            gens: list[list[int]] = [[] for _ in range(self.group.ngens)]
            offset = 0
            for p, d, k in parts:
                for _ in range(k):
                    for i, img in enumerate(p or ()):
                        gens[i].extend(x + offset for x in img)
                    offset += d
            return tuple(tuple(g) for g in gens)
        out = []
        for m in self.images:
            p = monomial_pattern(m, permutation=True)
            if p is None:
                return None
            out.append(tuple(p))
        return tuple(out)

    def is_permutation(self) -> bool:
        """Whether every generator image is a permutation matrix.

        Examples
        --------
        >>> import repkit as rk
        >>> rk.regular(rk.Group.from_presentation("<a | a^3>")).is_permutation()
        True
        """
        return self._perms is not None or self._detected_perms is not None

    def is_monomial(self) -> bool:
        """Whether every generator image has exactly one nonzero entry in each row and column.

        Examples
        --------
        >>> import repkit as rk
        >>> rk.dihedral_rotation(4).is_monomial(), rk.dihedral_rotation(5).is_monomial()
        (True, False)
        """
        if self.is_permutation():
            return True
        return all(monomial_pattern(m, permutation=False) is not None for m in self.images)

    # ------------------------------------------------------------------ algebra (twins)
    def direct_sum(self, other: Rep) -> Rep:
        """``self + other``, the direct sum; see :func:`repkit.reps.algebra.direct_sum`.

        Examples
        --------
        >>> import repkit as rk
        >>> rho = rk.dihedral_rotation(3)
        >>> rho.direct_sum(rk.trivial(rho.group)).dim
        3
        """
        from .algebra import direct_sum

        return direct_sum(self, other)

    def tensor_product(self, other: Rep) -> Rep:
        """``self @ other``, the tensor product; see :func:`repkit.reps.algebra.tensor_product`.

        Examples
        --------
        >>> import repkit as rk
        >>> rho = rk.dihedral_rotation(3)
        >>> rho.tensor_product(rho).dim
        4
        """
        from .algebra import tensor_product

        return tensor_product(self, other)

    def tensor_power(self, k: int) -> Rep:
        """``self ** k``; see :func:`repkit.reps.algebra.tensor_power`.

        Examples
        --------
        >>> import repkit as rk
        >>> rk.dihedral_rotation(3).tensor_power(3).dim
        8
        """
        from .algebra import tensor_power

        return tensor_power(self, k)

    def __add__(self, other: object) -> Rep:
        if not isinstance(other, Rep):
            return NotImplemented
        return self.direct_sum(other)

    def __matmul__(self, other: object) -> Rep:
        if not isinstance(other, Rep):
            return NotImplemented
        return self.tensor_product(other)

    def __mul__(self, other: object) -> Rep:
        """``rho * k`` (an int): ``k`` copies, copy-major; ``rho * sigma`` is the tensor product."""
        if isinstance(other, Rep):
            return self.tensor_product(other)
        if isinstance(other, (int, np.integer)) and not isinstance(other, bool):
            return self.multiply(int(other))
        return NotImplemented

    def __rmul__(self, other: object) -> Rep:
        """``k * rho`` for an int ``k >= 1``: the direct sum of ``k`` copies (see :meth:`multiply`)."""
        if isinstance(other, (int, np.integer)) and not isinstance(other, bool):
            return self.multiply(int(other))
        return NotImplemented

    def __radd__(self, other: object) -> Rep:
        """``0 + rho`` is ``rho``, so that ``sum([rho, rho, rho])`` works."""
        if isinstance(other, int) and not isinstance(other, bool) and other == 0:
            return self
        return NotImplemented

    def multiply(self, k: int) -> Rep:
        """``k * rho``: ``k`` copies of this representation, laid out copy-major.

        See :func:`repkit.reps.algebra.multiply`.

        Examples
        --------
        >>> import repkit as rk
        >>> V = rk.natural(rk.symmetric(3))
        >>> (4 * V).dim, (4 * V) == V + V + V + V, sum([V] * 3) == 3 * V
        (12, True, True)
        """
        from .algebra import multiply

        return multiply(self, k)

    def __pow__(self, k: int) -> Rep:
        return self.tensor_power(k)

    def dual(self) -> Rep:
        """The dual (contragredient) representation ``g -> rho(g)^-T``.

        Examples
        --------
        >>> import repkit as rk
        >>> rho = rk.cyclic_character(5, 1)
        >>> rho.dual() == rho.conjugate()          # unitary: the dual is the conjugate
        True
        """
        from .algebra import dual

        return dual(self)

    def conjugate(self) -> Rep:
        """The complex conjugate representation ``g -> conj(rho(g))``.

        Examples
        --------
        >>> import repkit as rk
        >>> rho = rk.cyclic_character(4, 1)
        >>> rho.conjugate() == rk.cyclic_character(rho.group, 3)
        True
        """
        from .algebra import conjugate

        return conjugate(self)

    def induce(self, subgroup: Subgroup) -> Rep:
        """The induced representation to the parent of ``subgroup``; see :func:`~repkit.reps.algebra.induce`.

        Examples
        --------
        >>> import repkit as rk
        >>> G = rk.Group.from_presentation("<r, f | r^4, f^2, (r f)^2>")
        >>> H = G.subgroup(["r"])
        >>> rk.trivial(H.as_group()).induce(H).dim == H.index
        True
        """
        from .algebra import induce

        return induce(self, subgroup)

    def restrict(self, subgroup: Subgroup) -> Rep:
        """The restriction to a subgroup; see :func:`~repkit.reps.algebra.restrict`.

        Examples
        --------
        >>> import repkit as rk
        >>> G = rk.Group.from_presentation("<r, f | r^4, f^2, (r f)^2>")
        >>> rk.regular(G).restrict(G.subgroup(["r"])).dim
        8
        """
        from .algebra import restrict

        return restrict(self, subgroup)

    def change_basis(self, basis: Any) -> Rep:
        """The equivalent representation ``g -> Q^-1 rho(g) Q``; see :func:`~repkit.reps.algebra.change_basis`.

        Examples
        --------
        >>> import repkit as rk
        >>> rho = rk.dihedral_rotation(4)
        >>> rho.change_basis([[1, 1], [0, 1]]).change_basis([[1, -1], [0, 1]]) == rho
        True
        """
        from .algebra import change_basis

        return change_basis(self, basis)

    def realify(self) -> Rep:
        """The complex representation as a real one of twice the dimension; see :func:`~repkit.reps.algebra.realify`.

        Examples
        --------
        >>> import repkit as rk
        >>> r = rk.cyclic_character(4, 1).realify()
        >>> r.dim, r("t") == rk.Matrix([[0, -1], [1, 0]])
        (2, True)
        """
        from .algebra import realify

        return realify(self)

    # ------------------------------------------------------------------ kernel (see kernel.py)
    def kernel(self) -> Subgroup:
        """The kernel ``{g : rho(g) = 1}`` as a subgroup; see :func:`repkit.reps.kernel.kernel`.

        Examples
        --------
        >>> import repkit as rk
        >>> rk.sign(rk.symmetric(4)).kernel().order
        12
        """
        from .kernel import kernel

        return kernel(self)

    def is_faithful(self) -> bool:
        """Whether the kernel is trivial; see :func:`repkit.reps.kernel.is_faithful`.

        Examples
        --------
        >>> import repkit as rk
        >>> rk.regular(rk.symmetric(3)).is_faithful(), rk.sign(rk.symmetric(3)).is_faithful()
        (True, False)
        """
        from .kernel import is_faithful

        return is_faithful(self)

    def image_order(self) -> int:
        """``|rho(G)| = |G| / |ker rho|``; see :func:`repkit.reps.kernel.image_order`.

        Examples
        --------
        >>> import repkit as rk
        >>> rk.natural(rk.symmetric(64)).image_order() == rk.symmetric(64).order
        True
        """
        from .kernel import image_order

        return image_order(self)

    def faithfulness(self) -> Faithfulness:
        """A frozen report on the kernel and image; see :func:`repkit.reps.kernel.faithfulness`.

        Examples
        --------
        >>> import repkit as rk
        >>> f = rk.sign(rk.symmetric(3)).faithfulness()
        >>> (f.kernel_order, f.image_order, f.is_faithful)
        (3, 2, False)
        """
        from .kernel import faithfulness

        return faithfulness(self)

    # ------------------------------------------------------------------ facades (upper layers)
    def decompose(self) -> Any:
        """Decompose into irreducibles (delegates to :func:`repkit.characters.decompose`).

        Examples
        --------
        >>> import repkit as rk
        >>> sum(rk.regular(rk.symmetric(3)).decompose().multiplicities)   # 1 + 1 + 2
        4
        """
        return delegate("decompose")(self)

    def character(self) -> Any:
        """The character (delegates to :func:`repkit.characters.character`).

        Examples
        --------
        >>> import repkit as rk
        >>> G = rk.Group.from_presentation("<a | a^3>")
        >>> rk.regular(G).character()(0) == 3
        True
        """
        return delegate("character")(self)

    def __rshift__(self, other: object) -> Any:
        """``rho_in >> rho_out``: the equivariant maps (delegates to :func:`repkit.equivariant.equivariant_basis`).

        Examples
        --------
        >>> import repkit as rk
        >>> V = rk.natural(rk.symmetric(4))
        >>> (V >> V).dim                   # identity and all-ones: 2 orbits on pairs
        2
        """
        if not isinstance(other, Rep):
            return NotImplemented
        return delegate("equivariant_basis")(self, other)

    # ------------------------------------------------------------------ value semantics
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Rep):
            return NotImplemented
        if self.group != other.group or self.dim != other.dim:
            return False
        if self._perms is not None and other._perms is not None:
            return all(np.array_equal(p, q) for p, q in zip(self._perms, other._perms))
        if self._perms is not None or other._perms is not None:
            mine, theirs = self.permutation_images(), other.permutation_images()
            return mine is not None and mine == theirs
        return self.images == other.images

    def __hash__(self) -> int:
        return hash((self.group, self.dim))

    def __repr__(self) -> str:
        label = f", name={self.name!r}" if self.name is not None else ""
        if self._components:
            return f"<Rep {self.name}: dimension {self.dim} of {self.group!r}>"
        if self.dim > 16:
            kind = "permutation " if self._perms is not None else ""
            return (f"<Rep{' ' + repr(self.name) if self.name else ''}: {kind}representation of "
                    f"dimension {self.dim} of {self.group!r}>")
        if self._perms is not None:
            perms = {n: p.tolist() for n, p in zip(self.generators, self._perms)}
            return f"permutation_rep({self.group!r}, {perms!r}{label})"
        mats = "{" + ", ".join(f"{n!r}: {m!r}" for n, m in zip(self.generators, self.images)) + "}"
        return f"Rep.from_generators({self.group!r}, {mats}{label})"

    def __str__(self) -> str:
        return f"{self.name or 'rho'}: {self.group} -> GL({self.dim}, {field_text(self.field)})"
