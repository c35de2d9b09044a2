"""Old records of runs go after 30 days; the last run of each job stays for the status line."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from otklik.worker.jobs import prune
from otklik.worker.models import PeriodicRun


def test_old_runs_are_pruned_but_the_last_run_of_each_job_stays(db: None) -> None:
    old = timezone.now() - dt.timedelta(days=40)
    for slot in (1, 2, 3):
        PeriodicRun.objects.create(
            name="test.old", slot=slot, worker_id="w", started_at=old, finished_at=old, outcome="ok"
        )
    PeriodicRun.objects.create(name="test.recent", slot=1, worker_id="w", started_at=timezone.now())
    assert prune().startswith("удалено записей о запусках: 2")
    assert sorted(PeriodicRun.objects.values_list("name", "slot")) == [("test.old", 3), ("test.recent", 1)]
