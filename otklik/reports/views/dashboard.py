"""The dashboard page: the quarter at a glance, filtered by period, stream, office and unit."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from otklik.lib.periods import Periodicity, parse_period
from otklik.reports.dashboard import dashboard as dashboard_figures
from otklik.reports.periods import current_quarter
from otklik.reports.selection import Selection, SelectionForm
from otklik.reports.views.access import leadership_reader


@leadership_reader
def dashboard(request: HttpRequest) -> HttpResponse:
    form = SelectionForm(request.GET or None)
    chosen = Selection()
    if form.is_bound:
        form.is_valid()
        chosen = form.selection()
    period = current_quarter()
    if chosen.period and (asked := parse_period(chosen.period)).periodicity == Periodicity.QUARTERLY:
        period = asked
    # Only the dashboard's own filters carry over into the links; the period is a quarter, counted to today
    # while it runs.
    selection = Selection(channel=chosen.channel, office=chosen.office, unit=chosen.unit)
    context = {"form": form, **dashboard_figures(selection, period)}
    return render(request, "reports/dashboard.html", context)
