"""Values the registry cannot keep as they came (too long, NUL, half a surrogate pair, a date out of the
years) are per-record errors naming the field, the same on every database; a record repeated in a file with
other content is a conflict showing both versions; a file failing midway is reported as partial."""

from __future__ import annotations

import datetime as dt
import os
import signal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from otklik.intake import importer
from otklik.intake.importer import import_file
from otklik.intake.models import QuarantineRow
from otklik.intake.tests.support import write_appeals
from otklik.registry.models import Feedback, ImportBatch, PersonalData
from otklik.registry.record import FIELD_LIMITS, FeedbackRecord
from otklik.registry.record import PersonalData as Personal
from otklik.registry.services import register_many

WHEN = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)


def call(source_id: str, **extra: Any) -> FeedbackRecord:
    fields: dict[str, Any] = {"text": "Не дозвониться", "received_at": WHEN, **extra}
    return FeedbackRecord(channel="calls", source_id=source_id, **fields)


def test_every_limited_field_of_the_models_takes_its_size_from_the_one_table() -> None:
    for name, limit in FIELD_LIMITS.items():
        model, field = (
            (PersonalData, name.split(".")[1]) if name.startswith("personal.") else (Feedback, name)
        )
        assert getattr(model._meta.get_field(field), "max_length", None) == limit, name


OVER_LONG = [
    ("title", {"title": "з" * 501}, "заголовок", 500),
    ("registration_number", {"registration_number": "1" * 65}, "регистрационный номер", 64),
    ("topic_hint", {"topic_hint": "т" * 256}, "тематика источника", 255),
    ("redirected_to", {"redirected_to": "п" * 256}, "переадресовано", 255),
    ("personal.phone", {"personal": Personal(phone="8" * 100)}, "телефон", 64),
    ("personal.full_name", {"personal": Personal(full_name="Ф" * 300)}, "ФИО", 255),
    ("personal.email", {"personal": Personal(email="a" * 251 + "@x.ru")}, "электронная почта", 255),
]


@pytest.mark.parametrize(("field", "values", "label", "limit"), OVER_LONG, ids=[o[0] for o in OVER_LONG])
def test_a_value_over_its_limit_rejects_its_record_alone_naming_the_field_and_the_limit(
    reference: object, field: str, values: dict[str, Any], label: str, limit: int
) -> None:
    bad, good = register_many([call("c-bad", **values), call("c-good")])
    assert (bad.status, bad.field) == ("rejected", field)
    assert f"«{label}» длиннее {limit} символов" in bad.reason
    assert good.status == "created"
    assert list(Feedback.objects.values_list("source_id", flat=True)) == ["c-good"]


def test_a_source_id_over_its_limit_is_refused_alike_by_the_reader_and_the_service(
    reference: object, tmp_path: Path
) -> None:
    (outcome,) = register_many([call("и" * 129)])
    assert (outcome.status, outcome.field) == ("rejected", "source_id")
    assert "длиннее 128 символов" in outcome.reason
    target = tmp_path / "appeals.csv"
    write_appeals(target, 3)
    text = target.read_text(encoding="utf-8").replace("01-12/000001@", "№" * 129)
    target.write_text(text, encoding="utf-8")
    batch = import_file(target, channel="appeals")
    assert (batch.status, batch.created_count, batch.rejected_count) == ("done", 2, 1)
    assert "длиннее 128 символов" in QuarantineRow.objects.get().reason


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"text": "до\x00после"}, "text"),
        ({"title": "половина пары \ud800"}, "title"),
        ({"personal": Personal(full_name="Иванов\udc00")}, "personal.full_name"),
        ({"raw": {"Текст": "a\x00b"}}, "raw"),
        ({"classifier_codes": ["1.2\x00"]}, "classifier_codes"),
    ],
    ids=["nul-text", "surrogate-title", "surrogate-name", "nul-raw", "nul-codes"],
)
def test_a_nul_or_half_a_surrogate_pair_rejects_its_record(
    reference: object, values: dict[str, Any], field: str
) -> None:
    (outcome,) = register_many([call("c-1", **values)])
    assert (outcome.status, outcome.field) == ("rejected", field)
    assert "недопустимый символ" in outcome.reason
    assert not Feedback.objects.exists()


