"""How a cell reads in a printed document: Russian decimal comma, a dash for "no value"."""

from __future__ import annotations

from otklik.reports.document import Cell


def cell_text(value: Cell) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",") if value % 1 else f"{value:.0f}"
    if isinstance(value, int):
        return f"{value:,}".replace(",", "\u00a0")
    return str(value)
