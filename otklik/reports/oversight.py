"""Monitoring rounds, measures and alerts as the reports and the dashboard need them, read from the
monitoring and measures apps."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter

from django.db.models import Q
from django.utils import timezone

from otklik.lib import ru
from otklik.lib.periods import Period
from otklik.measures.effect import Effect
from otklik.measures.models import AlertState, Measure, MeasureState
from otklik.measures.queries import alerts_of_period, measures_of_period
from otklik.monitoring.models import MonitoringRound
from otklik.monitoring.services import RoundStatus, rounds_of_period
from otklik.reports.periods import received_range


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
    outcome: str = ""  # what the unit did, as it wrote when marking the measure done


@dataclasses.dataclass
class AlertRow:
    raised: dt.date | None
    subject: str
    state: str


def rounds(period: Period, unit_id: int | None = None) -> list[RoundRow]:
    """The monitoring rounds whose period ends within the report's period (of one unit, if given), with
    their state today."""
    today = timezone.localdate()
    scope = MonitoringRound.objects.filter(unit_id=unit_id) if unit_id else None
    return [
        RoundRow(
            stream=f"{row.round.channel.number}. {row.round.channel.name}",
            unit=row.round.unit.short_name or row.round.unit.name,
            period=row.round.period_code,
            due=row.round.due_date,
            state=row.status_label,
        )
        for row in rounds_of_period(period.start, period.end, today, queryset=scope)
    ]


def _percent(share: float | None) -> str:
    return ru.percent(None if share is None else share * 100)


def effect_text(effect: Effect) -> str:
    """The measured effect in words and numbers a reader can check: the shares before and after with the
    counts behind them, and the verdict («доля снизилась значимо»)."""
    if effect.before_from is None or not (effect.total_before and effect.total_after):
        return effect.verdict  # no share to show on one side: «мало данных» says it
    return (
        f"доля отрицательных отзывов до меры {_percent(effect.share_before)} "
        f"({ru.number(effect.negative_before)} из {ru.number(effect.total_before)}), после — "
        f"{_percent(effect.share_after)} "
        f"({ru.number(effect.negative_after)} из {ru.number(effect.total_after)}): "
        f"{effect.verdict}"
    )


def measures(period: Period, unit_id: int | None = None) -> list[MeasureRow]:
    rows = []
    for item in measures_of_period(period.start, period.end):
        m = item.measure
        if unit_id and m.unit_id != unit_id:
            continue
        effect = effect_text(item.effect) if m.state == MeasureState.DONE else "не исполнена"
        rows.append(MeasureRow(m.title, m.unit.name, m.get_state_display(), m.due_date, effect, m.outcome))
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


def round_states(start: dt.date, end: dt.date, today: dt.date) -> list[tuple[str, str, int]]:
    """The rounds of the periods ending within [start, end] by their state on `today`: (state, label,
    number), in the order «в срок», «с опозданием», «просрочен», «открыт»."""
    counted = Counter(row.status for row in rounds_of_period(start, end, today))
    return [(status, label, counted[status]) for status, label in RoundStatus.LABELS.items()]


def alert_counts(start: dt.date, end: dt.date) -> dict[str, int]:
    """Alerts raised for the days within [start, end]: all of them and those nobody has handled yet."""
    raised = alerts_of_period(start, end)
    return {"total": raised.count(), "open": raised.filter(state=AlertState.OPEN).count()}


def measures_by_state(start: dt.date, end: dt.date) -> list[tuple[str, int]]:
    """Measures proposed or done within [start, end], per state in workflow order, empty states left out."""
    since, until = received_range(start, end)
    within = Measure.objects.filter(
        Q(created_at__gte=since, created_at__lt=until) | Q(done_date__gte=start, done_date__lte=end)
    )
    counted = Counter(within.values_list("state", flat=True))
    return [(state.label, counted[state.value]) for state in MeasureState if counted[state.value]]
