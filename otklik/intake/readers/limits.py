"""Limits that keep a hostile or broken file from exhausting memory, disk or time."""

from __future__ import annotations

import dataclasses

MB = 1024 * 1024


@dataclasses.dataclass(frozen=True, slots=True)
class ReadLimits:
    max_bytes: int = 200 * MB  # the file as uploaded
    max_rows: int = 2_000_000
    max_columns: int = 200
    max_cell_chars: int = 32_000
    # XLSX is a zip: its parts are checked before they are inflated.
    max_zip_members: int = 1_000
    max_unzipped_bytes: int = 1024 * MB
    max_zip_ratio: int = 100
    # Items of a feed or of a «Ваш контроль» export.
    max_items: int = 100_000


DEFAULT_LIMITS = ReadLimits()


def human_size(size: int) -> str:
    if size >= MB:
        return f"{size / MB:.0f} МБ"
    if size >= 1024:
        return f"{size / 1024:.0f} КБ"
    return f"{size} байт"
