"""Spreadsheet cells that cannot be formulas: text a spreadsheet would evaluate gets a leading apostrophe.

Excel, LibreOffice and Google Sheets treat a cell starting with = + - @ (and tab or carriage return, which
some strip first) as a formula, in CSV and in XLSX string cells alike when a user edits them. Feedback text
is written by the public, so every text cell goes through `safe_text`. Numbers stay numbers.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def safe_text(value: str) -> str:
    stripped = value.lstrip(" ")
    if stripped.startswith(_FORMULA_START):
        return "'" + value
    return value


def safe_cell(value: Any) -> Any:
    """A value for a cell: numbers and dates as themselves, everything else as formula-safe text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, int | float):
        return value
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None) if value.tzinfo else value
    if isinstance(value, dt.date):
        return value
    return safe_text(str(value))
