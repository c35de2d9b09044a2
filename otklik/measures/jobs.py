"""Periodic jobs the worker discovers: (name, every N seconds, no-argument function returning a summary)."""

from __future__ import annotations

from collections.abc import Callable

from otklik.measures import alerts, effect

HOUR = 3600
DAY = 24 * HOUR

PERIODIC_JOBS: list[tuple[str, int, Callable[[], object]]] = [
    ("measures.check_spikes", HOUR, alerts.check_spikes_job),
    ("measures.refresh_effects", DAY, effect.refresh_all),
]
