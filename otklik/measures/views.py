from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST

from otklik.measures import effect as effects
from otklik.measures import permissions, services
from otklik.measures.forms import AlertFilter, CompleteForm, MeasureFilter, MeasureForm
from otklik.measures.models import Alert, AlertState, Dimension, Measure, MeasureState
from otklik.monitoring.models import Analysis
from otklik.org.models import Channel, TaxOffice, Topic
from otklik.registry.access import listed_text, visible_to

PAGE_SIZE = 50


def _require(request: HttpRequest, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


@login_required
def measure_list(request: HttpRequest) -> HttpResponse:
    _require(request, "measures.view_measure")
    form = MeasureFilter(request.GET or None)
    qs = permissions.measures_visible_to(request.user).select_related("unit", "responsible")
    if form.is_valid():
        if form.cleaned_data["state"]:
            qs = qs.filter(state=form.cleaned_data["state"])
        if form.cleaned_data["unit"]:
            qs = qs.filter(unit=form.cleaned_data["unit"])
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    for measure in page:  # the effect as the worker last measured it, for the «what came of it» column
        measure.kept_effect = effects.Effect.from_json(measure.effect) if measure.effect else None  # type: ignore[attr-defined]
    return render(
        request,
        "measures/list.html",
        {
            "form": form,
            "page": page,
            "can_propose": permissions.may_propose(request.user),
            "open_alerts": permissions.alerts_visible_to(request.user).filter(state=AlertState.OPEN).count(),
            "query": urlencode({k: v for k, v in request.GET.items() if k != "page" and v}),
        },
        status=400 if form.errors else 200,
    )


def _analysis_initial(request: HttpRequest) -> dict[str, Any]:
    """`?analysis=<id>`: the analysed item, its topic and office, and the unit it was routed to."""
    raw = request.GET.get("analysis", "")
    analysis = (
        Analysis.objects.filter(pk=int(raw)).select_related("feedback").first() if raw.isdigit() else None
    )
    if analysis is None:
        return {}
    feedback = analysis.feedback
    if not visible_to(request.user).filter(pk=feedback.pk).exists():
        return {}
    initial: dict[str, Any] = {"analysis": analysis.pk, "feedback": str(feedback.pk)}
    if feedback.topic_id:
        initial["topics"] = [feedback.topic_id]
    if feedback.office_id:
        initial["offices"] = [feedback.office_id]
    if analysis.unit_id:
        initial["unit"] = analysis.unit_id
    return initial


def _alert_initial(request: HttpRequest) -> dict[str, Any]:
    """`?alert=<id>`: the office or topic of a spike alert the user may see."""
    raw = request.GET.get("alert", "")
    alert = permissions.alerts_visible_to(request.user).filter(pk=int(raw)).first() if raw.isdigit() else None
    if alert is None:
        return {}
    initial: dict[str, Any] = {"unit": alert.unit_id} if alert.unit_id else {}
    if alert.dimension == Dimension.OFFICE:
        initial["offices"] = list(TaxOffice.objects.filter(code=alert.key).values_list("pk", flat=True))
    elif alert.dimension == Dimension.TOPIC:
        initial["topics"] = list(Topic.objects.filter(code=alert.key).values_list("pk", flat=True))
    return initial


def _analyses(form: MeasureForm) -> list[Analysis]:
    pk = form.cleaned_data.get("analysis")
    if not pk:
        return []
    # Only an analysis of an item the user may see can be linked.
    return list(Analysis.objects.filter(pk=pk, feedback__in=visible_to(form.user)))


@login_required
def measure_new(request: HttpRequest) -> HttpResponse:
    if not permissions.may_propose(request.user):
        raise PermissionDenied
    if request.method == "POST":
        form = MeasureForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                measure = services.propose(
                    acting_user=request.user,
                    title=data["title"],
                    description=data["description"],
                    unit=data["unit"],
                    responsible=data["responsible"],
                    due_date=data["due_date"],
                    feedback=data["feedback"],
                    topics=data["topics"],
                    offices=data["offices"],
                    analyses=_analyses(form),
                )
            except services.TransitionError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "Мера предложена и ждет согласования руководством")
                return redirect("measures:detail", pk=measure.pk)
    else:
        initial = _analysis_initial(request) or _alert_initial(request)
        if "unit" not in initial and getattr(request.user, "unit_id", None):
            initial["unit"] = request.user.unit_id  # type: ignore[union-attr]
        form = MeasureForm(initial=initial, user=request.user)
    return render(request, "measures/new.html", {"form": form})


@login_required
def measure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "measures.view_measure")
    measure = get_object_or_404(
        permissions.measures_visible_to(request.user).select_related("unit", "responsible", "proposed_by"),
        pk=pk,
    )
    return _detail(request, measure)


def _may_complete(request: HttpRequest, measure: Measure) -> bool:
    return permissions.may_progress(request.user, measure) and measure.state == MeasureState.IN_PROGRESS


