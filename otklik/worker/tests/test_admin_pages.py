"""Administrators see the last runs of the periodic jobs and keep the report mailings; others see nothing."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.utils import timezone

from otklik.accounts.roles import sync_role_permissions
from otklik.conftest import PASSWORD
from otklik.worker.models import PeriodicRun, ReportMailing


def signed_in(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def test_an_administrator_sees_the_runs_and_adds_a_mailing(users: dict[str, Any]) -> None:
    sync_role_permissions()
    PeriodicRun.objects.create(
        name="intake.poll_feeds",
        slot=1,
        worker_id="w",
        started_at=timezone.now(),
        outcome=PeriodicRun.Outcome.FAILED,
        error="RuntimeError: лента недоступна",
    )
    admin = signed_in("admin")
    page = admin.get("/admin/worker/periodicrun/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "запуски периодических заданий" in text.lower()
    assert "intake.poll_feeds" in text and "ошибка" in text
    assert admin.get("/admin/worker/periodicrun/add/").status_code == 403  # the worker writes the runs

    answer = admin.post(
        "/admin/worker/reportmailing/add/",
        {
            "kind": "weekly",
            "fmt": "pdf",
            "emails": "chief@example.ru",
            "active": "on",
            "deliveries-TOTAL_FORMS": "0",
            "deliveries-INITIAL_FORMS": "0",
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    assert ReportMailing.objects.get().recipients() == ["chief@example.ru"]


def test_other_roles_do_not_reach_the_worker_pages(users: dict[str, Any]) -> None:
    sync_role_permissions()
    for username in ("leader", "officer", "analyst", "auditor", "nobody"):
        answer = signed_in(username).get("/admin/worker/periodicrun/")
        assert answer.status_code in (302, 403), username
