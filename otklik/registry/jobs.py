"""Periodic jobs of the registry the worker discovers: (name, every N seconds, no-argument function)."""

from __future__ import annotations

from collections.abc import Callable

from otklik.audit import context
from otklik.registry import linking, retention

MINUTE = 60
DAY = 24 * 3600


def link_records() -> str:
    return f"связей найдено: {linking.link_pending()}"


def erase_personal_data() -> str:
    token = context.bind(context.RequestContext(origin="worker"))
    try:
        return f"записей обезличено: {retention.erase_expired()}"
    finally:
        context.reset(token)


PERIODIC_JOBS: list[tuple[str, int, Callable[[], object]]] = [
    ("registry.link_pending", 10 * MINUTE, link_records),
    ("registry.erase_expired", DAY, erase_personal_data),
]
