"""The one sanctioned way past the audit table's append-only triggers: emptying a test database.

The triggers ask the connection whether a purge is allowed: SQLite through a function this module
registers on every connection (a client without it cannot change the table at all), PostgreSQL through a
session setting. Nothing in the application turns the permission on.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import Any

_state = threading.local()


def _audit_locked() -> int:
    return 0 if getattr(_state, "purge", False) else 1


def register_sqlite_function(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function("otklik_audit_locked", 0, _audit_locked)


@contextlib.contextmanager
def purge_allowed(connection: Any) -> Iterator[None]:
    _state.purge = True
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET otklik.audit_purge = 'on'")
    try:
        yield
    finally:
        _state.purge = False
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET otklik.audit_purge = 'off'")
