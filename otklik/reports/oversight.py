"""Monitoring rounds, measures and alerts as the reports and the dashboard need them, read from the
monitoring and measures apps."""

from __future__ import annotations

import dataclasses
import datetime as dt
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from otklik.lib import ru
from otklik.lib.periods import Period
from otklik.measures import queries as measures_queries
from otklik.measures.effect import Effect
from otklik.measures.models import MeasureState
from otklik.measures.queries import alerts_of_period, measures_of_period
from otklik.monitoring.models import MonitoringRound
from otklik.monitoring.services import rounds_of_period


@dataclasses.dataclass
class RoundRow:
    stream: str
    unit: str
    period: str
    due: dt.date | None
    state: str  # «в срок», «с опозданием», «просрочен», «открыт» (closed on time, closed late, …)


@dataclasses.dataclass
class MeasureRow:
    title: str
    unit: str
    state: str
    due: dt.date | None
    effect: str


@dataclasses.dataclass
class AlertRow:
    raised: dt.date | None
    subject: str
    state: str


def rounds(period: Period) -> list[RoundRow]:
    """The monitoring rounds whose period ends within the report's period, with their state today."""
    today = timezone.localdate()
    return [
        RoundRow(
            stream=f"{row.round.channel.number}. {row.round.channel.name}",
            unit=row.round.unit.short_name or row.round.unit.name,
            period=row.round.period_code,
            due=row.round.due_date,
            state=row.status_label,
        )
        for row in rounds_of_period(period.start, period.end, today)
    ]


def _percent(share: float | None) -> str:
    return ru.percent(None if share is None else share * 100)


def effect_text(effect: Effect) -> str:
    """The measured effect in words and numbers a reader can check: the shares before and after with the
    counts behind them, and the verdict («доля снизилась значимо»)."""
    if effect.before_from is None:
        return effect.verdict
    return (
        f"доля отрицательных отзывов до меры {_percent(effect.share_before)} "
        f"({ru.number(effect.negative_before)} из {ru.number(effect.total_before)}), после — "
        f"{_percent(effect.share_after)} "
        f"({ru.number(effect.negative_after)} из {ru.number(effect.total_after)}): "
        f"{effect.verdict}"
    )


def measures(period: Period) -> list[MeasureRow]:
    rows = []
    for item in measures_of_period(period.start, period.end):
        m = item.measure
        effect = effect_text(item.effect) if m.state == MeasureState.DONE else "не исполнена"
        rows.append(MeasureRow(m.title, m.unit.name, m.get_state_display(), m.due_date, effect))
    return rows


def alerts(period: Period) -> list[AlertRow]:
    return [
        AlertRow(
            a.day,
            f"{a.get_dimension_display()}: {a.label or a.key} — {ru.number(a.observed)} при ожидаемых "
            f"{ru.number(a.expected, 1)}",
            a.get_state_display(),
        )
        for a in alerts_of_period(period.start, period.end).order_by("day", "pk")
    ]


def rounds_due_and_overdue(today: dt.date) -> tuple[int, int]:
    """Open rounds still within their term, and open rounds past it."""
    open_rounds = MonitoringRound.objects.filter(state=MonitoringRound.State.OPEN)
    return open_rounds.filter(due_date__gte=today).count(), open_rounds.filter(due_date__lt=today).count()


def open_alert_count() -> int:
    return measures_queries.open_alert_count()


def measures_by_state() -> list[tuple[str, int, str]]:
    """(state in Russian, number of measures, link to their list) in workflow order, empty states left out."""
    labels = dict(MeasureState.choices)
    base = reverse("measures:list")
    return [
        (labels[state], n, f"{base}?{urlencode({'state': state})}")
        for state, n in measures_queries.measures_by_state().items()
        if n
    ]
