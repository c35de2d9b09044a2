"""Exports above OTKLIK_EXPORT_INLINE_ROWS are made by the worker, offered to their orderer for a term."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from otklik.accounts.models import User
from otklik.audit.models import AuditEvent
from otklik.conftest import PASSWORD
from otklik.org.models import Channel
from otklik.registry.models import Feedback
from otklik.reports import export_jobs
from otklik.reports.models import ExportJob


@pytest.fixture
def registry(users: dict[str, User], settings: Any, tmp_path: Path) -> list[Feedback]:
    settings.VAR_DIR = tmp_path
    settings.EXPORT_INLINE_ROWS = 2
    channel = Channel.objects.get(code="appeals")
    return [
        Feedback.objects.create(
            channel=channel,
            source_id=f"x-{i}",
            received_at=dt.datetime(2026, 3, 2, tzinfo=dt.UTC),
            text=f"Текст {i}",
            masked_text=f"Текст {i}",
            fingerprint=f"x-{i}",
        )
        for i in range(3)
    ]


def _client(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_large_export_is_made_by_the_worker_and_offered_when_ready(
    registry: list[Feedback], fmt: str
) -> None:
    client = _client("leader")
    response = client.get(f"/reports/registry/export?format={fmt}")
    assert response.status_code == 302
    job = ExportJob.objects.get()
    assert response["Location"] == f"/reports/exports/{job.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "ее готовит фоновый обработчик" in page and "data-progress-url" in page and "3 записи" in page
    assert client.get(f"/reports/exports/{job.pk}/progress").json()["finished"] is False
    assert client.get(f"/reports/exports/{job.pk}/download").status_code == 404
    assert AuditEvent.objects.filter(action="export_personal_data").count() == 1

    export_jobs.run(job.pk)

    assert client.get(f"/reports/exports/{job.pk}/progress").json() == {
        "total": 3,
        "done": 3,
        "text": "готова: 3 из 3",
        "finished": True,
    }
    done_page = client.get(f"/reports/exports/{job.pk}/").content.decode()
    assert "Скачать" in done_page and "удаляется через 24 часа после заказа" in done_page  # the keeping term
    download = client.get(f"/reports/exports/{job.pk}/download")
    assert download.status_code == 200 and "no-store" in download["Cache-Control"]
    body = b"".join(download.streaming_content)  # type: ignore[attr-defined]
    if fmt == "csv":
        assert all(f";Текст {i};" in body.decode("utf-8") for i in range(3))
    else:
        assert body.startswith(b"PK")
    job.refresh_from_db()
    assert oct(Path(job.file_path).stat().st_mode & 0o777) == "0o600"
    assert _client("analyst").get(f"/reports/exports/{job.pk}/download").status_code == 404


def test_a_small_export_stays_immediate(registry: list[Feedback], settings: Any) -> None:
    settings.EXPORT_INLINE_ROWS = 5000
    response = _client("leader").get("/reports/registry/export?format=csv")
    assert response.status_code == 200 and not ExportJob.objects.exists()


def test_export_files_are_removed_after_their_term(registry: list[Feedback]) -> None:
    _client("leader").get("/reports/registry/export?format=csv")
    job = export_jobs.run(ExportJob.objects.get().pk)
    assert Path(job.file_path).exists()
    assert export_jobs.remove_expired(now=timezone.now() + dt.timedelta(hours=1)) == 0
    assert export_jobs.remove_expired(now=timezone.now() + dt.timedelta(hours=25)) == 1
    assert not Path(job.file_path).exists() and not ExportJob.objects.exists()
