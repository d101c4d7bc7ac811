"""Tests of Todd-Coxeter coset enumeration (repkit.groups.todd_coxeter).

Every finished table is checked against the definition of a coset table (each column a
permutation, inverse columns inverse, every relator trivial on every coset, subgroup
generators fixing coset 0, transitive, standardized) rather than against copied tables; indices
are checked against the orders of well-known groups and the orbit-stabilizer theorem.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import FrozenInstanceError, dataclass

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from repkit.errors import (
    CosetEnumerationLimitError,
    InvalidPermutationError,
    RepkitError,
    ShapeError,
    UnknownGeneratorError,
)
from repkit.groups.todd_coxeter import (
    CosetEnumerationProgress,
    CosetTable,
    InvalidOptionError,
    NotAPresentationError,
    enumerate_cosets,
    native_kernel_available,
)

Word = tuple[int, ...]


@dataclass(frozen=True)
class P:
    """A minimal stand-in for ``Presentation``: enumerate_cosets needs only these two fields."""

    generators: tuple[str, ...]
    relators: tuple[Word, ...]


def pres(ngens: int, *relators: Word) -> P:
    return P(tuple(f"g{i}" for i in range(ngens)), tuple(tuple(r) for r in relators))


def power(word: Word, k: int) -> Word:
    return tuple(word) * k


def inverse(word: Word) -> Word:
    return tuple(-x for x in reversed(word))


def commutator(u: Word, v: Word) -> Word:
    return inverse(u) + inverse(v) + tuple(u) + tuple(v)


# -- families of presentations ------------------------------------------------------------

def cyclic(n: int) -> P:
    return pres(1, power((1,), n))


def dihedral(n: int) -> P:
    """<r, f | r^n, f^2, (r f)^2>, order 2n."""
    return pres(2, power((1,), n), (2, 2), (1, 2, 1, 2))


def symmetric_coxeter(n: int) -> P:
    """<s1..s_{n-1} | s_i^2, (s_i s_{i+1})^3, (s_i s_j)^2 for |i-j| > 1>, order n!."""
    m = n - 1
    rels: list[Word] = [(i + 1, i + 1) for i in range(m)]
    for i, j in itertools.combinations(range(m), 2):
        rels.append(power((i + 1, j + 1), 3 if j == i + 1 else 2))
    return pres(m, *rels)


def symmetric_moore(n: int) -> P:
    """Moore (1897): <a, b | a^2, b^n, (a b)^(n-1), (a b^-1 a b)^3, (a b^-j a b^j)^2, 2 <= j <= n/2>."""
    rels: list[Word] = [(1, 1), power((2,), n), power((1, 2), n - 1), power((1, -2, 1, 2), 3)]
    for j in range(2, n // 2 + 1):
        rels.append(power((1,) + (-2,) * j + (1,) + (2,) * j, 2))
    return pres(2, *rels)


def a5() -> P:
    return pres(2, (1, 1), (2, 2, 2), power((1, 2), 5))


def quaternion() -> P:
    """Q8 = <a, b | a^4, a^2 b^-2, b^-1 a b a>."""
    return pres(2, power((1,), 4), (1, 1, -2, -2), (-2, 1, 2, 1))


def dicyclic(n: int) -> P:
    """Dic_n = <a, x | a^(2n), x^2 a^-n, x^-1 a x a>, order 4n."""
    return pres(2, power((1,), 2 * n), (2, 2) + (-1,) * n, (-2, 1, 2, 1))


def sl25() -> P:
    """SL(2,5) as GAP prints it (benchmark file): b^3, a^4, a^2 b a^-2 b^-1, b a^-1 b a b a b a b a."""
    return pres(2, (2, 2, 2), power((1,), 4), (1, 1, 2, -1, -1, -2),
                (2, -1, 2, 1, 2, 1, 2, 1, 2, 1))


def coxeter_f4() -> P:
    a, b, c, d = 1, 2, 3, 4
    return pres(4, (a, a), (b, b), (c, c), (d, d), power((a, b), 2), power((a, c), 3),
                power((a, d), 2), power((b, c), 2), power((b, d), 3), power((c, d), 4))


def coxeter_e6() -> P:
    """W(E6) with the benchmark file's generator order and Coxeter matrix."""
    m = {(0, 2): 3, (1, 3): 3, (2, 3): 3, (3, 4): 3, (4, 5): 3}
    rels: list[Word] = [(i + 1, i + 1) for i in range(6)]
    for i, j in itertools.combinations(range(6), 2):
        rels.append(power((i + 1, j + 1), m.get((i, j), 2)))
    return pres(6, *rels)


