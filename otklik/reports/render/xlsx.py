"""A document as XLSX: a title sheet, then one sheet per section named by its number and short title, with
the section's text, quotes and tables in reading order; numbers stay numbers, every text cell formula-safe."""

from __future__ import annotations

import io
import re
import textwrap

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from otklik.reports.cells import safe_cell, safe_text
from otklik.reports.document import Chart, Document, Paragraph, Quote, Section, Table

_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_HEADER_FILL = PatternFill("solid", fgColor="E7ECF3")
_THIN = Side(style="thin", color="9AA5B1")
_GRID = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
SHEET_NAME_LIMIT = 31  # Excel's limit
TEXT_COLUMNS = 8  # a paragraph spans this many columns of the sheet


def sheet_title(number: str, title: str, taken: set[str]) -> str:
    """«6. Основные проблемы»: Excel allows 31 characters and no []:*?/\\; a longer title is cut at a
    word, never inside one, and names stay distinct."""
    text = _FORBIDDEN.sub(" ", f"{number}. {title}")
    text = " ".join(text.split())
    if len(text) > SHEET_NAME_LIMIT:
        words, cut = text.split(" "), ""
        for word in words:
            if len(cut) + len(word) + (1 if cut else 0) > SHEET_NAME_LIMIT - 1:
                break
            cut = f"{cut} {word}" if cut else word
        text = cut.rstrip(",;—-") + "…"
    name, n = text, 2
    while name in taken:
        suffix = f" ({n})"
        name, n = text[: SHEET_NAME_LIMIT - len(suffix)] + suffix, n + 1
    taken.add(name)
    return name


def _text_row(sheet: Worksheet, text: str, *, bold: bool = False, italic: bool = False) -> None:
    sheet.append([safe_text(text)])
    row = sheet.max_row
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=TEXT_COLUMNS)
    cell = sheet.cell(row=row, column=1)
    cell.font = Font(bold=bold, italic=italic)
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    # a merged cell does not grow by itself: about 110 characters fit a line of the merged width
    sheet.row_dimensions[row].height = 15 * max(1, -(-len(text) // 110))


def _table(sheet: Worksheet, number: str, table: Table, widths: dict[int, float]) -> None:
    _text_row(sheet, f"Таблица {number} — {table.title}", bold=True)
    sheet.append([safe_text(c) for c in table.columns])
    header = sheet.max_row
    for cell in sheet[header][: len(table.columns)]:
        cell.font, cell.fill, cell.border = Font(bold=True), _HEADER_FILL, _GRID
        cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal="center")
    for values in table.rows:
        sheet.append([safe_cell(v) for v in values])
        for cell, value in zip(sheet[sheet.max_row], values, strict=False):
            cell.border = _GRID
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(value, int) and not isinstance(value, bool):
                cell.number_format = "#,##0"  # «3 238» where the reader's Excel is Russian
            elif isinstance(value, float):
                cell.number_format = "#,##0.0#"
            if values[0] == "Итого":
                cell.font = Font(bold=True)
    for i, column in enumerate(table.columns, start=1):
        longest_word = max((len(w) for w in column.split()), default=0)
        widest = max([longest_word] + [len(str(r[i - 1])) for r in table.rows if r[i - 1] is not None])
        widths[i] = max(widths.get(i, 10), min(max(10, widest + 2), 60))
    # a header that wraps needs its rows: the wrapped line count of the longest title at its width
    lines = max(
        len(textwrap.wrap(title, max(int(widths[i]) - 2, 1)) or [""])
        for i, title in enumerate(table.columns, start=1)
    )
    sheet.row_dimensions[header].height = 15 * max(lines, 1)
    sheet.append([])


def _section(sheet: Worksheet, number: int, section: Section) -> None:
    _text_row(sheet, f"{number}. {section.title}", bold=True)
    sheet.append([])
    widths: dict[int, float] = {}
    tables = charts = 0
    for block in section.blocks:
        if isinstance(block, Paragraph):
            _text_row(sheet, block.text)
        elif isinstance(block, Quote):
            _text_row(sheet, f"«{block.text}» ({block.source})", italic=True)
        elif isinstance(block, Table):
            tables += 1
            _table(sheet, f"{number}.{tables}", block, widths)
        elif isinstance(block, Chart):
            charts += 1
            _text_row(sheet, f"Рисунок: {block.title} (в документе DOCX и PDF)", italic=True)
    for i in range(1, max(TEXT_COLUMNS, *widths) + 1 if widths else TEXT_COLUMNS + 1):
        sheet.column_dimensions[get_column_letter(i)].width = widths.get(i, 14)
    # printed, a sheet is one page wide, as many long as it takes
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4


def render(document: Document) -> bytes:
    book = Workbook()
    cover = book.active
    assert cover is not None
    cover.title = "Справка"
    lines = [document.organisation, document.kind, document.subject, ""]
    lines += [f"{n}. {s.title}" for n, s in enumerate(document.sections, start=1)]
    lines += ["", f"Дата составления: {document.made_on}"]
    if document.performer:
        lines.append(f"Исполнитель: {document.performer}")
    for line in lines:
        cover.append([safe_text(line)])
    cover["A2"].font = Font(bold=True, size=14)
    cover.column_dimensions["A"].width = 100
    taken = {cover.title}
    for number, section in enumerate(document.sections, start=1):
        sheet = book.create_sheet(sheet_title(str(number), section.short_title, taken))
        _section(sheet, number, section)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
