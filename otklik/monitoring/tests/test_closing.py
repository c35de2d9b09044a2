"""Closing rules: a well-founded complaint needs a measure or a reason; a round, every analysis closed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.apps import apps

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


def test_a_round_closes_only_when_every_negative_item_is_analysed(
    reference: Any, users: dict[str, Any]
) -> None:
    services.open_rounds(D(2026, 1, 1), start=D(2025, 10, 1))
    rnd = MonitoringRound.objects.get(period_code="2025Q4", channel__code="appeals")
    analysis = _analysis("appeals", dt.datetime(2025, 11, 10, 10, 0))
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


def test_a_closed_analysis_cannot_be_transferred(reference: Any, users: dict[str, Any]) -> None:
    analysis = _analysis()
    services.record_analysis(
        analysis, well_founded="no", cause=Cause.objects.get(code="other"), acting_user=users["officer"]
    )
    services.close_analysis(analysis, users["officer"])
    with pytest.raises(MonitoringError, match="закрыт"):
        services.transfer(analysis, Unit.objects.get(code="16"), "не наш вопрос", users["officer"])
