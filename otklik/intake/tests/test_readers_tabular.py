"""Reading CSV and XLSX: dialects, resumable reading, counting, and the mapping's own rules."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from otklik.intake.readers import (
    MappingError,
    RawRow,
    UnreadableFile,
    apply_mapping,
    count_rows,
    load_mapping,
    mapping_from_dict,
    open_table,
    read_rows,
)
from otklik.intake.readers.values import parse_datetime
from otklik.intake.tests.badfiles import GOOD, HEADER, TEST_MAPPING, csv_bytes, good_with, xlsx_bytes
from otklik.registry.record import FeedbackRecord


def _write(tmp_path: Path, data: bytes, name: str = "f.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [
        ("utf-8", ";"),
        ("utf-8-sig", ";"),
        ("cp1251", ";"),
        ("cp1251", ","),
        ("koi8-r", ";"),
        ("cp866", ";"),
        ("cp866", "\t"),
        ("utf-8", "\t"),
        ("utf-8-sig", ","),
    ],
)
def test_csv_encoding_and_delimiter_are_detected(tmp_path: Path, encoding: str, delimiter: str) -> None:
    path = _write(
        tmp_path, csv_bytes([HEADER, good_with(Текст="Очередь, духота; ужас")], encoding, delimiter)
    )
    with open_table(path) as table:
        assert table.encoding == encoding
        assert table.delimiter == delimiter
        assert table.columns == tuple(HEADER)
        rows = list(table.rows())
    assert [row.values["Текст"] for row in rows] == ["Очередь, духота; ужас"]


def test_header_names_are_trimmed_and_a_bom_is_not_part_of_the_first_name(tmp_path: Path) -> None:
    path = _write(tmp_path, "\ufeff Номер ;Дата  поступления;;\r\n1;2;;\r\n".encode())
    with open_table(path) as table:
        assert table.columns == ("Номер", "Дата поступления")


def test_rows_keep_spreadsheet_numbers_across_blank_lines_and_multiline_cells(tmp_path: Path) -> None:
    data = csv_bytes([HEADER, good_with(Текст="строка 1\nстрока 2"), [], good_with(Номер="А-2")])
    numbers = [row.number for row in read_rows(_write(tmp_path, data))]
    assert numbers == [2, 4]


def test_a_header_only_file_yields_no_rows(tmp_path: Path) -> None:
    assert list(read_rows(_write(tmp_path, csv_bytes([HEADER])))) == []


def test_skip_rows_resumes_after_the_rows_already_committed(tmp_path: Path) -> None:
    data = csv_bytes([HEADER] + [good_with(Номер=f"А-{i}") for i in range(1, 8)])
    path = _write(tmp_path, data)
    with open_table(path) as table:
        resumed = [row.values["Номер"] for row in table.rows(skip_rows=5)]
        assert table.rows_read == 7
    assert resumed == ["А-6", "А-7"]


def test_count_rows_gives_the_data_rows_of_csv_and_xlsx(tmp_path: Path) -> None:
    rows = [HEADER] + [GOOD] * 9
    assert count_rows(_write(tmp_path, csv_bytes([HEADER] + [GOOD] * 9))) == 9
    assert count_rows(_write(tmp_path, xlsx_bytes({"Лист": rows}), "f.xlsx")) == 9


def test_xlsx_cells_arrive_as_the_text_a_user_sees(tmp_path: Path) -> None:
    row: list[object] = ["А-1", dt.datetime(2025, 1, 10, 10, 0), 272252601878, 5.0, 2.5, True, None]
    path = _write(tmp_path, xlsx_bytes({"Лист": [["a", "b", "c", "d", "e", "f", "g"], row]}), "f.xlsx")
    (only,) = read_rows(path)
    assert list(only.values.values()) == [
        "А-1",
        "2025-01-10T10:00:00",
        "272252601878",
        "5",
        "2.5",
        "true",
        "",
    ]


def test_one_sheet_of_several_can_be_chosen(tmp_path: Path) -> None:
    path = _write(tmp_path, xlsx_bytes({"Справка": [["x"]], "Обращения": [HEADER, GOOD]}), "f.xlsx")
    with open_table(path, sheet="Обращения") as table:
        assert [row.values["Номер"] for row in table.rows()] == ["А-1"]
    with pytest.raises(UnreadableFile, match="нет листа"):
        open_table(path, sheet="Лист9")


def test_a_missing_file_is_unreadable_not_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFile, match="не открывается"):
        open_table(tmp_path / "нет.csv")


def _row(**values: str) -> RawRow:
    return RawRow(2, dict(zip(HEADER, good_with(**values), strict=True)))


def test_naive_times_take_the_mapping_time_zone_and_explicit_offsets_are_kept() -> None:
    mapping = mapping_from_dict(TEST_MAPPING)
    record = apply_mapping(_row(), mapping)
    assert isinstance(record, FeedbackRecord)
    assert record.received_at == dt.datetime(2025, 1, 10, 10, 0, tzinfo=ZoneInfo("Asia/Vladivostok"))
    other = mapping_from_dict({**TEST_MAPPING, "timezone": "Europe/Moscow"})
    moscow = apply_mapping(_row(Дата="2025-01-10T10:00:00+03:00"), other)
    assert isinstance(moscow, FeedbackRecord) and moscow.received_at.utcoffset() == dt.timedelta(hours=3)


def test_excel_serial_dates_are_read_where_the_mapping_allows_them() -> None:
    columns = [dict(c) for c in TEST_MAPPING["columns"]]  # type: ignore[call-overload]
    columns[1]["formats"] = ["%d.%m.%Y", "excel"]
    mapping = mapping_from_dict({**TEST_MAPPING, "columns": columns})
    record = apply_mapping(_row(Дата="45667.4375"), mapping)
    assert isinstance(record, FeedbackRecord)
    assert record.received_at.replace(tzinfo=None) == dt.datetime(2025, 1, 10, 10, 30)


def test_value_maps_turn_words_into_codes_grades_and_booleans() -> None:
    mapping = load_mapping("appeals")
    row = RawRow(
        2,
        {
            "Рег. номер": "1",
            "Дата поступления": "01.02.2025",
            "Форма поступления": "госуслуги",
            "Вид обращения": "ЖАЛОБА",
            "Повторное": "да",
            "Категория заявителя": "Индивидуальный предприниматель",
        },
    )
    record = apply_mapping(row, mapping)
    assert isinstance(record, FeedbackRecord)
    assert (record.source, record.appeal_kind, record.is_repeat, record.taxpayer_kind) == (
        "epgu",
        "complaint",
        True,
        "ip",
    )
    grade = apply_mapping(_row(Оценка="Очень плохо"), mapping_from_dict(TEST_MAPPING))
    assert isinstance(grade, FeedbackRecord) and grade.grades == {"overall": 1}


def test_a_row_without_its_identifier_reports_the_required_column() -> None:
    errors = apply_mapping(_row(Номер=""), mapping_from_dict(TEST_MAPPING))
    assert isinstance(errors, list)
    assert [(e.row, e.column) for e in errors] == [(2, "Номер")]


def test_a_mapping_round_trips_through_its_dict_form() -> None:
    mapping = load_mapping("forwarded")
    assert mapping_from_dict(mapping.to_dict()) == mapping


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"columns": [{"field": "personal.passport", "names": ["Паспорт"]}]}, "Неизвестное поле"),
        ({"timezone": "Asia/Habarovsk"}, "часовой пояс"),
        ({"defaults": {"channel": "telegram"}}, "канал"),
        ({"columns": [{"field": "text", "names": ["Текст"]}]}, "source_id"),
        ({"name": "Обращения"}, "Имя шаблона"),
    ],
)
def test_a_wrong_mapping_is_refused_with_a_reason(change: dict[str, object], message: str) -> None:
    with pytest.raises(MappingError, match=message):
        mapping_from_dict({**TEST_MAPPING, **change})


def test_an_unknown_mapping_name_is_a_mapping_error() -> None:
    with pytest.raises(MappingError, match="не найден"):
        load_mapping("no_such_mapping")


@pytest.mark.parametrize(
    ("text", "formats", "expected"),
    [
        ("2025-03-04T10:15:00", ["%d.%m.%Y %H:%M", "%d.%m.%Y"], dt.datetime(2025, 3, 4, 10, 15)),  # XLSX cell
        ("04.03.2025 10:15", ["%d.%m.%Y %H:%M", "%d.%m.%Y"], dt.datetime(2025, 3, 4, 10, 15)),
        ("2025-03-04", ["%Y-%d-%m"], dt.datetime(2025, 4, 3)),  # the file's own way before ISO
        ("2025-03-04", ["%d.%m.%Y"], dt.datetime(2025, 3, 4)),
    ],
)
def test_a_date_is_read_by_the_first_format_that_can_read_it(
    text: str, formats: list[str], expected: dt.datetime
) -> None:
    tz = ZoneInfo("Asia/Vladivostok")
    assert parse_datetime(text, formats, tz) == expected.replace(tzinfo=tz)
