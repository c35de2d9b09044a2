from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone

from otklik.org.models import ResponsibilityRule
from otklik.org.services import regulation_in_force


@login_required
def home(request: HttpRequest) -> HttpResponse:
    regulation = regulation_in_force(timezone.localdate())
    rules = (
        ResponsibilityRule.objects.filter(regulation=regulation).select_related("channel", "unit")
        if regulation
        else []
    )
    roles = list(request.user.groups.values_list("name", flat=True))
    return render(request, "web/home.html", {"regulation": regulation, "rules": rules, "roles": roles})


def health(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})
