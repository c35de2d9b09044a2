"""CSV and XLSX files as a stream of rows: `open_table` checks the file and its header, `Table.rows` yields.

Nothing is loaded whole: a CSV is decoded as it is read, an XLSX sheet is streamed from the zip by its own
reader after the zip and its XML parts have been checked (`xlsxtable`). Whatever makes the whole file
unusable is raised as `UnreadableFile` by `open_table`, before the first row; what concerns one row travels
with that row as `RawRow.problems` and is turned into `RowError`s by the mapping.

Row numbers count the header as row 1 and include blank rows, so they match what a spreadsheet shows.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Iterator, Sequence
from typing import Protocol

from otklik.intake.readers.errors import RowError, UnreadableFile
from otklik.intake.readers.limits import DEFAULT_LIMITS, ReadLimits, human_size

_SPACES = re.compile(r"\s+")
# Magic numbers that tell a spreadsheet from a text file whatever the file is called.
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclasses.dataclass(frozen=True, slots=True)
class RawRow:
    number: int
    values: dict[str, str]
    problems: tuple[RowError, ...] = ()


class _Source(Protocol):
    columns: tuple[str, ...]
    total_rows: int | None

    def records(self) -> Iterator[tuple[int, list[str]]]: ...

    def close(self) -> None: ...


@dataclasses.dataclass(slots=True)
class Table:
    """An opened, checked file. `total_rows` counts data rows (exact for CSV, from the sheet for XLSX)."""

    path: str
    format: str  # "csv" or "xlsx"
    columns: tuple[str, ...]
    total_rows: int | None
    limits: ReadLimits
    encoding: str = ""
    delimiter: str = ""
    rows_read: int = 0
    _source: _Source | None = None

    def __enter__(self) -> Table:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._source is not None:
            self._source.close()

    def rows(self, skip_rows: int = 0) -> Iterator[RawRow]:
        """Data rows, blank ones left out; `skip_rows` passes over rows an earlier run already took."""
        assert self._source is not None
        self.rows_read = 0
        seen = 0
        for number, cells in self._source.records():
            if not "".join(cells).strip():  # blank: no cell has anything but spaces
                continue
            seen += 1
            if seen > self.limits.max_rows:
                raise UnreadableFile(f"В файле больше {self.limits.max_rows} строк данных: разделите его.")
            self.rows_read = seen
            if seen <= skip_rows:
                continue
            yield make_row(number, self.columns, cells, self.limits)


def open_table(
    path: str | os.PathLike[str], limits: ReadLimits | None = None, *, sheet: str | None = None
) -> Table:
    """Check the file (size, kind, encoding, structure, header) and return it ready to be read."""
    limits = limits or DEFAULT_LIMITS
    name = os.fspath(path)
    try:
        size = os.path.getsize(name)
        with open(name, "rb") as fh:
            magic = fh.read(8)
    except OSError as exc:
        raise UnreadableFile(f"Файл не открывается: {exc.strerror or exc}.") from exc
    if size == 0:
        raise UnreadableFile("Файл пуст.")
    if size > limits.max_bytes:
        raise UnreadableFile(
            f"Файл слишком большой: {human_size(size)} при допустимых {human_size(limits.max_bytes)}."
        )
    if magic.startswith(_OLE_MAGIC):
        raise UnreadableFile("Формат XLS (Excel 97–2003) не поддерживается: сохраните файл как XLSX или CSV.")
    source: _Source
    if magic.startswith(_ZIP_MAGIC) or name.lower().endswith((".xlsx", ".xlsm")):
        from otklik.intake.readers.xlsxtable import XlsxSource

        source = XlsxSource(name, limits, sheet)
        fmt, encoding, delimiter = "xlsx", "", ""
    else:
        from otklik.intake.readers.csvtable import CsvSource

        csv_source = CsvSource(name, limits)
        source = csv_source
        fmt, encoding, delimiter = "csv", csv_source.encoding, csv_source.delimiter
    return Table(
        path=name,
        format=fmt,
        columns=source.columns,
        total_rows=source.total_rows,
        limits=limits,
        encoding=encoding,
        delimiter=delimiter,
        _source=source,
    )


def read_rows(
    path: str | os.PathLike[str], limits: ReadLimits | None = None, *, skip_rows: int = 0
) -> Iterator[RawRow]:
    """The rows of a file in one call; the file is checked when the iteration starts."""
    with open_table(path, limits) as table:
        yield from table.rows(skip_rows)


def count_rows(path: str | os.PathLike[str], limits: ReadLimits | None = None) -> int:
    """Data rows in the file, for a progress bar: exact for CSV, the sheet's own count for XLSX."""
    with open_table(path, limits) as table:
        if table.total_rows is not None:
            return table.total_rows
        return sum(1 for _ in table.rows())


def normalise_name(name: str) -> str:
    return _SPACES.sub(" ", name.replace("\ufeff", "")).strip()


def make_header(cells: Sequence[str], limits: ReadLimits) -> tuple[str, ...]:
    names = [normalise_name(cell) for cell in cells]
    while names and not names[-1]:
        names.pop()
    if not names:
        raise UnreadableFile("Файл пуст: нет строки заголовка.")
    if len(names) > limits.max_columns:
        raise UnreadableFile(f"В заголовке {len(names)} столбцов, допустимо не больше {limits.max_columns}.")
    names = [name or f"Столбец {i}" for i, name in enumerate(names, start=1)]
    seen: dict[str, str] = {}
    for name in names:
        if len(name) > 500:
            raise UnreadableFile("Строка заголовка не похожа на заголовок: слишком длинное имя столбца.")
        key = name.casefold()
        if key in seen:
            raise UnreadableFile(
                f"Столбец «{name}» встречается в заголовке дважды: переименуйте один из них."
            )
        seen[key] = name
    return tuple(names)


def make_row(number: int, columns: tuple[str, ...], cells: Sequence[str], limits: ReadLimits) -> RawRow:
    width = len(columns)
    if len(cells) == width and max(map(len, cells), default=0) <= limits.max_cell_chars:
        return RawRow(number, dict(zip(columns, cells, strict=True)))  # the usual row: nothing to report
    problems: list[RowError] = []
    extra = [cell for cell in cells[len(columns) :] if cell.strip()]
    if extra:
        problems.append(
            RowError(
                number,
                "",
                f"в строке {len(columns) + len(extra)} заполненных ячеек, а в заголовке "
                f"{len(columns)} столбцов: лишние значения без заголовка",
            )
        )
    values: dict[str, str] = {}
    for i, column in enumerate(columns):
        cell = cells[i] if i < len(cells) else ""
        if len(cell) > limits.max_cell_chars:
            problems.append(
                RowError(number, column, f"значение длиннее {limits.max_cell_chars} символов ({len(cell)})")
            )
            cell = ""
        values[column] = cell
    return RawRow(number, values, tuple(problems))
