"""`EquivariantMLP`: equivariant linear layers between given reps, with safe nonlinearities.

``EquivariantMLP(rho_in, rho_out, hidden=[H_1, ..., H_L])`` is ``Linear(rho_in -> H_1)``, a
nonlinearity on ``H_1``, ..., ``Linear(H_L -> rho_out)``. Each linear layer is an
`EquivariantLinear` over ``repkit.equivariant_basis`` (structured: one block per component pair).
The nonlinearity on each hidden rep is chosen per component by
`repkit.equivariant.expressivity.choose_nonlinearities`: with ``nonlinearity="auto"``, point-wise
ReLU on permutation and positive monomial components, a norm nonlinearity elsewhere;
``"pointwise"``, ``"norm"``, ``"fourier"`` or ``"identity"`` force one kind for every component
(a forced point-wise kind is refused where it breaks equivariance); ``"gated"`` adds one trivial
gate per non-trivial field to the linear layer's output and consumes it in a
`GatedNonlinearity`.

Before any layer is built, the reach of every hidden component to the output is decided exactly
(`repkit.equivariant.expressivity.expressivity`); a hidden component that can never influence
the output is refused with `UnreachableComponentError` unless ``allow_unreachable=True``.
`EquivariantMLP.expressivity` returns the report.

Examples
--------
>>> import pytest; torch = pytest.importorskip("torch")
>>> import repkit as rk
>>> from repkit.adapters.torch import EquivariantMLP
>>> G = rk.dihedral(4)
>>> model = EquivariantMLP(rk.natural(G), rk.trivial(G), hidden=[4 * rk.regular(G)])
>>> model(torch.randn(3, 4)).shape, model.expressivity().unreachable
(torch.Size([3, 1]), ())
>>> try:
...     EquivariantMLP(rk.natural(G), rk.trivial(G), hidden=[4 * rk.dihedral_rotation(4)])
... except rk.UnreachableComponentError as exc:
...     print("never reach the output" in str(exc))
True
"""

from __future__ import annotations

import functools
from typing import Any, Sequence

from ...equivariant.expressivity import choose_nonlinearities, expressivity
from ...equivariant.solver import equivariant_basis
from ...errors import InvalidOptionError
from ...reps.constructors import trivial
from . import require_torch
from ._layout import component_slices, is_trivial, require_rep

__all__ = ["EquivariantMLP", "ComponentwiseNonlinearity"]


def _copies(c: Any, k: int) -> Any:
    return k * c if k > 1 else c


def _gated_width(h: Any) -> int:
    """The number of non-trivial fields of ``h`` (one gate each)."""
    return sum(k for c, k, _ in component_slices(h) if not is_trivial(c))


