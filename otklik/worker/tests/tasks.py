"""Tasks for the worker's tests: each execution leaves a row in a plain table the test creates."""

from __future__ import annotations

import time

from django.db import connection
from django.tasks import task

TABLE = "worker_test_execution"


def create_table() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {TABLE} (task_key varchar(50), worker varchar(80))")


def drop_table() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")


def executions() -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT task_key, worker FROM {TABLE}")  # noqa: S608
        return [(str(k), str(w)) for k, w in cursor.fetchall()]


def record(key: str, worker: str = "") -> int:
    """Write one execution and return how many executions of the key there are now."""
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {TABLE} (task_key, worker) VALUES (%s, %s)", [key, worker])  # noqa: S608
        cursor.execute(f"SELECT COUNT(*) FROM {TABLE} WHERE task_key = %s", [key])  # noqa: S608
        row = cursor.fetchone()
    return int(row[0]) if row else 0


@task()
def record_execution(key: str) -> str:
    record(key)
    return key


@task()
def stall_on_first_attempt(key: str) -> str:
    """Hangs on its first execution (the test kills the worker then), finishes on the next one."""
    if record(key) == 1:
        time.sleep(600)
    return key


@task()
def fail(message: str) -> None:
    raise ValueError(message)
