"""`WeightBasis`: an exact basis of equivariant linear maps, and its exports.

A `WeightBasis` holds a basis ``B_0, ..., B_{dim-1}`` of ``Hom_G(rho_in, rho_out)``, each ``B_k`` an
``m_out x m_in`` matrix with exact entries, together with the bias basis (the vectors fixed by
``rho_out``). It is the value every exporter reads: `to_numpy`, `numerators` / `denominators`,
`pattern`, `apply`, `exact_matrices`, `save` / `save_safetensors`.

Canonical form
--------------
Flatten each ``B_k`` row-major (entry ``(i, j)`` at position ``i * m_in + j``). The basis is the
reduced row echelon form of the space in these coordinates, with every row then scaled by a positive
rational so that its entries are coprime integers (a *primitive* integer vector) whose first nonzero
entry is positive. Rows are ordered by their pivot (first nonzero position). The canonical form
depends only on the space, so the same inputs always give the same numbers and the same bytes.

For a permutation (or signed-permutation) representation the canonical basis is the set of orbit
indicators (signed for signed permutations), ordered by first occurrence in row-major order; the
*sharing pattern* ``pattern[i, j]`` is the index of the basis element whose support holds
``(i, j)``, ``-1`` for an entry forced to zero.

Storage
-------
Two internal forms, chosen automatically: ``"pattern"`` (a sharing pattern plus an ``int8`` sign
array; used whenever every basis element has entries in {0, 1, -1} with disjoint supports) and
``"sparse"`` (sorted nonzero entries). Dense arrays are built only on request.

Cyclotomic bases (``field = n > 1``): entry ``x`` of Q(zeta_n) is encoded by the integer
coefficients of its canonical form (GAP's Zumbroich basis, minimal conductor ``c``) lifted to
exponents modulo ``n``: ``x = sum_k c_k E(n)^k``, ``k = 0 .. n-1``. Numerator arrays then carry a
trailing axis of length ``n``.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, field as dc_field
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal, Mapping

import numpy as np

from ..errors import BasisTooLargeError  # noqa: F401  (defined with the other errors)
from ..errors import RepkitError, ShapeError, ExactnessError

if TYPE_CHECKING:  # pragma: no cover
    from ..exact import Matrix

__all__ = ["WeightBasis", "content_checksum", "BasisTooLargeError", "SCHEMA_VERSION", "STRUCTURED_SCHEMA_VERSION",
           "DEFAULT_MAX_ENTRIES"]

#: Version of the template file layout written by `WeightBasis.save`.
SCHEMA_VERSION = 1

#: Version of the layout written by `StructuredBasis.save` (one small basis per component pair).
STRUCTURED_SCHEMA_VERSION = 2

#: Largest number of entries (``dim * m_out * m_in``) a dense view is built with by default.
DEFAULT_MAX_ENTRIES = 1 << 28


def _readonly(a: np.ndarray) -> np.ndarray:
    a = np.ascontiguousarray(a)
    a.setflags(write=False)
    return a


def _canonical_array_bytes(name: str, a: np.ndarray) -> bytes:
    head = f"{name}|{a.dtype.str}|{','.join(map(str, a.shape))}|".encode()
    return head + np.ascontiguousarray(a).tobytes()


def content_checksum(kind: str, arrays: Mapping[str, np.ndarray]) -> str:
    """sha256 (hex) of a basis's storage kind and its canonical arrays, in name order.

    The one definition of a basis's identity: `WeightBasis.checksum`, `StructuredBasis.checksum`
    and the template loader (before it builds anything) all call it.

    Examples
    --------
    >>> a = content_checksum("pattern", {"dim": np.array(1, np.int64)})
    >>> a == content_checksum("pattern", {"dim": np.array(1, np.int64)}) != content_checksum("sparse", {})
    True
    """
    h = hashlib.sha256(kind.encode())
    for name in sorted(arrays):
        h.update(_canonical_array_bytes(name, arrays[name]))
    return h.hexdigest()


@dataclass(frozen=True, eq=False, repr=False)
class WeightBasis:
    """An exact basis of the equivariant maps ``Hom_G(rho_in, rho_out)`` and of the biases.

    Built by `repkit.equivariant_basis` (or ``rho_in >> rho_out``) and by `repkit.load_template`;
    not meant to be constructed by hand (use `WeightBasis.from_pattern` / `from_sparse` if you must).
    The basis is in the canonical form described in the module docstring (reduced row echelon,
    primitive integer rows, ordered by pivot); for permutation representations it is the set of
    orbit indicators and `pattern` is the weight-sharing pattern.

    Attributes
    ----------
    shape : tuple of int
        ``(m_out, m_in)``.
    dim : int
        Number of basis elements (free weight parameters).
    field : int
        Conductor ``n`` of the field Q(zeta_n) of the entries; 1 for the rationals.
    kind : {"pattern", "sparse"}
        Internal storage (see module docstring).
    storage : tuple of numpy.ndarray
        ``(pattern, signs)`` for ``"pattern"``; ``(entry_index, entry_values, row_denominators)``
        for ``"sparse"`` where ``entry_index = k * m_out * m_in + i * m_in + j`` sorted ascending.
    bias_numerators, bias_denominators : numpy.ndarray
        Exact bias basis: ``bias = bias_numerators / bias_denominators[:, None]`` of shape
        ``(dim_b, m_out)`` (trailing axis ``n`` when ``field = n > 1``).
    metadata : Mapping[str, str]
        repkit version, schema version, group presentation, representation names, method.
    rho_in, rho_out : Rep or None
        The representations (None when loaded from a file).

    Notes
    -----
    Memory is O(m_out m_in) for pattern bases and O(nnz) for sparse ones; dense views cost
    O(dim m_out m_in) and are bounded by ``max_entries``. The weight-sharing view of equivariant
    layers follows Ravanbakhsh, Schneider, Poczos, "Equivariance through parameter-sharing",
    ICML 2017, section 3.

    Examples
    --------
    >>> import numpy as np
    >>> B = WeightBasis.from_pattern(np.array([[0, 1], [1, 0]]))
    >>> B.dim, B.shape
    (2, (2, 2))
    >>> bool((B.to_numpy().sum(axis=0) == 1).all())   # orbit indicators partition the entries
    True
    """

    shape: tuple[int, int]
    dim: int
    field: int
    kind: Literal["pattern", "sparse"]
    storage: tuple[np.ndarray, ...]
    bias_numerators: np.ndarray
    bias_denominators: np.ndarray
    metadata: Mapping[str, str] = dc_field(default_factory=dict)
    rho_in: Any = None
    rho_out: Any = None

    # -- construction -------------------------------------------------------------------

    @classmethod
    def from_pattern(
        cls,
        pattern: np.ndarray,
        signs: np.ndarray | None = None,
        *,
        bias_numerators: np.ndarray | None = None,
        bias_denominators: np.ndarray | None = None,
        metadata: Mapping[str, str] | None = None,
        rho_in: Any = None,
        rho_out: Any = None,
    ) -> WeightBasis:
        """Build a basis of (signed) orbit indicators from a sharing pattern.

        Parameters
        ----------
        pattern : numpy.ndarray
            ``(m_out, m_in)`` integers; ``pattern[i, j]`` the parameter index of entry ``(i, j)``
            or ``-1`` for zero. Parameters must be numbered ``0, 1, ...`` by first occurrence in
            row-major order (the canonical order).
        signs : numpy.ndarray, optional
            ``(m_out, m_in)`` entries in {-1, 0, 1}, nonzero exactly where ``pattern >= 0``, and
            ``+1`` at the first occurrence of each parameter. Default: all ``+1``.
        bias_numerators, bias_denominators : numpy.ndarray, optional
            Exact bias basis; default none (``dim_b = 0``).
        metadata : Mapping[str, str], optional
        rho_in, rho_out : Rep, optional

        Returns
        -------
        WeightBasis

        Raises
        ------
        ShapeError
            If the arrays have wrong shapes, dtypes, values, or the numbering is not canonical.

        Notes
        -----
        O(m_out m_in) to validate.

        Examples
        --------
        >>> import numpy as np
        >>> B = WeightBasis.from_pattern(np.array([[0, 1, 2], [2, 0, 1], [1, 2, 0]]))
        >>> B.dim, int(B.pattern[1, 0])
        (3, 2)
        """
        p = np.asarray(pattern)
        if p.ndim != 2 or not np.issubdtype(p.dtype, np.integer):
            raise ShapeError(f"pattern: expected a 2-d integer array, got {p.dtype} of shape {p.shape}")
        p = p.astype(np.int64)
        flat = p.ravel()
        if flat.size and flat.min() < -1:
            raise ShapeError(f"pattern: expected entries >= -1, got {int(flat.min())}")
        # canonical numbering <=> each entry is at most 1 + the largest label before it
        running = np.maximum.accumulate(flat) if flat.size else flat
        before = np.concatenate([[-1], running[:-1]]) if flat.size else flat
        if np.any(flat > before + 1):
            raise ShapeError("pattern: expected parameters numbered 0, 1, ... by first occurrence "
                             "in row-major order")
        dim = int(running[-1]) + 1 if flat.size else 0
        new = flat > before                      # first occurrence of each parameter
        if signs is None:
            s = (p >= 0).astype(np.int8)
        else:
            s = np.asarray(signs)
            if s.shape != p.shape or not np.issubdtype(s.dtype, np.integer):
                raise ShapeError(f"signs: expected an integer array of shape {p.shape}, got "
                                 f"{s.dtype} of shape {s.shape}")
            s = s.astype(np.int8)
            if not np.array_equal(s != 0, p >= 0) or np.any(np.abs(s) > 1):
                raise ShapeError("signs: expected entries +-1 exactly where pattern >= 0, 0 elsewhere")
            if np.any(s.ravel()[new] != 1):
                raise ShapeError("signs: expected +1 at the first occurrence of every parameter")
        m_out = p.shape[0]
        bn, bd = _check_bias(bias_numerators, bias_denominators, m_out, 1)
        return cls((int(p.shape[0]), int(p.shape[1])), dim, 1, "pattern", (_readonly(p), _readonly(s)),
                   bn, bd, dict(metadata or {}), rho_in, rho_out)

    @classmethod
    def _trusted_pattern(cls, pattern: np.ndarray, signs: np.ndarray, *, bias_numerators: np.ndarray,
                         bias_denominators: np.ndarray, metadata: Mapping[str, str], rho_in: Any,
                         rho_out: Any) -> WeightBasis:
        """`from_pattern` without the O(m_out m_in) validation, for the solver's own output."""
        p = pattern.astype(np.int64, copy=False)
        dim = int(p.max()) + 1 if p.size else 0
        bn, bd = _check_bias(bias_numerators, bias_denominators, p.shape[0], 1)
        return cls((int(p.shape[0]), int(p.shape[1])), max(dim, 0), 1, "pattern",
                   (_readonly(p), _readonly(signs.astype(np.int8, copy=False))), bn, bd,
                   dict(metadata), rho_in, rho_out)

    @classmethod
    def from_sparse(
        cls,
        shape: tuple[int, int],
        dim: int,
        entry_index: np.ndarray,
        entry_values: np.ndarray,
        row_denominators: np.ndarray | None = None,
        *,
        field: int = 1,
        bias_numerators: np.ndarray | None = None,
        bias_denominators: np.ndarray | None = None,
        metadata: Mapping[str, str] | None = None,
        rho_in: Any = None,
        rho_out: Any = None,
    ) -> WeightBasis:
        """Build a basis from its sorted nonzero entries (converted to a pattern when possible).

        Parameters
        ----------
        shape : tuple of int
            ``(m_out, m_in)``.
        dim : int
            Number of basis elements.
        entry_index : numpy.ndarray
            ``(nnz,)`` int64, ``k * m_out * m_in + i * m_in + j``, strictly increasing.
        entry_values : numpy.ndarray
            ``(nnz,)`` int64 numerators (``(nnz, field)`` coefficient rows when ``field > 1``).
        row_denominators : numpy.ndarray, optional
            ``(dim,)`` int64; default all 1, the only value the canonical form allows (kept as an
            argument for the template layout).
        field : int
            Conductor of the field, 1 for Q.
        bias_numerators, bias_denominators, metadata, rho_in, rho_out
            As in `from_pattern`.

        Returns
        -------
        WeightBasis

        Raises
        ------
        ShapeError
            On wrong shapes, dtypes, order or an empty basis element, and on rows not in the
            canonical form of the module docstring: pivots not strictly increasing (so two equal
            rows are refused), a pivot position nonzero in another row (not reduced echelon; with
            distinct pivots this also refuses dependent rows), a row that is not primitive, a pivot
            that is not a positive rational, a denominator other than 1, or (``field > 1``) an
            entry not in its canonical coefficient encoding.

        Notes
        -----
        O(nnz log nnz); the canonical-form check is O(nnz log dim) on the sorted entries, without
        a dense matrix, plus (``field > 1``) one exact re-encoding per distinct entry value.

        Examples
        --------
        >>> import numpy as np
        >>> B = WeightBasis.from_sparse((1, 2), 1, np.array([0, 1]), np.array([1, 2]))
        >>> B.kind, B.numerators.tolist()
        ('sparse', [[[1, 2]]])
        >>> WeightBasis.from_sparse((1, 2), 2, np.array([0, 1, 2, 3]), np.array([1, 2, 1, 2]))
        Traceback (most recent call last):
        ...
        repkit.errors.ShapeError: entry_index: expected canonical form (rows with strictly increasing pivots), got element 1 with the same pivot as element 0 (position 0); equal or reordered rows are not a canonical basis
        """
        m_out, m_in = (int(shape[0]), int(shape[1]))
        idx = np.asarray(entry_index)
        val = np.asarray(entry_values)
        if idx.ndim != 1 or not np.issubdtype(idx.dtype, np.integer):
            raise ShapeError(f"entry_index: expected a 1-d integer array, got {idx.dtype} {idx.shape}")
        want = (idx.size,) if field == 1 else (idx.size, field)
        if val.shape != want or not np.issubdtype(val.dtype, np.integer):
            raise ShapeError(f"entry_values: expected an integer array of shape {want}, got "
                             f"{val.dtype} {val.shape}")
        idx = idx.astype(np.int64)
        val = val.astype(np.int64)
        size = m_out * m_in
        if idx.size and (np.any(np.diff(idx) <= 0) or idx[0] < 0 or idx[-1] >= dim * size):
            raise ShapeError("entry_index: expected strictly increasing indices below dim*m_out*m_in")
        nonzero = val != 0 if field == 1 else np.any(val != 0, axis=1)
        if not np.all(nonzero):
            raise ShapeError("entry_values: expected only nonzero entries")
        if dim and np.unique(idx // size).size != dim:
            raise ShapeError(f"entry_index: expected every one of the {dim} basis elements to be nonzero")
        den = np.ones(dim, np.int64) if row_denominators is None else np.asarray(row_denominators)
        if den.shape != (dim,) or not np.issubdtype(den.dtype, np.integer) or np.any(den <= 0):
            raise ShapeError(f"row_denominators: expected {dim} positive integers, got {den!r}")
        if np.any(den != 1):
            k = int(np.flatnonzero(den != 1)[0])
            raise ShapeError(f"row_denominators: expected 1 for every element (canonical form: rows are "
                             f"primitive integer vectors), got {int(den[k])} for element {k}")
        _check_canonical_rows(idx, val, dim, size, int(field))
        bn, bd = _check_bias(bias_numerators, bias_denominators, m_out, field)
        meta = dict(metadata or {})
        if field == 1 and np.all(den == 1) and np.all(np.abs(val) == 1):
            flat = idx % size
            if np.unique(flat).size == flat.size:
                pattern = np.full(size, -1, np.int64)
                pattern[flat] = idx // size
                signs = np.zeros(size, np.int8)
                signs[flat] = val
                running = np.maximum.accumulate(pattern)
                before = np.concatenate([[-1], running[:-1]])
                new = pattern > before
                if not np.any(pattern > before + 1) and np.all(signs[new] == 1):
                    return cls.from_pattern(pattern.reshape(m_out, m_in), signs.reshape(m_out, m_in),
                                            bias_numerators=bn, bias_denominators=bd, metadata=meta,
                                            rho_in=rho_in, rho_out=rho_out)
        return cls((m_out, m_in), int(dim), int(field), "sparse",
                   (_readonly(idx), _readonly(val), _readonly(den.astype(np.int64))),
                   bn, bd, meta, rho_in, rho_out)

    # -- exact views --------------------------------------------------------------------

    @property
    def pattern(self) -> np.ndarray | None:
        """The sharing pattern ``(m_out, m_in)`` (parameter index, -1 for zero), or None.

        None unless the basis is a 0/1 partition of the entries (signed bases: see `signs`).

        Examples
        --------
        >>> import numpy as np
        >>> WeightBasis.from_pattern(np.array([[0, -1]])).pattern.tolist()
        [[0, -1]]
        """
        if self.kind == "pattern" and not np.any(self.storage[1] < 0):
            return self.storage[0]
        return None

    @property
    def signs(self) -> np.ndarray | None:
        """For pattern bases, the ``int8`` sign of each entry (0 where forced to zero); else None.

        Examples
        --------
        >>> import numpy as np
        >>> B = WeightBasis.from_pattern(np.array([[0, 0]]), np.array([[1, -1]]))
        >>> B.pattern is None and B.signs.tolist() == [[1, -1]]
        True
        """
        return self.storage[1] if self.kind == "pattern" else None

    def _coo(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(entry_index, entry_values, row_denominators) for either storage."""
        if self.kind == "sparse":
            return self.storage  # type: ignore[return-value]
        p, s = self.storage
        flat = p.ravel()
        pos = np.flatnonzero(flat >= 0)
        size = self.shape[0] * self.shape[1]
        idx = flat[pos] * size + pos
        order = np.argsort(idx, kind="stable")
        return idx[order], s.ravel()[pos][order].astype(np.int64), np.ones(self.dim, np.int64)

    def dense_numerators(self, *, max_entries: int = DEFAULT_MAX_ENTRIES) -> np.ndarray:
        """The integer numerators as a dense ``(dim, m_out, m_in)`` array (trailing ``n`` if cyclotomic).

        Parameters
        ----------
        max_entries : int
            Refuse to build more than this many entries.

        Returns
        -------
        numpy.ndarray
            int64, read-only.

        Raises
        ------
        BasisTooLargeError
            If ``dim * m_out * m_in`` exceeds ``max_entries``.

        Notes
        -----
        O(dim m_out m_in) memory and time.

        Examples
        --------
        >>> import numpy as np
        >>> B = WeightBasis.from_pattern(np.array([[0, 1], [1, 0]]))
        >>> B.dense_numerators().sum(axis=0).tolist()
        [[1, 1], [1, 1]]
        """
        m_out, m_in = self.shape
        total = self.dim * m_out * m_in
        if total > max_entries:
            raise BasisTooLargeError(
                f"max_entries: a dense view needs dim*m_out*m_in = {self.dim}*{m_out}*{m_in} = {total} "
                f"entries, more than max_entries={max_entries}; use pattern/apply instead")
        idx, val, _ = self._coo()
        extra = () if self.field == 1 else (self.field,)
        out = np.zeros((total,) + extra, np.int64)
        out[idx] = val
        return _readonly(out.reshape((self.dim, m_out, m_in) + extra))

    @property
    def numerators(self) -> np.ndarray:
        """Dense int64 numerators ``(dim, m_out, m_in)`` (see `dense_numerators`; default bound).

        Examples
        --------
        >>> import numpy as np
        >>> WeightBasis.from_pattern(np.array([[0, 1]])).numerators.tolist()
        [[[1, 0]], [[0, 1]]]
        """
        return self.dense_numerators()

    @property
    def denominators(self) -> np.ndarray:
        """int64 denominators ``(dim, 1, 1)`` broadcasting against `numerators` (1 in canonical form).

        Examples
        --------
        >>> import numpy as np
        >>> WeightBasis.from_pattern(np.array([[0, 1]])).denominators.shape
        (2, 1, 1)
        """
        den = self._coo()[2]
        extra = () if self.field == 1 else (1,)
        return _readonly(den.reshape((self.dim, 1, 1) + extra))

    @property
    def bias(self) -> tuple[np.ndarray, np.ndarray]:
        """The exact bias basis ``(numerators (dim_b, m_out), denominators (dim_b,))``.

        Examples
        --------
        >>> import numpy as np
        >>> B = WeightBasis.from_pattern(np.array([[0]]), bias_numerators=np.array([[1]]))
        >>> B.bias[0].tolist(), B.bias[1].tolist()
        ([[1]], [1])
        """
        return self.bias_numerators, self.bias_denominators

    @property
    def bias_dim(self) -> int:
        """Number of bias parameters ``dim_b``.

        Examples
        --------
        >>> import numpy as np
        >>> WeightBasis.from_pattern(np.array([[0]])).bias_dim
        0
        """
        return int(self.bias_numerators.shape[0])

    def _decode(self, values: np.ndarray) -> Any:
        """Exact scalar from one stored numerator (int, or a coefficient row when cyclotomic)."""
        if self.field == 1:
            return int(values)
        from ..exact import E  # the exact layer is below us
        total: Any = 0
        for k in np.flatnonzero(values):
            total = total + int(values[k]) * E(self.field, int(k))
        return total

    def exact_matrices(self) -> tuple[Matrix, ...]:
        """The basis as exact `repkit.exact.Matrix` objects ``B_0, ..., B_{dim-1}``.

        Returns
        -------
        tuple of Matrix

        Notes
        -----
        O(dim m_out m_in) exact entries.

        Examples
        --------
        >>> import numpy as np
        >>> Ms = WeightBasis.from_pattern(np.array([[0, 1], [1, 0]])).exact_matrices()
        >>> Ms[0].is_identity()
        True
        """
        from ..exact import Matrix

        m_out, m_in = self.shape
        size = m_out * m_in
        idx, val, den = self._coo()
        rows: list[list[list[Any]]] = [[[0] * m_in for _ in range(m_out)] for _ in range(self.dim)]
        for t in range(idx.size):
            k, pos = divmod(int(idx[t]), size)
            i, j = divmod(pos, m_in)
            x = self._decode(val[t])
            d = int(den[k])
            rows[k][i][j] = x if d == 1 else x * Fraction(1, d)
        return tuple(Matrix(r) if m_out and m_in else Matrix.zeros(m_out, m_in) for r in rows)

    # -- float views ---------------------------------------------------------------------

    def _complex_units(self) -> np.ndarray:
        k = np.arange(self.field)
        return np.exp(2j * np.pi * k / self.field)

    def to_numpy(self, dtype: Any = np.float32, *, max_entries: int = DEFAULT_MAX_ENTRIES) -> np.ndarray:
        """The basis as floats, shape ``(dim, m_out, m_in)``.

        Parameters
        ----------
        dtype : numpy dtype
            Output dtype (default float32). For a cyclotomic basis with non-real entries a complex
            dtype is needed (a real dtype raises `ExactnessError`).
        max_entries : int
            Bound on ``dim * m_out * m_in``.

        Returns
        -------
        numpy.ndarray

        Raises
        ------
        BasisTooLargeError
            If the dense view is larger than ``max_entries``.
        ExactnessError
            If a real dtype is asked for a basis whose entries are not all real.

        Notes
        -----
        O(dim m_out m_in). The only lossy step: exact values are rounded to ``dtype``.

        Examples
        --------
        >>> import numpy as np
        >>> B = WeightBasis.from_pattern(np.array([[0, 1], [1, 0]]))
        >>> bool(np.array_equal(B.to_numpy().sum(axis=0), np.ones((2, 2))))
        True
        """
        num = self.dense_numerators(max_entries=max_entries)
        den = self.denominators
        if self.field == 1:
            return (num.astype(np.float64) / den).astype(dtype)
        vals = (num.astype(np.float64) @ self._complex_units()) / den[..., 0]
        if not np.issubdtype(np.dtype(dtype), np.complexfloating):
            if not self.is_real():
                raise ExactnessError(f"dtype: the basis has non-real entries in Q(E({self.field})); "
                                     f"expected a complex dtype, got {np.dtype(dtype)}")
            return vals.real.astype(dtype)
        return vals.astype(dtype)

    def is_real(self) -> bool:
        """Whether every entry is real (decided exactly, by complex conjugation in Q(zeta_n)).

        Examples
        --------
        >>> import numpy as np
        >>> WeightBasis.from_pattern(np.array([[0]])).is_real()
        True
        """
        if self.field == 1:
            return True
        _, val, _ = self._coo()
        for row in np.unique(val, axis=0):
            x = self._decode(row)
            if x != x.conjugate():
                return False
        return True

    def apply(self, theta: Any, theta_bias: Any = None) -> Any:
        """The weight matrix ``W = sum_k theta[k] B_k`` (and bias ``b = sum_l theta_bias[l] b_l``).

        Parameters
        ----------
        theta : array_like
            ``dim`` coefficients. A NumPy floating (or complex) array gives a NumPy result; a list,
            tuple or integer array of ints / Fractions gives an exact `repkit.exact.Matrix`.
        theta_bias : array_like, optional
            ``dim_b`` bias coefficients, same rules.

        Returns
        -------
        W, or (W, b) when ``theta_bias`` is given
            ``W`` of shape ``(m_out, m_in)``, ``b`` of length ``m_out`` (an ``m_out x 1`` Matrix when exact).

        Raises
        ------
        ShapeError
            If the number of coefficients is not ``dim`` (``dim_b``).

        Notes
        -----
        O(m_out m_in) for pattern bases (a gather), O(nnz) for sparse ones.

        Examples
        --------
        >>> import numpy as np
        >>> B = WeightBasis.from_pattern(np.array([[0, 1], [1, 0]]))
        >>> B.apply(np.array([2.0, 3.0])).tolist()
        [[2.0, 3.0], [3.0, 2.0]]
        >>> B.apply([1, 0]).is_identity()
        True
        """
        from ._apply import apply_bias, apply_weights

        W = apply_weights(self, theta)
        if theta_bias is None:
            return W
        return W, apply_bias(self, theta_bias, exact=not isinstance(W, np.ndarray))

    def to_weight_basis(self, *, max_entries: int = DEFAULT_MAX_ENTRIES) -> WeightBasis:
        """This basis itself (already canonical); the same call as `StructuredBasis.to_weight_basis`.

        Examples
        --------
        >>> import numpy as np
        >>> B = WeightBasis.from_pattern(np.array([[0, 1]]))
        >>> B.to_weight_basis() is B
        True
        """
        return self

    @property
    def canonical_order(self) -> np.ndarray:
        """The identity permutation ``arange(dim)`` (see `StructuredBasis.canonical_order`).

        Examples
        --------
        >>> import numpy as np
        >>> WeightBasis.from_pattern(np.array([[0, 1]])).canonical_order.tolist()
        [0, 1]
        """
        return np.arange(self.dim)

    # -- derived bases -------------------------------------------------------------------

    def localize(self, mask: np.ndarray) -> WeightBasis:
        """The sub-basis of maps vanishing outside ``mask`` (the CNN restriction).

        Parameters
        ----------
        mask : numpy.ndarray
            Boolean ``(m_out, m_in)``; True where a weight may be nonzero.

        Returns
        -------
        WeightBasis
            A basis of ``{W in span(B) : W[~mask] = 0}`` in canonical form.

        Raises
        ------
        ShapeError
            If ``mask`` is not a boolean array of shape ``(m_out, m_in)``.

        Notes
        -----
        For pattern bases the orbit indicators are disjoint, so the subspace is spanned by the
        orbits lying entirely inside the mask; an orbit meeting both sides is dropped. A mask
        invariant under the group (for example `locality_mask` for a lattice group, whose
        periodic distance is translation invariant) never splits an orbit. O(m_out m_in).
        Sparse bases solve the exact linear system on the masked-out coordinates.

        Examples
        --------
        >>> import numpy as np
        >>> B = WeightBasis.from_pattern(np.array([[0, 1], [1, 0]]))
        >>> B.localize(np.eye(2, dtype=bool)).dim
        1
        """
        from .locality import localize_basis

        return localize_basis(self, mask)

    # -- identity, hashing, repr -----------------------------------------------------------

    def canonical_arrays(self) -> dict[str, np.ndarray]:
        """The arrays defining the basis (the exact content of a template file), by name.

        Examples
        --------
        >>> import numpy as np
        >>> sorted(WeightBasis.from_pattern(np.array([[0]])).canonical_arrays())[:3]
        ['bias_denominators', 'bias_numerators', 'dim']
        """
        out: dict[str, np.ndarray] = {
            "shape": np.array(self.shape, np.int64),
            "dim": np.array(self.dim, np.int64),
            "field": np.array(self.field, np.int64),
            "bias_numerators": self.bias_numerators,
            "bias_denominators": self.bias_denominators,
        }
        if self.kind == "pattern":
            out["pattern"], out["signs"] = self.storage
        else:
            out["entry_index"], out["entry_values"], out["row_denominators"] = self.storage
        return out

    @functools.cached_property
    def checksum(self) -> str:
        """sha256 (hex) of the canonical arrays and the storage kind; equal bases, equal checksums.

        Examples
        --------
        >>> import numpy as np
        >>> a = WeightBasis.from_pattern(np.array([[0, 1]]))
        >>> b = WeightBasis.from_sparse((1, 2), 2, np.array([0, 3]), np.array([1, 1]))
        >>> a.checksum == b.checksum and a == b
        True
        """
        return content_checksum(self.kind, self.canonical_arrays())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, WeightBasis):
            return NotImplemented
        return self.checksum == other.checksum

    def __hash__(self) -> int:
        return hash(self.checksum)

    def __repr__(self) -> str:
        m_out, m_in = self.shape
        fld = "Q" if self.field == 1 else f"Q(E({self.field}))"
        method = self.metadata.get("method", "?")
        names = ""
        if "rho_in" in self.metadata:
            names = f", {self.metadata['rho_in']} -> {self.metadata['rho_out']}"
        return (f"WeightBasis(dim={self.dim}, shape=({m_out}, {m_in}), field={fld}, kind={self.kind!r}, "
                f"bias_dim={self.bias_dim}, method={method!r}{names})")

    # -- files ------------------------------------------------------------------------------

    def save(self, path: str) -> None:
        """Write the basis as a versioned ``.npz`` template, atomically (temp file + rename).

        See `repkit.equivariant.template_io` for the layout; `repkit.load_template` reads it back
        bit-exactly. Equal bases write byte-identical files.

        Examples
        --------
        >>> import numpy as np, tempfile, os
        >>> from repkit.equivariant import load_template
        >>> B = WeightBasis.from_pattern(np.array([[0, 1], [1, 0]]))
        >>> with tempfile.TemporaryDirectory() as d:
        ...     B.save(os.path.join(d, "w.npz")); C = load_template(os.path.join(d, "w.npz"))
        >>> C == B and C.rho_in is None
        True
        """
        from .template_io import save_template

        save_template(self, path)

    def save_safetensors(self, path: str) -> None:
        """Write the basis with the ``safetensors`` format (needs the optional package).

        Raises
        ------
        OptionalDependencyError
            If ``safetensors`` is not installed.

        Examples
        --------
        >>> import numpy as np
        >>> B = WeightBasis.from_pattern(np.array([[0]]))
        >>> callable(B.save_safetensors)
        True
        """
        from .template_io import save_safetensors

        save_safetensors(self, path)


def _check_canonical_rows(idx: np.ndarray, val: np.ndarray, dim: int, size: int, field: int) -> None:
    """Raise `ShapeError` unless sorted sparse rows are in the canonical form of the module docstring.

    ``idx`` is strictly increasing and every one of the ``dim`` rows is nonzero (checked before).
    Checks, in O(nnz log dim) without a dense matrix: pivots (first positions) strictly increasing
    (so no two rows are equal), reduced echelon form (a pivot position is nonzero only in its own
    row, which with distinct pivots makes the rows independent), every row primitive (gcd of all its
    integer coefficients 1), every pivot a positive rational (for ``field > 1`` its coefficient row is
    ``(c, 0, ..., 0)`` with ``c > 0``), and for ``field > 1`` every entry in the canonical coefficient
    encoding (`repkit.equivariant.commutant.encode_cyclotomic`, checked once per distinct entry).
    """
    if dim == 0:
        return
    row = idx // size
    pos = idx % size
    starts = np.flatnonzero(np.concatenate([[True], row[1:] != row[:-1]]))
    pivots = pos[starts]
    if np.any(np.diff(pivots) <= 0):
        k = int(np.flatnonzero(np.diff(pivots) <= 0)[0])
        same = "the same pivot as" if pivots[k + 1] == pivots[k] else "an earlier pivot than"
        raise ShapeError(f"entry_index: expected canonical form (rows with strictly increasing pivots), "
                         f"got element {k + 1} with {same} element {k} (position {int(pivots[k + 1])}); "
                         "equal or reordered rows are not a canonical basis")
    at = np.searchsorted(pivots, pos)
    hit = (at < dim) & (pivots[np.minimum(at, dim - 1)] == pos)
    if int(hit.sum()) != dim:
        t = int(np.flatnonzero(hit & (np.arange(idx.size) != starts[np.minimum(at, dim - 1)]))[0])
        raise ShapeError(f"entry_index: expected canonical form (reduced row echelon), got element "
                         f"{int(row[t])} nonzero at position {int(pos[t])}, the pivot of element {int(at[t])}")
    mags = np.abs(val) if field == 1 else np.gcd.reduce(np.abs(val), axis=1)
    g = np.gcd.reduceat(mags, starts)
    if np.any(g != 1):
        k = int(np.flatnonzero(g != 1)[0])
        raise ShapeError(f"entry_values: expected canonical form (every element primitive: coprime integer "
                         f"numerators), got element {k} with common factor {int(g[k])}")
    lead = val[starts]
    bad = lead <= 0 if field == 1 else (lead[:, 0] <= 0) | np.any(lead[:, 1:] != 0, axis=1)
    if np.any(bad):
        k = int(np.flatnonzero(bad)[0])
        raise ShapeError(f"entry_values: expected canonical form (a positive rational pivot, the first "
                         f"nonzero entry, in every element), got {lead[k].tolist()} in element {k}")
    if field > 1:
        from .commutant import encode_cyclotomic   # same layer
        from ..exact import E
        for v in np.unique(val, axis=0):
            x: Any = 0
            for k in np.flatnonzero(v):
                x = x + int(v[k]) * E(field, int(k))
            if encode_cyclotomic(x, field) != v.tolist():
                raise ShapeError(f"entry_values: expected canonical form of every entry (lifted "
                                 f"Zumbroich coefficients, see encode_cyclotomic), got {v.tolist()} for the number {x}")


def _check_bias(num: np.ndarray | None, den: np.ndarray | None, m_out: int,
                field: int) -> tuple[np.ndarray, np.ndarray]:
    extra = () if field == 1 else (field,)
    if num is None:
        return _readonly(np.zeros((0, m_out) + extra, np.int64)), _readonly(np.zeros(0, np.int64))
    n = np.asarray(num)
    if n.ndim != 2 + len(extra) or n.shape[1:] != (m_out,) + extra or not np.issubdtype(n.dtype, np.integer):
        raise ShapeError(f"bias_numerators: expected an integer array of shape (dim_b, {m_out}"
                         f"{', ' + str(field) if extra else ''}), got {n.dtype} {n.shape}")
    d = np.ones(n.shape[0], np.int64) if den is None else np.asarray(den)
    if d.shape != (n.shape[0],) or not np.issubdtype(d.dtype, np.integer) or np.any(d <= 0):
        raise ShapeError(f"bias_denominators: expected {n.shape[0]} positive integers, got {d!r}")
    return _readonly(n.astype(np.int64)), _readonly(d.astype(np.int64))
