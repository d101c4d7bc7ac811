"""repkit.groups (see docs/architecture.md)."""

__all__: list[str] = []
