"""The effect of a done measure: counts in equal windows before and after, against a hand computation."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from otklik.measures import effect
from otklik.measures.models import Measure, MeasureState
from otklik.measures.tests.factory import make, many
from otklik.org.models import TaxOffice, Topic, Unit

pytestmark = pytest.mark.django_db

DONE = dt.date(2026, 6, 1)
TODAY = DONE + dt.timedelta(days=40)


def done_measure(*, topics: list[str], offices: list[str], stream_of: list[str] | None = None) -> Measure:
    measure = Measure.objects.create(
        title="Электронная очередь",
        unit=Unit.objects.get(code="08"),
        due_date=DONE,
        state=MeasureState.DONE,
        done_date=DONE,
    )
    measure.topics.set(Topic.objects.filter(code__in=topics))
    measure.offices.set(TaxOffice.objects.filter(code__in=offices))
    for channel in stream_of or []:
        measure.feedback.add(make(DONE - dt.timedelta(days=200), tone="negative", channel=channel))
    return measure


@pytest.fixture
def registry(reference: dict[str, int]) -> None:
    """Queue complaints about ОП № 3 in written appeals, with neighbours the scope must leave out."""
    many(DONE - dt.timedelta(days=30), negative=12, other=18)  # before: 12 of 30
    many(DONE + dt.timedelta(days=10), negative=3, other=26)  # after: 3 of 30 with the next line
    make(DONE + dt.timedelta(days=1), tone="neutral", hour=0)  # 00:00 local on the first day after
    many(DONE, negative=4, other=0)  # the day of completion belongs to neither window
    many(DONE - dt.timedelta(days=45), negative=5, other=0)  # before the equal window: left out
    many(DONE - dt.timedelta(days=30), negative=10, other=0, office="ОП1")  # another office
    many(DONE - dt.timedelta(days=30), negative=10, other=0, topic="property.notice")  # another topic
    many(DONE + dt.timedelta(days=10), negative=10, other=0, channel="calls")  # another stream
    make(DONE + dt.timedelta(days=10), tone="")  # not analysed yet: no tone, not counted


def normal_cdf(x: float) -> float:
    return 0.5 * (1 + math.erf(x / math.sqrt(2)))


def test_the_counts_windows_and_test_match_a_hand_computation(registry: None) -> None:
    measure = done_measure(topics=["service.queue"], offices=["ОП3"], stream_of=["appeals"])
    result = effect.compute(measure, today=TODAY)
    # The data reach 39 complete days after completion (today excluded) and 200 days before: 39-day windows.
    assert result.window_days == 39
    assert (result.before_from, result.before_to) == (
        DONE - dt.timedelta(days=39),
        DONE - dt.timedelta(days=1),
    )
    assert (result.after_from, result.after_to) == (DONE + dt.timedelta(days=1), DONE + dt.timedelta(days=39))
    assert (result.negative_before, result.total_before) == (12, 30)
    assert (result.negative_after, result.total_after) == (3, 30)
    # Pooled share 15/60 = 0.25, every expected cell ≥ 7.5, so the z-test:
    se = math.sqrt(0.25 * 0.75 * (1 / 30 + 1 / 30))
    z = (3 / 30 - 12 / 30) / se
    assert z == pytest.approx(-2.683, abs=1e-3)
    assert result.method == "z"
    assert result.p_decrease == pytest.approx(normal_cdf(z), rel=1e-9)
    assert result.p_two_sided == pytest.approx(2 * normal_cdf(z), rel=1e-9)
    assert result.verdict == "доля снизилась значимо"


def test_without_items_the_streams_are_not_restricted(registry: None) -> None:
    measure = done_measure(topics=["service.queue"], offices=["ОП3"])
    result = effect.compute(measure, today=TODAY)
    assert (result.negative_after, result.total_after) == (13, 40)  # the calls count too
    assert result.verdict == "изменение незначимо"


def test_a_rise_in_the_share_is_called_so(reference: dict[str, int]) -> None:
    many(DONE - dt.timedelta(days=20), negative=2, other=28)
    many(DONE + dt.timedelta(days=20), negative=15, other=15)
    measure = done_measure(topics=["service.queue"], offices=[])
    assert effect.compute(measure, today=TODAY).verdict == "доля выросла"


def test_too_short_a_time_since_completion_is_too_little_data(registry: None) -> None:
    measure = done_measure(topics=["service.queue"], offices=["ОП3"])
    result = effect.compute(measure, today=DONE + dt.timedelta(days=11))
    assert result.window_days == 10
    assert result.verdict == "мало данных"


def test_a_measure_not_done_has_no_effect_yet(registry: None) -> None:
    measure = done_measure(topics=["service.queue"], offices=["ОП3"])
    Measure.objects.filter(pk=measure.pk).update(state=MeasureState.IN_PROGRESS, done_date=None)
    measure.refresh_from_db()
    assert effect.compute(measure, today=TODAY).verdict == "мало данных"


def test_the_effect_is_kept_on_the_measure_by_the_daily_job(registry: None) -> None:
    measure = done_measure(topics=["service.queue"], offices=["ОП3"], stream_of=["appeals"])
    summary = effect.refresh_all(today=TODAY)
    assert "доля снизилась значимо: 1" in summary
    measure.refresh_from_db()
    assert measure.effect_computed_at is not None
    kept = effect.Effect.from_json(measure.effect or {})
    assert kept == effect.compute(measure, today=TODAY)
