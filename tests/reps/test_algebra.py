"""Direct sums, tensor products and powers, duals, induction, restriction, realification."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import repkit as rk
from repkit.exact import E, Matrix
from repkit.testing import assert_homomorphism, assert_intertwines

from reps_catalog import REPS


def _pair(name: str) -> tuple[rk.Rep, rk.Rep]:
    """The catalogue rep and a second rep of its group (a sign if there is one)."""
    rho = REPS[name]()
    try:
        other = rk.sign(rho.group)
    except rk.NoSuchRepresentationError:
        other = rk.trivial(rho.group, dim=2)
    return rho, other


@pytest.mark.parametrize("name", [pytest.param(n, marks=pytest.mark.slow) if n == "tensor-rot@reg-D5" else n
                                  for n in sorted(REPS)], ids=str)
def test_dimensions_of_sums_products_powers(name: str) -> None:
    rho, other = _pair(name)
    assert (rho + other).dim == rk.direct_sum(rho, other).dim == rho.dim + other.dim
    assert (rho @ other).dim == (rho * other).dim == rho.dim * other.dim
    assert rk.tensor_product(rho, other) == rho @ other
    for k in range(3):
        if rho.dim ** k <= 400:
            assert (rho ** k).dim == rk.tensor_power(rho, k).dim == rho.dim ** k


@pytest.mark.parametrize("name", sorted(REPS), ids=str)
def test_traces_add_and_multiply(name: str) -> None:
    rho, other = _pair(name)
    G = rho.group
    total, product = rho + other, rho @ other
    for g in list(G.elements)[:16]:
        a, b = rho(g).trace(), other(g).trace()
        assert total(g).trace() == a + b and product(g).trace() == a * b
        assert rho.dual()(g) == rho(G.inv(g)).T
        assert rho.conjugate()(g) == rho(g).conjugate()


def test_permutation_reps_stay_permutation_reps() -> None:
    G = rk.dihedral(4)
    nat, reg = rk.natural(G), rk.regular(G)
    for rho in (nat + reg, nat @ reg, nat ** 2, nat.dual(), nat.conjugate()):
        assert rho._perms is not None and rho.is_permutation()
        assert_homomorphism(rho)
    assert (nat @ reg)("r") == nat("r").kron(reg("r"))
    assert (nat + reg)("r f") == Matrix.block_diag(nat("r f"), reg("r f"))


def test_operands_must_share_the_group() -> None:
    with pytest.raises(rk.IncompatibleGroupError, match="same group"):
        rk.trivial(rk.dihedral(3)) + rk.trivial(rk.symmetric(3))
    with pytest.raises(rk.IncompatibleGroupError):
        rk.trivial(rk.dihedral(3)) @ rk.trivial(rk.Group.from_presentation("<r, f | r^3, f^2, f r f r>"))
    assert (rk.standard(3) + rk.trivial(rk.symmetric(3))).dim == 3        # equal groups combine
    assert rk.trivial(rk.dihedral(3)).__add__(3) is NotImplemented


def test_tensor_power_rejects_bad_exponents() -> None:
    rho = rk.dihedral_rotation(3)
    for bad in (-1, 1.5, True):
        with pytest.raises(rk.ShapeError):
            rho ** bad   # type: ignore[operator]


CASES = [
    ("S4", lambda: rk.symmetric(4), ["c"]),
    ("S4", lambda: rk.symmetric(4), ["s", "c^2"]),
    ("D6", lambda: rk.dihedral(6), ["r^2", "f"]),
    ("Q8", rk.quaternion, [()]),
    ("A5", lambda: rk.Group.from_presentation("<a, b | a^2, b^3, (a b)^5>"), ["b", "a b a"]),
]


@pytest.mark.parametrize(("label", "make", "gens"), CASES, ids=[f"{c[0]}-{'+'.join(map(str, c[2]))}" for c in CASES])
def test_induction_dimension_and_restriction(label: str, make, gens) -> None:  # noqa: ANN001
    G = make()
    H = G.subgroup(gens)
    K = H.as_group()
    sources = [rk.trivial(K), rk.regular(K)]
    if K.ngens == 1 and K.order > 1:
        sources.append(rk.cyclic_character(K, 1))
    for rho in sources:
        ind = rho.induce(H)
        assert ind.group is G and ind.dim == H.index * rho.dim
        assert_homomorphism(ind, pairs=10, rng=3)
        res = ind.restrict(H)
        assert res.group is K and res.dim == H.index * rho.dim
        # Mackey: rho itself sits in the first block of Res Ind rho (the coset H)
        P = Matrix([[1 if i == j else 0 for j in range(rho.dim)] for i in range(res.dim)])
        assert_intertwines(P, rho, res)


def test_induced_trivial_is_the_coset_action() -> None:
    G = rk.symmetric(4)
    H = G.subgroup(["s", "c^2"])
    assert rk.trivial(H.as_group()).induce(H) == rk.quotient_rep(G, H)


def test_induced_character_formula() -> None:
    """chi_Ind(g) = sum over cosets t with t^-1 g t in H of chi(t^-1 g t) (Serre 7.2)."""
    G = rk.dihedral(5)
    H = G.subgroup(["r"])
    K = H.as_group()
    chi = rk.cyclic_character(K, 2)
    ind = chi.induce(H)
    local = {int(p): h for h, p in enumerate(H.embedding)}
    reps = [c[0] for c in H.left_cosets()]
    for g in G.elements:
        expected = 0
        for t in reps:
            c = G.conjugate(g, t)
            if c in local:
                expected += chi(local[c]).trace()
        assert ind(g).trace() == expected


def test_induce_and_restrict_check_their_arguments() -> None:
    G = rk.symmetric(3)
    H = G.subgroup(["c"])
    with pytest.raises(rk.IncompatibleGroupError, match="as_group"):
        rk.trivial(G).induce(H)
    with pytest.raises(rk.NotASubgroupError):
        rk.trivial(rk.dihedral(3)).restrict(H)


@settings(max_examples=25, deadline=None)
@given(d=st.integers(1, 12), k=st.integers(0, 11), data=st.data())
def test_realify_character(d: int, k: int, data: st.DataObject) -> None:
    rho = rk.cyclic_character(d, k % d)
    real = rho.realify()
    g = data.draw(st.integers(0, d - 1))
    M = real(g)
    assert M == M.conjugate()                                   # real entries
    z = rho(g)[0, 0]
    assert M.trace() == z + z.conjugate()                       # 2 Re(chi)
    assert real.dim == 2


def test_realify_of_rotation_by_i() -> None:
    rho = rk.cyclic_character(4, 1)
    assert rho.realify()(rho.group.generators[0]) == Matrix([[0, -1], [1, 0]])


def test_change_basis() -> None:
    rho = rk.dihedral_rotation(5)
    Q = Matrix([[1, 1], [E(5), 2]])
    new = rho.change_basis(Q)
    assert_intertwines(Q, new, rho)                  # rho(g) Q = Q new(g)
    assert new.change_basis(Q.inverse()) == rho
    with pytest.raises(rk.SingularMatrixError, match="basis"):
        rho.change_basis([[1, 1], [1, 1]])
    with pytest.raises(rk.ShapeError, match="basis"):
        rho.change_basis(Matrix.identity(3))
    with pytest.raises(rk.ExactnessError, match="basis"):
        rho.change_basis([[1.5, 0], [0, 1]])


def _unimodular(draw: st.DrawFn, n: int) -> Matrix:
    """A random integer matrix of determinant 1 (unit lower times unit upper triangular)."""
    entries = st.integers(-2, 2)
    lower = [[1 if i == j else (draw(entries) if j < i else 0) for j in range(n)] for i in range(n)]
    upper = [[1 if i == j else (draw(entries) if j > i else 0) for j in range(n)] for i in range(n)]
    return Matrix(lower) @ Matrix(upper)


@st.composite
def _random_rep(draw: st.DrawFn) -> rk.Rep:
    """A random representation of S3 built by a random chain of operations."""
    G = _S3
    base = draw(st.sampled_from(["nat", "std", "sign", "reg"]))
    rho = {"nat": rk.natural, "std": rk.standard, "sign": rk.sign, "reg": rk.regular}[base](G)
    for op in draw(st.lists(st.sampled_from(["+sign", "@std", "dual", "conj", "basis"]), max_size=3)):
        if rho.dim > 12:
            break
        if op == "+sign":
            rho = rho + rk.sign(G)
        elif op == "@std":
            rho = rho @ rk.standard(G)
        elif op == "dual":
            rho = rho.dual()
        elif op == "conj":
            rho = rho.conjugate()
        else:
            rho = rho.change_basis(_unimodular(draw, rho.dim))
    return rho


_S3 = rk.symmetric(3)


@settings(max_examples=30, deadline=None)
@given(rho=_random_rep(), g=st.integers(0, 5), h=st.integers(0, 5))
def test_random_chains_of_operations_are_homomorphisms(rho: rk.Rep, g: int, h: int) -> None:
    G = rho.group
    assert rho(G.mul(g, h)) == rho(g) @ rho(h)
    assert_homomorphism(rho)
    assert rho.kernel().order * rho.image_order() == G.order
