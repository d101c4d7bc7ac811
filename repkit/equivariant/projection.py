"""The orthogonal projector onto the span of an equivariant weight basis, exact or in float.

A weight matrix ``W`` (shape ``(m_out, m_in)``) that is only approximately equivariant has a nearest
equivariant matrix: its orthogonal projection, for the Frobenius inner product
``<A, B> = trace(A^T B)``, onto ``span(B_0, ..., B_{d-1})`` of a basis of ``Hom_G(rho_in, rho_out)``.
With the Gram matrix ``G_ij = <B_i, B_j>`` the coefficients are ``c = G^-1 (<B_i, W>)_i`` and
``P(W) = sum_i c_i B_i``. For a rational basis and an exact ``W`` this is computed over Q (no
tolerance); for a float ``W`` it is computed in float64 (that is the only float code here and it loses
what float64 loses: the result is equivariant to rounding, about 1e-15 relative).

Unlike the group average ``|G|^-1 sum_g rho_out(g) W rho_in(g)^-1`` (the Reynolds operator, equal to
this projection when both representations are orthogonal), the cost does not grow with ``|G|``: it
depends on the basis only.

Examples
--------
>>> from fractions import Fraction
>>> import repkit as rk
>>> from repkit.exact import Matrix
>>> V = rk.natural(rk.symmetric(3))
>>> P = EquivariantProjector.from_basis(V >> V)          # span of I and 11^T
>>> P(Matrix([[1, 2, 0], [0, 0, 0], [0, 0, 0]])) == Matrix([[Fraction(1, 3)] * 3] * 3)
True
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any, Sequence

import flint
import numpy as np

from ..errors import ExactnessError, FieldMismatchError, NonFiniteValueError, ShapeError, SingularMatrixError
from ..exact import Matrix
from .basis import WeightBasis
from .structured import StructuredBasis

__all__ = ["EquivariantProjector", "project"]


@dataclass(frozen=True)
class EquivariantProjector:
    """The orthogonal (Frobenius) projector onto the span of linearly independent rational matrices.

    Parameters
    ----------
    matrices : tuple of Matrix
        The basis ``B_0, ..., B_{d-1}``, all rational and of one shape ``(m_out, m_in)``.
    shape : tuple of int
        ``(m_out, m_in)`` (needed when ``d = 0``; the projector is then zero).

    Notes
    -----
    Building the Gram matrix costs ``O(d^2 m_out m_in)`` exact operations and inverting it
    ``O(d^3)``; each projection then costs ``O(d m_out m_in + d^2)``. The float path caches a
    float64 copy of the basis and a Cholesky factor of the Gram matrix. The projector onto a
    subspace through the normal equations: Golub and Van Loan, *Matrix Computations*, 4th ed.,
    Section 5.3; as the soft prior of residual pathway priors: Finzi, Benton and Wilson, *Residual
    Pathway Priors for Soft Equivariance Constraints*, NeurIPS 2021, Section 4.

    Examples
    --------
    >>> import repkit as rk
    >>> from repkit.exact import Matrix
    >>> rho = rk.regular(rk.cyclic(3))
    >>> P = EquivariantProjector.from_basis(rho >> rho)
    >>> W = Matrix([[3, 0, 0], [0, 0, 0], [0, 0, 0]])
    >>> P(W) == P(P(W)) and P.dim == 3
    True
    >>> all(rho(g) @ P(W) == P(W) @ rho(g) for g in rho.group.generators)
    True
    """

    matrices: tuple[Matrix, ...]
    shape: tuple[int, int]

    def __post_init__(self) -> None:
        for i, B in enumerate(self.matrices):
            if not isinstance(B, Matrix):
                raise ExactnessError(f"matrices[{i}]: expected an exact repkit.exact.Matrix, got "
                                     f"{type(B).__name__}")
            if B.shape != tuple(self.shape):
                raise ShapeError(f"matrices[{i}]: expected shape {tuple(self.shape)}, got {B.shape}")
            if not B.is_rational:
                raise FieldMismatchError(
                    f"matrices[{i}]: expected a rational matrix (the Frobenius projector is defined here "
                    f"over Q), got entries in Q(zeta_{B.entries_field})")
        _ = self._gram_inverse  # fail early on a dependent basis

    @classmethod
    def from_basis(cls, basis: WeightBasis | StructuredBasis | Sequence[Matrix], *,
                   shape: tuple[int, int] | None = None) -> EquivariantProjector:
        """The projector onto the span of a `WeightBasis` (or of a sequence of exact matrices).

        Parameters
        ----------
        basis : WeightBasis, StructuredBasis or sequence of Matrix
            A real (rational) basis, e.g. ``rho_in >> rho_out``; integer arrays and nested lists of
            ints or fractions are converted to exact matrices (float arrays raise `ExactnessError`).
        shape : tuple of int, optional
            ``(m_out, m_in)``, needed only for an empty sequence.

        Returns
        -------
        EquivariantProjector

        Raises
        ------
        FieldMismatchError
            If the basis is not rational.
        SingularMatrixError
            If the matrices are linearly dependent.
        ShapeError
            If the matrices do not share one shape, or ``shape`` is missing for an empty sequence.
        ExactnessError
            If a basis element is a float array.

        Examples
        --------
        >>> import repkit as rk
        >>> V = rk.natural(rk.symmetric(4))
        >>> EquivariantProjector.from_basis(V >> V).dim      # lambda I + gamma 11^T
        2
        """
        if isinstance(basis, (WeightBasis, StructuredBasis)):
            return cls(tuple(basis.exact_matrices()), tuple(basis.shape))
        mats = tuple(B if isinstance(B, Matrix)
                     else Matrix.from_numpy(B, argument=f"basis[{i}]") if isinstance(B, np.ndarray)
                     else Matrix(B) for i, B in enumerate(basis))
        if shape is None:
            if not mats:
                raise ShapeError("shape: expected (m_out, m_in) for an empty basis, got None")
            shape = mats[0].shape
        return cls(mats, (int(shape[0]), int(shape[1])))

    @property
    def dim(self) -> int:
        """The dimension ``d`` of the subspace projected onto."""
        return len(self.matrices)

    # -- exact data --------------------------------------------------------------------------

    @cached_property
    def _flat(self) -> flint.fmpq_mat:
        m_out, m_in = self.shape
        flat = flint.fmpq_mat(self.dim, m_out * m_in)
        for k, B in enumerate(self.matrices):
            q = B.to_flint()
            for i in range(m_out):
                for j in range(m_in):
                    if q[i, j] != 0:
                        flat[k, i * m_in + j] = q[i, j]
        return flat

    @cached_property
    def gram(self) -> Matrix:
        """The exact Gram matrix ``G_ij = trace(B_i^T B_j)``, shape ``(d, d)``."""
        if self.dim == 0:
            return Matrix.zeros(0, 0)
        return Matrix.from_flint(self._flat * self._flat.transpose())

    @cached_property
    def _gram_inverse(self) -> flint.fmpq_mat:
        if self.dim == 0:
            return flint.fmpq_mat(0, 0)
        g = self.gram.to_flint()
        if g.rank() < self.dim:
            raise SingularMatrixError(
                f"basis: expected linearly independent matrices, got {self.dim} of rank {g.rank()}")
        return g.inv()

    # -- float data --------------------------------------------------------------------------

    @cached_property
    def _float_flat(self) -> np.ndarray:
        m_out, m_in = self.shape
        out = np.zeros((self.dim, m_out * m_in), dtype=np.float64)
        for k, B in enumerate(self.matrices):
            out[k] = B.to_numpy(np.float64).reshape(-1)
        return out

    @cached_property
    def _float_cholesky(self) -> np.ndarray:
        return np.linalg.cholesky(self.gram.to_numpy(np.float64)) if self.dim else np.zeros((0, 0))

    # -- projecting --------------------------------------------------------------------------

    def _exact_input(self, W: Any) -> Matrix | None:
        """``W`` as an exact Matrix, or None when it is a float array (the float path)."""
        if isinstance(W, Matrix):
            M = W
        elif isinstance(W, np.ndarray) and W.dtype.kind == "f":
            if W.ndim < 2 or W.shape[-2:] != tuple(self.shape):
                raise ShapeError(f"W: expected trailing shape {tuple(self.shape)}, got {W.shape}")
            if not np.all(np.isfinite(W)):
                raise NonFiniteValueError("W: expected finite floats, got NaN or infinity")
            return None
        elif isinstance(W, np.ndarray):
            M = Matrix.from_numpy(W, argument="W")
        else:
            M = Matrix(W)
        if M.shape != tuple(self.shape):
            raise ShapeError(f"W: expected shape {tuple(self.shape)}, got {M.shape}")
        if not M.is_rational:
            raise FieldMismatchError(
                f"W: expected a rational matrix, got entries in Q(zeta_{M.entries_field})")
        return M

    def coefficients(self, W: Any) -> Matrix | np.ndarray:
        """The coordinates ``c`` of ``P(W) = sum_i c_i B_i``.

        Parameters
        ----------
        W : Matrix, integer array, nested list, or float array of shape ``(..., m_out, m_in)``
            Exact input gives an exact ``(d, 1)`` Matrix; a float array gives float64 of shape
            ``(..., d)``.

        Returns
        -------
        Matrix or numpy.ndarray

        Examples
        --------
        >>> import repkit as rk
        >>> from repkit.exact import Matrix
        >>> V = rk.natural(rk.symmetric(3))
        >>> B = V >> V
        >>> P = EquivariantProjector.from_basis(B)
        >>> P.coefficients(B.exact_matrices()[1] * 5).to_list() == [[0], [5]]
        True
        """
        M = self._exact_input(W)
        m_out, m_in = self.shape
        if M is None:
            w = np.asarray(W, dtype=np.float64).reshape(*np.shape(W)[:-2], m_out * m_in)
            if self.dim == 0:
                return np.zeros((*w.shape[:-1], 0))
            rhs = w @ self._float_flat.T                                  # (..., d)
            L = self._float_cholesky
            y = np.linalg.solve(L, rhs[..., None])
            return np.linalg.solve(L.T, y)[..., 0]
        if self.dim == 0:
            return Matrix.zeros(0, 1)
        q = M.to_flint()
        vec = flint.fmpq_mat(m_out * m_in, 1)
        for i in range(m_out):
            for j in range(m_in):
                if q[i, j] != 0:
                    vec[i * m_in + j, 0] = q[i, j]
        return Matrix.from_flint(self._gram_inverse * (self._flat * vec))

    def project(self, W: Any) -> Matrix | np.ndarray:
        """The orthogonal projection ``P(W)`` onto the span of the basis (exact in, exact out).

        Parameters
        ----------
        W : Matrix, integer array, nested list, or float array of shape ``(..., m_out, m_in)``

        Returns
        -------
        Matrix or numpy.ndarray
            An exact Matrix for exact input; float64 of the input's shape for float input.

        Raises
        ------
        ShapeError
            If ``W`` has the wrong shape.
        FieldMismatchError
            If an exact ``W`` is not rational.
        NonFiniteValueError
            If a float ``W`` holds NaN or infinity.

        Examples
        --------
        >>> import numpy as np, repkit as rk
        >>> rho = rk.regular(rk.cyclic(4))
        >>> P = EquivariantProjector.from_basis(rho >> rho)
        >>> W = np.random.default_rng(0).normal(size=(4, 4))
        >>> T = rho.images[0].to_numpy()
        >>> bool(np.allclose(T @ P(W), P(W) @ T))
        True
        """
        m_out, m_in = self.shape
        c = self.coefficients(W)
        if isinstance(c, np.ndarray):
            return (c @ self._float_flat).reshape(*c.shape[:-1], m_out, m_in)
        flat = Matrix.from_flint(c.to_flint().transpose() * self._flat) if self.dim else None
        if flat is None:
            return Matrix.zeros(m_out, m_in)
        q = flat.to_flint()
        out = flint.fmpq_mat(m_out, m_in)
        for i in range(m_out):
            for j in range(m_in):
                out[i, j] = q[0, i * m_in + j]
        return Matrix.from_flint(out)

    __call__ = project

    def residual(self, W: Any) -> Matrix | np.ndarray:
        """``W - P(W)``, the part of ``W`` orthogonal to every equivariant matrix.

        Examples
        --------
        >>> from fractions import Fraction
        >>> import repkit as rk
        >>> from repkit.exact import Matrix
        >>> rho = rk.regular(rk.cyclic(2))
        >>> P = EquivariantProjector.from_basis(rho >> rho)
        >>> P.residual(Matrix([[1, 0], [0, 0]])) == Matrix([[1, 0], [0, -1]]) * Fraction(1, 2)
        True
        """
        M = self._exact_input(W)
        if M is None:
            return np.asarray(W, dtype=np.float64) - self.project(W)
        return M - self.project(M)

    def relative_distance(self, W: Any) -> float:
        """``|W - P(W)|_F / |W|_F`` in float: 0 exactly when ``W`` is equivariant (0 for ``W = 0``).

        Examples
        --------
        >>> import repkit as rk
        >>> rho = rk.regular(rk.cyclic(3))
        >>> P = EquivariantProjector.from_basis(rho >> rho)
        >>> P.relative_distance(rho.images[0]) == 0.0
        True
        """
        M = self._exact_input(W)
        w = np.asarray(W, dtype=np.float64) if M is None else M.to_numpy(np.float64)
        r = w - self.project(W) if M is None else self.residual(M).to_numpy(np.float64)
        norm = float(np.linalg.norm(w))
        return 0.0 if norm == 0.0 else float(np.linalg.norm(r)) / norm


def project(W: Any, basis: WeightBasis | StructuredBasis | Sequence[Matrix]) -> Matrix | np.ndarray:
    """The orthogonal projection of ``W`` onto the span of ``basis`` (see `EquivariantProjector`).

    Parameters
    ----------
    W : Matrix, integer array, nested list or float array
        Exact input gives an exact result; float input a float64 one.
    basis : WeightBasis or sequence of Matrix
        A rational basis, e.g. ``rho_in >> rho_out``.

    Returns
    -------
    Matrix or numpy.ndarray

    Notes
    -----
    Builds the projector each call (``O(d^2 m_out m_in + d^3)``); keep an `EquivariantProjector` to
    project many matrices.

    Examples
    --------
    >>> import repkit as rk
    >>> V = rk.natural(rk.symmetric(3))
    >>> P = project([[0, 6, 0], [0, 0, 0], [0, 0, 0]], V >> V)   # e_01 averaged over 6 places
    >>> P.to_list() == [[0, 1, 1], [1, 0, 1], [1, 1, 0]]
    True
    """
    return EquivariantProjector.from_basis(basis).project(W)
