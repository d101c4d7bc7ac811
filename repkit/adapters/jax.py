"""JAX adapter: an equivariant linear layer as a pure ``(init, apply)`` function pair.

``EquivariantLinear(basis)`` holds the float views of an exact
:class:`~repkit.equivariant.basis.WeightBasis` (NumPy arrays, no JAX needed to build it) and
exposes two pure functions in the style of ``flax.linen`` / ``haiku.transform``:

* ``params = layer.init(key)`` returns ``{"theta": (dim,), "theta_b": (dim_b,)}``;
* ``y = layer.apply(params, x)`` computes ``x W^T + b`` with ``W = sum_k theta[k] B_k`` and
  ``b = sum_l theta_b[l] b_l``, for ``x`` of shape ``(..., m_in)``; it can be wrapped in
  ``jax.jit``, ``jax.grad`` and ``jax.vmap`` and composes with any optimiser (optax, ...).

JAX is imported only inside ``init`` and ``apply`` (``import repkit`` never imports it); without
it they raise :class:`~repkit.errors.OptionalDependencyError`. This is the float boundary: the
exact basis is rounded once to ``dtype``.

Examples
--------
>>> import numpy as np
>>> from repkit.equivariant.basis import WeightBasis
>>> layer = EquivariantLinear(WeightBasis.from_pattern(np.array([[0, 1], [1, 0]])))
>>> layer.dim, layer.bias_dim, layer.weights.shape
(2, 0, (2, 2, 2))
>>> import pytest; jax = pytest.importorskip("jax")
>>> params = layer.init(jax.random.PRNGKey(0))
>>> x = np.array([[1.0, 2.0]])
>>> swap = lambda v: v[..., ::-1]          # the generator of Z_2 swaps the two coordinates
>>> bool(np.allclose(layer.apply(params, swap(x)), swap(layer.apply(params, x))))
True
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import ShapeError
from .common import basis_arrays, require_framework

if TYPE_CHECKING:  # pragma: no cover
    from ..equivariant.basis import WeightBasis

__all__ = ["EquivariantLinear", "require_jax"]


def require_jax() -> Any:
    """Import and return ``jax``, or raise a clear error if it is missing.

    Returns
    -------
    module
        The imported ``jax``.

    Raises
    ------
    OptionalDependencyError
        If JAX is not installed (install the extra: ``pip install 'repkit[jax]'``).

    Examples
    --------
    >>> import pytest; _ = pytest.importorskip("jax")
    >>> require_jax().__name__
    'jax'
    """
    return require_framework("jax", "JAX")


@dataclass(frozen=True, eq=False)
class EquivariantLinear:
    """An equivariant linear layer for JAX as a pure ``init`` / ``apply`` pair.

    Parameters
    ----------
    basis : WeightBasis
        Exact basis of ``Hom_G(rho_in, rho_out)`` (``repkit.equivariant_basis``,
        ``repkit.load_template``).
    bias : bool, optional
        Add the equivariant bias over the vectors fixed by ``rho_out`` (default True).
    dtype : numpy dtype, optional
        Float dtype of the basis and the parameters (default float32; complex for bases with
        non-real cyclotomic entries).

    Attributes
    ----------
    weights : numpy.ndarray, shape (dim, m_out, m_in)
        Read-only float view of the weight basis.
    biases : numpy.ndarray, shape (dim_b, m_out)
        Read-only float view of the bias basis (``dim_b = 0`` without bias).

    Notes
    -----
    ``apply`` costs O(dim m_out m_in) to form ``W`` plus one matrix product. ``init`` draws
    ``theta`` so that the entries of ``W`` have mean square ``1 / m_in`` and sets the bias to 0.

    Examples
    --------
    >>> import numpy as np
    >>> from repkit.equivariant.basis import WeightBasis
    >>> B = WeightBasis.from_pattern(np.array([[0, 0], [0, 0]]), bias_numerators=np.array([[1, 1]]))
    >>> EquivariantLinear(B).parameter_count
    2
    """

    weights: np.ndarray
    biases: np.ndarray
    dtype: Any

    def __init__(self, basis: WeightBasis, *, bias: bool = True, dtype: Any = np.float32) -> None:
        weights, biases = basis_arrays(basis, bias=bias, dtype=dtype)
        weights.setflags(write=False)
        biases.setflags(write=False)
        object.__setattr__(self, "weights", weights)
        object.__setattr__(self, "biases", biases)
        object.__setattr__(self, "dtype", np.dtype(dtype))

    @classmethod
    def from_template(cls, path: str | os.PathLike[str], *, bias: bool = True,
                      dtype: Any = np.float32) -> EquivariantLinear:
        """Build the layer from a ``.npz`` weight template (``WeightBasis.save``).

        Parameters
        ----------
        path : str or os.PathLike
            The template, read with ``repkit.load_template`` (validated, no pickle).
        bias, dtype
            As in the constructor.

        Returns
        -------
        EquivariantLinear

        Raises
        ------
        TemplateError
            If the file is not a valid template.

        Examples
        --------
        >>> import os, tempfile, numpy as np
        >>> from repkit.equivariant.basis import WeightBasis
        >>> with tempfile.TemporaryDirectory() as d:
        ...     WeightBasis.from_pattern(np.array([[0, 1], [1, 0]])).save(os.path.join(d, "w.npz"))
        ...     layer = EquivariantLinear.from_template(os.path.join(d, "w.npz"))
        >>> layer.dim
        2
        """
        from ..equivariant.template_io import load_template

        return cls(load_template(os.fspath(path)), bias=bias, dtype=dtype)

    @property
    def dim(self) -> int:
        """Number of weight parameters (the dimension of the basis)."""
        return int(self.weights.shape[0])

    @property
    def bias_dim(self) -> int:
        """Number of bias parameters."""
        return int(self.biases.shape[0])

    @property
    def parameter_count(self) -> int:
        """``dim + bias_dim``."""
        return self.dim + self.bias_dim

    @property
    def in_features(self) -> int:
        """``m_in``."""
        return int(self.weights.shape[2])

    @property
    def out_features(self) -> int:
        """``m_out``."""
        return int(self.weights.shape[1])

    def init(self, key: Any) -> dict[str, Any]:
        """Fresh parameters ``{"theta": (dim,), "theta_b": (dim_b,)}`` from a JAX PRNG key.

        Parameters
        ----------
        key : jax.Array
            A key from ``jax.random.PRNGKey``.

        Returns
        -------
        dict
            ``theta`` normal with ``E[W_ij^2] = 1/m_in``, ``theta_b`` zero.

        Raises
        ------
        OptionalDependencyError
            If JAX is not installed.

        Examples
        --------
        >>> import pytest; jax = pytest.importorskip("jax")
        >>> import numpy as np
        >>> from repkit.equivariant.basis import WeightBasis
        >>> layer = EquivariantLinear(WeightBasis.from_pattern(np.array([[0, 1], [1, 0]])))
        >>> layer.init(jax.random.PRNGKey(1))["theta"].shape
        (2,)
        """
        jax = require_jax()
        mass = float(np.sum(np.abs(self.weights) ** 2)) / max(
            1, self.out_features * self.in_features)
        std = (1.0 / (max(1, self.in_features) * mass)) ** 0.5 if mass else 1.0
        theta = std * jax.random.normal(key, (self.dim,), dtype=self.dtype)
        return {"theta": theta, "theta_b": jax.numpy.zeros((self.bias_dim,), dtype=self.dtype)}

    def apply(self, params: dict[str, Any], x: Any) -> Any:
        """Apply the layer: ``x W^T + b`` for ``x`` of shape (..., m_in).

        Parameters
        ----------
        params : dict
            As returned by :meth:`init` (possibly trained).
        x : array_like, shape (..., m_in)

        Returns
        -------
        jax.Array, shape (..., m_out)

        Raises
        ------
        ShapeError
            If ``x`` or a parameter has the wrong size.
        OptionalDependencyError
            If JAX is not installed.

        Examples
        --------
        >>> import pytest; jax = pytest.importorskip("jax")
        >>> import numpy as np
        >>> from repkit.equivariant.basis import WeightBasis
        >>> layer = EquivariantLinear(WeightBasis.from_pattern(np.array([[0, 1], [1, 0]])))
        >>> y = layer.apply({"theta": np.array([1.0, 0.0]), "theta_b": np.zeros(0)}, np.ones((3, 2)))
        >>> np.asarray(y).tolist()
        [[1.0, 1.0], [1.0, 1.0], [1.0, 1.0]]
        """
        jnp = require_jax().numpy
        theta = params["theta"]
        if np.shape(theta) != (self.dim,):
            raise ShapeError(f"params['theta']: expected shape ({self.dim},), got "
                             f"{np.shape(theta)}")
        if np.shape(x)[-1:] != (self.in_features,):
            raise ShapeError(f"x: expected a last axis of size {self.in_features} (rho_in.dim), "
                             f"got shape {np.shape(x)}")
        weight = jnp.einsum("k,kij->ij", theta, jnp.asarray(self.weights))
        y = jnp.asarray(x) @ weight.T
        if self.bias_dim:
            theta_b = params["theta_b"]
            if np.shape(theta_b) != (self.bias_dim,):
                raise ShapeError(f"params['theta_b']: expected shape ({self.bias_dim},), got "
                                 f"{np.shape(theta_b)}")
            y = y + theta_b @ jnp.asarray(self.biases)
        return y
