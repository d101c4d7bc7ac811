"""Framework-free facts the torch modules need about a representation's layout (NumPy and exact only).

Examples
--------
>>> import repkit as rk
>>> G = rk.dihedral(4)
>>> [(c.dim, k, o) for c, k, o in component_slices(2 * rk.dihedral_rotation(4) + rk.trivial(G))]
[(2, 2, 0), (1, 1, 4)]
>>> is_trivial(rk.trivial(G)), orthogonality_witness(rk.dihedral_rotation(4)) is None
(True, True)
"""

from __future__ import annotations

from typing import Any

from ...errors import InvalidOptionError, ShapeError

__all__ = ["component_slices", "is_trivial", "orthogonality_witness", "require_rep", "resolve_dtype",
           "require_tensor"]

_DTYPE_NAMES = ("float16", "bfloat16", "float32", "float64", "complex64", "complex128")


def resolve_dtype(torch: Any, dtype: Any, argument: str = "dtype") -> Any:
    """A floating or complex ``torch.dtype`` from a torch dtype, a NumPy dtype or its name.

    ``None`` gives ``torch.get_default_dtype()``.

    Raises
    ------
    InvalidOptionError
        For anything else (an integer dtype, an unknown name), naming ``argument``.

    Examples
    --------
    >>> import pytest; torch = pytest.importorskip("torch")
    >>> import numpy as np
    >>> resolve_dtype(torch, "float64"), resolve_dtype(torch, np.float32), resolve_dtype(torch, None)
    (torch.float64, torch.float32, torch.float32)
    """
    if dtype is None:
        return torch.get_default_dtype()
    if isinstance(dtype, torch.dtype):
        found = dtype
    else:
        try:
            import numpy as np

            name = np.dtype(dtype).name if not isinstance(dtype, str) or dtype != "bfloat16" else dtype
        except TypeError:
            name = None
        found = getattr(torch, name) if name in _DTYPE_NAMES else None
    if found is None or not (found.is_floating_point or found.is_complex):
        raise InvalidOptionError(f"{argument}: expected a floating or complex dtype (a torch dtype, a NumPy "
                                 f"dtype or one of {_DTYPE_NAMES}), got {dtype!r}")
    return found


def require_tensor(torch: Any, x: Any, argument: str = "x") -> Any:
    """``x`` if it is a ``torch.Tensor``, else a `ShapeError` naming ``argument`` and the type.

    Examples
    --------
    >>> import pytest; torch = pytest.importorskip("torch")
    >>> try:
    ...     require_tensor(torch, [1.0, 2.0])
    ... except ShapeError as exc:
    ...     print(str(exc)[:40])
    x: expected a torch.Tensor of shape (...
    """
    if not isinstance(x, torch.Tensor):
        raise ShapeError(f"{argument}: expected a torch.Tensor of shape (..., dim), got {type(x).__name__} "
                         "(convert with torch.as_tensor(x, dtype=...))")
    return x


def require_rep(rho: Any, argument: str = "rho") -> Any:
    """Return ``rho`` if it looks like a `repkit.Rep`, else raise `ShapeError` naming ``argument``.

    Examples
    --------
    >>> import repkit as rk
    >>> require_rep(rk.trivial(rk.cyclic(2))).dim
    1
    """
    for attribute in ("components", "dim", "group"):      # not .images: exact, built lazily
        if not hasattr(rho, attribute):
            raise ShapeError(f"{argument}: expected a repkit Rep (with .{attribute}), got "
                             f"{type(rho).__name__}")
    return rho


def component_slices(rho: Any) -> list[tuple[Any, int, int]]:
    """``(rep, multiplicity, offset)`` for each component of ``rho`` (copy-major layout).

    Examples
    --------
    >>> import repkit as rk
    >>> V = rk.natural(rk.symmetric(3))
    >>> [(k, o) for _, k, o in component_slices(3 * V + V @ V)]
    [(3, 0), (1, 9)]
    """
    return [(c, k, o) for (c, k), o in zip(rho.components, rho.component_offsets())]


def is_trivial(rep: Any) -> bool:
    """Whether ``rep`` is the 1-dimensional trivial representation (decided exactly).

    Examples
    --------
    >>> import repkit as rk
    >>> G = rk.symmetric(3)
    >>> is_trivial(rk.trivial(G)), is_trivial(rk.sign(G)), is_trivial(rk.trivial(G, dim=2))
    (True, False, False)
    """
    return rep.dim == 1 and all(m.is_identity() for m in rep.images)


def orthogonality_witness(rep: Any) -> str | None:
    """None if every generator image is orthogonal (unitary), else a sentence naming one that is not.

    Orthogonal (unitary) matrices form a group, so the generators decide it for every element;
    exact comparisons (``M^* M == I``), O(ngens dim^3).

    Examples
    --------
    >>> import repkit as rk
    >>> from repkit.exact import Matrix
    >>> G = rk.cyclic(2)
    >>> skew = rk.Rep.from_generators(G, {G.generators[0]: Matrix([[1, 1], [0, -1]])})
    >>> orthogonality_witness(skew)
    'rho(t) is not orthogonal: rho(t)^T rho(t) is not the identity'
    """
    for name, image in zip(rep.group.generators, rep.images):
        if not (image.conjugate().T @ image).is_identity():
            return f"rho({name}) is not orthogonal: rho({name})^T rho({name}) is not the identity"
    return None
