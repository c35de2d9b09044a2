"""Monitoring rounds, measures and alerts as the reports and the dashboard need them, read from the
monitoring and measures apps."""

from __future__ import annotations

import dataclasses
import datetime as dt
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

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
    return "—" if share is None else f"{share * 100:.1f}".replace(".", ",") + " %"


def effect_text(effect: Effect) -> str:
    """The measured effect in one line: the shares before and after, the verdict and its p-value."""
    if effect.before_from is None:
        return effect.verdict
    text = f"{_percent(effect.share_before)} → {_percent(effect.share_after)}: {effect.verdict}"
    if effect.p_two_sided is not None:
        text += f" (p = {effect.p_two_sided:.3f})".replace(".", ",")
    return text


def measures(period: Period, unit_id: int | None = None) -> list[MeasureRow]:
    rows = []
    for item in measures_of_period(period.start, period.end):
        m = item.measure
        if unit_id and m.unit_id != unit_id:
            continue
        effect = effect_text(item.effect) if m.state == MeasureState.DONE else "не исполнена"
        rows.append(MeasureRow(m.title, str(m.unit), m.get_state_display(), m.due_date, effect))
    return rows


def alerts(period: Period) -> list[AlertRow]:
    return [
        AlertRow(
            a.day,
            f"{a.get_dimension_display()}: {a.label or a.key} — {a.observed} при ожидаемых {a.expected:.1f}",
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
