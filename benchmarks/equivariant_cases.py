"""The case list of the equivariant-basis benchmarks (read by bench_equivariant.py and bench_emlp.py).

Plain data: each `Case` names a group family and size, the representation pair and the dimension
of ``Hom_G`` when it is known in closed form; ``build()`` turns it into repkit representations.

Families (``family``, ``size``):

* ``"S"``, n -- ``repkit.symmetric(n)``; ``"Z"``, n -- ``repkit.cyclic(n)``; ``"D"``, k --
  ``repkit.dihedral(k)`` (on the k vertices for ``V``, or its 2-d rotation representation for
  ``rot``); ``"ZxZ"``, L -- ``repkit.translations((L, L))``; ``"S4"``/``"A5"`` -- ``symmetric(4)``,
  ``alternating(5)`` with their irreducibles.

Representation kinds (``rep``): ``"V"`` (the natural permutation action, V -> V), ``"V2"``
(V (x) V -> V (x) V), ``"rot^k"`` (the k-th tensor power of the dihedral rotation representation,
to itself), ``"irr:d"`` (a direct sum of irreducibles of total dimension d, every irreducible
repeated in turn and the trivial one filling up, to the same summands in reverse order).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["Case", "CASES", "irreducible_sum_plan"]


@dataclass(frozen=True)
class Case:
    """One benchmark case (plain data) and how to build its representations."""

    name: str
    family: str
    size: int
    rep: str
    expected_dim: int | None = None
    quick: bool = False

    @property
    def permutation(self) -> bool:
        """Whether both representations are permutation representations (orbital path)."""
        return self.rep in ("V", "V2")

    def build(self) -> tuple[Any, Any]:
        """``(rho_in, rho_out)`` as repkit representations."""
        import repkit as rk

        if self.rep.startswith("rot^"):
            R = rk.dihedral_rotation(self.size)
            k = int(self.rep[4:])
            return R ** k, R ** k
        if self.rep.startswith("irr:"):
            G = rk.symmetric(4) if self.family == "S4" else rk.alternating(5)
            irr = G.irreps()
            plan = irreducible_sum_plan([r.dim for r in irr], int(self.rep[4:]))
            summands = [irr[i] for i in plan]
            rho_in = summands[0]
            for r in summands[1:]:
                rho_in = rho_in + r
            rho_out = summands[-1]
            for r in reversed(summands[:-1]):
                rho_out = rho_out + r
            return rho_in, rho_out
        G = {"S": rk.symmetric, "Z": rk.cyclic, "D": rk.dihedral,
             "ZxZ": lambda L: rk.translations((L, L))}[self.family](self.size)
        V = rk.natural(G)
        if self.rep == "V2":
            V = V @ V
        return V, V


def irreducible_sum_plan(dims: list[int], total: int) -> list[int]:
    """Indices of irreducibles (cycling through all of them, then trivial ones) of total dimension."""
    plan: list[int] = []
    acc = 0
    while acc + sum(dims) <= total:
        plan.extend(range(len(dims)))
        acc += sum(dims)
    for i, d in enumerate(dims):
        if acc + d <= total and i > 0:
            plan.append(i)
            acc += d
    plan.extend([0] * (total - acc))          # index 0 is the trivial representation
    return plan


def _irr_dim(family: str, total: int) -> int:
    dims = {"S4": [1, 1, 2, 3, 3], "A5": [1, 3, 3, 4, 5]}[family]
    plan = irreducible_sum_plan(dims, total)
    return sum(plan.count(i) ** 2 for i in range(len(dims)))


CASES: list[Case] = [
    *(Case(f"S{n} V->V", "S", n, "V", 2, quick=n <= 16) for n in (4, 8, 16, 32, 64)),
    *(Case(f"S{n} V2->V2", "S", n, "V2", 14 if n == 3 else 15, quick=n <= 8)
      for n in (3, 4, 5, 6, 7, 8, 16, 32, 64)),
    *(Case(f"Z{n} V->V", "Z", n, "V", n, quick=n <= 256) for n in (4, 16, 64, 256, 1024)),
    *(Case(f"D{k} V->V", "D", k, "V", k // 2 + 1, quick=k <= 64) for k in (4, 16, 64, 256)),
    *(Case(f"Z{L}xZ{L} V->V", "ZxZ", L, "V", L * L, quick=L <= 16) for L in (4, 8, 16, 32, 64)),
    # dim End(rot^k) = (1/|G|) sum_g chi(g)^(2k): D4 has chi = 2, -2 on e, r^2 (0 elsewhere);
    # D6 has chi = 2, 1, 1, -1, -1, -2 on the rotations (0 on reflections)
    *(Case(f"D4 rot^{k}", "D", 4, f"rot^{k}", 4 ** (k - 1), quick=k <= 4) for k in range(1, 7)),
    *(Case(f"D6 rot^{k}", "D", 6, f"rot^{k}", (2 * 4 ** k + 4) // 12, quick=k <= 4) for k in range(1, 7)),
    *(Case(f"S4 irr:{d}", "S4", 4, f"irr:{d}", _irr_dim("S4", d), quick=d <= 64) for d in (16, 64, 256)),
    *(Case(f"A5 irr:{d}", "A5", 5, f"irr:{d}", _irr_dim("A5", d), quick=d <= 64) for d in (16, 64, 256)),
]
