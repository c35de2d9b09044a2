"""No unit sees another unit's rounds or analyses; leadership reads every unit's and changes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client

from otklik.conftest import PASSWORD
from otklik.monitoring import permissions, services
from otklik.monitoring.models import Analysis, Cause, MonitoringRound
from otklik.monitoring.tests.factory import negative_item
from otklik.org.models import Unit
from otklik.registry.access import visible_to

D = dt.date


def _client(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def _routed(reference: Any) -> tuple[Analysis, Analysis]:
    queue = negative_item("appeals", dt.datetime(2025, 11, 10, 10, 0), topic="service.queue")  # → 08
    transport = negative_item("appeals", dt.datetime(2025, 11, 11, 10, 0), topic="property.transport")  # → 16
    services.route_pending()
    a07 = Analysis.objects.get(feedback=queue)
    services.transfer(a07, Unit.objects.get(code="07"), "Прием в инспекции", None)
    return Analysis.objects.get(feedback=queue), Analysis.objects.get(feedback=transport)


def test_querysets_hold_only_the_officers_own_unit(reference: Any, users: dict[str, Any]) -> None:
    a07, a16 = _routed(reference)
    services.open_rounds(D(2026, 1, 1), start=D(2025, 10, 1))
    officer, officer16 = users["officer"], users["officer16"]
    assert list(permissions.analyses_visible_to(officer)) == [a07]
    assert list(permissions.analyses_visible_to(officer16)) == [a16]
    assert set(permissions.rounds_visible_to(officer).values_list("unit__code", flat=True)) == {"07"}
    assert not permissions.rounds_visible_to(officer16).exclude(unit__code="16").exists()
    assert permissions.analyses_visible_to(users["leader"]).count() == 2
    assert not permissions.analyses_visible_to(users["auditor"]).exists()
    assert not permissions.analyses_visible_to(users["nobody"]).exists()
    # The registry card of a routed item opens for the unit that holds it.
    assert visible_to(officer).filter(pk=a07.feedback_id).exists()


def test_pages_of_another_unit_are_not_found(reference: Any, users: dict[str, Any]) -> None:
    a07, a16 = _routed(reference)
    services.open_rounds(D(2026, 1, 1), start=D(2025, 10, 1))
    round07 = MonitoringRound.objects.filter(unit__code="07").first()
    assert round07 is not None
    officer16 = _client("officer16")
    assert officer16.get(f"/monitoring/analyses/{a07.pk}/").status_code == 404
    assert officer16.get(f"/monitoring/rounds/{round07.pk}/").status_code == 404
    answer = officer16.post(f"/monitoring/analyses/{a07.pk}/", {"action": "transfer", "reason": "x"})
    assert answer.status_code == 404
    desk = officer16.get("/monitoring/my/").content.decode()
    assert f"/monitoring/analyses/{a16.pk}/" in desk and f"/monitoring/analyses/{a07.pk}/" not in desk
    calendar = officer16.get("/monitoring/").content.decode()
    assert f"/monitoring/rounds/{round07.pk}/" not in calendar


def test_the_officer_records_and_closes_an_analysis_on_its_page(
    reference: Any, users: dict[str, Any]
) -> None:
    a07, _ = _routed(reference)
    officer = _client("officer")
    cause = Cause.objects.get(code="delay")
    answer = officer.post(
        f"/monitoring/analyses/{a07.pk}/",
        {"action": "close", "well_founded": "yes", "cause": cause.pk, "comment": "Подтвердилось"},
    )
    assert answer.status_code == 200
    assert "предложите меру или укажите, почему мера не нужна" in answer.content.decode()
    a07.refresh_from_db()
    assert a07.state == Analysis.State.OPEN and a07.well_founded == "yes"  # no measure, no reason yet
    officer.post(
        f"/monitoring/analyses/{a07.pk}/",
        {
            "action": "close",
            "well_founded": "yes",
            "cause": cause.pk,
            "comment": "Подтвердилось",
            "no_measure_reason": "Сотрудник уволен",
        },
    )
    a07.refresh_from_db()
    assert a07.state == Analysis.State.CLOSED


def test_leadership_reads_every_unit_but_cannot_change(reference: Any, users: dict[str, Any]) -> None:
    a07, a16 = _routed(reference)
    leader = _client("leader")
    assert leader.get(f"/monitoring/analyses/{a07.pk}/").status_code == 200
    assert leader.get(f"/monitoring/analyses/{a16.pk}/").status_code == 200
    answer = leader.post(f"/monitoring/analyses/{a07.pk}/", {"action": "save", "well_founded": "no"})
    assert answer.status_code == 403
    a07.refresh_from_db()
    assert a07.well_founded == ""


def test_the_record_card_links_to_the_items_analysis(reference: Any, users: dict[str, Any]) -> None:
    a07, _ = _routed(reference)
    card = _client("officer").get(f"/registry/{a07.feedback_id}/").content.decode()
    assert f"/monitoring/analyses/{a07.pk}/" in card


def test_the_rounds_unit_closes_it_on_its_page_with_a_conclusion(
    reference: Any, users: dict[str, Any]
) -> None:
    services.open_rounds(D(2026, 1, 1), start=D(2025, 10, 1))
    rnd = MonitoringRound.objects.filter(unit__code="07", period_code="2025Q4").first()
    assert rnd is not None
    negative_item(rnd.channel.code, dt.datetime(2025, 11, 12, 10, 0), tone="positive")
    negative_item(rnd.channel.code, dt.datetime(2025, 11, 13, 10, 0), topic="service.queue")
    negative_item(rnd.channel.code, dt.datetime(2025, 11, 14, 10, 0), topic="media.service_quality")
    services.route_pending()
    own = Analysis.objects.get(feedback__topic__code="media.service_quality")
    elsewhere = Analysis.objects.get(feedback__topic__code="service.queue")
    assert own.unit_id == rnd.unit_id != elsewhere.unit_id
    officer = _client("officer")
    page = officer.get(f"/monitoring/rounds/{rnd.pk}/").content.decode().split('id="items"', 1)[1]
    assert page.index("badge negative") < page.index("badge positive")  # negative items first
    assert _client("leader").post(f"/monitoring/rounds/{rnd.pk}/", {"conclusion": "Итог"}).status_code == 403
    answer = officer.post(f"/monitoring/rounds/{rnd.pk}/", {"conclusion": "Итог"})
    # Only the unit's own analysis holds the round; the other unit's is followed, not waited for.
    assert "Не завершен анализ отрицательных отзывов вашего подразделения: 1" in answer.content.decode()
    services.record_analysis(
        own, well_founded="no", cause=Cause.objects.get(code="other"), acting_user=users["officer"]
    )
    services.close_analysis(own, users["officer"])
    assert officer.post(f"/monitoring/rounds/{rnd.pk}/", {"conclusion": "Итог"}).status_code == 302
    rnd.refresh_from_db()
    assert rnd.state == MonitoringRound.State.CLOSED and rnd.closed_by == users["officer"]
    elsewhere.refresh_from_db()
    assert elsewhere.state == Analysis.State.OPEN


def test_the_unit_monitoring_a_stream_opens_all_its_records(reference: Any, users: dict[str, Any]) -> None:
    # Unit 07 monitors «Ваш контроль» under the order; unit 16 does not, and has no such record's topic.
    review = negative_item("vashkontrol", dt.datetime(2025, 11, 12, 10, 0), topic="property.transport")
    services.open_rounds(D(2026, 1, 1), start=D(2025, 10, 1))
    rnd = MonitoringRound.objects.get(channel__code="vashkontrol", period_code="2025Q4")
    assert rnd.unit.code == "07"
    assert visible_to(users["officer"]).filter(pk=review.pk).exists()
    other = users["officer16"]
    assert visible_to(other).filter(pk=review.pk).exists()  # the topic is 16's competence
    page = _client("officer").get(f"/monitoring/rounds/{rnd.pk}/").content.decode()
    assert f"/registry/{review.pk}/" in page
    queue = negative_item("vashkontrol", dt.datetime(2025, 11, 13, 10, 0), topic="service.queue")  # → 08
    assert not visible_to(other).filter(pk=queue.pk).exists()