KNOWN = [
    ("trivial-no-generators", pres(0), 1),
    ("trivial-a", pres(1, (1,)), 1),
    ("trivial-a,b", pres(2, (1,), (2,)), 1),
    ("Z2-involution", pres(1, (1, 1)), 2),
    ("Z3-length-2-relator", pres(2, (1, -2), (1, 1, 1)), 3),
    ("Z1-a=b^-1,ab", pres(2, (1, 2), (1, 1, 2)), 1),
    *[(f"C{n}", cyclic(n), n) for n in (1, 2, 3, 7, 12, 60)],
    *[(f"D{n}", dihedral(n), 2 * n) for n in (1, 2, 3, 5, 8, 13)],
    *[(f"S{n}-coxeter", symmetric_coxeter(n), math.factorial(n)) for n in (2, 3, 4, 5, 6)],
    *[(f"S{n}-moore", symmetric_moore(n), math.factorial(n)) for n in (3, 4, 5, 6)],
    ("A5", a5(), 60),
    ("Q8", quaternion(), 8),
    *[(f"Dic{n}", dicyclic(n), 4 * n) for n in (2, 3, 5)],
    ("SL(2,5)", sl25(), 120),
    ("W(F4)", coxeter_f4(), 1152),
    ("C4xC6", pres(2, power((1,), 4), power((2,), 6), commutator((1,), (2,))), 24),
]

BACKENDS = [
    "python",
    pytest.param("native", marks=pytest.mark.skipif(
        not native_kernel_available(),
        reason="compiled kernel repkit.groups._tc_kernel not built (pure Python still tested)",
    )),
]
STRATEGIES = ["hlt", "felsch"]


# -- the definition of a (standardized) coset table ----------------------------------------

def assert_coset_table(ct: CosetTable, p: P, subgroup: tuple[Word, ...] = ()) -> None:
    t = ct.table
    n = ct.index
    assert t.shape == (n, 2 * len(p.generators))
    assert t.dtype == np.int32
    everything = np.arange(n)
    for i in range(len(p.generators)):
        g, gi = t[:, 2 * i], t[:, 2 * i + 1]
        assert sorted(g.tolist()) == list(range(n)), "a generator column is not a permutation"
        assert (gi[g] == everything).all(), "inverse column does not invert"
    for r in p.relators:
        assert (ct.word_action(r) == everything).all(), f"relator {r} moves a coset"
    for w in subgroup:
        assert ct.word_action(w)[0] == 0, f"subgroup generator {w} moves coset 0"
    # Standardized: breadth-first search from 0, columns in order, meets 0, 1, 2, ... in turn.
    seen = [0]
    index_of = {0: 0}
    k = 0
    while k < len(seen):
        for d in t[seen[k]].tolist():
            if d not in index_of:
                index_of[d] = len(seen)
                seen.append(d)
        k += 1
    assert seen == list(range(n)), "table is not standardized (or not transitive)"


# -- known orders ----------------------------------------------------------------------------

@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("strategy", STRATEGIES)
@pytest.mark.parametrize(("name", "p", "order"), KNOWN, ids=[k[0] for k in KNOWN])
def test_order_of_known_groups(name: str, p: P, order: int, strategy: str, backend: str) -> None:
    ct = enumerate_cosets(p, strategy=strategy, backend=backend)
    assert ct.index == order
    assert_coset_table(ct, p)


