"""Overdue rounds: one e-mail and one notification per round and day, to the unit and leadership."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core import mail

from otklik.monitoring import services
from otklik.monitoring.models import MonitoringRound, Notification

D = dt.date


def _one_overdue_round(users: dict[str, Any]) -> MonitoringRound:
    users["officer"].email = "officer07@example.ru"
    users["officer"].save()
    users["leader"].email = "leader@example.ru"
    users["leader"].save()
    services.open_rounds(D(2026, 1, 1), start=D(2025, 10, 1))
    rnd = MonitoringRound.objects.filter(period_code="2025Q4", unit__code="07").first()
    assert rnd is not None and rnd.due_date == D(2026, 1, 23)
    MonitoringRound.objects.exclude(pk=rnd.pk).update(state=MonitoringRound.State.CLOSED)
    return rnd


def test_an_overdue_round_is_reminded_once_a_day(reference: Any, users: dict[str, Any]) -> None:
    rnd = _one_overdue_round(users)
    assert services.remind_overdue(D(2026, 1, 23)) == 0  # due today: not yet overdue
    assert services.remind_overdue(D(2026, 1, 26)) == 1
    assert len(mail.outbox) == 1
    letter = mail.outbox[0]
    assert set(letter.to) >= {"officer07@example.ru", "leader@example.ru"}
    assert "просрочен" in letter.subject.lower()
    assert Notification.objects.filter(unit=rnd.unit).count() == 1
    assert Notification.objects.filter(user=users["leader"]).count() == 1

    assert services.remind_overdue(D(2026, 1, 26)) == 0
    assert len(mail.outbox) == 1
    assert services.remind_overdue(D(2026, 1, 27)) == 1
    assert len(mail.outbox) == 2


def test_a_closed_round_is_not_reminded(reference: Any, users: dict[str, Any]) -> None:
    rnd = _one_overdue_round(users)
    MonitoringRound.objects.filter(pk=rnd.pk).update(state=MonitoringRound.State.CLOSED)
    assert services.remind_overdue(D(2026, 2, 2)) == 0
    assert mail.outbox == []


def test_a_unit_gets_one_letter_a_day_for_all_its_overdue_rounds(
    reference: Any, users: dict[str, Any]
) -> None:
    users["officer"].email = "officer07@example.ru"
    users["officer"].save()
    services.open_rounds(D(2026, 1, 1), start=D(2025, 10, 1))
    of07 = MonitoringRound.objects.filter(unit__code="07", state=MonitoringRound.State.OPEN)
    assert of07.count() > 1
    reminded = services.remind_overdue(D(2026, 2, 2))
    assert reminded == MonitoringRound.objects.filter(due_date__lt=D(2026, 2, 2)).count()
    letters = [m for m in mail.outbox if "officer07@example.ru" in m.to]
    assert len(letters) == 1
    assert all(f"/monitoring/rounds/{r.pk}/" in letters[0].body for r in of07)
    assert Notification.objects.filter(unit__code="07").count() == 1
    assert services.remind_overdue(D(2026, 2, 2)) == 0
