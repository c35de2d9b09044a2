"""A document as XLSX: one sheet per table, numbers as numbers, every text cell formula-safe."""

from __future__ import annotations

import io
import re

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from otklik.reports.cells import safe_cell, safe_text
from otklik.reports.document import Document

_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_HEADER_FILL = PatternFill("solid", fgColor="E7ECF3")


def sheet_title(number: str, title: str, taken: set[str]) -> str:
    """Excel allows 31 characters and no []:*?/\\ in a sheet name, and names must differ."""
    base = _FORBIDDEN.sub(" ", f"{number} {title}")[:31].strip()
    name, n = base, 2
    while name in taken:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name)
    return name


def render(document: Document) -> bytes:
    book = Workbook()
    cover = book.active
    cover.title = "Справка"
    for line in (
        document.organisation,
        document.kind,
        document.subject,
        f"Дата составления: {document.made_on}",
    ):
        cover.append([safe_text(line)])
    cover["A2"].font = Font(bold=True, size=14)
    cover.column_dimensions["A"].width = 100
    taken = {cover.title}
    for number, table in document.tables():
        sheet = book.create_sheet(sheet_title(number, table.title, taken))
        sheet.append([safe_text(f"Таблица {number}. {table.title}")])
        sheet["A1"].font = Font(bold=True)
        sheet.append([safe_text(c) for c in table.columns])
        for cell in sheet[2]:
            cell.font, cell.fill = Font(bold=True), _HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in table.rows:
            sheet.append([safe_cell(v) for v in row])
        for i, column in enumerate(table.columns, start=1):
            widest = max([len(column)] + [len(str(r[i - 1])) for r in table.rows if r[i - 1] is not None])
            sheet.column_dimensions[get_column_letter(i)].width = min(max(10, widest + 2), 60)
        sheet.freeze_panes = "A3"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
