"""The hourly spike check on the registry: one alert per (dimension, key, day), sent to the competent unit."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from otklik.accounts.models import User
from otklik.audit.models import AuditEvent
from otklik.conftest import PASSWORD
from otklik.measures import alerts, services
from otklik.measures.models import Alert, AlertState
from otklik.measures.tests.factory import make
from otklik.org.models import Unit

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 27)
SPIKE_DAY = TODAY - dt.timedelta(days=2)


@pytest.fixture
def queue_spike(reference: dict[str, int]) -> None:
    """A quiet month of queue complaints about ОП № 3 in written appeals, then nine on one day."""
    first = TODAY - dt.timedelta(days=alerts.BASELINE_DAYS + alerts.RECENT_DAYS)
    for i in range(alerts.BASELINE_DAYS + alerts.RECENT_DAYS):
        day = first + dt.timedelta(days=i)
        if day.weekday() < 5 and i % 3 == 0 and day != SPIKE_DAY:
            make(day, tone="negative")
        if day.weekday() < 5:
            make(day, tone="neutral", office="ОП1", topic="property.notice")
    for _ in range(9):
        make(SPIKE_DAY, tone="negative", hour=10)


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(alerts, "_notifier", lambda: lambda **kw: calls.append(kw))
    return calls


def test_the_spike_raises_alerts_for_its_office_topic_and_stream_with_their_units(
    queue_spike: None, users: dict[str, User], sent: list[dict[str, Any]]
) -> None:
    created = alerts.check_spikes(TODAY)
    found = {(a.dimension, a.key): a for a in created}
    assert set(found) == {("office", "ОП3"), ("topic", "service.queue"), ("stream", "appeals")}
    assert {a.day for a in created} == {SPIKE_DAY}
    topic = found[("topic", "service.queue")]
    assert topic.observed == 9 and topic.expected < 2 and topic.p_value < 1e-4
    assert topic.state == AlertState.OPEN
    # The topic's unit by its competence, the office's by the topic of its complaints, the stream's by the
    # regulation in force.
    assert topic.unit == Unit.objects.get(code="08")
    assert found[("office", "ОП3")].unit == Unit.objects.get(code="08")
    assert found[("stream", "appeals")].unit == Unit.objects.get(code="01")
    assert len(sent) == 3
    assert all(users["leader"] in call["users"] for call in sent)
    assert {call["unit"] for call in sent} == {a.unit for a in created}
    assert f"/measures/alerts/{topic.pk}/" in {call["link"] for call in sent}
    assert AuditEvent.objects.filter(action="alert.raised").count() == 3


def test_checking_again_raises_nothing_twice(queue_spike: None, sent: list[dict[str, Any]]) -> None:
    assert len(alerts.check_spikes(TODAY)) == 3
    assert alerts.check_spikes(TODAY) == []
    # The next day the spike is still within the checked week: still no second alert, no second message.
    assert alerts.check_spikes(TODAY + dt.timedelta(days=1)) == []
    assert Alert.objects.count() == 3
    assert len(sent) == 3


def test_a_quiet_registry_raises_no_alert(reference: dict[str, int], sent: list[dict[str, Any]]) -> None:
    for i in range(40):
        make(TODAY - dt.timedelta(days=i + 1), tone="negative")
    assert alerts.check_spikes(TODAY) == []
    assert sent == []


def test_without_a_notify_function_the_alert_is_still_raised(
    queue_spike: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(alerts, "_notifier", lambda: None)
    assert len(alerts.check_spikes(TODAY)) == 3


def test_the_job_reports_what_it_did(queue_spike: None, sent: list[dict[str, Any]]) -> None:
    from otklik.measures.jobs import PERIODIC_JOBS

    jobs = {name: (every, run) for name, every, run in PERIODIC_JOBS}
    assert jobs["measures.check_spikes"][0] == 3600
    assert jobs["measures.refresh_effects"][0] == 86400
    assert "всплески проверены" in str(jobs["measures.check_spikes"][1]())


def test_the_unit_acknowledges_and_closes_its_alert_audited(
    queue_spike: None, users: dict[str, User], sent: list[dict[str, Any]]
) -> None:
    alerts.check_spikes(TODAY)
    alert = Alert.objects.get(dimension="stream", key="appeals")
    alert.unit = Unit.objects.get(code="07")
    alert.save()
    officer = Client()
    officer.login(username="officer", password=PASSWORD)
    page = officer.get(f"/measures/alerts/{alert.pk}/").content.decode()
    assert f"date_from={SPIKE_DAY.isoformat()}" in page and "channel=2" in page and "tone=negative" in page
    officer.post(f"/measures/alerts/{alert.pk}/acknowledge/", {"comment": "Разбираемся"})
    alert.refresh_from_db()
    assert alert.state == AlertState.ACKNOWLEDGED and alert.handled_by == users["officer"]
    with pytest.raises(services.TransitionError):
        services.handle_alert(alert, acting_user=users["officer"], to_state=AlertState.ACKNOWLEDGED)
    services.handle_alert(alert, acting_user=users["leader"], to_state=AlertState.CLOSED)
    assert list(
        AuditEvent.objects.filter(object_type="measures.alert", object_id=str(alert.pk))
        .order_by("pk")
        .values_list("action", "actor_label")
    ) == [("alert.raised", "system"), ("alert.acknowledged", "officer"), ("alert.closed", "leader")]
    other = Client()
    other.login(username="officer16", password=PASSWORD)
    assert other.post(f"/measures/alerts/{alert.pk}/close/").status_code == 404


def test_the_monitoring_notifications_reach_the_unit_and_leadership(
    queue_spike: None, users: dict[str, User]
) -> None:
    from otklik.monitoring.models import Notification

    alerts.check_spikes(TODAY)
    topic = Alert.objects.get(dimension="topic", key="service.queue")
    link = f"/measures/alerts/{topic.pk}/"
    assert Notification.objects.filter(unit__code="08", link=link).count() == 1
    assert Notification.objects.filter(user=users["leader"], link=link).count() == 1
    assert "Очереди" in Notification.objects.filter(link=link).first().text  # type: ignore[union-attr]
