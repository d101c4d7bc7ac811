"""Which nonlinearity suits each hidden component, and which hidden components can reach the output.

An equivariant network ``rho_in -> H_1 -> ... -> H_L -> rho_out`` alternates equivariant linear
maps with nonlinearities acting on each component of the hidden representations. What a hidden
component can contribute to the output is decided by its *content*: the set of irreducible
representations (rows of the character table) occurring in it.

* An equivariant linear map sends content ``S`` of a component ``c`` to a component ``d`` only
  within ``S & content(d)`` (Schur's lemma: ``Hom_G(c, d) = 0`` between disjoint contents).
* A point-wise nonlinearity on a permutation (or positive monomial) component ``d``, and a
  Fourier nonlinearity (through an exact embedding into a permutation representation), are not
  linear: once any content arrives, the output can hold all of ``content(d)`` (the mean of
  ``ReLU(x)`` over an orbit is invariant even when ``x`` had no invariant part).
* Norm and gated nonlinearities multiply each field by an invariant scalar, so the content that
  arrives is the content that leaves.

A hidden component *reaches the output* if the content it can carry, pushed through the later
layers by these rules, meets ``content(rho_out)``. With non-trivial irreducible hidden components,
norm nonlinearities and an invariant output, only the trivial components reach it: the report
says so before any training.

Examples
--------
>>> import repkit as rk
>>> G = rk.dihedral(4)
>>> hidden = 8 * rk.dihedral_rotation(4) + 8 * rk.trivial(G)
>>> rep = expressivity(rk.natural(G), [hidden], rk.trivial(G))
>>> [(r.name, r.nonlinearity, r.reaches_output) for r in rep.rows]
[('rot', 'norm', False), ('1', 'pointwise', True)]
>>> expressivity(rk.natural(G), [rk.regular(G)], rk.trivial(G)).unreachable
()
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, Sequence

from ..errors import InvalidOptionError, UnreachableComponentError
from .nonlinear import pointwise_safe

__all__ = ["NONLINEARITY_KINDS", "choose_nonlinearities", "component_content", "ComponentReach",
           "ExpressivityReport", "expressivity"]

#: The nonlinearity kinds a component can get; ``"auto"`` chooses one per component.
NONLINEARITY_KINDS = ("pointwise", "norm", "gated", "fourier", "identity")

Kind = Literal["pointwise", "norm", "gated", "fourier", "identity"]


def choose_nonlinearities(rho: Any, nonlinearity: str = "auto") -> tuple[str, ...]:
    """One nonlinearity kind per component of ``rho`` (``rho.components``).

    Parameters
    ----------
    rho : Rep
    nonlinearity : {"auto", "pointwise", "norm", "gated", "fourier", "identity"}
        ``"auto"``: ``"pointwise"`` for components on which ReLU is equivariant (permutation or
        positive monomial, decided exactly by `pointwise_safe`), else ``"norm"``. Any other value
        is used for every component.

    Returns
    -------
    tuple of str

    Raises
    ------
    InvalidOptionError
        For an unknown kind.

    Examples
    --------
    >>> import repkit as rk
    >>> G = rk.dihedral(4)
    >>> choose_nonlinearities(rk.regular(G) + 2 * rk.dihedral_rotation(4))
    ('pointwise', 'norm')
    """
    if nonlinearity != "auto" and nonlinearity not in NONLINEARITY_KINDS:
        raise InvalidOptionError(f"nonlinearity: expected 'auto' or one of {NONLINEARITY_KINDS}, got "
                                 f"{nonlinearity!r}")
    out = []
    for c, _ in rho.components:
        if nonlinearity != "auto":
            out.append(nonlinearity)
        else:
            out.append("pointwise" if pointwise_safe(c).positive_homogeneous else "norm")
    return tuple(out)


def component_content(rho: Any) -> frozenset[int]:
    """The irreducible constituents of ``rho``: indices of the rows of ``G.character_table()``.

    Notes
    -----
    One character inner product per irreducible (`repkit.characters.decompose`).

    Examples
    --------
    >>> import repkit as rk
    >>> G = rk.symmetric(3)
    >>> sorted(component_content(rk.natural(G))) == sorted(component_content(rk.trivial(G) + rk.standard(G)))
    True
    """
    from ..characters import decompose

    return frozenset(i for i, m in enumerate(decompose(rho).multiplicities) if m)


@dataclass(frozen=True)
class ComponentReach:
    """One row of an `ExpressivityReport`: a hidden component and whether it reaches the output.

    Attributes
    ----------
    layer : int
        Index of the hidden representation (0 for the first).
    index : int
        Position in that representation's ``components``.
    name : str
    dim, multiplicity : int
    nonlinearity : str
    reaches_output : bool
    reason : str

    Examples
    --------
    >>> ComponentReach(0, 0, "rot", 2, 8, "norm", False, "no path").reaches_output
    False
    """

    layer: int
    index: int
    name: str
    dim: int
    multiplicity: int
    nonlinearity: str
    reaches_output: bool
    reason: str


@dataclass(frozen=True)
class ExpressivityReport:
    """Per hidden component: its nonlinearity and whether it can reach the output.

    Examples
    --------
    >>> import repkit as rk
    >>> G = rk.symmetric(3)
    >>> r = expressivity(rk.natural(G), [4 * rk.natural(G)], rk.trivial(G))
    >>> len(r.rows), r.unreachable, "reaches" in str(r)
    (1, (), True)
    """

    rows: tuple[ComponentReach, ...]

    @property
    def unreachable(self) -> tuple[ComponentReach, ...]:
        """The rows whose component can never influence the output.

        Examples
        --------
        >>> ExpressivityReport(()).unreachable
        ()
        """
        return tuple(r for r in self.rows if not r.reaches_output)

    def check(self, *, allow_unreachable: bool = False) -> None:
        """Raise `UnreachableComponentError` naming the components that cannot reach the output.

        Examples
        --------
        >>> import repkit as rk
        >>> G = rk.dihedral(4)
        >>> r = expressivity(rk.natural(G), [rk.dihedral_rotation(4)], rk.trivial(G))
        >>> try:
        ...     r.check()
        ... except rk.UnreachableComponentError as exc:
        ...     print("rot" in str(exc))
        True
        """
        bad = self.unreachable
        if bad and not allow_unreachable:
            what = "; ".join(f"hidden[{r.layer}] component {r.index} ({r.multiplicity}x {r.name}, "
                             f"{r.nonlinearity}): {r.reason}" for r in bad)
            raise UnreachableComponentError(
                f"hidden: {len(bad)} hidden component(s) can never reach the output: {what}. Use a "
                "permutation (e.g. regular) representation in a later hidden layer (a point-wise "
                "nonlinearity there mixes every irreducible), or pass allow_unreachable=True to build "
                "the model anyway")

    def __str__(self) -> str:
        head = f"{'layer':>5} {'comp':>4} {'rep':<12} {'mult':>5} {'dim':>5} {'nonlinearity':<12} reaches output"
        lines = [head]
        for r in self.rows:
            lines.append(f"{r.layer:>5} {r.index:>4} {r.name:<12} {r.multiplicity:>5} {r.dim:>5} "
                         f"{r.nonlinearity:<12} {'yes' if r.reaches_output else 'no: ' + r.reason}")
        return "\n".join(lines)


class _Meets:
    """Decides whether the contents of several representations share an irreducible, exactly.

    ``content(a) & content(b) != {}`` iff ``Hom_G(a, b) != 0`` (Schur), which the commutant
    solver decides from the generators alone (no character table, so S_16 costs nothing); an
    absolutely irreducible member (``dim End_G = 1``) reduces a longer intersection to such
    pairs. Only an intersection of three or more reducible contents needs the character table.
    """

    def __init__(self) -> None:
        self._hom: dict[tuple[int, int], int] = {}
        self._content: dict[int, frozenset[int]] = {}
        self._keep: list[Any] = []               # keep the keyed objects alive

    def hom(self, a: Any, b: Any) -> int:
        key = (id(a), id(b))
        if key not in self._hom:
            from .solver import equivariant_basis

            self._keep.extend((a, b))
            self._hom[key] = equivariant_basis(a, b, structured=False).dim
        return self._hom[key]

    def content(self, a: Any) -> frozenset[int]:
        if id(a) not in self._content:
            self._keep.append(a)
            self._content[id(a)] = component_content(a)
        return self._content[id(a)]

    def __call__(self, reps: tuple[Any, ...]) -> bool:
        distinct = list({id(r): r for r in reps}.values())
        if len(distinct) == 1:
            return True
        if len(distinct) == 2:
            return self.hom(distinct[0], distinct[1]) > 0
        for r in distinct:
            if self.hom(r, r) == 1:
                return all(self.hom(r, o) > 0 for o in distinct if o is not r)
        return bool(frozenset.intersection(*(self.content(r) for r in distinct)))


def _after(kind: str, arriving: frozenset[tuple[Any, ...]], comp: Any) -> frozenset[tuple[Any, ...]]:
    """Content leaving a component with nonlinearity ``kind``, as a set of intersections."""
    if not arriving:
        return arriving
    if kind in ("pointwise", "fourier"):
        return frozenset({(comp,)})
    return arriving


def expressivity(rho_in: Any, hidden: Sequence[Any], rho_out: Any, *,
                 nonlinearities: Sequence[Sequence[str]] | str = "auto") -> ExpressivityReport:
    """Which hidden components of ``rho_in -> hidden[0] -> ... -> rho_out`` can reach the output.

    Parameters
    ----------
    rho_in, rho_out : Rep
    hidden : sequence of Rep
        The hidden representations, each with its ``components``.
    nonlinearities : str or sequence of sequences of str
        One kind per component of each hidden representation (see `choose_nonlinearities`), or
        one option for all (``"auto"`` by default).

    Returns
    -------
    ExpressivityReport

    Notes
    -----
    Propagates contents (module docstring) as intersections of the components they passed
    through; a component starts with all of its own content. Whether an intersection is empty
    is decided exactly: by ``Hom_G(a, b) != 0`` for two representations (the commutant of the
    generators, no character table), through an absolutely irreducible member for more, and only
    otherwise by the characters. Cost: one small commutant per pair of distinct components met.

    Examples
    --------
    >>> import repkit as rk
    >>> G = rk.dihedral(4)
    >>> rot = rk.dihedral_rotation(4)
    >>> expressivity(rk.natural(G), [4 * rot], rk.trivial(G)).rows[0].reaches_output
    False
    >>> r = expressivity(rk.natural(G), [4 * rot, rk.regular(G)], rk.trivial(G))   # ReLU on reg mixes
    >>> [row.reaches_output for row in r.rows]
    [True, True]
    """
    layers = list(hidden)
    if isinstance(nonlinearities, str):
        kinds = [choose_nonlinearities(h, nonlinearities) for h in layers]
    else:
        kinds = [tuple(k) for k in nonlinearities]
        if len(kinds) != len(layers) or any(len(k) != len(h.components) for k, h in zip(kinds, layers)):
            raise InvalidOptionError("nonlinearities: expected one kind per component of each hidden rep")
        for ks in kinds:
            for k in ks:
                if k not in NONLINEARITY_KINDS:
                    raise InvalidOptionError(f"nonlinearities: expected kinds from {NONLINEARITY_KINDS}, "
                                             f"got {k!r}")
    meets = _Meets()
    outs = [c for c, _ in rho_out.components]
    rows = []
    for l_, h in enumerate(layers):
        for idx, (c, mult) in enumerate(h.components):
            carried: dict[int, frozenset[tuple[Any, ...]]] = {idx: frozenset({(c,)})}
            for later in range(l_ + 1, len(layers)):
                sources = frozenset().union(*carried.values())
                carried = {}
                for j, (d, _) in enumerate(layers[later].components):
                    arriving = frozenset(t + (d,) for t in sources if meets(t + (d,)))
                    left = _after(kinds[later][j], arriving, d)
                    if left:
                        carried[j] = left
            final = frozenset().union(*carried.values()) if carried else frozenset()
            reaches = any(meets(t + (u,)) for t in final for u in outs)
            if reaches:
                reason = "shares an irreducible with the output through the later layers"
            elif not carried:
                reason = "its content dies in a later layer (no nonzero equivariant map carries it)"
            else:
                reason = (f"no irreducible of it reaches the output: the later maps carry it unchanged "
                          f"({kinds[l_][idx]} and the following nonlinearities keep content) and "
                          "Hom to the output vanishes")
            rows.append(ComponentReach(l_, idx, c.name or "rho", c.dim, mult, kinds[l_][idx], reaches, reason))
    return ExpressivityReport(tuple(rows))
