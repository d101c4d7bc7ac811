"""Pure-Python Todd-Coxeter coset enumeration (HLT with lookahead, and Felsch).

This is the always-available implementation behind
:func:`repkit.groups.todd_coxeter.enumerate_cosets`, and the reference the
compiled kernel ``repkit.groups._tc_kernel`` is cross-checked against. Both
work on the same data: a flat coset table ``T`` with ``T[c * ncols + x]`` the
image of coset ``c`` under column ``x`` (``-1`` while undefined); column ``2*i``
is generator ``i`` and ``2*i + 1`` its inverse.

Nothing here is public; the entry point is :func:`run_python`, which returns
the finished (compressed, not yet standardized) table as a flat C-int array,
or reports that ``max_cosets`` was exceeded.

Notes
-----
The routines follow Holt, Eick and O'Brien, *Handbook of Computational Group
Theory* (Chapman & Hall/CRC, 2005), chapter 5 "Coset enumeration": coset tables
(§5.1, pp. 149-152), DEFINE (p. 152), SCAN (pp. 153-155), COINCIDENCE with MERGE
and REP (pp. 156-159), SCANANDFILL and the HLT strategy (p. 161), lookahead
(pp. 162-163), the Felsch strategy with PROCESSDEDUCTIONS and the bounded
deduction stack (pp. 164-166), COMPRESS (p. 167).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from array import array
from dataclasses import dataclass

__all__: list[str] = []

# Deduction stack bound (HEO p. 166): on overflow the stack is dropped
# and every live coset is rescanned under every relator.
_DEDUCTION_LIMIT = 1 << 16
# Initial row allocation; rows grow geometrically up to ``max_cosets``.
_INITIAL_ROWS = 1 << 10


@dataclass(frozen=True)
class RunResult:
    """Outcome of one run: the finished table (or None when over the limit) and counters."""

    rows: array | None
    defined: int
    live: int
    passes: int


class _Enumerator:
    """Mutable working state of a single enumeration (private, never escapes a call)."""

    __slots__ = (
        "ncols", "inv", "T", "p", "n", "cap", "max_cosets", "defined", "live",
        "passes", "felsch", "stack", "overflow", "report", "next_report", "interval",
    )

    def __init__(
        self,
        ncols: int,
        max_cosets: int,
        felsch: bool,
        report: Callable[[int, int, int], None] | None,
        interval: int,
    ) -> None:
        self.ncols = ncols
        self.inv = [x ^ 1 for x in range(ncols)]
        self.cap = min(max_cosets, _INITIAL_ROWS)
        self.T = array("i", [-1]) * (self.cap * ncols)
        self.p = array("i", range(self.cap))
        self.n = 1
        self.max_cosets = max_cosets
        self.defined = 1
        self.live = 1
        self.passes = 0
        self.felsch = felsch
        self.stack: list[int] = []
        self.overflow = False
        self.report = report
        self.interval = interval
        self.next_report = interval

    # -- basic operations -------------------------------------------------
    def define(self, a: int, x: int) -> int:
        """DEFINE (HEO p. 152): a new coset ``a^x``; ``-1`` when the table is full."""
        n = self.n
        if n >= self.max_cosets:
            return -1
        if n >= self.cap:
            grow = min(self.max_cosets, 2 * self.cap) - self.cap
            self.T.extend(array("i", [-1]) * (grow * self.ncols))
            self.p.extend(range(self.cap, self.cap + grow))
            self.cap += grow
        nc = self.ncols
        self.T[a * nc + x] = n
        self.T[n * nc + (x ^ 1)] = a
        self.n = n + 1
        self.defined += 1
        self.live += 1
        if self.felsch:
            self._push(a * nc + x)
        if self.report is not None and self.defined >= self.next_report:
            self.next_report += self.interval
            self.report(self.defined, self.live, self.passes)
        return n

    def _push(self, entry: int) -> None:
        if len(self.stack) >= _DEDUCTION_LIMIT:
            self.stack.clear()
            self.overflow = True
        else:
            self.stack.append(entry)

    def rep(self, k: int) -> int:
        """REP (HEO p. 157): representative of ``k`` with path compression."""
        p = self.p
        r = k
        while p[r] != r:
            r = p[r]
        while p[k] != r:
            k, p[k] = p[k], r
        return r

    def merge(self, k: int, m: int, queue: list[int]) -> None:
        """MERGE (HEO p. 157): identify the classes of ``k`` and ``m``, keeping the smaller."""
        a = self.rep(k)
        b = self.rep(m)
        if a != b:
            if a > b:
                a, b = b, a
            self.p[b] = a
            self.live -= 1
            queue.append(b)

    def coincidence(self, a: int, b: int) -> None:
        """COINCIDENCE (HEO p. 158): process ``a = b`` and all its consequences."""
        T = self.T
        nc = self.ncols
        queue: list[int] = []
        self.merge(a, b, queue)
        i = 0
        while i < len(queue):
            g = queue[i]
            i += 1
            base = g * nc
            for x in range(nc):
                d = T[base + x]
                if d < 0:
                    continue
                xi = x ^ 1
                T[d * nc + xi] = -1
                mu = self.rep(g)
                nu = self.rep(d)
                t = T[mu * nc + x]
                if t >= 0:
                    self.merge(nu, t, queue)
                    continue
                t = T[nu * nc + xi]
                if t >= 0:
                    self.merge(mu, t, queue)
                    continue
                T[mu * nc + x] = nu
                T[nu * nc + xi] = mu
                if self.felsch:
                    self._push(mu * nc + x)

    # -- scanning ---------------------------------------------------------
    def scan(self, a: int, w: Sequence[int]) -> None:
        """SCAN (HEO p. 155) with deduction and coincidence, never defining."""
        T = self.T
        nc = self.ncols
        self.passes += 1
        f = a
        i = 0
        j = len(w) - 1
        while i <= j:
            t = T[f * nc + w[i]]
            if t < 0:
                break
            f = t
            i += 1
        if i > j:
            if f != a:
                self.coincidence(f, a)
            return
        b = a
        while j >= i:
            t = T[b * nc + (w[j] ^ 1)]
            if t < 0:
                break
            b = t
            j -= 1
        if j < i:
            self.coincidence(f, b)
        elif j == i:
            x = w[i]
            T[f * nc + x] = b
            T[b * nc + (x ^ 1)] = f
            if self.felsch:
                self._push(f * nc + x)

    def scan_and_fill(self, a: int, w: Sequence[int]) -> bool:
        """SCANANDFILL (HEO p. 161); ``False`` when the table ran full on the way."""
        T = self.T
        nc = self.ncols
        self.passes += 1
        f = a
        b = a
        i = 0
        j = len(w) - 1
        while True:
            while i <= j:
                t = T[f * nc + w[i]]
                if t < 0:
                    break
                f = t
                i += 1
            if i > j:
                if f != a:
                    self.coincidence(f, a)
                return True
            while j >= i:
                t = T[b * nc + (w[j] ^ 1)]
                if t < 0:
                    break
                b = t
                j -= 1
            if j < i:
                self.coincidence(f, b)
                return True
            if j == i:
                x = w[i]
                T[f * nc + x] = b
                T[b * nc + (x ^ 1)] = f
                if self.felsch:
                    self._push(f * nc + x)
                return True
            if self.define(f, w[i]) < 0:
                return False
            T = self.T

    # -- Felsch deductions --------------------------------------------------
    def process_deductions(self, conj: list[list[list[int]]], relators: list[list[int]]) -> None:
        """PROCESSDEDUCTIONS (HEO p. 166): consequences of new table entries."""
        nc = self.ncols
        p = self.p
        while True:
            stack = self.stack
            while stack:
                e = stack.pop()
                c, x = divmod(e, nc)
                if p[c] != c:
                    continue
                for w in conj[x]:
                    self.scan(c, w)
                    if p[c] != c:
                        break
                d = self.T[e]
                if p[c] != c or d < 0:
                    continue
                for w in conj[x ^ 1]:
                    self.scan(d, w)
                    if p[d] != d:
                        break
            if not self.overflow:
                return
            # Stack overflow: rescan everything (HEO p. 166).
            self.overflow = False
            for c in range(self.n):
                for w in relators:
                    if p[c] != c:
                        break
                    self.scan(c, w)

    # -- compression --------------------------------------------------------
    def compress(self) -> array:
        """COMPRESS (HEO p. 167): renumber live cosets consecutively, order kept."""
        nc = self.ncols
        p = self.p
        n = self.n
        new = array("i", [-1]) * n
        k = 0
        for c in range(n):
            if p[c] == c:
                new[c] = k
                k += 1
        # In place: a live coset only moves down (new[c] <= c), onto a row already read.
        T = self.T
        for c in range(n):
            nc_new = new[c]
            if nc_new < 0:
                continue
            base_old = c * nc
            base_new = nc_new * nc
            for x in range(nc):
                t = T[base_old + x]
                T[base_new + x] = new[t] if t >= 0 else -1
        T[k * nc:n * nc] = array("i", [-1]) * ((n - k) * nc)
        p = self.p
        for c in range(n):
            p[c] = c
        self.n = k
        self.live = k
        if self.stack:
            # Pending deductions name old coset numbers: rescan everything instead.
            self.overflow = True
            self.stack.clear()
        return new

    def position_after(self, a: int, new: array) -> int:
        """The new number of the first live coset ``>= a`` after a compression."""
        while a < len(new):
            if new[a] >= 0:
                return new[a]
            a += 1
        return self.n

    def rows(self) -> array:
        """The first ``n`` rows, flat (a C-int array of length ``n * ncols``)."""
        return self.T[: self.n * self.ncols]


def cyclic_conjugates(relators: list[list[int]], ncols: int) -> list[list[list[int]]]:
    """The set R^C of HEO p. 164: cyclic conjugates of relators and inverses, by first letter."""
    seen: set[tuple[int, ...]] = set()
    by_col: list[list[list[int]]] = [[] for _ in range(ncols)]
    for r in relators:
        inv = [x ^ 1 for x in reversed(r)]
        for word in (r, inv):
            for s in range(len(word)):
                c = tuple(word[s:] + word[:s])
                if c not in seen:
                    seen.add(c)
                    by_col[c[0]].append(list(c))
    return by_col


def run_python(
    ncols: int,
    relators: list[list[int]],
    subgroup: list[list[int]],
    max_cosets: int,
    felsch: bool,
    report: Callable[[int, int, int], None] | None,
    interval: int,
) -> RunResult:
    """Enumerate; relators and subgroup words are lists of table columns.

    Returns the compressed complete table (rows in definition order, coset 0
    the subgroup), or ``rows=None`` when ``max_cosets`` would be exceeded even
    after lookahead and compression.
    """
    e = _Enumerator(ncols, max_cosets, felsch, report, interval)
    conj = cyclic_conjugates(relators, ncols) if felsch else []
    finished = True
    for w in subgroup:
        while finished and not e.scan_and_fill(0, w):
            before = e.n
            e.compress()
            finished = e.n < before
        if not finished:
            break
        if felsch:
            e.process_deductions(conj, relators)
    if finished:
        finished = _felsch(e, conj, relators) if felsch else _hlt(e, relators)
    if not finished:
        return RunResult(None, e.defined, e.live, e.passes)
    if e.live != e.n:
        e.compress()
    return RunResult(e.rows(), e.defined, e.live, e.passes)


def _hlt(e: _Enumerator, relators: list[list[int]]) -> bool:
    """HLT with lookahead (HEO pp. 161-163); ``False`` when ``max_cosets`` is exceeded."""
    nc = e.ncols
    a = 0
    while a < e.n:
        if e.p[a] != a:
            a += 1
            continue
        full = False
        for w in relators:
            if not e.scan_and_fill(a, w):
                full = True
                break
            if e.p[a] != a:
                break
        if not full and e.p[a] == a:
            for x in range(nc):
                if e.T[a * nc + x] < 0 and e.define(a, x) < 0:
                    full = True
                    break
        if not full:
            a += 1
            continue
        # Lookahead: scan the cosets from ``a`` on without defining (HEO p. 163).
        p = e.p
        for c in range(a, e.n):
            for w in relators:
                if p[c] != c:
                    break
                e.scan(c, w)
        before = e.n
        mapping = e.compress()
        if e.n >= before:
            return False
        a = e.position_after(a, mapping)
    return True


def _felsch(e: _Enumerator, conj: list[list[list[int]]], relators: list[list[int]]) -> bool:
    """The Felsch strategy (HEO pp. 164-166); ``False`` when ``max_cosets`` is exceeded."""
    nc = e.ncols
    a = 0
    while a < e.n:
        x = 0
        while x < nc and e.p[a] == a:
            if e.T[a * nc + x] < 0:
                if e.define(a, x) < 0:
                    before = e.n
                    mapping = e.compress()
                    if e.n >= before:
                        return False
                    a = e.position_after(a, mapping)
                    x = 0
                    if a >= e.n:
                        break
                    continue
                e.process_deductions(conj, relators)
            x += 1
        a += 1
    return True
