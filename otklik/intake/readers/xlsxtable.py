# Own: 3,2× openpyxl read-only; calamine 1,8× faster but 4,4× memory, aborts on a 2 KB book (bench/RESULTS.md)
"""XLSX: the zip and its XML parts are checked first, then the sheet is streamed by a reader of its own.

The sheet is parsed with expat as it is inflated, a block at a time: no DOCTYPE, entity declaration or
external entity is accepted (the parser refuses them itself, on the very bytes it reads, besides the check
of every part's prolog beforehand), the zip's sizes and ratios are checked before anything is inflated, and
rows, columns and cell lengths keep their limits. Cells come out as the text a user sees, as openpyxl's
read-only mode gave them before (whole numbers without «.0», dates in ISO form by the cell's number
format, booleans as true/false); shared and inline strings, rich-text runs, formulas' cached values and
column gaps are handled, and rows keep their spreadsheet numbers.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from typing import IO, Any, NoReturn
from xml.etree.ElementTree import Element
from xml.parsers import expat

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.cell import coordinate_from_string, get_column_letter, range_boundaries
from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH, from_ISO8601
from openpyxl.utils.datetime import from_excel as excel_serial
from openpyxl.utils.exceptions import CellCoordinatesException

from otklik.intake.readers.errors import UnreadableFile
from otklik.intake.readers.limits import ReadLimits, human_size
from otklik.intake.readers.tabular import make_header
from otklik.intake.readers.xmlsafety import check_prolog, hostile_message, parse_document

_BROKEN = "Файл повреждён или не является книгой Excel (XLSX): откройте его в Excel и сохраните заново."
# Small parts compress very well legitimately; only a big part with an extreme ratio is a bomb.
_RATIO_FLOOR = 1024 * 1024
_BLOCK = 64 * 1024
# How much of a part that compresses too well is inflated to tell one enormous cell from a bomb.
_PEEK_BYTES = 16 * 1024 * 1024
_REFERENCE = re.compile(rb"&#?\w+;")  # a character written as a reference is one character

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_OFFICE_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
_SHARED_STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
# expat reports a namespaced name as "<namespace> <local name>".
_ROW, _C, _V, _IS, _T, _RPH, _SI = (f"{_MAIN} {tag}" for tag in ("row", "c", "v", "is", "t", "rPh", "si"))
_DIMENSION, _SHEET_DATA = f"{_MAIN} dimension", f"{_MAIN} sheetData"

# Built-in number formats that show a date or a time (ECMA-376 18.8.30), and those that show a duration.
_BUILTIN_DATE_FORMATS = frozenset(number for number, code in BUILTIN_FORMATS.items() if is_date_format(code))
_BUILTIN_DURATION_FORMATS = frozenset(
    number for number, code in BUILTIN_FORMATS.items() if is_timedelta_format(code)
)
_DIGITS = "0123456789"


# Column letters to numbers, A … ZZZ: looked up for every cell, so a dict rather than a call per cell.
_COLUMNS = {get_column_letter(number): number for number in range(1, 18279)}


class _Stop(Exception):
    """Raised in a parser handler to stop the parse; the reason is kept by the sheet reader."""


class XlsxSource:
    def __init__(self, path: str, limits: ReadLimits, sheet: str | None) -> None:
        self.path = path
        self.limits = limits
        check_zip(path, limits)
        try:
            self._archive = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise UnreadableFile(_BROKEN) from exc
        try:
            self._book = _Book(self._archive)
            self._part = self._book.sheet_part(sheet)
            self._pending: Iterator[tuple[int, list[str]]] | None = self._stream()
            self.columns: tuple[str, ...] = ()
            for _number, cells in self._pending:
                if any(cell.strip() for cell in cells):
                    self.columns = make_header(cells, limits)
                    break
            else:
                raise UnreadableFile("Лист пуст: нет строки заголовка.")
            self.total_rows = self._reader.declared_rows
        except BaseException:
            self._archive.close()
            raise

    def _stream(self) -> Iterator[tuple[int, list[str]]]:
        self._reader = _SheetReader(self._book, self.limits)
        return self._reader.rows(self._archive, self._part)

    def close(self) -> None:
        self._pending = None
        self._archive.close()

    def records(self) -> Iterator[tuple[int, list[str]]]:
        """Data rows, from the row after the header; the first call goes on from where the header was
        found, a later one reads the sheet again."""
        if self._pending is not None:
            rows, self._pending = self._pending, None
            yield from rows
            return
        header_seen = False
        for number, cells in self._stream():
            if not header_seen:
                header_seen = any(cell.strip() for cell in cells)
                continue
            yield number, cells


class _Book:
    """What the sheet needs from the rest of the book: sheet parts by name, shared strings, date styles."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.names = set(archive.namelist())
        workbook = _read_part(archive, "xl/workbook.xml")
        properties = workbook.find(f"{{{_MAIN}}}workbookPr")
        date1904 = properties is not None and properties.get("date1904", "").lower() in ("1", "true")
        self.epoch = MAC_EPOCH if date1904 else WINDOWS_EPOCH
        rels = self._relationships(archive, "xl/_rels/workbook.xml.rels")
        # Every sheet of the book by name, in the book's order, as Excel lists them: (part, kind).
        self.sheets: dict[str, tuple[str, str]] = {}
        for node in workbook.iter(f"{{{_MAIN}}}sheet"):
            rel = rels.get(node.get(f"{{{_OFFICE_RELS}}}id") or "")
            if rel is None or rel[0] not in self.names:
                continue
            self.sheets[node.get("name") or ""] = rel
        self.strings = self._shared_strings(archive)
        self.date_styles, self.duration_styles = self._date_styles(archive)

    def _relationships(self, archive: zipfile.ZipFile, name: str) -> dict[str, tuple[str, str]]:
        if name not in self.names:
            return {}
        folder = posixpath.dirname(posixpath.dirname(name))
        found = {}
        for rel in _read_part(archive, name).iter(f"{{{_PACKAGE_RELS}}}Relationship"):
            target = rel.get("Target") or ""
            if rel.get("TargetMode") == "External":
                continue
            if target.startswith("/"):
                target = target[1:]
            else:
                target = posixpath.normpath(posixpath.join(folder, target))
            found[rel.get("Id") or ""] = (target, rel.get("Type") or "")
        return found

    def sheet_part(self, sheet: str | None) -> str:
        names = list(self.sheets)
        if sheet is not None:
            if sheet not in self.sheets:
                raise UnreadableFile(f"В книге нет листа «{sheet}»; листы: {', '.join(names)}.")
            chosen = sheet
        elif len(names) != 1:
            raise UnreadableFile(
                f"В книге {len(names)} листа(ов): {', '.join(f'«{n}»' for n in names)}. Оставьте один лист "
                "с выгрузкой или укажите, какой читать."
            )
        else:
            chosen = names[0]
        part, kind = self.sheets[chosen]
        if "chartsheet" in kind:
            raise UnreadableFile(f"Лист «{chosen}» — диаграмма, а не таблица с выгрузкой.")
        return part

    def _shared_strings(self, archive: zipfile.ZipFile) -> list[str]:
        part = "xl/sharedStrings.xml"
        if "[Content_Types].xml" in self.names:
            types = _read_part(archive, "[Content_Types].xml")
            part = next(
                (
                    (node.get("PartName") or "").lstrip("/")
                    for node in types.iter(f"{{{_CONTENT_TYPES}}}Override")
                    if node.get("ContentType") == _SHARED_STRINGS_TYPE
                ),
                "",
            )
            if part and part not in self.names:
                raise UnreadableFile(f"{_BROKEN} (нет части {part})")
        if not part or part not in self.names:
            return []
        strings: list[str] = []
        _StringTable(strings).parse(archive, part)
        return strings

    def _date_styles(self, archive: zipfile.ZipFile) -> tuple[frozenset[int], frozenset[int]]:
        """The cell styles (indexes of cellXfs) whose number format shows a date or a duration."""
        if "xl/styles.xml" not in self.names:
            return frozenset(), frozenset()
        styles = _read_part(archive, "xl/styles.xml")
        custom = {}
        for node in styles.iter(f"{{{_MAIN}}}numFmt"):
            try:
                custom[int(node.get("numFmtId") or "")] = node.get("formatCode")
            except ValueError:
                continue
        dates, durations = set(), set()
        cell_xfs = styles.find(f"{{{_MAIN}}}cellXfs")
        for index, xf in enumerate(cell_xfs if cell_xfs is not None else ()):
            try:
                number_format = int(xf.get("numFmtId") or 0)
            except ValueError:
                continue
            if number_format in custom:
                code = custom[number_format]
                if code is None:
                    continue
                if is_date_format(code):
                    dates.add(index)
                if is_timedelta_format(code):
                    durations.add(index)
            else:
                if number_format in _BUILTIN_DATE_FORMATS:
                    dates.add(index)
                if number_format in _BUILTIN_DURATION_FORMATS:
                    durations.add(index)
        return frozenset(dates), frozenset(durations)


