"""`survey`: candidate hidden-layer representations of a group, compared exactly.

Choosing the representation of a hidden layer is the research question of equivariant networks
(regular or quotient or irreducible? how faithful? how many parameters? which nonlinearities?).
`survey` answers it for one group and one pair ``rho_in -> hidden -> rho_out``: for every
candidate it reports the dimension, the kernel and faithfulness, the free parameters of the three
equivariant layers ``rho_in -> H``, ``H -> H``, ``H -> rho_out`` and the biases of ``H`` (all
exact, from the generators), the nonlinearity each component admits, and whether every component
of ``H`` can reach the output (`repkit.equivariant.expressivity`).

The default candidates are the regular representation, the permutation representation on the
cosets ``G / H`` of one subgroup from each conjugacy class of subgroups found among those generated
by one or two class representatives (bounded by ``max_subgroups``), the direct sum of the
irreducible representations (each once), and the given ones.

Examples
--------
>>> import repkit as rk
>>> G = rk.dihedral(4)
>>> S = survey(G, rk.natural(G), rk.trivial(G))
>>> row = S.row("regular")
>>> (row.dim, row.faithful, row.weights_hidden, row.reaches_output)
(8, True, 8, True)
>>> S.row("irreducibles").nonlinearities          # ReLU only on the trivial one
'pointwise, norm, norm, norm, norm'
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Mapping

from ..equivariant import choose_nonlinearities, equivariant_basis, expressivity
from ..errors import GroupTooLargeError, IncompatibleGroupError, InvalidOptionError, OptionalDependencyError
from ..groups import FiniteGroup
from ..reps import Rep, quotient_rep, regular, trivial

__all__ = ["SurveyRow", "Survey", "survey", "default_candidates", "SURVEY_FIELDS"]

#: The fields of every row, in order.
SURVEY_FIELDS = ("name", "dim", "kernel_order", "faithful", "weights_in", "weights_hidden",
                 "weights_out", "biases", "nonlinearities", "reaches_output")


@dataclass(frozen=True)
class SurveyRow:
    """One candidate hidden representation and its exact figures.

    Attributes
    ----------
    name : str
    dim : int
    kernel_order : int
        ``|ker H|`` (1 when faithful).
    faithful : bool
    weights_in, weights_hidden, weights_out : int
        ``dim Hom_G(rho_in, H)``, ``dim Hom_G(H, H)``, ``dim Hom_G(H, rho_out)``: the free weights
        of the three equivariant layers.
    biases : int
        Vectors fixed by ``H``: the free biases of a layer into ``H``.
    nonlinearities : str
        The kind each component of ``H`` admits (`choose_nonlinearities`), comma-separated.
    reaches_output : bool
        Whether every component of ``H`` can influence the output.

    Examples
    --------
    >>> SurveyRow("x", 1, 1, True, 0, 1, 1, 1, "pointwise", True).faithful
    True
    """

    name: str
    dim: int
    kernel_order: int
    faithful: bool
    weights_in: int
    weights_hidden: int
    weights_out: int
    biases: int
    nonlinearities: str
    reaches_output: bool


@dataclass(frozen=True)
class Survey:
    """The rows of a survey, with the group, the two fixed representations and the candidates.

    ``candidates`` maps each row's name to its representation (the witness of the row).

    Examples
    --------
    >>> import repkit as rk
    >>> G = rk.symmetric(3)
    >>> S = survey(G, rk.natural(G), rk.trivial(G))
    >>> [r["name"] for r in S.records()][:2]
    ['regular', 'G/<s>']
    """

    group: FiniteGroup
    rho_in: Rep
    rho_out: Rep
    rows: tuple[SurveyRow, ...]
    candidates: Mapping[str, Rep]

    def row(self, name: str) -> SurveyRow:
        """The row of the candidate called ``name``.

        Raises
        ------
        InvalidOptionError
            If no candidate has that name.

        Examples
        --------
        >>> import repkit as rk
        >>> G = rk.cyclic(4)
        >>> survey(G, rk.regular(G), rk.trivial(G)).row("regular").weights_hidden
        4
        """
        for r in self.rows:
            if r.name == name:
                return r
        raise InvalidOptionError(f"name: expected one of {[r.name for r in self.rows]}, got {name!r}")

    def records(self) -> list[dict[str, Any]]:
        """The rows as dictionaries with the fields of `SURVEY_FIELDS` (for JSON, pandas, ...).

        Examples
        --------
        >>> import repkit as rk
        >>> G = rk.cyclic(3)
        >>> tuple(survey(G, rk.regular(G), rk.trivial(G)).records()[0]) == SURVEY_FIELDS
        True
        """
        return [asdict(r) for r in self.rows]

    def to_pandas(self) -> Any:
        """A ``pandas.DataFrame`` of the rows (needs pandas).

        Raises
        ------
        OptionalDependencyError
            If pandas is not installed.

        Examples
        --------
        >>> import importlib.util, repkit as rk
        >>> G = rk.cyclic(3)
        >>> S = survey(G, rk.regular(G), rk.trivial(G))
        >>> importlib.util.find_spec("pandas") is None or list(S.to_pandas().columns) == list(SURVEY_FIELDS)
        True
        """
        try:
            import pandas
        except ImportError as exc:
            raise OptionalDependencyError("pandas: Survey.to_pandas needs pandas (pip install pandas), which "
                                          "is not installed; Survey.records() gives plain dictionaries") from exc
        return pandas.DataFrame(self.records(), columns=list(SURVEY_FIELDS))

    def __str__(self) -> str:
        head = ["candidate", "dim", "|ker|", "faithful", "W in", "W hid", "W out", "bias", "reaches", "nonlinearities"]
        body = [[r.name, r.dim, r.kernel_order, "yes" if r.faithful else "no", r.weights_in, r.weights_hidden,
                 r.weights_out, r.biases, "yes" if r.reaches_output else "no", r.nonlinearities] for r in self.rows]
        cells = [head] + [[str(x) for x in row] for row in body]
        widths = [max(len(row[c]) for row in cells) for c in range(len(head))]
        lines = ["  ".join(x.ljust(w) if c in (0, len(head) - 1) else x.rjust(w)
                           for c, (x, w) in enumerate(zip(row, widths))).rstrip() for row in cells]
        return "\n".join([lines[0], "-" * len(lines[0]), *lines[1:]])


def _subgroups_up_to_conjugacy(G: FiniteGroup, limit: int) -> list[Any]:
    """Subgroups generated by one or two class representatives, one per conjugacy class, by order."""
    reps = [g for g in G.class_representatives if g != G.identity]
    found: list[Any] = []
    keys: set[frozenset[int]] = set()
    elements = list(G.elements)

    def conjugates(H: Any) -> set[frozenset[int]]:
        hs = H.elements
        return {frozenset(G.mul(G.mul(x, h), G.inv(x)) for h in hs) for x in elements}

    candidates = [[g] for g in reps] + [[g, h] for i, g in enumerate(reps) for h in reps[i + 1:]]
    for gens in candidates:
        H = G.subgroup(gens)
        if H.order == G.order or frozenset(H.elements) in keys:
            continue
        keys |= conjugates(H)
        found.append(H)
        if len(found) >= limit:
            break
    return sorted(found, key=lambda H: (-H.index, H.elements))


def default_candidates(G: FiniteGroup, *, max_subgroups: int = 16,
                       max_order: int = 2000) -> dict[str, Rep]:
    """The default hidden representations: regular, cosets of subgroups, the sum of irreducibles.

    Parameters
    ----------
    G : FiniteGroup
    max_subgroups : int
        At most this many coset representations (one per conjugacy class of subgroups found).
    max_order : int
        Refuse groups larger than this (the subgroup search enumerates ``G``).

    Returns
    -------
    dict
        Name -> Rep: ``"regular"``, ``"G/<gens>"`` for each subgroup (named by the words of its
        generators), ``"irreducibles"``.

    Raises
    ------
    GroupTooLargeError
        If ``|G| > max_order``.

    Examples
    --------
    >>> import repkit as rk
    >>> sorted(default_candidates(rk.dihedral(4)))[:3]
    ['G/<f, r^2>', 'G/<f>', 'G/<r*f>']
    """
    if G.order > max_order:
        raise GroupTooLargeError(f"max_order: the survey's subgroup search enumerates G, of order {G.order}, "
                                 f"more than max_order={max_order}; pass candidates= or a larger max_order=")
    out: dict[str, Rep] = {"regular": regular(G)}
    for H in _subgroups_up_to_conjugacy(G, max_subgroups):
        gens = ", ".join(G.word_str(g) for g in _generators_of(G, H))
        out[f"G/<{gens}>"] = quotient_rep(G, H)
    irreducibles = G.irreps()
    total = irreducibles[0]
    for rho in irreducibles[1:]:
        total = total + rho
    out["irreducibles"] = total
    return out


def _generators_of(G: FiniteGroup, H: Any) -> list[int]:
    """A short generating set of ``H`` (greedy over its elements in order)."""
    gens: list[int] = []
    span: set[int] = {G.identity}
    for h in H.elements:
        if h not in span:
            gens.append(h)
            span = set(G.subgroup(gens).elements)
        if len(span) == H.order:
            break
    return gens


def survey(G: FiniteGroup, rho_in: Rep, rho_out: Rep, candidates: Mapping[str, Rep] | None = None, *,
           max_subgroups: int = 16, max_order: int = 2000) -> Survey:
    """Compare candidate hidden representations of ``G`` for ``rho_in -> hidden -> rho_out``.

    Parameters
    ----------
    G : FiniteGroup
    rho_in, rho_out : Rep
        Representations of ``G`` (the network's input and output).
    candidates : mapping of str to Rep, optional
        Added after the defaults (`default_candidates`); pass ``{}`` with ``defaults`` of your own
        by giving only these and ``max_subgroups=0``.
    max_subgroups, max_order : int
        Bounds of the default candidates (see `default_candidates`).

    Returns
    -------
    Survey

    Raises
    ------
    IncompatibleGroupError
        If a representation is not of ``G``.
    GroupTooLargeError
        If the default candidates need more than ``max_order`` elements.

    Notes
    -----
    Every number is exact: Hom dimensions from the commutant of the generators (orbit counts for
    permutation representations), kernels by `repkit.Rep.kernel`, reach by
    `repkit.equivariant.expressivity`. Cost: three small solves per candidate plus the subgroup
    search, ``O(|G|^2)`` for the conjugacy test of the found subgroups.

    Examples
    --------
    >>> import repkit as rk
    >>> G = rk.dihedral(4)
    >>> S = survey(G, rk.natural(G), rk.trivial(G), {"rotation": rk.dihedral_rotation(G)})
    >>> r = S.row("rotation")
    >>> (r.dim, r.weights_in, r.weights_out, r.reaches_output)
    (2, 1, 0, False)
    """
    for what, rho in (("rho_in", rho_in), ("rho_out", rho_out), *((f"candidates[{k!r}]", v) for k, v in
                                                                      (candidates or {}).items())):
        if not isinstance(rho, Rep) or rho.group != G:
            raise IncompatibleGroupError(f"{what}: expected a representation of {G!r}, got "
                                         f"{type(rho).__name__ if not isinstance(rho, Rep) else repr(rho.group)}")
    pool = dict(default_candidates(G, max_subgroups=max_subgroups, max_order=max_order)
                if max_subgroups or candidates is None else {})
    pool.update(candidates or {})
    rows = []
    for name, H in pool.items():
        into = equivariant_basis(rho_in, H)
        kernel = H.kernel().order
        kinds = choose_nonlinearities(H)
        report = expressivity(rho_in, [H], rho_out, nonlinearities=[kinds])
        rows.append(SurveyRow(
            name=name, dim=H.dim, kernel_order=kernel, faithful=kernel == 1, weights_in=into.dim,
            weights_hidden=equivariant_basis(H, H).dim, weights_out=equivariant_basis(H, rho_out).dim,
            biases=into.bias_dim, nonlinearities=", ".join(kinds), reaches_output=not report.unreachable))
    return Survey(G, rho_in, rho_out, tuple(rows), dict(pool))