@pytest.mark.slow
@pytest.mark.parametrize("backend", BACKENDS)
def test_weyl_e6(backend: str) -> None:
    p = coxeter_e6()
    ct = enumerate_cosets(p, backend=backend)
    assert ct.index == 51840
    assert_coset_table(ct, p)


def test_accepts_presentation_objects_from_the_parser() -> None:
    from repkit.groups.presentation import parse_presentation

    p = parse_presentation("<r, f | r^4, f^2, (r f)^2>")
    ct = enumerate_cosets(p)
    assert ct.index == 8
    assert ct == enumerate_cosets(dihedral(4))


# -- subgroups -------------------------------------------------------------------------------

SUBGROUPS = [
    *[(f"D{n}/<f>", dihedral(n), ((2,),), n) for n in (3, 4, 7, 10)],
    *[(f"D{n}/<r>", dihedral(n), ((1,),), 2) for n in (3, 4, 7)],
    *[(f"D{n}/<f^3,r^n>", dihedral(n), ((2, 2, 2), power((1,), n)), n) for n in (5, 6)],
    ("A5/<a>", a5(), ((1,),), 30),
    ("A5/<b>", a5(), ((2,),), 20),
    ("A5/<ab>", a5(), ((1, 2),), 12),
    ("A5/<a,b>", a5(), ((1,), (2,)), 1),
    ("S4/<s1,s2>", symmetric_coxeter(4), ((1,), (2,)), 4),
    ("S4/<s1,s3>", symmetric_coxeter(4), ((1,), (3,)), 6),
    ("C12/<a^8>", cyclic(12), (power((1,), 8),), 4),
    ("free-Z/<a^5>", pres(1), (power((1,), 5),), 5),
    ("Q8/<a^2>", quaternion(), ((1, 1),), 4),
    ("SL(2,5)/<a^2>", sl25(), ((1, 1),), 60),
    ("<a,b|a^3,b>/<b>", pres(2, (1, 1, 1), (2,)), ((2,),), 3),
]


def young_subgroup(n: int, parts: tuple[int, ...]) -> tuple[Word, ...]:
    """Coxeter generators s_i (swapping i, i+1) inside the blocks of a composition of n."""
    gens, start = [], 0
    for part in parts:
        gens.extend((i + 1,) for i in range(start, start + part - 1))
        start += part
    return tuple(gens)


YOUNG = [(5, (2, 3)), (5, (1, 4)), (5, (2, 2, 1)), (6, (3, 3)), (6, (2, 2, 2)), (6, (1, 1, 4))]


@pytest.mark.parametrize("strategy", STRATEGIES)
@pytest.mark.parametrize(("name", "p", "sub", "index"), SUBGROUPS, ids=[s[0] for s in SUBGROUPS])
def test_index_of_subgroups(name: str, p: P, sub: tuple[Word, ...], index: int, strategy: str) -> None:
    ct = enumerate_cosets(p, sub, strategy=strategy, backend="python")
    assert ct.index == index
    assert_coset_table(ct, p, sub)
    if native_kernel_available():
        assert enumerate_cosets(p, sub, strategy=strategy, backend="native") == ct


@pytest.mark.parametrize(("n", "parts"), YOUNG, ids=[f"S{n}/S{parts}" for n, parts in YOUNG])
def test_young_subgroups_have_multinomial_index(n: int, parts: tuple[int, ...]) -> None:
    p = symmetric_coxeter(n)
    sub = young_subgroup(n, parts)
    ct = enumerate_cosets(p, sub)
    assert ct.index == math.factorial(n) // math.prod(math.factorial(k) for k in parts)
    assert_coset_table(ct, p, sub)


