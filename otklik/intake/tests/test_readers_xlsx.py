"""The streaming XLSX reader: the same cells as openpyxl gave, every kind of cell, and hostile books."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from otklik.intake.readers import ReadLimits, UnreadableFile, open_table, xlsxtable
from otklik.intake.readers.xlsxtable import XlsxSource, cell_text
from otklik.intake.tests.badfiles import GOOD, HEADER, xlsx_bytes

SAMPLES = Path(__file__).resolve().parents[3] / "docs" / "formats" / "samples"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def openpyxl_rows(path: Path) -> list[tuple[int, list[str]]]:
    """What the reader gave when it read through openpyxl's read-only mode: non-empty rows with numbers."""
    book = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
    try:
        sheet = book[book.sheetnames[0]]
        sheet.reset_dimensions()
        rows = [
            (number, [cell_text(value) for value in values])
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
        ]
    finally:
        book.close()
    return [(number, cells) for number, cells in rows if cells]


def our_rows(path: Path, limits: ReadLimits | None = None) -> list[tuple[int, list[str]]]:
    """Every non-empty row of the sheet, the header too, as the new reader gives them."""
    source = XlsxSource(str(path), limits or ReadLimits(), None)
    try:
        rows = list(source._stream())
    finally:
        source.close()
    return [(number, cells) for number, cells in rows if cells]


def book(
    sheet_data: str,
    *,
    strings: str | None = None,
    styles: str | None = None,
    workbook_pr: str = "",
    before_data: str = "",
    sheet_prolog: str = "",
    prefix: str = "",
) -> bytes:
    """A book written by hand, part by part, as other programs than openpyxl write them."""
    p = f"{prefix}:" if prefix else ""
    xmlns = f'xmlns:{prefix}="{MAIN}"' if prefix else f'xmlns="{MAIN}"'
    overrides = [
        ("/xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
        (
            "/xl/worksheets/sheet1.xml",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml",
        ),
    ]
    rels = [("rId1", "worksheet", "worksheets/sheet1.xml")]
    if strings is not None:
        overrides.append(
            (
                "/xl/sharedStrings.xml",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml",
            )
        )
        rels.append(("rId2", "sharedStrings", "sharedStrings.xml"))
    if styles is not None:
        overrides.append(
            ("/xl/styles.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml")
        )
        rels.append(("rId3", "styles", "styles.xml"))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            + "".join(f'<Override PartName="{n}" ContentType="{t}"/>' for n, t in overrides)
            + "</Types>",
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{RELS}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>",
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{RELS}">{workbook_pr}'
            '<sheets><sheet name="Выгрузка" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(
                f'<Relationship Id="{i}" Type="{RELS}/{t}" Target="{target}"/>' for i, t, target in rels
            )
            + "</Relationships>",
        )
        archive.writestr(
            "xl/worksheets/sheet1.xml",
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{sheet_prolog}'
            f"<{p}worksheet {xmlns}>{before_data}<{p}sheetData>{sheet_data}</{p}sheetData></{p}worksheet>",
        )
        if strings is not None:
            archive.writestr(
                "xl/sharedStrings.xml",
                f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">{strings}</sst>',
            )
        if styles is not None:
            archive.writestr(
                "xl/styles.xml",
                f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{MAIN}">{styles}</styleSheet>',
            )
    return out.getvalue()


def write(tmp_path: Path, data: bytes, name: str = "book.xlsx") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("name", ["forwarded.xlsx", "surveys.xlsx", "media.xlsx"])
def test_the_sample_books_read_exactly_as_openpyxl_read_them(name: str) -> None:
    path = SAMPLES / name
    expected = openpyxl_rows(path)
    assert our_rows(path) == expected
    with open_table(path) as table:
        assert table.total_rows == len(expected) - 1
        assert [row.number for row in table.rows()] == [number for number, _ in expected[1:]]


