"""Periodic jobs of intake the worker discovers: (name, every N seconds, no-argument function)."""

from __future__ import annotations

from collections.abc import Callable

from otklik.intake import feeds, stored_files

MINUTE = 60
HOUR = 3600


def poll_feeds() -> str:
    return f"новых публикаций: {feeds.poll_due_feeds()}"


def drop_abandoned_uploads() -> str:
    return f"брошенных загрузок удалено: {stored_files.drop_abandoned()}"


# Feeds keep their own interval (`MediaFeed.interval_minutes`); the job only looks for the due ones.
PERIODIC_JOBS: list[tuple[str, int, Callable[[], object]]] = [
    ("intake.poll_feeds", 5 * MINUTE, poll_feeds),
    ("intake.drop_abandoned_uploads", HOUR, drop_abandoned_uploads),
]
