"""Erasure of one person's data on their request (152-ФЗ, art. 21): every record of theirs, nobody else's."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from otklik.accounts.models import User
from otklik.audit.models import AuditEvent
from otklik.conftest import PASSWORD
from otklik.intake.models import QuarantineRow
from otklik.org.models import Channel
from otklik.registry.models import Feedback, ImportBatch, PersonalData
from otklik.reports import search
from otklik.reports.models import SearchDocument

INN = "500100732259"
NAME = "Сидоров Петр Ильич"
ADDRESS = "г. Хабаровск, ул. Строителей 45-114"


def _record(source_id: str, text: str, masked: str, **pd: str) -> Feedback:
    f = Feedback.objects.create(
        channel=Channel.objects.get(code="appeals"),
        source_id=source_id,
        received_at=dt.datetime(2026, 3, 2, tzinfo=dt.UTC),
        text=text,
        masked_text=masked,
        raw={"ФИО": pd.get("full_name", ""), "Текст": text},
        fingerprint=source_id,
        analysed_at=dt.datetime(2026, 3, 3, tzinfo=dt.UTC),
    )
    if pd:
        PersonalData.objects.create(feedback=f, **pd)
    return f


@pytest.fixture
def records(users: dict[str, User]) -> dict[str, Feedback]:
    made = {
        # Masking missed the address and the surname's case form: the erasure takes them out as well.
        "own": _record(
            "e-1",
            f"Я, {NAME}, живу {ADDRESS}. ИНН {INN}. Сидорову не ответили, очередь в ОП № 3.",
            f"Я, [ФИО], живу {ADDRESS}. ИНН [ИНН]. Сидорову не ответили, очередь в ОП № 3.",
            full_name=NAME,
            inn=INN,
            phone="+7 (914) 555-12-34",
            postal_address=ADDRESS,
        ),
        "second": _record(
            "e-2",
            "Повторно: нет ответа по вычету.",
            "Повторно: нет ответа по вычету.",
            full_name=NAME,
            inn=INN,
        ),
        "mentioned": _record(
            "e-3",
            f"Прошу проверить ИНН {INN}, ошибка в уведомлении.",
            "Прошу проверить ИНН [ИНН], ошибка в уведомлении.",
        ),
        "other": _record(
            "e-4",
            "Иванова Анна Сергеевна: долгое ожидание на Строителей.",
            "[ФИО]: долгое ожидание на Строителей.",
            full_name="Иванова Анна Сергеевна",
            inn="272461964473",
        ),
    }
    search.index_feedback([f.pk for f in made.values()])
    batch = ImportBatch.objects.create(channel=made["own"].channel, file_name="x.csv")
    QuarantineRow.objects.create(
        batch=batch, row_number=2, reason="неверная дата", raw={"ИНН": INN, "Дата": "32.01"}
    )
    QuarantineRow.objects.create(
        batch=batch, row_number=3, reason="неверная дата", raw={"ИНН": "1", "Дата": "33.01"}
    )
    return made


def _admin() -> Client:
    client = Client()
    assert client.login(username="admin", password=PASSWORD)
    return client


def test_the_preview_lists_the_persons_records_without_showing_their_data(
    records: dict[str, Feedback],
) -> None:
    page = _admin().post("/registry/erasure/", {"kind": "inn", "key": "5001 0073 2259", "search": "1"})
    html = page.content.decode()
    assert page.status_code == 200
    for name in ("own", "second", "mentioned"):
        assert f'name="ids" value="{records[name].pk}"' in html
    assert f'value="{records["other"].pk}"' not in html
    assert "Сидоров" not in html and "ИНН в тексте" in html
    event = AuditEvent.objects.get(action="pd.erasure_search")
    assert event.changes == {"records": 3}


def test_erasure_on_request_empties_the_persons_data_everywhere_and_is_audited(
    records: dict[str, Feedback], users: dict[str, User]
) -> None:
    ids = [str(records[n].pk) for n in ("own", "second", "mentioned")]
    response = _admin().post(
        "/registry/erasure/",
        {"kind": "inn", "key": INN, "ids": ids, "reason": "заявление № 15 от 01.12.2026", "confirm": "1"},
        follow=True,
    )
    assert "Персональные данные удалены из 3 записей." in response.content.decode()
    for name in ("own", "second", "mentioned"):
        f = Feedback.objects.get(pk=records[name].pk)
        for trace in (INN, "Сидоров", "Строителей", "555-12-34"):
            assert trace not in f.text + f.masked_text + str(f.raw), (name, trace)
        assert f.raw == {}
        pd = PersonalData.objects.filter(feedback=f).first()
        assert pd is not None and pd.erased_at is not None
        assert (pd.full_name, pd.inn, pd.phone, pd.postal_address) == ("", "", "", "")
        assert "сидоров" not in SearchDocument.objects.get(feedback=f).lemmas
    own = Feedback.objects.get(pk=records["own"].pk)
    assert "очередь в ОП № 3" in own.text  # the record stays for statistics
    assert not search.search(Feedback.objects.all(), "Строителей").filter(pk=own.pk).exists()
    # Somebody else's record, and data, are untouched.
    other = Feedback.objects.get(pk=records["other"].pk)
    assert other.text.startswith("Иванова") and other.personal.inn == "272461964473"
    assert search.search(Feedback.objects.all(), "Строителей").filter(pk=other.pk).exists()
    assert QuarantineRow.objects.get(row_number=2).raw == {}
    assert QuarantineRow.objects.get(row_number=3).raw != {}
    event = AuditEvent.objects.get(action="pd.erased_on_request")
    assert event.actor == users["admin"]
    assert event.changes["records"] == 3 and event.changes["reason"] == "заявление № 15 от 01.12.2026"
    assert INN not in str(event.changes) + event.object_repr and "Сидоров" not in str(event.changes)


def test_erasure_needs_a_reason_and_only_takes_the_persons_own_records(records: dict[str, Feedback]) -> None:
    client = _admin()
    ids = [str(records["own"].pk), str(records["other"].pk)]
    page = client.post(
        "/registry/erasure/", {"kind": "inn", "key": INN, "ids": ids, "reason": "", "confirm": "1"}
    )
    assert "Укажите основание удаления" in page.content.decode()
    assert PersonalData.objects.get(feedback=records["own"]).inn == INN
    client.post(
        "/registry/erasure/",
        {"kind": "inn", "key": INN, "ids": ids, "reason": "заявление № 16", "confirm": "1"},
    )
    assert PersonalData.objects.get(feedback=records["own"]).inn == ""
    assert PersonalData.objects.get(feedback=records["other"]).inn == "272461964473"  # not the person's


def test_a_malformed_key_is_refused_with_a_message(records: dict[str, Feedback]) -> None:
    page = _admin().post("/registry/erasure/", {"kind": "inn", "key": "12345", "search": "1"})
    assert page.status_code == 200 and "ИНН — 10 или 12 цифр." in page.content.decode()


def test_only_the_administrator_opens_the_erasure_page(records: dict[str, Feedback]) -> None:
    for role in ("leader", "analyst", "officer", "auditor"):
        client = Client()
        client.login(username=role, password=PASSWORD)
        assert (
            client.post("/registry/erasure/", {"kind": "inn", "key": INN, "search": "1"}).status_code == 403
        )


def test_the_command_finds_by_name_or_phone_and_erases(records: dict[str, Feedback]) -> None:
    out = StringIO()
    call_command("erase_person", "contact", "8 914 555 12 34", "--dry-run", stdout=out)
    assert "Найдено: 1 запись." in out.getvalue()
    assert PersonalData.objects.get(feedback=records["own"]).phone != ""
    out = StringIO()
    call_command("erase_person", "name", "сидоров петр ильич", "--reason", "заявление № 17", stdout=out)
    assert "Персональные данные удалены из 2 записей." in out.getvalue()
    assert PersonalData.objects.get(feedback=records["second"]).full_name == ""
    assert AuditEvent.objects.get(action="pd.erased_on_request").origin == "cli"


def test_the_search_index_is_compacted_by_the_worker_not_in_the_request(
    records: dict[str, Feedback], django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django_tasks_db.models import DBTaskResult

    from otklik.reports import tasks

    compacted: list[bool] = []
    monkeypatch.setattr(search, "compact_index", lambda: compacted.append(True))
    with django_capture_on_commit_callbacks(execute=True):
        page = _admin().post(
            "/registry/erasure/",
            {
                "kind": "inn",
                "key": INN,
                "ids": [str(records["own"].pk)],
                "reason": "заявление № 17",
                "confirm": "1",
            },
            follow=True,
        )
    assert "Персональные данные удалены из 1 записи." in page.content.decode()
    assert not compacted  # the request only queued it
    queued = DBTaskResult.objects.filter(task_path__endswith="compact_search_index")
    assert queued.count() == 1
    tasks.compact_search_index.call()
    assert compacted == [True]
