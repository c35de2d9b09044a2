"""Large exports of the registry, made by the worker: a job, its progress, its file under var/exports (0600),
shown only to the user who asked, removed after OTKLIK_EXPORT_KEEP_HOURS."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import uuid
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from otklik.accounts.models import User
from otklik.registry.access import sees_personal_data, visible_to
from otklik.reports import export, paging
from otklik.reports.models import ExportJob
from otklik.reports.selection import SelectionForm

_PROGRESS_EVERY = 1000


def export_dir() -> Path:
    path = Path(settings.VAR_DIR) / "exports"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def _private(path: Path, mode: str, **kwargs: Any) -> IO[Any]:
    """A new file readable by the product's own account alone (0600), whatever the process's umask."""
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), mode, **kwargs)


def is_large(count: int) -> bool:
    return count > settings.EXPORT_INLINE_ROWS


@transaction.atomic
def start(user: User, fmt: str, params: dict[str, str], count: int) -> ExportJob:
    """Record the export (audit) and queue it for the worker, once the transaction commits."""
    from otklik.reports.tasks import make_export

    export.record_export(user, fmt, params, count, sees_personal_data(user))
    job = ExportJob.objects.create(user=user, fmt=fmt, params=params, total=count)
    transaction.on_commit(lambda: make_export.enqueue(job.pk))
    return job


def run(job_id: int) -> ExportJob:
    """Make the job's file with the same functions as an immediate export, noting progress as it goes."""
    job = ExportJob.objects.select_related("user").get(pk=job_id)
    if job.status in (ExportJob.Status.DONE, ExportJob.Status.FAILED):
        return job
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.RUNNING)
    form = SelectionForm(job.params)
    form.is_valid()
    selection = form.selection()
    queryset = paging.ordered(selection.apply(visible_to(job.user)), selection.sort)
    with_pd = sees_personal_data(job.user)
    target = export_dir() / f"{uuid.uuid4().hex}.{job.fmt}"
    try:
        if job.fmt == "xlsx":
            with _private(target, "wb") as out:
                shutil.copyfileobj(export.xlsx_file(queryset, with_pd), out)
            done = job.total
        else:
            done = 0
            with _private(target, "w", encoding="utf-8", newline="") as out:
                for line in export.csv_lines(queryset, with_pd):
                    out.write(line)
                    done += 1
                    if done % _PROGRESS_EVERY == 0:
                        ExportJob.objects.filter(pk=job.pk).update(done=max(done - 2, 0))
            done = max(done - 2, 0)  # the byte order mark and the header are not records
    except Exception as exc:
        target.unlink(missing_ok=True)
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportJob.Status.FAILED,
            message=f"Ошибка при подготовке файла: {exc}"[:500],
            finished_at=timezone.now(),
        )
        raise
    stem = f"reestr-{timezone.localtime(job.created_at):%Y%m%d-%H%M}"
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.DONE,
        done=done,
        total=done,
        file_path=str(target),
        file_name=f"{stem}.{job.fmt}",
        finished_at=timezone.now(),
    )
    job.refresh_from_db()
    return job


def remove_expired(*, now: dt.datetime | None = None) -> int:
    """Files of exports older than the keeping term are removed, and their jobs with them."""
    cutoff = (now or timezone.now()) - dt.timedelta(hours=settings.EXPORT_KEEP_HOURS)
    removed = 0
    for job in ExportJob.objects.filter(created_at__lt=cutoff):
        if job.file_path:
            Path(job.file_path).unlink(missing_ok=True)
        job.delete()
        removed += 1
    return removed
