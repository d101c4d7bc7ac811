"""Convert the output of gap_cyclotomics.g (GAP 4) to gap_cyclotomics.json.

Usage: gap -q tests/exact/data/gap_cyclotomics.g | python tests/exact/data/make_gap_json.py
"""

from __future__ import annotations

import json
import pathlib
import sys


def main() -> None:
    cases = []
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        n, terms, value, inverse, galois, k = line.split("|")
        cases.append(
            {
                "n": int(n),
                "terms": [[int(e), c] for e, c in (t.split(":") for t in terms.split(","))],
                "value": value,
                "inverse": None if inverse == "none" else inverse,
                "galois": galois,
                "k": int(k),
            }
        )
    out = pathlib.Path(__file__).with_name("gap_cyclotomics.json")
    tmp = out.with_suffix(".json.tmp")
    tmp.write_text(json.dumps({"generator": "gap_cyclotomics.g (GAP 4)", "cases": cases}, indent=1) + "\n")
    tmp.replace(out)


if __name__ == "__main__":
    main()
