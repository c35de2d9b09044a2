"""Report documents over OTKLIK_REPORT_INLINE_RECORDS records are made by the worker, as large exports are:
the same document and file name as the immediate download, offered to their orderer alone for a term."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from otklik.accounts import roles
from otklik.accounts.models import User
from otklik.audit.models import AuditEvent
from otklik.conftest import PASSWORD
from otklik.lib.periods import parse_period
from otklik.org.models import Unit
from otklik.reports import catalogue, export_jobs
from otklik.reports.models import ExportJob
from otklik.reports.render import CONTENT_TYPES, FORMATS
from otklik.reports.tests.extract import file_text
from otklik.reports.tests.factory import build_quarter, make

QUARTER = "2026Q3"
RECORDS = 12  # in the quarter: the constructed quarter's ten and the two below
NAMED = "Самойлов Аркадий Петрович"


@pytest.fixture
def quarter(users: dict[str, User], settings: Any, tmp_path: Path) -> None:
    settings.VAR_DIR = tmp_path
    settings.REPORT_INLINE_RECORDS = RECORDS - 1
    build_quarter()
    # Unit 16's own record, and a negative quote with a name that only the named annex shows unmasked.
    make(1, dt.date(2026, 8, 12), tone="negative", answering_unit="16", topic="property.notice")
    make(
        2,
        dt.date(2026, 8, 14),
        tone="negative",
        office="ОП3",
        topic="property.notice",
        text=f"{NAMED}: уведомление так и не пришло",
        masked_text="[ФИО]: уведомление так и не пришло",
        tone_probability=0.99,  # the clearest negative of its topic: the first to be quoted
    )


def _client(user: str | User) -> Client:
    client = Client()
    if isinstance(user, User):
        client.force_login(user)
    else:
        assert client.login(username=user, password=PASSWORD)
    return client


def _body(response: Any) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return bytes(response.content)


def test_the_size_is_the_records_of_the_reports_period_and_scope(quarter: None) -> None:
    kinds = catalogue.kinds()
    q3 = parse_period(QUARTER)
    assert export_jobs.report_records(kinds["quarterly"], q3, None) == RECORDS
    assert export_jobs.report_records(kinds["quarterly"], q3, Unit.objects.get(code="16")) >= 1
    assert export_jobs.report_records(kinds["quarterly"], parse_period("2026Q1"), None) == 0
    # The daily media review counts its own stream only: that day's appeal is not its size.
    assert export_jobs.report_records(kinds["daily"], parse_period("2026-08-14"), None) == 0


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_large_report_is_made_by_the_worker_as_the_same_document(
    quarter: None, settings: Any, fmt: str
) -> None:
    client = _client("leader")
    response = client.get(f"/reports/quarterly/{QUARTER}/{fmt}")
    assert response.status_code == 302
    job = ExportJob.objects.get()
    assert response["Location"] == f"/reports/exports/{job.pk}/"
    assert job.kind == ExportJob.Kind.REPORT and job.total == RECORDS
    page = client.get(response["Location"]).content.decode()
    assert "Ежеквартальная аналитическая справка, III квартал 2026" in page
    assert "его готовит фоновый обработчик" in page and f"{RECORDS} записей за период" in page
    assert "в очереди, прошло" in page and "<progress" not in page  # no invented percentage
    progress = client.get(f"/reports/exports/{job.pk}/progress").json()
    assert progress["finished"] is False and progress["text"].startswith("в очереди, прошло ")
    assert client.get(f"/reports/exports/{job.pk}/download").status_code == 404
    asked = AuditEvent.objects.filter(action="report_export")
    assert [(e.object_repr, e.changes["unit"]) for e in asked] == [
        (f"Аналитическая справка, III квартал 2026 ({fmt})", "")
    ]

    export_jobs.run(job.pk)

    progress = client.get(f"/reports/exports/{job.pk}/progress").json()
    assert progress["finished"] is True and progress["text"].startswith("готова, прошло ")
    page = client.get(f"/reports/exports/{job.pk}/").content.decode()
    assert f"Скачать quarterly-{QUARTER}.{fmt}" in page
    download = client.get(f"/reports/exports/{job.pk}/download")
    assert download.status_code == 200 and "no-store" in download["Cache-Control"]
    assert download["Content-Type"] == CONTENT_TYPES[fmt]
    made = _body(download)
    job.refresh_from_db()
    assert oct(Path(job.file_path).stat().st_mode & 0o777) == "0o600"
    assert AuditEvent.objects.filter(action="report_export").count() == 1  # asked once, audited once

    # The same report under the threshold: immediate, the same file name and the same document.
    settings.REPORT_INLINE_RECORDS = RECORDS
    immediate = client.get(f"/reports/quarterly/{QUARTER}/{fmt}")
    assert immediate.status_code == 200 and ExportJob.objects.count() == 1
    assert immediate["Content-Disposition"] == download["Content-Disposition"]
    assert f'filename="quarterly-{QUARTER}.{fmt}"' in download["Content-Disposition"]
    if fmt == "html":
        assert made == immediate.content
    else:  # DOCX, XLSX and PDF carry the moment they were written: their text is compared
        text = file_text(made, CONTENT_TYPES[fmt])
        assert "аналитическая справка" in text.lower()
        assert text == file_text(immediate.content, CONTENT_TYPES[fmt])


def test_a_unit_officers_report_job_is_their_own_units_and_their_own(quarter: None, settings: Any) -> None:
    settings.REPORT_INLINE_RECORDS = 0
    officer = _client("officer16")
    response = officer.get(f"/reports/quarterly/{QUARTER}/docx?unit=19")
    assert response.status_code == 302
    job = ExportJob.objects.get()
    assert job.params == {"report": "quarterly", "period": QUARTER, "unit": "16"}
    assert AuditEvent.objects.get(action="report_export").changes["unit"] == "16"
    export_jobs.run(job.pk)
    download = officer.get(f"/reports/exports/{job.pk}/download")
    assert download.status_code == 200
    assert f'filename="quarterly-{QUARTER}-16.docx"' in download["Content-Disposition"]
    for other in ("leader", "officer", "admin", "analyst"):
        for address in ("", "progress", "download"):
            assert _client(other).get(f"/reports/exports/{job.pk}/{address}").status_code == 404
    # Reading rights are checked when the job is asked for, as for the immediate download.
    assert _client("officer16").get("/reports/daily/2026-08-14/docx").status_code == 403
    assert ExportJob.objects.count() == 1


def test_the_named_annex_is_made_by_the_worker_for_its_orderer_alone(quarter: None, users: Any) -> None:
    leader = _client("leader")
    response = leader.get(f"/reports/quarterly/{QUARTER}/named/docx")
    assert response.status_code == 302
    job = ExportJob.objects.get()
    assert job.params["named"] == "1"
    page = leader.get(response["Location"]).content.decode()
    assert "Приложение с персональными данными к справке, III квартал 2026 (DOCX)" in page
    looks = AuditEvent.objects.filter(action="pd.viewed")
    assert [e.object_repr for e in looks] == [
        "Приложение с персональными данными к аналитической справке за III квартал 2026 года (docx)"
    ]

    export_jobs.run(job.pk)

    job.refresh_from_db()
    assert oct(Path(job.file_path).stat().st_mode & 0o777) == "0o600"
    download = leader.get(f"/reports/exports/{job.pk}/download")
    assert download.status_code == 200
    assert f'filename="quarterly-{QUARTER}-annex.docx"' in download["Content-Disposition"]
    assert NAMED in file_text(_body(download), CONTENT_TYPES["docx"])
    assert AuditEvent.objects.filter(action="pd.viewed").count() == 1  # one look, written when asked
    # Another member of the leadership, with the same rights, does not get it; nor does anyone else.
    second = User.objects.create_user(username="leader2", password=PASSWORD)
    second.groups.add(Group.objects.get(name=roles.LEADERSHIP))
    for other in (second, users["analyst"], users["admin"]):
        for address in ("", "progress", "download"):
            assert _client(other).get(f"/reports/exports/{job.pk}/{address}").status_code == 404
    # Without the personal-data right the annex is refused before any job is made.
    assert _client("analyst").get(f"/reports/quarterly/{QUARTER}/named/docx").status_code == 403
    assert ExportJob.objects.count() == 1


def test_a_failed_report_says_so_in_plain_russian(
    quarter: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def broken(document: Any, fmt: str) -> bytes:
        raise RuntimeError("renderer exploded: KeyError 'sections'")

    monkeypatch.setattr(export_jobs, "render", broken)
    client = _client("leader")
    job = ExportJob.objects.get(
        pk=int(client.get(f"/reports/quarterly/{QUARTER}/pdf")["Location"].split("/")[-2])
    )
    with pytest.raises(RuntimeError):
        export_jobs.run(job.pk)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED and not job.file_path
    assert list((tmp_path / "exports").iterdir()) == []
    page = client.get(f"/reports/exports/{job.pk}/").content.decode()
    assert "Отчет подготовить не удалось. Во время подготовки файла произошла ошибка." in page
    assert "exploded" not in page and "Traceback" not in page and "KeyError" not in page
    assert client.get(f"/reports/exports/{job.pk}/progress").json()["finished"] is True
    assert client.get(f"/reports/exports/{job.pk}/download").status_code == 404


def test_report_files_are_removed_after_their_term(quarter: None) -> None:
    _client("leader").get(f"/reports/quarterly/{QUARTER}/named/xlsx")
    job = export_jobs.run(ExportJob.objects.get().pk)
    assert Path(job.file_path).exists()
    assert export_jobs.remove_expired(now=timezone.now() + dt.timedelta(hours=1)) == 0
    assert export_jobs.remove_expired(now=timezone.now() + dt.timedelta(hours=25)) == 1
    assert not Path(job.file_path).exists() and not ExportJob.objects.exists()