def _detail(
    request: HttpRequest, measure: Measure, complete_form: CompleteForm | None = None, status: int = 200
) -> HttpResponse:
    items = [
        (f, listed_text(f))
        for f in visible_to(request.user, measure.feedback.all()).select_related("channel", "office", "topic")
    ]
    hidden_items = measure.feedback.count() - len(items)
    effect = effects.compute(measure) if measure.state == MeasureState.DONE else None
    can_complete = _may_complete(request, measure)
    return render(
        request,
        "measures/detail.html",
        {
            "m": measure,
            "items": items,
            "hidden_items": hidden_items,
            "topics": measure.topics.all(),
            "offices": measure.offices.all(),
            "analyses": list(measure.analyses.all()),
            "events": measure.events.select_related("actor"),
            "effect": effect,
            "window": effects.DEFAULT_WINDOW_DAYS,
            "can_approve": permissions.may_approve(request.user) and measure.state == MeasureState.PROPOSED,
            "can_reject": permissions.may_approve(request.user)
            and measure.state in (MeasureState.PROPOSED, MeasureState.APPROVED),
            "can_start": permissions.may_progress(request.user, measure)
            and measure.state == MeasureState.APPROVED,
            "can_complete": can_complete,
            "complete_form": (complete_form or CompleteForm()) if can_complete else None,
        },
        status=status,
    )


@login_required
@require_POST
def measure_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    _require(request, "measures.view_measure")
    measure = get_object_or_404(permissions.measures_visible_to(request.user), pk=pk)
    comment = request.POST.get("comment", "")
    try:
        if step == "approve":
            services.approve(measure, acting_user=request.user)
        elif step == "reject":
            services.reject(measure, acting_user=request.user, reason=comment)
        elif step == "start":
            services.start(measure, acting_user=request.user)
        elif step == "complete":
            form = CompleteForm(request.POST)
            valid = form.is_valid()
            if not valid and _may_complete(request, measure):  # the form again, with what is missing
                return _detail(request, measure, complete_form=form, status=400)
            outcome = form.cleaned_data["outcome"] if valid else ""
            services.complete(measure, acting_user=request.user, outcome=outcome)
        else:
            raise Http404
    except services.TransitionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Состояние меры изменено")
    return redirect("measures:detail", pk=measure.pk)


@login_required
def alert_list(request: HttpRequest) -> HttpResponse:
    _require(request, "measures.view_alert")
    form = AlertFilter(request.GET or None)
    qs = permissions.alerts_visible_to(request.user).select_related("unit")
    if form.is_valid():
        if form.cleaned_data["state"]:
            qs = qs.filter(state=form.cleaned_data["state"])
        if form.cleaned_data["dimension"]:
            qs = qs.filter(dimension=form.cleaned_data["dimension"])
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "measures/alerts.html",
        {
            "form": form,
            "page": page,
            "query": urlencode({k: v for k, v in request.GET.items() if k != "page" and v}),
        },
        status=400 if form.errors else 200,
    )


def registry_link(alert: Alert) -> str:
    """The registry list of the negative items behind the alert: its office, topic or stream, on its day."""
    try:
        base = reverse("reports:registry")
    except NoReverseMatch:
        return ""
    params: dict[str, Any] = {
        "date_from": alert.day.isoformat(),
        "date_to": alert.day.isoformat(),
        "tone": "negative",
    }
    if alert.dimension == Dimension.OFFICE:
        office = TaxOffice.objects.filter(code=alert.key).first()
        params["office"] = office.pk if office else ""
    elif alert.dimension == Dimension.TOPIC:
        topic = Topic.objects.filter(code=alert.key).first()
        params["topic"] = topic.pk if topic else ""
    else:
        channel = Channel.objects.filter(code=alert.key).first()
        params["channel"] = channel.number if channel else ""
    return f"{base}?{urlencode(params)}"


@login_required
def alert_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "measures.view_alert")
    alert = get_object_or_404(
        permissions.alerts_visible_to(request.user).select_related("unit", "handled_by"), pk=pk
    )
    may = permissions.may_handle_alert(request.user, alert)
    return render(
        request,
        "measures/alert.html",
        {
            "a": alert,
            "registry_link": registry_link(alert),
            "can_acknowledge": may and alert.state == AlertState.OPEN,
            "can_close": may and alert.state != AlertState.CLOSED,
            "can_propose": permissions.may_propose(request.user),
        },
    )


@login_required
@require_POST
def alert_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    _require(request, "measures.view_alert")
    alert = get_object_or_404(permissions.alerts_visible_to(request.user), pk=pk)
    states = {"acknowledge": AlertState.ACKNOWLEDGED, "close": AlertState.CLOSED}
    if step not in states:
        raise Http404
    try:
        services.handle_alert(
            alert, acting_user=request.user, to_state=states[step], comment=request.POST.get("comment", "")
        )
    except services.TransitionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Состояние всплеска изменено")
    return redirect("measures:alert", pk=alert.pk)
