"""`otklik worker`: one pass runs every app's due jobs, the status line shows them, SIGTERM stops cleanly."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from otklik.worker.models import PeriodicRun, WorkerHeartbeat
from otklik.worker.registry import PeriodicJob, discover
from otklik.worker.tests.conftest import database_url


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("worker", *args, stdout=out, verbosity=0)
    return out.getvalue()


def test_one_pass_runs_each_due_job_of_every_app_and_the_status_shows_them(
    reference: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The clock stands still, so both passes fall in the same slots even at a minute's turn.
    frozen = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: frozen)
    jobs = discover()
    summary = run("--once")
    assert summary.startswith(f"Заданий выполнено: {len(jobs)} (с ошибкой 0)")
    assert set(PeriodicRun.objects.values_list("name", flat=True)) == {job.name for job in jobs}
    assert run("--once").startswith("Заданий выполнено: 0")  # the same slots: nothing is due again
    status = run("--status")
    assert "Обработчиков работает: 0" in status
    assert all(f"{job.name} (каждые {job.every} с): выполнено" in status for job in jobs)


def test_an_unknown_queue_is_refused(db: None) -> None:
    with pytest.raises(CommandError, match="неизвестные очереди: nosuch"):
        run("--once", "--queues", "nosuch")


def test_sigterm_stops_the_looping_worker_cleanly(transactional_db: None) -> None:
    env = dict(os.environ, DATABASE_URL=database_url())
    command = [sys.executable, "-m", "otklik.cli", "worker", "--loop", "--no-jobs", "--interval", "0.2"]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not WorkerHeartbeat.objects.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the worker did not start"
        time.sleep(0.05)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    assert "остановлен" in err
    assert not WorkerHeartbeat.objects.exists()  # a stopped worker is not shown as running


def test_one_pass_with_a_failing_job_ends_with_an_error_for_cron(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken() -> str:
        raise RuntimeError("нет связи")

    monkeypatch.setattr(
        "otklik.worker.management.commands.worker.registry.discover",
        lambda: [PeriodicJob("test.broken", 60, broken)],
    )
    with pytest.raises(CommandError, match="заданий с ошибкой: 1"):
        run("--once")
    assert "нет связи" in PeriodicRun.objects.get(name="test.broken").error
