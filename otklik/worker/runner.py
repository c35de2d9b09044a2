"""`otklik worker`: one process runs the periodic jobs of every app and the task queues.

The loop: run the periodic jobs whose slot is due (each slot once across all workers), then take tasks
from the queues one by one; when there is nothing to do, wait `interval` seconds. A heartbeat thread writes
the worker's row every few seconds, so other workers can tell a dead worker from a busy one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import signal
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from types import FrameType

from django.db import DatabaseError, close_old_connections, connection
from django.utils import timezone

from otklik.worker import queue, scheduler
from otklik.worker.models import WorkerHeartbeat
from otklik.worker.registry import PeriodicJob

log = logging.getLogger("otklik.worker")

HEARTBEAT_EVERY = 15.0  # seconds
RECOVER_EVERY = 60.0  # seconds between checks for tasks of dead workers


def new_worker_id() -> str:
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class Worker:
    def __init__(
        self,
        *,
        jobs: list[PeriodicJob],
        queues: list[str],
        interval: float = 2.0,
        lease: dt.timedelta = scheduler.DEFAULT_LEASE,
        worker_id: str | None = None,
    ) -> None:
        self.jobs = jobs
        self.queues = queues
        self.interval = interval
        self.lease = lease
        self.worker_id = worker_id or new_worker_id()
        self.stopping = threading.Event()
        self.current = ""
        self.tasks_run = 0
        self.periodic_runs: list[tuple[str, str]] = []
        self._seen_slots: dict[str, int] = {}
        self._last_recovery = 0.0
        self._recheck_at: dict[str, float] = {}
        self._done = threading.Event()

    # --- heartbeat ---------------------------------------------------------------------------------------
    def beat(self) -> None:
        now = timezone.now()
        WorkerHeartbeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={"last_seen": now, "current": self.current[:255]},
            create_defaults={
                "host": socket.gethostname()[:255],
                "pid": os.getpid(),
                "started_at": now,
                "last_seen": now,
                "current": self.current[:255],
            },
        )

    def _heartbeat_loop(self) -> None:
        # Beats go on after a stop is asked for, while the current task finishes: only the dead are silent.
        try:
            while not self._done.wait(HEARTBEAT_EVERY):
                try:
                    self.beat()
                except DatabaseError:  # a busy SQLite file or a dropped connection: the next beat will do
                    log.warning("сигнал обработчика не записан", exc_info=True)
                    close_old_connections()
        finally:
            connection.close()

    # --- one pass ----------------------------------------------------------------------------------------
    def run_periodic(self) -> None:
        for job in self.jobs:
            if self.stopping.is_set():
                break
            if time.monotonic() < self._recheck_at.get(job.name, 0.0):
                continue
            self.current = f"задание {job.name}"
            self.periodic_runs += scheduler.run_due(
                [job], self.worker_id, lease=self.lease, skip=self._seen_slots
            )
            if self._seen_slots.get(job.name) != job.slot(time.time()):
                # Another worker is running this slot: look again later, in case that worker dies.
                self._recheck_at[job.name] = time.monotonic() + RECOVER_EVERY
        self.current = ""

    def recover(self, *, force: bool = False) -> None:
        if force or time.monotonic() - self._last_recovery >= RECOVER_EVERY:
            self._last_recovery = time.monotonic()
            queue.recover_orphans(lease=self.lease)

    def run_one_task(self) -> bool:
        task = queue.claim_next(self.queues, self.worker_id)
        if task is None:
            return False
        self.current = f"задача {task.task_path} {task.pk}"
        try:
            queue.run_task(task, self.worker_id)
        finally:
            self.current = ""
            self.tasks_run += 1
        return True

    # --- modes -------------------------------------------------------------------------------------------
    @contextlib.contextmanager
    def alive(self) -> Iterator[None]:
        """The worker's heartbeat row, kept fresh by a thread while the body runs, removed at the end."""
        self.beat()
        heartbeat = threading.Thread(target=self._heartbeat_loop, name="otklik-worker-heartbeat", daemon=True)
        heartbeat.start()
        try:
            yield
        finally:
            self.stopping.set()
            self._done.set()
            heartbeat.join(timeout=HEARTBEAT_EVERY + 5)
            self.stopped()

    def run_once(self) -> None:
        """Due periodic jobs once, then the queues until empty."""
        with self.alive():
            self.recover(force=True)
            self.run_periodic()
            while not self.stopping.is_set() and self.run_one_task():
                pass

    def run_forever(self) -> None:
        with self.alive():
            self._loop()

    def _loop(self) -> None:
        log.info("обработчик %s запущен: очереди %s, заданий %s", self.worker_id, self.queues, len(self.jobs))
        while not self.stopping.is_set():
            close_old_connections()
            self.recover()
            self.run_periodic()
            busy_until = time.monotonic() + self.interval
            worked = False
            # Tasks one by one, but back to the periodic jobs at least every `interval` seconds.
            while not self.stopping.is_set() and time.monotonic() < busy_until and self.run_one_task():
                worked = True
            if not worked:
                self.stopping.wait(self.interval)

    def stopped(self) -> None:
        WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()
        log.info(
            "обработчик %s остановлен: задач %s, заданий %s",
            self.worker_id,
            self.tasks_run,
            len(self.periodic_runs),
        )

    # --- signals -----------------------------------------------------------------------------------------
    def install_signal_handlers(self) -> Callable[[], None]:
        """SIGTERM/SIGINT: finish the current job or task, then stop. Returns a function restoring the
        previous handlers."""

        def stop(signum: int, frame: FrameType | None) -> None:
            if self.stopping.is_set():  # a second Ctrl+C: stop now, the task's lease will bring it back
                raise KeyboardInterrupt
            log.warning(
                "получен %s: обработчик завершит текущую работу и остановится", signal.strsignal(signum)
            )
            self.stopping.set()

        previous = {s: signal.signal(s, stop) for s in (signal.SIGINT, signal.SIGTERM)}

        def restore() -> None:
            for signum, handler in previous.items():
                signal.signal(signum, handler)

        return restore
