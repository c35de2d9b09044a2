"""notify(): a unit's notice reaches its officers only; a user's notice, that user; reading is per user."""

from __future__ import annotations

from typing import Any

from django.test import Client

from otklik.audit.models import AuditEvent
from otklik.conftest import PASSWORD
from otklik.monitoring.notifications import for_user, notify
from otklik.org.models import Unit


def test_a_unit_notice_reaches_its_officers_and_no_one_else(reference: Any, users: dict[str, Any]) -> None:
    notify(unit=Unit.objects.get(code="07"), users=[users["leader"]], text="Всплеск жалоб", link="/m/")
    assert for_user(users["officer"]).count() == 1
    assert for_user(users["leader"]).count() == 1
    assert for_user(users["officer16"]).count() == 0
    assert for_user(users["analyst"]).count() == 0
    assert AuditEvent.objects.filter(action="monitoring.notified").count() == 1


def test_the_notifications_page_marks_them_read(reference: Any, users: dict[str, Any]) -> None:
    notify(unit=Unit.objects.get(code="07"), text="Поступили на анализ отрицательные отзывы: 3")
    client = Client()
    assert client.login(username="officer", password=PASSWORD)
    page = client.get("/monitoring/notifications/").content.decode()
    assert "Поступили на анализ отрицательные отзывы: 3" in page
    client.post("/monitoring/notifications/")
    assert not for_user(users["officer"]).filter(read_at__isnull=True).exists()
