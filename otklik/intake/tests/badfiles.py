"""A corpus of broken and hostile files, built by code into a temporary directory.

Each `BadFile` says which reader takes it and what must come out: `UnreadableFile` whose Russian message
contains `hint`, per-row errors at the given (row, column) places, or acceptance of `records` items.
"""

from __future__ import annotations

import dataclasses
import io
import random
import zipfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import openpyxl

from otklik.intake.readers.limits import ReadLimits

HEADER = ["Номер", "Дата", "Текст", "Оценка", "ИНН", "Категория"]
GOOD = ["А-1", "10.01.2025 10:00", "Не могу дозвониться", "2", "272252601878", "ФЛ"]
TEST_MAPPING = {
    "name": "test_bad",
    "title": "Проверочный шаблон",
    "defaults": {"channel": "appeals"},
    "columns": [
        {"field": "source_id", "names": ["Номер"], "required": True},
        {"field": "received_at", "names": ["Дата"], "formats": ["%d.%m.%Y %H:%M", "%d.%m.%Y"]},
        {"field": "text", "names": ["Текст"]},
        {"field": "grades.overall", "names": ["Оценка"]},
        {"field": "personal.inn", "names": ["ИНН"]},
        {"field": "taxpayer_kind", "names": ["Категория"]},
    ],
}


@dataclasses.dataclass(frozen=True)
class BadFile:
    name: str
    build: Callable[[], bytes]
    expect: str  # "unreadable", "row_errors" or "accepted"
    hint: str = ""  # part of the UnreadableFile message
    errors: tuple[tuple[int, str], ...] = ()  # (row, column) that must be reported
    records: int = 0  # records expected when accepted (rows that pass)
    reader: str = "table"  # "table", "vk" or "feed"
    suffix: str = ".csv"
    limits: ReadLimits = dataclasses.field(default_factory=ReadLimits)
    # Through the whole import: the stream it is uploaded for (when not the reader's own) and the part of
    # the batch's message, when the import says it otherwise than the reader (it tells the kind first).
    channel: str = ""
    import_hint: str = ""

    def write(self, directory: Path) -> Path:
        path = directory / f"{self.name}{self.suffix}"
        path.write_bytes(self.build())
        return path


