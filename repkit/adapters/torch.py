"""PyTorch adapter: an equivariant linear layer built from an exact weight basis or template.

``EquivariantLinear(basis)`` is a :class:`torch.nn.Module` whose weight is
``W = sum_k theta[k] B_k`` for the basis ``B_0, ..., B_{dim-1}`` of a
:class:`~repkit.equivariant.basis.WeightBasis` (registered as a buffer, so it moves with
``.to(device)``), plus an optional equivariant bias ``b = sum_l theta_b[l] b_l`` over the
vectors fixed by ``rho_out``. Every choice of the parameters gives an equivariant map, so training
cannot leave the equivariant subspace.

PyTorch is imported only when ``EquivariantLinear`` is first looked up (``import repkit`` and
``import repkit.adapters.torch`` never import it); without PyTorch that lookup raises
:class:`~repkit.errors.OptionalDependencyError`. This is the float boundary: the exact basis is
rounded once to the layer's dtype.

Examples
--------
>>> import pytest; torch = pytest.importorskip("torch")
>>> import numpy as np, repkit as rk
>>> from repkit.adapters.torch import EquivariantLinear
>>> rho = rk.regular(rk.cyclic(4))
>>> layer = EquivariantLinear(rk.equivariant_basis(rho, rho))
>>> sum(p.numel() for p in layer.parameters())   # 4 shared weights + 1 bias
5
>>> T = torch.tensor(rho.images[0].to_numpy(), dtype=torch.float32)
>>> x = torch.randn(3, 4)
>>> torch.allclose(layer(x @ T.T), layer(x) @ T.T, atol=1e-6)
True
"""

from __future__ import annotations

import functools
import os
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import ShapeError
from .common import basis_arrays, require_framework

if TYPE_CHECKING:  # pragma: no cover
    from ..equivariant.basis import WeightBasis

__all__ = ["EquivariantLinear", "require_torch"]


def require_torch() -> Any:
    """Import and return the ``torch`` module, or raise a clear error if it is missing.

    Returns
    -------
    module
        The imported ``torch``.

    Raises
    ------
    OptionalDependencyError
        If PyTorch is not installed (install the extra: ``pip install 'repkit[torch]'``).

    Examples
    --------
    >>> import pytest; _ = pytest.importorskip("torch")
    >>> require_torch().__name__
    'torch'
    """
    return require_framework("torch", "PyTorch")


def _numpy_dtype(dtype: Any) -> Any:
    return np.complex128 if dtype.is_complex else np.float64


