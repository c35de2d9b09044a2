"""Loaded by pytest (`-p otklik.testing_env`) before Django: debug off, a test-only secret key, and the
permission for transactional tests to empty the audit table between tests."""

from __future__ import annotations

import os
from typing import Any

os.environ.setdefault("OTKLIK_SECRET_KEY", "test-only-secret-key-not-for-production")


def pytest_configure(config: Any) -> None:
    from django.db.backends.base.operations import BaseDatabaseOperations

    from otklik.audit.maintenance import purge_allowed

    flush = BaseDatabaseOperations.execute_sql_flush

    def flush_with_audit(self: BaseDatabaseOperations, sql_list: Any) -> None:
        with purge_allowed(self.connection):
            flush(self, sql_list)

    BaseDatabaseOperations.execute_sql_flush = flush_with_audit  # type: ignore[method-assign]
