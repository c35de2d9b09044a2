"""The registry list: filters, search, keyset paging, and export of the selection."""

from __future__ import annotations

import dataclasses

from django.conf import settings
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from otklik.accounts.models import User
from otklik.accounts.scope import sees_all_units
from otklik.lib.ru import counted
from otklik.registry.access import sees_personal_data, visible_to
from otklik.registry.models import Feedback
from otklik.reports import export, export_jobs, figures, paging, search
from otklik.reports.models import ExportJob
from otklik.reports.render import CONTENT_TYPES as DOCUMENT_TYPES
from otklik.reports.selection import SORTS, InvalidSelection, Selection, selection_from
from otklik.reports.views.access import registry_reader
from otklik.reports.views.filters import refuse

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
EXPORT_FORMATS = tuple(CONTENT_TYPES)
# The columns the list shows (a record's other columns, its texts and JSON among them, are not read).
LISTED = (
    "id",
    "received_at",
    "tone",
    "min_grade",
    "masked_title",
    "masked_text",
    "channel__number",
    "channel__name",
    "office__name",
    "office__short_name",
    "topic__name",
)


@registry_reader
def registry(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    try:
        form, selection = selection_from(request.GET)
    except InvalidSelection as exc:
        return refuse(request, exc.reasons, reverse("reports:registry"))
    queryset = selection.apply(visible_to(request.user))
    found = paging.page(
        queryset.select_related("channel", "office", "topic").only(*LISTED),
        selection.sort,
        request.GET.get("after", ""),
    )
    # A search's count comes after the page (`registry_count`, fetched by the page's script, or `count=1`
    # without scripts): counting every match of a common word takes longer than finding the first fifty.
    defer_count = bool(selection.q) and request.GET.get("count") != "1"
    found_count: search.Found | None = None
    if not defer_count:
        found_count = _size(request.user, selection, queryset)
    context = {
        "form": form,
        "selection": selection,
        "page": found,
        "total": found_count.total if found_count else None,
        "exact": found_count.exact if found_count else False,
        "approximate": found_count.approximate if found_count else False,
        "query": selection.query_string(),
        "next_query": selection.query_string()
        + ("&" if selection.params() else "")
        + f"after={found.next_cursor}",
        "sorts": SORTS,
        "is_first": not request.GET.get("after"),
    }
    return render(request, "reports/registry.html", context)


def _size(user: User, selection: Selection, queryset: QuerySet[Feedback]) -> search.Found:
    """The size of the selection `queryset` holds for `user`. For a reader of the whole registry the monthly
    tallies answer what they can: the selection's size, or its size without its search, for the search's
    estimate; for a unit's scope that size is counted."""
    whole = sees_all_units(user)
    if whole and (size := figures.selection_size(selection)) is not None:
        return search.Found(size, exact=True)
    unsearched = None
    if selection.q:
        plain = dataclasses.replace(selection, q="")
        unsearched = figures.selection_size(plain) if whole else None
        if unsearched is None:  # a unit's scope: counted, up to the cap (the planner misjudges it 2×)
            unsearched = paging.capped_count(plain.apply(visible_to(user)), paging.COUNT_CAP)[0]
    with search.bitmap_memory():
        return search.count_found(queryset, selection.q, selection.received(), paging.COUNT_CAP, unsearched)


@registry_reader
def registry_count(request: HttpRequest) -> JsonResponse:
    """The size of the selection, as the registry page shows it: exact up to `paging.COUNT_CAP`; on PostgreSQL
    a search expected to find many records is counted «около N» (`search.count_found`)."""
    assert isinstance(request.user, User)
    try:
        _, selection = selection_from(request.GET)
    except InvalidSelection as exc:
        return JsonResponse({"error": "; ".join(exc.reasons)}, status=400)
    found = _size(request.user, selection, selection.apply(visible_to(request.user)))
    return JsonResponse(
        {"total": found.total, "exact": found.exact, "approximate": found.approximate, "text": found.text}
    )


@registry_reader
def registry_export(request: HttpRequest) -> HttpResponse | StreamingHttpResponse | FileResponse:
    assert isinstance(request.user, User)
    try:
        _, selection = selection_from(request.GET)
    except InvalidSelection as exc:
        return refuse(request, exc.reasons, reverse("reports:registry"))
    fmt = request.GET.get("format") or "csv"
    if fmt not in EXPORT_FORMATS:
        return refuse(
            request, ["«Формат»: выгрузка бывает только в CSV или XLSX"], reverse("reports:registry")
        )
    queryset = paging.ordered(selection.apply(visible_to(request.user)), selection.sort)
    count = queryset.count()
    if export_jobs.is_large(count):
        job = export_jobs.start(request.user, fmt, selection.params(), count)
        return redirect("reports:export_job", pk=job.pk)
    with_pd = sees_personal_data(request.user)
    export.record_export(request.user, fmt, selection.params(), count, with_pd)
    stem = f"reestr-{timezone.localtime():%Y%m%d-%H%M}"
    if fmt == "xlsx":
        return FileResponse(
            export.xlsx_file(queryset, with_pd),
            as_attachment=True,
            filename=f"{stem}.xlsx",
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response = StreamingHttpResponse(
        export.csv_lines(queryset, with_pd), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{stem}.csv"'
    return response


def _own_job(request: HttpRequest, pk: int) -> ExportJob:
    """A job is shown to the user who asked for it alone; to anyone else it does not exist. The named
    annex, besides, only while its orderer still holds the personal-data right."""
    job = get_object_or_404(ExportJob, pk=pk, user_id=request.user.pk)
    if export_jobs.personal(job) and not sees_personal_data(request.user):
        raise Http404("нет такого файла")
    return job


@registry_reader
def export_job(request: HttpRequest, pk: int) -> HttpResponse:
    job = _own_job(request, pk)
    records = counted(job.total, "запись", "записи", "записей")
    context = {
        "job": job,
        "records": records,
        "title": export_jobs.title(job),
        "elapsed": export_jobs.elapsed(job),
        "progress": export_jobs.progress(job),
        "report": job.kind == ExportJob.Kind.REPORT,
        "keep": counted(settings.EXPORT_KEEP_HOURS, "час", "часа", "часов"),
    }
    return render(request, "reports/export_job.html", context)


@registry_reader
def export_job_progress(request: HttpRequest, pk: int) -> JsonResponse:
    job = _own_job(request, pk)
    finished = job.status in (ExportJob.Status.DONE, ExportJob.Status.FAILED)
    text = export_jobs.progress(job)
    if job.kind == ExportJob.Kind.REPORT:  # a document has no count to follow
        return JsonResponse({"total": 0, "done": 0, "text": text, "finished": finished})
    return JsonResponse({"total": job.total, "done": job.done, "text": text, "finished": finished})


@registry_reader
def export_job_download(request: HttpRequest, pk: int) -> FileResponse:
    job = _own_job(request, pk)
    if job.status != ExportJob.Status.DONE or not job.file_path:
        raise Http404("выгрузка еще не готова")
    try:
        handle = open(job.file_path, "rb")  # noqa: SIM115 - closed by the response
    except FileNotFoundError:
        raise Http404("файл выгрузки удален после срока хранения") from None
    types = DOCUMENT_TYPES if job.kind == ExportJob.Kind.REPORT else CONTENT_TYPES
    content_type = types.get(job.fmt, "text/csv; charset=utf-8")
    return FileResponse(handle, as_attachment=True, filename=job.file_name, content_type=content_type)
