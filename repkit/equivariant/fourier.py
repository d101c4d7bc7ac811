"""Exact embeddings of a representation into a permutation representation (Fourier nonlinearities).

A point-wise nonlinearity is equivariant on a permutation representation ``P`` (it only moves
coordinates), but not on, say, the 2-d rotation representation of a dihedral group. The Fourier
nonlinearity of escnn (``FourierPointwise``) goes around this: send the features of ``rho`` into
``P`` by an equivariant injective map ``A``, apply the point-wise function there, and come back
by an equivariant left inverse ``B``:

``x  ->  B sigma(A x)``,   ``A in Hom_G(rho, P)``, ``B in Hom_G(P, rho)``, ``B A = I``.

Both maps intertwine, ``sigma`` commutes with ``P(g)``, so the composite is equivariant for
every ``sigma`` (exactly, up to the float rounding of ``A`` and ``B``). For a finite group no
sampling grid is needed: :func:`fourier_embedding` builds ``A`` and ``B`` exactly, over the
rationals or a cyclotomic field, from the exact bases of ``Hom_G(rho, P)`` and ``Hom_G(P, rho)``;
``P`` defaults to the regular representation, which contains every irreducible ``V`` with
multiplicity ``dim V``.

Examples
--------
>>> import repkit as rk
>>> rot = rk.dihedral_rotation(4)
>>> F = fourier_embedding(rot)
>>> F.embedding.shape, F.projection.shape            # 8 x 2 into the regular rep, 2 x 8 back
((8, 2), (2, 8))
>>> (F.projection @ F.embedding).is_identity()
True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import IncompatibleGroupError, InvalidOptionError, NoSuchRepresentationError
from ..exact import Matrix
from ..reps.constructors import regular
from .solver import equivariant_basis

__all__ = ["FourierEmbedding", "fourier_embedding"]


@dataclass(frozen=True, eq=False)
class FourierEmbedding:
    """An exact equivariant embedding ``A: rho -> target`` with an equivariant left inverse ``B``.

    Attributes
    ----------
    rho, target : Rep
        The representation embedded and the permutation representation it is embedded into.
    embedding : Matrix, shape (target.dim, rho.dim)
        ``A`` with ``target(g) A = A rho(g)`` for every ``g``, injective.
    projection : Matrix, shape (rho.dim, target.dim)
        ``B`` with ``rho(g) B = B target(g)`` and ``B A = I`` exactly.

    Examples
    --------
    >>> import repkit as rk
    >>> S3 = rk.symmetric(3)
    >>> F = fourier_embedding(rk.standard(S3), rk.natural(S3))
    >>> F.embedding.shape, (F.projection @ F.embedding).is_identity()
    ((3, 2), True)
    """

    rho: Any
    target: Any
    embedding: Matrix
    projection: Matrix

    def to_numpy(self, dtype: Any = np.float64) -> tuple[np.ndarray, np.ndarray]:
        """``(A, B)`` as float (or complex) arrays: the only lossy step.

        Examples
        --------
        >>> import numpy as np, repkit as rk
        >>> A, B = fourier_embedding(rk.dihedral_rotation(4)).to_numpy()
        >>> bool(np.allclose(B @ A, np.eye(2)))
        True
        """
        return (np.asarray(self.embedding.to_numpy(dtype)),
                np.asarray(self.projection.to_numpy(dtype)))


def _combination(mats: tuple[Matrix, ...], coeffs: list[int], shape: tuple[int, int]) -> Matrix:
    total = Matrix.zeros(*shape)
    for c, M in zip(coeffs, mats):
        if c != 0:
            total = total + M * c
    return total


def fourier_embedding(rho: Any, target: Any = None, *, max_tries: int = 64) -> FourierEmbedding:
    """Build an exact equivariant embedding of ``rho`` into ``target`` and its left inverse.

    Parameters
    ----------
    rho : Rep
        The representation to embed (typically one irreducible component of a hidden rep).
    target : Rep, optional
        A representation of the same group, normally a permutation representation (so that every
        point-wise function commutes with it); default ``repkit.regular(rho.group)``.
    max_tries : int, optional
        Bound on the number of integer coefficient vectors tried for an injective combination
        of the basis of ``Hom_G(rho, target)`` (default 64; see Notes).

    Returns
    -------
    FourierEmbedding

    Raises
    ------
    IncompatibleGroupError
        If ``target`` is a representation of another group.
    NoSuchRepresentationError
        If ``Hom_G(rho, target)`` holds no injective map among the combinations tried (``rho``
        does not embed in ``target``, e.g. two copies of the trivial rep in the regular one).
    InvalidOptionError
        If ``max_tries < 1``.

    Notes
    -----
    With ``A_1, ..., A_d`` the exact basis of ``Hom_G(rho, target)``, the candidates are
    ``A(c) = sum_t c_t A_t`` for integer vectors ``c`` with entries in ``[-2m, 2m]``
    (``m = rho.dim``) drawn from a generator seeded with 0, so the result is deterministic;
    injectivity is decided exactly by the rank. The injective maps are where some ``m x m``
    minor, a polynomial of degree ``m`` in ``c``, does not vanish, so if one exists each try
    fails with probability below ``1/4`` (Schwartz-Zippel lemma; Schwartz, J. ACM 27, 1980):
    ``max_tries`` failures mean no embedding except with probability below ``4**-max_tries``.
    The left inverse solves the linear system
    ``sum_u beta_u C_u A = I`` over the exact basis ``C_u`` of ``Hom_G(target, rho)``; it has a
    solution because ``A(rho)`` is a subrepresentation with an equivariant complement (Maschke;
    Serre, *Linear Representations of Finite Groups*, 1977, sec. 1.3). Cost: two commutant solves
    and one exact solve with ``rho.dim**2`` equations. The construction is escnn's
    ``FourierPointwise`` (Cesa, Lang & Weiler, "A Program to Build E(N)-Equivariant Steerable
    CNNs", ICLR 2022, sec. 3) made exact for finite groups.

    Examples
    --------
    >>> import repkit as rk
    >>> D4 = rk.dihedral(4)
    >>> rot, reg = rk.dihedral_rotation(4), rk.regular(D4)
    >>> F = fourier_embedding(rot)
    >>> all(reg(g) @ F.embedding == F.embedding @ rot(g) for g in D4.generators)
    True
    >>> all(rot(g) @ F.projection == F.projection @ reg(g) for g in D4.generators)
    True
    """
    if max_tries < 1:
        raise InvalidOptionError(f"max_tries: expected a positive int, got {max_tries!r}")
    P = regular(rho.group) if target is None else target
    if P.group != rho.group:
        raise IncompatibleGroupError(f"target: expected a representation of the group of rho, got one of "
                                     f"{P.group!r}")
    m, n = rho.dim, P.dim
    up = equivariant_basis(rho, P, structured=False).exact_matrices()       # (n, m) each
    down = equivariant_basis(P, rho, structured=False).exact_matrices()     # (m, n) each
    A = None
    rng = np.random.default_rng(0)
    tries = max_tries if len(up) and n >= m else 0          # no maps or too few rows: nothing to try
    for _ in range(tries):
        coeffs = [int(v) for v in rng.integers(-2 * m, 2 * m + 1, size=len(up))]
        cand = _combination(up, coeffs, (n, m))
        if cand.rank() == m:
            A = cand
            break
    if A is None:
        raise NoSuchRepresentationError(
            f"rho: expected a representation that embeds in the target ({P.dim}-dimensional), but no "
            f"injective map was found among {tries} random integer combinations (max_tries) of the "
            f"{len(up)}-dimensional Hom_G(rho, target); rho has dimension {m}")
    products = [C @ A for C in down]                                          # (m, m) each
    rows = [[products[u][r, c] for u in range(len(products))] for r in range(m) for c in range(m)]
    system = Matrix(rows) if products else Matrix.zeros(m * m, 0)
    identity = Matrix([[1 if r == c else 0] for r in range(m) for c in range(m)])
    beta = system.solve(identity)
    B = _combination(down, [beta[u, 0] for u in range(len(down))], (m, n))
    return FourierEmbedding(rho, P, A, B)
