"""Periodic jobs the worker discovers: (name, every N seconds, no-argument function returning a summary)."""

from __future__ import annotations

from collections.abc import Callable

from otklik.analysis import services

BATCH = 1000
ROUNDS = 20  # at most 20 000 records per run, so one run never holds the worker for long


def analyse_backlog() -> str:
    """Analyse the waiting records; each batch is claimed with a lease, so workers share the backlog."""
    done = 0
    for _ in range(ROUNDS):
        analysed = services.analyse_pending(BATCH)
        done += analysed
        if analysed < BATCH:
            break
    return f"проанализировано записей: {done}"


PERIODIC_JOBS: list[tuple[str, int, Callable[[], object]]] = [
    ("analysis.analyse_pending", 60, analyse_backlog),
]
