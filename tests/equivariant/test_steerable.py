"""Steerable kernel bases: the exact constraint, the dimension from characters, and the theory:
the localized Hom space of the full image group on L x L fields is exactly the convolutions."""

from __future__ import annotations

import numpy as np
import pytest

import repkit as rk
from repkit.equivariant.steerable import (grid_offsets, kernel_basis, offset_rep, point_group)

from .eq_helpers import hom_dimension


def _fibres(name: str):
    pg = point_group(name)
    G = pg.group
    reps = {"1": rk.trivial(G), "reg": rk.regular(G)}
    irr = G.irreps()
    reps["irr-last"] = irr[-1]
    reps["2irr+1"] = 2 * irr[-1] + rk.trivial(G)
    return pg, reps


CASES = [(g, a, b, k) for g in ("C4", "D4", "C2", "D2", "C6", "D6", "D3")
         for a, b in (("1", "reg"), ("reg", "reg"), ("irr-last", "2irr+1"), ("1", "irr-last"))
         for k in (3,)] + [("D4", "reg", "1", 5), ("C4", "irr-last", "irr-last", 5)]


def _exact_kernel_check(K) -> None:
    pg = K.point_group
    off, pos = grid_offsets(pg.grid, K.kernel_size)
    index = {tuple(o): i for i, o in enumerate(off.tolist())}
    k = K.kernel_size
    for kern in K.exact_kernels():
        flat = kern.reshape(kern.shape[0], kern.shape[1], k * k)
        at = [rk.Matrix(flat[:, :, p].tolist()) for p in pos]
        for name in pg.group.generators:
            A = np.array(pg.action(name).to_list(), dtype=np.int64)
            out_g, in_g = K.rho_out(name), K.rho_in(name)
            for o, x in enumerate(off.tolist()):
                moved = index[tuple((A @ np.array(x)).tolist())]
                assert at[moved] @ in_g == out_g @ at[o], f"generator {name}, offset {x}"


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0]} {c[1]}->{c[2]} k{c[3]}")
def test_kernels_satisfy_the_constraint_and_count_by_characters(case) -> None:
    name, a, b, k = case
    pg, reps = _fibres(name)
    K = kernel_basis(reps[a], reps[b], k, pg)
    pi = offset_rep(pg, k)
    assert K.dim == hom_dimension(pi @ reps[a], reps[b])
    _exact_kernel_check(K)


def _rotate_field(x: np.ndarray, A: np.ndarray, rho: np.ndarray) -> np.ndarray:
    """(g f)(p) = rho f(A^-1 p) for a square field x of shape (m, L, L), rotations about the centre."""
    m, L, _ = x.shape
    c = (L - 1) / 2
    out = np.zeros(x.shape, np.result_type(x, rho))
    for a in range(L):
        for b in range(L):
            src = np.linalg.solve(A, np.array([a - c, b - c])) + c
            out[:, a, b] = rho @ x[:, int(round(src[0])), int(round(src[1]))]
    return out


def _conv(kern: np.ndarray, x: np.ndarray) -> np.ndarray:
    """y(p) = sum_x kappa(x) f(p + x), periodic."""
    m_out, m_in, k, _ = kern.shape
    c = k // 2
    y = np.zeros((m_out,) + x.shape[1:], np.result_type(kern, x))
    for u in range(k):
        for v in range(k):
            shifted = np.roll(x, (-(u - c), -(v - c)), axis=(1, 2))
            y += np.einsum("oi,iab->oab", kern[:, :, u, v], shifted)
    return y


@pytest.mark.parametrize("name", ["C4", "D4"])
def test_convolution_commutes_with_rotations_and_mirrors(name: str) -> None:
    pg, reps = _fibres(name)
    rng = np.random.default_rng(0)
    for a, b in (("1", "reg"), ("reg", "2irr+1")):
        K = kernel_basis(reps[a], reps[b], 3, pg)
        kern = K.kernel(rng.standard_normal(K.dim))
        x = rng.standard_normal((reps[a].dim, 7, 7))
        for g in pg.group.generators:
            A = np.array(pg.action(g).to_list(), float)
            ri, ro = reps[a](g).to_numpy(complex), reps[b](g).to_numpy(complex)
            assert np.allclose(_conv(kern, _rotate_field(x, A, ri)), _rotate_field(_conv(kern, x), A, ro))


def _field_rep(G: rk.FiniteGroup, fibre: rk.Rep, L: int) -> rk.Rep:
    """Fields on the L x L torus: pixels (as image_symmetry) tensor the fibre; t acts on pixels only."""
    from repkit.groups.families import pixel_permutations

    perms = pixel_permutations(L)
    images = {}
    for name in G.generators:
        P = rk.Matrix.permutation(perms[name])
        F = rk.Matrix.identity(fibre.dim) if name == "t" else fibre(name)
        images[name] = P.kron(F)
    return rk.Rep.from_generators(G, images)


@pytest.mark.parametrize("L", [4, 5, 6])
@pytest.mark.parametrize("fibres", [("1", "reg"), ("reg", "1"), ("irr-last", "irr-last")])
def test_localized_hom_of_the_image_group_is_exactly_the_convolutions(fibres, L: int) -> None:
    k = 3
    full = rk.image_symmetry(L)
    D4 = rk.dihedral(4)
    pg = point_group("D4", D4)
    reps = {"1": rk.trivial(D4), "reg": rk.regular(D4), "irr-last": D4.irreps()[-1]}
    a, b = reps[fibres[0]], reps[fibres[1]]
    K = kernel_basis(a, b, k, pg)

    def lift(rho: rk.Rep) -> rk.Rep:          # the fibre rep of D4 read on full's generators r, f
        return rk.Rep.from_generators(rk.Group.from_presentation("<r, f | r^4, f^2, (r f)^2>"),
                                      {"r": rho("r"), "f": rho("f")})

    fin, fout = _field_rep(full, lift(a), L), _field_rep(full, lift(b), L)
    near = rk.locality_mask((L, L), k // 2)                     # periodic Chebyshev distance <= 1
    mask = np.kron(near, np.ones((b.dim, a.dim), bool))          # pixel-major: index p * m + s
    H = rk.equivariant_basis(fin, fout, mask=mask)
    assert H.dim == K.dim
    # every convolution with a basis kernel lies in it, exactly
    c = k // 2
    for kern in K.exact_kernels():
        rows = [[0] * (L * L * a.dim) for _ in range(L * L * b.dim)]
        for p in range(L * L):
            pa, pb = divmod(p, L)
            for u in range(k):
                for v in range(k):
                    q = ((pa + u - c) % L) * L + (pb + v - c) % L
                    for r in range(b.dim):
                        for s in range(a.dim):
                            rows[p * b.dim + r][q * a.dim + s] = kern[r, s, u, v]
        W = rk.Matrix(rows)
        for name in full.generators:
            assert fout(name) @ W == W @ fin(name)
