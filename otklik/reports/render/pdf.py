"""A document as PDF (fpdf2) laid out as Russian official documents are (ГОСТ Р 7.0.97-2016): Liberation
Serif, a free font with the metrics of Times New Roman shipped with the product under its licence
(otklik/reports/fonts), 14 pt text and 12 pt tables, page numbers at the top centre from the second page,
a table of contents and bookmarks, tables whose columns are never narrower than their longest word or
number, no heading or table caption left alone at the foot of a page, a signature block and «Исполнитель»."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any, cast

from fpdf import FPDF
from fpdf.fonts import FontFace

from otklik.reports.document import Block, Chart, Document, Paragraph, Quote, Table
from otklik.reports.render.text import cell_text

FONTS = Path(__file__).resolve().parent.parent / "fonts"
FAMILY = "LiberationSerif"
BODY_PT, TABLE_PT, NOTE_PT = 14, 12, 12
SMALLEST_TABLE_PT = 9  # a table too wide for 12 pt is set smaller rather than break a word
PT_MM = 0.3528
LINE = 1.15  # line height as a multiple of the font size
CELL_PADDING = 1.2


class _Note(FPDF):
    def header(self) -> None:
        if self.page_no() > 1:
            self.set_y(9)
            self.set_font(FAMILY, size=NOTE_PT)
            self.cell(0, 5, str(self.page_no()), align="C")
            self.set_y(self.t_margin)


def _new(title: str) -> _Note:
    pdf = _Note(orientation="P", unit="mm", format="A4")
    pdf.set_margins(30, 20, 15)
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.add_font(FAMILY, "", str(FONTS / "LiberationSerif-Regular.ttf"))
    pdf.add_font(FAMILY, "B", str(FONTS / "LiberationSerif-Bold.ttf"))
    pdf.add_font(FAMILY, "I", str(FONTS / "LiberationSerif-Italic.ttf"))
    pdf.add_font(FAMILY, "BI", str(FONTS / "LiberationSerif-BoldItalic.ttf"))
    pdf.set_title(title)
    pdf.set_lang("ru")
    return pdf


def _line(size: float) -> float:
    return size * PT_MM * LINE


def _text(
    pdf: FPDF, text: str, *, size: float = BODY_PT, style: str = "", align: str = "J", indent: bool = True
) -> None:
    pdf.set_font(FAMILY, style, size)
    if indent:
        # ГОСТ: a paragraph indent of 1.25 cm
        pdf.set_x(pdf.l_margin)
        pdf.multi_cell(0, _line(size), "\u2003\u2003" + text, align=align, new_x="LMARGIN", new_y="NEXT")
    else:
        pdf.multi_cell(0, _line(size), text, align=align, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1.5)


def _height(pdf: FPDF, text: str, size: float, style: str = "", width: float = 0) -> float:
    """The height `text` takes as a paragraph, measured without drawing it."""
    pdf.set_font(FAMILY, style, size)
    lines = cast(list[str], pdf.multi_cell(width or pdf.epw, _line(size), text, dry_run=True, output="LINES"))
    return len(lines) * _line(size) + 1.5


def _room(pdf: FPDF) -> float:
    return pdf.h - pdf.b_margin - pdf.get_y()


def _keep(pdf: FPDF, needed: float) -> None:
    if needed > _room(pdf):
        pdf.add_page()


def _widest_word(pdf: FPDF, texts: list[str], style: str = "") -> float:
    widest = 0.0
    for text in texts:
        for word in text.split():
            widest = max(widest, pdf.get_string_width(word))
    return widest


def column_widths(pdf: FPDF, table: Table, size: float) -> list[float] | None:
    """Widths in mm that fit every column's longest word or number (header in bold) at `size`, the rest of
    the page shared by the columns' weights; None when the longest words alone do not fit the page."""
    minimum = []
    for i, title in enumerate(table.columns):
        pdf.set_font(FAMILY, "B", size)
        header = _widest_word(pdf, [title])
        pdf.set_font(FAMILY, "B" if any(r[0] == "Итого" for r in table.rows) else "", size)
        body = _widest_word(pdf, [cell_text(row[i]) for row in table.rows])
        minimum.append(max(header, body) + 2 * CELL_PADDING + 0.8)
    spare = pdf.epw - sum(minimum)
    if spare < 0:
        return None
    # the room left goes to the text columns, which wrap; a number column needs no more than its widest number
    weights = [0.0 if table.is_numeric(i) else w for i, w in enumerate(table.column_weights())]
    if not any(weights):
        weights = [1.0] * len(minimum)
    return [m + spare * w / sum(weights) for m, w in zip(minimum, weights, strict=True)]


