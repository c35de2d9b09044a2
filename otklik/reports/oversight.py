"""Monitoring rounds, measures and alerts as the reports need them, read from the monitoring and measures
apps. Until those apps have their tables, every function answers with nothing, so reports still build."""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.apps import apps
from django.db.models import Model

from otklik.lib.periods import Period


@dataclasses.dataclass
class RoundRow:
    stream: str
    unit: str
    period: str
    due: dt.date | None
    state: str  # «закрыт в срок», «закрыт с опозданием», «просрочен», «открыт»


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


def _model(app: str, name: str) -> type[Model] | None:
    try:
        return apps.get_model(app, name)
    except LookupError:
        return None


def rounds(period: Period) -> list[RoundRow]:
    return []


def measures(period: Period) -> list[MeasureRow]:
    return []


def alerts(period: Period) -> list[AlertRow]:
    return []


def rounds_due_and_overdue(today: dt.date) -> tuple[int, int]:
    return 0, 0


def open_alert_count() -> int:
    return 0


def measures_by_state() -> dict[str, int]:
    return {}
