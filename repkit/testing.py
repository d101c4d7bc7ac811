"""Checkers for users' own code: homomorphisms, intertwiners and equivariant functions.

These raise ``AssertionError`` with a message that says what failed and where, like
``numpy.testing``; they decide exactly (no tolerance) for exact inputs. Numerical helpers here may
use floats only to evaluate user callables.

Examples
--------
>>> import repkit as rk
>>> from repkit.testing import assert_homomorphism, assert_intertwines
>>> rho = rk.regular(rk.dihedral(3))
>>> assert_homomorphism(rho)
>>> assert_intertwines(rk.Matrix([[1] * 6]), rho, rk.trivial(rho.group))   # summing is invariant
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from .errors import GroupTooLargeError, InvalidOptionError, NonFiniteValueError
from .groups.words import format_word
from .reps import _verify
from .reps._util import as_matrix, short_matrix
from .reps.rep import Rep

__all__ = ["assert_homomorphism", "assert_intertwines", "assert_equivariant", "default_tolerances",
           "DEFAULT_TOLERANCES"]


def assert_homomorphism(rho: Rep, *, pairs: int = 0, rng: random.Random | int | None = None,
                        max_order: int = 100_000) -> None:
    """Assert that ``rho`` is a homomorphism: every relator maps to the identity, exactly.

    Parameters
    ----------
    rho : Rep
        The representation to check (its stored generator images are re-checked from scratch,
        whatever constructor made it).
    pairs : int, optional
        Also check ``rho(g h) == rho(g) rho(h)`` on this many random pairs of elements (this
        enumerates the group).
    rng : random.Random or int, optional
        The source of randomness for ``pairs`` (a seed or a ``random.Random``); default seed 0.
    max_order : int, optional
        Refuse ``pairs > 0`` (with ``GroupTooLargeError``, a usage error, not an assertion)
        for a group with more elements.

    Raises
    ------
    GroupTooLargeError
        If ``pairs > 0`` and the group has more than ``max_order`` elements.
    AssertionError
        Naming the first relator whose image is not the identity (with its image), or the
        first pair ``(g, h)`` with ``rho(g h) != rho(g) rho(h)``.

    Notes
    -----
    Complete by von Dyck's theorem (see :meth:`repkit.Rep.from_generators`); one exact word
    evaluation per relator of ``rho.group.presentation``.

    Examples
    --------
    >>> import repkit as rk
    >>> rho = rk.dihedral_rotation(5)
    >>> assert_homomorphism(rho, pairs=20, rng=1)
    """
    G = rho.group
    relators = G.presentation.relators
    names = G.generators
    if rho.is_permutation():
        failure = _verify.failing_relator_perm(relators, rho._require_perms(), rho.dim)
        if failure is not None:
            k, value = failure
            raise AssertionError(
                f"rho is not a homomorphism: relator {k} ({format_word(relators[k], names)}) "
                f"maps to the permutation {value.tolist()}, not the identity")
    else:
        failure_m = _verify.failing_relator_matrix(relators, rho.images, rho._inverse_matrices,
                                                   rho.dim)
        if failure_m is not None:
            k, value_m = failure_m
            raise AssertionError(
                f"rho is not a homomorphism: relator {k} ({format_word(relators[k], names)}) "
                f"maps to {short_matrix(value_m)}, not the identity")
    if pairs <= 0:
        return
    if G.order > max_order:
        raise GroupTooLargeError(f"pairs: checking random pairs enumerates the group, whose order "
                         f"{G.order} exceeds max_order={max_order}")
    generator = rng if isinstance(rng, random.Random) else random.Random(0 if rng is None else rng)
    for _ in range(pairs):
        g, h = generator.randrange(G.order), generator.randrange(G.order)
        if rho(G.mul(g, h)) != rho(g) @ rho(h):
            raise AssertionError(
                f"rho(g h) != rho(g) rho(h) for g = {G.word_str(g)}, h = {G.word_str(h)}")


def assert_intertwines(W: Any, rho_in: Rep, rho_out: Rep) -> None:
    """Assert ``rho_out(g) W == W rho_in(g)`` for every generator ``g``, exactly.

    Checking the generators suffices: the set of ``g`` with ``rho_out(g) W = W rho_in(g)`` is a
    subgroup (closed under products and inverses), so it is all of ``G`` once it contains the
    generators.

    Parameters
    ----------
    W : Matrix or nested lists
        A ``rho_out.dim x rho_in.dim`` exact matrix.
    rho_in, rho_out : Rep
        Representations of the same (equal) group.

    Raises
    ------
    AssertionError
        Naming the first generator that fails, or if the groups or shapes do not match.

    Notes
    -----
    ``O(ngens * d_out * d_in * (d_in + d_out))`` exact operations.

    Examples
    --------
    >>> import repkit as rk
    >>> G = rk.symmetric(3)
    >>> V = rk.natural(G)
    >>> assert_intertwines(rk.Matrix.identity(3), V, V)
    >>> assert_intertwines(rk.Matrix([[1, 0, 0]] * 3), V, V)
    Traceback (most recent call last):
        ...
    AssertionError: W does not intertwine: rho_out(s) W != W rho_in(s)
    """
    if rho_in.group != rho_out.group:
        raise AssertionError("rho_in and rho_out are representations of different groups")
    w = as_matrix(W, "W")
    if w.shape != (rho_out.dim, rho_in.dim):
        raise AssertionError(f"W: expected shape {(rho_out.dim, rho_in.dim)} "
                             f"(rho_out.dim, rho_in.dim), got {w.shape}")
    for name, a, b in zip(rho_in.generators, rho_in.images, rho_out.images):
        if b @ w != w @ a:
            raise AssertionError(
                f"W does not intertwine: rho_out({name}) W != W rho_in({name})")


#: Default ``(rtol, atol)`` of `assert_equivariant` by the precision of ``f``'s output (as e3nn's
#: per-dtype tolerances): float16/bfloat16-like, float32 (and complex64), float64 (and complex128).
DEFAULT_TOLERANCES: Mapping[int, tuple[float, float]] = MappingProxyType(
    {2: (1e-3, 1e-4), 4: (1e-5, 1e-6), 8: (1e-10, 1e-12)})


def default_tolerances(dtype: Any) -> tuple[float, float]:
    """The default ``(rtol, atol)`` of `assert_equivariant` for outputs of NumPy dtype ``dtype``.

    Parameters
    ----------
    dtype : numpy dtype or type
        Floating or complex dtypes by the size of one real component (2, 4 or 8 bytes); integer,
        boolean and wider dtypes are compared like float64.

    Returns
    -------
    tuple of float
        ``(rtol, atol)``: float32 ``(1e-5, 1e-6)``, float64 ``(1e-10, 1e-12)``, float16
        ``(1e-3, 1e-4)``.

    Examples
    --------
    >>> import numpy as np
    >>> default_tolerances(np.float32), default_tolerances(np.complex128)
    ((1e-05, 1e-06), (1e-10, 1e-12))
    """
    import numpy as np

    dt = np.dtype(dtype)
    if dt.kind == "c":
        size = dt.itemsize // 2
    elif dt.kind == "f":
        size = dt.itemsize
    else:
        size = 8
    return DEFAULT_TOLERANCES.get(size, DEFAULT_TOLERANCES[8])


def _tolerance(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value >= 0 \
            or value == float("inf"):
        raise InvalidOptionError(f"{name}: expected a finite non-negative number or None, got {value!r}")
    return float(value)


def assert_equivariant(f: Any, rho_in: Rep, rho_out: Rep, xs: Any, *, rtol: float | None = None,
                       atol: float | None = None, elements: Any = None, rng: Any = None,
                       max_elements: int = 1024) -> None:
    """Assert that a NumPy callable ``f`` is equivariant: ``f(rho_in(g) x) = rho_out(g) f(x)``.

    This is a measurement at the float boundary (``f`` is the user's numerical code), so it takes
    tolerances; the exact statements about weights are :func:`assert_intertwines` and
    :func:`repkit.equivariant_basis`. Entry by entry, with ``actual = f(rho_in(g) X)`` and
    ``expected = rho_out(g) f(X)``, it asserts ``|actual - expected| <= atol + rtol * |expected|``
    (the convention of ``numpy.isclose``) for every tested element ``g``.

    Parameters
    ----------
    f : callable
        Maps a batch of shape ``(n, rho_in.dim)`` to a batch of shape ``(n, rho_out.dim)``.
    rho_in, rho_out : Rep
        Representations of the same group on the inputs and outputs of ``f``.
    xs : array_like
        Inputs, shape ``(n, rho_in.dim)`` or ``(rho_in.dim,)``.
    rtol, atol : float, optional
        Relative and absolute tolerance of the entry-wise comparison. Default (None): by the
        dtype of ``f(xs)``, see :func:`default_tolerances` (float32 ``rtol=1e-5, atol=1e-6``,
        float64 ``rtol=1e-10, atol=1e-12``). Giving one of them keeps the other's default.
    elements, rng, max_elements
        Which elements to test, as in :func:`repkit.equivariant.equivariance_error` (every element
        of groups with at most ``max_elements``; a sample drawn with ``rng`` otherwise).

    Raises
    ------
    AssertionError
        With the worst entry (its error, the allowed bound and the expected value) when the
        comparison fails for some element.
    InvalidOptionError
        If ``rtol`` or ``atol`` is negative, infinite, NaN or not a number.
    NonFiniteValueError, ShapeError, GroupTooLargeError, IncompatibleGroupError
        As :func:`repkit.equivariant.equivariance_error`.

    Notes
    -----
    Changed in issue 12: ``atol`` used to bound the relative Frobenius error
    ``max_g ||f(rho_in(g) X) - rho_out(g) f(X)|| / ||f(X)||`` (default 1e-6), the number
    :func:`repkit.equivariant.equivariance_error` still returns; ``atol`` is now truthfully
    absolute and ``rtol`` relative, both entry-wise. The elements are visited as in
    ``equivariance_error`` (along the Cayley graph with float generator images), so the cost is
    O(|G| (cost of f + n (m_in^2 + m_out^2))). Per-dtype defaults in the spirit of e3nn's
    ``e3nn.util.test.assert_equivariant`` (tolerance chosen by the dtype of the data).

    Examples
    --------
    >>> import numpy as np
    >>> import repkit as rk
    >>> from repkit.testing import assert_equivariant
    >>> G = rk.dihedral(4)
    >>> reg = rk.regular(G)
    >>> xs = np.random.default_rng(0).normal(size=(5, 8))
    >>> assert_equivariant(lambda x: np.maximum(x, 0), reg, reg, xs)    # ReLU on a permutation rep
    >>> assert_equivariant(lambda x: np.maximum(x, 0) + 1e-7, reg, reg, xs, rtol=0, atol=1e-9)
    >>> rot = rk.dihedral_rotation(G)
    >>> try:
    ...     assert_equivariant(lambda x: np.maximum(x, 0), rot, rot, xs[:, :2])
    ... except AssertionError as exc:
    ...     "not equivariant" in str(exc)
    True
    """
    import numpy as np

    from .equivariant.nonlinear import (_all_elements, _evaluate, _float_generators, _float_image,
                                        _sampled, equivariance_error)

    # validation (groups, shapes, finite inputs and output at xs) by the measurement itself
    first = [] if elements is None else list(elements)[:1]
    equivariance_error(f, rho_in, rho_out, xs, elements=first, max_elements=max_elements)
    data = np.asarray(xs)
    if data.ndim == 1:
        data = data[None, :]
    m_out = int(rho_out.dim)
    fx = _evaluate(f, data, m_out)
    default_r, default_a = default_tolerances(fx.dtype)
    r = default_r if rtol is None else _tolerance(rtol, "rtol")
    a = default_a if atol is None else _tolerance(atol, "atol")
    worst: dict[str, float] = {"excess": -1.0}

    def excess(x_g: Any, fx_g: Any) -> float:
        actual = _evaluate(f, x_g, m_out)
        if not np.all(np.isfinite(actual)):
            raise NonFiniteValueError("f: returned NaN or infinity at transformed inputs; equivariance "
                                      "cannot be compared (check the model for overflow)")
        diff = np.abs(actual - fx_g)
        bound = a + r * np.abs(fx_g)
        over = diff - bound
        t = int(np.argmax(over)) if over.size else 0
        value = float(over.flat[t]) if over.size else -1.0
        if value > worst["excess"]:
            worst.update(excess=value, diff=float(diff.flat[t]), bound=float(bound.flat[t]),
                         expected=float(np.abs(fx_g).flat[t]))
        return max(value, 0.0)

    if elements is not None:
        for g in elements:
            excess(data @ _float_image(rho_in(g)).T, fx @ _float_image(rho_out(g)).T)
    else:
        gens_in, gens_out = _float_generators(rho_in), _float_generators(rho_out)
        group = rho_in.group
        if group.order <= max_elements:
            _all_elements(group, gens_in, gens_out, data, fx, excess)
        else:
            if rng is None:
                raise GroupTooLargeError(
                    f"rng: the group has {group.order} > max_elements = {max_elements} elements; pass "
                    "rng=numpy.random.default_rng(seed) to test a sample, elements=[...] to choose "
                    "them, or a larger max_elements")
            _sampled(gens_in, gens_out, data, fx, excess, rng, max_elements, 32)
    if worst["excess"] > 0:
        raise AssertionError(
            f"f is not equivariant: |f(rho_in(g) x) - rho_out(g) f(x)| = {worst['diff']:.3e} > "
            f"atol + rtol * |rho_out(g) f(x)| = {a:.1e} + {r:.1e} * {worst['expected']:.3e} = "
            f"{worst['bound']:.3e} (worst entry; rho_in: {rho_in!r}, rho_out: {rho_out!r})")
