"""An upload made through one web process is imported by a worker on another machine: the file's bytes
live in the database, not in the web machine's var/ folder, and are removed once imported."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from otklik.accounts.models import User
from otklik.conftest import PASSWORD
from otklik.intake import stored_files
from otklik.intake.importer import claim, release
from otklik.intake.models import PendingUpload, UploadPart
from otklik.intake.tests.support import database_url, write_appeals
from otklik.registry.models import Feedback, ImportBatch

WORKER = (
    "import os, sys, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'otklik.settings'); "
    "django.setup(); from otklik.intake.tasks import import_batch; print(import_batch.call(int(sys.argv[1])))"
)


def upload(client: Client, content: bytes, name: str = "appeals.csv", channel: str = "appeals") -> Any:
    return client.post(
        "/registry/upload/", {"channel": channel, "mapping": "", "file": SimpleUploadedFile(name, content)}
    )


@pytest.mark.django_db(transaction=True)
def test_a_worker_with_another_var_folder_imports_the_upload_and_the_bytes_go_away(
    users: dict[str, User], settings: Any, tmp_path: Path
) -> None:
    web_var, worker_var = tmp_path / "web", tmp_path / "worker"
    settings.VAR_DIR = web_var
    client = Client()
    assert client.login(username="officer", password=PASSWORD)
    source = tmp_path / "appeals.csv"
    write_appeals(source, 300)
    response = upload(client, source.read_bytes())
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert not any((web_var / "uploads").iterdir()), "the web machine kept the file"
    kept = b"".join(bytes(p) for p in UploadPart.objects.values_list("data", flat=True))
    assert kept == source.read_bytes()
    worker_var.mkdir()
    env = dict(os.environ, DATABASE_URL=database_url(), OTKLIK_VAR_DIR=str(worker_var))
    done = subprocess.run(
        [sys.executable, "-c", WORKER, str(batch.pk)], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("done")
    batch.refresh_from_db()
    assert (batch.status, batch.created_count, Feedback.objects.count()) == ("done", 300, 300)
    assert not UploadPart.objects.exists()
    assert not any((worker_var / "uploads").iterdir()), "the worker left its copy behind"


def test_the_same_file_uploaded_while_it_is_imported_is_told_so(
    users: dict[str, User], settings: Any, tmp_path: Path
) -> None:
    settings.VAR_DIR = tmp_path
    client = Client()
    assert client.login(username="officer", password=PASSWORD)
    source = tmp_path / "appeals.csv"
    write_appeals(source, 20)
    upload(client, source.read_bytes())
    batch = ImportBatch.objects.get()
    token = claim(batch)  # a worker is importing it now
    again = upload(client, source.read_bytes(), name="copy.csv")
    assert again.status_code == 409
    assert "уже загружается" in again.content.decode()
    assert ImportBatch.objects.count() == 1
    assert UploadPart.objects.filter(batch=batch).count() == 1
    release(batch, token)


def test_the_column_matching_step_is_served_by_a_web_process_on_another_machine(
    users: dict[str, User], settings: Any, tmp_path: Path
) -> None:
    """The file goes up through one web machine and its columns are matched through another: the second
    reads the bytes from the database, and nothing is left in either var/ folder or in the database."""
    first, second = tmp_path / "web1", tmp_path / "web2"
    settings.VAR_DIR = first
    client = Client()
    assert client.login(username="officer", password=PASSWORD)
    content = "Номер;Когда;Что случилось\nA-1;02.03.2026 10:00;Не дозвониться в инспекцию\n".encode()
    response = upload(client, content, name="export.csv", channel="calls")
    assert response["Location"] == "/registry/upload/mapping/"
    assert not any((first / "uploads").iterdir()), "the first web machine kept the file"
    assert PendingUpload.objects.get().file_name == "export.csv"

    settings.VAR_DIR = second  # the next request lands on another machine
    page = client.get("/registry/upload/mapping/").content.decode()
    assert "Что случилось" in page
    response = client.post(
        "/registry/upload/mapping/",
        {"name": "ekc_export", "col_0": "source_id", "col_1": "received_at", "col_2": "text"},
    )
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert b"".join(
        bytes(p) for p in UploadPart.objects.filter(batch=batch).values_list("data", flat=True)
    ) == (content)
    assert (
        not PendingUpload.objects.exists() and not UploadPart.objects.filter(pending__isnull=False).exists()
    )
    assert not any((second / "uploads").iterdir()), "the second web machine kept its copy"


def test_a_pending_upload_belongs_to_its_uploader_and_is_dropped_after_a_day(
    users: dict[str, User], settings: Any, tmp_path: Path
) -> None:
    settings.VAR_DIR = tmp_path
    client = Client()
    assert client.login(username="officer", password=PASSWORD)
    content = "Номер;Когда;Что случилось\nA-1;02.03.2026 10:00;Жалоба\n".encode()
    upload(client, content, name="export.csv", channel="calls")
    pending = PendingUpload.objects.get()
    other = Client()
    assert other.login(username="admin", password=PASSWORD)
    session = other.session
    session["otklik_pending_upload"] = pending.pk  # another person's session pointing at it
    session.save()
    response = other.get("/registry/upload/mapping/")
    assert response.status_code == 302 and response["Location"] == "/registry/upload/"

    assert stored_files.drop_abandoned(now=pending.created_at + dt.timedelta(hours=23)) == 0
    assert stored_files.drop_abandoned(now=pending.created_at + dt.timedelta(hours=25)) == 1
    assert not PendingUpload.objects.exists() and not UploadPart.objects.exists()
    response = client.get("/registry/upload/mapping/")
    assert response.status_code == 302 and response["Location"] == "/registry/upload/"
