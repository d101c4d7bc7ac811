"""Equivariant biases through the augmented (affine) matrix [[W, b], [0, 1]].

An affine layer ``x -> W x + b`` is the linear map ``[x; 1] -> [[W, b], [0, 1]] [x; 1]`` on
vectors with a constant last coordinate. The constant transforms by the trivial representation, so
the affine layer is equivariant exactly when the augmented matrix intertwines
``rho_in + trivial`` with ``rho_out + trivial``. Reading the blocks:

* ``W`` ranges over Hom_G(rho_in, rho_out);
* ``b`` ranges over Hom_G(trivial, rho_out): the vectors **fixed** by every rho_out(g) -- the bias
  basis that ``equivariant_basis`` returns with every weight basis;
* the bottom row must be (0, ..., 0, 1), which removes the invariant functionals of rho_in.

The example uses the dihedral group D4 of the square: inputs on the 4 vertices, outputs on the
vertices, the 2-d rotation representation and one scalar. Everything is exact.

Run ``python examples/bias_augmented.py``; it exits with status 1 if a claimed fact fails.
"""

from __future__ import annotations

import sys
from fractions import Fraction

import numpy as np

import repkit as rk
from repkit.exact import Matrix

failures: list[str] = []


def claim(ok: bool, text: str) -> None:
    """Print a checked statement; remember it if it is false."""
    print(("  ok      " if ok else "  FAILED  ") + text)
    if not ok:
        failures.append(text)


def bias_vectors(basis: rk.WeightBasis) -> list[list[Fraction]]:
    numerators, denominators = basis.bias
    return [[Fraction(int(n), int(d)) for n in row] for row, d in zip(numerators, denominators)]


def span_rank(rows: list[list[Fraction]]) -> int:
    return Matrix(rows).rank() if rows else 0


def main() -> int:
    rot = rk.dihedral_rotation(4)
    G = rot.group
    vertices = rk.natural(G)
    rho_in = vertices
    rho_out = vertices + rot + rk.trivial(G)
    m_in, m_out = rho_in.dim, rho_out.dim
    print(f"G = {G.presentation} (order {G.order}); rho_in = vertices (dim {m_in}), "
          f"rho_out = vertices + rotation + trivial (dim {m_out})")

    basis = rk.equivariant_basis(rho_in, rho_out)
    biases = bias_vectors(basis)
    print(f"\nweights: {basis.dim} free parameters; biases: {basis.bias_dim}")
    for b in biases:
        print("   b =", [str(v) for v in b])

    print("\n1. the bias basis is the space of vectors fixed by rho_out")
    fixed = all(img @ Matrix([[v] for v in b]) == Matrix([[v] for v in b])
                for b in biases for img in rho_out.images)
    claim(fixed, "rho_out(x) b = b for every generator x and every bias vector b")
    average = sum((rho_out(g).trace() for g in G.elements), Fraction(0)) / G.order
    claim(basis.bias_dim == average,
          f"their number {basis.bias_dim} = (1/|G|) sum_g trace rho_out(g) = {average} "
          "(the multiplicity of the trivial representation)")

    print("\n2. the augmented (affine) matrices")
    aug_in, aug_out = rho_in + rk.trivial(G), rho_out + rk.trivial(G)
    augmented = rk.equivariant_basis(aug_in, aug_out)
    mats = [m.to_list() for m in augmented.exact_matrices()]
    last_columns = [[row[m_in] for row in m[:m_out]] for m in mats]
    bottom_rows = [m[m_out][:m_in] for m in mats]
    claim(span_rank(last_columns) == basis.bias_dim
          and span_rank(last_columns + biases) == basis.bias_dim,
          "the b-blocks of Hom(rho_in + 1, rho_out + 1) span exactly the bias basis")
    invariant_functionals = span_rank(bottom_rows)
    claim(augmented.dim == basis.dim + basis.bias_dim + invariant_functionals + 1,
          f"dim Hom(rho_in + 1, rho_out + 1) = {augmented.dim} = {basis.dim} (W) + "
          f"{basis.bias_dim} (b) + {invariant_functionals} (invariant functionals of rho_in, "
          "removed by the affine bottom row) + 1 (the corner)")

    print("\n3. an affine layer built from the two bases is equivariant")
    rng = np.random.default_rng(0)
    theta = [int(v) for v in rng.integers(-5, 6, size=basis.dim)]
    theta_b = [int(v) for v in rng.integers(-5, 6, size=basis.bias_dim)]
    W, b = basis.apply(theta, theta_b)
    rows = [W.to_list()[i] + [b[i, 0]] for i in range(m_out)] + [[0] * m_in + [1]]
    A = Matrix(rows)
    print(A.to_numpy(float))
    claim(all(aug_out(x) @ A == A @ aug_in(x) for x in G.generators),
          "aug_out(x) [[W, b], [0, 1]] = [[W, b], [0, 1]] aug_in(x) for the generators x")
    x = Matrix([[int(v)] for v in rng.integers(-5, 6, size=m_in)])
    affine = A @ Matrix(x.to_list() + [[1]])
    claim(Matrix(affine.to_list()[:m_out]) == W @ x + b and affine[m_out, 0] == 1,
          "[[W, b], [0, 1]] [x; 1] = [W x + b; 1]")

    print("\nall claims hold" if not failures else f"\n{len(failures)} claim(s) FAILED")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
