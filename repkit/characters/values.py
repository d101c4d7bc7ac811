"""``ValueTuple``: an immutable tuple of table data that also equals the list of its items.

Character-table data (degrees, indicators, faithfulness flags, multiplicities) are stored as
tuples so that the objects carrying them stay immutable, while the documented public contract
speaks of "lists of ints": ``T.degrees == [1, 1, 2]`` and ``T.degrees == (1, 1, 2)`` both hold.

Examples
--------
>>> v = ValueTuple([1, 1, 2])
>>> v == [1, 1, 2] and [1, 1, 2] == v and v == (1, 1, 2) and sum(v) == 4
True
"""

from __future__ import annotations

from typing import Any

__all__ = ["ValueTuple"]


class ValueTuple(tuple):  # type: ignore[type-arg]
    """A tuple that compares equal to a list with the same items (and to equal tuples).

    Notes
    -----
    Only ``==``/``!=`` change; hashing, ordering, indexing and ``repr`` are those of ``tuple``.
    Lists are unhashable, so equality with them cannot break the hash contract.

    Examples
    --------
    >>> ValueTuple((1, 0, -1)) != [1, 0, 1]
    True
    """

    __slots__ = ()

    def __eq__(self, other: Any) -> bool:
        if isinstance(other, list):
            return tuple(self) == tuple(other)
        return tuple.__eq__(self, other)

    def __ne__(self, other: Any) -> bool:
        return not self == other

    __hash__ = tuple.__hash__
