"""Rep.from_generators: validation, error messages, evaluation, value semantics."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest

import repkit as rk
from repkit.exact import E, Matrix

R = Matrix([[0, -1], [1, 0]])
F = Matrix([[1, 0], [0, -1]])


@pytest.fixture(scope="module")
def d4() -> rk.Group:
    return rk.Group.from_presentation("<r, f | r^4, f^2, (r f)^2>")


def test_valid_images_accepted_in_every_form(d4: rk.Group) -> None:
    as_matrix = rk.Rep.from_generators(d4, {"r": R, "f": F})
    as_lists = rk.Rep.from_generators(d4, {"r": [[0, -1], [1, 0]], "f": [[1, 0], [0, -1]]})
    as_numpy = rk.Rep.from_generators(d4, {"r": np.array([[0, -1], [1, 0]]), "f": np.diag([1, -1])})
    as_sequence = rk.Rep.from_generators(d4, [R, F])
    assert as_matrix == as_lists == as_numpy == as_sequence
    assert as_matrix.dim == 2 and as_matrix.field == 1 and as_matrix.images == (R, F)


def test_missing_generator(d4: rk.Group) -> None:
    with pytest.raises(rk.MissingImageError, match=r"images: .* none for 'f'"):
        rk.Rep.from_generators(d4, {"r": R})


def test_unknown_generator(d4: rk.Group) -> None:
    with pytest.raises(rk.UnknownGeneratorError, match=r"'x' is not a generator"):
        rk.Rep.from_generators(d4, {"r": R, "f": F, "x": F})


def test_non_square(d4: rk.Group) -> None:
    with pytest.raises(rk.ShapeError, match=r"images\['r'\]: expected a square matrix, got shape \(2, 3\)"):
        rk.Rep.from_generators(d4, {"r": [[1, 0, 0], [0, 1, 0]], "f": F})


def test_mismatched_sizes(d4: rk.Group) -> None:
    with pytest.raises(rk.ShapeError, match=r"images\['f'\]: expected size 2 like images\['r'\], got 3x3"):
        rk.Rep.from_generators(d4, {"r": R, "f": Matrix.identity(3)})


def test_singular(d4: rk.Group) -> None:
    with pytest.raises(rk.SingularMatrixError, match=r"images\['f'\]: expected an invertible matrix.*rank 1"):
        rk.Rep.from_generators(d4, {"r": R, "f": [[1, 0], [0, 0]]})


@pytest.mark.parametrize("bad", [0.5, float("nan"), float("inf"), 1.0], ids=["float", "nan", "inf", "integral-float"])
def test_floats_rejected(d4: rk.Group, bad: float) -> None:
    with pytest.raises(rk.ExactnessError, match=r"images\['f'\]"):
        rk.Rep.from_generators(d4, {"r": R, "f": [[bad, 0], [0, 1]]})


def test_float_numpy_array_rejected(d4: rk.Group) -> None:
    with pytest.raises(rk.ExactnessError, match=r"images\['r'\]"):
        rk.Rep.from_generators(d4, {"r": np.array([[0.0, -1.0], [1.0, 0.0]]), "f": F})


def test_not_a_homomorphism_names_relator_and_shows_image(d4: rk.Group) -> None:
    with pytest.raises(rk.NotAHomomorphismError) as info:
        rk.Rep.from_generators(d4, {"r": R, "f": R})     # f^2 = R^2 = -1
    message = str(info.value)
    assert "relator 1 (f^2)" in message and "-1" in message and "not the identity" in message
    with pytest.raises(rk.NotAHomomorphismError, match=r"relator 2 \(\(r\*f\)\^2\)"):
        rk.Rep.from_generators(d4, {"r": R, "f": Matrix([[1, 1], [0, -1]])})
    assert isinstance(info.value, ValueError)


def test_wrong_order_rotation_fails_on_power_relator() -> None:
    G = rk.dihedral(5)
    zeta = E(7)
    c, s = (zeta + zeta ** -1) / 2, (zeta - zeta ** -1) / (2 * E(4))
    with pytest.raises(rk.NotAHomomorphismError, match=r"relator 0 \(r\^5\)"):
        rk.Rep.from_generators(G, {"r": Matrix([[c, -s], [s, c]]), "f": F})


def test_group_given_by_permutations_uses_cayley_relators() -> None:
    G = rk.Group.from_permutations({"s": [1, 0, 2], "c": [1, 2, 0]})
    ok = rk.Rep.from_generators(G, {"s": [[-1]], "c": [[1]]})
    assert ok.kernel().order == 3
    with pytest.raises(rk.NotAHomomorphismError, match="relator"):
        rk.Rep.from_generators(G, {"s": [[1]], "c": [[-1]]})


def test_evaluation_forms(d4: rk.Group) -> None:
    rho = rk.Rep.from_generators(d4, {"r": R, "f": F})
    g = d4.element("r f r")
    assert rho("r f r") == rho((1, 2, 1)) == rho(g) == R @ F @ R
    assert rho("r^-1") == R.inverse() and rho("1").is_identity() and rho(()).is_identity()
    assert rho("r^100001") == R
    with pytest.raises(rk.NotAnElementError):
        rho(True)
    with pytest.raises(rk.NotAnElementError):
        rho(d4.order)
    with pytest.raises(rk.NotAnElementError):
        rho(1.5)   # type: ignore[arg-type]
    with pytest.raises(rk.PresentationSyntaxError):
        rho("r x")


def test_equality_ignores_name_and_storage(d4: rk.Group) -> None:
    perm = rk.permutation_rep(d4, {"r": [1, 2, 3, 0], "f": [0, 3, 2, 1]}, name="square")
    mats = rk.Rep.from_generators(d4, {"r": perm.images[0], "f": perm.images[1]}, name="other")
    assert perm == mats and hash(perm) == hash(mats)
    assert mats.is_permutation() and mats.permutation_images() == perm.permutation_images()
    assert perm != rk.regular(d4) and perm != rk.trivial(d4)
    same_data = rk.Group.from_presentation("<r, f | r^4, f^2, (r f)^2>")
    assert perm == rk.permutation_rep(same_data, {"r": [1, 2, 3, 0], "f": [0, 3, 2, 1]})
    other_group = rk.Group.from_presentation("<r, f | r^4, f^2, f r f r>")
    assert perm != rk.permutation_rep(other_group, {"r": [1, 2, 3, 0], "f": [0, 3, 2, 1]})


def test_frozen(d4: rk.Group) -> None:
    rho = rk.trivial(d4)
    with pytest.raises(AttributeError):
        rho.dim = 3   # type: ignore[misc]


def test_repr_and_str(d4: rk.Group) -> None:
    rho = rk.Rep.from_generators(d4, {"r": R, "f": F}, name="V")
    text = repr(rho)
    assert text.startswith("Rep.from_generators(FiniteGroup.from_presentation(")
    assert "name='V'" in text and repr(R) in text
    perm = rk.permutation_rep(d4, {"r": [1, 2, 3, 0], "f": [0, 3, 2, 1]})
    assert repr(perm).startswith("permutation_rep(") and "[1, 2, 3, 0]" in repr(perm)
    assert str(rho) == "V: <r, f | r^4, f^2, (r*f)^2> -> GL(2, Q)"
    assert "GL(2, Q(E(20)))" in str(rk.dihedral_rotation(5))    # sin(2 pi/5) needs E(20)
    big = rk.regular(rk.dihedral(20))
    assert "dimension 40" in repr(big) and len(repr(big)) < 300


def test_images_all_budget() -> None:
    rho = rk.regular(rk.dihedral(20))
    with pytest.raises(rk.GroupTooLargeError, match="max_entries"):
        rho.images_all(max_entries=1000)
    with pytest.raises(rk.GroupTooLargeError, match="max_entries"):
        rho.permutation_images_all(max_entries=100)
    assert rho.permutation_images_all().shape == (40, 40)


def test_permutation_of_non_permutation_rep_raises() -> None:
    with pytest.raises(rk.NoSuchRepresentationError, match="not all permutation matrices"):
        rk.dihedral_rotation(5).permutation("r")
    with pytest.raises(rk.NoSuchRepresentationError):
        rk.dihedral_rotation(5).permutation_images_all()


def test_monomial_and_permutation_detection() -> None:
    assert rk.dihedral_rotation(4).is_monomial() and not rk.dihedral_rotation(4).is_permutation()
    assert not rk.dihedral_rotation(6).is_monomial()
    assert rk.sign(rk.symmetric(3)).is_monomial() and not rk.sign(rk.symmetric(3)).is_permutation()
    G = rk.symmetric(3)
    as_matrices = rk.Rep.from_generators(G, [Matrix.permutation(p) for p in G.permutation_generators])
    assert as_matrices.is_permutation()
    assert as_matrices.permutation_images() == G.permutation_generators


def test_regular_of_large_group_stores_no_matrix() -> None:
    G = rk.translations((40, 40))
    rho = rk.regular(G)
    assert rho.dim == 1600 and "images" not in rho.__dict__
    assert rho.is_faithful() and rho.kernel().order == 1
    assert "images" not in rho.__dict__


def test_field_of_cyclotomic_rep() -> None:
    assert rk.cyclic_character(12, 1).field == 12
    assert rk.cyclic_character(12, 6).field == 1
    assert rk.dihedral_rotation(8).field == 8
    assert rk.realify(rk.cyclic_character(4, 1)).field == 1
    rho = rk.cyclic_character(12, 4)
    assert rho(rho.group.generators[0])[0, 0] == E(3)
    assert math.gcd(12, 5) == 1 and rk.cyclic_character(12, 5).is_faithful()
    assert rk.dihedral_rotation(6)("r")[0, 0] == Fraction(1, 2)


def test_bad_group_argument_and_bare_constructor() -> None:
    with pytest.raises(rk.IncompatibleGroupError, match="group: expected a FiniteGroup"):
        rk.Rep.from_generators("<a | a^2>", {"a": [[-1]]})   # type: ignore[arg-type]
    with pytest.raises(rk.IncompatibleGroupError):
        rk.regular("D4")   # type: ignore[arg-type]
    with pytest.raises(rk.ShapeError, match="Rep.from_generators"):
        rk.Rep(rk.dihedral(3), 2)


def test_group_without_generators() -> None:
    G = rk.Group.from_presentation("< | >")
    rho = rk.Rep.from_generators(G, {}, dim=2)
    assert rho.dim == 2 and rho(0).is_identity() and rho.is_faithful()
    assert rk.trivial(G).kernel().order == 1 and rk.regular(G).dim == 1
    with pytest.raises(rk.ShapeError, match="dim"):
        rk.Rep.from_generators(G, {})


def test_inverses_are_lazy_and_exact() -> None:
    G = rk.cyclic(12)
    t = G.generators[0]
    rho = rk.cyclic_character(G, 5)
    assert "_inverse_matrices" in rho.__dict__
    assert rho(f"{t}^-1") == rho(t).power(11) == rho(t).inverse()
    assert rho(f"{t}^-1") @ rho(t) == Matrix.identity(1)
    d5 = rk.dihedral_rotation(5)
    assert d5("r^-1 f") == d5("r").inverse() @ d5("f")


def test_huge_permutation_matrices_are_refused_not_built() -> None:
    G = rk.Group.from_presentation("<t | t^4000>")
    rho = rk.regular(G)
    assert rho.permutation("t")[0] == G.element("t")
    for attempt in (lambda: rho("t"), lambda: rho.images, lambda: rho.images_all()):
        with pytest.raises(rk.GroupTooLargeError, match="permutation|max_entries"):
            attempt()


def test_singular_cyclotomic_image_is_reported_as_singular(d4: rk.Group) -> None:
    with pytest.raises(rk.SingularMatrixError, match=r"images\['f'\].*rank 1"):
        rk.Rep.from_generators(d4, {"r": R, "f": [[E(3), 0], [0, 0]]})
    G = rk.Group.from_presentation("<a, b | a^3, b^-2, b a b^-1 a>")   # b: no positive relator
    ok = rk.Rep.from_generators(G, {"a": [[E(3), 0], [0, E(3) ** 2]], "b": [[0, 1], [1, 0]]})
    assert ok.image_order() == G.order == 6
    with pytest.raises(rk.SingularMatrixError, match=r"images\['b'\]"):
        rk.Rep.from_generators(G, {"a": [[E(3), 0], [0, E(3)]], "b": [[E(3), E(3)], [1, 1]]})


@pytest.mark.parametrize("n", [3, 4, 5])
def test_matrix_given_permutation_rep_is_never_mutated(n: int) -> None:
    import dataclasses

    G = rk.symmetric(n)
    natural = rk.natural(G)
    as_matrices = rk.Rep.from_generators(G, {g: m.to_list() for g, m in zip(G.generators, natural.images)})
    assert as_matrices._perms is None
    before = {f.name: getattr(as_matrices, f.name) for f in dataclasses.fields(as_matrices)}
    word = " ".join(G.generators * 2)
    assert as_matrices.permutation(word).tolist() == natural.permutation(word).tolist()
    assert (as_matrices.permutation_images_all() == natural.permutation_images_all()).all()
    assert as_matrices._perms is None                         # the frozen field is untouched
    after = {f.name: getattr(as_matrices, f.name) for f in dataclasses.fields(as_matrices)}
    assert before.keys() == after.keys() and all(before[k] is after[k] for k in before)
    assert as_matrices._require_perms() is as_matrices._require_perms()    # cached per instance
    assert as_matrices == natural and as_matrices("".join(G.generators[:1])) == natural(G.generators[0])
    with pytest.raises(rk.NoSuchRepresentationError, match="permutation"):
        rk.dihedral_rotation(4).permutation("r")
