"""The sample file of every stream, read with its default mapping, arrives with every field mapped."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from otklik.intake.readers import (
    available_mappings,
    load_mapping,
    open_table,
    parse_feed,
    read_records,
    read_vashkontrol_xml,
)
from otklik.registry.record import FeedbackRecord, PersonalData

SAMPLES = Path(__file__).resolve().parents[3] / "docs" / "formats" / "samples"
VLAD = ZoneInfo("Asia/Vladivostok")
UTC = dt.UTC
PLUS10 = dt.timezone(dt.timedelta(hours=10))


def _at(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0, tz: dt.tzinfo = VLAD
) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=tz)


# (sample, mapping, rows, columns left to `raw` only, the expected record of one row: (row number, record))
TABLES: list[tuple[str, str, int, list[str], int, FeedbackRecord]] = [
    (
        "lk_comments.csv",
        "lk_comments",
        6,
        [],
        4,
        FeedbackRecord(
            channel="lk_comments",
            source_id="LK-2025-0001902",
            received_at=_at(2025, 1, 14, 18, 31, 44),
            source="lkfl",
            registered_at=_at(2024, 12, 24),
            office="ОП7",
            answering_unit="42",
            taxpayer_kind="fl",
            text="Требование об уплате пришло уже после оплаты, в ответе опять шаблон. "
            "Деньги списали дважды!",
            grades={"answer": 1},
            negative_mark=True,
            topic_hint="Задолженность",
            registration_number="ЛК-27-00544",
            personal=PersonalData(full_name="Смирнов Олег Николаевич", inn="272401661322"),
        ),
    ),
    (
        "appeals.csv",
        "appeals",
        6,
        [],
        2,
        FeedbackRecord(
            channel="appeals",
            source_id="02-15/00117",
            received_at=_at(2025, 1, 9, 10, 15),
            source="post",
            registered_at=_at(2025, 1, 10),
            office="ОП4",
            answering_unit="01",
            taxpayer_kind="fl",
            title="Не получен ответ на обращение",
            text='Обращался 3 ноября, ответа "по существу" так и нет; прошу разобраться.\n'
            "Копию первого обращения прилагаю.",
            topic_hint="Неполучение ответа",
            registration_number="02-15/00117",
            appeal_kind="complaint",
            regime="59fz",
            is_repeat=False,
            classifier_codes=["0001.0002.0027.0122"],
            result="explained",
            personal=PersonalData(
                full_name="Иванов Пётр Семёнович",
                inn="270503082440",
                phone="+7 (914) 158-22-07",
                email="ivanov.ps@mail.ru",
                postal_address="680021, г. Хабаровск, ул. Ленинградская, д. 58, кв. 14",
            ),
        ),
    ),
    (
        "forwarded.xlsx",
        "forwarded",
        4,
        [],
        4,
        FeedbackRecord(
            channel="forwarded",
            source_id="02-20/00040",
            received_at=_at(2025, 1, 27, 9, 45),
            source="regional",
            registered_at=_at(2025, 1, 27),
            office="ОП8",
            answering_unit="05",
            taxpayer_kind="fl",
            text="Жалоба на грубость инспектора в операционном зале",
            topic_hint="Грубость сотрудника",
            registration_number="02-20/00040",
            appeal_kind="complaint",
            regime="59fz",
            is_repeat=True,
            result="supported",
            forwarded_by="Аппарат Губернатора Хабаровского края",
            forwarding_letter_number="05-17/233",
            forwarding_letter_date=dt.date(2025, 1, 24),
            forwarder_control=True,
            forwarder_due=dt.date(2025, 2, 21),
            personal=PersonalData(
                full_name="Орлова Наталья Геннадьевна",
                inn="272423194801",
                postal_address="681013, г. Комсомольск-на-Амуре, ул. Ленина, д. 40, кв. 2",
            ),
        ),
    ),
    (
        "calls.csv",
        "calls",
        5,
        [],
        3,
        FeedbackRecord(
            channel="calls",
            source_id="EKC-27-884633",
            received_at=_at(2025, 2, 3, 10, 2, 11),
            source="redirected",
            office="ОП7",
            topic_hint="Задолженность",
            redirected_to="ОП7, отдел урегулирования задолженности",
            resolved_first_line=False,
            is_complaint=True,
            text="Абонент возмущён: долг погашен, а счёт заблокирован. Требует перезвонить.",
            personal=PersonalData(full_name="Зайцева Ольга Ивановна", phone="+79243335577"),
        ),
    ),
    (
        "surveys.xlsx",
        "surveys",
        5,
        [],
        5,
        FeedbackRecord(
            channel="surveys",
            source_id="WEB-2025-000927",
            received_at=_at(2025, 2, 11, 19, 2),
            source="web",
            service="settlements",
            office="ОП7",
            taxpayer_kind="fl",
            grades={"overall": 1},
            text="Справку ждал две недели, в ней ошибка.",
        ),
    ),
    (
        "vashkontrol.tsv",
        "vashkontrol",
        5,
        [],
        4,
        FeedbackRecord(
            channel="vashkontrol",
            source_id="3392011",
            received_at=_at(2025, 3, 3, 9, 5),
            source="vashkontrol",
            service="reception",
            office="ОП7",
            grades={"time_service": 2, "time_queue": 1, "staff": 3, "comfort": 2, "information": 3},
            text="Очередь больше часа, работает одно окно из пяти.",
        ),
    ),
    (
        "media.xlsx",
        "media",
        3,
        ["СМИ"],
        3,
        FeedbackRecord(
            channel="media",
            source_id="PUB-2025-0318",
            received_at=_at(2025, 3, 6, 14, 25),
            source="online",
            title="Очереди в налоговой на Ленина: читатели жалуются",
            text="Читатели сообщают об очередях в обособленном подразделении на ул. Ленина.",
            url="https://www.dvhab.ru/news/2025/03/06/ocheredi-v-nalogovoj",
        ),
    ),
]


def _fields(record: FeedbackRecord) -> dict[str, Any]:
    data = dataclasses.asdict(record)
    data.pop("raw")
    return data


def test_every_stream_has_a_default_mapping() -> None:
    streams = {"lk_comments", "appeals", "forwarded", "calls", "surveys", "vashkontrol", "media"}
    assert streams <= set(available_mappings())


@pytest.mark.parametrize(
    ("sample", "mapping_name", "rows", "raw_only", "number", "expected"), TABLES, ids=[t[0] for t in TABLES]
)
def test_a_sample_table_maps_every_column_and_every_row(
    sample: str, mapping_name: str, rows: int, raw_only: list[str], number: int, expected: FeedbackRecord
) -> None:
    mapping = load_mapping(mapping_name)
    with open_table(SAMPLES / sample) as table:
        assert mapping.unmapped_columns(table.columns) == raw_only
        assert table.total_rows == rows
    results = dict((row.number, outcome) for row, outcome in read_records(SAMPLES / sample, mapping))
    assert len(results) == rows
    assert all(isinstance(outcome, FeedbackRecord) for outcome in results.values()), results
    record = results[number]
    assert isinstance(record, FeedbackRecord)
    assert _fields(record) == _fields(expected)


def test_every_field_a_default_mapping_names_is_filled_somewhere_in_its_sample() -> None:
    for sample, mapping_name, *_ in TABLES:
        mapping = load_mapping(mapping_name)
        records = [r for _row, r in read_records(SAMPLES / sample, mapping) if isinstance(r, FeedbackRecord)]
        for rule in mapping.columns:
            for field in rule.fields:
                filled = [_value(r, field) for r in records]
                assert any(v not in ("", None, [], False) for v in filled) or field == "is_repeat", (
                    sample,
                    field,
                )


def _value(record: FeedbackRecord, field: str) -> object:
    if field.startswith("grades."):
        return record.grades.get(field.removeprefix("grades."))
    if field.startswith("personal."):
        return getattr(record.personal, field.removeprefix("personal."))
    return getattr(record, field)


def test_personal_data_stays_out_of_the_raw_copy_of_the_row() -> None:
    _row, record = next(read_records(SAMPLES / "appeals.csv", load_mapping("appeals")))
    assert isinstance(record, FeedbackRecord)
    assert "ИНН" not in record.raw and "ФИО заявителя" not in record.raw
    assert record.raw["Вид обращения"] == "Жалоба"


def test_the_vashkontrol_xml_sample_gives_reviews_with_five_grades_each() -> None:
    results = list(read_vashkontrol_xml(SAMPLES / "vashkontrol.xml"))
    assert len(results) == 6
    records = [r for r in results if isinstance(r, FeedbackRecord)]
    assert len(records) == 6
    assert all(len(r.grades) == 5 for r in records)
    third = records[2]
    assert _fields(third) == _fields(
        FeedbackRecord(
            channel="vashkontrol",
            source="vashkontrol",
            source_id="VK-3401302",
            received_at=_at(2025, 3, 15, 9, 47, tz=PLUS10),
            office="ОП7",
            service="reception",
            grades={"time_service": 2, "time_queue": 1, "staff": 3, "comfort": 2, "information": 3},
            text="Ждал больше часа, из пяти окон работало одно. Электронная очередь не работает.",
            personal=PersonalData(full_name="Ткаченко Роман Викторович"),
        )
    )
    assert third.raw["office_id"] == "2700000107"
    naive = records[3]
    assert naive.received_at == _at(2025, 3, 16, 12, 30) and "&" in naive.text


def test_the_rss_sample_gives_media_records_with_plain_text() -> None:
    records = parse_feed((SAMPLES / "media.rss").read_bytes())
    assert [r.source_id for r in records if isinstance(r, FeedbackRecord)] == [
        "dvhab-news-184455",
        "https://www.dvhab.ru/news/2025/03/07/srok-uplaty",
        "link:d6b0654d31f33ffeb825cfce474a35db",
        "dvhab-news-184502",
    ]
    first = records[0]
    assert isinstance(first, FeedbackRecord)
    assert _fields(first) == _fields(
        FeedbackRecord(
            channel="media",
            source="online",
            source_id="dvhab-news-184455",
            received_at=_at(2025, 3, 6, 4, 25, tz=UTC),
            title="Очереди в налоговой на Ленина: читатели жалуются",
            text="Читатели сообщают об очередях в обособленном подразделении на ул. Ленина.\n"
            "В УФНС обещали открыть дополнительные окна.",
            url="https://www.dvhab.ru/news/2025/03/06/ocheredi-v-nalogovoj",
        )
    )
    assert first.raw["outlet"] == "Новости Хабаровска — DVHAB.ru"
    last = records[3]
    assert isinstance(last, FeedbackRecord) and "alert" not in last.text and "<" not in last.text


def test_the_atom_sample_prefers_full_content_and_falls_back_to_the_update_time() -> None:
    records = [r for r in parse_feed((SAMPLES / "media.atom").read_bytes()) if isinstance(r, FeedbackRecord)]
    assert len(records) == 3
    first, second = records[0], records[1]
    assert first.source_id == "tag:gubernia.com,2025:news-55120"
    assert (
        first.text == "Новый зал приёма налогоплательщиков работает без выходных.\nЗапись — через сайт ФНС."
    )
    assert first.received_at == _at(2025, 3, 7, 9, 40, tz=PLUS10)
    assert second.received_at == _at(2025, 3, 8, 15, 0, tz=PLUS10)
    assert second.url == "https://www.gubernia.com/news/economy/blokirovka-schetov"
