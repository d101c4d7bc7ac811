"""Loaders for the GAP reference data in ``tests/data`` (each JSON file has its ``.g`` script)."""

from __future__ import annotations

import json
import pathlib
from typing import Any

__all__ = ["DATA", "load_gap_groups"]

DATA = pathlib.Path(__file__).resolve().parent / "data"


def load_gap_groups() -> list[dict[str, Any]]:
    """The GAP reference data of ``tests/data/groups_gap.json`` (see ``groups_gap.g``)."""
    with open(DATA / "groups_gap.json", encoding="utf-8") as fh:
        return list(json.load(fh)["groups"])
