"""Character tables as GAP text, out and in.

:func:`character_table_to_gap` writes a table as a GAP record that ``ConvertToCharacterTable``
turns into a GAP character table (class sizes through the centralizer orders, element orders,
the irreducible values in GAP's cyclotomic notation ``E(n)^k``, classes and rows in repkit's
order). :func:`character_table_from_gap` reads such a record, or the plain list of lists that
``Print(List(Irr(T), ValuesOfClassFunction));`` writes, back into exact values. (The human
``Display`` layout is ``str(table)``; see docs/characters.md.)

Examples
--------
>>> import repkit as rk
>>> T = rk.dihedral(4).character_table()
>>> text = character_table_to_gap(T)
>>> "SizesCentralizers := [ 8, 4, 4, 8, 4 ]" in text
True
>>> data = character_table_from_gap(text)
>>> data["irr"] == T.values and data["centralizer_orders"] == T.centralizer_orders
True
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import GapSyntaxError
from ..exact import Cyclotomic, CyclotomicSyntaxError

__all__ = ["character_table_to_gap", "character_table_from_gap", "MAX_TABLE_TEXT"]

#: Longest text :func:`character_table_from_gap` reads.
MAX_TABLE_TEXT = 50_000_000


def _gap_list(values: Any) -> str:
    return "[ " + ", ".join(str(v) for v in values) + " ]"


def character_table_to_gap(table: Any, *, identifier: str = "repkit") -> str:
    """GAP text binding ``T`` to the character table (``ConvertToCharacterTable``).

    Parameters
    ----------
    table : CharacterTable
    identifier : str
        The table's ``Identifier`` in GAP.

    Returns
    -------
    str

    Notes
    -----
    ``O(nclasses^2)`` values written.

    Examples
    --------
    >>> import repkit as rk
    >>> print(character_table_to_gap(rk.cyclic(3).character_table()))
    T := ConvertToCharacterTable( rec(
      UnderlyingCharacteristic := 0,
      Identifier := "repkit",
      SizesCentralizers := [ 3, 3, 3 ],
      OrdersClassRepresentatives := [ 1, 3, 3 ],
      ClassNames := [ "1a", "3a", "3b" ],
      Irr := [
        [ 1, 1, 1 ],
        [ 1, E(3), E(3)^2 ],
        [ 1, E(3)^2, E(3) ] ] ) );
    """
    if not re.fullmatch(r"[A-Za-z0-9_ .:()-]*", identifier):
        raise GapSyntaxError(f"identifier: expected letters, digits, spaces and _.:()-, got "
                             f"{identifier[:60]!r}")
    rows = ",\n    ".join(_gap_list(row) for row in table.values)
    names = ", ".join(f'"{n}"' for n in table.class_names)
    return ("T := ConvertToCharacterTable( rec(\n"
            "  UnderlyingCharacteristic := 0,\n"
            f'  Identifier := "{identifier}",\n'
            f"  SizesCentralizers := {_gap_list(table.centralizer_orders)},\n"
            f"  OrdersClassRepresentatives := {_gap_list(table.element_orders)},\n"
            f"  ClassNames := [ {names} ],\n"
            f"  Irr := [\n    {rows} ] ) );")


def _matching(text: str, start: int) -> int:
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "[":
            depth += 1
        elif text[i] == "]":
            depth -= 1
            if depth == 0:
                return i
    raise GapSyntaxError(f"text: expected ']' closing the list opened at character {start + 1}")


def _split_items(text: str, start: int, end: int) -> list[tuple[int, str]]:
    items, depth, begin = [], 0, start
    for i in range(start, end):
        if text[i] in "[(":
            depth += 1
        elif text[i] in "])":
            depth -= 1
        elif text[i] == "," and depth == 0:
            items.append((begin, text[begin:i]))
            begin = i + 1
    if text[begin:end].strip():
        items.append((begin, text[begin:end]))
    return items


def _value_list(text: str, lb: int, what: str) -> list[tuple[int, str]]:
    rb = _matching(text, lb)
    return [(pos, item.strip()) for pos, item in _split_items(text, lb + 1, rb)]


def _ints(text: str, field: str) -> tuple[int, ...] | None:
    m = re.search(field + r"\s*:=\s*\[", text)
    if m is None:
        return None
    out = []
    for pos, item in _value_list(text, m.end() - 1, field):
        if not re.fullmatch(r"-?\d{1,30}", item):
            raise GapSyntaxError(f"text: {field}: expected an integer at character {pos + 1}, "
                                 f"got {item[:40]!r}")
        out.append(int(item))
    return tuple(out)


def character_table_from_gap(text: str) -> dict[str, Any]:
    """Exact values of a character table in GAP's notation.

    Parameters
    ----------
    text : str
        A record as :func:`character_table_to_gap` writes it, or just the list of rows
        ``[ [ 1, 1 ], [ 1, -1 ] ]`` (GAP's ``Print`` of the irreducible values; its ``\\``
        line continuations are accepted).

    Returns
    -------
    dict
        ``irr``: tuple of rows of exact values (ints and :class:`~repkit.Cyclotomic`, as
        ``CharacterTable.values``); ``centralizer_orders``, ``element_orders``: tuples of ints
        or ``None`` when the text has no such field; ``class_names``: tuple of str or ``None``.

    Raises
    ------
    GapSyntaxError
        With the position of a value that does not parse or rows of different lengths.

    Notes
    -----
    Linear in the length of the text plus the cost of parsing each cyclotomic.

    Examples
    --------
    >>> character_table_from_gap("[ [ 1, 1, 1 ], [ 1, E(3), E(3)^2 ], [ 1, E(3)^2, E(3) ] ]")["irr"][1]
    (1, Cyclotomic.from_gap('E(3)'), Cyclotomic.from_gap('E(3)^2'))
    """
    if not isinstance(text, str):
        raise GapSyntaxError(f"text: expected GAP text (a str), got {type(text).__name__}")
    if len(text) > MAX_TABLE_TEXT:
        raise GapSyntaxError(f"text: expected at most {MAX_TABLE_TEXT} characters, got {len(text)}")
    text = text.replace("\\\n", "")
    m = re.search(r"Irr\s*:=\s*\[", text)
    lb = m.end() - 1 if m else text.find("[")
    if lb < 0:
        raise GapSyntaxError("text: expected a list of rows '[ [ ... ], ... ]' or a record "
                             "with 'Irr := [ ... ]'")
    rows = []
    for pos, item in _value_list(text, lb, "Irr"):
        if not item.startswith("["):
            raise GapSyntaxError(f"text: expected a row '[ ... ]' at character {pos + 1}, got "
                                 f"{item[:40]!r}")
        start = text.index("[", pos)
        row = []
        for vpos, value in _value_list(text, start, "row"):
            try:
                exact = Cyclotomic.from_gap(value)
            except CyclotomicSyntaxError as exc:
                raise GapSyntaxError(f"text: value at character {vpos + 1} is not a GAP "
                                     f"cyclotomic: {exc}") from exc
            if exact.is_rational:                       # as CharacterTable.values: ints
                q = exact.to_fraction()
                row.append(int(q) if q.denominator == 1 else q)
            else:
                row.append(exact)
        rows.append(tuple(row))
    if len({len(r) for r in rows}) > 1:
        raise GapSyntaxError(f"text: expected rows of equal length, got lengths "
                             f"{sorted({len(r) for r in rows})}")
    names = re.search(r"ClassNames\s*:=\s*\[", text)
    class_names = (tuple(item.strip('"') for _, item in _value_list(text, names.end() - 1, "names"))
                   if names else None)
    return {"irr": tuple(rows), "centralizer_orders": _ints(text, "SizesCentralizers"),
            "element_orders": _ints(text, "OrdersClassRepresentatives"),
            "class_names": class_names}