def csv_bytes(rows: list[list[str]], encoding: str = "utf-8", delimiter: str = ";") -> bytes:
    lines = [delimiter.join(_quote(cell, delimiter) for cell in row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def _quote(cell: str, delimiter: str) -> str:
    if any(ch in cell for ch in (delimiter, '"', "\n", "\r")):
        return '"' + cell.replace('"', '""') + '"'
    return cell


def good_with(**changes: str) -> list[str]:
    row = list(GOOD)
    for column, value in changes.items():
        row[HEADER.index(column)] = value
    return row


def xlsx_bytes(sheets: Mapping[str, Sequence[Sequence[object]]]) -> bytes:
    workbook = openpyxl.Workbook()
    first = workbook.active
    assert first is not None
    workbook.remove(first)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def replace_part(xlsx: bytes, part: str, writer: Callable[[zipfile.ZipFile], None]) -> bytes:
    """The same book with `part` written (anew, or in place of its own) by `writer`."""
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename != part:
                target.writestr(item, source.read(item))
        writer(target)
    return out.getvalue()


def _good_xlsx() -> bytes:
    return xlsx_bytes({"Лист1": [list(HEADER), list(GOOD)]})


def _zip_bomb() -> bytes:
    def huge_strings(target: zipfile.ZipFile) -> None:
        with target.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            part.write(
                b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            )
            chunk = b"<si><t>" + b"A" * 4000 + b"</t></si>" * 1
            for _ in range(30_000):  # about 120 MB inflated, a few hundred KB deflated
                part.write(chunk)
            part.write(b"</sst>")

    return replace_part(_good_xlsx(), "xl/sharedStrings.xml", huge_strings)


# Nine levels of ten references each: a billion "lol"s if a parser expanded them.
_LAUGHS_DTD = (
    b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + b"]>"
)
_LAUGHS = b'<?xml version="1.0"?>\n' + _LAUGHS_DTD + b"\n"


def _laughs_in_shared_strings() -> bytes:
    body = (
        _LAUGHS
        + b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol9;</t></si></sst>'
    )
    return replace_part(
        _good_xlsx(), "xl/sharedStrings.xml", lambda t: t.writestr("xl/sharedStrings.xml", body)
    )


def _zip_without_workbook() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("docProps/app.xml", '<?xml version="1.0"?><Properties/>')
    return out.getvalue()


def _vk(reviews: str, root: str = '<mkgu-reviews form="mkgu" version="0.0.4">', prolog: bytes = b"") -> bytes:
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + prolog + f"{root}{reviews}</mkgu-reviews>".encode()


_VK_REVIEW = (
    '<review id="VK-1"><date>2025-03-14T11:20:00+10:00</date><service id="10000000111">Прием</service>'
    '<office id="2700000101">ОП № 1</office><answers><answer criterion="9" value="{value}"/></answers>'
    "<comment>Долго</comment></review>"
)
_RSS_ITEM = "<item><title>{title}</title>{extra}<description>Текст</description></item>"


def _rss(items: str, prolog: bytes = b"") -> bytes:
    body = f'<rss version="2.0"><channel><title>Лента</title><link>https://example.ru/</link>{items}</channel></rss>'
    return b'<?xml version="1.0" encoding="UTF-8"?>' + prolog + body.encode()


def _dated_item(number: int) -> str:
    return (
        f"<item><title>Новость {number}</title><guid>n-{number}</guid>"
        f"<pubDate>Mon, 0{number} Dec 2025 10:00:00 +1000</pubDate>"
        f"<description>Текст {number}</description></item>"
    )


_LONG_COMMENT = b"<!-- " + "Лента новостей региона, выгружается каждый час. ".encode() * 80 + b"-->\n"
_STYLESHEETS = b"".join(b'<?xml-stylesheet type="text/css" href="/s%d.css"?>\n' % i for i in range(40))


def _million_char_cell() -> bytes:
    """One cell of a million letters, written as Excel writes text (openpyxl would cut it to 32,767)."""
    cells = "".join(
        f'<c r="{col}1" t="inlineStr"><is><t>{name}</t></is></c>'
        for col, name in zip("ABCDEF", HEADER, strict=True)
    )
    row = '<c r="A2" t="inlineStr"><is><t>А-1</t></is></c><c r="C2" t="inlineStr"><is><t>' + "ж" * 1_000_000
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        f'<row r="1">{cells}</row><row r="2">{row}</t></is></c></row></sheetData></worksheet>'
    ).encode()
    return replace_part(
        _good_xlsx(), "xl/worksheets/sheet1.xml", lambda t: t.writestr("xl/worksheets/sheet1.xml", sheet)
    )


def _long_random_cell() -> bytes:
    letters = "абвгдежзийклмнопрстуфхцчшщыэюя "
    text = "".join(random.Random(2).choice(letters) for _ in range(40_000))
    return xlsx_bytes({"Лист1": [list(HEADER), good_with(Текст=text), good_with(Номер="А-2")]})


def _sheet_with_entity() -> bytes:
    sheet = (
        b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>&x;</t></is></c></row></sheetData></worksheet>'
    )
    return replace_part(
        _good_xlsx(), "xl/worksheets/sheet1.xml", lambda t: t.writestr("xl/worksheets/sheet1.xml", sheet)
    )


def _docx_like() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", '<?xml version="1.0"?><document/>')
    return out.getvalue()


def _gzip_of_csv() -> bytes:
    import gzip

    return gzip.compress(csv_bytes([HEADER, GOOD] * 50), mtime=0)


def _unknown_single_byte() -> bytes:
    # Bytes above ASCII that read as Russian in no accepted encoding (Latin-1 accents and signs).
    line = "Café;résumé;naïve;façade;Ångström;±§°µ¶·\r\n"
    return ("Number;Date;Text;Grade;INN;Kind\r\n" + line * 30).encode("latin-1")


CORPUS: tuple[BadFile, ...] = (
    BadFile("utf16_csv", lambda: csv_bytes([HEADER, GOOD], "utf-16"), "unreadable", hint="UTF-16"),
    BadFile("binary_garbage", lambda: random.Random(1).randbytes(4096), "unreadable", hint="байт"),
    BadFile(
        "nul_bytes", lambda: csv_bytes([HEADER, good_with(Текст="до\x00после")]), "unreadable", hint="нулевые"
    ),
    BadFile("empty", lambda: b"", "unreadable", hint="пуст"),
    BadFile("blank_lines_only", lambda: b"\r\n  \r\n;;\r\n", "unreadable", hint="заголов"),
    BadFile("header_only", lambda: csv_bytes([HEADER]), "accepted", records=0),
    BadFile(
        "wrong_headers",
        lambda: csv_bytes([["Name", "Date", "Text"], ["1", "2", "3"]]),
        "unreadable",
        hint="нет обязательных столбцов",
    ),
    BadFile(
        "duplicate_headers",
        lambda: csv_bytes([[*HEADER, "номер "], [*GOOD, "x"]]),
        "unreadable",
        hint="дважды",
    ),
    BadFile(
        "cell_10mb",
        lambda: csv_bytes([HEADER, good_with(Текст="ж" * 5_000_000), GOOD]),
        "row_errors",
        errors=((2, "Текст"),),
        records=1,
    ),
    BadFile(
        "row_with_too_many_columns",
        lambda: csv_bytes([HEADER, GOOD, [*GOOD, "лишнее", "ещё"]]),
        "row_errors",
        errors=((3, ""),),
        records=1,
    ),
    BadFile(
        "bad_dates",
        lambda: csv_bytes([HEADER, good_with(Дата="31.02.2025"), good_with(Дата="вчера")]),
        "row_errors",
        errors=((2, "Дата"), (3, "Дата")),
    ),
    BadFile(
        "missing_date", lambda: csv_bytes([HEADER, good_with(Дата="")]), "row_errors", errors=((2, "Дата"),)
    ),
    BadFile(
        "bad_inn",
        lambda: csv_bytes([HEADER, good_with(ИНН="272252601879"), good_with(ИНН="12345")]),
        "row_errors",
        errors=((2, "ИНН"), (3, "ИНН")),
    ),
    BadFile(
        "grade_seven",
        lambda: csv_bytes([HEADER, good_with(Оценка="7"), good_with(Оценка="хор")]),
        "row_errors",
        errors=((2, "Оценка"), (3, "Оценка")),
    ),
    BadFile(
        "unknown_taxpayer_kind",
        lambda: csv_bytes([HEADER, good_with(Категория="Пенсионер")]),
        "row_errors",
        errors=((2, "Категория"),),
    ),
    BadFile(
        "formula_cells",
        lambda: csv_bytes(
            [
                HEADER,
                good_with(Текст='=HYPERLINK("http://evil.example","жми")'),
                good_with(Номер="А-2", Текст="+cmd|' /C calc'!A0"),
                good_with(Номер="А-3", Текст="@SUM(1+1)*cmd|' /C calc'!A0"),
            ]
        ),
        "accepted",
        records=3,
    ),
    BadFile(
        "mixed_line_endings",
        lambda: (
            b"\r\n".join([";".join(HEADER).encode(), ";".join(GOOD).encode()])
            + b"\n"
            + ";".join(good_with(Номер="А-2")).encode()
            + b"\r"
            + ";".join(good_with(Номер="А-3")).encode()
            + b"\n"
        ),
        "accepted",
        records=3,
    ),
    BadFile(
        "unterminated_quote",
        lambda: csv_bytes([HEADER, GOOD]) + ";".join(GOOD).replace("Не", '"Не').encode(),
        "unreadable",
        hint="кавычка",
    ),
    BadFile(
        "stray_quote",
        lambda: csv_bytes([HEADER]) + b'A-1;10.01.2025 10:00;"text"tail;2;;\r\n',
        "unreadable",
        hint="кавычк",
    ),
    BadFile(
        "over_byte_limit",
        lambda: csv_bytes([HEADER] + [GOOD] * 100),
        "unreadable",
        hint="слишком большой",
        limits=ReadLimits(max_bytes=2000),
    ),
    BadFile(
        "over_row_limit",
        lambda: csv_bytes([HEADER] + [GOOD] * 11),
        "unreadable",
        hint="строк",
        limits=ReadLimits(max_rows=10),
    ),
    BadFile(
        "over_column_limit",
        lambda: csv_bytes([[f"К{i}" for i in range(30)]]),
        "unreadable",
        hint="столбцов",
        limits=ReadLimits(max_columns=20),
    ),
    BadFile(
        "bad_utf8_after_prefix",
        lambda: csv_bytes([HEADER] + [GOOD] * 20_000) + b"\xff\xfe;\r\n",
        "unreadable",
        hint="недопустимые",
    ),
    BadFile(
        "xls_97",
        lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2048),
        "unreadable",
        hint="XLS",
        suffix=".xls",
    ),
    BadFile(
        "not_a_zip",
        lambda: "Номер;Дата\r\n".encode(),
        "unreadable",
        hint="не является книгой",
        suffix=".xlsx",
    ),
    BadFile(
        "truncated_zip", lambda: _good_xlsx()[:1500], "unreadable", hint="не является книгой", suffix=".xlsx"
    ),
    BadFile(
        "zip_without_workbook", _zip_without_workbook, "unreadable", hint="xl/workbook.xml", suffix=".xlsx"
    ),
    BadFile("zip_bomb", _zip_bomb, "unreadable", hint="zip-бомб", suffix=".xlsx"),
    BadFile("billion_laughs_xlsx", _laughs_in_shared_strings, "unreadable", hint="DOCTYPE", suffix=".xlsx"),
    BadFile(
        "two_sheets",
        lambda: xlsx_bytes({"Обращения": [HEADER, GOOD], "Справочник": [["x"]]}),
        "unreadable",
        hint="Справочник",
        suffix=".xlsx",
    ),
    BadFile(
        "xlsx_bad_values",
        lambda: xlsx_bytes({"Лист": [HEADER, good_with(Оценка="0"), GOOD]}),
        "row_errors",
        errors=((2, "Оценка"),),
        records=1,
        suffix=".xlsx",
    ),
    BadFile(
        "xlsx_over_row_limit",
        lambda: xlsx_bytes({"Лист": [HEADER] + [GOOD] * 12}),
        "unreadable",
        hint="строк",
        suffix=".xlsx",
        limits=ReadLimits(max_rows=10),
    ),
    BadFile(
        "vk_xml_bomb",
        lambda: _vk("", prolog=_LAUGHS_DTD),
        "unreadable",
        hint="DOCTYPE",
        reader="vk",
        suffix=".xml",
    ),
    BadFile(
        "vk_external_entity",
        lambda: (
            b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b'<mkgu-reviews version="0.0.4"><review id="1"><comment>&x;</comment></review></mkgu-reviews>'
        ),
        "unreadable",
        hint="DOCTYPE",
        reader="vk",
        suffix=".xml",
    ),
    BadFile(
        "vk_wrong_root",
        lambda: _vk("", '<reviews version="0.0.4">').replace(b"</mkgu-reviews>", b"</reviews>"),
        "unreadable",
        hint="корнев",
        reader="vk",
        suffix=".xml",
    ),
    BadFile(
        "vk_other_version",
        lambda: _vk("", '<mkgu-reviews version="0.0.9">'),
        "unreadable",
        hint="версия",
        reader="vk",
        suffix=".xml",
    ),
    BadFile(
        "vk_truncated",
        lambda: _vk(_VK_REVIEW.format(value=42))[:-40],
        "unreadable",
        hint="повреждён",
        reader="vk",
        suffix=".xml",
    ),
    BadFile(
        "vk_grade_of_other_criterion",
        lambda: _vk(_VK_REVIEW.format(value=47) + _VK_REVIEW.format(value=99)),
        "row_errors",
        errors=((1, "answer[9]"), (2, "answer[9]")),
        reader="vk",
        suffix=".xml",
    ),
    BadFile(
        "feed_is_html",
        lambda: b"<html><body><h1>502 Bad Gateway</h1></body></html>",
        "unreadable",
        hint="не RSS",
        import_hint="веб-страница (HTML)",
        reader="feed",
        suffix=".xml",
    ),
    BadFile(
        "feed_entity_bomb",
        lambda: _rss("", prolog=_LAUGHS_DTD.replace(b"lolz", b"rss")),
        "unreadable",
        hint="DOCTYPE",
        reader="feed",
        suffix=".xml",
    ),
    BadFile(
        "feed_item_without_id_and_date",
        lambda: _rss(_RSS_ITEM.format(title="Без даты", extra="")),
        "row_errors",
        errors=((1, "guid"), (1, "pubDate")),
        reader="feed",
        suffix=".xml",
    ),
    # The kind of an XML file comes from its root element, whatever stands before it.
    BadFile(
        "feed_with_long_comment",
        lambda: _rss(_dated_item(1), prolog=b"\n" + _LONG_COMMENT),
        "accepted",
        records=1,
        reader="feed",
        suffix=".xml",
    ),
    BadFile(
        "feed_with_stylesheet_lines",
        lambda: _rss(_dated_item(1) + _dated_item(2), prolog=b"\n" + _STYLESHEETS),
        "accepted",
        records=2,
        reader="feed",
        suffix=".xml",
    ),
    BadFile(
        "vk_with_rss_in_a_comment",
        lambda: _vk(_VK_REVIEW.format(value=42), prolog=b'<!-- not <rss version="2.0"> nor <feed> -->\n'),
        "accepted",
        records=1,
        reader="vk",
        suffix=".xml",
    ),
    BadFile(
        "feed_bomb_after_long_comment",
        lambda: (
            b'<?xml version="1.0"?>\n'
            + _LONG_COMMENT
            + _LAUGHS_DTD.replace(b"lolz", b"rss")
            + b'<rss version="2.0"><channel><title>&lol9;</title></channel></rss>'
        ),
        "unreadable",
        hint="DOCTYPE",
        reader="feed",
        suffix=".xml",
    ),
    BadFile(
        "feed_external_entity",
        lambda: (
            b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            + b'<rss version="2.0"><channel><title>&x;</title></channel></rss>'
        ),
        "unreadable",
        hint="DOCTYPE",
        reader="feed",
        suffix=".xml",
    ),
    BadFile(
        "feed_for_written_appeals",
        lambda: _rss(_dated_item(1)),
        "unreadable",
        hint="похож на ленту",
        reader="feed",
        suffix=".xml",
        channel="appeals",
    ),
    BadFile(
        "feed_for_vashkontrol",
        lambda: _rss(_dated_item(1)),
        "unreadable",
        hint="похож на ленту",
        reader="feed",
        suffix=".xml",
        channel="vashkontrol",
    ),
    BadFile(
        "vk_for_media",
        lambda: _vk(_VK_REVIEW.format(value=42)),
        "unreadable",
        hint="похож на выгрузку «Ваш контроль»",
        reader="vk",
        suffix=".xml",
        channel="media",
    ),
    BadFile(
        "unknown_xml_for_appeals",
        lambda: b'<?xml version="1.0"?><catalog><book id="1"/></catalog>',
        "unreadable",
        hint="корневым элементом <catalog>",
        reader="vk",
        suffix=".xml",
        channel="appeals",
    ),
    BadFile(
        "xml_declaration_only",
        lambda: b'<?xml version="1.0" encoding="UTF-8"?>\n',
        "unreadable",
        hint="повреждён",
        reader="vk",
        suffix=".xml",
    ),
    BadFile(
        "xml_comment_only",
        lambda: '<?xml version="1.0"?>\n<!-- выгрузка не сформирована -->\n'.encode(),
        "unreadable",
        hint="повреждён",
        reader="vk",
        suffix=".xml",
    ),
    BadFile(
        "vk_plain_doctype",
        lambda: _vk(_VK_REVIEW.format(value=42), prolog=b"<!DOCTYPE mkgu-reviews>\n"),
        "unreadable",
        hint="DOCTYPE",
        reader="vk",
        suffix=".xml",
    ),
    BadFile(
        "vk_empty_export",
        lambda: _vk(""),
        "accepted",
        records=0,
        reader="vk",
        suffix=".xml",
    ),
    # A feed cut short or broken is refused with its line, not read up to where it breaks.
    BadFile(
        "feed_truncated_inside_an_item",
        lambda: _rss(_dated_item(1) + _dated_item(2))[:-60],
        "unreadable",
        hint="строка 1",
        reader="feed",
        suffix=".xml",
    ),
    BadFile(
        "feed_truncated_after_an_item",
        lambda: _rss(_dated_item(1) + "\n" + _dated_item(2)).split(b"</item>")[0] + b"</item>\n",
        "unreadable",
        hint="обрывается",
        reader="feed",
        suffix=".xml",
    ),
    BadFile(
        "feed_mismatched_tags",
        lambda: _rss(_dated_item(1).replace("</title>", "</titel>")),
        "unreadable",
        hint="не соответствует",
        reader="feed",
        suffix=".xml",
    ),
    BadFile(
        "feed_junk_after_the_end",
        lambda: _rss(_dated_item(1)) + b"\n<rss><channel/></rss>",
        "unreadable",
        hint="лишний текст",
        reader="feed",
        suffix=".xml",
    ),
    BadFile(
        "feed_html_entity",
        lambda: _rss(_dated_item(1).replace("Текст 1", "Текст&nbsp;1")),
        "unreadable",
        hint="сущность",
        reader="feed",
        suffix=".xml",
    ),
    # Encodings: the Cyrillic ones are told apart, others refused by name.
    BadFile("koi8_r_csv", lambda: csv_bytes([HEADER, GOOD], "koi8-r"), "accepted", records=1),
    BadFile("cp866_csv", lambda: csv_bytes([HEADER, GOOD], "cp866"), "accepted", records=1),
    BadFile("cp1251_csv", lambda: csv_bytes([HEADER, GOOD], "cp1251"), "accepted", records=1),
    BadFile("utf8_bom_csv", lambda: b"\xef\xbb\xbf" + csv_bytes([HEADER, GOOD]), "accepted", records=1),
    BadFile(
        "utf16_without_bom",
        lambda: csv_bytes([HEADER, GOOD], "utf-16-le"),
        "unreadable",
        hint="UTF-16",
    ),
    BadFile("latin1_csv", _unknown_single_byte, "unreadable", hint="Кодировка файла не распознана"),
    BadFile("gzip_of_a_csv", _gzip_of_csv, "unreadable", hint="байт"),
    BadFile(
        "nul_bytes_deep_in_the_file",
        lambda: (
            csv_bytes([HEADER] + [GOOD] * 20_000) + ";".join(GOOD).replace("Не", "Н\x00е").encode() + b"\r\n"
        ),
        "unreadable",
        hint="нулевые",
    ),
    BadFile("whitespace_only", lambda: b"   \r\n\t\r\n   ", "unreadable", hint="заголов"),
    BadFile(
        "tab_separated",
        lambda: csv_bytes([HEADER, GOOD, good_with(Номер="А-2")], delimiter="\t"),
        "accepted",
        records=2,
    ),
    BadFile(
        "thousands_of_separators_in_a_row",
        lambda: csv_bytes([HEADER, GOOD]) + ";".join(GOOD).encode() + b";x" * 50_000 + b"\r\n",
        "row_errors",
        errors=((3, ""),),
        records=1,
    ),
    # XLSX: one enormous cell is named as such, not as a zip bomb; other hostile books are refused.
    BadFile(
        "xlsx_million_char_cell", _million_char_cell, "unreadable", hint="ячейка длиннее", suffix=".xlsx"
    ),
    BadFile(
        "xlsx_long_cell_within_zip_limits",
        _long_random_cell,
        "row_errors",
        errors=((2, "Текст"),),
        records=1,
        suffix=".xlsx",
    ),
    BadFile(
        "xlsx_external_entity_in_sheet", _sheet_with_entity, "unreadable", hint="DOCTYPE", suffix=".xlsx"
    ),
    BadFile(
        "xlsx_truncated_at_the_end",
        lambda: _good_xlsx()[:-100],
        "unreadable",
        hint="не является книгой",
        suffix=".xlsx",
    ),
    BadFile("docx_as_a_table", _docx_like, "unreadable", hint="xl/workbook.xml", suffix=".xlsx"),
    BadFile(
        "xlsx_formula_cells",
        lambda: xlsx_bytes({"Лист1": [HEADER, good_with(Текст='=HYPERLINK("http://evil.example","жми")')]}),
        "accepted",
        records=1,
        suffix=".xlsx",
    ),
    BadFile(
        "xlsx_named_csv",
        _good_xlsx,
        "accepted",
        records=1,
        suffix=".csv",
    ),
)
