from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection

from otklik.worker.tests import tasks


@pytest.fixture
def execution_table(transactional_db: Any) -> Iterator[None]:
    tasks.drop_table()
    tasks.create_table()
    yield
    tasks.drop_table()


def database_url() -> str:
    """The test database as a DATABASE_URL, for worker processes started by a test."""
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    return (
        f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{s['NAME']}"
    )
