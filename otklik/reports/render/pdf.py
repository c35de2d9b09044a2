"""A document as PDF (fpdf2), set in DejaVu Serif shipped with the product (otklik/reports/fonts)."""

from __future__ import annotations

import io
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

from otklik.reports.document import Chart, Document, Paragraph, Quote, Table
from otklik.reports.render.text import cell_text

FONTS = Path(__file__).resolve().parent.parent / "fonts"
FAMILY = "DejaVuSerif"


class _Note(FPDF):
    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FAMILY, size=9)
        self.cell(0, 6, str(self.page_no()), align="C")


def _new() -> _Note:
    pdf = _Note(orientation="P", unit="mm", format="A4")
    pdf.set_margins(25, 20, 15)
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_font(FAMILY, "", str(FONTS / "DejaVuSerif.ttf"))
    pdf.add_font(FAMILY, "B", str(FONTS / "DejaVuSerif-Bold.ttf"))
    pdf.add_font(FAMILY, "I", str(FONTS / "DejaVuSerif-Italic.ttf"))
    pdf.set_title("Аналитическая справка")
    return pdf


def _text(
    pdf: FPDF, text: str, *, size: float = 11, style: str = "", align: str = "J", indent: bool = True
) -> None:
    pdf.set_font(FAMILY, style, size)
    pdf.multi_cell(
        0, size * 0.5, ("      " if indent else "") + text, align=align, new_x="LMARGIN", new_y="NEXT"
    )
    pdf.ln(1.5)


def _table(pdf: FPDF, number: str, table: Table) -> None:
    _text(pdf, f"Таблица {number}. {table.title}", size=9.5, style="I", align="L", indent=False)
    numeric = [table.is_numeric(i) for i in range(len(table.columns))]
    widths = table.column_weights()
    pdf.set_font(FAMILY, "", 8)
    with pdf.table(
        col_widths=widths,
        text_align=["RIGHT" if n else "LEFT" for n in numeric],
        headings_style=FontFace(emphasis="BOLD", fill_color=(231, 236, 243)),
        line_height=4.2,
        padding=1,
        first_row_as_headings=True,
        repeat_headings=1,
    ) as grid:
        header = grid.row()
        for title in table.columns:
            header.cell(title, align="CENTER")
        for row in table.rows:
            line = grid.row()
            for value in row:
                line.cell(cell_text(value))
    pdf.ln(3)


def _chart(pdf: FPDF, number: int, chart: Chart) -> None:
    if pdf.get_y() > pdf.h - 95:
        pdf.add_page()
    pdf.image(io.BytesIO(chart.png), w=pdf.epw)
    _text(pdf, f"Рисунок {number}. {chart.title}", size=9.5, style="I", align="C", indent=False)


def render(document: Document) -> bytes:
    pdf = _new()
    pdf.add_page()
    _text(pdf, document.organisation.upper(), size=12, style="B", align="C", indent=False)
    pdf.ln(4)
    _text(pdf, document.kind.upper(), size=14, style="B", align="C", indent=False)
    _text(pdf, document.subject, size=11.5, align="C", indent=False)
    pdf.ln(4)
    chart_number = 0
    for s_number, section in enumerate(document.sections, start=1):
        if pdf.get_y() > pdf.h - 45:
            pdf.add_page()
        pdf.ln(2)
        _text(pdf, f"{s_number}. {section.title}", size=11.5, style="B", align="L")
        t_number = 0
        for block in section.blocks:
            if isinstance(block, Paragraph):
                _text(pdf, block.text)
            elif isinstance(block, Quote):
                pdf.set_x(pdf.l_margin + 10)
                pdf.set_font(FAMILY, "I", 10)
                pdf.multi_cell(
                    pdf.epw - 10, 5, f"«{block.text}» ({block.source})", new_x="LMARGIN", new_y="NEXT"
                )
                pdf.ln(1.5)
            elif isinstance(block, Table):
                t_number += 1
                _table(pdf, f"{s_number}.{t_number}", block)
            elif isinstance(block, Chart):
                chart_number += 1
                _chart(pdf, chart_number, block)
    if document.signature:
        if pdf.get_y() > pdf.h - 40:
            pdf.add_page()
        pdf.ln(10)
        pdf.set_font(FAMILY, "", 11.5)
        third = pdf.epw / 3
        pdf.cell(third, 6, document.signature.position)
        pdf.cell(third, 6, "_______________", align="C")
        pdf.cell(third, 6, document.signature.name, align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    _text(pdf, f"Дата составления: {document.made_on}", size=9.5, align="L", indent=False)
    return bytes(pdf.output())
