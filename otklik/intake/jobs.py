"""Periodic jobs the worker discovers: (name, every N seconds, no-argument function returning a summary)."""

from __future__ import annotations

from collections.abc import Callable

from otklik.audit import context
from otklik.intake import feeds, linking, retention, stored_files

MINUTE = 60
DAY = 24 * 3600


def poll_feeds() -> str:
    return f"новых публикаций: {feeds.poll_due_feeds()}"


def link_records() -> str:
    return f"связей найдено: {linking.link_pending()}"


def erase_personal_data() -> str:
    token = context.bind(context.RequestContext(origin="worker"))
    try:
        return f"записей обезличено: {retention.erase_expired()}"
    finally:
        context.reset(token)


def drop_abandoned_uploads() -> str:
    return f"брошенных загрузок удалено: {stored_files.drop_abandoned()}"


# Feeds keep their own interval (`MediaFeed.interval_minutes`); the job only looks for the due ones.
PERIODIC_JOBS: list[tuple[str, int, Callable[[], object]]] = [
    ("intake.poll_feeds", 5 * MINUTE, poll_feeds),
    ("intake.link_pending", 10 * MINUTE, link_records),
    ("intake.erase_expired", DAY, erase_personal_data),
    ("intake.drop_abandoned_uploads", 3600, drop_abandoned_uploads),
]
