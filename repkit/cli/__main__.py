"""``python -m repkit.cli``: the same as the ``repkit`` command."""

from __future__ import annotations

from .app import main

__all__: list[str] = []

raise SystemExit(main())
