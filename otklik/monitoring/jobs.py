"""Periodic work of the monitoring app, run by the worker: (name, every N seconds, function)."""

from __future__ import annotations

from collections.abc import Callable

from django.utils import timezone

from otklik.monitoring import services


def open_rounds() -> str:
    return f"открыто мониторингов: {services.open_rounds(timezone.localdate())}"


def route_pending() -> str:
    withdrawn, restored = services.follow_tone()
    return (
        f"направлено на анализ: {services.route_pending()}; снято (отзыв не отрицательный): {withdrawn}; "
        f"возвращено в работу: {restored}"
    )


def remind_overdue() -> str:
    return f"напоминаний о просрочке: {services.remind_overdue(timezone.localdate())}"


PERIODIC_JOBS: list[tuple[str, int, Callable[[], object]]] = [
    ("monitoring.open_rounds", 3600, open_rounds),
    ("monitoring.route_pending", 60, route_pending),
    ("monitoring.remind_overdue", 3600, remind_overdue),
]
