"""Shared fixtures: small groups with known invariants, built both ways (presentation, permutations).

``KNOWN_GROUPS`` lists groups with facts from the literature (orders, numbers of classes, centre
and derived subgroup orders); the ``known_group`` fixture is parametrized over them with readable
ids, and ``small_group`` over a handful of small groups for brute-force checks.
"""

from __future__ import annotations

import json
import pathlib
import sys
from dataclasses import dataclass
from typing import Any

import pytest

# pytest runs in importlib mode (pyproject.toml), so test modules do not see their siblings:
# tests/strategies.py is imported as ``strategies`` from every test directory, and each layer's
# shared test helpers (tests/<layer>/*_helpers.py, *_catalog.py, ...) by their module name.
_TESTS = pathlib.Path(__file__).resolve().parent
for _path in [_TESTS, *sorted(p for p in _TESTS.iterdir() if p.is_dir() and p.name != "data")]:
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

import repkit as rk  # noqa: E402

DATA = pathlib.Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class KnownGroup:
    """A group description and its known invariants."""

    name: str
    presentation: str | None = None
    permutations: dict[str, list[int]] | None = None
    order: int = 0
    nclasses: int = 0
    center: int = 0
    derived: int = 0
    exponent: int = 0

    def build(self) -> rk.FiniteGroup:
        if self.presentation is not None:
            return rk.Group.from_presentation(self.presentation)
        assert self.permutations is not None
        return rk.Group.from_permutations(self.permutations)


def _cycle(n: int) -> list[int]:
    return list(range(1, n)) + [0]


def _swap(n: int) -> list[int]:
    return [1, 0] + list(range(2, n))


KNOWN_GROUPS = [
    KnownGroup("C1", "<a | a>", None, 1, 1, 1, 1, 1),
    KnownGroup("C5", "<a | a^5>", None, 5, 5, 5, 1, 5),
    KnownGroup("V4", "<a, b | a^2, b^2, (a b)^2>", None, 4, 4, 4, 1, 2),
    KnownGroup("S3-pres", "<s, t | s^2, t^2, (s t)^3>", None, 6, 3, 1, 3, 6),
    KnownGroup("S3-perm", None, {"s": [1, 0, 2], "c": [1, 2, 0]}, 6, 3, 1, 3, 6),
    KnownGroup("D4-pres", "<r, f | r^4, f^2, (r f)^2>", None, 8, 5, 2, 2, 4),
    KnownGroup("D4-perm", None, {"r": [1, 2, 3, 0], "f": [0, 3, 2, 1]}, 8, 5, 2, 2, 4),
    KnownGroup("Q8", "<i, j | i^4, i^2 = j^2, j^-1 i j = i^-1>", None, 8, 5, 2, 2, 4),
    KnownGroup("D6", "<r, f | r^6, f^2, (r f)^2>", None, 12, 6, 2, 3, 6),
    KnownGroup("A4-pres", "<a, b | a^2, b^3, (a b)^3>", None, 12, 4, 1, 4, 6),
    KnownGroup("A4-perm", None, {"x": [1, 2, 0, 3], "y": [0, 2, 3, 1]}, 12, 4, 1, 4, 6),
    KnownGroup("S4-pres", "<a, b | a^2, b^3, (a b)^4>", None, 24, 5, 1, 12, 12),
    KnownGroup("S4-perm", None, {"c": _cycle(4), "t": _swap(4)}, 24, 5, 1, 12, 12),
    KnownGroup("A5-pres", "<a, b | a^2, b^3, (a b)^5>", None, 60, 5, 1, 60, 30),
    KnownGroup("A5-perm", None, {"x": [1, 2, 0, 3, 4], "y": [0, 1, 3, 4, 2]}, 60, 5, 1, 60, 30),
    KnownGroup("S5-perm", None, {"c": _cycle(5), "t": _swap(5)}, 120, 7, 1, 60, 60),
]


@pytest.fixture(params=KNOWN_GROUPS, ids=lambda k: k.name)
def known_group(request: pytest.FixtureRequest) -> tuple[rk.FiniteGroup, KnownGroup]:
    """A freshly built group from ``KNOWN_GROUPS`` together with its known invariants."""
    facts: KnownGroup = request.param
    return facts.build(), facts


SMALL = ["S3-pres", "S3-perm", "D4-pres", "Q8", "A4-perm", "D6"]


@pytest.fixture(params=SMALL)
def small_group(request: pytest.FixtureRequest) -> rk.FiniteGroup:
    """A group of order at most 12 (for brute-force checks over all pairs or words)."""
    return next(k for k in KNOWN_GROUPS if k.name == request.param).build()


