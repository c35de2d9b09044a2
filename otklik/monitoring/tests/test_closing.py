"""Closing rules: a well-founded complaint needs a measure or a reason; a round closes on its own unit's
work (every negative item routed, its own analyses closed, a conclusion), other units' analyses followed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.apps import apps
from django.test import Client

from otklik.audit.models import AuditEvent
from otklik.lib.routing import GENERAL_DEPARTMENT
from otklik.monitoring import services
from otklik.monitoring.models import Analysis, Cause, MonitoringRound
from otklik.monitoring.services import MonitoringError
from otklik.monitoring.tests.factory import negative_item
from otklik.org.models import Unit

D = dt.date


def _analysis(channel: str = "appeals", when: dt.datetime = dt.datetime(2025, 11, 10, 10, 0)) -> Analysis:
    item = negative_item(channel, when, topic="service.queue")
    services.route_pending()
    return Analysis.objects.get(feedback=item)


def test_an_analysis_without_findings_cannot_be_closed(reference: Any, users: dict[str, Any]) -> None:
    analysis = _analysis()
    with pytest.raises(MonitoringError, match="обоснован"):
        services.close_analysis(analysis, users["officer"])


def test_a_well_founded_complaint_needs_a_measure_or_a_reason(reference: Any, users: dict[str, Any]) -> None:
    analysis = _analysis()
    cause = Cause.objects.get(code="delay")
    services.record_analysis(analysis, well_founded="partly", cause=cause, acting_user=users["officer"])
    with pytest.raises(MonitoringError, match="меру"):
        services.close_analysis(analysis, users["officer"])
    services.record_analysis(
        analysis,
        well_founded="partly",
        cause=cause,
        no_measure_reason="Разовый сбой, устранен в тот же день",
        acting_user=users["officer"],
    )
    closed = services.close_analysis(analysis, users["officer"])
    assert closed.state == Analysis.State.CLOSED and closed.closed_by == users["officer"]


def test_an_unfounded_complaint_closes_without_a_measure(reference: Any, users: dict[str, Any]) -> None:
    analysis = _analysis()
    services.record_analysis(
        analysis, well_founded="no", cause=Cause.objects.get(code="other"), acting_user=users["officer"]
    )
    assert services.close_analysis(analysis, users["officer"]).state == Analysis.State.CLOSED


def test_a_measure_on_the_item_lets_a_well_founded_complaint_close(
    reference: Any, users: dict[str, Any]
) -> None:
    try:
        measure: Any = apps.get_model("measures", "Measure")
    except LookupError:
        pytest.skip("приложение мер не установлено: мера не может быть предложена")
    if "analyses" not in {f.name for f in measure._meta.get_fields()}:
        pytest.skip("у меры нет связи с разбором отзыва")
    analysis = _analysis()
    services.record_analysis(
        analysis, well_founded="yes", cause=Cause.objects.get(code="behaviour"), acting_user=users["officer"]
    )
    m = measure.objects.create(title="Обучение сотрудников", unit=analysis.unit, due_date=D(2026, 12, 31))
    m.analyses.add(analysis)
    assert services.has_measure(analysis)
    assert services.close_analysis(analysis, users["officer"]).state == Analysis.State.CLOSED


def test_a_round_closes_only_when_its_own_units_analyses_are_closed(
    reference: Any, users: dict[str, Any]
) -> None:
    services.open_rounds(D(2026, 1, 1), start=D(2025, 10, 1))
    rnd = MonitoringRound.objects.get(period_code="2025Q4", channel__code="appeals")
    # No topic recognised: the item goes to the general department's triage, i.e. to the round's own unit.
    item = negative_item("appeals", dt.datetime(2025, 11, 10, 10, 0), topic=None)
    services.route_pending()
    analysis = Analysis.objects.get(feedback=item)
    assert analysis.unit_id == rnd.unit_id
    with pytest.raises(MonitoringError, match="Не завершен анализ"):
        services.close_round(rnd, "Недостатков не выявлено", users["officer"])
    with pytest.raises(MonitoringError, match="вывод"):
        services.close_round(rnd, "   ", users["officer"])
    services.record_analysis(
        analysis, well_founded="no", cause=Cause.objects.get(code="other"), acting_user=users["officer"]
    )
    services.close_analysis(analysis, users["officer"])
    closed = services.close_round(rnd, "Недостатков не выявлено", users["officer"])
    assert closed.state == MonitoringRound.State.CLOSED and closed.conclusion == "Недостатков не выявлено"
    with pytest.raises(MonitoringError, match="уже закрыт"):
        services.close_round(rnd, "Еще раз", users["officer"])


def test_a_round_waits_for_its_negative_items_to_be_routed(reference: Any, users: dict[str, Any]) -> None:
    services.open_rounds(D(2026, 1, 1), start=D(2025, 10, 1))
    rnd = MonitoringRound.objects.get(period_code="2025Q4", channel__code="appeals")
    negative_item("appeals", dt.datetime(2025, 11, 10, 10, 0), topic="service.queue")
    with pytest.raises(MonitoringError, match="Не направлены на анализ"):
        services.close_round(rnd, "Недостатков не выявлено", users["officer"])


def test_the_general_department_closes_its_round_while_another_unit_still_analyses_one_of_its_items(
    reference: Any, users: dict[str, Any]
) -> None:
    services.open_rounds(D(2026, 1, 1), start=D(2025, 10, 1))
    rnd = MonitoringRound.objects.get(period_code="2025Q4", channel__code="appeals")
    assert rnd.unit.code == GENERAL_DEPARTMENT
    elsewhere = _analysis("appeals", dt.datetime(2025, 11, 10, 10, 0))  # a topic of another unit
    assert elsewhere.unit_id != rnd.unit_id and elsewhere.state == Analysis.State.OPEN

    work = services.round_work(rnd)
    assert (work.own_open, work.unrouted) == (0, 0)
    assert work.elsewhere_open == {elsewhere.unit: 1}

    closed = services.close_round(rnd, "Поток просмотрен, отзывы направлены по компетенции", users["officer"])
    assert closed.state == MonitoringRound.State.CLOSED
    elsewhere.refresh_from_db()
    assert elsewhere.state == Analysis.State.OPEN  # still the other unit's work, and still followed
    event = AuditEvent.objects.filter(action="monitoring.round_closed").get()
    assert event.changes["open_elsewhere"] == {elsewhere.unit.code: 1}


def test_the_round_page_shows_the_other_units_open_analyses(reference: Any, users: dict[str, Any]) -> None:
    services.open_rounds(D(2026, 1, 1), start=D(2025, 10, 1))
    rnd = MonitoringRound.objects.get(period_code="2025Q4", channel__code="appeals")
    elsewhere = _analysis("appeals", dt.datetime(2025, 11, 10, 10, 0))
    client = Client()
    client.force_login(users["leader"])
    page = client.get(f"/monitoring/rounds/{rnd.pk}/").content.decode()
    holder = elsewhere.unit.short_name or elsewhere.unit.name
    assert f"не завершен: {holder} — 1" in page


def test_a_closed_analysis_cannot_be_transferred(reference: Any, users: dict[str, Any]) -> None:
    analysis = _analysis()
    services.record_analysis(
        analysis, well_founded="no", cause=Cause.objects.get(code="other"), acting_user=users["officer"]
    )
    services.close_analysis(analysis, users["officer"])
    with pytest.raises(MonitoringError, match="закрыт"):
        services.transfer(analysis, Unit.objects.get(code="16"), "не наш вопрос", users["officer"])
