"""Choosing the hidden-layer representation of a D4-equivariant network.

Candidates for the hidden features of the dihedral group D4 (symmetries of the square, order 8):

* ``regular``          -- one feature per group element (dim 8, as in group convolutions);
* ``vertices``         -- the permutation action on the 4 corners (a quotient: the cosets of
  the stabiliser of a corner, a reflection subgroup);
* ``quotient by Z(G)`` -- the action on the 4 cosets of the centre {1, r^2}: cheaper, but the
  half-turn r^2 acts trivially, so the layer cannot tell x from its half-turned copy;
* ``sum of irreducibles`` -- the four 1-d representations and the 2-d rotation, each once
  (dim 6), in their monomial bases;
* ``rotation``         -- the 2-d rotation representation alone.

For each: dimension, kernel order (1 = faithful), free parameters of a hidden -> hidden layer
(weights + biases), and which point-wise nonlinearities stay equivariant. The number of weights
is checked against the character formula dim Hom(V, V) = (1/|G|) sum_g chi(g)^2 and the number of
biases against (1/|G|) sum_g chi(g), both computed exactly from the traces of all 8 elements.

Run ``python examples/hidden_layer_choice.py``; it exits with status 1 if a claimed fact fails.
"""

from __future__ import annotations

import sys
from fractions import Fraction

import repkit as rk
from repkit.equivariant.nonlinear import pointwise_safe
from repkit.exact import Matrix

failures: list[str] = []


def claim(ok: bool, text: str) -> None:
    """Print a checked statement; remember it if it is false."""
    print(("  ok      " if ok else "  FAILED  ") + text)
    if not ok:
        failures.append(text)


def main() -> int:
    rot = rk.dihedral_rotation(4)
    G = rot.group
    ones = {(a, b): rk.Rep.from_generators(G, {"r": Matrix([[a]]), "f": Matrix([[b]])})
            for a in (1, -1) for b in (1, -1)}
    irreducibles = ones[1, 1] + ones[1, -1] + ones[-1, 1] + ones[-1, -1] + rot
    candidates = {
        "regular": rk.regular(G),
        "vertices": rk.natural(G),
        "quotient by Z(G)": rk.quotient_rep(G, G.center()),
        "sum of irreducibles": irreducibles,
        "rotation": rot,
    }
    print(f"G = {G.presentation}, order {G.order}\n")
    header = (f"{'hidden rep':<22}{'dim':>4}{'kernel':>8}{'faithful':>10}{'weights':>9}"
              f"{'biases':>8}  point-wise nonlinearities")
    print(header)
    print("-" * len(header))
    rows = {}
    mismatches = []
    for name, V in candidates.items():
        basis = rk.equivariant_basis(V, V)
        kernel = V.kernel().order
        verdict = pointwise_safe(V)
        allowed = {"permutation": "all (ReLU ok)", "signed_permutation": "odd only (tanh, not ReLU)",
                   "none": "none: use norm/gated"}[verdict.kind]
        rows[name] = (V.dim, kernel, V.is_faithful(), basis.dim, basis.bias_dim, verdict.kind)
        print(f"{name:<22}{V.dim:>4}{kernel:>8}{str(V.is_faithful()):>10}{basis.dim:>9}"
              f"{basis.bias_dim:>8}  {allowed}")
        traces = [V(g).trace() for g in G.elements]
        hom = sum((Fraction(t) ** 2 for t in traces), Fraction(0)) / G.order
        fixed = sum((Fraction(t) for t in traces), Fraction(0)) / G.order
        if basis.dim != hom or basis.bias_dim != fixed:
            mismatches.append(f"{name}: solver ({basis.dim}, {basis.bias_dim}) vs characters "
                              f"({hom}, {fixed})")
    print()
    claim(not mismatches, "; ".join(mismatches) or
          "weights = (1/|G|) sum chi(g)^2 and biases = (1/|G|) sum chi(g) for every candidate")
    claim(rows["regular"][3] == G.order and rows["regular"][5] == "permutation",
          "regular: |G| = 8 weights (a group convolution) and ReLU is safe")
    claim(rows["vertices"][2] and rows["vertices"][3] == 3,
          "vertices: faithful with only 3 weights (same corner, adjacent, opposite)")
    claim(rows["quotient by Z(G)"][1] == 2 and not rows["quotient by Z(G)"][2],
          "quotient by the centre: kernel {1, r^2} of order 2, so it is not faithful")
    claim(rows["sum of irreducibles"][3] == 5 and rows["sum of irreducibles"][2],
          "sum of the 5 irreducibles: faithful, 5 weights (one per irreducible, Schur's lemma)")
    claim(rows["sum of irreducibles"][5] == "signed_permutation",
          "... and only odd point-wise nonlinearities are safe on it")
    claim(rows["rotation"][3] == 1 and rows["rotation"][4] == 0,
          "rotation: 1 weight (a scalar multiple of the identity) and no bias")

    print("\nall claims hold" if not failures else f"\n{len(failures)} claim(s) FAILED")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