@functools.cache
def _layer_class() -> type:
    """Define the module class once PyTorch is importable (the lazy import point)."""
    torch = require_torch()

    class EquivariantLinear(torch.nn.Module):
        """An equivariant linear layer ``y = x W^T + b`` with ``W = sum_k theta[k] B_k``.

        Parameters
        ----------
        basis : WeightBasis
            Exact basis of ``Hom_G(rho_in, rho_out)`` (``repkit.equivariant_basis``,
            ``repkit.load_template``).
        bias : bool, optional
            Add the equivariant bias ``b = sum_l theta_b[l] b_l`` (vectors fixed by
            ``rho_out``); default True. No parameter is created when ``rho_out`` fixes no vector.
        dtype : torch.dtype, optional
            Parameter and buffer dtype; default ``torch.get_default_dtype()``. Use a complex dtype
            for bases with non-real cyclotomic entries.
        device : torch.device or str, optional

        Attributes
        ----------
        theta : torch.nn.Parameter, shape (dim,)
        theta_b : torch.nn.Parameter, shape (dim_b,), or None
        basis : buffer, shape (dim, m_out, m_in)
        bias_basis : buffer, shape (dim_b, m_out)
        in_features, out_features, dim, bias_dim : int

        Notes
        -----
        ``forward`` costs O(dim m_out m_in) to form ``W`` plus one matrix product; parameters are
        initialised so that the entries of ``W`` have mean square ``1 / m_in``. Equivariance
        holds for every value of the parameters, up to float rounding.

        Examples
        --------
        >>> import pytest; torch = pytest.importorskip("torch")
        >>> import numpy as np
        >>> from repkit.equivariant.basis import WeightBasis
        >>> from repkit.adapters.torch import EquivariantLinear
        >>> B = WeightBasis.from_pattern(np.array([[0, 1], [1, 0]]))
        >>> layer = EquivariantLinear(B)
        >>> layer.dim, layer.theta.shape[0], layer.bias_dim
        (2, 2, 0)
        """

        def __init__(self, basis: WeightBasis, *, bias: bool = True, dtype: Any = None,
                     device: Any = None) -> None:
            super().__init__()
            dtype = torch.get_default_dtype() if dtype is None else dtype
            weights, biases = basis_arrays(basis, bias=bias, dtype=_numpy_dtype(dtype))
            self.dim = int(weights.shape[0])
            self.out_features, self.in_features = (int(s) for s in basis.shape)
            self.bias_dim = int(biases.shape[0])
            self.register_buffer("basis", torch.as_tensor(weights, dtype=dtype, device=device))
            self.register_buffer("bias_basis", torch.as_tensor(biases, dtype=dtype, device=device))
            self.theta = torch.nn.Parameter(torch.empty(self.dim, dtype=dtype, device=device))
            if self.bias_dim:
                self.theta_b = torch.nn.Parameter(
                    torch.empty(self.bias_dim, dtype=dtype, device=device))
            else:
                self.register_parameter("theta_b", None)
            self.reset_parameters()

        @classmethod
        def from_template(cls, path: str | os.PathLike[str], *, bias: bool = True,
                          dtype: Any = None, device: Any = None) -> EquivariantLinear:
            """Build the layer from a ``.npz`` weight template (``WeightBasis.save``).

            Parameters
            ----------
            path : str or os.PathLike
                The template file; loaded with ``repkit.load_template`` (validated, no pickle).
            bias, dtype, device
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
            >>> import pytest; torch = pytest.importorskip("torch")
            >>> import os, tempfile, numpy as np
            >>> from repkit.equivariant.basis import WeightBasis
            >>> from repkit.adapters.torch import EquivariantLinear
            >>> with tempfile.TemporaryDirectory() as d:
            ...     WeightBasis.from_pattern(np.array([[0, 1], [1, 0]])).save(os.path.join(d, "w.npz"))
            ...     layer = EquivariantLinear.from_template(os.path.join(d, "w.npz"))
            >>> layer.dim
            2
            """
            from ..equivariant.template_io import load_template

            return cls(load_template(os.fspath(path)), bias=bias, dtype=dtype, device=device)

        def reset_parameters(self, generator: Any = None) -> None:
            """Draw ``theta`` from a normal law so that ``E[W_ij^2] = 1/m_in``; zero the bias.

            Parameters
            ----------
            generator : torch.Generator, optional
                Source of randomness (default: PyTorch's global generator).
            """
            with torch.no_grad():
                if self.dim:
                    mass = float(self.basis.abs().pow(2).sum()) / max(
                        1, self.out_features * self.in_features)
                    std = (1.0 / (max(1, self.in_features) * mass)) ** 0.5 if mass else 1.0
                    self.theta.normal_(0.0, std, generator=generator)
                if self.theta_b is not None:
                    self.theta_b.zero_()

        def weight(self) -> Any:
            """The current weight matrix ``W = sum_k theta[k] B_k``, shape (m_out, m_in)."""
            return torch.einsum("k,kij->ij", self.theta, self.basis)

        def bias(self) -> Any:
            """The current bias ``b = sum_l theta_b[l] b_l``, shape (m_out,) (zeros if none)."""
            if self.theta_b is None:
                return torch.zeros(self.out_features, dtype=self.basis.dtype,
                                   device=self.basis.device)
            return self.theta_b @ self.bias_basis

        def forward(self, x: Any) -> Any:
            """Apply the layer to ``x`` of shape (..., m_in); returns (..., m_out)."""
            if x.shape[-1] != self.in_features:
                raise ShapeError(f"x: expected a last axis of size {self.in_features} "
                                 f"(rho_in.dim), got shape {tuple(x.shape)}")
            y = x @ self.weight().T
            if self.theta_b is not None:
                y = y + self.bias()
            return y

        def extra_repr(self) -> str:
            return (f"in_features={self.in_features}, out_features={self.out_features}, "
                    f"dim={self.dim}, bias_dim={self.bias_dim}")

    EquivariantLinear.__module__ = __name__
    EquivariantLinear.__qualname__ = "EquivariantLinear"
    return EquivariantLinear


def __getattr__(name: str) -> Any:
    """Resolve ``EquivariantLinear`` lazily, importing PyTorch at that moment (PEP 562)."""
    if name == "EquivariantLinear":
        return _layer_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    """List the lazily resolved ``EquivariantLinear`` with the module's other names."""
    return sorted({*globals(), "EquivariantLinear"})
