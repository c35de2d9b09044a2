"""The audit log cannot be changed through the application, nor by SQL on the table itself."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from otklik.audit import services as audit
from otklik.audit.models import AppendOnlyError, AuditEvent


@pytest.fixture
def event(db: object) -> AuditEvent:
    return audit.record("test.event", object_type="x", object_id="1", object_repr="объект")


def test_an_audit_event_cannot_be_saved_again(event: AuditEvent) -> None:
    event.action = "tampered"
    with pytest.raises(AppendOnlyError):
        event.save()


def test_an_audit_event_cannot_be_deleted(event: AuditEvent) -> None:
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="tampered")


@pytest.mark.parametrize("sql", ["UPDATE audit_auditevent SET action = 'x'", "DELETE FROM audit_auditevent"])
def test_the_database_refuses_update_and_delete_on_the_audit_table(event: AuditEvent, sql: str) -> None:
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    assert AuditEvent.objects.get(pk=event.pk).action == "test.event"


def test_an_event_records_the_request_id_and_address_of_its_request(db: object) -> None:
    from otklik.audit import context

    token = context.bind(context.RequestContext(request_id="req-42", ip="10.1.2.3", origin="web"))
    try:
        e = audit.record("test.event")
    finally:
        context.reset(token)
    assert (e.request_id, e.ip, e.origin) == ("req-42", "10.1.2.3", "web")
