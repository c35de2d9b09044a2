"""The queue's claim and run, which lean on django-tasks-db's own code (see otklik/worker/queue.py): the
next ready task by priority, locked so that no other worker takes it, and its result or error stored and
readable through Django's public task API, with the task signals sent."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.tasks import TaskResultStatus
from django.tasks.signals import task_finished, task_started
from django.test.utils import CaptureQueriesContext

from otklik.worker import queue
from otklik.worker.tests import tasks


def test_a_claim_takes_the_most_urgent_ready_task_locked_and_marks_it_running(execution_table: None) -> None:
    tasks.record_execution.enqueue("обычная")
    urgent = tasks.record_execution.using(priority=10).enqueue("срочная")
    tasks.record_execution.using(queue_name="imports").enqueue("другая очередь")
    with CaptureQueriesContext(connection) as queries:
        claimed = queue.claim_next(["default"], "w-1")
    assert claimed is not None and str(claimed.pk) == urgent.id
    assert claimed.status == TaskResultStatus.RUNNING and claimed.worker_ids == ["w-1"]
    assert tasks.record_execution.get_result(urgent.id).status == TaskResultStatus.RUNNING
    if connection.vendor == "postgresql":
        # Another worker's claim skips this row instead of waiting for it or taking it too.
        assert any("FOR UPDATE SKIP LOCKED" in q["sql"] for q in queries.captured_queries)
    following = queue.claim_next(["default"], "w-2")
    assert following is not None and following.args_kwargs["args"] == ["обычная"]
    assert queue.claim_next(["default"], "w-3") is None


def test_a_task_run_stores_its_result_or_its_error_and_sends_the_signals(execution_table: None) -> None:
    sent: list[tuple[str, str]] = []

    def started(sender: Any, task_result: Any, **kwargs: Any) -> None:
        sent.append(("started", task_result.status))

    def finished(sender: Any, task_result: Any, **kwargs: Any) -> None:
        sent.append(("finished", task_result.status))

    task_started.connect(started)
    task_finished.connect(finished)
    try:
        ok = tasks.record_execution.enqueue("готово")
        bad = tasks.fail.enqueue("сбой задачи")
        for _ in range(2):
            claimed = queue.claim_next(["default"], "w-1")
            assert claimed is not None
            queue.run_task(claimed, "w-1")
    finally:
        task_started.disconnect(started)
        task_finished.disconnect(finished)
    done = tasks.record_execution.get_result(ok.id)
    assert done.status == TaskResultStatus.SUCCESSFUL and done.return_value == "готово"
    failed = tasks.fail.get_result(bad.id)
    assert failed.status == TaskResultStatus.FAILED
    assert failed.errors[0].exception_class is ValueError and "сбой задачи" in failed.errors[0].traceback
    with pytest.raises(ValueError, match="Task failed"):
        _ = failed.return_value
    assert sorted(sent) == sorted(
        [
            ("started", TaskResultStatus.RUNNING),
            ("finished", TaskResultStatus.SUCCESSFUL),
            ("started", TaskResultStatus.RUNNING),
            ("finished", TaskResultStatus.FAILED),
        ]
    )
    assert tasks.executions() == [("готово", "")]