def test_index_times_subgroup_order_is_group_order() -> None:
    # Lagrange on every cyclic subgroup <w> of A5 for short words w: [G:<w>] * |w| = 60.
    p = a5()
    g = enumerate_cosets(p)
    for w in [(1,), (2,), (1, 2), (1, 2, 2), (1, 2, 1, -2), (2, 1, 2, 2, 1)]:
        perm = g.word_action(w)
        order, c = 1, int(perm[0])
        while c != 0:
            c, order = int(perm[c]), order + 1
        assert enumerate_cosets(p, (w,)).index * order == 60


# -- canonical form --------------------------------------------------------------------------

CANONICAL = [("S5-coxeter", symmetric_coxeter(5), ()), ("A5/<b>", a5(), ((2,),)),
             ("SL(2,5)", sl25(), ()), ("D7/<f>", dihedral(7), ((2,),)), ("Dic5", dicyclic(5), ())]


@pytest.mark.parametrize(("name", "p", "sub"), CANONICAL, ids=[c[0] for c in CANONICAL])
def test_all_strategies_and_backends_agree(name: str, p: P, sub: tuple[Word, ...]) -> None:
    tables = [enumerate_cosets(p, sub, strategy=s, backend="python") for s in STRATEGIES]
    if native_kernel_available():
        tables += [enumerate_cosets(p, sub, strategy=s, backend="native") for s in STRATEGIES]
    assert all(t == tables[0] for t in tables)
    assert len({hash(t) for t in tables}) == 1


@pytest.mark.parametrize(("name", "p", "sub"), CANONICAL, ids=[c[0] for c in CANONICAL])
def test_relabelled_input_gives_the_same_table(name: str, p: P, sub: tuple[Word, ...]) -> None:
    base = enumerate_cosets(p, sub)
    rels = list(p.relators)
    # Reverse the order, rotate and invert relators, add redundant consequences, and give the
    # subgroup by other generators of the same subgroup.
    rotated = [tuple(r[k % len(r):] + r[:k % len(r)]) for k, r in enumerate(rels)]
    changed = [inverse(r) if k % 2 else r for k, r in enumerate(reversed(rotated))]
    changed += [rels[0] + rels[-1], inverse(rels[0]) + (1,) + rels[-1] + (-1,), ()]
    sub2 = tuple(sub) + tuple(w + w for w in sub)
    q = P(p.generators, tuple(changed))
    for strategy in STRATEGIES:
        assert enumerate_cosets(q, sub2, strategy=strategy) == base


def test_equal_tables_are_equal_objects_and_different_ones_differ() -> None:
    assert enumerate_cosets(dihedral(5)) == enumerate_cosets(dihedral(5))
    assert enumerate_cosets(dihedral(5)) != enumerate_cosets(dihedral(6))
    assert enumerate_cosets(dihedral(5), ((2,),)) != enumerate_cosets(dihedral(5), ((1,),))


# -- limits and infinite groups -----------------------------------------------------------------

INFINITE = [
    ("<a,b|a^2>", pres(2, (1, 1))),
    ("free-F2", pres(2)),
    ("free-Z", pres(1)),
    ("Z^2=<a,b|[a,b]>", pres(2, commutator((1,), (2,)))),
    ("unused-generator", pres(3, (1, 1), (2, 2, 2), power((1, 2), 5))),
    ("infinite-dihedral", pres(2, (1, 1), (2, 2))),
]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("strategy", STRATEGIES)
@pytest.mark.parametrize(("name", "p"), INFINITE, ids=[i[0] for i in INFINITE])
def test_infinite_groups_hit_the_limit(name: str, p: P, strategy: str, backend: str) -> None:
    with pytest.raises(CosetEnumerationLimitError) as info:
        enumerate_cosets(p, max_cosets=3000, strategy=strategy, backend=backend)
    message = str(info.value)
    assert "max_cosets=3000" in message
    assert "defined" in message and "live" in message and "relator passes" in message
    snap = info.value.progress
    assert isinstance(snap, CosetEnumerationProgress)
    assert snap.defined >= snap.live >= 3000 - 1
    assert isinstance(info.value, RuntimeError) and isinstance(info.value, RepkitError)


