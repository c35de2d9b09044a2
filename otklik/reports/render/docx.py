"""A document as DOCX laid out as Russian official documents are (ГОСТ Р 7.0.97-2016): A4, Times New Roman
14 pt (12 in tables), page numbers at the top centre from the second page, sections in Word's heading style
with a table of contents, captioned tables whose rows never split and whose columns fit their longest word,
numbered figures, a signature block and the «Исполнитель» mark."""

from __future__ import annotations

import io
from typing import Any

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

from otklik.reports.document import Chart, Document, Paragraph, Quote, Table
from otklik.reports.render.pdf import CELL_PADDING as CELL_MARGIN_MM
from otklik.reports.render.pdf import fit_table
from otklik.reports.render.text import cell_text

FONT = "Times New Roman"
BODY_PT, TABLE_PT, NOTE_PT = 14, 12, 12
TEXT_WIDTH_CM = 21 - 3 - 1.5


def _font(style: Any, size: int, *, bold: bool = False) -> None:
    style.font.name = FONT
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = RGBColor(0, 0, 0)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)  # a theme font would win over the one named here
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)


def _setup(doc: Any) -> None:
    normal = doc.styles["Normal"]
    _font(normal, BODY_PT)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.widow_control = True
    heading = doc.styles["Heading 1"]
    _font(heading, BODY_PT, bold=True)
    heading.paragraph_format.space_before = Pt(12)
    heading.paragraph_format.space_after = Pt(6)
    heading.paragraph_format.keep_with_next = True
    heading.paragraph_format.first_line_indent = Cm(1.25)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.header_distance = Cm(1)
    # ГОСТ Р 7.0.97-2016, п. 6.5: numbers at the top centre, none on the first page.
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(header, "PAGE", "2")
    _update_fields_on_open(doc)


def _field(paragraph: DocxParagraph, instruction: str, shown: str) -> None:
    """A Word field (page number, table of contents) with the text shown until Word updates it."""
    parts = [("begin", None), (None, instruction), ("separate", None), (None, None), ("end", None)]
    for kind, instr in parts:
        run = OxmlElement("w:r")
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run.append(char)
        elif instr:
            text = OxmlElement("w:instrText")
            text.set(qn("xml:space"), "preserve")
            text.text = f" {instr} "
            run.append(text)
        else:
            text = OxmlElement("w:t")
            text.text = shown
            run.append(text)
        paragraph._p.append(run)


def _update_fields_on_open(doc: Any) -> None:
    """Word fills the table of contents and page numbers when the document is opened."""
    flag = OxmlElement("w:updateFields")
    flag.set(qn("w:val"), "true")
    doc.settings.element.append(flag)


def _contents(doc: Any, titles: list[str]) -> None:
    """«Содержание»: a Word table-of-contents field over the section headings; until Word updates it with
    page numbers, it lists the headings themselves (LibreOffice and viewers show that list)."""
    _para(doc, "Содержание", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, after=6)
    first = doc.add_paragraph()
    begin = OxmlElement("w:r")
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), "begin")
    begin.append(char)
    instr_run = OxmlElement("w:r")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = ' TOC \\o "1-1" \\h \\z \\u '
    instr_run.append(instr)
    separate = OxmlElement("w:r")
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), "separate")
    separate.append(char)
    for element in (begin, instr_run, separate):
        first._p.append(element)
    paragraphs = [first] + [doc.add_paragraph() for _ in titles[1:]]
    for paragraph, title in zip(paragraphs, titles, strict=True):
        paragraph.add_run(title).font.size = Pt(BODY_PT)
        paragraph.paragraph_format.left_indent = Cm(0.5)
    end = OxmlElement("w:r")
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), "end")
    end.append(char)
    paragraphs[-1]._p.append(end)
    _para(doc, "", indent=False, after=6)


def _para(
    doc: Any,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    size: int = BODY_PT,
    align: Any = WD_ALIGN_PARAGRAPH.JUSTIFY,
    indent: bool = True,
    after: int = 6,
) -> DocxParagraph:
    p: DocxParagraph = doc.add_paragraph()
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


