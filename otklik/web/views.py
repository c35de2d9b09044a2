"""The frame of the pages: the home page (each person's to-do list), the regulation table, health."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from otklik.accounts import roles
from otklik.measures import permissions as measure_permissions
from otklik.measures import services as measure_services
from otklik.measures.models import Measure, MeasureState
from otklik.monitoring import permissions as monitoring_permissions
from otklik.monitoring.forms import BulkForm
from otklik.org.models import ResponsibilityRule
from otklik.org.services import regulation_in_force
from otklik.web import todo

ANALYSES_PAGE = 25


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    groups = set(user.groups.values_list("name", flat=True))
    today = timezone.localdate()
    context: dict[str, Any] = {"roles": sorted(groups), "today": today}
    if monitoring_permissions.unit_officer(user):
        chosen = todo.AnalysisFilter.parse(request.GET)
        page = Paginator(todo.unit_analyses(user, chosen), ANALYSES_PAGE).get_page(request.GET.get("page"))
        context["officer"] = {
            **todo.officer(user, today),
            "chosen": chosen,
            "page": page,
            "analyses": [(a, todo.masked_summary(a.feedback)) for a in page],
            "query": urlencode({k: v for k, v in request.GET.items() if k != "page" and v}),
            "sorts": {k: label for k, (label, _) in todo.SORTS.items()},
            "who": todo.WHO,
            "channels": todo.channels(),
            "bulk_form": BulkForm(exclude_unit=user.unit_id),
        }
    if roles.LEADERSHIP in groups or (roles.ANALYST in groups and user.has_perm("accounts.view_all_units")):
        context["leadership"] = {
            **todo.leadership(today),
            "may_approve": measure_permissions.may_approve(user),
        }
    if roles.ADMINISTRATOR in groups:
        context["administrator"] = todo.administrator(timezone.now())
    return render(request, "web/home.html", context)


@login_required
@require_POST
def approve_measure(request: HttpRequest, pk: int) -> HttpResponse:
    """Leadership agrees to a proposed measure straight from its to-do list."""
    if not measure_permissions.may_approve(request.user):
        raise PermissionDenied
    measure = get_object_or_404(Measure, pk=pk, state=MeasureState.PROPOSED)
    try:
        measure_services.approve(measure, acting_user=request.user)
    except measure_services.TransitionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Мера согласована: {measure.title}")
    return redirect("home")


@login_required
def regulation(request: HttpRequest) -> HttpResponse:
    in_force = regulation_in_force(timezone.localdate())
    rules = (
        ResponsibilityRule.objects.filter(regulation=in_force).select_related("channel", "unit")
        if in_force
        else []
    )
    return render(request, "web/regulation.html", {"regulation": in_force, "rules": rules})


def health(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})
