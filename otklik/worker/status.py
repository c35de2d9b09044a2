"""`otklik worker --status`: live workers, the queues, the last run of each periodic job."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from otklik.worker.models import PeriodicRun, WorkerHeartbeat
from otklik.worker.registry import PeriodicJob


def _when(moment: dt.datetime | None) -> str:
    return timezone.localtime(moment).strftime("%d.%m.%Y %H:%M:%S") if moment else "—"


def lines(jobs: list[PeriodicJob], lease: dt.timedelta) -> list[str]:
    now = timezone.now()
    alive = list(WorkerHeartbeat.objects.filter(last_seen__gte=now - lease))
    out = [f"Обработчиков работает: {len(alive)}"]
    out += [f"  {w.worker_id} с {_when(w.started_at)}; {w.current or 'ждет работы'}" for w in alive]
    counts = (
        DBTaskResult.objects.values("queue_name", "status").annotate(n=Count("id")).order_by("queue_name")
    )
    by_queue: dict[str, dict[str, int]] = {}
    for row in counts:
        by_queue.setdefault(row["queue_name"], {})[row["status"]] = row["n"]
    out.append("Очереди задач:")
    if not by_queue:
        out.append("  задач нет")
    for name, statuses in by_queue.items():
        out.append(
            f"  {name}: ждут {statuses.get('READY', 0)}, выполняются {statuses.get('RUNNING', 0)}, "
            f"выполнено {statuses.get('SUCCESSFUL', 0)}, с ошибкой {statuses.get('FAILED', 0)}"
        )
    out.append("Периодические задания:")
    for job in jobs:
        last = PeriodicRun.objects.filter(name=job.name).order_by("-slot").first()
        if last is None:
            out.append(f"  {job.name} (каждые {job.every} с): еще не запускалось")
            continue
        detail = last.error.strip().splitlines()[-1] if last.error.strip() else last.summary
        out.append(
            f"  {job.name} (каждые {job.every} с): {last.get_outcome_display()} {_when(last.started_at)}"
            + (f" — {detail[:120]}" if detail else "")
        )
    return out
