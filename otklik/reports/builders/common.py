"""Pieces shared by the report builders: the organisation's name, labels, links to the registry."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from otklik.intake.models import Tone
from otklik.lib.periods import Period
from otklik.reports.figures import Tally
from otklik.reports.selection import Selection

DEFAULT_ORGANISATION = "УФНС России по Хабаровскому краю"
NOT_SET = "не определено"


def organisation() -> str:
    return str(getattr(settings, "OTKLIK_ORGANISATION_NAME", DEFAULT_ORGANISATION))


def today_label() -> str:
    return timezone.localdate().strftime("%d.%m.%Y")


def period_genitive(period: Period) -> str:
    """«III квартал 2026» → «III квартал 2026 года», the form a title's «за …» takes."""
    return f"{period.label} года" if period.label[-4:].isdigit() else period.label


def registry_link(period: Period, unit: int | None = None, negative: bool = False, **filters: Any) -> str:
    selection = Selection(period=period.code, unit=unit, tone=Tone.NEGATIVE if negative else "", **filters)
    return f"{reverse('reports:registry')}?{selection.query_string()}"


def tally_links(period: Period, unit: int | None, **filters: Any) -> list[str]:
    """Links for the columns «всего» and «отрицательных» of a row."""
    return [registry_link(period, unit, **filters), registry_link(period, unit, negative=True, **filters)]


def share_text(tally: Tally) -> str:
    return "—" if tally.share is None else f"{tally.share:.1f} %".replace(".", ",")


def signed(value: float | None, suffix: str) -> str:
    if value is None:
        return "—"
    number = f"{value:+.1f}".replace(".", ",")
    return f"{number} {suffix}"
