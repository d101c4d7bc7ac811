"""Nonlinearities and equivariance: which ones commute with a representation, and two that do.

A point-wise nonlinearity ``sigma`` (applied to every coordinate) commutes with a representation
``rho`` exactly when every ``rho(g)`` moves coordinates around without mixing them, with signs
that ``sigma`` respects. :func:`pointwise_safe` decides this exactly from the generator images:

* every generator image is a permutation matrix: **every** point-wise nonlinearity is equivariant
  (ReLU, tanh, sigmoid, ...);
* every generator image is a signed permutation matrix (one entry ``+1`` or ``-1`` in each row
  and column) and some entry is ``-1``: exactly the **odd** ones (``sigma(-t) = -sigma(t)``, e.g.
  tanh, but not ReLU);
* otherwise only the linear ones, so use :func:`norm_nonlinearity` (the representation acts
  orthogonally on each block) or :func:`gated_nonlinearity` (gates are invariant scalars).

Monomial matrices form a group, so checking the generators decides it for every element, and
the work is one pass over the generator images (no element of the group is enumerated).

:func:`equivariance_error` measures ``max_g ||f(rho_in(g) x) - rho_out(g) f(x)|| / ||f(x)||`` for
any NumPy callable. It is a floating-point measurement at the boundary (data is only
approximately symmetric, and point-wise nonlinearities or downsampling alias), never used to
decide a mathematical fact.

Examples
--------
>>> import repkit as rk
>>> D4 = rk.dihedral(4)
>>> bool(pointwise_safe(rk.regular(D4))), bool(pointwise_safe(rk.dihedral_rotation(4)))
(True, False)
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from ..errors import GroupTooLargeError, IncompatibleGroupError, ShapeError
from ..errors import InvalidOptionError, NonFiniteValueError
from .solver import signed_permutation_data

__all__ = [
    "PointwiseVerdict",
    "pointwise_safe",
    "norm_nonlinearity",
    "gated_nonlinearity",
    "equivariance_error",
]

ArrayFunction = Callable[[np.ndarray], np.ndarray]


@dataclass(frozen=True)
class PointwiseVerdict:
    """Which point-wise nonlinearities commute with a representation (from :func:`pointwise_safe`).

    Attributes
    ----------
    kind : {"permutation", "positive_monomial", "signed_permutation", "none"}
        The class of the generator images that decided the verdict: permutation matrices (every
        point-wise function commutes), monomial matrices with positive rational entries (exactly
        the positively homogeneous ones commute: ReLU, leaky ReLU, PReLU), signed permutation
        matrices (the odd ones), or none of these.
    reason : str
        A sentence naming the witness: the generator and entry that rule out the larger class.

    Examples
    --------
    >>> v = PointwiseVerdict("signed_permutation", "r has the entry -1 at (0, 1)")
    >>> v.all_pointwise, v.odd_only, bool(v)
    (False, True, False)
    """

    kind: Literal["permutation", "positive_monomial", "signed_permutation", "none"]
    reason: str

    def __post_init__(self) -> None:
        if self.kind not in ("permutation", "positive_monomial", "signed_permutation", "none"):
            raise InvalidOptionError(f"kind: expected 'permutation', 'positive_monomial', "
                                     f"'signed_permutation' or 'none', got {self.kind!r}")

    @property
    def all_pointwise(self) -> bool:
        """Every point-wise nonlinearity (ReLU included) is equivariant."""
        return self.kind == "permutation"

    @property
    def positive_homogeneous(self) -> bool:
        """Point-wise ``sigma`` with ``sigma(c t) = c sigma(t)`` for ``c > 0`` (ReLU, leaky ReLU) are equivariant.

        Examples
        --------
        >>> PointwiseVerdict("positive_monomial", "r has the entry 2 at (0, 1)").positive_homogeneous
        True
        """
        return self.kind in ("permutation", "positive_monomial")

    @property
    def odd_only(self) -> bool:
        """Exactly the odd point-wise nonlinearities (``sigma(-t) = -sigma(t)``) are equivariant."""
        return self.kind == "signed_permutation"

    def __bool__(self) -> bool:
        """True when every point-wise nonlinearity is equivariant (same as :attr:`all_pointwise`)."""
        return self.all_pointwise

    def __str__(self) -> str:
        head = {
            "permutation": "every point-wise nonlinearity is equivariant",
            "positive_monomial": ("only positively homogeneous point-wise nonlinearities (ReLU, leaky "
                                  "ReLU) are equivariant"),
            "signed_permutation": "only odd point-wise nonlinearities are equivariant",
            "none": "no non-linear point-wise nonlinearity is equivariant",
        }[self.kind]
        return f"{head}: {self.reason}"


def _generator_names(rho: Any) -> tuple[str, ...]:
    return tuple(rho.group.generators)


def _positive_monomial_witness(rho: Any) -> str | None:
    """A sentence naming an entry ``c > 0, c != 1`` if every generator image is monomial with
    positive rational entries; None otherwise (decided exactly)."""
    if not rho.is_monomial():
        return None
    witness = None
    for name, image in zip(_generator_names(rho), rho.images):
        if not image.is_rational:
            return None
        for i, row in enumerate(image.to_list()):
            for j, value in enumerate(row):
                if value < 0:
                    return None
                if value != 0 and value != 1 and witness is None:
                    witness = (f"rho({name}) is monomial with the positive entry {value} at ({i}, {j}); "
                               "every generator image is a monomial matrix with positive entries")
    return witness


def _non_monomial_witness(rho: Any) -> str:
    """A sentence naming the first generator image that is not a signed permutation matrix."""
    for name, image in zip(_generator_names(rho), rho.images):
        rows = image.to_list()
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                if value != 0 and value != 1 and value != -1:
                    return (f"rho({name}) has the entry {value} at ({i}, {j}), which is not 0, 1 "
                            "or -1")
            nonzero = sum(1 for value in row if value != 0)
            if nonzero != 1:
                return (f"rho({name}) has {nonzero} non-zero entries in row {i}, so it mixes "
                        "coordinates")
    return "some generator image is not a signed permutation matrix"


def pointwise_safe(rho: Any) -> PointwiseVerdict:
    """Decide exactly which point-wise nonlinearities are equivariant for ``rho``.

    Parameters
    ----------
    rho : Rep
        The representation acting on the features the nonlinearity is applied to.

    Returns
    -------
    PointwiseVerdict
        ``kind == "permutation"`` (every point-wise nonlinearity commutes with every ``rho(g)``),
        ``"positive_monomial"`` (exactly the positively homogeneous ones do: ReLU, leaky ReLU),
        ``"signed_permutation"`` (exactly the odd ones do) or ``"none"`` (only linear ones do);
        ``bool(verdict)`` is true in the first case only, and ``verdict.reason`` names the
        generator and entry that decided it.

    Notes
    -----
    ``sigma`` applied coordinate-wise commutes with ``A`` for every ``sigma`` iff ``A`` is a
    permutation matrix, and for every odd ``sigma`` iff ``A`` is a signed permutation matrix:
    a row with two non-zero entries ``a, b`` fails for ``sigma(t) = t**3``
    (``(a s + b t)**3 != a s**3 + b t**3``), an entry ``c`` with ``c != c**3`` fails for the same
    odd ``sigma``, and an entry ``-1`` fails for every even, non-odd ``sigma``. A monomial matrix
    with positive entries commutes with ``sigma`` iff ``sigma(c t) = c sigma(t)`` for its entries
    ``c``, which every positively homogeneous ``sigma`` satisfies (and ``t**3`` does not when
    ``c != 1``). The three classes of matrices are groups, so the generator images decide it
    for the whole group. Exact
    comparisons only (the monomial structure comes from
    :func:`~repkit.equivariant.solver.signed_permutation_data`, shared with the orbital solver);
    free for permutation representations, O(ngens dim^2) otherwise; no element enumerated.
    See Cohen & Welling, "Group Equivariant Convolutional Networks" (ICML 2016), section 6
    (point-wise nonlinearities on regular feature maps), and Weiler & Cesa, "General
    E(2)-Equivariant Steerable CNNs" (NeurIPS 2019, pp. 14334-14345), on which nonlinearities
    suit regular, quotient and irreducible feature fields.

    Examples
    --------
    >>> import repkit as rk
    >>> D4 = rk.dihedral(4)
    >>> pointwise_safe(rk.regular(D4)).all_pointwise
    True
    >>> v = pointwise_safe(rk.dihedral_rotation(4))
    >>> v.all_pointwise, v.odd_only
    (False, True)
    """
    if not _generator_names(rho):
        return PointwiseVerdict("permutation", "the group has no generators, so rho is trivial")
    data = signed_permutation_data(rho)
    if data is None:
        positive = _positive_monomial_witness(rho)
        if positive is not None:
            return PointwiseVerdict("positive_monomial", positive)
        return PointwiseVerdict("none", _non_monomial_witness(rho))
    perms, signs = data
    negative = np.argwhere(signs < 0) if signs is not None else np.zeros((0, 2), dtype=np.intp)
    if negative.size == 0:
        return PointwiseVerdict("permutation", "every generator image is a permutation matrix")
    g, j = (int(t) for t in negative[0])
    name, i = _generator_names(rho)[g], int(perms[g, j])
    return PointwiseVerdict("signed_permutation",
                            f"rho({name}) is a signed permutation with the entry -1 at ({i}, {j}); "
                            "every generator image is a signed permutation matrix")


def _check_blocks(blocks: Sequence[int], width: int, argument: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(b) for b in blocks)
    except TypeError as exc:
        raise ShapeError(f"{argument}: expected a sequence of positive block sizes, got "
                         f"{blocks!r}") from exc
    if any(s <= 0 for s in sizes) or sum(sizes) != width:
        raise ShapeError(f"{argument}: expected positive block sizes summing to {width} (the "
                         f"last axis of x), got {list(sizes)} (sum {sum(sizes)})")
    return sizes


def _as_features(x: Any, argument: str) -> np.ndarray:
    arr = np.asarray(x)
    if arr.ndim == 0:
        raise ShapeError(f"{argument}: expected an array of shape (..., m), got a scalar")
    if arr.dtype.kind not in "fcbiu":
        raise ShapeError(f"{argument}: expected a numeric array, got dtype {arr.dtype}")
    return arr


def norm_nonlinearity(x: Any, sigma: ArrayFunction, *, blocks: Sequence[int]) -> np.ndarray:
    """Scale each block of ``x`` by ``sigma`` of its squared norm: ``x_b * sigma(|x_b|**2)``.

    Parameters
    ----------
    x : array_like, shape (..., m)
        Features; the last axis is split into consecutive blocks.
    sigma : callable
        A NumPy function applied to the squared block norms (shape (..., number of blocks)).
    blocks : sequence of int
        Consecutive block sizes summing to ``m``.

    Returns
    -------
    numpy.ndarray
        Same shape as ``x``.

    Raises
    ------
    ShapeError
        If the block sizes are not positive or do not sum to ``x.shape[-1]``.

    Notes
    -----
    Equivariance condition: the representation is block diagonal with these blocks and acts
    **orthogonally** (unitarily, for complex features) on each block. Then ``|rho_b(g) x_b| =
    |x_b|``, so the scale factor is invariant and the map commutes with ``rho(g)``. Use it where
    point-wise nonlinearities break equivariance (see :func:`pointwise_safe`), e.g. on the 2-d
    rotation representation of a dihedral group. Cost O(size of x). Reference: Worrall et al.,
    "Harmonic Networks" (CVPR 2017), nonlinearities acting on the modulus only; Weiler & Cesa,
    "General E(2)-Equivariant Steerable CNNs" (NeurIPS 2019), norm nonlinearities.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.array([[3.0, 4.0, 1.0]])
    >>> y = norm_nonlinearity(x, lambda s: 1 / (1 + s), blocks=[2, 1])
    >>> np.allclose(y, [[3 / 26, 4 / 26, 1 / 2]])
    True
    >>> rot = np.array([[0.0, -1.0], [1.0, 0.0]])   # rotation by 90 degrees on the first block
    >>> g = np.block([[rot, np.zeros((2, 1))], [np.zeros((1, 2)), np.eye(1)]])
    >>> f = lambda v: norm_nonlinearity(v, np.tanh, blocks=[2, 1])
    >>> np.allclose(f(x @ g.T), f(x) @ g.T)
    True
    """
    arr = _as_features(x, "x")
    sizes = _check_blocks(blocks, arr.shape[-1], "blocks")
    starts = np.cumsum((0,) + sizes[:-1])
    magnitude = arr.real**2 + arr.imag**2 if np.iscomplexobj(arr) else arr**2
    squared = np.add.reduceat(magnitude, starts, axis=-1)
    scale = np.asarray(sigma(squared))
    if scale.shape != squared.shape:
        raise ShapeError(f"sigma: expected an output of shape {squared.shape} (one value per "
                         f"block), got {scale.shape}")
    return arr * np.repeat(scale, sizes, axis=-1)


def gated_nonlinearity(x: Any, gates: Any, sigma: ArrayFunction, *,
                       blocks: Sequence[int] | None = None) -> np.ndarray:
    """Multiply each block of ``x`` by ``sigma`` of its gate: ``x_b * sigma(gate_b)``.

    Parameters
    ----------
    x : array_like, shape (..., m)
        Features; the last axis is split into consecutive blocks.
    gates : array_like, shape (..., k)
        One gate per block (``k = len(blocks)``), broadcast against the leading axes of ``x``.
    sigma : callable
        A NumPy function applied to the gates (any point-wise nonlinearity, e.g. a sigmoid).
    blocks : sequence of int, optional
        Consecutive block sizes summing to ``m``; default one block, ``[m]``.

    Returns
    -------
    numpy.ndarray
        Same shape as ``x``.

    Raises
    ------
    ShapeError
        If the block sizes do not sum to ``m`` or ``gates`` does not have one entry per block.

    Notes
    -----
    Equivariance condition: the gates are **scalars**, i.e. they transform by the trivial
    representation (typically extra invariant channels produced by the previous equivariant
    linear layer), and the representation on ``x`` preserves each block. Then
    ``sigma(gate_b)`` is invariant and the map commutes with ``rho(g)`` for any ``sigma``,
    whatever ``rho`` does inside a block. Cost O(size of x). Reference: Weiler et al., "3D
    Steerable CNNs" (NeurIPS 2018), where gated nonlinearities were introduced.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.array([[1.0, -2.0, 5.0]])
    >>> y = gated_nonlinearity(x, np.array([[0.0, 100.0]]), lambda t: t > 0, blocks=[2, 1])
    >>> y.tolist()
    [[0.0, -0.0, 5.0]]
    """
    arr = _as_features(x, "x")
    sizes = _check_blocks(blocks if blocks is not None else (arr.shape[-1],), arr.shape[-1],
                          "blocks")
    gate = _as_features(gates, "gates")
    if gate.shape[-1] != len(sizes):
        raise ShapeError(f"gates: expected one gate per block, i.e. last axis {len(sizes)}, got "
                         f"shape {gate.shape}")
    activated = np.asarray(sigma(gate))
    if activated.shape != gate.shape:
        raise ShapeError(f"sigma: expected an output of the gates' shape {gate.shape}, got "
                         f"{activated.shape}")
    return arr * np.repeat(activated, sizes, axis=-1)


def _float_image(image: Any) -> np.ndarray:
    return np.asarray(image.to_numpy(float))


def _float_generators(rho: Any) -> list[np.ndarray]:
    """Float generator images; permutation reps are built from their image lists directly."""
    perms = rho.permutation_images()
    if perms is None:
        return [_float_image(m) for m in rho.images]
    out = []
    for p in perms:
        m = np.zeros((len(p), len(p)))
        m[np.asarray(p, dtype=np.intp), np.arange(len(p))] = 1.0
        out.append(m)
    return out


def _relative(diff: float, scale: float) -> float:
    return diff / scale if scale > 0 else diff


def _evaluate(f: ArrayFunction, xs: np.ndarray, m_out: int) -> np.ndarray:
    out = np.asarray(f(xs))
    if out.shape != (xs.shape[0], m_out):
        raise ShapeError(f"f: expected an output of shape {(xs.shape[0], m_out)} for inputs of "
                         f"shape {xs.shape} (batch, rho_in.dim), got {out.shape}")
    return out


def equivariance_error(f: ArrayFunction, rho_in: Any, rho_out: Any, xs: Any, *,
                       elements: Sequence[Any] | None = None,
                       rng: np.random.Generator | None = None,
                       max_elements: int = 1024, word_length: int = 32) -> float:
    """Measure ``max_g ||f(rho_in(g) X) - rho_out(g) f(X)|| / ||f(X)||`` for a NumPy callable.

    Parameters
    ----------
    f : callable
        Maps a batch of shape (n, rho_in.dim) to a batch of shape (n, rho_out.dim).
    rho_in, rho_out : Rep
        Representations of the same group on the inputs and outputs of ``f``.
    xs : array_like, shape (n, rho_in.dim) or (rho_in.dim,)
        The inputs at which equivariance is measured.
    elements : sequence, optional
        Group elements to test (ints, words or text such as ``"r f"``). Default: every element
        when the group has at most ``max_elements`` of them; otherwise a sample (needs ``rng``).
    rng : numpy.random.Generator, optional
        Source of the sample for large groups: ``max_elements`` random words of ``word_length``
        letters in the generators and their inverses (not uniform on the group; the generators
        themselves are always included).
    max_elements : int, optional
        Largest group tested element by element; also the sample size.
    word_length : int, optional
        Length of the random words of a sample.

    Returns
    -------
    float
        The largest relative error; norms are Frobenius norms over the whole batch, and when
        ``f(X) == 0`` the error is absolute. Always finite: NaN or infinity is never folded into
        a maximum (where ``max(0.0, nan)`` would silently give 0.0); it raises instead.

    Raises
    ------
    NonFiniteValueError
        If ``xs`` or any output of ``f`` holds NaN or infinity, or a norm overflows; the message
        says at which stage.
    IncompatibleGroupError
        If ``rho_in`` and ``rho_out`` belong to different groups.
    ShapeError
        If ``xs`` or the output of ``f`` have the wrong shape.
    GroupTooLargeError
        If the group has more than ``max_elements`` elements and neither ``elements`` nor
        ``rng`` is given.
    InvalidOptionError
        If ``max_elements`` or ``word_length`` is not positive.

    Notes
    -----
    A float measurement at the boundary, for trained or hand-written models (aliasing,
    point-wise nonlinearities, approximate symmetry); repkit never decides equivariance with it.
    All elements are visited along the Cayley graph of the right multiplication table,
    carrying ``rho(g^-1) X`` and ``rho_out(g^-1) f(X)`` (one product by a generator image per
    element), so the cost is O(|G| (cost of f + n (m_in^2 + m_out^2))) with memory for one
    breadth-first frontier of batches, not for |G| matrices.

    Examples
    --------
    >>> import numpy as np
    >>> import repkit as rk
    >>> rho = rk.dihedral_rotation(4)
    >>> xs = np.random.default_rng(0).normal(size=(5, 2))
    >>> relu = lambda x: np.maximum(x, 0.0)
    >>> equivariance_error(relu, rho, rho, xs) > 0.1
    True
    >>> norm = lambda x: norm_nonlinearity(x, np.tanh, blocks=[2])
    >>> equivariance_error(norm, rho, rho, xs) < 1e-12
    True
    """
    if rho_in.group != rho_out.group:
        raise IncompatibleGroupError(
            f"rho_out: expected a representation of the same group as rho_in (order "
            f"{rho_in.group.order}), got one of a different group (order {rho_out.group.order}); "
            "build both from one group, e.g. rk.regular(rho_in.group)")
    m_in, m_out = int(rho_in.dim), int(rho_out.dim)
    data = np.asarray(xs)
    if data.ndim == 1:
        data = data[None, :]
    if data.ndim != 2 or data.shape[1] != m_in:
        raise ShapeError(f"xs: expected shape (n, {m_in}) or ({m_in},) to match rho_in.dim, got "
                         f"{np.shape(xs)}")
    if max_elements < 1 or word_length < 1:
        raise InvalidOptionError(f"max_elements, word_length: expected positive ints, got "
                                 f"{max_elements}, {word_length}")
    if data.dtype.kind not in "biufc" or not np.all(np.isfinite(data)):
        got = "NaN or infinity" if data.dtype.kind in "fc" else f"dtype {data.dtype}"
        raise NonFiniteValueError(f"xs: expected finite numbers, got {got} in the inputs; the "
                                  "equivariance error is undefined")

    def finite(x: np.ndarray, where: str) -> np.ndarray:
        out = _evaluate(f, x, m_out)
        if out.dtype.kind not in "biufc":
            raise ShapeError(f"f: expected a numeric output, got dtype {out.dtype} {where}")
        if not np.all(np.isfinite(out)):
            raise NonFiniteValueError(f"f: returned NaN or infinity {where}; the equivariance error is "
                                      "undefined (check the model for overflow or invalid operations)")
        return out

    fx = finite(data, "at the inputs xs")
    scale = float(np.linalg.norm(fx))
    if not np.isfinite(scale):
        raise NonFiniteValueError("f: the norm of f(xs) overflows a float; rescale the inputs")

    def error(x_g: np.ndarray, fx_g: np.ndarray) -> float:
        """Error of one element from X rho_in(g)^T and f(X) rho_out(g)^T."""
        value = _relative(float(np.linalg.norm(finite(x_g, "at transformed inputs") - fx_g)), scale)
        if not np.isfinite(value):
            raise NonFiniteValueError("f: the difference f(rho_in(g) X) - rho_out(g) f(X) overflows a "
                                      "float; rescale the inputs")
        return value

    if elements is not None:
        worst = 0.0
        for g in elements:
            a, b = _float_image(rho_in(g)), _float_image(rho_out(g))
            worst = max(worst, error(data @ a.T, fx @ b.T))
        return worst
    group = rho_in.group
    gens_in = _float_generators(rho_in)
    gens_out = _float_generators(rho_out)
    order = group.order
    if order <= max_elements:
        return _all_elements(group, gens_in, gens_out, data, fx, error)
    if rng is None:
        raise GroupTooLargeError(
            f"rng: the group has {order} > max_elements = {max_elements} elements; pass "
            "rng=numpy.random.default_rng(seed) to measure on a sample, elements=[...] to choose "
            "them, or a larger max_elements")
    return _sampled(gens_in, gens_out, data, fx, error, rng, max_elements, word_length)


def _all_elements(group: Any, gens_in: list[np.ndarray], gens_out: list[np.ndarray],
                  data: np.ndarray, fx: np.ndarray,
                  error: Callable[[np.ndarray, np.ndarray], float]) -> float:
    """Visit every element g along right multiplication, carrying rho(g^-1) applied to the data."""
    table = np.asarray(group.right_table)
    inv_in = [np.linalg.inv(a) for a in gens_in]
    inv_out = [np.linalg.inv(b) for b in gens_out]
    seen = np.zeros(group.order, dtype=bool)
    seen[0] = True
    queue: deque[tuple[int, np.ndarray, np.ndarray]] = deque([(0, data, fx)])
    worst = 0.0
    while queue:
        g, x_g, fx_g = queue.popleft()
        worst = max(worst, error(x_g, fx_g))
        for i in range(len(gens_in)):
            h = int(table[g, 2 * i])   # h = g x_i, and rho(h^-1) = rho(x_i^-1) rho(g^-1)
            if not seen[h]:
                seen[h] = True
                queue.append((h, x_g @ inv_in[i].T, fx_g @ inv_out[i].T))
    return worst


def _sampled(gens_in: list[np.ndarray], gens_out: list[np.ndarray], data: np.ndarray,
             fx: np.ndarray, error: Callable[[np.ndarray, np.ndarray], float],
             rng: np.random.Generator, count: int, length: int) -> float:
    """Random words in the generators and their inverses, plus every generator."""
    letters_in = gens_in + [np.linalg.inv(a) for a in gens_in]
    letters_out = gens_out + [np.linalg.inv(b) for b in gens_out]
    worst = max((error(data @ a.T, fx @ b.T) for a, b in zip(gens_in, gens_out)), default=0.0)
    for _ in range(max(0, count - len(gens_in))):
        x_g, fx_g = data, fx
        for k in rng.integers(len(letters_in), size=length):
            x_g = x_g @ letters_in[k].T
            fx_g = fx_g @ letters_out[k].T
        worst = max(worst, error(x_g, fx_g))
    return worst
