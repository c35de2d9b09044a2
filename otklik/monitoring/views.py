"""Pages of the monitoring: the unit's desk, the calendar of rounds, a round, an analysis, triage, notices."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from otklik.accounts.scope import sees_all_units
from otklik.lib.periods import parse_period
from otklik.lib.routing import GENERAL_DEPARTMENT
from otklik.monitoring import notifications, permissions, services
from otklik.monitoring.forms import AnalysisForm, BulkForm, CloseRoundForm, RoundFilter, TransferForm
from otklik.monitoring.models import Analysis, AnalysisTransfer, MonitoringRound
from otklik.registry.access import (
    listed_text,
    record_look,
    sees_personal_data,
    shown_text,
    shown_title,
    visible_to,
)
from otklik.registry.models import Feedback, Tone

PAGE_SIZE = 50


def _overdue_first(qs: QuerySet[MonitoringRound]) -> QuerySet[MonitoringRound]:
    today = timezone.localdate()
    return qs.annotate(
        rank=Case(
            When(state=MonitoringRound.State.OPEN, due_date__lt=today, then=Value(0)),
            When(state=MonitoringRound.State.OPEN, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    ).order_by("rank", "due_date", "channel__number")


def _rows(rounds: Any) -> list[services.RoundRow]:
    today = timezone.localdate()
    return [services.RoundRow(r, services.round_status(r, today)) for r in rounds]


MY_UNIT_ROUNDS = 30  # the rest are a click away, in the calendar filtered by the unit


@login_required
def my_unit(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not permissions.unit_officer(user):
        raise PermissionDenied
    unit = user.unit
    analyses = (
        Analysis.objects.filter(unit=unit, state=Analysis.State.OPEN)
        .select_related("feedback__channel", "feedback__topic", "feedback__office")
        .order_by("feedback__received_at")
    )
    rounds = _overdue_first(
        MonitoringRound.objects.filter(unit=unit).select_related("channel", "unit", "rule")
    )
    open_rounds = rounds.filter(state=MonitoringRound.State.OPEN)
    closed_rounds = rounds.filter(state=MonitoringRound.State.CLOSED).order_by("-period_end")[:20]
    notices = notifications.for_user(user)
    return render(
        request,
        "monitoring/my_unit.html",
        {
            "unit": unit,
            "analyses": [(a, listed_text(a.feedback)) for a in analyses[:200]],
            "analyses_count": analyses.count(),
            "open_rounds": _rows(open_rounds[:MY_UNIT_ROUNDS]),
            "open_count": open_rounds.count(),
            "closed_rounds": _rows(closed_rounds),
            "notices": notices.filter(read_at__isnull=True)[:20],
            "unread": notices.filter(read_at__isnull=True).count(),
            "is_general": permissions.in_general_department(user),
        },
    )


@login_required
def calendar(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not user.has_perm("monitoring.view_monitoringround"):
        raise PermissionDenied
    form = RoundFilter(request.GET or None)
    qs = permissions.rounds_visible_to(user).select_related("channel", "unit", "rule")
    status = ""
    if form.is_valid():
        data = form.cleaned_data
        if data["unit"]:
            qs = qs.filter(unit=data["unit"])
        if data["channel"]:
            qs = qs.filter(channel=data["channel"])
        if data["periodicity"]:
            qs = qs.filter(periodicity=data["periodicity"])
        if data["period"]:
            try:
                period = parse_period(data["period"])
            except ValueError as exc:
                form.add_error("period", str(exc))
            else:
                qs = qs.filter(period_start__gte=period.start, period_end__lte=period.end)
        status = data["status"]
    today = timezone.localdate()
    qs = _status_filter(qs, status, today)
    totals = {
        "all": qs.count(),
        "open": qs.filter(state=MonitoringRound.State.OPEN, due_date__gte=today).count(),
        "overdue": qs.filter(state=MonitoringRound.State.OPEN, due_date__lt=today).count(),
        "closed": qs.filter(state=MonitoringRound.State.CLOSED).count(),
    }
    by_unit = _summary_by_unit(qs, today)
    page = Paginator(qs.order_by("-period_end", "channel__number", "unit__code"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "monitoring/calendar.html",
        {
            "form": form,
            "page": page,
            "rows": _rows(page),
            "totals": totals,
            "by_unit": by_unit,
            "today": today,
            "query": urlencode({k: v for k, v in request.GET.items() if k != "page" and v}),
        },
        status=400 if form.errors else 200,
    )


def _summary_by_unit(qs: QuerySet[MonitoringRound], today: Any) -> list[dict[str, Any]]:
    """Per unit: how many rounds are closed on time, closed late, overdue and open within their term."""
    table: dict[int, dict[str, Any]] = {}
    for rnd in qs.select_related(None).select_related("unit"):
        row = table.setdefault(
            rnd.unit_id,
            {"unit": rnd.unit, "on_time": 0, "late": 0, "overdue": 0, "open": 0, "total": 0},
        )
        row[services.round_status(rnd, today)] += 1
        row["total"] += 1
    return sorted(table.values(), key=lambda r: (-r["overdue"], r["unit"].code))


def _status_filter(qs: QuerySet[MonitoringRound], status: str, today: Any) -> QuerySet[MonitoringRound]:
    closed = MonitoringRound.State.CLOSED
    if status == "open":
        return qs.filter(state=MonitoringRound.State.OPEN, due_date__gte=today)
    if status == "overdue":
        return qs.filter(state=MonitoringRound.State.OPEN, due_date__lt=today)
    if status in ("on_time", "late"):
        ids = [r.pk for r in qs.filter(state=closed) if services.round_status(r, today) == status]
        return qs.filter(pk__in=ids)
    return qs


@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    if not user.has_perm("monitoring.view_monitoringround"):
        raise PermissionDenied
    rnd = get_object_or_404(
        permissions.rounds_visible_to(user).select_related("channel", "unit", "rule", "closed_by"), pk=pk
    )
    may_close = permissions.may_work_round(user, rnd) and rnd.state == MonitoringRound.State.OPEN
    form = CloseRoundForm(request.POST or None)
    if request.method == "POST":
        if not may_close:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.close_round(rnd, form.cleaned_data["conclusion"], user)
            except services.MonitoringError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, "Мониторинг закрыт")
                return redirect("monitoring:round", pk=rnd.pk)
    items = (
        services.round_items(rnd)
        .select_related("office", "topic", "analysis__unit")
        .annotate(
            neg=Case(When(tone=Tone.NEGATIVE, then=Value(0)), default=Value(1), output_field=IntegerField())
        )
        .order_by("neg", "received_at")
    )
    work = services.round_work(rnd)
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    openable = set(visible_to(user).filter(pk__in=[f.pk for f in page]).values_list("pk", flat=True))
    return render(
        request,
        "monitoring/round.html",
        {
            "r": services.RoundRow(rnd, services.round_status(rnd, timezone.localdate())),
            "rnd": rnd,
            "period_label": services.period_label(rnd),
            "page": page,
            "items": [
                (
                    f,
                    listed_text(f),
                    _analysis_of(f),
                    f.pk in openable,
                )
                for f in page
            ],
            "sees_all": sees_all_units(user),
            "total": items.count(),
            "work": work,
            "may_close": may_close,
            "form": form,
        },
    )


def _analysis_of(feedback: Feedback) -> Analysis | None:
    try:
        return feedback.analysis
    except Analysis.DoesNotExist:
        return None


def _measure_link(analysis: Analysis) -> str:
    """The measures app's proposal form for this item, when that app is installed."""
    try:
        return reverse("measures:new") + "?" + urlencode({"analysis": analysis.pk})
    except NoReverseMatch:
        return ""


