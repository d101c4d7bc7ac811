"""JAX equivariant linear layer: a pure ``(init, apply)`` pair that never builds the dense basis.

``EquivariantLinear(basis)`` takes a :class:`~repkit.equivariant.structured.StructuredBasis`
(``rk.equivariant_basis`` of composite representations such as ``16 * V + 2 * trivial``) or a
plain :class:`~repkit.equivariant.basis.WeightBasis` (one block, both multiplicities 1). It keeps
only the small float bases, one per distinct component pair, and exposes pure functions in the
style of ``flax.linen`` / ``haiku.transform``:

* ``params = layer.init(key)`` returns ``{"theta": (dim,), "theta_b": (bias_dim,)}``, flat, in
  the parameter order of the basis (the order of ``B.apply(theta, theta_b)``, documented in
  `repkit.equivariant.structured`: blocks by out-component then in-component, each block the
  row-major flattening of ``theta_ji[a, b, t]``, ``a`` the out copy, ``b`` the in copy, ``t``
  the small-basis element; biases per out-component as ``theta_b[a, l]``).
  ``layer.unflatten(params)`` gives the per-block views ``{"weights": [(K, k, d), ...],
  "biases": [(K, c), ...]}`` and ``layer.flatten`` goes back.
* ``y = layer.apply(params, x)`` for ``x`` of shape ``(..., m_in)`` (the representation index
  last; a channels-first tensor ``(batch, C, m)`` of ``C * V`` is ``x.reshape(batch, C * m)``,
  which is exactly the copy-major layout of ``C * V``). Per block it either forms the
  ``(K m_j, k m_i)`` weight from ``theta`` and the small basis with one einsum and multiplies
  the block's input slice, or contracts the input slice with the small basis first and then
  with ``theta``, whichever needs fewer multiplications for the batch at hand (decided from
  the static shapes). It can be wrapped in ``jax.jit``, ``jax.grad``, ``jax.vmap``, and used
  with optax.
* ``layer.weight(params)`` and ``layer.bias(params)`` are the dense ``W`` (m_out, m_in) and
  ``b`` (m_out,), on demand; ``W`` equals ``basis.apply(theta)``.

JAX is imported only inside the methods that compute (``import repkit.adapters.jax`` never
imports it); without it they raise :class:`~repkit.errors.OptionalDependencyError`. This is the
float boundary: the exact small bases are rounded once to ``dtype``.

Examples
--------
>>> import numpy as np, repkit as rk
>>> V = rk.natural(rk.symmetric(5))
>>> layer = EquivariantLinear(rk.equivariant_basis(8 * V, 8 * V))
>>> layer.dim, layer.bias_dim, [a.shape for a in layer.block_arrays]    # one 5 x 5 basis, no dense one
(128, 8, [(2, 5, 5)])
>>> import pytest; jax = pytest.importorskip("jax")
>>> params = layer.init(jax.random.PRNGKey(0))
>>> x = np.random.default_rng(0).normal(size=(3, 40)).astype(np.float32)
>>> P = (8 * V)("c").to_numpy().astype(np.float32)          # a 5-cycle on every copy
>>> bool(np.allclose(layer.apply(params, x @ P.T), layer.apply(params, x) @ P.T, atol=1e-5))
True
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ...errors import ShapeError
from ..common import require_framework

if TYPE_CHECKING:  # pragma: no cover
    from ...equivariant.basis import WeightBasis
    from ...equivariant.structured import StructuredBasis

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


@dataclass(frozen=True)
class _BlockSpec:
    """Where one block sits: rows ``out_offset : out_offset + K m_j``, columns likewise."""

    out_index: int
    out_offset: int
    in_offset: int
    K: int
    k: int
    d: int
    m_j: int
    m_i: int
    param_offset: int

    @property
    def num_params(self) -> int:
        return self.K * self.k * self.d


@dataclass(frozen=True)
class _BiasSpec:
    """The biases of one out-component: ``K`` copies of ``c`` small bias vectors of size ``m_j``."""

    out_index: int
    out_offset: int
    K: int
    c: int
    m_j: int
    param_offset: int


def _input_first(s: _BlockSpec, rows: int) -> bool:
    """Whether contracting the input with the small basis first costs fewer multiplications.

    Forming the block weight costs ``K k d m_j m_i`` plus ``rows K m_j k m_i`` for the product;
    contracting the input first costs ``rows k d m_j m_i`` plus ``rows K k d m_j``.
    """
    weight_first = s.K * s.k * s.d * s.m_j * s.m_i + rows * s.K * s.m_j * s.k * s.m_i
    input_first = rows * s.k * s.d * s.m_j * s.m_i + rows * s.K * s.k * s.d * s.m_j
    return input_first < weight_first


def _specs_from_structured(basis: Any, dtype: Any, bias: bool) -> tuple[Any, ...]:
    blocks = tuple(_BlockSpec(b.out_index, b.out_offset, b.in_offset, b.out_mult, b.in_mult,
                              b.basis.dim, b.basis.shape[0], b.basis.shape[1], b.param_offset)
                   for b in basis.blocks)
    arrays = tuple(basis.block_arrays(dtype))
    bias_specs: list[_BiasSpec] = []
    bias_arrays: list[np.ndarray] = []
    if bias:
        for bb, arr in zip(basis.bias_blocks, basis.bias_arrays(dtype)):
            if bb.dim:
                bias_specs.append(_BiasSpec(bb.out_index, bb.out_offset, bb.out_mult, bb.dim,
                                            int(arr.shape[1]), bb.param_offset))
                bias_arrays.append(arr)
    comps = tuple(d * k for d, k in basis.out_components)
    return blocks, arrays, tuple(bias_specs), tuple(bias_arrays), int(basis.bias_dim) if bias else 0, comps


def _float_bias(numerators: np.ndarray, denominators: np.ndarray, dtype: Any) -> np.ndarray:
    """Exact bias rows ``(c, m)`` (trailing ``n`` when in Q(zeta_n)) as floats of ``dtype``."""
    num = np.asarray(numerators).astype(np.float64)
    if num.ndim == 3:
        num = num @ np.exp(2j * np.pi * np.arange(num.shape[-1]) / num.shape[-1])
        if not np.issubdtype(np.dtype(dtype), np.complexfloating):
            num = num.real               # fixed vectors of a real basis are real
    return (num / np.asarray(denominators).reshape(-1, 1)).astype(dtype)


def _specs_from_weight_basis(basis: Any, dtype: Any, bias: bool) -> tuple[Any, ...]:
    weights = np.asarray(basis.to_numpy(dtype))
    m_out = int(basis.shape[0])
    if bias and getattr(basis, "bias_dim", 0):
        biases = _float_bias(*basis.bias, dtype)
    else:
        biases = np.zeros((0, m_out), dtype)
    m_out, m_in = (int(s) for s in basis.shape)
    d = int(weights.shape[0])
    blocks = (_BlockSpec(0, 0, 0, 1, 1, d, m_out, m_in, 0),) if d else ()
    arrays = (weights,) if d else ()
    c = int(biases.shape[0])
    bias_specs = (_BiasSpec(0, 0, 1, c, m_out, 0),) if c else ()
    return blocks, arrays, bias_specs, (biases,) if c else (), c, (m_out,)


@dataclass(frozen=True, eq=False, repr=False)
class EquivariantLinear:
    """An equivariant linear layer for JAX: pure ``init`` / ``apply``, one block per component pair.

    Parameters
    ----------
    basis : StructuredBasis or WeightBasis
        Exact basis of ``Hom_G(rho_in, rho_out)`` (``repkit.equivariant_basis``,
        ``repkit.load_template``). A `WeightBasis` is one block with multiplicities 1.
    bias : bool, optional
        Add the equivariant bias (vectors fixed by each out-component; default True).
    dtype : numpy dtype, optional
        Float dtype of the small bases and the parameters (default float32; complex for bases
        with non-real cyclotomic entries, a real dtype then raises `ExactnessError`).

    Attributes
    ----------
    basis : StructuredBasis or WeightBasis
        The exact basis the layer was built from.
    rho_in, rho_out : Rep or None
        The representations of the basis (when it remembers them), for checkers.
    block_arrays : tuple of numpy.ndarray
        Read-only small bases ``(d, m_j, m_i)``, one per block (equal pairs share one array).
    bias_arrays : tuple of numpy.ndarray
        Read-only small bias bases ``(c, m_j)``, one per out-component with biases.
    dtype : numpy.dtype

    Notes
    -----
    ``apply`` costs, per block, the smaller of ``K k d m_j m_i + batch K m_j k m_i`` (form the
    block weight, then one product) and ``batch k d m_j m_i + batch K k d m_j`` (contract the
    input with the small basis, then with ``theta``: e3nn's and escnn's order for wide layers);
    memory is the small bases plus the parameters, independent of the dense basis
    (``dim m_out m_in`` numbers). ``init`` draws
    each block's ``theta_ji`` normal with variance ``m_j m_i / (m_in |B_ji|_F^2)``, so that
    every entry of ``W`` has mean square ``1 / m_in`` on average, and sets the biases to 0.
    The block decomposition is Schur's lemma (Serre, *Linear Representations of Finite
    Groups*, 1977, sec. 2.6), the same as e3nn's ``Linear`` "instructions" (Geiger & Smidt,
    "e3nn: Euclidean Neural Networks", 2022, sec. 3).

    Examples
    --------
    >>> import numpy as np, repkit as rk
    >>> G = rk.dihedral(4)
    >>> layer = EquivariantLinear(rk.dihedral_rotation(4) >> 2 * rk.trivial(G))   # no weights
    >>> layer.dim, layer.bias_dim, layer.parameter_count
    (0, 2, 2)
    >>> import pytest; _ = pytest.importorskip("jax")
    >>> layer.apply({"theta": np.zeros(0), "theta_b": np.array([1.0, 2.0])}, np.ones((3, 2))).tolist()
    [[1.0, 2.0], [1.0, 2.0], [1.0, 2.0]]
    """

    basis: Any
    dtype: np.dtype
    block_arrays: tuple[np.ndarray, ...]
    bias_arrays: tuple[np.ndarray, ...]
    _blocks: tuple[_BlockSpec, ...]
    _bias_specs: tuple[_BiasSpec, ...]
    _bias_dim: int
    _out_sizes: tuple[int, ...]

    def __init__(self, basis: StructuredBasis | WeightBasis, *, bias: bool = True,
                 dtype: Any = np.float32) -> None:
        for attribute in ("shape", "dim", "apply"):
            if not hasattr(basis, attribute):
                raise ShapeError(f"basis: expected a repkit StructuredBasis or WeightBasis (with "
                                 f".{attribute}), got {type(basis).__name__}")
        dt = np.dtype(dtype)
        if getattr(basis, "kind", None) == "structured":
            specs = _specs_from_structured(basis, dt, bias)
        else:
            specs = _specs_from_weight_basis(basis, dt, bias)
        blocks, arrays, bias_specs, bias_arrays, bias_dim, out_sizes = specs
        for arr in (*arrays, *bias_arrays):
            arr.setflags(write=False)
        for name, value in (("basis", basis), ("dtype", dt), ("block_arrays", arrays),
                            ("bias_arrays", bias_arrays), ("_blocks", blocks),
                            ("_bias_specs", bias_specs), ("_bias_dim", bias_dim),
                            ("_out_sizes", out_sizes)):
            object.__setattr__(self, name, value)

    @classmethod
    def from_template(cls, path: str | os.PathLike[str], *, bias: bool = True,
                      dtype: Any = np.float32) -> EquivariantLinear:
        """Build the layer from a ``.npz`` weight template (schema 1 or 2).

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
        >>> import os, tempfile, repkit as rk
        >>> V = rk.natural(rk.symmetric(3))
        >>> with tempfile.TemporaryDirectory() as d:
        ...     rk.equivariant_basis(2 * V, V).save(os.path.join(d, "w.npz"))
        ...     layer = EquivariantLinear.from_template(os.path.join(d, "w.npz"))
        >>> layer.dim, layer.shape
        (4, (3, 6))
        """
        from ...equivariant.template_io import load_template

        return cls(load_template(os.fspath(path)), bias=bias, dtype=dtype)

    # -- sizes -------------------------------------------------------------------------------

    @property
    def rho_in(self) -> Any:
        """The input representation of the basis, or None if it does not remember it."""
        return getattr(self.basis, "rho_in", None)

    @property
    def rho_out(self) -> Any:
        """The output representation of the basis, or None if it does not remember it."""
        return getattr(self.basis, "rho_out", None)

    @property
    def shape(self) -> tuple[int, int]:
        """``(m_out, m_in)``."""
        m_out, m_in = self.basis.shape
        return int(m_out), int(m_in)

    @property
    def dim(self) -> int:
        """Number of weight parameters (the dimension of the basis)."""
        return int(self.basis.dim)

    @property
    def bias_dim(self) -> int:
        """Number of bias parameters (0 when built with ``bias=False``)."""
        return self._bias_dim

    @property
    def parameter_count(self) -> int:
        """``dim + bias_dim``."""
        return self.dim + self.bias_dim

    @property
    def in_features(self) -> int:
        """``m_in``."""
        return self.shape[1]

    @property
    def out_features(self) -> int:
        """``m_out``."""
        return self.shape[0]

    def __repr__(self) -> str:
        return (f"EquivariantLinear(shape={self.shape}, dim={self.dim}, bias_dim={self.bias_dim}, "
                f"blocks={len(self._blocks)}, dtype={self.dtype})")

    # -- parameters --------------------------------------------------------------------------

    def init(self, key: Any) -> dict[str, Any]:
        """Fresh parameters ``{"theta": (dim,), "theta_b": (bias_dim,)}`` from a JAX PRNG key.

        Parameters
        ----------
        key : jax.Array
            A key from ``jax.random.PRNGKey``.

        Returns
        -------
        dict
            ``theta`` normal, block by block, with ``E[W_ij^2] = 1/m_in`` on average;
            ``theta_b`` zero.

        Raises
        ------
        OptionalDependencyError
            If JAX is not installed.

        Examples
        --------
        >>> import pytest; jax = pytest.importorskip("jax")
        >>> import repkit as rk
        >>> V = rk.natural(rk.symmetric(4))
        >>> layer = EquivariantLinear(rk.equivariant_basis(2 * V, 3 * V))
        >>> p = layer.init(jax.random.PRNGKey(1))
        >>> p["theta"].shape, p["theta_b"].shape
        ((12,), (3,))
        """
        jax = require_jax()
        jnp = jax.numpy
        keys = jax.random.split(key, max(1, len(self._blocks)))
        m_in = max(1, self.in_features)
        parts = []
        for spec, arr, sub in zip(self._blocks, self.block_arrays, keys):
            mass = float(np.sum(np.abs(arr) ** 2))
            std = (spec.m_j * spec.m_i / (m_in * mass)) ** 0.5 if mass else 1.0
            parts.append(std * jax.random.normal(sub, (spec.num_params,), dtype=self.dtype))
        theta = jnp.concatenate(parts) if parts else jnp.zeros((0,), dtype=self.dtype)
        return {"theta": theta, "theta_b": jnp.zeros((self.bias_dim,), dtype=self.dtype)}

    def unflatten(self, params: dict[str, Any]) -> dict[str, list[Any]]:
        """Per-block views of flat parameters: ``{"weights": [(K, k, d)], "biases": [(K, c)]}``.

        ``weights[q]`` belongs to the q-th block of the basis (``basis.blocks[q]``),
        ``biases[q]`` to the q-th out-component that has biases.

        Examples
        --------
        >>> import numpy as np, repkit as rk
        >>> V = rk.natural(rk.symmetric(3))
        >>> layer = EquivariantLinear(rk.equivariant_basis(2 * V, 3 * V))
        >>> views = layer.unflatten({"theta": np.arange(12.0), "theta_b": np.zeros(3)})
        >>> views["weights"][0].shape, views["weights"][0][2, 1].tolist(), views["biases"][0].shape
        ((3, 2, 2), [10.0, 11.0], (3, 1))
        >>> bool(np.array_equal(layer.flatten(views)["theta"], np.arange(12.0)))
        True
        """
        theta, theta_b = self._check_params(params)
        weights = [theta[s.param_offset:s.param_offset + s.num_params].reshape(s.K, s.k, s.d)
                   for s in self._blocks]
        biases = [theta_b[s.param_offset:s.param_offset + s.K * s.c].reshape(s.K, s.c)
                  for s in self._bias_specs]
        return {"weights": weights, "biases": biases}

    def flatten(self, views: dict[str, list[Any]]) -> dict[str, Any]:
        """The inverse of `unflatten`: per-block arrays back to ``{"theta", "theta_b"}``.

        Raises
        ------
        ShapeError
            If the number or the shapes of the blocks are wrong.

        Examples
        --------
        >>> import numpy as np, repkit as rk
        >>> V = rk.natural(rk.symmetric(3))
        >>> layer = EquivariantLinear(rk.equivariant_basis(V, 2 * V))
        >>> layer.flatten({"weights": [np.ones((2, 1, 2))], "biases": [np.zeros((2, 1))]})["theta"].tolist()
        [1.0, 1.0, 1.0, 1.0]
        """
        xp = np if all(isinstance(a, np.ndarray) for a in (*views["weights"], *views["biases"])) \
            else require_jax().numpy
        out = {}
        for key, flat_key, specs, shape_of in (
                ("weights", "theta", self._blocks, lambda s: (s.K, s.k, s.d)),
                ("biases", "theta_b", self._bias_specs, lambda s: (s.K, s.c))):
            arrays = list(views[key])
            if len(arrays) != len(specs):
                raise ShapeError(f"views[{key!r}]: expected {len(specs)} arrays, got {len(arrays)}")
            for q, (a, s) in enumerate(zip(arrays, specs)):
                if tuple(np.shape(a)) != shape_of(s):
                    raise ShapeError(f"views[{key!r}][{q}]: expected shape {shape_of(s)}, got "
                                     f"{tuple(np.shape(a))}")
            out[flat_key] = (xp.concatenate([xp.reshape(a, (-1,)) for a in arrays]) if arrays
                             else xp.zeros((0,), dtype=self.dtype))
        return out

    def _check_params(self, params: Any) -> tuple[Any, Any]:
        if not isinstance(params, dict) or "theta" not in params:
            raise ShapeError(f"params: expected a dict with 'theta' (and 'theta_b') as returned by "
                             f"init, got {type(params).__name__}"
                             + (f" with keys {sorted(params)}" if isinstance(params, dict) else ""))
        theta = params["theta"]
        if np.shape(theta) != (self.dim,):
            raise ShapeError(f"params['theta']: expected shape ({self.dim},), got {np.shape(theta)}")
        theta_b = params.get("theta_b")
        if theta_b is None:
            theta_b = np.zeros((0,), dtype=self.dtype)
        if np.shape(theta_b) != (self.bias_dim,):
            raise ShapeError(f"params['theta_b']: expected shape ({self.bias_dim},), got "
                             f"{np.shape(theta_b)}")
        return theta, theta_b

    # -- evaluation --------------------------------------------------------------------------

    def _block_weights(self, jnp: Any, theta: Any) -> list[Any]:
        out = []
        for s, arr in zip(self._blocks, self.block_arrays):
            t = theta[s.param_offset:s.param_offset + s.num_params].reshape(s.K, s.k, s.d)
            w = jnp.einsum("abt,trs->arbs", t, jnp.asarray(arr))
            out.append(w.reshape(s.K * s.m_j, s.k * s.m_i))
        return out

    def _bias_vectors(self, jnp: Any, theta_b: Any) -> list[Any]:
        return [(theta_b[s.param_offset:s.param_offset + s.K * s.c].reshape(s.K, s.c)
                 @ jnp.asarray(arr)).reshape(s.K * s.m_j)
                for s, arr in zip(self._bias_specs, self.bias_arrays)]

    def apply(self, params: dict[str, Any], x: Any, *, channels_first: bool = False) -> Any:
        """Apply the layer: ``x W^T + b`` for ``x`` of shape (..., m_in), block by block.

        Parameters
        ----------
        params : dict
            ``{"theta", "theta_b"}`` as returned by :meth:`init` (possibly trained).
        x : array_like, shape (..., m_in)
            Or ``(batch, m_in, *spatial)`` with ``channels_first=True`` (the representation
            axis second, as in a convolutional feature map).
        channels_first : bool, optional
            Read the representation axis at position 1 instead of last (default False).

        Returns
        -------
        jax.Array, shape (..., m_out), or (batch, m_out, *spatial) with ``channels_first``

        Raises
        ------
        ShapeError
            If ``x`` or a parameter has the wrong size.
        OptionalDependencyError
            If JAX is not installed.

        Examples
        --------
        >>> import pytest; jax = pytest.importorskip("jax")
        >>> import numpy as np, repkit as rk
        >>> V = rk.natural(rk.symmetric(3))
        >>> layer = EquivariantLinear(rk.equivariant_basis(2 * V, V))
        >>> y = layer.apply({"theta": np.array([1.0, 0, 0, 0]), "theta_b": np.zeros(1)},
        ...                 np.arange(6.0)[None])
        >>> np.asarray(y).tolist()                     # the identity on copy 0
        [[0.0, 1.0, 2.0]]
        """
        jnp = require_jax().numpy
        if channels_first:
            if len(np.shape(x)) < 2 or np.shape(x)[1] != self.in_features:
                raise ShapeError(f"x: expected (batch, {self.in_features}, ...) with "
                                 f"channels_first=True, got shape {np.shape(x)}")
            return jnp.moveaxis(self.apply(params, jnp.moveaxis(jnp.asarray(x), 1, -1)), -1, 1)
        theta, theta_b = self._check_params(params)
        if np.shape(x)[-1:] != (self.in_features,):
            raise ShapeError(f"x: expected a last axis of size {self.in_features} (rho_in.dim), "
                             f"got shape {np.shape(x)}")
        x = jnp.asarray(x)
        lead = x.shape[:-1]
        dtype = jnp.result_type(x.dtype, jnp.asarray(theta).dtype, self.dtype)
        parts: list[Any] = [None] * len(self._out_sizes)
        rows = int(np.prod(lead, dtype=np.int64))
        for s, arr in zip(self._blocks, self.block_arrays):
            t = theta[s.param_offset:s.param_offset + s.num_params].reshape(s.K, s.k, s.d)
            xi = x[..., s.in_offset:s.in_offset + s.k * s.m_i]
            if _input_first(s, rows):
                z = jnp.einsum("...bs,trs->...btr", xi.reshape(lead + (s.k, s.m_i)), jnp.asarray(arr))
                y = jnp.einsum("...btr,abt->...ar", z, t).reshape(lead + (s.K * s.m_j,))
            else:
                w = jnp.einsum("abt,trs->arbs", t, jnp.asarray(arr)).reshape(s.K * s.m_j, s.k * s.m_i)
                y = xi @ w.T
            parts[s.out_index] = y if parts[s.out_index] is None else parts[s.out_index] + y
        for s, b in zip(self._bias_specs, self._bias_vectors(jnp, theta_b)):
            j = s.out_index
            parts[j] = b if parts[j] is None else parts[j] + b
        out = [jnp.broadcast_to(p, lead + (size,)).astype(dtype) if p is not None
               else jnp.zeros(lead + (size,), dtype) for p, size in zip(parts, self._out_sizes)]
        return out[0] if len(out) == 1 else jnp.concatenate(out, axis=-1)

    def weight(self, params: dict[str, Any]) -> Any:
        """The dense weight ``W`` (m_out, m_in) for these parameters (equal to ``basis.apply(theta)``).

        Examples
        --------
        >>> import pytest; _ = pytest.importorskip("jax")
        >>> import numpy as np, repkit as rk
        >>> V = rk.natural(rk.symmetric(3))
        >>> B = rk.equivariant_basis(2 * V, V)
        >>> layer = EquivariantLinear(B)
        >>> theta = np.array([1.0, 2.0, 3.0, 4.0], dtype=np.float32)
        >>> bool(np.allclose(layer.weight({"theta": theta}), B.apply(theta)))
        True
        """
        jnp = require_jax().numpy
        theta, _ = self._check_params({"theta": params["theta"],
                                       "theta_b": np.zeros(self.bias_dim)})
        W = jnp.zeros(self.shape, jnp.result_type(jnp.asarray(theta).dtype, self.dtype))
        for s, w in zip(self._blocks, self._block_weights(jnp, theta)):
            W = W.at[s.out_offset:s.out_offset + s.K * s.m_j,
                     s.in_offset:s.in_offset + s.k * s.m_i].set(w)
        return W

    def bias(self, params: dict[str, Any]) -> Any:
        """The dense bias ``b`` (m_out,) for these parameters (zeros without biases).

        Examples
        --------
        >>> import pytest; _ = pytest.importorskip("jax")
        >>> import numpy as np, repkit as rk
        >>> V = rk.natural(rk.symmetric(3))
        >>> layer = EquivariantLinear(rk.equivariant_basis(V, 2 * V))
        >>> layer.bias({"theta": np.zeros(4), "theta_b": np.array([1.0, -1.0])}).tolist()
        [1.0, 1.0, 1.0, -1.0, -1.0, -1.0]
        """
        jnp = require_jax().numpy
        _, theta_b = self._check_params(params)
        b = jnp.zeros(self.shape[0], jnp.result_type(jnp.asarray(theta_b).dtype, self.dtype))
        for s, v in zip(self._bias_specs, self._bias_vectors(jnp, theta_b)):
            b = b.at[s.out_offset:s.out_offset + s.K * s.m_j].set(v)
        return b
