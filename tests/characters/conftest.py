"""Session fixture for the character tests: groups of ``character_families`` built lazily."""

from __future__ import annotations

from typing import Any

import pytest
from character_families import BUILDERS


@pytest.fixture(scope="session")
def families() -> dict[str, Any]:
    """Lazily built groups by id (a dict filled on first use of each id)."""
    return _LazyGroups()


class _LazyGroups(dict):  # type: ignore[type-arg]
    def __missing__(self, key: str) -> Any:
        group = BUILDERS[key]()
        self[key] = group
        return group
