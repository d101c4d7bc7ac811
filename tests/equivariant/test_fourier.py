"""Exact Fourier embeddings: ``B A = I`` and both maps intertwine, over families of groups and reps."""

from __future__ import annotations

import pytest

import repkit as rk
from repkit.equivariant.fourier import fourier_embedding

CASES = {
    "D4 rot -> regular": lambda: (rk.dihedral_rotation(4), None),
    "D5 rot -> regular (cyclotomic)": lambda: (rk.dihedral_rotation(5), None),
    "D6 rot -> regular": lambda: (rk.dihedral_rotation(6), None),
    "S3 standard -> natural": lambda: (rk.standard(rk.symmetric(3)), rk.natural(rk.symmetric(3))),
    "S4 standard -> regular": lambda: (rk.standard(rk.symmetric(4)), None),
    "C5 regular -> regular": lambda: (rk.regular(rk.cyclic(5)), None),
    "D4 2x rot -> regular": lambda: (2 * rk.dihedral_rotation(4), None),
    "A4 trivial -> natural": lambda: (rk.trivial(rk.alternating(4)), rk.natural(rk.alternating(4))),
}


@pytest.mark.parametrize("name", list(CASES))
def test_left_inverse_and_intertwining_hold_exactly(name) -> None:
    rho, target = CASES[name]()
    F = fourier_embedding(rho, target)
    P = F.target
    assert F.embedding.shape == (P.dim, rho.dim) and F.projection.shape == (rho.dim, P.dim)
    assert (F.projection @ F.embedding).is_identity()
    for g in rho.group.generators:
        assert P(g) @ F.embedding == F.embedding @ rho(g)
        assert rho(g) @ F.projection == F.projection @ P(g)


def test_a_rep_that_does_not_embed_is_reported() -> None:
    G = rk.dihedral(4)
    with pytest.raises(rk.NoSuchRepresentationError, match="embeds in the target"):
        fourier_embedding(2 * rk.trivial(G))               # the regular rep holds the trivial once
    with pytest.raises(rk.IncompatibleGroupError, match="target"):
        fourier_embedding(rk.dihedral_rotation(4), rk.regular(rk.cyclic(4)))
    with pytest.raises(rk.InvalidOptionError, match="max_tries"):
        fourier_embedding(rk.dihedral_rotation(4), max_tries=0)
