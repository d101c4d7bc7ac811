"""JAX equivariant MLP: structured linear layers, a safe nonlinearity per hidden component.

``EquivariantMLP(rho_in, rho_out, hidden=[H_1, ..., H_L])`` is the pure pair
``params = model.init(key)``, ``y = model.apply(params, x)`` of

``x -> Linear(rho_in -> H_1') -> sigma_1 -> Linear(H_1 -> H_2') -> ... -> sigma_L -> Linear(H_L -> rho_out)``

where ``sigma_l`` acts component by component on ``H_l`` with the kind chosen by
`repkit.equivariant.expressivity.choose_nonlinearities` (``"auto"``: ReLU where it commutes with
the component, i.e. permutation or positive monomial components, else a norm nonlinearity), and
``H_l' = H_l`` except with ``nonlinearity="gated"``: then ``H_l' = H_l + n_l * trivial`` carries
one invariant gate per non-trivial field (the last ``n_l`` copies, consumed by a
`GatedNonlinearity`; trivial fields go through ReLU). The layout is that of
`repkit.adapters.torch.EquivariantMLP`. Before anything is built, the exact reach
analysis `repkit.equivariant.expressivity.expressivity` says which hidden components can
influence the output; a model with components that never can is refused
(`UnreachableComponentError`, with the reason) unless ``allow_unreachable=True``.

Examples
--------
>>> import repkit as rk
>>> G = rk.dihedral(4)
>>> model = EquivariantMLP(rk.natural(G), rk.trivial(G), hidden=[4 * rk.regular(G)])
>>> [(r.nonlinearity, r.reaches_output) for r in model.expressivity().rows]
[('pointwise', True)]
>>> [layer.dim for layer in model.layers]       # dim Hom(V, 4 reg) = 4 dim V; Hom(4 reg, 1) = 4
[16, 4]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ...equivariant.expressivity import ExpressivityReport, choose_nonlinearities, expressivity
from ...equivariant.solver import equivariant_basis
from ...errors import InvalidOptionError, ShapeError
from ...reps import trivial
from ._fields import components_of
from .linear import EquivariantLinear, require_jax
from .nonlinear import FourierNonlinearity, GatedNonlinearity, NormNonlinearity, PointwiseNonlinearity

__all__ = ["EquivariantMLP"]

_SUPPORTED = ("pointwise", "norm", "gated", "fourier", "identity")


@dataclass(frozen=True)
class _Piece:
    """The nonlinearity of one component of a hidden rep (None: the identity) and its slice."""

    offset: int
    size: int
    module: Any


@dataclass(frozen=True)
class _Stage:
    """The nonlinearity of one hidden rep: a gated one over ``h + n * trivial``, or per component."""

    gated: GatedNonlinearity | None
    pieces: tuple[_Piece, ...]

    @property
    def modules(self) -> tuple[Any, ...]:
        return (self.gated,) if self.gated is not None else tuple(p.module for p in self.pieces)


def _stage(h: Any, kinds: Sequence[str], bias: bool) -> tuple[_Stage, Any]:
    """The nonlinearity of ``h`` for these kinds, and the rep the preceding layer must output."""
    comps = components_of(h)
    for c, kind in zip(comps, kinds):
        if kind not in _SUPPORTED:
            raise InvalidOptionError(
                f"nonlinearity: {kind!r} is not available in repkit.adapters.jax (component "
                f"{c.index}, {c.name}); expected one of {_SUPPORTED} or 'auto'")
    n = sum(c.mult for c, k in zip(comps, kinds) if k == "gated" and not c.is_trivial)
    if n:
        if any(k != "gated" for k in kinds):
            raise InvalidOptionError(f"nonlinearity: gated components cannot be mixed with other "
                                     f"kinds in one hidden rep, got {tuple(kinds)}")
        target = h + n * trivial(h.group)         # the gates: the last n trivial copies
        return _Stage(GatedNonlinearity(target, gates=len(target.components) - 1), ()), target
    pieces = []
    for c, kind in zip(comps, kinds):
        sub = c.rep if c.mult == 1 else c.mult * c.rep
        if kind in ("pointwise", "gated"):        # a trivial field needs no gate: ReLU commutes
            module: Any = PointwiseNonlinearity(sub)
        elif kind == "norm":
            module = NormNonlinearity(sub, bias=bias)
        elif kind == "fourier":
            module = FourierNonlinearity(sub)
        else:
            module = None
        pieces.append(_Piece(c.offset, c.size, module))
    return _Stage(None, tuple(pieces)), h


@dataclass(frozen=True, eq=False, repr=False)
class EquivariantMLP:
    """An equivariant multilayer perceptron for JAX (pure ``init`` / ``apply``).

    Parameters
    ----------
    rho_in, rho_out : Rep
        Representations on the input and the output (``rho_out`` trivial for an invariant model).
    hidden : sequence of Rep
        The hidden representations, e.g. ``[16 * rk.regular(G), 16 * rk.regular(G)]``.
    nonlinearity : {"auto", "pointwise", "norm", "gated", "identity"}, optional
        The kind for every hidden component, or ``"auto"`` (default) to choose per component
        (see the module docstring). An explicit kind a component cannot take (point-wise on a
        rotation, norm on a non-orthogonal component) is refused with the reason.
    bias : bool, optional
        Equivariant biases in the linear layers and learnable shifts in norm nonlinearities.
    allow_unreachable : bool, optional
        Build the model even when some hidden component can never reach the output.
    dtype : numpy dtype, optional
        Float dtype of the parameters (default float32).

    Attributes
    ----------
    layers : tuple of EquivariantLinear
        ``L + 1`` structured layers.
    kinds : tuple of tuple of str
        The nonlinearity kind of each component of each hidden rep.

    Raises
    ------
    UnreachableComponentError
        If a hidden component can never influence the output and ``allow_unreachable`` is False.
    InvalidOptionError
        For an unknown kind, or one
        that would break equivariance on some component.

    Notes
    -----
    Building costs one exact solve per distinct pair of components of consecutive
    representations (`repkit.equivariant_basis`) and one decomposition per distinct component
    (the reach analysis); memory is the small bases and the parameters. ``apply`` costs the
    layers' block products plus O(size of the features) per nonlinearity. The architecture is
    Finzi, Welling & Wilson, "A Practical Method for Constructing Equivariant Multilayer
    Perceptrons for Arbitrary Matrix Groups" (ICML 2021), sec. 5, with the nonlinearities of
    Weiler & Cesa (NeurIPS 2019), sec. 2.6.

    Examples
    --------
    >>> import repkit as rk
    >>> G = rk.dihedral(4)
    >>> try:
    ...     EquivariantMLP(rk.natural(G), rk.trivial(G), hidden=[4 * rk.dihedral_rotation(4)])
    ... except rk.UnreachableComponentError as e:
    ...     print("can never reach the output" in str(e))
    True
    """

    rho_in: Any
    rho_out: Any
    hidden: tuple[Any, ...]
    kinds: tuple[tuple[str, ...], ...]
    layers: tuple[EquivariantLinear, ...]
    _stages: tuple[_Stage, ...]
    _report: ExpressivityReport

    def __init__(self, rho_in: Any, rho_out: Any, hidden: Sequence[Any] = (), *,
                 nonlinearity: str = "auto", bias: bool = True, allow_unreachable: bool = False,
                 dtype: Any = np.float32) -> None:
        hidden = tuple(hidden)
        if not isinstance(nonlinearity, str):
            raise InvalidOptionError(f"nonlinearity: expected a string, got {nonlinearity!r}")
        kinds = tuple(choose_nonlinearities(h, nonlinearity) for h in hidden)
        report = expressivity(rho_in, hidden, rho_out, nonlinearities=kinds)
        report.check(allow_unreachable=allow_unreachable)
        stages, reps = [], [rho_in]
        for h, ks in zip(hidden, kinds):
            stage, target = _stage(h, ks, bias)
            stages.append(stage)
            reps.append(target)
            reps.append(h)
        reps.append(rho_out)
        layers = tuple(EquivariantLinear(equivariant_basis(reps[2 * q], reps[2 * q + 1]), bias=bias,
                                         dtype=dtype)
                       for q in range(len(hidden) + 1))
        for name, value in (("rho_in", rho_in), ("rho_out", rho_out), ("hidden", hidden),
                            ("kinds", kinds), ("layers", layers), ("_stages", tuple(stages)),
                            ("_report", report)):
            object.__setattr__(self, name, value)

    def expressivity(self) -> ExpressivityReport:
        """Per hidden component: its nonlinearity and whether it can reach the output.

        Examples
        --------
        >>> import repkit as rk
        >>> G = rk.dihedral(4)
        >>> m = EquivariantMLP(rk.natural(G), rk.trivial(G), allow_unreachable=True,
        ...                    hidden=[2 * rk.dihedral_rotation(4) + rk.trivial(G)])
        >>> [(r.name, r.reaches_output) for r in m.expressivity().rows]
        [('rot', False), ('1', True)]
        """
        return self._report

    @property
    def parameter_count(self) -> int:
        """Weights and biases of the layers plus the shifts of the norm nonlinearities."""
        shifts = sum(m.num_fields for st in self._stages for m in st.modules
                     if isinstance(m, NormNonlinearity) and m.use_bias)
        return sum(layer.parameter_count for layer in self.layers) + shifts

    def __repr__(self) -> str:
        chain = " -> ".join(str(r.name or f"dim {r.dim}") for r in (self.rho_in, *self.hidden,
                                                                     self.rho_out))
        return f"EquivariantMLP({chain}, parameters={self.parameter_count})"

    def init(self, key: Any) -> dict[str, Any]:
        """``{"layers": [linear params], "nonlinearities": [[params per module] per hidden]}``.

        Each hidden rep has one params dict per component (``{}`` for point-wise and identity,
        ``{"bias": ...}`` for norm), or a single ``{}`` for its gated nonlinearity.

        Examples
        --------
        >>> import pytest; jax = pytest.importorskip("jax")
        >>> import repkit as rk
        >>> V = rk.natural(rk.symmetric(4))
        >>> p = EquivariantMLP(V, rk.trivial(V.group), hidden=[3 * V]).init(jax.random.PRNGKey(0))
        >>> [q["theta"].shape for q in p["layers"]], p["nonlinearities"]
        ([(6,), (3,)], [[{}]])
        """
        jax = require_jax()
        keys = jax.random.split(key, len(self.layers))
        return {"layers": [layer.init(k) for layer, k in zip(self.layers, keys)],
                "nonlinearities": [[m.init(None) if m is not None else {} for m in st.modules]
                                   for st in self._stages]}

    @staticmethod
    def _nonlinearity(jnp: Any, stage: _Stage, params: list[Any], x: Any) -> Any:
        if stage.gated is not None:
            return stage.gated.apply(params[0], x)
        out = []
        for p, q in zip(stage.pieces, params):
            xc = x[..., p.offset:p.offset + p.size]
            out.append(xc if p.module is None else p.module.apply(q, xc))
        return out[0] if len(out) == 1 else jnp.concatenate(out, axis=-1)

    def apply(self, params: dict[str, Any], x: Any) -> Any:
        """The model on ``x`` of shape ``(..., rho_in.dim)``; returns ``(..., rho_out.dim)``.

        Raises
        ------
        ShapeError
            If ``x`` or the parameters have the wrong shape.

        Examples
        --------
        >>> import pytest; jax = pytest.importorskip("jax")
        >>> import numpy as np, repkit as rk
        >>> G = rk.symmetric(4)
        >>> V = rk.natural(G)
        >>> model = EquivariantMLP(V, rk.trivial(G), hidden=[3 * V, 3 * V])
        >>> params = model.init(jax.random.PRNGKey(0))
        >>> x = np.array([[0.3, -1.0, 2.0, 0.5]], np.float32)
        >>> bool(np.allclose(model.apply(params, x), model.apply(params, x[:, ::-1]), atol=1e-6))
        True
        """
        jnp = require_jax().numpy
        if not isinstance(params, dict) or len(params.get("layers", ())) != len(self.layers) \
                or len(params.get("nonlinearities", ())) != len(self._stages):
            raise ShapeError(f"params: expected a dict with {len(self.layers)} 'layers' and "
                             f"{len(self._stages)} 'nonlinearities' as returned by init, got "
                             f"{type(params).__name__}")
        y = self.layers[0].apply(params["layers"][0], x)
        for stage, q, layer, lp in zip(self._stages, params["nonlinearities"], self.layers[1:],
                                       params["layers"][1:]):
            y = layer.apply(lp, self._nonlinearity(jnp, stage, q, y))
        return y
