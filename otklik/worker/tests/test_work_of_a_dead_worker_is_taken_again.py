"""Work left by a worker that died is taken again once its lease has passed — and only then."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time

from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from otklik.worker import queue, scheduler
from otklik.worker.models import PeriodicRun, WorkerHeartbeat
from otklik.worker.registry import PeriodicJob
from otklik.worker.runner import Worker
from otklik.worker.tests import tasks
from otklik.worker.tests.conftest import database_url

LEASE = dt.timedelta(seconds=1)


def wait_for(condition: object, what: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError(f"не дождались: {what}")
        time.sleep(0.05)


def test_a_task_of_a_worker_killed_mid_task_is_run_again_and_completes(execution_table: None) -> None:
    result = tasks.stall_on_first_attempt.enqueue("stalled")
    env = dict(os.environ, DATABASE_URL=database_url())
    command = [sys.executable, "-m", "otklik.cli", "worker", "--loop", "--no-jobs", "--interval", "0.1"]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(lambda: len(tasks.executions()) == 1, "задача начата первым обработчиком")
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.RUNNING  # the package alone would leave it so for ever
    dead = row.worker_ids[-1]
    alive = WorkerHeartbeat.objects.filter(worker_id=dead)
    wait_for(
        lambda: (
            not alive.filter(last_seen__gte=timezone.now() - LEASE).exists()
            and row.started_at is not None
            and row.started_at < timezone.now() - LEASE
        ),
        "срок аренды прошел",
    )

    Worker(jobs=[], queues=["default"], lease=LEASE, worker_id="rescuer").run_once()

    row.refresh_from_db()
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert row.worker_ids == [dead, "rescuer"]
    assert [key for key, _ in tasks.executions()] == ["stalled", "stalled"]


def test_a_running_task_of_a_live_worker_is_left_alone(db: None) -> None:
    now = timezone.now()
    WorkerHeartbeat.objects.create(worker_id="alive", host="h", pid=1, started_at=now, last_seen=now)
    mine = tasks.record_execution.enqueue("long")
    orphan = tasks.record_execution.enqueue("orphan")
    long_ago = now - dt.timedelta(hours=2)
    DBTaskResult.objects.filter(pk=mine.id).update(
        status=TaskResultStatus.RUNNING, started_at=long_ago, worker_ids=["alive"]
    )
    DBTaskResult.objects.filter(pk=orphan.id).update(
        status=TaskResultStatus.RUNNING, started_at=long_ago, worker_ids=["gone"]
    )
    assert queue.recover_orphans(lease=dt.timedelta(minutes=10)) == 1
    assert DBTaskResult.objects.get(pk=mine.id).status == TaskResultStatus.RUNNING
    assert DBTaskResult.objects.get(pk=orphan.id).status == TaskResultStatus.READY


def test_a_periodic_run_of_a_dead_worker_is_retaken_but_not_one_of_a_live_worker(db: None) -> None:
    now = timezone.now()
    job = PeriodicJob("test.daily", 86400, lambda: "готово")
    slot = job.slot(now.timestamp())
    PeriodicRun.objects.create(
        name=job.name, slot=slot, worker_id="gone", started_at=now - dt.timedelta(hours=1)
    )
    WorkerHeartbeat.objects.create(worker_id="alive", host="h", pid=1, started_at=now, last_seen=now)
    busy = PeriodicJob("test.busy", 86400, lambda: "не должно")
    PeriodicRun.objects.create(
        name=busy.name, slot=slot, worker_id="alive", started_at=now - dt.timedelta(hours=1)
    )

    outcomes = scheduler.run_due([job, busy], "rescuer", now=now, lease=dt.timedelta(minutes=10))

    assert outcomes == [(job.name, "ok")]
    retaken = PeriodicRun.objects.get(name=job.name)
    assert (retaken.worker_id, retaken.attempts, retaken.summary) == ("rescuer", 2, "готово")
    assert PeriodicRun.objects.get(name=busy.name).outcome == PeriodicRun.Outcome.RUNNING
