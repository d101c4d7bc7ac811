"""`equivariant_basis`: the public solver for ``Hom_G(rho_in, rho_out)``, choosing its path.

Two paths behind one function:

* ``"orbital"`` -- both representations are signed permutation representations (monomial with
  entries +-1, plain permutations included): the basis is the set of (signed) orbit indicators of G
  on index pairs, computed from the generators alone (`repkit.equivariant.orbital`).
* ``"nullspace"`` -- any exact representations over Q or Q(zeta_n): the exact null space of the
  stacked generator constraints (`repkit.equivariant.commutant`).

Both give the same canonical basis (module docstring of `repkit.equivariant.basis`), so on
permutation representations they agree bytewise in every exact array; only ``metadata["method"]``
tells them apart.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Literal

import numpy as np

from .._version import __version__
from ..errors import InvalidArgumentError, NotARepresentationError  # noqa: F401  (defined with the other errors)
from ..errors import IncompatibleGroupError, RepkitError, ResourceLimitError
from ..exact import Matrix
from ..reps import Rep
from .basis import SCHEMA_VERSION, WeightBasis
from .commutant import commutant_entries
from .decomposed import commutant_entries_decomposed, decomposition_pays
from .orbital import signed_orbit_pattern
from .structured import StructuredBasis

__all__ = ["equivariant_basis", "bias_basis", "signed_permutation_data", "InvalidArgumentError",
           "NotARepresentationError"]

Method = Literal["auto", "orbital", "nullspace"]


def _version() -> str:
    return str(__version__)


def _check_rep(rho: Any, name: str) -> None:
    if not isinstance(rho, Rep):
        raise NotARepresentationError(f"{name}: expected a repkit.Rep, got {type(rho).__name__}")


def _same_group(rho_in: Any, rho_out: Any) -> None:
    if rho_in.group is not rho_out.group and rho_in.group != rho_out.group:
        raise IncompatibleGroupError(
            f"rho_out: expected a representation of the same group as rho_in ({rho_in.group!r}), "
            f"got one of {rho_out.group!r} (build both representations from one group)")


def signed_permutation_data(rho: Any) -> tuple[np.ndarray, np.ndarray | None] | None:
    """Generator images of ``rho`` as signed permutations, or None if it is not one.

    Parameters
    ----------
    rho : Rep

    Returns
    -------
    (perms, signs) or None
        ``perms`` ``(ngens, dim)`` int64 image lists and ``signs`` ``(ngens, dim)`` int64 +-1 (None
        for a plain permutation representation) with ``rho(g) e_i = signs[g, i] e_{perms[g, i]}``.

    Notes
    -----
    Free for permutation representations (their image lists are stored); O(ngens dim^2) exact
    entries otherwise.

    Examples
    --------
    >>> import repkit as rk
    >>> p, s = signed_permutation_data(rk.dihedral_rotation(4))   # rotation by 90 degrees
    >>> p.tolist(), s.tolist()
    ([[1, 0], [0, 1]], [[1, -1], [1, -1]])
    """
    ngens = len(rho.group.generators)
    perms = rho.permutation_images()
    if perms is not None:
        return np.array(perms, np.int64).reshape(ngens, rho.dim), None
    if not rho.is_monomial():
        return None
    ps = np.zeros((ngens, rho.dim), np.int64)
    ss = np.zeros((ngens, rho.dim), np.int64)
    for g, M in enumerate(rho.images):
        if not M.is_rational:
            return None
        num, den = M.numerators_denominators()
        rows, cols = np.nonzero(num)
        if rows.size != rho.dim or np.any(den[rows, cols] != 1) or np.any(np.abs(num[rows, cols]) != 1):
            return None
        ps[g, cols] = rows
        ss[g, cols] = num[rows, cols]
    return ps, ss


def _metadata(rho_in: Any, rho_out: Any, method: str, real: bool,
              entries_real: bool | None = None) -> dict[str, str]:
    """Template metadata. ``real`` says whether every entry of the basis is real ("true"/"false",
    decided exactly); ``realified`` whether ``real=True`` asked for realified representations."""
    group = rho_in.group
    if entries_real is None:
        entries_real = bool(real) or (rho_in.field == 1 and rho_out.field == 1)
    return {
        "repkit_version": _version(),
        "schema_version": str(SCHEMA_VERSION),
        "group": str(group),
        "rho_in": rho_in.name or "rho_in",
        "rho_out": rho_out.name or "rho_out",
        "method": method,
        "real": "true" if entries_real else "false",
        "realified": "true" if real else "false",
    }


def _bias_arrays(rho_out: Any, data_out: tuple[np.ndarray, np.ndarray | None] | None) -> tuple[np.ndarray, np.ndarray]:
    m = rho_out.dim
    ngens = len(rho_out.group.generators)
    if data_out is not None:
        perms, signs = data_out
        pat, sg = signed_orbit_pattern(perms, np.zeros((ngens, 1), np.int64), signs, None,
                                       m_out=m, m_in=1)
        dim_b = int(pat.max()) + 1 if pat.size and pat.max() >= 0 else 0
        num = np.zeros((dim_b, m), np.int64)
        rows = np.flatnonzero(pat[:, 0] >= 0)
        num[pat[rows, 0], rows] = sg[rows, 0]
        return num, np.ones(dim_b, np.int64)
    one = Matrix.identity(1)
    dim_b, field, idx, val = commutant_entries(rho_out.images, [one] * ngens, m, 1)
    shape = (dim_b * m,) if field == 1 else (dim_b * m, field)
    dense = np.zeros(shape, np.int64)
    dense[idx] = val
    num = dense.reshape((dim_b, m) if field == 1 else (dim_b, m, field))
    return num, np.ones(dim_b, np.int64)


def bias_basis(rho_out: Any, *, real: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """The equivariant biases: a canonical exact basis of the vectors fixed by ``rho_out``.

    Parameters
    ----------
    rho_out : Rep
    real : bool
        Realify a complex representation first.

    Returns
    -------
    numerators : numpy.ndarray
        int64 ``(dim_b, m_out)`` (a trailing coefficient axis for a cyclotomic field, see
        `repkit.equivariant.basis`), rows primitive, reduced row echelon order.
    denominators : numpy.ndarray
        int64 ``(dim_b,)`` (all 1 in canonical form).

    Raises
    ------
    NotARepresentationError
        If ``rho_out`` is not a Rep.

    Notes
    -----
    A bias ``b`` is equivariant iff ``rho_out(g) b = b`` for the generators, i.e. the augmented
    (affine) matrix ``[[W, b], [0, 1]]`` intertwines ``rho_in + trivial`` and ``rho_out + trivial``
    (Finzi, Welling, Wilson 2021, sec. 5). For (signed) permutation representations: the orbit
    indicators of the points (orbits with inconsistent signs vanish), O(ngens m); otherwise
    ``Hom_G(trivial, rho_out)`` by the exact null space.

    Examples
    --------
    >>> import repkit as rk
    >>> num, den = bias_basis(rk.regular(rk.cyclic(4)))
    >>> num.tolist(), den.tolist()             # only the constant vector is fixed
    ([[1, 1, 1, 1]], [1])
    """
    _check_rep(rho_out, "rho_out")
    if real and rho_out.field != 1:
        rho_out = rho_out.realify()
    return _bias_arrays(rho_out, signed_permutation_data(rho_out))


#: Largest ``m_out * m_in`` (entries of one map W) `equivariant_basis` accepts unless given
#: ``max_entries=``: a sharing pattern costs 9 bytes an entry plus temporaries, ~4 GB at 10**8.
MAX_HOM_ENTRIES = 10**8


def _check_dense_size(rho_in: Any, rho_out: Any, real: bool, max_entries: int) -> None:
    """Refuse, before any work, a Hom space whose maps have more than ``max_entries`` entries."""
    if isinstance(max_entries, bool) or not isinstance(max_entries, (int, np.integer)) or max_entries < 1:
        raise InvalidArgumentError(f"max_entries: expected a positive int, got {max_entries!r}")
    m_in, m_out = (int(r.dim) * (2 if real and r.field != 1 else 1) for r in (rho_in, rho_out))
    if m_out * m_in > max_entries:
        raise ResourceLimitError(
            f"max_entries: Hom(rho_in, rho_out) has maps of {m_out} x {m_in} = {m_out * m_in} entries, more "
            f"than the bound max_entries={max_entries} (the sharing pattern alone needs "
            f"{9 * m_out * m_in / 2**30:.1f} GiB); pass a larger max_entries= to equivariant_basis if the "
            "memory is there, or use smaller representations (e.g. k * irreducibles)")


def _distinct(components: tuple[tuple[Any, int], ...]) -> list[int]:
    """For each component, the index of the first component equal to it."""
    firsts: list[int] = []
    for j, (rep, _) in enumerate(components):
        firsts.append(next((q for q in range(j) if components[q][0] is rep or components[q][0] == rep), j))
    return firsts


def _realified(rho: Any) -> Any:
    """``rho`` with every complex component realified, components kept."""
    comps = [(c.realify() if c.field != 1 else c, k) for c, k in rho.components]
    if all(c is orig for (c, _), (orig, _) in zip(comps, rho.components)):
        return rho
    out = comps[0][1] * comps[0][0]
    for c, k in comps[1:]:
        out = out + k * c
    return out


def _structured_basis(rho_in: Any, rho_out: Any, method: Method, real: bool,
                      max_entries: int = MAX_HOM_ENTRIES) -> StructuredBasis:
    """Solve each distinct pair of components once; lay the blocks out (see `StructuredBasis`)."""
    if real:
        rho_in, rho_out = _realified(rho_in), _realified(rho_out)
    ins, outs = rho_in.components, rho_out.components
    first_in, first_out = _distinct(ins), _distinct(outs)
    solved: dict[tuple[int, int], WeightBasis] = {}
    small: dict[tuple[int, int], WeightBasis] = {}
    for j, (U, _) in enumerate(outs):
        for i, (V, _) in enumerate(ins):
            key = (first_out[j], first_in[i])
            if key not in solved:
                solved[key] = equivariant_basis(V, U, method=method, structured=False,
                                                max_entries=max_entries)
            small[(j, i)] = solved[key]
    methods = sorted({b.metadata.get("method", "?") for b in solved.values()})
    meta = _metadata(rho_in, rho_out, "structured(" + ",".join(methods) + ")", real,
                     entries_real=all(b.metadata.get("real") == "true" for b in solved.values()))
    return StructuredBasis.assemble(tuple((c.dim, k) for c, k in ins), tuple((c.dim, k) for c, k in outs),
                                    small, metadata=meta, rho_in=rho_in, rho_out=rho_out)


def equivariant_basis(rho_in: Any, rho_out: Any, *, method: Method = "auto", real: bool = False,
                      mask: np.ndarray | None = None, structured: bool = True,
                      max_entries: int = MAX_HOM_ENTRIES) -> WeightBasis | StructuredBasis:
    """An exact basis of ``Hom_G(rho_in, rho_out) = {W : rho_out(g) W = W rho_in(g)}`` (``rho_in >> rho_out``).

    Parameters
    ----------
    rho_in, rho_out : Rep
        Representations of the same group (equal groups: see ``FiniteGroup`` on equality).
    method : {"auto", "orbital", "nullspace"}
        ``"auto"`` (default) takes the orbital path when both representations are signed
        permutation representations, else the exact null space. ``"orbital"`` insists on it.
    real : bool
        For complex (cyclotomic) representations, solve for their realifications instead, giving
        a basis with real entries (of twice the dimensions).
    mask : numpy.ndarray, optional
        Boolean ``(m_out, m_in)``: keep only maps vanishing outside the mask (see
        `WeightBasis.localize` and `locality_mask`); the result is then an unstructured basis.
    structured : bool
        When either representation has several components or a multiplicity above one
        (``Rep.components``, built by ``+`` and ``k *``), solve each distinct pair of components
        once and return a `StructuredBasis` (default True). False solves the whole space at once
        and returns its canonical `WeightBasis` (the same space; `StructuredBasis.to_weight_basis`
        converts).
    max_entries : int
        Largest ``m_out * m_in`` of an unstructured basis (each component pair of a structured
        one), checked before any work (default :data:`MAX_HOM_ENTRIES`).

    Returns
    -------
    WeightBasis or StructuredBasis
        A `WeightBasis` in canonical form (reduced row echelon, primitive integer rows), with the
        bias basis of ``rho_out`` and metadata recording the method; a `StructuredBasis` (one
        small canonical basis per component pair, parameters in block order) for composite
        representations. With ``real=True`` a structured basis realifies each complex component
        (``rho_in``/``rho_out`` of the result are the sums of the realified components).

    Raises
    ------
    IncompatibleGroupError
        If the representations belong to different groups.
    NotARepresentationError
        If an argument is not a Rep.
    InvalidArgumentError
        For an unknown ``method``, or ``"orbital"`` on a non-monomial representation.
    ResourceLimitError
        If ``m_out * m_in > max_entries`` for an unstructured basis or a component pair.

    Notes
    -----
    Only the generators are used: equivariance for the generators implies it for the group.
    Orbital path: O(ngens m_out m_in) integer array work, no linear algebra, no enumeration of G
    (Ravanbakhsh, Schneider, Poczos, ICML 2017, sec. 3; Holt, Eick, O'Brien 2005, sec. 4.1).
    Null-space path: block splitting, then per block sparse exact elimination (monomial-like
    systems), or a multimodular solve (FLINT ``nmod_mat`` over primes splitting Q(zeta_n), Chinese
    remaindering, rational reconstruction) accepted only after an exact check; Finzi, Welling,
    Wilson, ICML 2021, sec. 4, solved exactly; Cohen 1993, secs. 2.2 and 2.4.

    Examples
    --------
    >>> import repkit as rk
    >>> G = rk.symmetric(5)
    >>> V = rk.natural(G)
    >>> equivariant_basis(V, V).dim                     # identity and all-ones
    2
    >>> C4 = rk.cyclic(4)
    >>> R = rk.permutation_rep(C4, {"t": [1, 2, 3, 0]})    # the shift; regular, points in order
    >>> B = equivariant_basis(R, R)
    >>> B.pattern.tolist()                               # the circulant
    [[0, 1, 2, 3], [3, 0, 1, 2], [2, 3, 0, 1], [1, 2, 3, 0]]
    >>> equivariant_basis(V, V, method="nullspace") == equivariant_basis(V, V, method="orbital")
    True
    """
    _check_rep(rho_in, "rho_in")
    _check_rep(rho_out, "rho_out")
    _same_group(rho_in, rho_out)
    if method not in ("auto", "orbital", "nullspace"):
        raise InvalidArgumentError(f"method: expected 'auto', 'orbital' or 'nullspace', got {method!r}")
    if not isinstance(structured, bool):
        raise InvalidArgumentError(f"structured: expected True or False, got {structured!r}")
    if structured and mask is None and (rho_in.is_composite or rho_out.is_composite):
        return _structured_basis(rho_in, rho_out, method, real, max_entries)
    _check_dense_size(rho_in, rho_out, real, max_entries)   # never the structured path: channel-free
    if real:
        rho_in = rho_in.realify() if rho_in.field != 1 else rho_in
        rho_out = rho_out.realify() if rho_out.field != 1 else rho_out
    m_out, m_in = rho_out.dim, rho_in.dim
    data_in = data_out = None
    if method != "nullspace":
        data_in = signed_permutation_data(rho_in)
        data_out = signed_permutation_data(rho_out) if data_in is not None else None
        if method == "orbital" and (data_in is None or data_out is None):
            which = "rho_in" if data_in is None else "rho_out"
            raise InvalidArgumentError(f"method: 'orbital' needs signed permutation representations "
                                       f"(monomial, entries +-1); {which} is not one")
    bias_num, bias_den = _bias_arrays(rho_out, data_out)
    if data_in is not None and data_out is not None:
        chosen = "orbital"
        group = rho_in.group
        order = group.order if getattr(group, "is_enumerated", False) else None   # only if known
        pattern, signs = signed_orbit_pattern(data_out[0], data_in[0], data_out[1], data_in[1],
                                              m_out=m_out, m_in=m_in, group_order=order)
        basis = WeightBasis._trusted_pattern(pattern, signs, bias_numerators=bias_num,
                                         bias_denominators=bias_den,
                                         metadata=_metadata(rho_in, rho_out, chosen, real, True),
                                         rho_in=rho_in, rho_out=rho_out)
    else:
        chosen = "nullspace"
        found = None
        if decomposition_pays(rho_out, rho_in):   # same canonical basis, through Schur's lemma
            found = commutant_entries_decomposed(rho_out, rho_in)
        if found is None:
            found = commutant_entries(rho_out.images, rho_in.images, m_out, m_in)
        dim, field, idx, val = found
        bias_field = 1 if bias_num.ndim == 2 else int(bias_num.shape[-1])
        common = int(np.lcm(field, bias_field))
        val = _lift(val, field, common)
        bias_num = _lift(bias_num, bias_field, common)
        field = common
        basis = WeightBasis.from_sparse((m_out, m_in), dim, idx, val, field=field,
                                        bias_numerators=bias_num, bias_denominators=bias_den,
                                        metadata=_metadata(rho_in, rho_out, chosen, real),
                                        rho_in=rho_in, rho_out=rho_out)
        entries_real = basis.field == 1 or basis.is_real()        # decided exactly
        if basis.metadata.get("real") != ("true" if entries_real else "false"):
            meta = dict(basis.metadata, real="true" if entries_real else "false")
            basis = dataclasses.replace(basis, metadata=meta)
    if mask is not None:
        basis = basis.localize(mask)
    return basis


def _lift(arr: np.ndarray, f_from: int, f_to: int) -> np.ndarray:
    """Move canonical coefficient vectors (see `encode_cyclotomic`) from Q(zeta_f_from) to Q(zeta_f_to)."""
    if f_from == f_to:
        return arr
    base = arr if f_from > 1 else arr[..., None]
    out = np.zeros(base.shape[:-1] + (f_to,), np.int64)
    out[..., np.arange(base.shape[-1]) * (f_to // max(f_from, 1))] = base
    return out
