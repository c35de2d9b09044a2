"""Bulk work on the to-do list: take, hand on, close as not well-founded, each item audited, all or none."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from otklik.audit.models import AuditEvent
from otklik.monitoring import services
from otklik.monitoring.models import Analysis, Cause
from otklik.monitoring.services import MonitoringError
from otklik.monitoring.tests.factory import negative_item
from otklik.org.models import Unit


def _analyses(n: int, unit: str = "16") -> list[Analysis]:
    items = [
        negative_item("lk_comments", dt.datetime(2026, 11, 10 + i, 10, 0), answering_unit=unit)
        for i in range(n)
    ]
    services.route_pending()
    return [Analysis.objects.get(feedback=item) for item in items]


def test_three_items_close_as_not_well_founded_with_one_reason_each_audited(
    reference: Any, users: dict[str, Any]
) -> None:
    analyses = _analyses(3)
    officer = users["officer16"]
    cause = Cause.objects.get(code="other")
    changed = services.bulk(
        [a.pk for a in analyses],
        "close_unfounded",
        acting_user=officer,
        unit=officer.unit,
        cause=cause,
        reason="Ответ дан в срок и по существу",
    )
    assert changed == 3
    for a in analyses:
        a.refresh_from_db()
        assert (a.state, a.well_founded, a.cause, a.comment) == (
            Analysis.State.CLOSED,
            "no",
            cause,
            "Ответ дан в срок и по существу",
        )
    closed = AuditEvent.objects.filter(action="monitoring.analysis_closed")
    assert sorted(int(e.object_id) for e in closed) == sorted(a.pk for a in analyses)
    assert {e.actor_id for e in closed} == {officer.pk}


def test_one_refusal_leaves_every_item_as_it_was(reference: Any, users: dict[str, Any]) -> None:
    first, second = _analyses(2)
    officer = users["officer16"]
    services.close_unfounded(second, Cause.objects.get(code="other"), "Уже разобран", officer)
    with pytest.raises(MonitoringError, match=f"Отзыв № {second.feedback_id}.*Ничего не изменено"):
        services.bulk(
            [first.pk, second.pk],
            "close_unfounded",
            acting_user=officer,
            unit=officer.unit,
            cause=Cause.objects.get(code="other"),
            reason="Не обоснован",
        )
    first.refresh_from_db()
    assert first.state == Analysis.State.OPEN and first.well_founded == ""
    with pytest.raises(MonitoringError, match="почему отзыв не обоснован"):
        services.bulk(
            [first.pk], "close_unfounded", acting_user=officer, unit=officer.unit, cause=Cause.objects.first()
        )


def test_another_units_items_cannot_be_touched(reference: Any, users: dict[str, Any]) -> None:
    (theirs,) = _analyses(1, unit="19")
    officer = users["officer16"]
    with pytest.raises(MonitoringError, match="не находится на анализе в вашем подразделении"):
        services.bulk([theirs.pk], "take", acting_user=officer, unit=officer.unit)
    theirs.refresh_from_db()
    assert theirs.taken_by is None


def test_taking_and_handing_on_in_bulk(reference: Any, users: dict[str, Any]) -> None:
    analyses = _analyses(2)
    officer = users["officer16"]
    services.bulk([a.pk for a in analyses], "take", acting_user=officer, unit=officer.unit)
    assert set(Analysis.objects.values_list("taken_by", flat=True)) == {officer.pk}
    to = Unit.objects.get(code="19")
    with pytest.raises(MonitoringError, match="причину передачи"):
        services.bulk(
            [a.pk for a in analyses], "transfer", acting_user=officer, unit=officer.unit, to_unit=to
        )
    services.bulk(
        [a.pk for a in analyses],
        "transfer",
        acting_user=officer,
        unit=officer.unit,
        to_unit=to,
        reason="Ответ давал отдел НДФЛ",
    )
    for a in analyses:
        a.refresh_from_db()
        assert a.unit == to and a.taken_by is None  # the new unit decides who works on it
    assert AuditEvent.objects.filter(action="monitoring.analysis_transferred").count() == 2


def test_the_to_do_form_reports_a_refusal_in_russian_and_goes_back(
    reference: Any, users: dict[str, Any]
) -> None:
    (analysis,) = _analyses(1)
    client = Client()
    client.force_login(users["officer16"])
    answer = client.post(
        "/monitoring/analyses/bulk/",
        {"id": [analysis.pk], "action": "close_unfounded", "reason": "", "next": "/?sort=serious"},
        follow=True,
    )
    assert answer.redirect_chain[-1][0] == "/?sort=serious"
    assert "Выберите причину" in answer.content.decode()
    answer = client.post("/monitoring/analyses/bulk/", {"take_one": analysis.pk}, follow=True)
    assert "Взяты в работу: 1" in answer.content.decode()
    analysis.refresh_from_db()
    assert analysis.taken_by == users["officer16"]
    outsider = Client()
    outsider.force_login(users["leader"])
    assert outsider.post("/monitoring/analyses/bulk/", {"take_one": analysis.pk}).status_code == 403