def _read_part(archive: zipfile.ZipFile, name: str) -> Element:
    try:
        data = archive.read(name)
    except KeyError as exc:
        raise UnreadableFile(f"{_BROKEN} (нет части {name})") from exc
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error) as exc:
        raise UnreadableFile(_BROKEN) from exc
    return parse_document(data, f"Часть книги «{name}»")


def _defused_parser(what: str) -> Any:
    """An expat parser that refuses a DOCTYPE, any entity declaration and external entities, as
    defusedxml does; namespaced names come as «namespace local-name»."""
    parser = expat.ParserCreate(namespace_separator=" ")

    def refuse(*_args: object) -> Any:
        raise UnreadableFile(hostile_message(what))

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.UnparsedEntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.buffer_text = True
    parser.buffer_size = _BLOCK
    return parser


def _feed(parser: Any, stream: IO[bytes]) -> Iterator[None]:
    """Feed the stream to the parser a block at a time; yields after each block."""
    while True:
        block = stream.read(_BLOCK)
        parser.Parse(block, not block)
        yield
        if not block:
            return


class _StringTable:
    """xl/sharedStrings.xml: the text of every <si>, rich-text runs joined, phonetic runs left out."""

    def __init__(self, strings: list[str]) -> None:
        self.strings = strings
        self.parts: list[str] = []
        self.phonetic = False

    def parse(self, archive: zipfile.ZipFile, part: str) -> None:
        what = f"Часть книги «{part}»"
        parser = _defused_parser(what)
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        self._parser = parser
        try:
            with archive.open(part) as stream:
                for _ in _feed(parser, stream):
                    pass
        except expat.ExpatError as exc:
            raise UnreadableFile(f"{what} повреждена: это не правильно построенный XML ({exc}).") from exc
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error) as exc:
            raise UnreadableFile(f"{_BROKEN} ({type(exc).__name__})") from exc

    def _start(self, name: str, _attrs: dict[str, str]) -> None:
        if name == _T:
            if not self.phonetic:
                self._parser.CharacterDataHandler = self.parts.append
        elif name == _SI:
            self.parts = []
        elif name == _RPH:
            self.phonetic = True

    def _end(self, name: str) -> None:
        if name == _T:
            self._parser.CharacterDataHandler = None
        elif name == _SI:
            # As openpyxl reads them: the escape of a literal «_x» is dropped, other escapes kept.
            self.strings.append("".join(self.parts).replace("x005F_", ""))
        elif name == _RPH:
            self.phonetic = False


