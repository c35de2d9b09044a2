# Internals kept: db_worker.Worker.run_task, DBTaskResult get_locked/claim — public db_worker sets signals.
"""The task queue of `django_tasks_db`, taken by this worker.

Claiming is the package's own: `SELECT ... FOR UPDATE SKIP LOCKED` on PostgreSQL, an EXCLUSIVE transaction
on SQLite, so a task goes to one worker. The package has no lease: a task whose worker died stays RUNNING for
ever. `recover_orphans` puts such tasks back to READY when their worker has sent no heartbeat for a lease;
that is safe here because the product's tasks resume where they stopped (an import goes on from its saved
position, an analysis claims only rows not yet analysed).

What is the package's own here is not its public API (that is `DatabaseBackend` and the `db_worker` and
`prune_db_task_results` commands; Django's `django.tasks` has enqueueing and results, no worker): the
class `Worker` of `django_tasks_db.management.commands.db_worker` (its `run_task`: the call, the result or
error stored, the `task_started`/`task_finished` signals), `DBTaskResult.objects.ready().get_locked()` and
`DBTaskResult.claim` (the `SELECT ... FOR UPDATE SKIP LOCKED` claim) and `utils.exclusive_transaction` /
`is_locked_database_exception`. The command cannot stand in for them: `call_command("db_worker", batch=True,
max_tasks=1)` installs its own SIGINT/SIGTERM handlers (a ValueError outside the main thread, and in the
main thread it replaces this worker's "finish the task, then stop"), sets the loggers' levels, and does not
say which task it took, which the heartbeat shows. Copying those parts would be keeping a fork of them;
test_queue_claims_and_results.py pins the behaviour they give, so that an upgrade that changes it fails.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.db import OperationalError
from django.tasks import DEFAULT_TASK_BACKEND_ALIAS, TaskResultStatus
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker as PackageWorker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from otklik.worker.scheduler import live_workers

log = logging.getLogger("otklik.worker")


def claim_next(
    queues: list[str], worker_id: str, backend: str = DEFAULT_TASK_BACKEND_ALIAS
) -> DBTaskResult[Any, Any] | None:
    """Take the next ready task of the queues for this worker, or None (also when the database is busy)."""
    tasks = DBTaskResult.objects.ready().filter(backend_name=backend, queue_name__in=queues)
    try:
        with exclusive_transaction(tasks.db):
            task = tasks.get_locked()
            if task is not None:
                task.claim(worker_id)
            return task
    except OperationalError as exc:
        if is_locked_database_exception(exc):
            return None
        raise


def run_task(task: DBTaskResult[Any, Any], worker_id: str, backend: str = DEFAULT_TASK_BACKEND_ALIAS) -> None:
    """Run a claimed task and store its result or error, as `db_worker` does (signals included)."""
    runner = PackageWorker(
        queue_names=[task.queue_name],
        interval=0,
        batch=True,
        backend_name=backend,
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )
    runner.run_task(task)


def recover_orphans(*, now: dt.datetime | None = None, lease: dt.timedelta) -> int:
    """Put back to READY the tasks RUNNING for longer than the lease whose worker is not alive."""
    now = now or timezone.now()
    alive = set(live_workers(now, lease))
    recovered = 0
    stale = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=now - lease)
    for task_id, started_at, worker_ids in stale.values_list("id", "started_at", "worker_ids"):
        if worker_ids and worker_ids[-1] in alive:
            continue
        # Conditional on the start time seen: a task recovered and taken by another worker meanwhile
        # is left alone.
        recovered += DBTaskResult.objects.filter(
            pk=task_id, status=TaskResultStatus.RUNNING, started_at=started_at
        ).update(status=TaskResultStatus.READY)
    if recovered:
        log.warning("задач возвращено в очередь после остановки их обработчика: %s", recovered)
    return recovered
