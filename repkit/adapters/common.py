"""Framework-neutral helpers shared by the adapters (NumPy only).

Examples
--------
>>> import numpy as np
>>> from repkit.equivariant.basis import WeightBasis
>>> w, b = basis_arrays(WeightBasis.from_pattern(np.array([[0, -1]])))
>>> w.tolist(), b.shape
([[[1.0, 0.0]]], (0, 1))
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import OptionalDependencyError, ShapeError

if TYPE_CHECKING:  # pragma: no cover
    from ..equivariant.basis import WeightBasis

__all__ = ["basis_arrays", "require_framework"]


def basis_arrays(basis: WeightBasis, *, bias: bool = True,
                 dtype: Any = np.float64) -> tuple[np.ndarray, np.ndarray]:
    """The float views an adapter needs: the weight basis and the bias basis.

    Parameters
    ----------
    basis : WeightBasis
        The exact basis of ``Hom_G(rho_in, rho_out)`` (from ``repkit.equivariant_basis`` or
        ``repkit.load_template``).
    bias : bool, optional
        Whether to return the bias basis; if False the bias array has ``0`` rows.
    dtype : numpy dtype, optional
        Float or complex dtype of both arrays.

    Returns
    -------
    weights : numpy.ndarray, shape (dim, m_out, m_in)
    biases : numpy.ndarray, shape (dim_b, m_out)

    Raises
    ------
    ShapeError
        If ``basis`` does not look like a ``WeightBasis`` (no ``to_numpy``/``shape``/``dim``).

    Notes
    -----
    The only lossy step: exact rationals are rounded to ``dtype`` (``WeightBasis.to_numpy``).
    The bias vectors come from ``WeightBasis.apply`` with one-hot bias coefficients, so
    cyclotomic bases are handled the same way as rational ones. O(dim m_out m_in).

    Examples
    --------
    >>> import numpy as np
    >>> from repkit.equivariant.basis import WeightBasis
    >>> B = WeightBasis.from_pattern(np.array([[0, 1], [1, 0]]), bias_numerators=np.array([[1, 1]]))
    >>> w, b = basis_arrays(B)
    >>> w.shape, b.tolist()
    ((2, 2, 2), [[1.0, 1.0]])
    """
    for attribute in ("to_numpy", "shape", "dim"):
        if not hasattr(basis, attribute):
            raise ShapeError(f"basis: expected a repkit WeightBasis (with .{attribute}), got "
                             f"{type(basis).__name__}")
    m_out, _ = basis.shape
    weights = np.asarray(basis.to_numpy(dtype))
    n_bias = int(getattr(basis, "bias_dim", 0)) if bias else 0
    rows = []
    zeros = np.zeros(basis.dim, dtype=dtype)
    for index in range(n_bias):
        onehot = np.zeros(n_bias, dtype=dtype)
        onehot[index] = 1
        rows.append(np.asarray(basis.apply(zeros, onehot)[1], dtype=dtype).reshape(m_out))
    biases = np.stack(rows) if rows else np.zeros((0, m_out), dtype=dtype)
    return weights, biases


def require_framework(module: str, label: str) -> Any:
    """Import and return an optional framework, or raise :class:`OptionalDependencyError`.

    Parameters
    ----------
    module : str
        The module to import, also the name of the repkit extra (``"torch"``, ``"jax"``).
    label : str
        The framework's name for the message (``"PyTorch"``, ``"JAX"``).

    Examples
    --------
    >>> require_framework("numpy", "NumPy").__name__
    'numpy'
    >>> try:
    ...     require_framework("no_such_framework_xyz", "XYZ")
    ... except OptionalDependencyError as exc:
    ...     "pip install 'repkit[no_such_framework_xyz]'" in str(exc)
    True
    """
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise OptionalDependencyError(
            f"{module}: repkit.adapters.{module} needs {label}, which is not installed; install it "
            f"with `pip install 'repkit[{module}]'` (or `pip install {module}`)") from exc
