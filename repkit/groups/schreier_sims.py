"""Deterministic Schreier–Sims: base, strong generators and order of a permutation group.

A *stabilizer chain* of ``G = <S>`` acting on ``{0, ..., n-1}`` is a base ``b_0, ..., b_{k-1}``
(only the identity fixes every base point) with the stabilizers
``G = G^(0) > G^(1) > ... > G^(k) = 1``, ``G^(i+1) = G^(i)_{b_i}``, and generators of each
``G^(i)`` (a *strong generating set*).  Then ``|G| = prod_i |b_i^{G^(i)}|`` and membership is
decided by *sifting*.  Nothing of size ``|G|`` is built, so groups such as ``S_64`` are handled
in well under a second.

Each level keeps a *Schreier vector* (HEO §4.1.1): for every orbit point its predecessor in a
breadth-first Schreier tree and the label (a generator, an inverse, or a shortcut) that reached
it; ``u_beta`` is traced on demand.  Labels are added (random subproducts and their squares,
Seress §4.4.2) until the tree depth is ``O(log |orbit|)``, so a level costs
``O(degree * log |orbit|)`` memory instead of ``degree^2``.  Explicit transversal inverses are
kept only while all such tables together hold at most ``_DENSE_ENTRIES`` integers.

Permutations follow repkit's convention: a 0-based image list ``p`` with ``p[i]`` the image of
``i``, composed like functions, ``(g h)(i) = g(h(i))``.

References
----------
D. F. Holt, B. Eick, E. A. O'Brien, *Handbook of Computational Group Theory*, Chapman & Hall/CRC
2005, §4.1.1 (Schreier vectors), §4.4 (Algorithm SCHREIERSIMS, §4.4.2) and §4.5 (random
Schreier–Sims, proved complete when the order is known).
Á. Seress, *Permutation Group Algorithms*, Cambridge University Press 2003, §4.2 and §4.4
(shallow Schreier trees).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ..errors import InvalidPermutationError

__all__ = ["StabilizerChain", "schreier_sims", "permutation_group_order", "inverse_base_index"]

_BATCH_ENTRIES = 1 << 21          # at most this many integers per sifted batch
_RANDOM_STOP = 24                  # consecutive trivial random sifts that end the random phase
_DENSE_ENTRIES = 1 << 22          # explicit transversal inverses when |orbit| * degree <= this
_SERIES_GENS = 8                   # try the normal-series order (see _series_chain) up to here
_SEED = 20260127                   # fixed: the output never depends on global random state


def _as_perm(p: Sequence[int], degree: int, where: str) -> np.ndarray:
    arr = np.asarray(list(p), dtype=np.int64)
    if arr.ndim != 1 or arr.size != degree:
        raise InvalidPermutationError(
            f"{where}: expected an image list of length {degree}, got length {arr.size}")
    if degree and (arr.min() < 0 or arr.max() >= degree or np.unique(arr).size != degree):
        raise InvalidPermutationError(
            f"{where}: expected a permutation of 0..{degree - 1}, got {list(map(int, arr))[:20]}")
    return arr.astype(np.intp)


@dataclass(eq=False)
class _Level:
    """One level: base point, generators, and a Schreier vector (HEO §4.1.1) for the orbit.

    ``parent[gamma]`` is the predecessor of ``gamma`` in the Schreier tree (``-1`` outside the
    orbit, the base point is its own parent) and ``label[gamma] = k`` means
    ``gamma = moves[k](parent[gamma])``, so ``u_gamma = moves[k] u_parent`` and
    ``u_gamma^-1 = u_parent^-1 inverse_moves[k]``.  When ``orbit length * degree`` is small the
    inverses ``u_gamma^-1`` are also stored densely (``table`` rows indexed by ``row``).
    """

    point: int
    gens: list[np.ndarray] = field(default_factory=list)
    gen_moves: list[int] = field(default_factory=list)
    orbit: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.intp))
    parent: np.ndarray | None = None
    label: np.ndarray | None = None
    moves: list[np.ndarray] = field(default_factory=list)
    inverse_moves: list[np.ndarray] = field(default_factory=list)
    depth: int = 0
    dist: np.ndarray | None = None
    table: np.ndarray | None = None
    row: np.ndarray | None = None


def _invert(p: np.ndarray) -> np.ndarray:
    inv = np.empty_like(p)
    inv[p] = np.arange(p.size, dtype=p.dtype)
    return inv


def _invert_rows(rows: np.ndarray) -> np.ndarray:
    out = np.empty_like(rows)
    out[np.arange(rows.shape[0])[:, None], rows] = np.arange(rows.shape[1], dtype=rows.dtype)
    return out


def _trace_inverse(lev: _Level, g: np.ndarray, beta: np.ndarray) -> np.ndarray:
    """Return the rows ``u_{beta_r}^-1 g_r`` (``beta_r = g_r(point)`` in the orbit), in place."""
    if lev.table is not None:
        return lev.table[lev.row[beta][:, None], g]
    beta = beta.copy()
    todo = np.flatnonzero(beta != lev.point)
    while todo.size:
        labels = lev.label[beta[todo]]
        for k in np.unique(labels).tolist():
            rows = todo[labels == k]
            g[rows] = lev.inverse_moves[k][g[rows]]
            beta[rows] = lev.parent[beta[rows]]
        todo = todo[beta[todo] != lev.point]
    return g


def _sift_rows(levels: Sequence[_Level], batch: np.ndarray, start: int
               ) -> tuple[np.ndarray, np.ndarray]:
    """Sift the rows of ``batch`` through ``levels[start:]``: residues and drop-out levels."""
    g = batch.copy()
    drop = np.full(g.shape[0], len(levels), dtype=np.int64)
    active = np.arange(g.shape[0])
    for i in range(start, len(levels)):
        if active.size == 0:
            break
        lev = levels[i]
        beta = g[active, lev.point]
        ok = lev.parent[beta] >= 0
        drop[active[~ok]] = i
        active = active[ok]
        g[active] = _trace_inverse(lev, g[active], beta[ok])
    return g, drop


class _ChainBuilder:
    """Mutable working state of one Schreier–Sims run (private; never escapes the module)."""

    def __init__(self, gens: list[np.ndarray], degree: int, *, dense_entries: int) -> None:
        self.degree = degree
        self.dense_entries = dense_entries
        self.identity = np.arange(degree, dtype=np.intp)
        self.rng = np.random.default_rng(_SEED)
        self.levels: list[_Level] = []
        self.strong: list[np.ndarray] = []
        self._shared: dict[int, tuple[np.ndarray, np.ndarray]] = {}   # id(strong gen) -> moves
        self.dense_used = 0             # entries in all dense tables (bounded by dense_entries)
        for g in gens:
            if not np.array_equal(g, self.identity):
                self.add(g, self._first_unfixed_level(g))

    def _first_unfixed_level(self, g: np.ndarray) -> int:
        for i, lev in enumerate(self.levels):
            if g[lev.point] != lev.point:
                return i
        return len(self.levels)

    def add(self, g: np.ndarray, depth: int) -> None:
        """Add ``g`` (fixing the first ``depth`` base points) to ``S^(0..depth)``."""
        if depth == len(self.levels):
            moved = int(np.flatnonzero(g != self.identity)[0])
            self.levels.append(_Level(point=moved))
        self.strong.append(g)
        for lev in self.levels[: depth + 1]:
            lev.gens.append(g)
            lev.gen_moves.append(len(lev.moves))
            self._add_move(lev, g, shared=True)
            if lev.parent is None or bool(np.any(lev.parent[g[lev.orbit]] < 0)):
                self._rebuild(lev)           # the orbit grew (otherwise the tree stays valid)

    def _add_move(self, lev: _Level, m: np.ndarray, *, shared: bool = False) -> None:
        # a strong generator's compact copy and inverse are stored once and shared by levels
        pair = self._shared.get(id(m)) if shared else None
        if pair is None:
            small = np.int32 if self.degree < 2**31 else np.intp
            pair = (m.astype(small), _invert(m).astype(small))
            if shared:
                self._shared[id(m)] = pair
        lev.moves += list(pair)
        lev.inverse_moves += [pair[1], pair[0]]

    def _tree(self, lev: _Level, limit: int | None = None) -> bool:
        """Breadth-first Schreier tree of ``lev.point`` under all moves (labels and inverses).

        Layered, in numpy: ``O(|orbit| * len(moves))`` work, ``O(degree)`` memory.  Returns
        ``False`` (leaving the level unchanged) as soon as the tree gets deeper than ``limit``.
        """
        n = self.degree
        parent = np.full(n, -1, dtype=np.intp)
        label = np.full(n, -1, dtype=np.intp)
        dist = np.zeros(n, dtype=np.int64)
        parent[lev.point] = lev.point
        frontier = np.array([lev.point], dtype=np.intp)
        layers = [frontier]
        depth = 0
        while True:
            parts = []
            for k, m in enumerate(lev.moves):
                img = m[frontier]
                fresh = parent[img] < 0
                img, src = img[fresh], frontier[fresh]
                img, first = np.unique(img, return_index=True)
                parent[img] = src[first]
                label[img] = k
                parts.append(img)
            frontier = np.concatenate(parts).astype(np.intp)
            if frontier.size == 0:
                break
            depth += 1
            if limit is not None and depth > limit:
                return False
            dist[frontier] = depth
            layers.append(frontier)
        lev.orbit, lev.parent, lev.label = np.concatenate(layers), parent, label
        lev.dist, lev.depth = dist, depth
        return True

    def _orbit_size(self, lev: _Level) -> int:
        n = self.degree
        gens = [m for m in lev.moves[0::2]]
        from scipy.sparse import csr_matrix
        from scipy.sparse.csgraph import connected_components
        graph = csr_matrix((np.ones(n * len(gens)), np.stack(gens, axis=1).ravel(),
                            np.arange(0, n * len(gens) + 1, len(gens))), shape=(n, n))
        _, comp = connected_components(graph, directed=True, connection="weak")
        return int(np.count_nonzero(comp == comp[lev.point]))

    def _rebuild(self, lev: _Level) -> None:
        size = self._orbit_size(lev)
        if lev.table is not None:
            self.dense_used -= lev.table.size
        lev.table = lev.row = None
        if self.dense_used + size * self.degree <= self.dense_entries:
            self.dense_used += size * self.degree
            self._tree(lev)
            self._fill_table(lev)
            return
        # Schreier-vector mode: keep the tree shallow, since sifting costs depth * degree
        bound = max(4, 2 * math.ceil(math.log2(max(size, 2))))
        cap = 4 * math.ceil(math.log2(max(size, 2))) + 16
        while not self._tree(lev, bound):
            if len(lev.moves) // 2 - len(lev.gens) >= cap:
                self._tree(lev)
                break
            self._add_shortcuts(lev)

    def _add_shortcuts(self, lev: _Level) -> None:
        """A random subproduct of the labels and its square (Seress §4.4.2, cube doubling)."""
        z = self.identity
        for m in lev.moves[0::2]:
            if self.rng.random() < 0.5:
                z = m[z]
        for w in (z, z[z]):
            if not np.array_equal(w, self.identity):
                self._add_move(lev, w)

    def _fill_table(self, lev: _Level) -> None:
        size = lev.orbit.size
        row = np.full(self.degree, -1, dtype=np.intp)
        row[lev.orbit] = np.arange(size)
        table = np.empty((size, self.degree), dtype=np.intp)
        table[0] = self.identity
        depth = lev.dist[lev.orbit]
        for d in range(1, lev.depth + 1):
            layer = lev.orbit[depth == d]          # parents (depth d - 1) are already filled
            labels = lev.label[layer]
            for k in np.unique(labels).tolist():
                pts = layer[labels == k]
                table[row[pts]] = table[row[lev.parent[pts]]][:, lev.inverse_moves[k]]
        lev.table, lev.row = table, row

    def sift(self, batch: np.ndarray, start: int) -> tuple[np.ndarray, np.ndarray]:
        """Sift the rows of ``batch`` through levels ``start..``; return residues and drop levels."""
        return _sift_rows(self.levels, batch, start)

    def first_residue(self, batch: np.ndarray, start: int) -> tuple[np.ndarray, int] | None:
        res, drop = self.sift(batch, start)
        nontrivial = np.flatnonzero((drop < len(self.levels))
                                    | np.any(res != self.identity[None, :], axis=1))
        if nontrivial.size == 0:
            return None
        r = int(nontrivial[0])
        return res[r], int(drop[r])

    def random_phase(self, steps: int = _RANDOM_STOP) -> None:
        """Random Schreier–Sims (HEO §4.5) with a fixed seed; only a speed-up, never trusted.

        Stops after ``steps`` consecutive random elements sift to the identity.
        """
        if not self.strong:
            return
        rng = np.random.default_rng(_SEED)
        pool = [s.copy() for s in self.strong]
        while len(pool) < 10:
            pool.append(pool[len(pool) % len(self.strong)].copy())
        acc = self.identity.copy()

        def step() -> np.ndarray:
            nonlocal acc
            a, b = rng.choice(len(pool), size=2, replace=False)
            pool[a] = pool[a][pool[b]] if rng.random() < 0.5 else pool[b][pool[a]]
            acc = acc[pool[a]]
            return acc

        for _ in range(40):
            step()
        trivial = 0
        while trivial < steps:
            found = self.first_residue(step()[None, :], 0)
            if found is None:
                trivial += 1
            else:
                trivial = 0
                self.add(*found)

    def schreier_generators(self, i: int):
        """Yield batches ``s u_b`` for level ``i``; sifting them from level ``i`` on gives the
        Schreier generators ``u_{s b}^-1 s u_b``.  Tree edges (trivial generators) are skipped."""
        lev = self.levels[i]
        orbit = lev.orbit
        rows = max(1, _BATCH_ENTRIES // max(1, self.degree))
        gens = list(lev.gens)
        for s, k in zip(gens, list(lev.gen_moves)):
            # s is moves[k]: the edge b -> s(b) is a tree edge when label[s(b)] == k
            keep = ~((lev.label[s[orbit]] == k) & (lev.parent[s[orbit]] == orbit))
            pts = orbit[keep]
            for lo in range(0, pts.size, rows):
                b = pts[lo:lo + rows]
                ident = np.broadcast_to(self.identity, (b.size, self.degree)).copy()
                u_inv = _trace_inverse(lev, ident, b)
                yield s[_invert_rows(u_inv)]

    def verify(self) -> None:
        """Deterministic completion (HEO Algorithm SCHREIERSIMS, §4.4.2)."""
        i = len(self.levels) - 1
        while i >= 0:
            restart = None
            for batch in self.schreier_generators(i):
                found = self.first_residue(batch, i)
                if found is not None:
                    restart = found
                    break
            if restart is None:
                i -= 1
                continue
            h, depth = restart
            self.add(h, depth)
            i = depth


@dataclass(frozen=True, eq=False)
class StabilizerChain:
    """A base and strong generating set of a permutation group (result of :func:`schreier_sims`).

    Attributes
    ----------
    degree : int
        Number of points acted on.
    base : tuple of int
        Base points ``b_0, ..., b_{k-1}``.
    orbit_sizes : tuple of int
        ``|b_i^{G^(i)}|``; their product is the group order.
    strong_generators : tuple of tuple of int
        A strong generating set (image lists), containing the non-identity input generators.

    Examples
    --------
    >>> ch = schreier_sims([[1, 2, 3, 0], [1, 0, 2, 3]])
    >>> ch.order == 24 and ch.contains([3, 2, 1, 0]) and len(ch.base) == 3
    True
    """

    degree: int
    base: tuple[int, ...]
    orbit_sizes: tuple[int, ...]
    strong_generators: tuple[tuple[int, ...], ...]
    _levels: tuple[_Level, ...] = field(repr=False)

    @property
    def order(self) -> int:
        """The group order ``prod(orbit_sizes)`` (a Python int, exact for any size).

        Examples
        --------
        >>> schreier_sims([[1, 2, 0, 4, 3]]).order
        6
        """
        return math.prod(self.orbit_sizes)

    def contains(self, perm: Sequence[int]) -> bool:
        """Whether ``perm`` lies in the group, by sifting through the chain.

        Parameters
        ----------
        perm : sequence of int
            An image list of length ``degree``.

        Returns
        -------
        bool

        Raises
        ------
        InvalidPermutationError
            If ``perm`` is not a permutation of ``0..degree-1``.

        Notes
        -----
        Cost ``O(len(base) * degree * d)`` with ``d`` the Schreier-tree depth, ``O(log degree)``
        (HEO §4.4.1, procedure SIFT; §4.1.1, tracing Schreier vectors).

        Examples
        --------
        >>> ch = schreier_sims([[1, 2, 3, 0]])          # the cyclic group C4
        >>> ch.contains([2, 3, 0, 1]), ch.contains([1, 0, 2, 3])
        (True, False)
        """
        g = _as_perm(perm, self.degree, "perm")
        res, drop = _sift_rows(self._levels, g[None, :], 0)
        return bool(drop[0] == len(self._levels) and np.array_equal(res[0], np.arange(self.degree)))


def schreier_sims(generators: Sequence[Sequence[int]], *,
                  degree: int | None = None) -> StabilizerChain:
    """Compute a base and strong generating set of the group generated by ``generators``.

    Parameters
    ----------
    generators : sequence of image lists
        Permutations of ``0..degree-1`` (``p[i]`` is the image of ``i``).
    degree : int, optional
        Number of points; required only when ``generators`` is empty.

    Returns
    -------
    StabilizerChain

    Raises
    ------
    InvalidPermutationError
        If a generator is not a permutation or the lengths differ.

    Notes
    -----
    A seeded random Schreier–Sims phase (HEO §4.5) builds a candidate chain quickly; it is then
    completed and proved correct by the deterministic algorithm SCHREIERSIMS (HEO §4.4.2,
    Seress §4.2): every Schreier generator of every level is sifted (in numpy batches) and
    any non-trivial residue is added.  The result therefore never depends on chance, and the
    fixed seed makes the base and strong generators reproducible.  When the chain order already
    equals the trivial upper bound ``prod_O |O|!`` over the orbits ``O`` (halved when every
    generator is even and the group is transitive), the check is skipped: ``S_n`` and ``A_n``
    need no verification.  Likewise when the generators can be ordered so that each normalizes
    the group generated by the previous ones (cyclic, abelian, dihedral, lattice translations):
    the order is then known exactly from element orders and a few sifts, and a random-phase
    chain reaching it is complete (HEO §4.5).  Cost of the verification:
    ``O(sum_i |Delta_i| |S^(i)| k n d)`` for base length ``k``, degree ``n`` and Schreier-tree
    depth ``d = O(log n)`` (``d = 1`` for the small levels that keep explicit transversals).
    Memory: ``O(n log n)`` integers per level (Schreier vectors and tree labels), never
    ``n^2``; ``dihedral(50000)`` needs about 25 MB.

    Examples
    --------
    >>> import math
    >>> n = 12
    >>> cycle = list(range(1, n)) + [0]
    >>> schreier_sims([cycle, [1, 0] + list(range(2, n))]).order == math.factorial(n)
    True
    >>> schreier_sims([[1, 2, 0, 3, 4], [0, 1, 3, 4, 2]]).order   # A5 from two 3-cycles
    60
    """
    gens_list = list(generators)
    if degree is None:
        if not gens_list:
            raise InvalidPermutationError(
                "generators: expected at least one permutation or an explicit degree, got none")
        degree = len(list(gens_list[0]))
    gens = [_as_perm(g, degree, f"generators[{k}]") for k, g in enumerate(gens_list)]
    return _schreier_sims(gens, degree, _DENSE_ENTRIES)


def _schreier_sims(gens: list[np.ndarray], degree: int, dense_entries: int) -> StabilizerChain:
    """:func:`schreier_sims` on validated arrays; ``dense_entries`` selects the level mode."""
    builder = _series_chain(gens, degree, dense_entries)
    if builder is None:
        builder = _ChainBuilder(gens, degree, dense_entries=dense_entries)
        builder.random_phase()
        if _chain_order(builder) != _order_upper_bound(gens, degree):
            builder.verify()
    for lev in builder.levels:
        lev.dist = None
        for arr in (lev.orbit, lev.parent, lev.label, lev.table, lev.row, *lev.moves):
            if arr is not None:
                arr.setflags(write=False)
    return StabilizerChain(
        degree=degree,
        base=tuple(lev.point for lev in builder.levels),
        orbit_sizes=tuple(int(lev.orbit.size) for lev in builder.levels),
        strong_generators=tuple(tuple(int(x) for x in s) for s in builder.strong),
        _levels=tuple(builder.levels),
    )


def _chain_order(builder: _ChainBuilder) -> int:
    return math.prod(int(lev.orbit.size) for lev in builder.levels)


def _element_order_factors(g: np.ndarray) -> tuple[int, list[int]]:
    """Order of ``g`` (lcm of its cycle lengths) and the primes dividing it."""
    n = g.size
    if n == 0:
        return 1, []
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import connected_components
    graph = csr_matrix((np.ones(n, dtype=np.int8), g.astype(np.int64), np.arange(n + 1)),
                       shape=(n, n))
    _, comp = connected_components(graph, directed=True, connection="weak")
    lengths = set(np.bincount(comp).tolist())
    order, primes = 1, set()
    for length in lengths:
        order = math.lcm(order, length)
        q, f = length, 2
        while f * f <= q:
            while q % f == 0:
                primes.add(f)
                q //= f
            f += 1
        if q > 1:
            primes.add(q)
    return order, sorted(primes)


def _power(g: np.ndarray, e: int) -> np.ndarray:
    result, base = np.arange(g.size, dtype=np.intp), g
    while e:
        if e & 1:
            result = base[result]
        base = base[base]
        e >>= 1
    return result


def _series_chain(gens: list[np.ndarray], degree: int, dense_entries: int
                  ) -> _ChainBuilder | None:
    """A proved-complete chain when the generators can be ordered ``s_1, ..., s_m`` with each
    ``s_k`` normalizing ``H_{k-1} = <s_1, ..., s_{k-1}>``; otherwise ``None``.

    Then ``|H_k| = |H_{k-1}| d_k`` with ``d_k`` the least ``d`` such that ``s_k^d`` lies in
    ``H_{k-1}`` (decided by sifting in the complete chain of ``H_{k-1}``), so the order is known
    exactly and a random-phase chain reaching it is complete: no Schreier generator is sifted.
    Cyclic, abelian, dihedral and other polycyclic generating sets (lattice translations)
    thus cost ``O(m^2)`` sifts instead of ``O(|orbit| m)`` (HEO §4.4.5, known order).
    """
    identity = np.arange(degree, dtype=np.intp)
    remaining = [g for g in gens if not np.array_equal(g, identity)]
    if len(remaining) > _SERIES_GENS:
        return None
    chosen: list[np.ndarray] = []
    skipped: list[np.ndarray] = []
    sub: _ChainBuilder | None = None
    order = 1

    def member(builder: _ChainBuilder | None, g: np.ndarray) -> bool:
        if builder is None:
            return bool(np.array_equal(g, identity))
        return builder.first_residue(g[None, :], 0) is None

    while remaining:
        pick = None
        for s in remaining:
            if member(sub, s):
                pick = s
                break
            s_inv = _invert(s)
            if all(member(sub, s[h[s_inv]]) for h in chosen):
                pick = s
                break
        if pick is None:
            return None
        remaining = [g for g in remaining if g is not pick]
        if member(sub, pick):
            skipped.append(pick)
            continue
        d, primes = _element_order_factors(pick)
        for p in primes:
            while d % p == 0 and member(sub, _power(pick, d // p)):
                d //= p
        order *= d
        chosen.append(pick)
        sub = _ChainBuilder(chosen, degree, dense_entries=dense_entries)
        sub.random_phase()
        if _chain_order(sub) != order:
            sub.random_phase(steps=8 * _RANDOM_STOP)
        if _chain_order(sub) != order:
            return None
    if sub is not None:
        for g in skipped:                   # strong generators contain every input generator
            sub.add(g, sub._first_unfixed_level(g))
    return sub


def _order_upper_bound(gens: list[np.ndarray], degree: int) -> int:
    """``prod |O|!`` over the orbits of ``<gens>``, halved for a transitive group of even gens."""
    parent = list(range(degree))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for g in gens:
        for i, j in enumerate(g.tolist()):
            ri, rj = find(i), find(j)
            if ri != rj:
                parent[ri] = rj
    sizes: dict[int, int] = {}
    for x in range(degree):
        r = find(x)
        sizes[r] = sizes.get(r, 0) + 1
    bound = math.prod(math.factorial(s) for s in sizes.values())
    if len(sizes) == 1 and degree > 1 and all(_is_even(g) for g in gens):
        bound //= 2
    return bound


def _is_even(g: np.ndarray) -> bool:
    seen = np.zeros(g.size, dtype=bool)
    transpositions = 0
    for start in range(g.size):
        if seen[start]:
            continue
        length = 0
        x = start
        while not seen[x]:
            seen[x] = True
            x = int(g[x])
            length += 1
        transpositions += length - 1
    return transpositions % 2 == 0


def permutation_group_order(generators: Sequence[Sequence[int]], *,
                            degree: int | None = None) -> int:
    """Order of the permutation group generated by ``generators`` (via :func:`schreier_sims`).

    Parameters
    ----------
    generators : sequence of image lists
    degree : int, optional
        Needed only when ``generators`` is empty.

    Returns
    -------
    int

    Notes
    -----
    See :func:`schreier_sims` (HEO §4.4); no element list is ever built.

    Examples
    --------
    >>> import math
    >>> permutation_group_order([list(range(1, 64)) + [0], [1, 0] + list(range(2, 64))]) \\
    ...     == math.factorial(64)
    True
    """
    return schreier_sims(generators, degree=degree).order


def inverse_base_index(base: np.ndarray, permutations: Sequence[Sequence[int]],
                       parent: np.ndarray, letter: np.ndarray,
                       layers: Sequence[tuple[int, int]]) -> dict[bytes, int]:
    """Element numbers keyed by the bytes of ``g^-1(base)`` (intp array), for an enumerated group.

    Parameters
    ----------
    base : numpy.ndarray
        A base of the group (intp).
    permutations : sequence of image lists
        The generators.
    parent, letter : numpy.ndarray
        The BFS spanning tree, ``g = parent[g] * letter[g]`` (letters ``+-(i+1)``).
    layers : sequence of (start, end)
        The BFS layers (element ranges).

    Returns
    -------
    dict

    Notes
    -----
    ``g = u x`` gives ``g^-1(b) = x^-1(u^-1(b))``: one gather per letter and layer,
    ``O(|G| |base|)``. An element is determined by the images of a base (HEO §4.4), hence by
    those of its inverse.

    Examples
    --------
    >>> import repkit as rk
    >>> G = rk.Group.from_permutations({"c": [1, 2, 0]})
    >>> base = np.array([0], dtype=np.intp)
    >>> index = inverse_base_index(base, [[1, 2, 0]], *G.spanning_tree, G._layers)
    >>> sorted(index.values()) == [0, 1, 2]
    True
    """
    forward = [np.asarray(q, dtype=np.intp) for q in permutations]
    backward = [np.argsort(q) for q in forward]
    order = int(parent.size)
    keys = np.empty((order, base.size), dtype=np.intp)
    keys[0] = base
    for start, end in layers[1:]:
        par = parent[start:end]
        lets = letter[start:end]
        block = keys[start:end]
        for i in range(len(forward)):
            for value, inverse_of_x in ((i + 1, backward[i]), (-(i + 1), forward[i])):
                mask = lets == value
                if mask.any():
                    block[mask] = inverse_of_x[keys[par[mask]]]
    return {keys[g].tobytes(): g for g in range(order)}
