"""The text a reader gets from an answer or a file: pages, JSON, CSV, XLSX, DOCX and PDF alike, so a test
can look for personal data in whatever leaves the system."""

from __future__ import annotations

import html
import io
import json
import re
from collections.abc import Iterable
from typing import Any

XLSX = "spreadsheetml"
DOCX = "wordprocessingml"


def xlsx_text(data: bytes) -> str:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True)
    cells = [str(v) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for v in row]
    return "\n".join(c for c in cells if c not in ("None", ""))


def docx_text(data: bytes) -> str:
    from docx import Document

    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    parts += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def file_text(data: bytes, content_type: str = "") -> str:
    """The readable text of a file, by its type (or its first bytes)."""
    if data.startswith(b"%PDF"):
        return pdf_text(data)
    if DOCX in content_type:
        return docx_text(data)
    if XLSX in content_type:
        return xlsx_text(data)
    if data.startswith(b"PK"):  # an Office file served without its type: a workbook has xl/ inside
        return xlsx_text(data) if b"xl/" in data else docx_text(data)
    text = data.decode("utf-8", errors="replace")
    if "json" in content_type:  # Cyrillic comes escaped as \\uXXXX
        return json.dumps(json.loads(text), ensure_ascii=False)
    return html.unescape(text)  # a page escapes quotes and ampersands


def response_text(response: Any) -> str:
    """The text of a Django test client's answer, streamed or not."""
    if getattr(response, "streaming", False):
        data = b"".join(
            chunk if isinstance(chunk, bytes) else str(chunk).encode() for chunk in response.streaming_content
        )
    else:
        data = response.content
    return file_text(data, response.get("Content-Type", ""))


def squeeze(text: str) -> str:
    """Lower case without any spaces: a value split over lines or cells by a renderer is still found."""
    return re.sub(r"\s+", "", text).lower().replace("ё", "е")


def found_in(text: str, needles: Iterable[str]) -> list[str]:
    """The needles that occur in the text (compared squeezed)."""
    haystack = squeeze(text)
    return sorted({n for n in needles if squeeze(n) and squeeze(n) in haystack})
