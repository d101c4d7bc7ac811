"""EMLP interop without depending on EMLP: its groups' generator matrices in, bases out.

EMLP (Finzi, Welling, Wilson, *A Practical Method for Constructing Equivariant Multilayer
Perceptrons for Arbitrary Matrix Groups*, ICML 2021) describes a finite group by
``G.discrete_generators``, an array of shape ``(k, n, n)`` acting on column vectors from the left
(``rho(g h) = rho(g) rho(h)``, repkit's convention). Its equivariant basis of ``V >> W`` is a
matrix ``Q`` of shape ``(dim W * dim V, r)`` whose columns, reshaped row-major to
``(dim W, dim V)``, span the equivariant maps; a layer's weight is ``(Q @ theta).reshape(out, in)``.

* :func:`group_from_emlp` takes such generators (the EMLP group object itself, or the array) and
  builds an exact repkit group: from permutations when every generator is a permutation matrix,
  else from integer matrices. Entries must be exactly integers (EMLP stores them as floats);
  a generator with an irrational entry such as ``cos(2 pi / 5)`` cannot be made exact and is
  refused (use the repkit family, e.g. :func:`repkit.dihedral`, instead).
* :func:`basis_to_emlp` gives a repkit :class:`~repkit.WeightBasis` in EMLP's ``Q`` layout (floats:
  this is an export boundary), optionally with orthonormal columns as EMLP's SVD gives them.

Examples
--------
>>> import numpy as np
>>> import repkit as rk
>>> shift = np.roll(np.eye(4), 1, axis=0)              # EMLP's Z(4): one cyclic permutation
>>> G = group_from_emlp(shift[None])
>>> G.order, G.permutation_generators
(4, ((1, 2, 3, 0),))
>>> B = rk.equivariant_basis(rk.natural(G), rk.natural(G))
>>> Q = basis_to_emlp(B)
>>> Q.shape
(16, 4)
>>> W = (Q @ np.arange(4.0)).reshape(4, 4)               # an equivariant weight, as in EMLP
>>> bool(np.allclose(shift @ W, W @ shift))
True
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..errors import (ExactnessError, FileWriteError, IncompatibleGroupError, InvalidOptionError,
                      ShapeError)

__all__ = ["group_from_emlp", "basis_to_emlp", "save_emlp_basis"]


def _generator_array(group_or_generators: Any) -> np.ndarray:
    lie = getattr(group_or_generators, "lie_algebra", None)
    if lie is not None and np.size(lie) > 0:
        raise IncompatibleGroupError(
            "group: expected a finite (discrete) EMLP group, got one with a Lie algebra of "
            f"shape {np.shape(lie)} (a continuous group has no finite enumeration)")
    gens = getattr(group_or_generators, "discrete_generators", group_or_generators)
    if isinstance(gens, (list, tuple)) or (isinstance(gens, np.ndarray) and gens.dtype == object):
        # EMLP keeps permutation generators as lazy operators (LazyPerm); ``to_dense()`` gives
        # the matrix, whose convention (rho(g) acting on column vectors) is repkit's
        gens = [g.to_dense() if hasattr(g, "to_dense") else g for g in gens]
    try:
        arr = np.asarray(gens)
    except (TypeError, ValueError) as exc:
        raise ShapeError(f"generators: expected an array of shape (k, n, n), got "
                         f"{type(gens).__name__}") from exc
    if arr.ndim == 2:
        arr = arr[None]
    if arr.ndim != 3 or arr.shape[1] != arr.shape[2] or arr.shape[1] == 0:
        raise ShapeError(f"generators: expected shape (k, n, n) with n >= 1, got {arr.shape}")
    if arr.dtype.kind not in "biufc":
        raise ShapeError(f"generators: expected numbers, got dtype {arr.dtype}")
    return arr


def _exact_integers(arr: np.ndarray) -> np.ndarray:
    """The integer array equal to ``arr``, or :class:`ExactnessError` naming a non-integer entry."""
    if arr.dtype.kind in "biu":
        return arr.astype(np.int64)
    if arr.dtype.kind == "c":
        bad = np.argwhere(arr.imag != 0)
        if bad.size:
            k, i, j = bad[0]
            raise ExactnessError(f"generators[{k}][{i}][{j}]: expected a real entry, got "
                                 f"{arr[k, i, j]!r}")
        arr = arr.real
    ok = np.isfinite(arr) & (arr == np.round(arr)) & (np.abs(arr) < 2 ** 53)
    if not ok.all():
        k, i, j = np.argwhere(~ok)[0]
        raise ExactnessError(
            f"generators[{k}][{i}][{j}]: expected an exact integer entry (EMLP floats are read "
            f"exactly, with no tolerance), got {arr[k, i, j]!r}; a group with irrational entries "
            "(e.g. EMLP's rotation matrices) has no exact integer form here; build it with a "
            "repkit family such as rk.dihedral(n)")
    return arr.astype(np.int64)


def _as_permutation(m: np.ndarray) -> list[int] | None:
    """``p`` with ``m e_j = e_{p[j]}`` when ``m`` is a permutation matrix, else ``None``."""
    if not (((m == 0) | (m == 1)).all() and (m.sum(axis=0) == 1).all() and (m.sum(axis=1) == 1).all()):
        return None
    return [int(i) for i in m.argmax(axis=0)]


def group_from_emlp(group_or_generators: Any, *, names: Sequence[str] | None = None,
                    max_order: int = 100_000) -> Any:
    """An exact repkit group from an EMLP group or its generator matrices.

    Parameters
    ----------
    group_or_generators : EMLP group or array_like of shape (k, n, n)
        Anything with ``discrete_generators`` (and an empty ``lie_algebra``), or the matrices;
        lazy operators with a ``to_dense()`` method (EMLP's ``LazyPerm``) are densified.
    names : sequence of str, optional
        Generator names (default ``g1, g2, ...``).
    max_order : int
        Enumeration bound for a matrix group (:meth:`repkit.Group.from_matrices`).

    Returns
    -------
    FiniteGroup
        From permutations (the matrix sends ``e_j`` to ``e_{p[j]}``) when every generator is a
        permutation matrix, so ``rk.natural(G)`` gives back exactly these matrices; else from
        the integer matrices.

    Raises
    ------
    ShapeError
        For an array that is not ``(k, n, n)``, or a wrong number of names.
    ExactnessError
        For an entry that is not exactly an integer.
    IncompatibleGroupError
        For a continuous group (non-empty Lie algebra).

    Notes
    -----
    ``O(k n^2)`` to read the generators; the closure of a matrix group is lazy (BFS, HEO §4.1).

    Examples
    --------
    >>> import numpy as np
    >>> swap = np.array([[0., 1., 0.], [1., 0., 0.], [0., 0., 1.]])
    >>> cycle = np.array([[0., 0., 1.], [1., 0., 0.], [0., 1., 0.]])
    >>> group_from_emlp(np.stack([swap, cycle])).order                  # EMLP's S(3)
    6
    >>> group_from_emlp(-np.eye(2)[None]).order                          # a matrix group
    2
    """
    from ..groups import Group
    from ..groups.sympy_interop import default_generator_names

    arr = _exact_integers(_generator_array(group_or_generators))
    chosen = tuple(names) if names is not None else default_generator_names(arr.shape[0])
    if len(chosen) != arr.shape[0]:
        raise ShapeError(f"names: expected {arr.shape[0]} names, one per generator, got "
                         f"{len(chosen)}")
    perms = [_as_permutation(m) for m in arr]
    if all(p is not None for p in perms):
        return Group.from_permutations(dict(zip(chosen, perms)))
    return Group.from_matrices({x: m.tolist() for x, m in zip(chosen, arr)}, max_order=max_order)


def basis_to_emlp(basis: Any, *, dtype: Any = np.float64, orthonormal: bool = False) -> np.ndarray:
    """A repkit basis as EMLP's ``Q``: shape ``(m_out * m_in, dim)``, one basis map per column.

    Parameters
    ----------
    basis : WeightBasis
        A real basis (``basis.is_real()``; solve complex representations with ``real=True``).
    dtype : numpy float dtype
        Output precision (float64 by default: this is where exact values become floats).
    orthonormal : bool
        Replace the columns by an orthonormal basis of their span (QR), as EMLP's SVD-based
        solver returns; the span, hence the layer family, is unchanged.

    Returns
    -------
    numpy.ndarray
        ``Q[:, k]`` is basis map ``k`` flattened row-major, so ``(Q @ theta).reshape(m_out, m_in)``
        is ``sum_k theta_k B_k``.

    Raises
    ------
    InvalidOptionError
        For a basis with non-real entries or a non-float ``dtype``.

    Notes
    -----
    ``O(dim * m_out * m_in)`` memory (a dense float array), plus the QR when ``orthonormal``.

    Examples
    --------
    >>> import repkit as rk
    >>> B = rk.equivariant_basis(rk.natural(rk.symmetric(3)), rk.natural(rk.symmetric(3)))
    >>> Q = basis_to_emlp(B, orthonormal=True)
    >>> Q.shape, bool(np.allclose(Q.T @ Q, np.eye(2)))
    ((9, 2), True)
    """
    if np.dtype(dtype).kind != "f":
        raise InvalidOptionError(f"dtype: expected a numpy float dtype, got {dtype!r}")
    if not basis.is_real():
        raise InvalidOptionError("basis: expected a real basis (EMLP's Q is real), got one with "
                                 "non-real entries; solve with equivariant_basis(..., real=True)")
    stack = basis.to_numpy(dtype)
    m_out, m_in = basis.shape
    Q = stack.reshape(basis.dim, m_out * m_in).T.copy()
    if orthonormal and basis.dim:
        Q, _ = np.linalg.qr(Q)
        Q = Q.astype(dtype, copy=False)
    return Q


def save_emlp_basis(basis: Any, path: str, *, orthonormal: bool = False) -> None:
    """Write :func:`basis_to_emlp` as a ``.npy`` file (temporary file, then an atomic rename).

    The file is created with the usual permissions (``0666`` less the umask) and loads with
    ``numpy.load(path, allow_pickle=False)``.

    Raises
    ------
    FileWriteError
        If the file cannot be written (the temporary file is removed).

    Examples
    --------
    >>> import os, tempfile
    >>> import repkit as rk
    >>> B = rk.equivariant_basis(rk.regular(rk.cyclic(3)), rk.regular(rk.cyclic(3)))
    >>> path = os.path.join(tempfile.mkdtemp(), "q.npy")
    >>> save_emlp_basis(B, path)
    >>> np.load(path, allow_pickle=False).shape
    (9, 3)
    """
    Q = basis_to_emlp(basis, orthonormal=orthonormal)
    directory = os.path.dirname(os.path.abspath(path))
    tmp = os.path.join(directory, f".{os.path.basename(path)}.{secrets.token_hex(6)}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(fd, "wb") as handle:
            np.save(handle, Q, allow_pickle=False)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        if os.path.lexists(tmp):
            os.unlink(tmp)
        raise FileWriteError(f"path: cannot write {path!r}: {exc.strerror or exc}") from exc