class _SheetReader:
    """One worksheet part as (row number, [cell text, …]) pairs, streamed; the state of the parse lives
    here, the handlers are as short as they can be, since they run for every element of the sheet."""

    def __init__(self, book: _Book, limits: ReadLimits) -> None:
        self.strings = book.strings
        self.date_styles = book.date_styles
        self.duration_styles = book.duration_styles
        self.epoch = book.epoch
        self.limits = limits
        self.max_cells = limits.max_columns * 5
        self.declared_rows: int | None = None
        self.ready: list[tuple[int, list[str]]] = []
        self.problem: UnreadableFile | None = None
        self.in_data = False
        self.row_number = 0
        self.next_row = 1
        self.cells: list[str] = []
        self.column = 0
        self.kind = "n"
        self.style: str | None = None
        self.value: list[str] | None = None
        self.inline: list[str] | None = None
        self.phonetic = False

    def rows(self, archive: zipfile.ZipFile, part: str) -> Iterator[tuple[int, list[str]]]:
        what = f"Лист книги «{part}»"
        parser = _defused_parser(what)
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        self.parser = parser
        ready = self.ready
        try:
            with archive.open(part) as stream:
                feeding = _feed(parser, stream)
                while True:
                    try:
                        next(feeding)
                    except StopIteration:
                        break
                    except _Stop:
                        break
                    if ready:
                        yield from ready
                        ready.clear()
        except UnreadableFile:
            raise
        except expat.ExpatError as exc:
            raise UnreadableFile(f"{_BROKEN} (ExpatError: {exc})") from exc
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, IndexError, zlib.error) as exc:
            raise UnreadableFile(f"{_BROKEN} ({type(exc).__name__})") from exc
        # Rows parsed before a problem was found are handed out first, then the problem is raised.
        yield from ready
        ready.clear()
        if self.problem is not None:
            raise self.problem

    def _stop(self, problem: UnreadableFile) -> NoReturn:
        self.problem = problem
        raise _Stop

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        if name == _C:
            ref = attrs.get("r")
            if ref:
                column = _COLUMNS.get(ref.rstrip(_DIGITS))
                self.column = column if column is not None else self._coordinate(ref)
            else:
                self.column += 1
            self.kind = attrs.get("t", "n")
            self.style = attrs.get("s")
            self.value = None
            self.inline = None
        elif name == _V:
            self.value = []
            self.parser.CharacterDataHandler = self.value.append
        elif name == _T:
            if self.inline is not None and not self.phonetic:
                self.parser.CharacterDataHandler = self.inline.append
        elif name == _IS:
            self.inline = []
        elif name == _ROW:
            ref = attrs.get("r")
            if ref:
                try:
                    number = int(ref)
                except ValueError:
                    number = self._row_number(ref)
            else:
                number = self.row_number + 1
            self.row_number = number
            self.column = 0
            self.cells = []
        elif name == _RPH:
            self.phonetic = True
        elif name == _SHEET_DATA:
            self.in_data = True
        elif name == _DIMENSION and not self.in_data:
            self._dimension(attrs.get("ref") or "")

    def _end(self, name: str) -> None:
        if name == _C:
            column = self.column
            if column > self.max_cells:
                return
            text = self._text()
            cells = self.cells
            if column == len(cells) + 1:
                cells.append(text)
            elif column > len(cells):
                cells.extend([""] * (column - 1 - len(cells)))
                cells.append(text)
            else:
                cells[column - 1] = text
        elif name in (_V, _T):
            self.parser.CharacterDataHandler = None
        elif name == _ROW:
            number = self.row_number
            if number < self.next_row:
                return  # a row out of order or repeated: read once, as before
            if number > self.limits.max_rows + 1:
                self._stop(
                    UnreadableFile(f"На листе больше {self.limits.max_rows} строк данных: разделите его.")
                )
            self.next_row = number + 1
            cells = self.cells
            # A row is as wide as its last cell says, as spreadsheets read it.
            width = min(self.column, self.max_cells)
            if len(cells) > width:
                del cells[width:]
            self.ready.append((number, cells))
        elif name == _RPH:
            self.phonetic = False
        elif name == _SHEET_DATA:
            self.in_data = False

    def _text(self) -> str:
        """The cell just closed as the text a user sees."""
        kind = self.kind
        if kind == "inlineStr":
            return "".join(self.inline) if self.inline is not None else ""
        if self.value is None:
            return ""
        value = "".join(self.value)
        if not value:
            return ""
        if kind == "s":
            return self.strings[int(value)]
        if kind == "n":
            number: int | float = (
                float(value) if ("." in value or "E" in value or "e" in value) else int(value)
            )
            if self.style and self.date_styles and int(self.style) in self.date_styles:
                return cell_text(from_excel(number, self.epoch, int(self.style) in self.duration_styles))
            return cell_text(number)
        if kind == "b":
            return "true" if int(value) else "false"
        if kind == "d":
            return cell_text(from_ISO8601(value))
        return value  # "str" (a formula's text), "e" (an error such as #N/A)

    def _coordinate(self, ref: str) -> int:
        try:
            letters, _row = coordinate_from_string(ref)
        except (CellCoordinatesException, ValueError):
            self._stop(UnreadableFile(f"{_BROKEN} (ячейка «{ref[:20]}»)"))
        return _COLUMNS[letters.upper()]

    def _row_number(self, ref: str) -> int:
        try:
            value = float(ref)
        except ValueError:
            value = 0.5
        if not value.is_integer():
            self._stop(UnreadableFile(f"{_BROKEN} (строка «{ref[:20]}»)"))
        return int(value)

    def _dimension(self, ref: str) -> None:
        """The size the sheet declares: too big is refused at once; it counts rows for a progress bar, but
        every row is read without trusting it."""
        try:
            _min_col, _min_row, columns, declared = range_boundaries(ref)
        except ValueError:
            return
        if declared is not None and declared > self.limits.max_rows + 1:
            raise UnreadableFile(f"На листе {declared} строк, допустимо не больше {self.limits.max_rows}.")
        if columns is not None and columns > self.max_cells:
            raise UnreadableFile(f"На листе {columns} столбцов: это не выгрузка обращений.")
        self.declared_rows = declared - 1 if declared and declared > 1 else None