def fit_table(table: Table, width_mm: float, largest: float = TABLE_PT) -> tuple[float, list[float]]:
    """The font size (pt) and column widths (mm) at which `table` fits `width_mm` without breaking a word,
    measured with the metrics of Liberation Serif, which are those of Times New Roman: the DOCX, set in
    Times New Roman, takes its columns from here too."""
    pdf = _new("")
    pdf.set_margins(0, 0, 0)
    pdf.w = width_mm
    return _fitted(pdf, table, largest)


def _fitted(pdf: FPDF, table: Table, largest: float = TABLE_PT) -> tuple[float, list[float]]:
    size: float = largest
    while size > SMALLEST_TABLE_PT:
        widths = column_widths(pdf, table, size)
        if widths is not None:
            return size, widths
        size -= 0.5
    widths = column_widths(pdf, table, size)
    if widths is None:  # still too wide: equal shares; a word may then wrap, which nothing else avoids
        widths = [pdf.epw / len(table.columns)] * len(table.columns)
    return size, widths


def _row_height(pdf: FPDF, cells: list[str], widths: list[float], size: float, style: str = "") -> float:
    """The height of a table row: its tallest cell, each wrapped in its own column."""
    pdf.set_font(FAMILY, style, size)
    tallest = 1
    for text, width in zip(cells, widths, strict=False):
        lines = pdf.multi_cell(
            max(width - 2 * CELL_PADDING, 1), _line(size), text, dry_run=True, output="LINES"
        )
        tallest = max(tallest, len(cast(list[str], lines)))
    return tallest * _line(size) + 2 * CELL_PADDING


def _table_start(
    pdf: FPDF, number: str, table: Table, fitted: tuple[float, list[float]] | None = None
) -> float:
    """What must stand on one page for a table to begin there: its caption, its header and two rows."""
    size, widths = fitted or _fitted(pdf, table)
    needed = _height(pdf, f"Таблица {number} — {table.title}", TABLE_PT)
    needed += _row_height(pdf, list(table.columns), widths, size, "B")
    for row in table.rows[:2]:
        needed += _row_height(pdf, [cell_text(v) for v in row], widths, size)
    return needed + 2


def _table(pdf: FPDF, number: str, table: Table) -> None:
    caption = f"Таблица {number} — {table.title}"
    size, widths = _fitted(pdf, table)
    _keep(
        pdf, _table_start(pdf, number, table, (size, widths))
    )  # caption, header and two rows, or a new page
    _text(pdf, caption, size=TABLE_PT, align="L", indent=False)
    numeric = [table.is_numeric(i) for i in range(len(table.columns))]
    pdf.set_font(FAMILY, "", size)
    with pdf.table(
        col_widths=widths,
        width=min(sum(widths), pdf.epw),  # their sum is the page's width, give or take a rounding
        text_align=["RIGHT" if n else "LEFT" for n in numeric],
        headings_style=FontFace(emphasis="BOLD", fill_color=(231, 236, 243)),
        line_height=_line(size),
        padding=CELL_PADDING,
        first_row_as_headings=True,
        repeat_headings=1,
    ) as grid:
        header = grid.row()
        for title in table.columns:
            header.cell(title, align="CENTER")
        for row in table.rows:
            line = grid.row()
            total = row[0] == "Итого"
            for value in row:
                line.cell(cell_text(value), style=FontFace(emphasis="BOLD") if total else None)
    pdf.ln(3)


def _chart(pdf: FPDF, number: int, chart: Chart) -> None:
    _keep(pdf, 95)
    pdf.image(io.BytesIO(chart.png), w=pdf.epw)
    _text(pdf, f"Рисунок {number} — {chart.title}", size=TABLE_PT, align="C", indent=False)