@pytest.mark.parametrize("backend", BACKENDS)
def test_too_small_bound_for_a_finite_group_reports_progress(backend: str) -> None:
    with pytest.raises(CosetEnumerationLimitError, match=r"max_cosets=50\b.*defined") as info:
        enumerate_cosets(symmetric_coxeter(5), max_cosets=50, backend=backend)
    assert info.value.progress.live <= 50


@pytest.mark.parametrize("backend", BACKENDS)
def test_felsch_fits_in_exactly_the_index(backend: str) -> None:
    # Felsch defines no coset it does not need here, so max_cosets = |G| suffices.
    ct = enumerate_cosets(symmetric_coxeter(4), max_cosets=24, strategy="felsch", backend=backend)
    assert ct.index == 24 and ct.defined == 24


@pytest.mark.parametrize("backend", BACKENDS)
def test_auto_falls_back_to_felsch_when_hlt_runs_out_of_room(backend: str) -> None:
    p = symmetric_coxeter(4)
    with pytest.raises(CosetEnumerationLimitError, match=r"\(hlt\)"):
        enumerate_cosets(p, max_cosets=24, strategy="hlt", backend=backend)
    seen: list[CosetEnumerationProgress] = []
    ct = enumerate_cosets(p, max_cosets=24, backend=backend, progress=seen.append,
                          progress_interval=5)
    assert ct.strategy == "hlt, then felsch"
    assert [s.defined for s in seen] == sorted(s.defined for s in seen)
    assert seen[-1].defined == ct.defined
    assert ct == enumerate_cosets(p, backend=backend)
    assert_coset_table(ct, p)


@pytest.mark.parametrize("backend", BACKENDS)
def test_auto_does_not_retry_when_no_coset_ever_coincided(backend: str) -> None:
    # In <a, b | a^2> HLT never finds a coincidence: Felsch would fail alike, so auto stops.
    with pytest.raises(CosetEnumerationLimitError, match=r"\(hlt\)") as info:
        enumerate_cosets(pres(2, (1, 1)), max_cosets=2000, backend=backend)
    assert info.value.progress.defined == info.value.progress.live == 2000


@pytest.mark.parametrize("backend", BACKENDS)
def test_lookahead_rescues_a_tight_hlt_run(backend: str) -> None:
    # HLT on Moore's S6 defines more than 800 cosets; a bound of 800 forces lookahead and
    # compression, and the run still ends with the same table.
    p = symmetric_moore(6)
    free_run = enumerate_cosets(p, strategy="hlt", backend=backend)
    assert free_run.defined > 800
    tight = enumerate_cosets(p, strategy="hlt", max_cosets=800, backend=backend)
    assert tight == free_run


# -- progress ----------------------------------------------------------------------------------

@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("strategy", STRATEGIES)
def test_progress_is_reported_monotonically(strategy: str, backend: str) -> None:
    seen: list[CosetEnumerationProgress] = []
    ct = enumerate_cosets(symmetric_coxeter(6), progress=seen.append, strategy=strategy,
                          backend=backend, progress_interval=100)
    assert ct.index == 720
    assert len(seen) == ct.defined // 100 + 1    # one report per 100 definitions, and the last
    assert [s.defined for s in seen] == sorted(s.defined for s in seen)
    assert seen[-1].defined == ct.defined and seen[-1].live == ct.index
    with pytest.raises(FrozenInstanceError):
        seen[0].defined = 0  # type: ignore[misc]


def test_an_exception_in_progress_propagates() -> None:
    class Stop(Exception):
        pass

    def stop(_: CosetEnumerationProgress) -> None:
        raise Stop

    for backend in ("python", "native") if native_kernel_available() else ("python",):
        with pytest.raises(Stop):
            enumerate_cosets(symmetric_coxeter(5), progress=stop, backend=backend,
                             progress_interval=10)


# -- input validation ---------------------------------------------------------------------------