def _row_flag(row: Any, name: str) -> None:
    flag = OxmlElement(name)
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _cell_margins(table: DocxTable, mm: float) -> None:
    """Left and right cell margins as the PDF has them, so the columns fitted there fit here too."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(round(mm / 25.4 * 1440)))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    table._tbl.tblPr.append(margins)


def _table(doc: Any, number: str, table: Table) -> None:
    caption = _para(
        doc,
        f"Таблица {number} — {table.title}",
        size=TABLE_PT,
        indent=False,
        after=2,
        align=WD_ALIGN_PARAGRAPH.LEFT,
    )
    caption.paragraph_format.keep_with_next = True
    out: DocxTable = doc.add_table(rows=1, cols=len(table.columns))
    out.style = "Table Grid"
    out.alignment = WD_TABLE_ALIGNMENT.CENTER
    out.autofit = False
    _cell_margins(out, CELL_MARGIN_MM)
    size, widths_mm = fit_table(table, TEXT_WIDTH_CM * 10)
    widths = [Mm(w) for w in widths_mm]
    for column, width in zip(out.columns, widths, strict=True):
        column.width = width
    numeric = [table.is_numeric(i) for i in range(len(table.columns))]
    for cell, title, width in zip(out.rows[0].cells, table.columns, widths, strict=True):
        cell.text = ""
        cell.width = width
        paragraph = cell.paragraphs[0]
        run = paragraph.add_run(title)
        run.bold, run.font.size = True, Pt(size)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.keep_with_next = True
        _shade(cell, "E7ECF3")
    _repeat_header(out)
    _row_flag(out.rows[0], "w:cantSplit")
    for r, row in enumerate(table.rows):
        added = out.add_row()  # type: ignore[no-untyped-call]
        _row_flag(added, "w:cantSplit")
        for i, value in enumerate(row):
            added.cells[i].width = widths[i]
            paragraph = added.cells[i].paragraphs[0]
            run = paragraph.add_run(cell_text(value))
            run.font.size = Pt(size)
            run.bold = row[0] == "Итого"
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if numeric[i] else WD_ALIGN_PARAGRAPH.LEFT
            # the caption, the header and the first two rows stay on one page
            paragraph.paragraph_format.keep_with_next = r < 2
    _para(doc, "", after=4, indent=False)


def _chart(doc: Any, number: int, chart: Chart) -> None:
    p: DocxParagraph = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.keep_with_next = True
    p.add_run().add_picture(io.BytesIO(chart.png), width=Cm(15.5))
    _para(
        doc,
        f"Рисунок {number} — {chart.title}",
        size=TABLE_PT,
        indent=False,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        after=8,
    )


def _signature(doc: Any, position: str, name: str) -> None:
    """ГОСТ Р 7.0.97-2016, п. 5.23: the position on the left, the signature, the name «И. О. Фамилия» on the
    right; a name not given is left as a line to be written by hand."""
    spacer = _para(doc, "", after=18, indent=False)
    spacer.paragraph_format.keep_with_next = True
    grid: DocxTable = doc.add_table(rows=1, cols=3)
    grid.autofit = False
    texts = (position, "", name or "____________________")
    widths = (Cm(8.5), Cm(3.5), Cm(4.5))
    aligns = (WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT)
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = width
    for cell, text, width, align in zip(grid.rows[0].cells, texts, widths, aligns, strict=True):
        cell.width = width
        cell.paragraphs[0].add_run(text).font.size = Pt(BODY_PT)
        cell.paragraphs[0].alignment = align
    _row_flag(grid.rows[0], "w:cantSplit")


def render(document: Document) -> bytes:
    doc: Any = new_docx()
    _setup(doc)
    head = _para(doc, document.organisation.upper(), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    head.runs[0].font.color.rgb = RGBColor(0x1F, 0x2A, 0x44)
    _para(doc, "", indent=False)
    _para(
        doc, document.kind.upper(), bold=True, size=15, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, after=2
    )
    _para(doc, document.subject, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, after=12)
    titles = [f"{n}. {s.title}" for n, s in enumerate(document.sections, start=1)]
    if len(titles) > 3:
        _contents(doc, titles)
    chart_number = 0
    for s_number, section in enumerate(document.sections, start=1):
        doc.add_paragraph(titles[s_number - 1], style="Heading 1")
        t_number = 0
        for block in section.blocks:
            if isinstance(block, Paragraph):
                _para(doc, block.text)
            elif isinstance(block, Quote):
                quote = _para(
                    doc, f"«{block.text}» ({block.source})", italic=True, size=NOTE_PT, indent=False
                )
                quote.paragraph_format.left_indent = Cm(1.25)
            elif isinstance(block, Table):
                t_number += 1
                _table(doc, f"{s_number}.{t_number}", block)
            elif isinstance(block, Chart):
                chart_number += 1
                _chart(doc, chart_number, block)
    if document.signature:
        _signature(doc, document.signature.position, document.signature.name)
    _para(doc, "", after=12, indent=False)
    if document.performer:
        _para(
            doc,
            f"Исполнитель: {document.performer}",
            size=NOTE_PT,
            indent=False,
            after=0,
            align=WD_ALIGN_PARAGRAPH.LEFT,
        )
    _para(
        doc,
        f"Дата составления: {document.made_on}",
        size=NOTE_PT,
        indent=False,
        align=WD_ALIGN_PARAGRAPH.LEFT,
    )
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
