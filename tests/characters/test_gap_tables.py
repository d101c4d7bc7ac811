"""Character tables against GAP 4.12 (tests/data/characters_gap.json, from characters_gap.g).

GAP's permutations act on the right; repkit takes the inverse permutation of each image list,
which makes GAP's product ``g*h`` repkit's ``g h``, so GAP's class representative words (in
the same generator names) evaluate to representatives of the same classes in repkit.
"""

from __future__ import annotations

import json
import pathlib
from collections import Counter
from typing import Any

import pytest

import repkit as rk

DATA = json.loads((pathlib.Path(__file__).resolve().parent.parent / "data"
                   / "characters_gap.json").read_text())
ENTRIES = {entry["name"]: entry for entry in DATA["groups"]}

pytestmark = pytest.mark.gap


def _from_gap(entry: dict[str, Any]) -> Any:
    perms = {}
    for name, images in zip(entry["generators"], entry["permutations_1based_right_action"]):
        inverse = [0] * len(images)
        for i, image in enumerate(images):
            inverse[image - 1] = i
        perms[name] = inverse
    return rk.Group.from_permutations(perms)


@pytest.mark.parametrize("name", list(ENTRIES))
def test_table_matches_gap(name: str) -> None:
    entry = ENTRIES[name]
    group = _from_gap(entry)
    table = group.character_table()
    assert group.order == entry["order"]
    columns = [int(group.class_of[group.element(w)]) for w in entry["class_words"]]
    assert sorted(columns) == list(range(len(table)))           # a bijection of classes
    assert [table.class_sizes[k] for k in columns] == entry["class_sizes"]
    assert [table.element_orders[k] for k in columns] == entry["element_orders"]
    gap_rows = Counter(
        (tuple(rk.Cyclotomic.from_gap(v) for v in row), nu)
        for row, nu in zip(entry["irreducibles"], entry["indicators"])
    )
    ours = Counter(
        (tuple(rk.Cyclotomic(chi[k]) for k in columns), nu)
        for chi, nu in zip(table, table.indicators)
    )
    assert ours == gap_rows


def test_reference_data_covers_the_required_groups() -> None:
    assert {"S3", "D4", "Q8", "A4", "S4", "A5", "Z5", "Z12"} <= set(ENTRIES)
    assert DATA["generated_by"].startswith("GAP 4.12")
