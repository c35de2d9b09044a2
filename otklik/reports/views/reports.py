"""The reports page: choose a report and a period, read it in the browser, download it in any format."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from otklik.accounts.models import User
from otklik.audit import services as audit
from otklik.lib.periods import period_containing
from otklik.org.models import Unit
from otklik.reports import catalogue
from otklik.reports.document import Document
from otklik.reports.periods import parse, previous
from otklik.reports.render import CONTENT_TYPES, FORMATS, html
from otklik.reports.render import render as render_document
from otklik.reports.views.access import leadership_reader
from otklik.reports.views.filters import refuse


@leadership_reader
def index(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    reports = []
    for kind in catalogue.kinds().values():
        current = period_containing(today, kind.periodicity)
        reports.append({"kind": kind, "periods": [current, previous(current), previous(previous(current))]})
    units = Unit.objects.in_force(today)
    return render(request, "reports/index.html", {"reports": reports, "units": units, "formats": FORMATS})


class _BadRequest(Exception):
    """A period or unit the report cannot be made for; the message is in Russian."""


def _document(kind_name: str, code: str, unit_code: str) -> Document:
    kind = catalogue.kinds().get(kind_name)
    if kind is None:
        raise Http404("нет такого отчета")
    try:
        period = parse(code, kind.periodicity)
    except ValueError as exc:
        raise _BadRequest(f"«Период»: {exc}") from None
    unit = None
    if unit_code and kind.takes_unit:
        unit = Unit.objects.filter(code=unit_code).first()
        if unit is None:
            raise _BadRequest(f"«Подразделение»: нет подразделения с кодом «{unit_code[:20]}»")
    return catalogue.build(kind.name, period, unit)


@leadership_reader
def report(request: HttpRequest, kind: str, period: str) -> HttpResponse:
    try:
        document = _document(kind, period, request.GET.get("unit", ""))
    except _BadRequest as exc:
        return refuse(request, [str(exc)], reverse("reports:index"))
    context = {
        "document": document,
        "body": html.fragment(document),
        "formats": FORMATS,
        "kind": kind,
        "period": period,
        "unit": request.GET.get("unit", ""),
    }
    return render(request, "reports/report.html", context)


@leadership_reader
def download(request: HttpRequest, kind: str, period: str, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404("нет такого формата")
    assert isinstance(request.user, User)
    try:
        document = _document(kind, period, request.GET.get("unit", ""))
    except _BadRequest as exc:
        return refuse(request, [str(exc)], reverse("reports:index"))
    data = render_document(document, fmt)
    audit.record(
        "report_export",
        acting_user=request.user,
        object_type="reports.report",
        object_repr=f"{document.kind}, {document.period_label} ({fmt})",
        changes={"kind": kind, "period": period, "format": fmt, "unit": request.GET.get("unit", "")},
    )
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{document.file_stem}.{fmt}"'
    return response
