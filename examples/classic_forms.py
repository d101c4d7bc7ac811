"""The classic equivariant layers are exact special cases of Hom_G(rho_in, rho_out).

Four layers that were each invented on their own are recovered, exactly (integers and rationals,
no floats), as the equivariant linear maps of one group and two representations, and each is shown
equal to its classic formula:

1. **Deep Sets** (Zaheer et al. 2017): ``Hom(natural(S_n), natural(S_n))`` is ``lambda I + gamma 11^T``;
   the layer maps ``x`` to ``lambda x + gamma (sum x) 1``.
2. **The 1-d CNN**: for the cyclic translations of N periodic pixels, ``Hom`` is the circulants
   (``y_i = sum_k theta_k x_(i+k)``, a circular cross-correlation), and locality
   (``lattice_mask``, periodic distance <= 1) leaves the 3 weights of a width-3 kernel.
3. **The group convolution** (Cohen and Welling 2016): ``Hom(regular(G), regular(G))`` is
   ``(W f)(g) = sum_h w(g^-1 h) f(h)`` with ``w`` a free function on G (|G| weights), here for D4 and S_3.
4. **Steerable layers** (Cohen and Welling 2017; Weiler and Cesa 2019): between sums of irreducibles,
   Schur's lemma leaves one scalar per pair of copies of the same (absolutely) irreducible and
   nothing between different ones: every block of the basis is ``c * I`` on matching irreps, 0 else.

Run ``python examples/classic_forms.py`` (a few seconds); it exits with status 1 if a claimed fact fails.
"""

from __future__ import annotations

import sys
from fractions import Fraction

import numpy as np

import repkit as rk
from repkit.exact import Matrix
from repkit.equivariant.projection import EquivariantProjector

failures: list[str] = []


def claim(ok: bool, text: str) -> None:
    """Print a checked statement; remember it if it is false."""
    print(("  ok      " if ok else "  FAILED  ") + text)
    if not ok:
        failures.append(text)


def same_span(basis, matrices: list[Matrix]) -> bool:
    """Do ``basis`` and ``matrices`` span the same space (exact ranks of the flattened stacks)?"""
    def flat(ms):
        return [[x for row in m.to_list() for x in row] for m in ms]
    own = flat(basis.exact_matrices())
    theirs = flat(matrices)
    r_own, r_theirs = Matrix(own).rank(), Matrix(theirs).rank()
    return r_own == r_theirs == Matrix(own + theirs).rank() == len(own)


def deep_sets(n: int) -> None:
    print(f"\n1. Deep Sets: Hom(natural(S_{n}), natural(S_{n}))")
    V = rk.natural(rk.symmetric(n))
    B = V >> V
    ident, ones = Matrix.identity(n), Matrix([[1] * n] * n)
    print(f"   dim {B.dim}, pattern\n{B.pattern}")
    claim(B.dim == 2 and same_span(B, [ident, ones]), f"the basis spans exactly {{I, 11^T}} (n = {n})")
    rng = np.random.default_rng(1)
    x = Matrix([[Fraction(int(v), 3)] for v in rng.integers(-9, 10, size=n)])
    lam, gam = Fraction(2, 5), Fraction(-3, 7)
    W = ident * lam + ones * gam
    P = EquivariantProjector.from_basis(B)
    theta = P.coefficients(W)                      # W in the repkit basis, exactly
    rebuilt = sum((M * theta[k, 0] for k, M in enumerate(B.exact_matrices())), Matrix.zeros(n, n))
    total = sum(x[i, 0] for i in range(n))
    classic = Matrix([[lam * x[i, 0] + gam * total] for i in range(n)])
    claim(rebuilt == W and rebuilt @ x == classic,
          f"lambda I + gamma 11^T (lambda = {lam}, gamma = {gam}) is a combination of the basis and maps "
          f"x to lambda x + gamma (sum x) 1, exactly")


def cnn_1d(N: int) -> None:
    print(f"\n2. the 1-d CNN: translations of {N} periodic pixels")
    G = rk.translations(N)
    R = rk.regular(G)
    B = R >> R
    sites = rk.site_map(R)
    circ = [[(sites[j] - sites[i]) % N for j in range(N)] for i in range(N)]   # k = offset j - i
    shifts = [Matrix([[int(circ[i][j] == k) for j in range(N)] for i in range(N)]) for k in range(N)]
    claim(B.dim == N and same_span(B, shifts),
          f"Hom(regular, regular) is the {N} circulants: W_ij depends on (site j - site i) mod {N} only")
    mask = rk.lattice_mask(N, 1, R)
    local = rk.equivariant_basis(R, R, mask=mask)
    kernel3 = [s for k, s in enumerate(shifts) if k in (0, 1, N - 1)]
    claim(local.dim == 3 and same_span(local, kernel3),
          "with locality (periodic distance <= 1) it is the width-3 kernel: 3 weights")
    theta = [Fraction(1, 2), Fraction(-2), Fraction(3, 4)]       # kernel offsets -1, 0, +1
    W = shifts[N - 1] * theta[0] + shifts[0] * theta[1] + shifts[1] * theta[2]
    rng = np.random.default_rng(2)
    x_site = [int(v) for v in rng.integers(-5, 6, size=N)]       # the signal, indexed by site
    x = Matrix([[x_site[int(sites[i])]] for i in range(N)])
    y = W @ x
    conv = [sum(theta[k + 1] * x_site[(s + k) % N] for k in (-1, 0, 1)) for s in range(N)]
    claim(all(y[i, 0] == conv[int(sites[i])] for i in range(N)),
          "W x is the circular cross-correlation y_s = sum_(k = -1..1) theta_k x_(s+k), exactly")
    P = EquivariantProjector.from_basis(local)
    claim(P(W) == W, "and it lies in the localized equivariant space (the exact projector fixes it)")