def test_a_book_saved_by_openpyxl_with_every_python_type_reads_as_before(tmp_path: Path) -> None:
    import datetime as dt

    rows: list[list[object]] = [
        ["Текст", "Целое", "Дробь", "Да/нет", "Дата", "День", "Время", "Пусто", "Формула"],
        [
            "Очередь  с пробелами ",
            272252601878,
            2.5,
            True,
            dt.datetime(2025, 1, 10, 10, 0),
            dt.date(2025, 2, 3),
        ],
        ["x", 5.0, 1e20, False, dt.datetime(2024, 2, 29, 23, 59, 59), None, dt.time(8, 30), None, "=1+1"],
        [None, None, -0.1, None, None, None, None, None, "'=HYPERLINK()"],
    ]
    path = write(tmp_path, xlsx_bytes({"Лист": rows}))
    assert our_rows(path) == openpyxl_rows(path)
    assert our_rows(path)[1][1][:6] == [
        "Очередь  с пробелами ",
        "272252601878",
        "2.5",
        "true",
        "2025-01-10T10:00:00",
        "2025-02-03T00:00:00",
    ]


def test_shared_strings_rich_text_and_phonetic_runs(tmp_path: Path) -> None:
    strings = (
        "<si><t>Номер</t></si><si><t>Текст</t></si>"
        '<si><r><rPr><b/></rPr><t xml:space="preserve">Долго </t></r><r><t>ждал</t></r></si>'
        '<si><t>漢字</t><rPh sb="0" eb="2"><t>かんじ</t></rPh></si>'
        "<si><t>a_x005F_x000D_b</t></si><si><t/></si>"
    )
    data = (
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
        '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>3</v></c></row>'
        '<row r="3"><c r="A3" t="s"><v>4</v></c><c r="B3" t="s"><v>5</v></c></row>'
    )
    path = write(tmp_path, book(data, strings=strings))
    assert our_rows(path) == [
        (1, ["Номер", "Текст"]),
        (2, ["Долго ждал", "漢字"]),
        (3, ["a_x000D_b", ""]),
    ]
    assert our_rows(path) == openpyxl_rows(path)


def test_inline_strings_with_runs_entities_and_character_references(tmp_path: Path) -> None:
    data = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Номер</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>&#1058;&#1077;&#1082;&#1089;&#1090;</t></is></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><r><t>А-</t></r><r><rPr><i/></rPr><t>1</t></r></is></c>'
        '<c r="B2" t="inlineStr"><is><t>&lt;b&gt; &amp; &quot;кавычки&quot;</t></is></c></row>'
        '<row r="3"><c r="A3" t="inlineStr"/>'
        '<c r="B3" t="inlineStr"><is><t><![CDATA[<сырой> текст]]></t></is></c></row>'
    )
    path = write(tmp_path, book(data))
    assert our_rows(path) == [
        (1, ["Номер", "Текст"]),
        (2, ["А-1", '<b> & "кавычки"']),
        (3, ["", "<сырой> текст"]),
    ]
    assert our_rows(path) == openpyxl_rows(path)


STYLES = (
    '<numFmts count="3"><numFmt numFmtId="164" formatCode="dd/mm/yyyy\\ hh:mm"/>'
    '<numFmt numFmtId="165" formatCode="&quot;дней: &quot;0"/>'
    '<numFmt numFmtId="166" formatCode="[h]:mm:ss"/></numFmts>'
    '<cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/>'
    '<xf numFmtId="166"/><xf numFmtId="21"/></cellXfs>'
)


