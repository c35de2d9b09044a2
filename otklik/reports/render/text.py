"""How a cell reads in a printed document: numbers as «3 238» and «76,2», a dash for "no value"."""

from __future__ import annotations

from otklik.lib import ru
from otklik.reports.document import Cell


def cell_text(value: Cell) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return ru.number(value, 2, trim=True)
    return str(value)