@functools.cache
def _classes() -> dict[str, type]:
    """Define the module classes once PyTorch is importable (the lazy import point)."""
    torch = require_torch()
    from .linear import _layer_class
    from .nonlinear import _classes as nonlinear_classes

    EquivariantLinear = _layer_class()
    nl = nonlinear_classes()

    class ComponentwiseNonlinearity(torch.nn.Module):
        """One nonlinearity kind per component of ``rho``: pointwise, norm, fourier or identity.

        Parameters
        ----------
        rho : Rep
        kinds : sequence of str
            One kind per component of ``rho.components``.
        dtype, device : optional

        Raises
        ------
        InvalidOptionError
            For a wrong number of kinds, an unknown kind, or a kind that breaks equivariance
            on its component (the message names it).

        Examples
        --------
        >>> import pytest; torch = pytest.importorskip("torch")
        >>> import repkit as rk
        >>> from repkit.adapters.torch.mlp import ComponentwiseNonlinearity
        >>> G = rk.dihedral(4)
        >>> m = ComponentwiseNonlinearity(rk.regular(G) + rk.dihedral_rotation(4), ["pointwise", "norm"])
        >>> [type(p).__name__ for p in m.parts]
        ['PointwiseNonlinearity', 'NormNonlinearity']
        """

        def __init__(self, rho: Any, kinds: Sequence[str], *, dtype: Any = None, device: Any = None) -> None:
            super().__init__()
            rho = require_rep(rho)
            slices = component_slices(rho)
            kinds = tuple(kinds)
            if len(kinds) != len(slices):
                raise InvalidOptionError(f"kinds: expected one kind per component ({len(slices)}), got "
                                         f"{len(kinds)}")
            self.kinds = kinds
            self.slices = [(o, k * c.dim) for c, k, o in slices]
            mods = []
            for (c, k, _), kind in zip(slices, kinds):
                part = _copies(c, k)
                if kind == "pointwise":
                    mods.append(nl["PointwiseNonlinearity"](part))
                elif kind == "norm":
                    mods.append(nl["NormNonlinearity"](part, dtype=dtype, device=device))
                elif kind == "fourier":
                    mods.append(nl["FourierNonlinearity"](part, dtype=dtype, device=device))
                elif kind == "identity":
                    mods.append(torch.nn.Identity())
                else:
                    raise InvalidOptionError(f"kinds: expected 'pointwise', 'norm', 'fourier' or "
                                             f"'identity' per component, got {kind!r}")
            self.parts = torch.nn.ModuleList(mods)
            self.rho_in = self.rho_out = rho

        def forward(self, x: Any) -> Any:
            """Apply each component's nonlinearity to its slice of ``x`` (..., rho.dim)."""
            return torch.cat([m(x[..., o:o + w]) for m, (o, w) in zip(self.parts, self.slices)], dim=-1)

    class EquivariantMLP(torch.nn.Module):
        """An equivariant MLP ``rho_in -> hidden[0] -> ... -> rho_out`` with safe nonlinearities.

        Parameters
        ----------
        rho_in, rho_out : Rep
        hidden : sequence of Rep
            The hidden representations (e.g. ``[16 * V, 16 * V]``).
        nonlinearity : {"auto", "pointwise", "norm", "gated", "fourier", "identity"}
            See the module docstring; default ``"auto"``.
        bias : bool, optional
            Equivariant biases in every linear layer (default True).
        allow_unreachable : bool, optional
            Build the model even if some hidden component can never reach the output.
        dtype, device : optional

        Attributes
        ----------
        layers : torch.nn.ModuleList
            Alternating `EquivariantLinear` and nonlinearity modules.
        kinds : tuple of tuple of str
            The nonlinearity kind of every component of every hidden rep.
        rho_in, rho_out, hidden : Rep

        Raises
        ------
        UnreachableComponentError
            If a hidden component can never reach the output and ``allow_unreachable`` is False.
        InvalidOptionError
            For an unknown ``nonlinearity``, or a forced kind that breaks equivariance.

        Notes
        -----
        Building costs one structured solve per layer (one exact solve per distinct component
        pair) and the exact reach analysis of `repkit.equivariant.expressivity`.

        Examples
        --------
        >>> import pytest; torch = pytest.importorskip("torch")
        >>> import repkit as rk
        >>> from repkit.adapters.torch import EquivariantMLP
        >>> G = rk.symmetric(4)
        >>> V = rk.natural(G)
        >>> model = EquivariantMLP(V, rk.trivial(G), hidden=[8 * V])
        >>> [type(m).__name__ for m in model.layers]
        ['EquivariantLinear', 'ComponentwiseNonlinearity', 'EquivariantLinear']
        """

        def __init__(self, rho_in: Any, rho_out: Any, hidden: Sequence[Any] = (), *,
                     nonlinearity: str = "auto", bias: bool = True, allow_unreachable: bool = False,
                     dtype: Any = None, device: Any = None) -> None:
            super().__init__()
            rho_in, rho_out = require_rep(rho_in, "rho_in"), require_rep(rho_out, "rho_out")
            hidden = [require_rep(h, f"hidden[{n}]") for n, h in enumerate(hidden)]
            kinds = tuple(choose_nonlinearities(h, nonlinearity) for h in hidden)
            self.kinds = kinds
            self.rho_in, self.rho_out, self.hidden = rho_in, rho_out, tuple(hidden)
            self._report = expressivity(rho_in, hidden, rho_out, nonlinearities=kinds)
            self._report.check(allow_unreachable=allow_unreachable)
            layers = []
            prev = rho_in
            for h, ks in zip(hidden, kinds):
                gates = _gated_width(h) if nonlinearity == "gated" else 0
                target = h + _copies(trivial(h.group), gates) if gates else h
                layers.append(EquivariantLinear(equivariant_basis(prev, target), bias=bias, dtype=dtype,
                                                device=device))
                if gates:
                    layers.append(nl["GatedNonlinearity"](target, gates=len(target.components) - 1))
                    # (the gates are the last copies of the last, trivial, component of target)
                else:
                    layers.append(ComponentwiseNonlinearity(
                        h, ["pointwise" if k == "gated" else k for k in ks], dtype=dtype, device=device))
                prev = h
            layers.append(EquivariantLinear(equivariant_basis(prev, rho_out), bias=bias, dtype=dtype,
                                            device=device))
            self.layers = torch.nn.ModuleList(layers)

        def expressivity(self) -> Any:
            """The `ExpressivityReport`: per hidden component, its nonlinearity and its reach."""
            return self._report

        def forward(self, x: Any) -> Any:
            """Apply the model to ``x`` of shape (..., rho_in.dim); returns (..., rho_out.dim)."""
            for layer in self.layers:
                x = layer(x)
            return x

    out = {}
    for cls in (ComponentwiseNonlinearity, EquivariantMLP):
        cls.__module__ = __name__
        out[cls.__name__] = cls
    return out


def __getattr__(name: str) -> Any:
    """Resolve the module classes lazily, importing PyTorch at that moment (PEP 562)."""
    if name in ("EquivariantMLP", "ComponentwiseNonlinearity"):
        return _classes()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
