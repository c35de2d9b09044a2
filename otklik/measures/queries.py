"""Read-only figures of measures and alerts for the reports and the dashboard."""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.db.models import Count, Q, QuerySet

from otklik.measures.effect import Effect, compute
from otklik.measures.models import Alert, AlertState, Measure, MeasureState


@dataclasses.dataclass(frozen=True)
class MeasureWithEffect:
    measure: Measure
    effect: Effect


def measures_of_period(start: dt.date, end: dt.date) -> list[MeasureWithEffect]:
    """Measures proposed or done within [start, end], each with its effect (kept one, else computed now)."""
    measures = (
        Measure.objects.filter(
            Q(created_at__date__gte=start, created_at__date__lte=end)
            | Q(done_date__gte=start, done_date__lte=end)
        )
        .select_related("unit", "responsible")
        .order_by("created_at", "pk")
    )
    return [MeasureWithEffect(m, Effect.from_json(m.effect) if m.effect else compute(m)) for m in measures]


def alerts_of_period(start: dt.date, end: dt.date) -> QuerySet[Alert]:
    """Alerts for the days within [start, end], most recent first."""
    return Alert.objects.filter(day__gte=start, day__lte=end).select_related("unit")


def open_alert_count() -> int:
    return Alert.objects.filter(state=AlertState.OPEN).count()


def measures_by_state() -> dict[str, int]:
    """Every state with its number of measures, zero included, in workflow order."""
    counts = dict(Measure.objects.values_list("state").annotate(n=Count("pk")).values_list("state", "n"))
    return {state.value: counts.get(state.value, 0) for state in MeasureState}
