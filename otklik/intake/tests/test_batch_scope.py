"""An import batch and its quarantine belong to the unit that uploaded it; leadership and the administrator
see every batch; a role without the personal-data right sees the quarantine's reasons masked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from otklik.accounts import roles
from otklik.accounts.models import User
from otklik.audit.models import AuditEvent
from otklik.conftest import PASSWORD
from otklik.intake.models import QuarantineRow
from otklik.intake.tasks import import_batch
from otklik.org.models import Channel
from otklik.registry.models import ImportBatch

SAMPLES = Path(__file__).resolve().parents[3] / "docs" / "formats" / "samples"
BAD_INN = "270503082441"  # the sample's ИНН with a wrong check digit


def signed_in(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


@pytest.fixture
def batch_of_unit_07(users: dict[str, User], settings: Any, tmp_path: Path) -> QuarantineRow:
    """A file uploaded by the officer of unit 07, with one row in quarantine for its ИНН."""
    settings.VAR_DIR = tmp_path
    text = (SAMPLES / "appeals.csv").read_text(encoding="utf-8-sig").replace("270503082440", BAD_INN, 1)
    signed_in("officer").post(
        "/registry/upload/",
        {"channel": "appeals", "mapping": "", "file": SimpleUploadedFile("appeals.csv", text.encode())},
    )
    batch = ImportBatch.objects.get()
    import_batch.call(batch.pk)
    return QuarantineRow.objects.get(batch=batch)


def test_an_officer_of_another_unit_can_neither_open_the_batch_nor_discard_its_quarantine(
    batch_of_unit_07: QuarantineRow,
) -> None:
    row, other = batch_of_unit_07, signed_in("officer16")
    batch_id = row.batch_id
    assert other.get(f"/registry/batches/{batch_id}/").status_code == 404
    assert other.get(f"/registry/batches/{batch_id}/progress/").status_code == 404
    assert f"/registry/batches/{batch_id}/" not in other.get("/registry/batches/").content.decode()
    assert other.post(f"/registry/quarantine/{row.pk}/", {"action": "discard"}).status_code == 404
    values = {f"v_{i}": v for i, v in enumerate(row.raw.values())}
    assert other.post(f"/registry/quarantine/{row.pk}/", {**values, "action": "accept"}).status_code == 404
    row.refresh_from_db()
    assert row.status == QuarantineRow.Status.OPEN
    assert not AuditEvent.objects.filter(action__startswith="quarantine.").exists()


def test_a_colleague_of_the_same_unit_opens_the_batch_and_discards_the_row(
    batch_of_unit_07: QuarantineRow, users: dict[str, User]
) -> None:
    colleague = User.objects.create_user(username="officer07b", password=PASSWORD, unit=users["officer"].unit)
    colleague.groups.add(Group.objects.get(name=roles.UNIT_OFFICER))
    client = signed_in("officer07b")
    row = batch_of_unit_07
    page = client.get(f"/registry/batches/{row.batch_id}/")
    assert page.status_code == 200 and BAD_INN in page.content.decode()
    assert f"/registry/batches/{row.batch_id}/" in client.get("/registry/batches/").content.decode()
    response = client.post(f"/registry/quarantine/{row.pk}/", {"action": "discard"})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.status == QuarantineRow.Status.DISCARDED


@pytest.mark.parametrize("role", ["leader", "admin", "analyst"])
def test_the_roles_that_read_every_unit_open_the_batch(batch_of_unit_07: QuarantineRow, role: str) -> None:
    assert signed_in(role).get(f"/registry/batches/{batch_of_unit_07.batch_id}/").status_code == 200


@pytest.mark.parametrize(("role", "sees"), [("leader", True), ("admin", False), ("analyst", False)])
def test_the_inn_in_a_quarantine_reason_is_shown_only_to_a_role_with_the_right(
    batch_of_unit_07: QuarantineRow, role: str, sees: bool
) -> None:
    batch_id = batch_of_unit_07.batch_id
    before = AuditEvent.objects.filter(action="pd.viewed").count()
    page = signed_in(role).get(f"/registry/batches/{batch_id}/").content.decode()
    assert "Строка" in page and "ИНН" in page
    assert (BAD_INN in page) is sees
    assert AuditEvent.objects.filter(action="pd.viewed").count() - before == (1 if sees else 0)


def test_an_inn_quoted_by_a_quarantine_reason_is_masked_for_the_analyst(users: dict[str, User]) -> None:
    batch = ImportBatch.objects.create(
        channel=Channel.objects.get(code="calls"),
        file_name="calls.xlsx",
        created_by=users["officer"],
        status=ImportBatch.Status.DONE,
    )
    QuarantineRow.objects.create(
        batch=batch,
        row_number=7,
        column="ИНН",
        reason=f"ИНН {BAD_INN} не проходит проверку контрольных цифр",
        raw={"ИНН": BAD_INN, "Текст": "Не дозвониться"},
    )
    analyst = signed_in("analyst").get(f"/registry/batches/{batch.pk}/").content.decode()
    assert "не проходит проверку контрольных цифр" in analyst and BAD_INN not in analyst
    leader = signed_in("leader").get(f"/registry/batches/{batch.pk}/").content.decode()
    assert f"ИНН {BAD_INN} не проходит проверку" in leader
