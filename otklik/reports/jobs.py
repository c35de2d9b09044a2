"""Periodic jobs of reports, discovered by the worker."""

from __future__ import annotations

from collections.abc import Callable

from otklik.reports import export_jobs, tallies


def remove_expired_exports() -> str:
    return f"удалено выгрузок после срока хранения: {export_jobs.remove_expired()}"


def compact_tallies() -> str:
    return f"строк разностей месячных итогов свернуто: {tallies.compact()}"


PERIODIC_JOBS: list[tuple[str, int, Callable[[], object]]] = [
    ("reports.remove_expired_exports", 3600, remove_expired_exports),
    ("reports.compact_tallies", 60, compact_tallies),
]