@pytest.mark.parametrize(("kwargs", "error", "pattern"), [
    ({"max_cosets": 0}, InvalidOptionError, "max_cosets"),
    ({"max_cosets": 2.5}, InvalidOptionError, "max_cosets"),
    ({"max_cosets": True}, InvalidOptionError, "max_cosets"),
    ({"max_cosets": 2**40}, InvalidOptionError, "max_cosets"),
    ({"strategy": "dfs"}, InvalidOptionError, "strategy"),
    ({"backend": "gpu"}, InvalidOptionError, "backend"),
    ({"progress": 3}, InvalidOptionError, "progress"),
    ({"progress_interval": 0}, InvalidOptionError, "progress_interval"),
], ids=["zero-bound", "float-bound", "bool-bound", "huge-bound", "strategy", "backend", "progress",
        "progress-interval"])
def test_bad_options(kwargs: dict, error: type, pattern: str) -> None:
    with pytest.raises(error, match=pattern):
        enumerate_cosets(a5(), **kwargs)


@pytest.mark.parametrize(("p", "sub", "error", "pattern"), [
    (pres(2, (1, 3)), (), UnknownGeneratorError, r"relators\[0\].*letter 3"),
    (pres(2, (1, 0)), (), UnknownGeneratorError, "letter 0"),
    (pres(2, (1, 1)), ((1, -5),), UnknownGeneratorError, r"subgroup\[0\]"),
    (pres(2, (1, 1.0)), (), NotAPresentationError, "nonzero ints"),
    (P(("a", "b"), ("ab",)), (), NotAPresentationError, "word"),  # type: ignore[arg-type]
    (pres(2, (1, 1)), "a", NotAPresentationError, "subgroup"),
    (object(), (), NotAPresentationError, "generators"),
], ids=["letter-too-big", "letter-zero", "subgroup-letter", "float-letter", "string-relator",
        "string-subgroup", "not-a-presentation"])
def test_bad_words(p: object, sub: object, error: type, pattern: str) -> None:
    with pytest.raises(error, match=pattern):
        enumerate_cosets(p, sub)  # type: ignore[arg-type]


def test_errors_are_repkit_errors_with_builtin_bases() -> None:
    assert issubclass(InvalidOptionError, ValueError) and issubclass(InvalidOptionError, RepkitError)
    assert issubclass(NotAPresentationError, TypeError)


# -- the CosetTable value type ------------------------------------------------------------------

def test_coset_table_is_immutable() -> None:
    ct = enumerate_cosets(dihedral(3))
    with pytest.raises(ValueError):
        ct.table[0, 0] = 5
    with pytest.raises(FrozenInstanceError):
        ct.table = np.zeros((1, 4), dtype=np.int32)  # type: ignore[misc]
    assert repr(ct) == "CosetTable(index=6, ngens=2, strategy='hlt')"


def test_coset_table_validates_its_table() -> None:
    with pytest.raises(ShapeError, match="shape"):
        CosetTable(np.zeros((3, 3), dtype=np.int32))
    with pytest.raises(ShapeError, match="dtype"):
        CosetTable(np.zeros((3, 2), dtype=float))
    with pytest.raises(InvalidPermutationError, match="0..2"):
        CosetTable(np.array([[1, 2], [2, 0], [0, 3]]))
    with pytest.raises(InvalidPermutationError, match="inverse"):
        CosetTable(np.array([[1, 1], [2, 2], [0, 0]]))       # a 3-cycle is not its own inverse
    ct = CosetTable(np.array([[1, 2], [2, 0], [0, 1]]))      # Z3 acting on itself
    assert ct.index == 3 and ct == enumerate_cosets(cyclic(3))


def test_column_and_word_action_agree() -> None:
    ct = enumerate_cosets(a5())
    a, b = ct.column(1), ct.column(2)
    assert (ct.word_action((1, 2)) == b[a]).all()
    assert (ct.word_action((2, -2)) == np.arange(60)).all()
    with pytest.raises(UnknownGeneratorError):
        ct.column(3)


