"""Generate tests/data/emlp_reference.json with EMLP itself (run in EMLP's own environment).

    bash benchmarks/emlp_env.sh                                   # once
    /work/.venv-emlp/bin/python tests/data/make_emlp_reference.py

For each EMLP group below it records the dense generator matrices (``to_dense()`` of EMLP's
``discrete_generators``, exactly as EMLP stores them, float32/float64) and EMLP's equivariant
basis ``Q`` of ``V >> V`` and ``V**2 >> V``. tests/test_interop.py reads the generators with
``repkit.interop.group_from_emlp`` and checks that repkit's exact basis, in EMLP's layout
(``basis_to_emlp``), spans the same space as EMLP's ``Q``. This script imports EMLP and NumPy
only, never repkit.
"""

from __future__ import annotations

import json
import pathlib

import numpy as np

__all__ = ["CASES", "main"]

HERE = pathlib.Path(__file__).resolve().parent
#: EMLP group constructors by name (``emlp.groups`` is imported in :func:`main` only, so that
#: collecting this file in repkit's own environment needs no EMLP).
CASES = {"S(4)": ("S", 4), "Z(5)": ("Z", 5), "S(3)": ("S", 3), "D(4)": ("D", 4)}


def main() -> None:
    import emlp
    import emlp.groups
    from emlp.reps import V

    records = []
    for name, (family, n) in CASES.items():
        G = getattr(emlp.groups, family)(n)
        gens = [np.asarray(g.to_dense() if hasattr(g, "to_dense") else g)
                for g in G.discrete_generators]
        record = {"name": name, "generators": [g.tolist() for g in gens],
                  "dtype": str(gens[0].dtype)}
        for label, (rin, rout) in {"V->V": (V, V), "V2->V": (V**2, V)}.items():
            Q = np.asarray((rin(G) >> rout(G)).equivariant_basis())
            record[label] = Q.tolist()
        records.append(record)
    out = {"generated_by": f"EMLP {emlp.__version__}, tests/data/make_emlp_reference.py",
           "groups": records}
    (HERE / "emlp_reference.json").write_text(json.dumps(out) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
