"""Files made by the worker: large exports of the registry and report documents over a size. A job, its
progress, its file under var/exports (0600), shown only to the user who asked, removed after
OTKLIK_EXPORT_KEEP_HOURS.

A report's size is the number of registry records in its period and scope (its unit's records, the daily
review's stream), counted from the monthly tallies where they cover whole months and from the registry's
index on `received_at` for the days around them: the quarterly note reads its quarter's records several
times over, and at 200 000 records in a quarter takes 2–3 s whatever the format (see bench/RESULTS.md),
so a report over OTKLIK_REPORT_INLINE_RECORDS goes to the worker. PDF is laid out in this process (fpdf2),
not by an outside converter, so it follows the same rule.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import uuid
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from otklik.accounts.models import User
from otklik.lib.periods import Period
from otklik.lib.ru import number
from otklik.org.models import Unit
from otklik.registry.access import sees_personal_data, visible_to
from otklik.reports import catalogue, export, figures, paging
from otklik.reports.builders import annex
from otklik.reports.models import ExportJob
from otklik.reports.periods import parse
from otklik.reports.render import render
from otklik.reports.selection import Selection, SelectionForm

_PROGRESS_EVERY = 1000
# What the page says when a file could not be made; the cause goes to the worker's log.
FAILURE = (
    "Во время подготовки файла произошла ошибка. Закажите файл еще раз; если ошибка повторится, "
    "сообщите администратору."
)

log = logging.getLogger(__name__)


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


def report_records(kind: catalogue.ReportKind, period: Period, unit: Unit | None) -> int:
    """The registry records in a report's period and scope: the figure its size is judged by."""
    scope = Selection(
        date_from=period.start,
        date_to=period.end,
        channel=kind.channel,
        unit=unit.pk if unit is not None and kind.takes_unit else None,
    )
    return sum(tally.total for tally in figures.tallies(scope, period, "channel_id").values())


def report_is_large(records: int) -> bool:
    return records > settings.REPORT_INLINE_RECORDS


def report_params(kind: str, period: str, unit: str, *, named: bool = False) -> dict[str, str]:
    """A report job's parameters: the report, its period code and unit code as checked by the view."""
    params = {"report": kind, "period": period, "unit": unit}
    return {**params, "named": "1"} if named else params


def start_report(user: User, fmt: str, params: dict[str, str], records: int) -> ExportJob:
    """Queue a report document for the worker, once the transaction commits (the view writes the audit
    record in the same transaction)."""
    from otklik.reports.tasks import make_export

    job = ExportJob.objects.create(
        user=user, kind=ExportJob.Kind.REPORT, fmt=fmt, params=params, total=records
    )
    transaction.on_commit(lambda: make_export.enqueue(job.pk))
    return job


def run(job_id: int) -> ExportJob:
    """Make the job's file with the same functions as the immediate download, noting progress as it goes."""
    job = ExportJob.objects.select_related("user").get(pk=job_id)
    if job.status in (ExportJob.Status.DONE, ExportJob.Status.FAILED):
        return job
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.RUNNING)
    target = export_dir() / f"{uuid.uuid4().hex}.{job.fmt}"
    try:
        if job.kind == ExportJob.Kind.REPORT:
            done, file_name = 0, _write_report(job, target)
        else:
            done, file_name = _write_registry(job, target)
    except Exception:
        log.exception("export job %s failed", job.pk)
        target.unlink(missing_ok=True)
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportJob.Status.FAILED, message=FAILURE, finished_at=timezone.now()
        )
        raise
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.DONE,
        done=done,
        total=done if job.kind == ExportJob.Kind.REGISTRY else job.total,
        file_path=str(target),
        file_name=file_name,
        finished_at=timezone.now(),
    )
    job.refresh_from_db()
    return job


def _write_report(job: ExportJob, target: Path) -> str:
    """The report document, built and rendered as the immediate download does; its file name is the same."""
    params = job.params
    kind = catalogue.kinds()[params["report"]]
    period = parse(params["period"], kind.periodicity)
    unit = None
    if params.get("unit"):
        # A unit gone since the request must not widen the report to the whole administration.
        unit = Unit.objects.get(code=params["unit"])
    if params.get("named"):
        document = annex.named_annex(period, unit)
    else:
        document = catalogue.build(kind.name, period, unit, made_by=job.user)
    data = render(document, job.fmt)
    with _private(target, "wb") as out:
        out.write(data)
    return f"{document.file_stem}.{job.fmt}"


def _write_registry(job: ExportJob, target: Path) -> tuple[int, str]:
    """The registry export as the immediate one writes it; the records written and the file name."""
    form = SelectionForm(job.params)
    form.is_valid()
    selection = form.selection()
    queryset = paging.ordered(selection.apply(visible_to(job.user)), selection.sort)
    with_pd = sees_personal_data(job.user)
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
    stem = f"reestr-{timezone.localtime(job.created_at):%Y%m%d-%H%M}"
    return done, f"{stem}.{job.fmt}"


def remove_expired(*, now: dt.datetime | None = None) -> int:
    """Files of exports and reports older than the keeping term are removed, and their jobs with them."""
    cutoff = (now or timezone.now()) - dt.timedelta(hours=settings.EXPORT_KEEP_HOURS)
    removed = 0
    for job in ExportJob.objects.filter(created_at__lt=cutoff):
        if job.file_path:
            Path(job.file_path).unlink(missing_ok=True)
        job.delete()
        removed += 1
    return removed


def title(job: ExportJob) -> str:
    """What the job makes, as its page names it: «Выгрузка реестра (CSV)», «Ежеквартальная аналитическая
    справка, III квартал 2026 (DOCX)»."""
    if job.kind == ExportJob.Kind.REGISTRY:
        return f"Выгрузка реестра ({job.fmt.upper()})"
    kind = catalogue.kinds()[job.params["report"]]
    name = f"{annex.DOCUMENT} к справке" if job.params.get("named") else kind.title
    period = parse(job.params["period"], kind.periodicity)
    unit = f", подразделение {job.params['unit']}" if job.params.get("unit") else ""
    return f"{name}, {period.label}{unit} ({job.fmt.upper()})"


def elapsed(job: ExportJob, *, now: dt.datetime | None = None) -> str:
    """The time since the job was asked for (until it finished): «8 с», «2 мин 5 с»."""
    end = job.finished_at or now or timezone.now()
    seconds = max(int((end - job.created_at).total_seconds()), 0)
    minutes, seconds = divmod(seconds, 60)
    return f"{minutes} мин {seconds} с" if minutes else f"{seconds} с"


def personal(job: ExportJob) -> bool:
    """Whether the job's file is the named annex: personal data unmasked."""
    return job.kind == ExportJob.Kind.REPORT and bool(job.params.get("named"))


def progress(job: ExportJob) -> str:
    """The job's state in words: «готовится: 12 000 из 31 234» for an export; a document has no count to
    follow, so its state and the time since it was asked for: «готовится, прошло 8 с»."""
    if job.kind == ExportJob.Kind.REPORT:
        return f"{job.get_status_display()}, прошло {elapsed(job)}"
    return f"{job.get_status_display()}: {number(job.done)} из {number(job.total)}"
