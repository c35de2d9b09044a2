"""The dashboard page: the quarter at a glance, filtered by period, stream, office and unit."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from otklik.lib.periods import Periodicity, parse_period
from otklik.reports.dashboard import dashboard as dashboard_figures
from otklik.reports.periods import current_quarter
from otklik.reports.selection import InvalidSelection, Selection, selection_from
from otklik.reports.views.access import leadership_reader
from otklik.reports.views.filters import refuse


@leadership_reader
def dashboard(request: HttpRequest) -> HttpResponse:
    try:
        form, chosen = selection_from(request.GET)
    except InvalidSelection as exc:
        return refuse(request, exc.reasons, reverse("reports:dashboard"))
    period = current_quarter()
    if chosen.period:
        asked = parse_period(chosen.period)
        if asked.periodicity != Periodicity.QUARTERLY:
            reason = (
                f"«Период»: сводка строится за квартал, например {period.code}, а указано «{chosen.period}»"
            )
            return refuse(request, [reason], reverse("reports:dashboard"))
        period = asked
    # Only the dashboard's own filters carry over into the links; the period is a quarter, counted to today
    # while it runs.
    selection = Selection(channel=chosen.channel, office=chosen.office, unit=chosen.unit)
    context = {"form": form, **dashboard_figures(selection, period)}
    return render(request, "reports/dashboard.html", context)
