"""Z_4 on a 4-pixel periodic image: the equivariant linear maps are exactly circular convolutions.

The classic first example of equivariant networks. The cyclic group Z_4 = <t | t^4> shifts the
pixels of a periodic 1-d image of 4 pixels (t sends pixel i to pixel i + 1 mod 4); in the pixel
basis this is the regular representation. The script shows, exactly (no floats):

1. ``regular(G)`` (basis indexed by the group elements 1, t, t^-1, t^2) is the pixel action with its
   basis relabelled t^k -> pixel k;
2. the single commutation constraint [W, T] = 0 for the generator T already gives every
   equivariant map (equivariance for a generator implies it for the whole group);
3. the solution is the circulant weight-sharing pattern
   [[0,1,2,3],[3,0,1,2],[2,3,0,1],[1,2,3,0]];
4. ``W x`` is the circular convolution (a CNN's cross-correlation) ``y_i = sum_k theta_k x_{i+k}``;
5. adding locality (periodic distance <= 1, ``locality_mask``) leaves the k = 3 kernel of a CNN.

Run ``python examples/z4_convolution.py``; it exits with status 1 if a claimed fact fails.
"""

from __future__ import annotations

import sys

import numpy as np

import repkit as rk
from repkit.exact import Matrix

CIRCULANT = [[0, 1, 2, 3], [3, 0, 1, 2], [2, 3, 0, 1], [1, 2, 3, 0]]
failures: list[str] = []


def claim(ok: bool, text: str) -> None:
    """Print a checked statement; remember it if it is false."""
    print(("  ok      " if ok else "  FAILED  ") + text)
    if not ok:
        failures.append(text)


def column(values: list[int]) -> Matrix:
    return Matrix([[int(v)] for v in values])


def main() -> int:
    G = rk.cyclic(4)
    pixels = rk.natural(G)              # t: pixel i -> pixel i + 1 (mod 4)
    reg = rk.regular(G)
    T = pixels.images[0]
    print(f"group {G.presentation}, order {G.order}; the shift T =")
    print(T.to_numpy(np.int64))

    print("\n1. the regular representation is the pixel action, relabelled")
    words = [G.word_str(g) for g in G.elements]
    pixel_of = [int(pixels.permutation(g)[0]) for g in G.elements]   # g . pixel 0
    print(f"   elements {words} sit at pixels {pixel_of}")
    P = Matrix.permutation(pixel_of)
    claim(all(P @ a == b @ P for a, b in zip(reg.images, pixels.images)),
          "P regular(t) P^-1 = T for the relabelling P: t^k -> pixel k")

    print("\n2. one commutation constraint suffices")
    identity = Matrix.identity(4)
    constraint = T.kron(identity) - identity.kron(T.T)     # vec(T W - W T), W flattened row-major
    solutions = constraint.nullspace()
    print(f"   [W, T] = 0 is {constraint.nrows} linear equations in 16 unknowns; "
          f"its solutions form a space of dimension {solutions.nrows}")
    every = True
    for row in solutions.to_list():
        W = Matrix([row[4 * i:4 * i + 4] for i in range(4)])
        every &= all(pixels(g) @ W == W @ pixels(g) for g in G.elements)
    claim(every, "every solution of [W, T] = 0 commutes with rho(g) for all 4 elements g")
    basis = rk.equivariant_basis(pixels, pixels)
    flat = Matrix([[x for row in m.to_list() for x in row] for m in basis.exact_matrices()])
    stacked = Matrix(solutions.to_list() + flat.to_list())
    claim(basis.dim == solutions.nrows == stacked.rank() == 4,
          "repkit's basis (from the generator alone) spans the same 4-dimensional space")

    print("\n3. the weight-sharing pattern (entry = index of the shared weight)")
    print(basis.pattern)
    claim(basis.pattern.tolist() == CIRCULANT, f"the pattern is the circulant {CIRCULANT}")

    print("\n4. W x is a circular convolution y_i = sum_k theta_k x_(i+k mod 4)")
    rng = np.random.default_rng(4)
    agree = True
    for _ in range(10):
        theta = [int(v) for v in rng.integers(-9, 10, size=4)]
        x = [int(v) for v in rng.integers(-9, 10, size=4)]
        y = basis.apply(theta) @ column(x)
        conv = [sum(theta[k] * x[(i + k) % 4] for k in range(4)) for i in range(4)]
        agree &= y == column(conv)
    print(f"   e.g. theta = {theta}, x = {x}: W x = {[int(v) for v in conv]}")
    claim(agree, "W x equals the circular convolution for 10 random integer theta and x (exactly)")

    print("\n5. locality: keep weights between pixels at periodic distance <= 1")
    mask = rk.locality_mask(4, 1)
    local = rk.equivariant_basis(pixels, pixels, mask=mask)
    print(local.pattern)
    claim(local.dim == 3, "3 free weights remain: the k = 3 kernel (left, centre, right)")
    claim(bool(np.array_equal(local.pattern >= 0, mask)), "the support is exactly the mask")
    claim(all(sorted(row[row >= 0].tolist()) == [0, 1, 2] for row in local.pattern),
          "every row uses each of the 3 kernel weights once (the same kernel slides)")

    print("\nall claims hold" if not failures else f"\n{len(failures)} claim(s) FAILED")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
