"""The registry list: filters, search, keyset paging, and export of the selection."""

from __future__ import annotations

from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format

from otklik.accounts.models import User
from otklik.reports import export, paging, search
from otklik.reports.selection import SORTS, InvalidSelection, selection_from, visible_to
from otklik.reports.views.access import registry_reader
from otklik.reports.views.filters import refuse

EXPORT_FORMATS = ("csv", "xlsx")


@registry_reader
def registry(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    try:
        form, selection = selection_from(request.GET)
    except InvalidSelection as exc:
        return refuse(request, exc.reasons, reverse("reports:registry"))
    queryset = selection.apply(visible_to(request.user))
    found = paging.page(
        queryset.select_related("channel", "office", "topic", "answering_unit"),
        selection.sort,
        request.GET.get("after", ""),
    )
    # A search's count comes after the page (`registry_count`, fetched by the page's script, or `count=1`
    # without scripts): counting every match of a common word takes longer than finding the first fifty.
    defer_count = bool(selection.q) and request.GET.get("count") != "1"
    total: int | None = None
    exact = False
    if not defer_count:
        with search.bitmap_memory():
            total, exact = paging.capped_count(queryset)
    context = {
        "form": form,
        "selection": selection,
        "page": found,
        "total": total,
        "exact": exact,
        "query": selection.query_string(),
        "next_query": selection.query_string()
        + ("&" if selection.params() else "")
        + f"after={found.next_cursor}",
        "sorts": SORTS,
        "is_first": not request.GET.get("after"),
    }
    return render(request, "reports/registry.html", context)


@registry_reader
def registry_count(request: HttpRequest) -> JsonResponse:
    """The size of the selection, as the registry page shows it: exact up to `paging.COUNT_CAP`."""
    assert isinstance(request.user, User)
    try:
        _, selection = selection_from(request.GET)
    except InvalidSelection as exc:
        return JsonResponse({"error": "; ".join(exc.reasons)}, status=400)
    with search.bitmap_memory():
        total, exact = paging.capped_count(selection.apply(visible_to(request.user)))
    text = number_format(total, force_grouping=True)
    return JsonResponse({"total": total, "exact": exact, "text": text if exact else f"более {text}"})


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
    with_pd = export.may_see_personal_data(request.user)
    export.record_export(request.user, fmt, selection.params(), queryset.count(), with_pd)
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