@pytest.mark.parametrize("workbook_pr", ["", '<workbookPr date1904="1"/>'])
def test_dates_follow_the_number_format_of_the_cell_style_and_the_books_epoch(
    tmp_path: Path, workbook_pr: str
) -> None:
    cells = [
        ('s="1"', "45667"),  # built-in date format
        ('s="2"', "45667.4375"),  # custom date and time
        ('s="3"', "45667"),  # custom, but not a date: a quoted word has «д»
        ('s="4"', "1.5"),  # a duration
        ('s="5"', "0.75"),  # a time of day
        ('s="0"', "45667.4375"),  # no date format: the number
        ('s="2"', "1e300"),  # out of the range of dates
        ('s="1" t="d"', "2025-01-10T10:30:00"),  # a date stored as ISO text
        ('s="1"', "30"),  # before Excel's 29 February 1900
    ]
    header = "".join(f'<c t="inlineStr"><is><t>К{i}</t></is></c>' for i in range(len(cells)))
    body = "".join(f"<c {attrs}><v>{value}</v></c>" for attrs, value in cells)
    path = write(
        tmp_path, book(f"<row>{header}</row><row>{body}</row>", styles=STYLES, workbook_pr=workbook_pr)
    )
    rows = our_rows(path)
    assert rows == openpyxl_rows(path)
    values = rows[1][1]
    if not workbook_pr:
        assert values[:3] == ["2025-01-10T00:00:00", "2025-01-10T10:30:00", "45667"]
    assert values[3] == "1 day, 12:00:00" and values[4] == "18:00:00" and values[6] == "#VALUE!"
    assert values[7] == "2025-01-10T10:30:00"


def test_empty_cells_column_gaps_missing_references_and_row_numbers(tmp_path: Path) -> None:
    data = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>b</t></is></c>'
        '<c r="C1" t="inlineStr"><is><t>c</t></is></c><c r="D1" t="inlineStr"><is><t>d</t></is></c></row>'
        '<row r="3"><c r="A3"><v>1</v></c><c r="B3" s="0"/><c r="D3"><v>4</v></c></row>'
        '<row r="5"><c r="B5"><v>2</v></c><c r="D5"><v>4</v></c><c r="F5" s="0"/></row>'
        "<row><c><v>1</v></c><c/><c><v>3</v></c></row>"  # row 6, cells A, B, C by position
        '<row r="7" spans="1:4"/>'
        '<row r="9"><c r="C9" t="b"><v>1</v></c><c r="A9" t="e"><v>#N/A</v></c></row>'  # out of order
        '<row r="8"><c r="A8"><v>8</v></c></row>'  # a row out of order is read once, not again
        '<row r="10"><c r="A10" t="str"><f>CONCAT("а","б")</f><v>аб</v></c><c r="B10"><v>007</v></c>'
        '<c r="C10"><v>1.5E3</v></c><c r="D10"><v>-2.50</v></c></row>'
    )
    path = write(tmp_path, book(data, before_data='<dimension ref="A1:F10"/>'))
    rows = our_rows(path)
    assert rows == openpyxl_rows(path)
    assert rows == [
        (1, ["a", "b", "c", "d"]),
        (3, ["1", "", "", "4"]),
        (5, ["", "2", "", "4", "", ""]),
        (6, ["1", "", "3"]),
        (9, ["#N/A"]),
        (10, ["аб", "7", "1500", "-2.5"]),
    ]
    with open_table(path) as table:
        assert table.columns == ("a", "b", "c", "d")
        assert table.total_rows == 9
        read = [(row.number, list(row.values.values())) for row in table.rows()]
    assert read[:3] == [(3, ["1", "", "", "4"]), (5, ["", "2", "", "4"]), (6, ["1", "", "3", ""])]


def test_a_namespace_prefix_on_every_element_is_read_the_same(tmp_path: Path) -> None:
    data = (
        '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>Номер</x:t></x:is></x:c></x:row>'
        '<x:row r="2"><x:c r="A2"><x:v>12</x:v></x:c></x:row>'
    )
    path = write(tmp_path, book(data, prefix="x"))
    assert our_rows(path) == [(1, ["Номер"]), (2, ["12"])] == openpyxl_rows(path)


def test_reading_the_rows_twice_reads_the_sheet_again(tmp_path: Path) -> None:
    path = write(tmp_path, xlsx_bytes({"Лист": [HEADER, GOOD, GOOD]}))
    with open_table(path) as table:
        first = [row.number for row in table.rows()]
        second = [row.number for row in table.rows(skip_rows=1)]
    assert (first, second) == ([2, 3], [3])


