"""Independent checks for the equivariant solver's tests (brute force, exact identities).

Nothing here shares code with ``repkit.equivariant``: orbits are found by a plain breadth-first
search over index pairs, constraints are checked with exact matrix products, and dimensions come
from the character inner product.
"""

from __future__ import annotations

from collections import deque
from typing import Any

import numpy as np

import repkit as rk

__all__ = ["brute_pattern", "assert_basis_satisfies_constraints", "hom_dimension", "rank_of_basis",
           "V", "perm_rep"]


def brute_pattern(out_perms: list[list[int]], in_perms: list[list[int]]) -> np.ndarray:
    """Orbits of <generators> on pairs (i, j) by BFS, numbered by first row-major occurrence."""
    m_out = len(out_perms[0])
    m_in = len(in_perms[0])
    label = -np.ones((m_out, m_in), np.int64)
    nxt = 0
    for i in range(m_out):
        for j in range(m_in):
            if label[i, j] >= 0:
                continue
            label[i, j] = nxt
            queue = deque([(i, j)])
            while queue:
                a, b = queue.popleft()
                for po, pi in zip(out_perms, in_perms):
                    c, d = po[a], pi[b]
                    if label[c, d] < 0:
                        label[c, d] = nxt
                        queue.append((c, d))
            nxt += 1
    return label


def assert_basis_satisfies_constraints(B: rk.WeightBasis, rho_in: Any, rho_out: Any) -> None:
    """Every basis matrix intertwines every generator image, exactly."""
    mats = B.exact_matrices()
    assert len(mats) == B.dim
    for g, (A, C) in enumerate(zip(rho_out.images, rho_in.images)):
        for k, W in enumerate(mats):
            assert A @ W == W @ C, f"basis element {k} fails generator {g}"


def hom_dimension(rho_in: Any, rho_out: Any) -> int:
    """dim Hom_G(rho_in, rho_out) from the character inner product (an integer)."""
    value = rk.inner_product(rk.character(rho_out), rk.character(rho_in))
    assert value == int(value)
    return int(value)


def rank_of_basis(B: rk.WeightBasis) -> int:
    """Exact rank of the basis vectors (flattened)."""
    rows = [sum(M.to_list(), []) for M in B.exact_matrices()]
    if not rows:
        return 0
    return rk.Matrix(rows).rank()


def V(G: rk.FiniteGroup) -> Any:
    """The natural permutation representation of a group given with permutation generators."""
    return rk.natural(G)


def perm_rep(G: rk.FiniteGroup, perms: list[list[int]]) -> Any:
    """A permutation representation from image lists in generator order."""
    return rk.permutation_rep(G, dict(zip(G.generators, perms)))