@pytest.mark.parametrize(
    "values",
    [
        {"received_at": dt.datetime(1, 1, 1, tzinfo=dt.UTC)},
        {"received_at": dt.datetime(1999, 12, 31, 23, 0, tzinfo=dt.UTC)},
        {"registered_at": dt.datetime(9999, 12, 31, tzinfo=dt.UTC)},
        {"forwarding_letter_date": dt.date(1, 1, 1)},
        {"forwarder_due": dt.date(2100, 1, 1)},
    ],
    ids=["year-1", "1999", "registered-9999", "letter-year-1", "due-2100"],
)
def test_a_date_outside_the_years_the_registry_keeps_rejects_its_record(
    reference: object, values: dict[str, Any]
) -> None:
    record = call("c-1", **values)
    record.channel = "forwarded"  # a channel whose due dates are counted on the calendar
    (outcome,) = register_many([record])
    assert outcome.status == "rejected"
    assert "вне допустимых лет 2000–2099" in outcome.reason


def test_only_a_web_address_is_stored_as_a_link(reference: object) -> None:
    register_many(
        [
            call("c-1", url="javascript:alert(1)"),
            call("c-2", url="https://example.ru/a"),
            call("c-3", url="file:///etc/passwd"),
        ]
    )
    assert dict(Feedback.objects.values_list("source_id", "url")) == {
        "c-1": "",
        "c-2": "https://example.ru/a",
        "c-3": "",
    }


def write_rows(path: Path, rows: list[tuple[str, str]]) -> None:
    lines = ["Регистрационный номер;Дата поступления;Форма поступления;Текст обращения;ИНН"]
    lines += [f"{number};02.03.2026 10:15;Почта;{text};" for number, text in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize("chunk", [2000, 2], ids=["same-chunk", "later-chunk"])
def test_a_record_repeated_in_a_file_with_other_content_is_a_conflict_showing_both_versions(
    reference: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    monkeypatch.setattr("otklik.intake.importer.CHUNK", chunk)
    target = tmp_path / "appeals.csv"
    write_rows(
        target,
        [
            ("01-12/1@", "Первая версия текста"),
            ("01-12/2@", "Обычное обращение"),
            ("01-12/3@", "Повторенное дословно"),
            ("01-12/1@", "Вторая версия текста"),
            ("01-12/3@", "Повторенное дословно"),
        ],
    )
    batch = import_file(target, channel="appeals")
    assert (batch.status, batch.created_count, batch.duplicate_count, batch.rejected_count) == (
        "done",
        3,
        1,
        1,
    )
    conflict = QuarantineRow.objects.get()
    assert conflict.row_number == 5  # the header is line 1
    assert "уже встречалась в этом файле" in conflict.reason
    assert "уже есть в реестре" not in conflict.reason
    assert "Вторая версия текста" in conflict.raw.values()
    assert conflict.conflict is not None
    assert "Первая версия текста" in conflict.conflict.values()
    assert Feedback.objects.get(source_id="01-12/1@").text == "Первая версия текста"


@pytest.mark.django_db(transaction=True)
def test_a_file_whose_reading_stops_midway_is_reported_as_partial_with_its_rows_counted_and_resumes(
    reference: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "appeals.csv"
    write_appeals(target, 6000)
    monkeypatch.setattr(importer, "APART_FROM_BYTES", 0)
    real_commit = importer._commit_chunk
    commits = []

    def commit_then_kill_the_reader(*args: Any) -> None:
        real_commit(*args)
        commits.append(1)
        if len(commits) == 3:  # the reading process killed (out of memory, an operator) after 3 chunks
            os.kill(importer._processes.reader.process.pid, signal.SIGKILL)

    monkeypatch.setattr(importer, "_commit_chunk", commit_then_kill_the_reader)
    with pytest.raises(CommandError, match="загружено частично 1"):
        call_command("import", str(target), channel="appeals")
    batch = ImportBatch.objects.get()
    written = Feedback.objects.count()
    assert batch.status == ImportBatch.Status.PARTIAL
    assert 0 < written < 6000
    assert (batch.position, batch.created_count) == (written, written)
    assert f"обработано строк файла — {written:,}".replace(",", "\u00a0") in batch.message
    assert "Процесс чтения файла завершился" in batch.message
    assert "продолжит с места остановки" in batch.message
    assert "отклонен целиком" not in batch.message
    # Again: the same file goes on from where it stopped; every row once.
    monkeypatch.setattr(importer, "_commit_chunk", real_commit)
    call_command("import", str(target), channel="appeals")
    batch.refresh_from_db()
    assert (batch.status, batch.position, batch.created_count) == ("done", 6000, 6000)
    assert Feedback.objects.count() == 6000
