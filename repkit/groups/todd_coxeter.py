"""Todd-Coxeter coset enumeration: a finitely presented group acting on the cosets of a subgroup.

The entry point is :func:`enumerate_cosets`; it returns a :class:`CosetTable`,
the right action of the generators (and their inverses) on the cosets of a
subgroup ``H`` given by words, numbered canonically (standardized).

Conventions
-----------
* A word is a tuple of nonzero ints: generator ``i`` (0-based) is the letter
  ``i + 1``, its inverse ``-(i + 1)``. Words are read left to right.
* Column ``2*i`` of the table is generator ``i``, column ``2*i + 1`` its inverse.
* The action is a *right* action: ``coset . letter = table[coset, column(letter)]``,
  so a word ``w = l1 l2 ... lk`` sends coset ``c`` to ``(...((c . l1) . l2) ...) . lk``.
* Coset ``0`` is ``H`` itself; the other cosets are numbered in the order a
  breadth-first search from ``0`` meets them, trying the columns in order, i.e.
  in shortlex order of their minimal representative words over the alphabet
  ``g0 < g0^-1 < g1 < g1^-1 < ...``.

Examples
--------
>>> from types import SimpleNamespace
>>> d4 = SimpleNamespace(generators=("r", "f"), relators=((1, 1, 1, 1), (2, 2), (1, 2, 1, 2)))
>>> enumerate_cosets(d4).index           # |D4| = 8
8
>>> enumerate_cosets(d4, [(2,)]).index   # [D4 : <f>] = 4
4
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from ..errors import (
    CosetEnumerationLimitError,
    InvalidOptionError,
    InvalidPermutationError,
    NotAPresentationError,
    RepkitError,
    ShapeError,
    UnknownGeneratorError,
    _short_repr,
)
from . import _tc_python

try:  # the optional compiled kernel, built by ``pip install -e .`` when a C compiler exists
    from . import _tc_kernel as _native  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - depends on the build
    _native = None

__all__ = [
    "CosetTable",
    "CosetEnumerationProgress",
    "enumerate_cosets",
    "native_kernel_available",
    "NotAPresentationError",
    "InvalidOptionError",
    "DEFAULT_MAX_COSETS",
    "DEFAULT_MAX_TABLE_ENTRIES",
    "PROGRESS_INTERVAL",
]

#: Default bound on the number of cosets held at once (live plus not yet compressed).
DEFAULT_MAX_COSETS = 4_000_000
#: Default bound on the coset table's entries (cosets x 2 x generators, int32): 2 GiB. With many
#: generators it caps the cosets below ``max_cosets`` (300 generators: 894,784 cosets).
DEFAULT_MAX_TABLE_ENTRIES = 1 << 29
#: ``progress`` is called each time this many more cosets have been defined, and once at the end.
PROGRESS_INTERVAL = 1 << 16

# Coset numbers are stored as int32.
_MAX_COSETS_CEILING = 2**31 - 2

Strategy = Literal["auto", "hlt", "felsch"]
Backend = Literal["auto", "native", "python"]


@dataclass(frozen=True)
class CosetEnumerationProgress:
    """A snapshot of a running (or finished, or aborted) coset enumeration.

    Attributes
    ----------
    defined : int
        Cosets defined so far (coset 0 included), counting those later found equal to others.
    live : int
        Cosets currently live (not yet identified with a smaller coset).
    passes : int
        Relator scans performed so far (scans of a relator or subgroup word from one coset).
    elapsed : float
        Seconds since the enumeration started (wall clock; informational only).

    Examples
    --------
    >>> snap = CosetEnumerationProgress(defined=10, live=8, passes=30, elapsed=0.5)
    >>> snap.defined - snap.live      # cosets found to coincide with others
    2
    """

    defined: int
    live: int
    passes: int
    elapsed: float


@dataclass(frozen=True, eq=False)
class CosetTable:
    """A complete, standardized coset table: the right action of a group on the cosets of H.

    Attributes
    ----------
    table : numpy.ndarray
        Read-only int32 array of shape ``(index, 2 * ngens)``; ``table[c, 2*i]`` is
        ``c . g_i`` and ``table[c, 2*i + 1]`` is ``c . g_i^-1``. Coset 0 is the subgroup;
        the numbering is the breadth-first (shortlex) one described in the module docstring.
    defined : int
        Total cosets defined during the enumeration (a measure of its cost; not part of ``==``).
    passes : int
        Relator scans performed (not part of ``==``).
    strategy : str
        The strategy that ran: ``"hlt"``, ``"felsch"``, or ``"hlt, then felsch"`` when
        ``strategy="auto"`` fell back to Felsch (not part of ``==``).

    Notes
    -----
    Equality and hashing use the table only: the standardized table of a subgroup of a
    finitely presented group is unique (Holt, Eick and O'Brien, *Handbook of
    Computational Group Theory*, 2005, ch. 5, standardized coset tables and STANDARDIZE,
    pp. 167-168), so two
    tables are equal exactly when they describe the same action with the same numbering.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> s3 = SimpleNamespace(generators=("s", "t"), relators=((1, 1), (2, 2), (1, 2) * 3))
    >>> ct = enumerate_cosets(s3)
    >>> ct.index, ct.ngens
    (6, 2)
    >>> bool((ct.word_action((1, 2) * 3) == range(6)).all())   # (st)^3 acts trivially
    True
    """

    table: np.ndarray
    defined: int = field(default=0, compare=False)
    passes: int = field(default=0, compare=False)
    strategy: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        arr = np.ascontiguousarray(self.table)
        if arr.ndim != 2 or arr.shape[1] % 2 or arr.shape[0] < 1 or arr.dtype.kind not in "iu":
            raise ShapeError(
                "CosetTable: table must be an integer array of shape (index >= 1, 2 * ngens), "
                f"got shape {arr.shape} and dtype {arr.dtype}"
            )
        n = arr.shape[0]
        if arr.size and (arr.min() < 0 or arr.max() >= n):
            raise InvalidPermutationError(
                f"CosetTable: entries must be cosets 0..{n - 1}, got values from {arr.min()} "
                f"to {arr.max()}"
            )
        arr = arr.astype(np.int32, copy=True)
        everything = np.arange(n, dtype=np.int32)
        for i in range(arr.shape[1] // 2):
            if not np.array_equal(arr[arr[:, 2 * i], 2 * i + 1], everything):
                raise InvalidPermutationError(
                    f"CosetTable: column {2 * i + 1} must be the inverse permutation of column "
                    f"{2 * i} (generator {i}), and it is not"
                )
        arr.setflags(write=False)
        object.__setattr__(self, "table", arr)

    @property
    def index(self) -> int:
        """Number of cosets, the index ``[G : H]``."""
        return int(self.table.shape[0])

    @property
    def ngens(self) -> int:
        """Number of generators of the presentation."""
        return int(self.table.shape[1] // 2)

    def column(self, letter: int) -> np.ndarray:
        """The image of every coset under one letter (``i + 1`` or ``-(i + 1)``).

        Examples
        --------
        >>> from types import SimpleNamespace
        >>> z5 = SimpleNamespace(generators=("a",), relators=((1,) * 5,))
        >>> a = enumerate_cosets(z5).column(1)
        >>> a.tolist()          # BFS numbering: 0, a, a^-1, a^2, a^-2
        [1, 3, 0, 4, 2]
        >>> c, seen = 0, set()
        >>> while c not in seen:
        ...     seen.add(c); c = int(a[c])
        >>> len(seen)           # a acts as a single 5-cycle
        5
        """
        return self.table[:, _letter_column(letter, self.ngens, "letter")]

    def word_action(self, word: Sequence[int]) -> np.ndarray:
        """The image of every coset under a word (a numpy array ``c -> c . word``).

        Examples
        --------
        >>> from types import SimpleNamespace
        >>> z6 = SimpleNamespace(generators=("a",), relators=((1,) * 6,))
        >>> ct = enumerate_cosets(z6)
        >>> bool((ct.word_action((1, 1, -1)) == ct.column(1)).all())   # a a a^-1 = a
        True
        """
        cur = np.arange(self.index, dtype=np.int32)
        for letter in word:
            cur = self.table[cur, _letter_column(letter, self.ngens, "word")]
        return cur

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CosetTable):
            return NotImplemented
        return bool(np.array_equal(self.table, other.table))

    def __hash__(self) -> int:
        return hash((self.table.shape, self.table.tobytes()))

    def __repr__(self) -> str:
        return f"CosetTable(index={self.index}, ngens={self.ngens}, strategy={self.strategy!r})"


def native_kernel_available() -> bool:
    """Whether the compiled kernel ``repkit.groups._tc_kernel`` was built and imports.

    Examples
    --------
    >>> native_kernel_available() in (True, False)
    True
    """
    return _native is not None


def _letter_column(letter: Any, ngens: int, argument: str) -> int:
    if isinstance(letter, bool) or not isinstance(letter, (int, np.integer)):
        raise NotAPresentationError(
            f"{argument}: letters must be nonzero ints (generator i is i+1, its inverse -(i+1)), "
            f"got {_short_repr(letter)}"
        )
    k = int(letter)
    if k == 0 or abs(k) > ngens:
        raise UnknownGeneratorError(
            f"{argument}: letter {k} names no generator; expected a nonzero int with "
            f"|letter| <= {ngens} (the number of generators)"
        )
    return 2 * (k - 1) if k > 0 else 2 * (-k - 1) + 1


def _free_reduce(cols: list[int]) -> list[int]:
    out: list[int] = []
    for x in cols:
        if out and out[-1] == x ^ 1:
            out.pop()
        else:
            out.append(x)
    return out


def _cyclic_reduce(cols: list[int]) -> list[int]:
    cols = _free_reduce(cols)
    i, j = 0, len(cols) - 1
    while i < j and cols[i] == cols[j] ^ 1:
        i += 1
        j -= 1
    return cols[i:j + 1]


def _words(words: Any, ngens: int, argument: str) -> list[list[int]]:
    if isinstance(words, (str, bytes)) or not isinstance(words, Iterable):
        raise NotAPresentationError(
            f"{argument}: expected a sequence of words (tuples of nonzero ints), got {_short_repr(words)}"
        )
    out = []
    for k, w in enumerate(words):
        if isinstance(w, (str, bytes)) or not isinstance(w, Iterable):
            raise NotAPresentationError(
                f"{argument}[{k}]: expected a word (tuple of nonzero ints), got {_short_repr(w)}"
            )
        out.append([_letter_column(letter, ngens, f"{argument}[{k}]") for letter in w])
    return out


def _prepare(presentation: Any, subgroup: Any) -> tuple[int, list[list[int]], list[list[int]]]:
    gens = getattr(presentation, "generators", None)
    rels = getattr(presentation, "relators", None)
    if gens is None or rels is None:
        raise NotAPresentationError(
            "presentation: expected an object with .generators (names) and .relators (words), "
            f"got {type(presentation).__name__}"
        )
    if isinstance(gens, str) or not isinstance(gens, Sequence):
        raise NotAPresentationError(
            f"presentation.generators: expected a sequence of names, got {_short_repr(gens)}"
        )
    ngens = len(gens)
    relators = []
    seen: set[tuple[int, ...]] = set()
    for r in _words(rels, ngens, "presentation.relators"):
        r = _cyclic_reduce(r)
        if r and tuple(r) not in seen:
            seen.add(tuple(r))
            relators.append(r)
    # Short relators first: they close rows early and cheaply.
    relators.sort(key=len)
    subgens = [w for w in (_free_reduce(w) for w in _words(subgroup, ngens, "subgroup")) if w]
    return ngens, relators, subgens


def _standardize(rows: np.ndarray) -> np.ndarray:
    """STANDARDIZE (HEO pp. 167-168): renumber by breadth-first search from coset 0."""
    flat = rows.tolist()
    new = [-1] * len(flat)
    new[0] = 0
    order = [0]
    for c in order:  # ``order`` grows while it is walked: a breadth-first queue
        for d in flat[c]:
            if new[d] < 0:
                new[d] = len(order)
                order.append(d)
    return np.asarray(new, dtype=np.int32)[rows[order]]


def _limit_error(
    max_cosets: int, strategy: str, snap: CosetEnumerationProgress, table: tuple[int, int] | None = None
) -> CosetEnumerationLimitError:
    bound = f"max_cosets={max_cosets} cosets" if table is None else (
        f"{max_cosets} cosets (the most a table of max_table_entries={table[0]} int32 entries holds "
        f"with {table[1]} columns, one per generator and inverse)")
    err = CosetEnumerationLimitError(
        f"coset enumeration ({strategy}) needs more than {bound}: "
        f"{snap.defined} cosets defined, {snap.live} live, {snap.passes} relator passes in "
        f"{snap.elapsed:.2f} s; the index may be infinite (e.g. a generator free of relations), "
        f"or raise {'max_cosets' if table is None else 'max_table_entries (enumerate_cosets)'}"
    )
    err.progress = snap  # type: ignore[attr-defined]
    return err


def enumerate_cosets(
    presentation: Any,
    subgroup: Iterable[Sequence[int]] = (),
    *,
    max_cosets: int = DEFAULT_MAX_COSETS,
    strategy: Strategy = "auto",
    progress: Callable[[CosetEnumerationProgress], None] | None = None,
    backend: Backend = "auto",
    progress_interval: int = PROGRESS_INTERVAL,
    max_table_entries: int = DEFAULT_MAX_TABLE_ENTRIES,
) -> CosetTable:
    """Enumerate the cosets of a subgroup of a finitely presented group (Todd-Coxeter).

    Parameters
    ----------
    presentation : Presentation or any object with ``generators`` and ``relators``
        ``generators`` is a sequence of names (only its length is used); ``relators`` is a
        sequence of words, each a tuple of nonzero ints (generator ``i`` is ``i + 1``, its
        inverse ``-(i + 1)``). Relators are freely and cyclically reduced first.
    subgroup : iterable of words, default ()
        Words generating the subgroup ``H``; empty means the trivial subgroup, whose coset
        table is the right regular action of the group.
    max_cosets : int, default 4_000_000
        Bound on the cosets held at once. When the table is full, a lookahead pass and a
        compression free what they can; if nothing is freed the enumeration stops with
        :class:`~repkit.CosetEnumerationLimitError`. Memory is ``O(max_cosets * ngens)`` at
        most (rows are allocated geometrically as needed).
    strategy : {"auto", "hlt", "felsch"}
        ``"hlt"``: Haselgrove-Leech-Trotter, scanning each coset under every relator and
        filling gaps with new cosets, with lookahead when the table is full. ``"felsch"``:
        define the first empty entry, then deduce all its consequences before the next
        definition (fewer cosets, more scanning). ``"auto"`` runs HLT, the faster of the two
        on every group of the benchmark (``benchmarks/bench_coset_enumeration.py``), and
        if HLT exceeds ``max_cosets`` after coincidences were found, retries with Felsch,
        which often fits in a table barely larger than the index.
    progress : callable, optional
        Called with a :class:`CosetEnumerationProgress` each time ``progress_interval`` more
        cosets have been defined, and once at the end. An exception it raises aborts the
        enumeration and propagates.
    backend : {"auto", "native", "python"}
        ``"native"`` runs the compiled kernel (``repkit.groups._tc_kernel``), ``"python"`` the
        pure-Python implementation; ``"auto"`` prefers the kernel when it was built. Both
        return the same standardized table.
    progress_interval : int, default :data:`PROGRESS_INTERVAL` (65536)
        Definitions between two calls of ``progress``.
    max_table_entries : int, default :data:`DEFAULT_MAX_TABLE_ENTRIES` (2**29, 2 GiB)
        Bound on the table's memory: at most ``max_table_entries // (2 * ngens)`` cosets are held,
        whatever ``max_cosets`` says, so many generators cannot exhaust memory.

    Returns
    -------
    CosetTable
        The standardized table; ``index`` is ``[G : H]``.

    Raises
    ------
    CosetEnumerationLimitError
        More than ``max_cosets`` cosets were needed; the message (and the ``progress``
        attribute of the error) says how many were defined and live and how many relator
        passes ran.
    UnknownGeneratorError
        A relator or subgroup word uses a letter ``0`` or beyond the generators.
    NotAPresentationError
        ``presentation`` lacks ``generators``/``relators``, or words are not int sequences.
    InvalidOptionError
        ``max_cosets`` is not a positive int, or ``strategy``/``backend`` is unknown.

    Notes
    -----
    Follows Holt, Eick and O'Brien, *Handbook of Computational Group Theory* (Chapman &
    Hall/CRC, 2005), chapter 5 "Coset enumeration": coset tables (§5.1, pp. 149-152), DEFINE
    and SCAN (pp. 152-155), coincidence processing COINCIDENCE/MERGE/REP (pp. 156-159), the HLT
    strategy with SCANANDFILL and lookahead (pp. 161-163), the Felsch strategy with
    deduction processing (pp. 164-166), COMPRESS and STANDARDIZE (pp. 167-168).

    Coset enumeration has no bound on its running time in terms of the index (the problem
    is undecidable in general); in practice HLT costs roughly ``O(D * L)`` table look-ups for
    ``D`` defined cosets and total relator length ``L``, plus ``O(N * ngens)`` for
    standardization of an index-``N`` table. Memory is ``O(max(D_live) * ngens)`` integers.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> a5 = SimpleNamespace(generators=("a", "b"), relators=((1, 1), (2, 2, 2), (1, 2) * 5))
    >>> enumerate_cosets(a5).index                  # |A5| = 60
    60
    >>> enumerate_cosets(a5, [(2,)]).index           # [A5 : C3] = 20
    20
    >>> enumerate_cosets(a5, strategy="felsch") == enumerate_cosets(a5, strategy="hlt")
    True
    >>> free = SimpleNamespace(generators=("a", "b"), relators=((1, 1),))
    >>> enumerate_cosets(free, max_cosets=1000)     # <a, b | a^2> is infinite
    Traceback (most recent call last):
    ...
    repkit.errors.CosetEnumerationLimitError: coset enumeration (hlt) needs more than max_cosets=1000 ...
    """
    if (
        isinstance(max_cosets, bool)
        or not isinstance(max_cosets, (int, np.integer))
        or not 1 <= max_cosets <= _MAX_COSETS_CEILING
    ):
        raise InvalidOptionError(
            f"max_cosets: expected an int from 1 to {_MAX_COSETS_CEILING} (cosets are int32), "
            f"got {max_cosets!r}"
        )
    max_cosets = int(max_cosets)
    if strategy not in ("auto", "hlt", "felsch"):
        raise InvalidOptionError(
            f"strategy: expected 'auto', 'hlt' or 'felsch', got {strategy!r}"
        )
    if backend not in ("auto", "native", "python"):
        raise InvalidOptionError(
            f"backend: expected 'auto', 'native' or 'python', got {backend!r}"
        )
    if backend == "native" and _native is None:
        raise InvalidOptionError(
            "backend: 'native' asked for, but the compiled kernel repkit.groups._tc_kernel "
            "was not built (reinstall with a C compiler, or use backend='python')"
        )
    if (
        isinstance(progress_interval, bool)
        or not isinstance(progress_interval, (int, np.integer))
        or progress_interval < 1
    ):
        raise InvalidOptionError(
            f"progress_interval: expected a positive int, got {progress_interval!r}"
        )
    if progress is not None and not callable(progress):
        raise InvalidOptionError(f"progress: expected a callable or None, got {progress!r}")
    if isinstance(max_table_entries, bool) or not isinstance(max_table_entries, (int, np.integer)) \
            or max_table_entries < 1:
        raise InvalidOptionError(f"max_table_entries: expected a positive int, got {max_table_entries!r}")
    ngens, relators, subgens = _prepare(presentation, subgroup)
    ncols = 2 * ngens
    table = None
    if ncols and max_cosets * ncols > max_table_entries:
        max_cosets, table = max(1, int(max_table_entries) // ncols), (int(max_table_entries), ncols)
    start = time.perf_counter()

    def snapshot(defined: int, live: int, passes: int) -> CosetEnumerationProgress:
        return CosetEnumerationProgress(defined, live, passes, time.perf_counter() - start)

    # Counters of a finished first run (auto's HLT attempt), so reports keep increasing.
    offset = {"defined": 0, "passes": 0}
    report = None
    if progress is not None:
        def report(defined: int, live: int, passes: int) -> None:
            progress(snapshot(offset["defined"] + defined, live, offset["passes"] + passes))

    use_native = _native is not None and backend != "python"
    interval = int(progress_interval)

    def run(felsch: bool) -> tuple[np.ndarray | None, int, int, int]:
        """One enumeration: (standardized rows or None at the limit, defined, live, passes)."""
        if ngens == 0:
            return np.zeros((1, 0), dtype=np.int32), 1, 1, 0
        if use_native:
            conj = _tc_python.cyclic_conjugates(relators, ncols) if felsch else []
            raw, defined, live, passes = _native.enumerate(
                ncols, relators, subgens, conj, max_cosets, felsch, report, interval
            )
            if raw is None:
                return None, defined, live, passes
            return np.frombuffer(raw, dtype=np.int32).reshape(-1, ncols), defined, live, passes
        res = _tc_python.run_python(ncols, relators, subgens, max_cosets, felsch, report, interval)
        if res.rows is None:
            return None, res.defined, res.live, res.passes
        flat = np.frombuffer(res.rows, dtype=np.intc).astype(np.int32)
        return _standardize(flat.reshape(-1, ncols)), res.defined, res.live, res.passes

    chosen = "felsch" if strategy == "felsch" else "hlt"
    rows, defined, live, passes = run(chosen == "felsch")
    if rows is None and strategy == "auto" and defined > live:
        # HLT ran out of room although cosets coincided: the index may well be finite, and
        # Felsch, which keeps far fewer redundant cosets, gets a turn.
        chosen = "hlt, then felsch"
        offset["defined"], offset["passes"] = defined, passes
        rows, defined2, live, passes2 = run(True)
        defined, passes = defined + defined2, passes + passes2
    if rows is None:
        raise _limit_error(max_cosets, chosen, snapshot(defined, live, passes), table)
    if progress is not None:
        progress(snapshot(defined, rows.shape[0], passes))
    return CosetTable(rows, defined=defined, passes=passes, strategy=chosen)