# -- random presentations ---------------------------------------------------------------------

def _consequence(rels: list[Word], ngens: int, data: st.DataObject) -> Word:
    """A random element of the normal closure: a product of conjugates of relators."""
    letters = st.sampled_from([k for g in range(1, ngens + 1) for k in (g, -g)])
    out: Word = ()
    for _ in range(data.draw(st.integers(1, 2))):
        r = data.draw(st.sampled_from(rels))
        if data.draw(st.booleans()):
            r = inverse(r)
        u = tuple(data.draw(st.lists(letters, max_size=3)))
        out += inverse(u) + r + u
    return out


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(orders=st.lists(st.integers(1, 7), min_size=1, max_size=3), data=st.data())
def test_random_abelian_products(orders: list[int], data: st.DataObject) -> None:
    k = len(orders)
    rels: list[Word] = [power((i + 1,), m) for i, m in enumerate(orders)]
    rels += [commutator((i + 1,), (j + 1,)) for i, j in itertools.combinations(range(k), 2)]
    extra = [_consequence(rels, k, data) for _ in range(data.draw(st.integers(0, 2)))]
    p = pres(k, *(rels + extra))
    strategy = data.draw(st.sampled_from(STRATEGIES))
    ct = enumerate_cosets(p, strategy=strategy, backend="python")
    assert ct.index == math.prod(orders)
    assert_coset_table(ct, p)
    if native_kernel_available():
        assert enumerate_cosets(p, strategy=strategy, backend="native") == ct


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(n=st.integers(1, 12), m=st.integers(1, 4), data=st.data())
def test_random_dihedral_times_cyclic(n: int, m: int, data: st.DataObject) -> None:
    # D_n x C_m = <r, f, c | r^n, f^2, (rf)^2, c^m, [r,c], [f,c]> has order 2nm.
    rels: list[Word] = [power((1,), n), (2, 2), (1, 2, 1, 2), power((3,), m),
                        commutator((1,), (3,)), commutator((2,), (3,))]
    extra = [_consequence(rels, 3, data) for _ in range(data.draw(st.integers(0, 2)))]
    order = data.draw(st.permutations(range(len(rels) + len(extra))))
    allrels = rels + extra
    p = pres(3, *(allrels[i] for i in order))
    ct = enumerate_cosets(p, strategy=data.draw(st.sampled_from(STRATEGIES)), backend="python")
    assert ct.index == 2 * n * m
    assert_coset_table(ct, p)
    sub = ((2,),)     # the reflection f has order 2 in every D_n x C_m
    assert enumerate_cosets(p, sub).index == n * m


@pytest.mark.skipif(not native_kernel_available(), reason="compiled kernel not built")
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_native_kernel_matches_python_on_random_presentations(data: st.DataObject) -> None:
    # Arbitrary random presentations (finite or not): both implementations must agree exactly,
    # on the table or on hitting the limit with the same counters.
    ngens = data.draw(st.integers(1, 3))
    letters = st.sampled_from([k for g in range(1, ngens + 1) for k in (g, -g)])
    rels = data.draw(st.lists(st.lists(letters, min_size=1, max_size=10).map(tuple), max_size=4))
    sub = data.draw(st.lists(st.lists(letters, min_size=1, max_size=4).map(tuple), max_size=2))
    p = pres(ngens, *rels)
    strategy = data.draw(st.sampled_from(STRATEGIES))
    outcomes = []
    for backend in ("python", "native"):
        try:
            outcomes.append(enumerate_cosets(p, sub, max_cosets=400, strategy=strategy,
                                             backend=backend))
        except CosetEnumerationLimitError as exc:
            snap = exc.progress
            outcomes.append((snap.defined, snap.live, snap.passes))
    assert outcomes[0] == outcomes[1]
    if isinstance(outcomes[0], CosetTable):
        assert_coset_table(outcomes[0], p, tuple(sub))
