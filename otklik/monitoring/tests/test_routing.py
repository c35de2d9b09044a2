"""Routing negative items into analyses: one per item, to the competent unit, unsure topics to triage."""

from __future__ import annotations

import datetime as dt
from typing import Any

from otklik.monitoring import services
from otklik.monitoring.models import Analysis, AnalysisTransfer, Notification
from otklik.monitoring.tests.factory import negative_item
from otklik.org.models import Topic, Unit
from otklik.org.services import assign_topic


def test_each_negative_item_gets_one_analysis_at_the_unit_of_its_topic(reference: Any) -> None:
    item = negative_item("appeals", dt.datetime(2026, 3, 10, 10, 0), topic="property.transport")
    assert services.route_pending() == 1
    analysis = Analysis.objects.get(feedback=item)
    assert analysis.unit.code == "16" and not analysis.triage
    first = analysis.transfers.get()
    assert first.from_unit is None and first.basis == "topic"
    assert first.reason == (
        "Отзыв по тематике «Транспортный налог» направлен в отдел камерального контроля имущественных "
        "налогов, к компетенции которого относится эта тематика."
    )
    assert Notification.objects.filter(unit__code="16").exists()


def test_routing_twice_creates_nothing_new(reference: Any) -> None:
    negative_item("appeals", dt.datetime(2026, 3, 10, 10, 0))
    negative_item("calls", dt.datetime(2026, 3, 11, 10, 0), topic="service.queue")
    assert services.route_pending() == 2
    assert services.route_pending() == 0
    assert Analysis.objects.count() == 2 and AnalysisTransfer.objects.count() == 2


def test_stream_one_goes_to_the_unit_that_answered(reference: Any) -> None:
    item = negative_item(
        "lk_comments", dt.datetime(2026, 3, 10, 10, 0), topic="property.transport", answering_unit="19"
    )
    services.route_pending()
    analysis = Analysis.objects.get(feedback=item)
    assert analysis.unit.code == "19"
    assert analysis.transfers.get().basis == "answering_unit"


def test_an_unsure_or_missing_topic_goes_to_the_general_department_for_triage(reference: Any) -> None:
    unsure = negative_item("appeals", dt.datetime(2026, 3, 10, 10, 0), confidence=0.3)
    missing = negative_item("surveys", dt.datetime(2026, 3, 10, 11, 0), topic=None)
    services.route_pending()
    for item in (unsure, missing):
        analysis = Analysis.objects.get(feedback=item)
        assert analysis.unit.code == "01" and analysis.triage
        assert analysis.transfers.get().basis == "triage"
        assert analysis.transfers.get().reason.endswith(
            ", поэтому отзыв направлен в общий отдел для распределения."
        )


def test_only_analysed_negative_items_are_routed(reference: Any) -> None:
    negative_item("appeals", dt.datetime(2026, 3, 10, 10, 0), tone="positive")
    negative_item("appeals", dt.datetime(2026, 3, 10, 11, 0), analysed=False)
    assert services.route_pending() == 0
    assert not Analysis.objects.exists()


def test_the_dated_topic_map_decides_by_the_day_the_item_came(reference: Any) -> None:
    topic = Topic.objects.get(code="property.transport")
    assign_topic(topic=topic, unit=Unit.objects.get(code="19"), valid_from=dt.date(2026, 3, 1))
    before = negative_item("appeals", dt.datetime(2026, 2, 27, 10, 0))
    after = negative_item("appeals", dt.datetime(2026, 3, 2, 10, 0))
    services.route_pending()
    assert Analysis.objects.get(feedback=before).unit.code == "16"
    assert Analysis.objects.get(feedback=after).unit.code == "19"


def test_a_transfer_moves_the_analysis_and_keeps_the_history(reference: Any, users: dict[str, Any]) -> None:
    item = negative_item("appeals", dt.datetime(2026, 3, 10, 10, 0), topic=None)
    services.route_pending()
    analysis = Analysis.objects.get(feedback=item)
    services.transfer(analysis, Unit.objects.get(code="07"), "Жалоба на очередь в инспекции", users["admin"])
    analysis.refresh_from_db()
    assert analysis.unit.code == "07" and not analysis.triage
    history = list(analysis.transfers.values_list("from_unit__code", "to_unit__code", "basis"))
    assert history == [(None, "01", "triage"), ("01", "07", "transfer")]
    assert Notification.objects.filter(unit__code="07", link__contains=str(analysis.pk)).exists()


def test_an_analysis_follows_the_items_tone_until_it_is_closed(reference: Any) -> None:
    item = negative_item("appeals", dt.datetime(2026, 3, 10, 10, 0), topic="property.transport")
    closed_item = negative_item("appeals", dt.datetime(2026, 3, 11, 10, 0), topic="property.transport")
    services.route_pending()
    analysis = Analysis.objects.get(feedback=item)
    services.record_analysis(analysis, well_founded="no", cause=None, comment="Начали разбор")
    done = Analysis.objects.get(feedback=closed_item)
    Analysis.objects.filter(pk=done.pk).update(state=Analysis.State.CLOSED)

    type(item).objects.filter(pk__in=[item.pk, closed_item.pk]).update(tone="neutral")  # a correction
    assert services.follow_tone() == (1, 0)
    analysis.refresh_from_db()
    assert analysis.state == Analysis.State.WITHDRAWN and analysis.comment == "Начали разбор"
    assert Analysis.objects.get(pk=done.pk).state == Analysis.State.CLOSED
    try:
        services.close_analysis(analysis, acting_user=None)
        raise AssertionError("a withdrawn analysis was closed")
    except services.MonitoringError as exc:
        assert "снят" in str(exc)
    assert services.route_pending() == 0  # not routed again while withdrawn
    assert services.follow_tone() == (0, 0)

    type(item).objects.filter(pk=item.pk).update(tone="negative")
    assert services.follow_tone() == (0, 1)
    analysis.refresh_from_db()
    assert analysis.state == Analysis.State.OPEN and analysis.comment == "Начали разбор"
    assert Analysis.objects.count() == 2
