"""Each slot of a periodic job runs once across all workers, however many try it at the same moment."""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter

from django.db import connection

from otklik.worker import scheduler
from otklik.worker.models import PeriodicRun
from otklik.worker.registry import PeriodicJob, discover
from otklik.worker.tests import tasks

SLOTS = 100
BASE = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


def test_two_workers_trying_the_same_slots_run_each_slot_once(execution_table: None) -> None:
    here = threading.local()
    job = PeriodicJob("test.every_minute", 60, lambda: tasks.record(f"slot-{here.slot}", here.worker))
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def work(name: str) -> None:
        here.worker = name
        try:
            start.wait()
            for i in range(SLOTS):
                moment = BASE + dt.timedelta(minutes=i)
                here.slot = job.slot(moment.timestamp())
                scheduler.run_due([job], name, now=moment)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(f"worker-{i}",)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    counts = Counter(key for key, _ in tasks.executions())
    assert len(counts) == SLOTS
    assert set(counts.values()) == {1}
    assert PeriodicRun.objects.filter(name=job.name, outcome=PeriodicRun.Outcome.OK).count() == SLOTS


def test_a_slot_already_run_is_not_run_again_in_the_same_period(db: None) -> None:
    calls: list[int] = []

    def count() -> str:
        calls.append(1)
        return "ok"

    job = PeriodicJob("test.hourly", 3600, count)
    scheduler.run_due([job], "a", now=BASE)
    scheduler.run_due([job], "b", now=BASE + dt.timedelta(minutes=59))
    scheduler.run_due([job], "a", now=BASE + dt.timedelta(minutes=61))
    assert len(calls) == 2
    assert PeriodicRun.objects.get(name=job.name, slot=job.slot(BASE.timestamp())).summary == "ok"


def test_the_jobs_of_every_installed_app_are_found() -> None:
    names = {job.name for job in discover()}
    assert {
        "intake.poll_feeds",
        "registry.link_pending",
        "registry.erase_expired",
        "analysis.analyse_pending",
        "reports.send_due_reports",
    } <= names
