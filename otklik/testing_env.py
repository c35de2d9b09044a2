"""Loaded by pytest (`-p otklik.testing_env`) before Django: debug off, a test-only secret key, and the
permission for transactional tests to empty the audit table between tests; afterwards, the removal of the
run's own SQLite test files."""

from __future__ import annotations

import os
from typing import Any

os.environ.setdefault("OTKLIK_SECRET_KEY", "test-only-secret-key-not-for-production")
# Tests write and read back at once; the dashboard's short-lived figures are tested on their own.
os.environ.setdefault("OTKLIK_DASHBOARD_CACHE_SECONDS", "0")


def pytest_configure(config: Any) -> None:
    from django.db.backends.base.operations import BaseDatabaseOperations

    from otklik.audit.maintenance import purge_allowed

    flush = BaseDatabaseOperations.execute_sql_flush

    def flush_with_audit(self: BaseDatabaseOperations, sql_list: Any) -> None:
        with purge_allowed(self.connection):
            flush(self, sql_list)

    BaseDatabaseOperations.execute_sql_flush = flush_with_audit  # type: ignore[method-assign]


def pytest_unconfigure(config: Any) -> None:
    """Remove what is left of this run's SQLite test database (its write-ahead log and shared memory)."""
    from pathlib import Path

    from django.conf import settings

    if not settings.configured:
        return
    test_name = settings.DATABASES["default"].get("TEST", {}).get("NAME")
    if not test_name or str(os.getpid()) not in str(test_name):
        return
    for leftover in Path(test_name).parent.glob(Path(test_name).name + "*"):
        leftover.unlink(missing_ok=True)