@login_required
def analysis_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    if not user.has_perm("monitoring.view_analysis"):
        raise PermissionDenied
    analysis = get_object_or_404(
        permissions.analyses_visible_to(user).select_related(
            "feedback__channel",
            "feedback__topic",
            "feedback__office",
            "feedback__answering_unit",
            "unit",
            "cause",
        ),
        pk=pk,
    )
    may_work = permissions.may_work_analysis(user, analysis)
    is_open = analysis.state == Analysis.State.OPEN
    initial = {
        "well_founded": analysis.well_founded,
        "cause": analysis.cause_id,
        "comment": analysis.comment,
        "no_measure_reason": analysis.no_measure_reason,
    }
    form = AnalysisForm(initial=initial)
    transfer_form = TransferForm(exclude_unit=analysis.unit_id)
    if request.method == "POST":
        if not may_work:
            raise PermissionDenied
        action = request.POST.get("action", "save")
        try:
            if action in ("save", "close"):
                form = AnalysisForm(request.POST)
                if form.is_valid():
                    data = form.cleaned_data
                    services.record_analysis(
                        analysis,
                        well_founded=data["well_founded"],
                        cause=data["cause"],
                        comment=data["comment"],
                        no_measure_reason=data["no_measure_reason"],
                        acting_user=user,
                    )
                    if action == "close":
                        services.close_analysis(analysis, user)
                        messages.success(request, "Анализ закрыт")
                    else:
                        messages.success(request, "Анализ сохранен")
                    return redirect("monitoring:analysis", pk=analysis.pk)
            elif action == "transfer":
                transfer_form = TransferForm(request.POST, exclude_unit=analysis.unit_id)
                if transfer_form.is_valid():
                    to_unit = transfer_form.cleaned_data["to_unit"]
                    services.transfer(analysis, to_unit, transfer_form.cleaned_data["reason"], user)
                    messages.success(request, f"Анализ передан: {to_unit}")
                    return redirect("monitoring:my_unit")
            elif action == "reopen":
                services.reopen_analysis(analysis, user)
                messages.success(request, "Анализ снова в работе")
                return redirect("monitoring:analysis", pk=analysis.pk)
        except services.MonitoringError as exc:
            messages.error(request, str(exc))
            analysis.refresh_from_db()
    f = analysis.feedback
    rounds = permissions.rounds_visible_to(user).filter(
        channel_id=f.channel_id,
        period_start__lte=services.local_date(f.received_at),
        period_end__gte=services.local_date(f.received_at),
    )
    if f.answering_unit_id:
        rounds = rounds.filter(Q(rule__answering_unit=False) | Q(unit_id=f.answering_unit_id))
    if sees_personal_data(user):
        record_look(user, ["text"], f)
    return render(
        request,
        "monitoring/analysis.html",
        {
            "a": analysis,
            "f": f,
            "title": shown_title(f, user),
            "text": shown_text(f, user),
            "transfers": analysis.transfers.select_related("from_unit", "to_unit", "by"),
            "form": form,
            "transfer_form": transfer_form,
            "may_work": may_work and is_open,
            "may_reopen": may_work and analysis.state == Analysis.State.CLOSED,
            "has_measure": services.has_measure(analysis),
            "measure_link": _measure_link(analysis) if may_work and is_open else "",
            "rounds": rounds.select_related("channel", "unit"),
        },
    )


