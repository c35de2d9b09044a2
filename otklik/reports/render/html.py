"""A document as HTML: the fragment the report page shows, or a standalone page (CLI `--format html`)."""

from __future__ import annotations

import base64
from typing import Any

from django.template.loader import render_to_string

from otklik.reports.document import Chart, Document, Paragraph, Quote, Table
from otklik.reports.render.text import cell_text


def _table(number: str, table: Table, with_links: bool) -> dict[str, Any]:
    rows = []
    for r, row in enumerate(table.rows):
        links = table.links[r] if with_links and r < len(table.links) else []
        cells = []
        for c, value in enumerate(row):
            link = links[c] if c < len(links) else ""
            cells.append({"text": cell_text(value), "numeric": not isinstance(value, str), "link": link})
        rows.append(cells)
    return {"kind": "table", "number": number, "title": table.title, "columns": table.columns, "rows": rows}


def view_model(document: Document, with_links: bool = True) -> dict[str, Any]:
    sections = []
    for s_number, section in enumerate(document.sections, start=1):
        blocks: list[dict[str, Any]] = []
        tables = charts = 0
        for block in section.blocks:
            if isinstance(block, Paragraph):
                blocks.append({"kind": "paragraph", "text": block.text})
            elif isinstance(block, Quote):
                blocks.append({"kind": "quote", "text": block.text, "source": block.source})
            elif isinstance(block, Table):
                tables += 1
                blocks.append(_table(f"{s_number}.{tables}", block, with_links))
            elif isinstance(block, Chart):
                charts += 1
                data = base64.b64encode(block.png).decode("ascii")
                blocks.append({"kind": "chart", "title": block.title, "src": f"data:image/png;base64,{data}"})
        sections.append({"number": s_number, "title": section.title, "blocks": blocks})
    return {"document": document, "sections": sections}


def fragment(document: Document) -> str:
    return render_to_string("reports/_document.html", view_model(document))


def render(document: Document) -> bytes:
    context = view_model(document, with_links=False)
    return render_to_string("reports/document_standalone.html", context).encode("utf-8")
