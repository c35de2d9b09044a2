"""Every change of reference data leaves an audit record, whichever way it is made."""

from __future__ import annotations

from pathlib import Path

from django.test import Client

from otklik.accounts.models import User
from otklik.audit.models import AuditEvent
from otklik.conftest import PASSWORD
from otklik.org import refdata
from otklik.org.models import Unit


def test_editing_a_unit_in_the_admin_records_who_changed_what(users: dict[str, User]) -> None:
    client = Client()
    assert client.login(username="admin", password=PASSWORD)
    unit = Unit.objects.get(code="07")
    response = client.post(
        f"/admin/org/unit/{unit.pk}/change/",
        {
            "code": "07",
            "name": "Отдел работы с налогоплательщиками и СМИ",
            "short_name": "ОРН",
            "valid_from": "2016-01-01",
            "valid_to": "",
            "email": "",
            "parent": "",
        },
        HTTP_X_REQUEST_ID="req-unit-edit",
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.filter(action="refdata.updated", object_type="org.unit").latest("id")
    assert event.actor == users["admin"]
    assert event.request_id == "req-unit-edit"
    assert event.ip == "127.0.0.1"
    assert event.changes["name"] == [
        "Отдел работы с налогоплательщиками",
        "Отдел работы с налогоплательщиками и СМИ",
    ]


def test_an_analyst_cannot_edit_reference_data(users: dict[str, User]) -> None:
    client = Client()
    assert client.login(username="analyst", password=PASSWORD)
    unit = Unit.objects.get(code="07")
    response = client.post(f"/admin/org/unit/{unit.pk}/change/", {"code": "07", "name": "X"})
    assert response.status_code in (302, 403)
    assert Unit.objects.get(code="07").name == "Отдел работы с налогоплательщиками"


def test_export_then_import_into_an_empty_database_restores_the_reference_data(
    reference: object, tmp_path: Path
) -> None:
    from django.core.management import call_command

    target = tmp_path / "ref.json"
    call_command("refdata", "export", str(target))
    exported = target.read_text(encoding="utf-8")
    assert '"Общий отдел"' in exported
    renamed = exported.replace("Отдел взыскания", "Отдел взыскания задолженности")
    target.write_text(renamed, encoding="utf-8")
    call_command("refdata", "import", str(target))
    assert Unit.objects.get(code="40").name == "Отдел взыскания задолженности"
    event = AuditEvent.objects.filter(
        action="refdata.updated", object_id=str(Unit.objects.get(code="40").pk)
    ).get()
    assert event.origin == "cli"
    assert refdata.dump()["regulations"][0]["rules"][0]["unit"] == "answering"


def test_a_malformed_reference_file_is_refused_with_a_clear_message(
    reference: object, tmp_path: Path
) -> None:
    import pytest
    from django.core.management import CommandError, call_command

    bad = tmp_path / "bad.yaml"
    bad.write_text("units:\n  - {code: '99'}\n", encoding="utf-8")
    with pytest.raises(CommandError, match="нет поля name"):
        call_command("refdata", "import", str(bad))
    assert not Unit.objects.filter(code="99").exists()
