"""Periodic jobs run once per slot across all workers.

A slot is floor(epoch / every). The worker that inserts the (name, slot) row runs the job; the unique
constraint makes every other worker's insert fail. A run whose worker stopped sending heartbeats for a lease
is taken over by a conditional UPDATE, so again only one worker wins it.
"""

from __future__ import annotations

import datetime as dt
import logging
import traceback
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from otklik.audit import context
from otklik.worker.models import PeriodicRun, WorkerHeartbeat
from otklik.worker.registry import PeriodicJob

log = logging.getLogger("otklik.worker")

DEFAULT_LEASE = dt.timedelta(minutes=10)


def live_workers(now: dt.datetime, lease: dt.timedelta) -> Iterable[str]:
    return WorkerHeartbeat.objects.filter(last_seen__gte=now - lease).values_list("worker_id", flat=True)


def claim(job: PeriodicJob, slot: int, worker_id: str, *, now: dt.datetime, lease: dt.timedelta) -> bool:
    """Take the job's slot for this worker: True for exactly one worker per slot (and again for one worker
    when the run's worker died before finishing it)."""
    try:
        with transaction.atomic():
            PeriodicRun.objects.create(name=job.name, slot=slot, worker_id=worker_id, started_at=now)
        return True
    except IntegrityError:
        pass
    abandoned = (
        PeriodicRun.objects.filter(
            name=job.name, slot=slot, outcome=PeriodicRun.Outcome.RUNNING, started_at__lt=now - lease
        )
        .exclude(worker_id=worker_id)
        .exclude(worker_id__in=live_workers(now, lease))
    )
    retaken = abandoned.update(worker_id=worker_id, started_at=now, attempts=F("attempts") + 1, error="")
    if retaken:
        log.warning("задание %s слот %s: обработчик пропал, задание взято снова", job.name, slot)
    return bool(retaken)


def run(job: PeriodicJob, slot: int, worker_id: str) -> PeriodicRun.Outcome:
    """Run a claimed job and record its outcome; an error is recorded and logged, never raised."""
    token = context.bind(context.RequestContext(origin="worker"))  # audit records name the worker
    try:
        summary = job.run()
    except Exception as exc:
        log.exception("периодическое задание %s завершилось ошибкой", job.name)
        _finish(job, slot, worker_id, PeriodicRun.Outcome.FAILED, error=_short_traceback(exc))
        return PeriodicRun.Outcome.FAILED
    finally:
        context.reset(token)
    _finish(job, slot, worker_id, PeriodicRun.Outcome.OK, summary="" if summary is None else str(summary))
    return PeriodicRun.Outcome.OK


def _finish(
    job: PeriodicJob, slot: int, worker_id: str, outcome: str, *, summary: str = "", error: str = ""
) -> None:
    # Only the worker that holds the run may close it: one that was presumed dead and came back must not
    # overwrite the run of the worker that took it over.
    PeriodicRun.objects.filter(name=job.name, slot=slot, worker_id=worker_id).update(
        outcome=outcome, finished_at=timezone.now(), summary=summary[:2000], error=error
    )


def _short_traceback(exc: BaseException) -> str:
    return "".join(traceback.format_exception(exc))[-8000:]


def run_due(
    jobs: Iterable[PeriodicJob],
    worker_id: str,
    *,
    now: dt.datetime | None = None,
    lease: dt.timedelta = DEFAULT_LEASE,
    skip: dict[str, int] | None = None,
) -> list[tuple[str, str]]:
    """Claim and run every job whose current slot no worker has finished; returns (name, outcome) of the
    runs made here. `skip` remembers the slots this worker already saw taken, to spare the database."""
    results: list[tuple[str, str]] = []
    for job in jobs:
        moment = now or timezone.now()
        slot = job.slot(moment.timestamp())
        if skip is not None and skip.get(job.name) == slot:
            continue
        if claim(job, slot, worker_id, now=moment, lease=lease):
            results.append((job.name, run(job, slot, worker_id)))
            if skip is not None:
                skip[job.name] = slot
        elif skip is not None and not _may_be_retaken(job, slot):
            skip[job.name] = slot
    return results


def _may_be_retaken(job: PeriodicJob, slot: int) -> bool:
    return PeriodicRun.objects.filter(name=job.name, slot=slot, outcome=PeriodicRun.Outcome.RUNNING).exists()
