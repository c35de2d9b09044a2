"""The figures the reports take from measures and alerts."""

from __future__ import annotations

import datetime as dt

import pytest

from otklik.measures import queries
from otklik.measures.models import Alert, AlertState, Measure, MeasureState
from otklik.org.models import Unit

pytestmark = pytest.mark.django_db


def test_measures_by_state_alerts_of_a_period_and_open_alerts(reference: dict[str, int]) -> None:
    unit = Unit.objects.get(code="07")
    for state in ("proposed", "proposed", "done"):
        Measure.objects.create(title="Мера", unit=unit, due_date=dt.date(2099, 1, 1), state=state)
    assert queries.measures_by_state() == {
        "proposed": 2,
        "approved": 0,
        "in_progress": 0,
        "done": 1,
        "rejected": 0,
    }
    for day, state in ((dt.date(2026, 10, 1), AlertState.OPEN), (dt.date(2026, 11, 2), AlertState.CLOSED)):
        Alert.objects.create(
            dimension="topic", key=f"t{day}", day=day, observed=5, expected=1, p_value=1e-5, state=state
        )
    assert queries.open_alert_count() == 1
    november = queries.alerts_of_period(dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert [a.day for a in november] == [dt.date(2026, 11, 2)]


def test_measures_of_a_period_come_with_their_verdict(reference: dict[str, int]) -> None:
    unit = Unit.objects.get(code="07")
    done = Measure.objects.create(
        title="Выполнена",
        unit=unit,
        due_date=dt.date(2026, 9, 1),
        state=MeasureState.DONE,
        done_date=dt.date(2026, 9, 1),
    )
    Measure.objects.filter(pk=done.pk).update(created_at=dt.datetime(2026, 8, 1, tzinfo=dt.UTC))
    rows = queries.measures_of_period(dt.date(2026, 9, 1), dt.date(2026, 9, 30))
    assert [(r.measure.pk, r.effect.verdict) for r in rows] == [(done.pk, "мало данных")]
    assert queries.measures_of_period(dt.date(2026, 10, 1), dt.date(2026, 10, 31)) == []
