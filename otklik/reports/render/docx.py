"""A document as DOCX laid out as an official analytical note: A4, Times New Roman, numbered sections,
captioned tables with repeated header rows, numbered figures, page numbers, and a signature block."""

from __future__ import annotations

import io
from typing import Any

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

from otklik.reports.document import Chart, Document, Paragraph, Quote, Table
from otklik.reports.render.text import cell_text

FONT = "Times New Roman"
BODY_PT, TABLE_PT = 13, 10


def _setup(doc: object) -> None:
    style = doc.styles["Normal"]  # type: ignore[attr-defined]
    style.font.name = FONT
    style.font.size = Pt(BODY_PT)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    style.paragraph_format.space_after = Pt(0)
    section = doc.sections[0]  # type: ignore[attr-defined]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(2.5), Cm(1.5)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_number(footer)


def _page_number(paragraph: DocxParagraph) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _para(
    doc: object,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    size: int = BODY_PT,
    align: Any = WD_ALIGN_PARAGRAPH.JUSTIFY,
    indent: bool = True,
    after: int = 6,
) -> DocxParagraph:
    p: DocxParagraph = doc.add_paragraph()  # type: ignore[attr-defined]
    run = p.add_run(text)
    run.bold, run.italic, run.font.size = bold, italic, Pt(size)
    p.alignment = align
    p.paragraph_format.space_after = Pt(after)
    if indent:
        p.paragraph_format.first_line_indent = Cm(1.25)
    return p


def _shade(cell: object, colour: str) -> None:
    props = cell._tc.get_or_add_tcPr()  # type: ignore[attr-defined]
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:fill"), colour)
    props.append(shading)


def _repeat_header(table: DocxTable) -> None:
    row_props = table.rows[0]._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row_props.append(flag)


def _table(doc: object, number: str, table: Table) -> None:
    caption = _para(
        doc,
        f"Таблица {number}. {table.title}",
        size=11,
        italic=True,
        indent=False,
        after=2,
        align=WD_ALIGN_PARAGRAPH.LEFT,
    )
    caption.paragraph_format.keep_with_next = True
    out: DocxTable = doc.add_table(rows=1, cols=len(table.columns))  # type: ignore[attr-defined]
    out.style = "Table Grid"
    out.alignment = WD_TABLE_ALIGNMENT.CENTER
    numeric = [table.is_numeric(i) for i in range(len(table.columns))]
    for cell, title in zip(out.rows[0].cells, table.columns, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(title)
        run.bold, run.font.size = True, Pt(TABLE_PT)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _shade(cell, "E7ECF3")
    _repeat_header(out)
    for row in table.rows:
        cells = out.add_row().cells  # type: ignore[no-untyped-call]
        for i, value in enumerate(row):
            paragraph = cells[i].paragraphs[0]
            run = paragraph.add_run(cell_text(value))
            run.font.size = Pt(TABLE_PT)
            run.bold = row[0] == "Итого"
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if numeric[i] else WD_ALIGN_PARAGRAPH.LEFT
    _para(doc, "", after=4, indent=False)


def _chart(doc: object, number: int, chart: Chart) -> None:
    p: DocxParagraph = doc.add_paragraph()  # type: ignore[attr-defined]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.keep_with_next = True
    p.add_run().add_picture(io.BytesIO(chart.png), width=Cm(15.5))
    _para(
        doc,
        f"Рисунок {number}. {chart.title}",
        size=11,
        italic=True,
        indent=False,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        after=8,
    )


def _signature(doc: object, position: str, name: str) -> None:
    _para(doc, "", after=18, indent=False)
    grid: DocxTable = doc.add_table(rows=1, cols=3)  # type: ignore[attr-defined]
    texts = (position, "_______________", name)
    aligns = (WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT)
    for cell, text, align in zip(grid.rows[0].cells, texts, aligns, strict=True):
        cell.paragraphs[0].add_run(text).font.size = Pt(BODY_PT)
        cell.paragraphs[0].alignment = align


def render(document: Document) -> bytes:
    doc = new_docx()
    _setup(doc)
    head = _para(doc, document.organisation.upper(), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    head.runs[0].font.color.rgb = RGBColor(0x1F, 0x2A, 0x44)
    _para(doc, "", indent=False)
    _para(
        doc, document.kind.upper(), bold=True, size=15, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, after=2
    )
    _para(doc, document.subject, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, after=12)
    chart_number = 0
    for s_number, section in enumerate(document.sections, start=1):
        title = _para(
            doc,
            f"{s_number}. {section.title}",
            bold=True,
            indent=True,
            after=6,
            align=WD_ALIGN_PARAGRAPH.LEFT,
        )
        title.paragraph_format.space_before = Pt(10)
        title.paragraph_format.keep_with_next = True
        t_number = 0
        for block in section.blocks:
            if isinstance(block, Paragraph):
                _para(doc, block.text)
            elif isinstance(block, Quote):
                quote = _para(doc, f"«{block.text}» ({block.source})", italic=True, size=12, indent=False)
                quote.paragraph_format.left_indent = Cm(1.25)
            elif isinstance(block, Table):
                t_number += 1
                _table(doc, f"{s_number}.{t_number}", block)
            elif isinstance(block, Chart):
                chart_number += 1
                _chart(doc, chart_number, block)
    if document.signature:
        _signature(doc, document.signature.position, document.signature.name)
    _para(doc, f"Дата составления: {document.made_on}", size=11, indent=False, align=WD_ALIGN_PARAGRAPH.LEFT)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