@login_required
def triage(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not permissions.sees_triage(user):
        raise PermissionDenied
    qs = (
        Analysis.objects.filter(triage=True, state=Analysis.State.OPEN, unit__code=GENERAL_DEPARTMENT)
        .select_related("feedback__channel", "feedback__topic", "feedback__office", "unit")
        .order_by("feedback__received_at")
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    last_reason = {
        t.analysis_id: t.reason
        for t in AnalysisTransfer.objects.filter(analysis__in=list(page)).order_by("at", "id")
    }
    return render(
        request,
        "monitoring/triage.html",
        {
            "page": page,
            "items": [
                (
                    a,
                    listed_text(a.feedback),
                    last_reason.get(a.pk, ""),
                )
                for a in page
            ],
            "may_work": permissions.in_general_department(user),
        },
    )


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not (sees_all_units(user) or permissions.unit_officer(user)):
        raise PermissionDenied
    if request.method == "POST":
        ids = [int(i) for i in request.POST.getlist("id") if i.isdigit()]
        count = notifications.mark_read(user, ids or None)
        messages.success(request, f"Отмечено прочитанными: {count}")
        return redirect("monitoring:notifications")
    qs = notifications.for_user(user)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "monitoring/notifications.html",
        {"page": page, "unread": qs.filter(read_at__isnull=True).count()},
    )


def _back(request: HttpRequest) -> HttpResponse:
    """Back to the list the action came from (a local address only), else the home page."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return redirect(target)
    return redirect("home")


@login_required
@require_POST
def bulk(request: HttpRequest) -> HttpResponse:
    """Take, hand on or close as not well-founded the analyses ticked on the to-do list (or one, by its
    own «Взять» button)."""
    user: Any = request.user
    if not (permissions.unit_officer(user) and user.has_perm("monitoring.change_analysis")):
        raise PermissionDenied
    one = request.POST.get("take_one", "")
    form = BulkForm(request.POST, exclude_unit=user.unit_id)
    if one:
        ids, action, data = [one], "take", {}
    elif form.is_valid():
        ids, action, data = request.POST.getlist("id"), form.cleaned_data["action"], form.cleaned_data
    else:
        messages.error(request, "Выберите действие над отмеченными отзывами")
        return _back(request)
    if not all(i.isdigit() for i in ids):
        messages.error(request, "Отмеченные отзывы указаны неверно: обновите страницу и отметьте их снова")
        return _back(request)
    try:
        count = services.bulk(
            [int(i) for i in ids],
            action,
            acting_user=user,
            unit=user.unit,
            to_unit=data.get("to_unit"),
            cause=data.get("cause"),
            reason=data.get("reason", ""),
        )
    except services.MonitoringError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{services.BULK_ACTIONS[action].capitalize()}: {count}")
    return _back(request)