def group_convolution(G: rk.FiniteGroup, name: str) -> None:
    print(f"\n3. the group convolution on {name} (order {G.order}): Hom(regular, regular)")
    R = rk.regular(G)
    n = G.order
    left = all(R(g) @ Matrix([[int(i == h)] for i in range(n)]) == Matrix([[int(i == G.mul(g, h))]
               for i in range(n)]) for g in G.elements for h in G.elements)
    claim(left, "regular(G) is the left regular action: rho(g) e_h = e_(g h)")
    deltas = [Matrix([[int(G.mul(G.inv(a), b) == k) for b in range(n)] for a in range(n)]) for k in range(n)]
    B = R >> R
    claim(B.dim == n and same_span(B, deltas),
          f"the {n} maps (W_w f)(g) = sum_h w(g^-1 h) f(h), w a delta on G, span Hom(regular, regular)")
    rng = np.random.default_rng(3)
    w = [Fraction(int(v), 4) for v in rng.integers(-8, 9, size=n)]
    f = [Fraction(int(v)) for v in rng.integers(-8, 9, size=n)]
    W = sum((D * w[k] for k, D in enumerate(deltas)), Matrix.zeros(n, n))
    y = W @ Matrix([[v] for v in f])
    formula = [sum(w[G.mul(G.inv(g), h)] * f[h] for h in range(n)) for g in range(n)]
    P = EquivariantProjector.from_basis(B)
    claim(all(y[g, 0] == formula[g] for g in range(n)) and P(W) == W,
          "a random w gives exactly the G-convolution formula, and W is equivariant (P(W) = W)")


def steerable() -> None:
    print("\n4. steerable layers: D4, between sums of irreducibles (Schur's lemma)")
    G = rk.dihedral(4)
    irr = rk.irreps(G, real=True)
    mult_in, mult_out = (2, 0, 1, 0, 3), (1, 2, 2, 0, 1)
    parts_in = [k * irr[i] for i, k in enumerate(mult_in) if k]
    parts_out = [k * irr[i] for i, k in enumerate(mult_out) if k]
    rho_in, rho_out = parts_in[0], parts_out[0]
    for p in parts_in[1:]:
        rho_in = rho_in + p
    for p in parts_out[1:]:
        rho_out = rho_out + p
    B = rho_in >> rho_out
    expected = sum(a * b for a, b in zip(mult_in, mult_out))
    print(f"   irrep degrees {[r.dim for r in irr]}; multiplicities in {mult_in}, out {mult_out}")
    claim(B.dim == expected, f"dim Hom = sum_i m_in(i) m_out(i) = {expected}")
    ok = True
    for block in B.blocks:
        same = rho_out.components[block.out_index][0] == rho_in.components[block.in_index][0]
        small = block.basis.exact_matrices()
        ok &= same and len(small) == 1 and small[0] == Matrix.identity(small[0].nrows) * small[0][0, 0]
    claim(ok, f"the {len(B.blocks)} blocks join copies of the same irrep, each with one weight times I")
    dense = B.exact_matrices()
    off = rho_in.component_offsets(), rho_out.component_offsets()
    scalar_blocks = True
    for M in dense:
        for j, (cj, kj) in enumerate(rho_out.components):
            for i, (ci, ki) in enumerate(rho_in.components):
                for a in range(kj):
                    for b in range(ki):
                        r0, c0 = off[1][j] + a * cj.dim, off[0][i] + b * ci.dim
                        sub = Matrix([[M[r0 + r, c0 + c] for c in range(ci.dim)] for r in range(cj.dim)])
                        if cj == ci:
                            scalar_blocks &= sub == Matrix.identity(ci.dim) * sub[0, 0]
                        else:
                            scalar_blocks &= sub.is_zero()
    claim(scalar_blocks, "in the dense matrices too: c * I on matching irreps, 0 between different ones")


def main() -> int:
    deep_sets(5)
    cnn_1d(8)
    group_convolution(rk.dihedral(4), "D4")
    group_convolution(rk.symmetric(3), "S3")
    steerable()
    print("\nall claims hold" if not failures else f"\n{len(failures)} claim(s) FAILED")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
