"""Uploading a file from a page: checked at once, imported in the background, bad rows fixed in quarantine."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from otklik.accounts.models import User
from otklik.conftest import PASSWORD
from otklik.intake.models import QuarantineRow, SavedMapping
from otklik.intake.tasks import import_batch
from otklik.registry.models import Feedback, ImportBatch

SAMPLES = Path(__file__).resolve().parents[3] / "docs" / "formats" / "samples"


@pytest.fixture
def officer(users: dict[str, User], settings: Any, tmp_path: Path) -> Client:
    settings.VAR_DIR = tmp_path
    client = Client()
    assert client.login(username="officer", password=PASSWORD)
    return client


def upload(client: Client, name: str, content: bytes, channel: str = "appeals") -> Any:
    return client.post(
        "/registry/upload/", {"channel": channel, "mapping": "", "file": SimpleUploadedFile(name, content)}
    )


def test_an_uploaded_file_is_queued_then_imported_by_the_worker(officer: Client) -> None:
    response = upload(officer, "appeals.csv", (SAMPLES / "appeals.csv").read_bytes())
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/registry/batches/{batch.pk}/"
    assert batch.status == ImportBatch.Status.QUEUED and Feedback.objects.count() == 0
    page = officer.get(f"/registry/batches/{batch.pk}/").content.decode()
    assert "Идет загрузка" in page
    import_batch.call(batch.pk)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE and batch.created_count == Feedback.objects.count() > 0
    progress = officer.get(f"/registry/batches/{batch.pk}/progress/").json()
    assert progress["finished"] and progress["done"] == batch.position


def test_an_unreadable_upload_is_refused_at_once_and_nothing_is_written(
    officer: Client, tmp_path: Path
) -> None:
    response = upload(officer, "appeals.csv", b"\x00\x00\x00garbage" * 50)
    assert response.status_code == 400
    assert "Файл отклонен" in response.content.decode()
    assert not ImportBatch.objects.exists()
    assert not list((tmp_path / "uploads").iterdir())


def test_a_file_with_other_column_names_is_mapped_on_a_page_and_the_mapping_saved(officer: Client) -> None:
    content = "Номер;Когда;Что случилось\nA-1;02.03.2026 10:00;Не дозвониться в инспекцию\n".encode()
    response = upload(officer, "export.csv", content, channel="calls")
    assert response["Location"] == "/registry/upload/mapping/"
    page = officer.get("/registry/upload/mapping/").content.decode()
    assert "Что случилось" in page
    response = officer.post(
        "/registry/upload/mapping/",
        {"name": "ekc_export", "col_0": "source_id", "col_1": "received_at", "col_2": "text"},
    )
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and batch.mapping == "ekc_export"
    assert SavedMapping.objects.get(name="ekc_export").channel.code == "calls"
    import_batch.call(batch.pk)
    assert Feedback.objects.get(source_id="A-1").text == "Не дозвониться в инспекцию"


def test_a_row_in_quarantine_is_corrected_and_accepted_on_the_batch_page(officer: Client) -> None:
    text = (
        (SAMPLES / "appeals.csv").read_text(encoding="utf-8-sig").replace("270503082440", "270503082441", 1)
    )
    upload(officer, "appeals.csv", text.encode())
    batch = ImportBatch.objects.get()
    import_batch.call(batch.pk)
    row = QuarantineRow.objects.get(batch=batch)
    page = officer.get(f"/registry/batches/{batch.pk}/").content.decode()
    assert "ИНН с неверными контрольными цифрами" in page or "контрольн" in page
    values = {f"v_{i}": (v if k != "ИНН" else "270503082440") for i, (k, v) in enumerate(row.raw.items())}
    response = officer.post(f"/registry/quarantine/{row.pk}/", {**values, "action": "accept"})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.status == QuarantineRow.Status.ACCEPTED
    batch.refresh_from_db()
    assert batch.created_count == batch.position


def test_an_appeal_received_in_person_is_registered_by_hand(officer: Client) -> None:
    form = {
        "source": "in_person",
        "registration_number": "01-12/777@",
        "received_at": "2026-03-02T10:30",
        "office": "ОП1",
        "appeal_kind": "complaint",
        "regime": "59fz",
        "taxpayer_kind": "fl",
        "text": "Третий раз не могу получить справку",
        "full_name": "Кузнецова Анна Петровна",
        "inn": "500100732259",
        "phone": "",
        "email": "",
        "postal_address": "",
    }
    response = officer.post("/registry/new/", form)
    feedback = Feedback.objects.get(source_id="01-12/777@")
    assert response.status_code == 302 and feedback.sub_source is not None
    assert feedback.due_date is not None and feedback.personal.full_name == "Кузнецова Анна Петровна"
    again = officer.post("/registry/new/", form)
    assert again.status_code == 400 and "уже зарегистрировано" in again.content.decode()
    bad = officer.post("/registry/new/", {**form, "registration_number": "x", "inn": "500100732258"})
    assert "неверными контрольными" in bad.content.decode()
