from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from otklik.audit import labels
from otklik.audit.models import AuditEvent


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


@login_required
@permission_required("audit.view_audit_log", raise_exception=True)
def log(request: HttpRequest) -> HttpResponse:
    events = AuditEvent.objects.select_related("actor")
    q = request.GET.get("q", "").strip()
    if q:
        events = events.filter(
            Q(actor_label__icontains=q)
            | Q(actor__last_name__icontains=q)
            | Q(object_repr__icontains=q)
            | Q(object_id=q)
            | Q(request_id=q)
        )
    action = request.GET.get("action", "").strip()
    if action:
        events = events.filter(action__startswith=action)
    since, until = _date(request.GET.get("since")), _date(request.GET.get("until"))
    if since:
        events = events.filter(at__date__gte=since)
    if until:
        events = events.filter(at__date__lte=until)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    for event in page:
        event.who = labels.actor_label(event)  # type: ignore[attr-defined]
        event.action_label = labels.action_label(event.action)  # type: ignore[attr-defined]
        event.object_label = labels.object_label(event.object_type)  # type: ignore[attr-defined]
        event.change_lines = labels.record_lines(  # type: ignore[attr-defined]
            labels.record_model(event.object_type), event.changes, diff=event.action.endswith("updated")
        )
    codes = AuditEvent.objects.order_by("action").values_list("action", flat=True).distinct()
    actions = [(code, labels.action_label(code)) for code in codes]
    return render(
        request,
        "audit/log.html",
        {"page": page, "q": q, "action": action, "actions": actions, "since": since, "until": until},
    )