def from_excel(value: float, epoch: dt.datetime, duration: bool = False) -> Any:
    """An Excel serial number as openpyxl reads it; «#VALUE!», as Excel shows it, for a number out of the
    range of dates."""
    try:
        return excel_serial(value, epoch, duration)
    except (OverflowError, ValueError):
        return "#VALUE!"


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
                _explain_ratio(archive, member, limits)
                raise UnreadableFile(
                    f"Часть «{member.filename}» сжата в {ratio:.0f} раз: файл похож на «zip-бомбу» "
                    "и не принимается."
                )
        for member in members:
            if member.filename.endswith((".xml", ".rels", ".vml")):
                try:
                    with archive.open(member) as part:
                        check_prolog(part, f"Часть книги «{member.filename}»")
                except (zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error) as exc:
                    raise UnreadableFile(_BROKEN) from exc


def _explain_ratio(archive: zipfile.ZipFile, member: zipfile.ZipInfo, limits: ReadLimits) -> None:
    """A part that compresses too well may hold one enormous cell rather than a bomb: its first
    `_PEEK_BYTES`, inflated, are searched for a text longer than a cell may be, and such a cell is named."""
    try:
        with archive.open(member) as part:
            head = part.read(_PEEK_BYTES)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error) as exc:
        raise UnreadableFile(_BROKEN) from exc
    texts = (_REFERENCE.sub(b"&", run.split(b">", 1)[-1]) for run in head.split(b"<"))
    chars = max((len(text.decode("utf-8", errors="ignore")) for text in texts), default=0)
    if chars > limits.max_cell_chars:
        more = " и более" if len(head) == _PEEK_BYTES else ""
        raise UnreadableFile(
            f"В книге есть ячейка длиннее {_grouped(limits.max_cell_chars)} символов "
            f"({_grouped(chars)}{more}): такие значения не принимаются, сократите текст или разделите его."
        )


def _grouped(number: int) -> str:
    return f"{number:,}".replace(",", "\u00a0")


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
