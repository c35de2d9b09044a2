"""Two workers opening rounds and routing items at the same moment create each row once (PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections

from otklik.monitoring import services
from otklik.monitoring.models import Analysis, AnalysisTransfer, MonitoringRound
from otklik.monitoring.tests.factory import negative_item
from otklik.org import refdata

D = dt.date

pytestmark = pytest.mark.django_db(transaction=True)


def _at_once(work: Callable[[], Any], workers: int = 2) -> list[Any]:
    barrier = threading.Barrier(workers)
    results: list[Any] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait()
            results.append(work())
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    return results


@pytest.fixture
def postgres() -> None:
    if connection.vendor != "postgresql":
        pytest.skip(
            "проверка одновременной работы нужна на PostgreSQL: SQLite пропускает к записи один процесс "
            "за раз, и второй поток ждет блокировку вместо гонки (DATABASE_URL=postgres://…)"
        )
    refdata.load_defaults()


def test_two_workers_opening_rounds_at_once_create_each_round_once(postgres: None) -> None:
    created = _at_once(lambda: services.open_rounds(D(2026, 4, 1), start=D(2025, 10, 1)), workers=3)
    count = MonitoringRound.objects.count()
    assert count > 0
    assert sum(created) == count
    assert services.open_rounds(D(2026, 4, 1), start=D(2025, 10, 1)) == 0


def test_two_workers_routing_at_once_give_each_item_one_analysis(postgres: None) -> None:
    for day in range(1, 21):
        negative_item("appeals", dt.datetime(2026, 3, day, 10, 0))
    created = _at_once(services.route_pending, workers=3)
    assert sum(created) == 20
    assert Analysis.objects.count() == 20
    assert AnalysisTransfer.objects.count() == 20


def test_two_workers_reminding_at_once_send_each_reminder_once(postgres: None) -> None:
    from django.core import mail

    from otklik.accounts.models import User
    from otklik.org.models import Unit

    User.objects.create_user(username="u07", email="u07@example.ru", unit=Unit.objects.get(code="07"))
    Unit.objects.filter(code="07").update(email="orn@example.ru")
    services.open_rounds(D(2026, 1, 1), start=D(2025, 10, 1))
    overdue = MonitoringRound.objects.filter(due_date__lt=D(2026, 2, 2)).count()
    reminded = _at_once(lambda: services.remind_overdue(D(2026, 2, 2)), workers=3)
    assert sum(reminded) == overdue
    assert len([m for m in mail.outbox if "orn@example.ru" in m.to]) == 1
