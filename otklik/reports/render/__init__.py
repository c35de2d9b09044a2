"""Renderers: a `Document` to bytes in each format."""

from __future__ import annotations

from collections.abc import Callable

from otklik.reports.document import Document

CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
FORMATS = tuple(CONTENT_TYPES)


def renderer(fmt: str) -> Callable[[Document], bytes]:
    from otklik.reports.render import docx, html, pdf, xlsx

    return {"html": html.render, "docx": docx.render, "xlsx": xlsx.render, "pdf": pdf.render}[fmt]


def render(document: Document, fmt: str) -> bytes:
    return renderer(fmt)(document)