def test_cells_longer_than_the_limit_are_row_errors_and_rows_past_the_limit_stop_the_file(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, xlsx_bytes({"Лист": [HEADER, [*GOOD[:2], "ж" * 50, *GOOD[3:]], GOOD]}))
    with open_table(path, ReadLimits(max_cell_chars=40)) as table:
        rows = list(table.rows())
    assert [(p.row, p.column) for p in rows[0].problems] == [(2, "Текст")] and not rows[1].problems
    data = (
        '<row r="1"><c t="inlineStr"><is><t>a</t></is></c></row>'
        '<row r="2"><c><v>1</v></c></row><row r="40"><c><v>2</v></c></row>'
    )
    path = write(tmp_path, book(data))
    with open_table(path, ReadLimits(max_rows=10)) as table:
        seen = []
        with pytest.raises(UnreadableFile, match="больше 10 строк"):
            for row in table.rows():
                seen.append(row.number)
    assert seen == [2]


def test_a_declared_size_beyond_the_limits_is_refused_before_any_row(tmp_path: Path) -> None:
    data = '<row r="1"><c t="inlineStr"><is><t>a</t></is></c></row>'
    with pytest.raises(UnreadableFile, match="строк, допустимо"):
        open_table(write(tmp_path, book(data, before_data='<dimension ref="A1:B5000000"/>')))
    with pytest.raises(UnreadableFile, match="столбцов"):
        open_table(write(tmp_path, book(data, before_data='<dimension ref="A1:ZZZ2"/>')))


def test_a_sheet_that_inflates_far_beyond_its_size_is_a_zip_bomb(tmp_path: Path) -> None:
    row = '<row><c t="inlineStr"><is><t>' + "A" * 1000 + "</t></is></c></row>"
    path = write(tmp_path, book(row * 5000))  # 5 MB of sheet in a few kilobytes
    with pytest.raises(UnreadableFile, match="zip-бомб"):
        open_table(path)
    with pytest.raises(UnreadableFile, match="zip-бомб"):
        open_table(path, ReadLimits(max_zip_ratio=10**6, max_unzipped_bytes=1024 * 1024))


LAUGHS = (
    '<!DOCTYPE worksheet [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
)


@pytest.mark.parametrize(
    "prolog",
    [LAUGHS, '<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]>', "<!DOCTYPE worksheet>"],
)
def test_a_doctype_or_entity_in_the_sheet_is_refused_even_without_the_prolog_check(
    tmp_path: Path, prolog: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = '<row r="1"><c t="inlineStr"><is><t>&lol3;</t></is></c></row>'
    path = write(tmp_path, book(data, sheet_prolog=prolog))
    with pytest.raises(UnreadableFile, match="DOCTYPE"):
        open_table(path)
    monkeypatch.setattr(xlsxtable, "check_zip", lambda *_: None)  # the reader refuses it on its own
    with pytest.raises(UnreadableFile, match="DOCTYPE"):
        open_table(path)


def test_a_damaged_sheet_or_an_unknown_string_is_a_broken_book(tmp_path: Path) -> None:
    path = write(tmp_path, book('<row r="1"><c t="inlineStr"><is><t>a</t></is></c></row><row r="2"><c>'))
    with pytest.raises(UnreadableFile, match="повреждён"), open_table(path) as table:
        list(table.rows())
    path = write(tmp_path, book('<row r="1"><c t="s"><v>7</v></c></row>', strings="<si><t>a</t></si>"))
    with pytest.raises(UnreadableFile, match="повреждён"):
        open_table(path)


def test_one_cell_far_down_and_right_is_read_as_it_stands_without_filling_the_sheet_around_it(
    tmp_path: Path,
) -> None:
    # A 2 KB book within the limits (row 2 000 000, column 200) whose bounding box a reader that holds the
    # whole sheet would allocate: 400 million cells (python-calamine asks for 12,8 GB and aborts).
    data = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Номер</t></is></c></row>'
        '<row r="2000000"><c r="GR2000000"><v>7</v></c></row>'
    )
    path = write(tmp_path, book(data))
    assert path.stat().st_size < 4096
    rows = our_rows(path)
    assert [(number, len(cells), cells[-1]) for number, cells in rows] == [
        (1, 1, "Номер"),
        (2000000, 200, "7"),
    ]
    with open_table(path) as table:
        assert [(row.number, row.values) for row in table.rows()] == [(2000000, {"Номер": ""})]
