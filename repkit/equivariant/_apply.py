"""Evaluation of a `WeightBasis` at coefficients (float or exact); used by `WeightBasis.apply`.

Examples
--------
>>> import numpy as np
>>> from repkit.equivariant.basis import WeightBasis
>>> apply_weights(WeightBasis.from_pattern(np.array([[0, 1]])), np.array([2.0, 3.0])).tolist()
[[2.0, 3.0]]
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import ShapeError

if TYPE_CHECKING:  # pragma: no cover
    from .basis import WeightBasis

__all__ = ["apply_weights", "apply_bias"]


def _is_float_array(theta: Any) -> bool:
    return isinstance(theta, np.ndarray) and (np.issubdtype(theta.dtype, np.floating)
                                              or np.issubdtype(theta.dtype, np.complexfloating))

def _exact_coefficients(theta: Any, n: int, name: str) -> list[Any]:
    from ..exact import to_exact_scalar

    seq = list(np.asarray(theta, dtype=object).ravel()) if isinstance(theta, np.ndarray) else list(theta)
    if len(seq) != n:
        raise ShapeError(f"{name}: expected {n} coefficients, got {len(seq)}")
    return [to_exact_scalar(x.item() if isinstance(x, np.generic) else x, argument=f"{name}[{t}]")
            for t, x in enumerate(seq)]

def apply_weights(basis: WeightBasis, theta: Any) -> Any:
    """``sum_k theta[k] B_k`` (see `WeightBasis.apply`)."""
    m_out, m_in = basis.shape
    if _is_float_array(theta):
        th = np.asarray(theta).ravel()
        if th.size != basis.dim:
            raise ShapeError(f"theta: expected {basis.dim} coefficients, got {th.size}")
        if basis.dim == 0:
            return np.zeros((m_out, m_in), th.dtype)
        if basis.kind == "pattern" and basis.field == 1:
            p, s = basis.storage
            return np.where(p >= 0, th[np.maximum(p, 0)] * s, 0).astype(th.dtype)
        idx, val, den = basis._coo()
        size = m_out * m_in
        k = idx // size
        if basis.field == 1:
            contrib = th[k] * (val / den[k])
        else:
            contrib = th[k] * ((val.astype(np.float64) @ basis._complex_units()) / den[k])
        out = np.zeros(size, np.result_type(th.dtype, contrib.dtype))
        np.add.at(out, idx % size, contrib)
        return out.reshape(m_out, m_in)
    coeffs = _exact_coefficients(theta, basis.dim, "theta")
    from ..exact import Matrix

    idx, val, den = basis._coo()
    size = m_out * m_in
    acc: list[Any] = [0] * size
    for t in range(idx.size):
        k, pos = divmod(int(idx[t]), size)
        d = int(den[k])
        x = basis._decode(val[t])
        acc[pos] = acc[pos] + coeffs[k] * (x if d == 1 else x * Fraction(1, d))
    if size == 0:
        return Matrix.zeros(m_out, m_in)
    return Matrix([acc[i * m_in:(i + 1) * m_in] for i in range(m_out)])

def apply_bias(basis: WeightBasis, theta_bias: Any, *, exact: bool) -> Any:
    """``sum_l theta_bias[l] b_l`` (see `WeightBasis.apply`)."""
    nb = basis.bias_dim
    m_out = basis.shape[0]
    if not exact and _is_float_array(theta_bias):
        th = np.asarray(theta_bias).ravel()
        if th.size != nb:
            raise ShapeError(f"theta_bias: expected {nb} coefficients, got {th.size}")
        num = basis.bias_numerators.astype(np.float64)
        if basis.field > 1:
            num = num @ basis._complex_units()
        return th @ (num / basis.bias_denominators.reshape(-1, *([1] * (num.ndim - 1))))
    coeffs = _exact_coefficients(theta_bias, nb, "theta_bias")
    from ..exact import Matrix

    acc: list[Any] = [0] * m_out
    for l_ in range(nb):
        d = int(basis.bias_denominators[l_])
        for i in range(m_out):
            x = basis._decode(basis.bias_numerators[l_, i])
            if x != 0:
                acc[i] = acc[i] + coeffs[l_] * (x if d == 1 else x * Fraction(1, d))
    return Matrix([[a] for a in acc]) if m_out else Matrix.zeros(0, 1)
