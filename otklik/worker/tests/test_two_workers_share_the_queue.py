"""Two workers running at once never take the same task: 200 tasks, each executed exactly once."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections import Counter

from django.db import connection
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from otklik.worker.runner import Worker
from otklik.worker.tests import tasks
from otklik.worker.tests.conftest import database_url

TASKS = 200


def enqueue_all() -> list[str]:
    keys = [f"task-{i}" for i in range(TASKS)]
    for key in keys:
        tasks.record_execution.enqueue(key)
    return keys


def assert_each_task_ran_once(keys: list[str]) -> None:
    counts = Counter(key for key, _ in tasks.executions())
    assert sorted(counts) == sorted(keys)
    assert set(counts.values()) == {1}
    results = list(DBTaskResult.objects.all())
    assert {r.status for r in results} == {TaskResultStatus.SUCCESSFUL}
    assert all(len(r.worker_ids) == 1 for r in results), "a task was claimed by more than one worker"


def test_two_worker_threads_drain_the_queue_without_running_a_task_twice(execution_table: None) -> None:
    keys = enqueue_all()
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def work(name: str) -> None:
        try:
            start.wait()
            Worker(jobs=[], queues=["default"], worker_id=name).run_once()
        except BaseException as exc:  # reported to the test below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(f"thread-{i}",)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert_each_task_ran_once(keys)


def test_two_worker_processes_drain_the_queue_without_running_a_task_twice(execution_table: None) -> None:
    """Real processes against the test database: SQLite's file here, or PostgreSQL when pytest runs with
    DATABASE_URL=postgres://… (then the claim is SELECT … FOR UPDATE SKIP LOCKED)."""
    keys = enqueue_all()
    env = dict(os.environ, DATABASE_URL=database_url())
    command = [sys.executable, "-m", "otklik.cli", "worker", "--once", "--no-jobs", "--queues", "default"]
    processes = [
        subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=600) for p in processes]
    assert [p.returncode for p in processes] == [0, 0], outputs
    assert_each_task_ran_once(keys)
    workers = Counter(worker for r in DBTaskResult.objects.all() for worker in r.worker_ids)
    print(f"\n{connection.vendor}: задачи по обработчикам {sorted(workers.values())}")
