"""A job that fails is recorded with its error, and the jobs after it still run."""

from __future__ import annotations

import datetime as dt

from otklik.worker import scheduler
from otklik.worker.models import PeriodicRun
from otklik.worker.registry import PeriodicJob

NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


def broken() -> str:
    raise RuntimeError("лента недоступна")


def test_a_failing_job_is_recorded_and_the_next_jobs_run(db: None) -> None:
    ran: list[str] = []

    def job(name: str) -> PeriodicJob:
        def run() -> str:
            ran.append(name)
            return f"выполнено: {name}"

        return PeriodicJob(f"test.{name}", 60, run)

    jobs = [job("first"), PeriodicJob("test.broken", 60, broken), job("last")]
    outcomes = dict(scheduler.run_due(jobs, "w", now=NOW))
    assert ran == ["first", "last"]
    assert outcomes == {"test.first": "ok", "test.broken": "failed", "test.last": "ok"}
    failed = PeriodicRun.objects.get(name="test.broken")
    assert failed.outcome == PeriodicRun.Outcome.FAILED
    assert "лента недоступна" in failed.error
    assert failed.finished_at is not None
