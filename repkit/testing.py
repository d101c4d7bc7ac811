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
from typing import Any

from .errors import GroupTooLargeError
from .groups.words import format_word
from .reps import _verify
from .reps._util import as_matrix, short_matrix
from .reps.rep import Rep

__all__ = ["assert_homomorphism", "assert_intertwines", "assert_equivariant"]


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


def assert_equivariant(f: Any, rho_in: Rep, rho_out: Rep, xs: Any, *, atol: float = 1e-6,
                       elements: Any = None, rng: Any = None, max_elements: int = 1024) -> None:
    """Assert that a NumPy callable ``f`` is equivariant: ``f(rho_in(g) x) = rho_out(g) f(x)``.

    This is a measurement at the float boundary (``f`` is the user's numerical code), so it takes a
    tolerance; the exact statements about weights are :func:`assert_intertwines` and
    :func:`repkit.equivariant_basis`.

    Parameters
    ----------
    f : callable
        Maps a batch of shape ``(n, rho_in.dim)`` to a batch of shape ``(n, rho_out.dim)``.
    rho_in, rho_out : Rep
        Representations of the same group on the inputs and outputs of ``f``.
    xs : array_like
        Inputs, shape ``(n, rho_in.dim)`` or ``(rho_in.dim,)``.
    atol : float, optional
        Largest accepted relative error
        ``max_g ||f(rho_in(g) X) - rho_out(g) f(X)|| / ||f(X)||``.
    elements, rng, max_elements
        Which elements to test, as in :func:`repkit.equivariant.equivariance_error` (every element
        of groups with at most ``max_elements``; a sample drawn with ``rng`` otherwise).

    Raises
    ------
    AssertionError
        With the measured error and the tolerance, when the error exceeds ``atol``.

    Examples
    --------
    >>> import numpy as np
    >>> import repkit as rk
    >>> from repkit.testing import assert_equivariant
    >>> G = rk.dihedral(4)
    >>> reg = rk.regular(G)
    >>> xs = np.random.default_rng(0).normal(size=(5, 8))
    >>> assert_equivariant(lambda x: np.maximum(x, 0), reg, reg, xs)    # ReLU on a permutation rep
    >>> rot = rk.dihedral_rotation(G)
    >>> try:
    ...     assert_equivariant(lambda x: np.maximum(x, 0), rot, rot, xs[:, :2])
    ... except AssertionError as exc:
    ...     "not equivariant" in str(exc)
    True
    """
    from .equivariant.nonlinear import equivariance_error

    err = equivariance_error(f, rho_in, rho_out, xs, elements=elements, rng=rng,
                             max_elements=max_elements)
    if not err <= atol:
        raise AssertionError(
            f"f is not equivariant: max_g ||f(rho_in(g) x) - rho_out(g) f(x)|| / ||f(x)|| = "
            f"{err:.3e} > atol = {atol:.1e} (rho_in: {rho_in!r}, rho_out: {rho_out!r})")