def _first_block_height(pdf: FPDF, block: Block | None, number: str) -> float:
    """What must follow a section's heading on its page, so that the heading never stands alone at a foot."""
    if isinstance(block, Paragraph):
        return min(_height(pdf, block.text, BODY_PT), 3 * _line(BODY_PT))
    if isinstance(block, Table):
        return _table_start(pdf, f"{number}.1", block)
    if isinstance(block, Chart):
        return 95
    return 3 * _line(BODY_PT)


def _contents(pdf: Any, outline: list[Any]) -> None:
    pdf.set_font(FAMILY, "B", BODY_PT)
    pdf.cell(0, _line(BODY_PT), "Содержание", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font(FAMILY, "", BODY_PT)
    for entry in outline:
        page = str(entry.page_number)
        title_width = pdf.epw - pdf.get_string_width(page) - 4
        lines = cast(
            list[str], pdf.multi_cell(title_width, _line(BODY_PT), entry.name, dry_run=True, output="LINES")
        )
        y = pdf.get_y()
        pdf.multi_cell(title_width, _line(BODY_PT), entry.name, new_x="LMARGIN", new_y="NEXT")
        pdf.set_xy(pdf.l_margin + title_width, y + (len(lines) - 1) * _line(BODY_PT))
        pdf.cell(pdf.epw - title_width, _line(BODY_PT), page, align="R", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)


def render(document: Document) -> bytes:
    pdf = _new(f"{document.kind} {document.subject}")
    pdf.add_page()
    _text(pdf, document.organisation.upper(), style="B", align="C", indent=False)
    pdf.ln(4)
    _text(pdf, document.kind.upper(), style="B", align="C", indent=False)
    _text(pdf, document.subject, align="C", indent=False)
    pdf.ln(4)
    if len(document.sections) > 3:
        pdf.insert_toc_placeholder(_contents, pages=1, allow_extra_pages=True)
    chart_number = 0
    for s_number, section in enumerate(document.sections, start=1):
        title = f"{s_number}. {section.title}"
        first = section.blocks[0] if section.blocks else None
        _keep(pdf, 4 + _height(pdf, title, BODY_PT, "B") + _first_block_height(pdf, first, str(s_number)))
        pdf.ln(3)
        pdf.start_section(title)
        _text(pdf, title, style="B", align="L")
        t_number = 0
        for block in section.blocks:
            if isinstance(block, Paragraph):
                _text(pdf, block.text)
            elif isinstance(block, Quote):
                pdf.set_x(pdf.l_margin + 12.5)
                pdf.set_font(FAMILY, "I", NOTE_PT)
                pdf.multi_cell(
                    pdf.epw - 12.5,
                    _line(NOTE_PT),
                    f"«{block.text}» ({block.source})",
                    align="J",
                    new_x="LMARGIN",
                    new_y="NEXT",
                )
                pdf.ln(1.5)
            elif isinstance(block, Table):
                t_number += 1
                _table(pdf, f"{s_number}.{t_number}", block)
            elif isinstance(block, Chart):
                chart_number += 1
                _chart(pdf, chart_number, block)
    _closing(pdf, document)
    return bytes(pdf.output())


def _closing(pdf: FPDF, document: Document) -> None:
    needed = 40 if document.signature else 20
    _keep(pdf, needed)
    if document.signature:
        pdf.ln(10)
        pdf.set_font(FAMILY, "", BODY_PT)
        position_width = pdf.epw * 0.55
        pdf.multi_cell(
            position_width,
            _line(BODY_PT),
            document.signature.position,
            align="L",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        bottom = pdf.get_y()
        pdf.set_xy(pdf.l_margin + position_width, bottom - _line(BODY_PT))
        name = document.signature.name or "____________________"
        pdf.cell(pdf.epw - position_width, _line(BODY_PT), name, align="R", new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(max(bottom, pdf.get_y()) + _line(BODY_PT))
    pdf.ln(8)
    if document.performer:
        _text(pdf, f"Исполнитель: {document.performer}", size=NOTE_PT, align="L", indent=False)
    _text(pdf, f"Дата составления: {document.made_on}", size=NOTE_PT, align="L", indent=False)
