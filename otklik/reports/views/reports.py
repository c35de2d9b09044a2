"""The reports page: choose a report and a period, read it in the browser, download it in any format."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from otklik.accounts.models import User
from otklik.audit import services as audit
from otklik.lib.periods import Period, period_containing
from otklik.org.models import Unit
from otklik.registry.access import record_look, sees_personal_data
from otklik.reports import catalogue, export_jobs
from otklik.reports.builders import annex
from otklik.reports.builders.annex import named_annex as named_annex_document
from otklik.reports.document import Document
from otklik.reports.periods import parse, previous
from otklik.reports.render import CONTENT_TYPES, FORMATS, html
from otklik.reports.render import render as render_document
from otklik.reports.views.access import leadership_reader, own_unit, reports_reader
from otklik.reports.views.filters import refuse


def _readable(kind: catalogue.ReportKind, unit: Unit | None) -> bool:
    """A unit reads the reports made per unit (its own), and a whole-administration report only when it
    is the report of a stream the unit monitors (the daily media review for the media's unit)."""
    if unit is None or kind.takes_unit:
        return True
    return catalogue.unit_monitors(kind, unit, timezone.localdate())


@reports_reader
def index(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    mine = own_unit(request.user)
    reports = []
    for kind in catalogue.kinds().values():
        if not _readable(kind, mine):
            continue
        current = period_containing(today, kind.periodicity)
        reports.append({"kind": kind, "periods": [current, previous(current), previous(previous(current))]})
    units = Unit.objects.in_force(today)
    context = {
        "reports": reports,
        "units": units,
        "formats": FORMATS,
        "own_unit": mine,
        "named_annex": sees_personal_data(request.user),
    }
    return render(request, "reports/index.html", context)


class _BadRequest(Exception):
    """A period or unit the report cannot be made for; the message is in Russian."""


def _document(
    kind_name: str, code: str, unit_code: str, mine: Unit | None = None, made_by: Any = None
) -> Document:
    kind, period, unit = _report(kind_name, code, unit_code, mine)
    return catalogue.build(kind.name, period, unit, made_by=made_by)


def _report(
    kind_name: str, code: str, unit_code: str, mine: Unit | None = None
) -> tuple[catalogue.ReportKind, Period, Unit | None]:
    """The report, period and unit asked for, once the asker may read them (a unit officer: their own)."""
    kind = catalogue.kinds().get(kind_name)
    if kind is None:
        raise Http404("нет такого отчета")
    if not _readable(kind, mine):
        raise PermissionDenied
    if mine is not None and kind.takes_unit:
        unit_code = mine.code  # a unit's reports are its own unit's, whatever the address asks
    try:
        period = parse(code, kind.periodicity)
    except ValueError as exc:
        raise _BadRequest(f"«Период»: {exc}") from None
    unit = None
    if unit_code and kind.takes_unit:
        unit = Unit.objects.filter(code=unit_code).first()
        if unit is None:
            raise _BadRequest(f"«Подразделение»: нет подразделения с кодом «{unit_code[:20]}»")
    return kind, period, unit


@reports_reader
def report(request: HttpRequest, kind: str, period: str) -> HttpResponse:
    typed = request.GET.get("period", "").strip().replace("/", "")
    if period == "PERIOD" and typed:  # the period form, sent where its script did not run
        unit = request.GET.get("unit", "")
        return redirect(
            reverse("reports:report", args=[kind, typed]) + (f"?{urlencode({'unit': unit})}" if unit else "")
        )
    mine = own_unit(request.user)
    try:
        document = _document(kind, period, request.GET.get("unit", ""), mine, request.user)
    except _BadRequest as exc:
        return refuse(request, [str(exc)], reverse("reports:index"))
    context = {
        "document": document,
        "body": html.fragment(document),
        "formats": FORMATS,
        "kind": kind,
        "period": period,
        "unit": mine.code if mine is not None else request.GET.get("unit", ""),
    }
    return render(request, "reports/report.html", context)


@reports_reader
def download(request: HttpRequest, kind: str, period: str, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404("нет такого формата")
    assert isinstance(request.user, User)
    mine = own_unit(request.user)
    try:
        report, parsed, unit = _report(kind, period, request.GET.get("unit", ""), mine)
    except _BadRequest as exc:
        return refuse(request, [str(exc)], reverse("reports:index"))
    changes = {
        "kind": kind,
        "period": period,
        "format": fmt,
        "unit": mine.code if mine is not None else request.GET.get("unit", ""),
    }
    records = export_jobs.report_records(report, parsed, unit)
    if export_jobs.report_is_large(records):
        with transaction.atomic():
            _record_export(request.user, f"{report.document}, {parsed.label} ({fmt})", changes)
            params = export_jobs.report_params(kind, parsed.code, unit.code if unit else "")
            job = export_jobs.start_report(request.user, fmt, params, records)
        return redirect("reports:export_job", pk=job.pk)
    document = catalogue.build(report.name, parsed, unit, made_by=request.user)
    data = render_document(document, fmt)
    _record_export(request.user, f"{document.kind}, {document.period_label} ({fmt})", changes)
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{document.file_stem}.{fmt}"'
    return response


def _record_export(user: User, name: str, changes: dict[str, str]) -> None:
    audit.record(
        "report_export",
        acting_user=user,
        object_type="reports.report",
        object_repr=name,
        changes=changes,
    )


@leadership_reader
def named_annex(request: HttpRequest, period: str, fmt: str) -> HttpResponse:
    """The quarterly note's quotes unmasked, for a role with the personal-data right; each copy is audited."""
    if not sees_personal_data(request.user):
        raise PermissionDenied
    if fmt not in FORMATS:
        raise Http404("нет такого формата")
    kind = catalogue.kinds()["quarterly"]
    try:
        parsed = parse(period, kind.periodicity)
    except ValueError:
        raise Http404("нет такого периода") from None
    unit_code = request.GET.get("unit", "")
    unit = Unit.objects.filter(code=unit_code).first() if unit_code else None
    if unit_code and unit is None:
        raise Http404("нет такого подразделения")
    records = export_jobs.report_records(kind, parsed, unit)
    if export_jobs.report_is_large(records):
        assert isinstance(request.user, User)
        with transaction.atomic():
            _record_look(request.user, f"{annex.DOCUMENT} {annex.subject(parsed, unit)} ({fmt})")
            params = export_jobs.report_params(kind.name, parsed.code, unit.code if unit else "", named=True)
            job = export_jobs.start_report(request.user, fmt, params, records)
        return redirect("reports:export_job", pk=job.pk)
    document = named_annex_document(parsed, unit)
    data = render_document(document, fmt)
    _record_look(request.user, f"{document.kind} {document.subject} ({fmt})")
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{document.file_stem}.{fmt}"'
    return response


def _record_look(user: Any, name: str) -> None:
    record_look(user, ["quotes"], object_type="reports.report", object_repr=name)
