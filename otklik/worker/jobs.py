"""The worker's own periodic jobs: old records of its runs and finished tasks are removed, and the periodic
reports are mailed (`mailings.py`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db.models import Max
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from otklik.worker.mailings import send_due_reports
from otklik.worker.models import PeriodicRun

KEEP = dt.timedelta(days=30)


def prune() -> str:
    """Finished runs and successful tasks older than 30 days go; the last run of each job always stays,
    and failed tasks stay for the administrator to read."""
    cutoff = timezone.now() - KEEP
    last = PeriodicRun.objects.values("name").annotate(last=Max("pk")).values_list("last", flat=True)
    runs, _ = PeriodicRun.objects.filter(finished_at__lt=cutoff).exclude(pk__in=list(last)).delete()
    tasks, _ = DBTaskResult.objects.filter(
        status=TaskResultStatus.SUCCESSFUL, finished_at__lt=cutoff
    ).delete()
    return f"удалено записей о запусках: {runs}, о задачах: {tasks}"


PERIODIC_JOBS: list[tuple[str, int, Callable[[], object]]] = [
    ("worker.prune", 24 * 3600, prune),
    # The name stays from when the reports app mailed them: a renamed job would run its current slot again.
    ("reports.send_due_reports", 15 * 60, send_due_reports),
]
