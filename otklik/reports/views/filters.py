"""The answer to filters that cannot be applied: 400 with each reason, never a silently wider selection."""

from __future__ import annotations

from collections.abc import Sequence

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def refuse(request: HttpRequest, reasons: Sequence[str], back: str) -> HttpResponse:
    """A page listing what is wrong with the filters, with a link to `back` without them."""
    context = {"reasons": list(reasons), "back": back}
    return render(request, "reports/bad_filter.html", context, status=400)
