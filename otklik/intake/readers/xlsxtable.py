"""XLSX: the zip and its XML parts are checked before openpyxl opens anything, then read in read-only mode."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterator
from typing import Any

from otklik.intake.readers.errors import UnreadableFile
from otklik.intake.readers.limits import ReadLimits, human_size
from otklik.intake.readers.tabular import make_header
from otklik.intake.readers.xmlsafety import check_prolog

_BROKEN = "Файл повреждён или не является книгой Excel (XLSX): откройте его в Excel и сохраните заново."
# Small parts compress very well legitimately; only a big part with an extreme ratio is a bomb.
_RATIO_FLOOR = 1024 * 1024


class XlsxSource:
    def __init__(self, path: str, limits: ReadLimits, sheet: str | None) -> None:
        self.path = path
        self.limits = limits
        check_zip(path, limits)
        self._workbook, self._sheet = _open_sheet(path, sheet)
        self.total_rows = self._count_rows()
        self.columns: tuple[str, ...] = ()
        for _number, cells in self._all_records():
            if any(cell.strip() for cell in cells):
                self.columns = make_header(cells, limits)
                break
        else:
            raise UnreadableFile("Лист пуст: нет строки заголовка.")

    def _count_rows(self) -> int | None:
        declared = self._sheet.max_row
        if declared is not None and declared > self.limits.max_rows + 1:
            raise UnreadableFile(f"На листе {declared} строк, допустимо не больше {self.limits.max_rows}.")
        if self._sheet.max_column is not None and self._sheet.max_column > self.limits.max_columns * 5:
            raise UnreadableFile(f"На листе {self._sheet.max_column} столбцов: это не выгрузка обращений.")
        # The size the sheet declares may be missing or stale: read every row without trusting it.
        self._sheet.reset_dimensions()
        return declared - 1 if declared and declared > 1 else None

    def _all_records(self) -> Iterator[tuple[int, list[str]]]:
        try:
            for number, values in enumerate(self._sheet.iter_rows(values_only=True), start=1):
                if number > self.limits.max_rows + 1:
                    raise UnreadableFile(
                        f"На листе больше {self.limits.max_rows} строк данных: разделите его."
                    )
                yield number, [cell_text(value) for value in values[: self.limits.max_columns * 5]]
        except UnreadableFile:
            raise
        except Exception as exc:  # openpyxl and zlib raise a dozen kinds on a damaged part
            raise UnreadableFile(f"{_BROKEN} ({type(exc).__name__})") from exc

    def close(self) -> None:
        self._workbook.close()

    def records(self) -> Iterator[tuple[int, list[str]]]:
        header_seen = False
        for number, cells in self._all_records():
            if not header_seen:
                header_seen = any(cell.strip() for cell in cells)
                continue
            yield number, cells


def check_zip(path: str, limits: ReadLimits) -> None:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UnreadableFile(_BROKEN) from exc
    with archive:
        members = archive.infolist()
        if len(members) > limits.max_zip_members:
            raise UnreadableFile(f"В архиве XLSX {len(members)} частей: это не обычная книга Excel.")
        names = {member.filename for member in members}
        if "xl/workbook.xml" not in names:
            raise UnreadableFile("В архиве нет книги Excel (xl/workbook.xml): это не файл XLSX.")
        total = sum(member.file_size for member in members)
        if total > limits.max_unzipped_bytes:
            raise UnreadableFile(
                f"Книга распаковывается в {human_size(total)}, допустимо "
                f"{human_size(limits.max_unzipped_bytes)}: файл похож на «zip-бомбу»."
            )
        for member in members:
            ratio = member.file_size / max(member.compress_size, 1)
            if member.file_size > _RATIO_FLOOR and ratio > limits.max_zip_ratio:
                raise UnreadableFile(
                    f"Часть «{member.filename}» сжата в {ratio:.0f} раз: файл похож на «zip-бомбу» "
                    "и не принимается."
                )
        for member in members:
            if member.filename.endswith((".xml", ".rels", ".vml")):
                try:
                    with archive.open(member) as part:
                        check_prolog(part, f"Часть книги «{member.filename}»")
                except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
                    raise UnreadableFile(_BROKEN) from exc


def _open_sheet(path: str, sheet: str | None) -> tuple[Any, Any]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises KeyError, ValueError, its own errors... on damaged books
        raise UnreadableFile(f"{_BROKEN} ({type(exc).__name__})") from exc
    names = list(workbook.sheetnames)
    if sheet is not None:
        if sheet not in names:
            raise UnreadableFile(f"В книге нет листа «{sheet}»; листы: {', '.join(names)}.")
        return workbook, workbook[sheet]
    if len(names) != 1:
        raise UnreadableFile(
            f"В книге {len(names)} листа(ов): {', '.join(f'«{n}»' for n in names)}. Оставьте один лист "
            "с выгрузкой или укажите, какой читать."
        )
    return workbook, workbook[names[0]]


def cell_text(value: object) -> str:
    """A cell as the text a user sees: whole numbers without «.0», dates in ISO form."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value)
