"""Pieces shared by the report builders: the organisation's name, labels, links to the registry."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from otklik.lib import ru
from otklik.lib.periods import Period
from otklik.registry.models import Tone
from otklik.reports.figures import Tally
from otklik.reports.selection import Selection

DEFAULT_ORGANISATION = "УФНС России по Хабаровскому краю"
NOT_SET = "не определено"


def organisation() -> str:
    return str(getattr(settings, "OTKLIK_ORGANISATION_NAME", DEFAULT_ORGANISATION))


def today_label() -> str:
    return timezone.localdate().strftime("%d.%m.%Y")


def period_genitive(period: Period) -> str:
    """The form a title's «за …» takes: «III квартал 2026 года», «неделю 23.02–01.03.2026», «05.03.2026»."""
    label = period.label
    if label.startswith("неделя "):
        return "неделю " + label.removeprefix("неделя ")
    if label[:2].isdigit():  # a day: «05.03.2026»
        return label
    return f"{label} года" if label[-4:].isdigit() else label


def registry_link(period: Period, unit: int | None = None, negative: bool = False, **filters: Any) -> str:
    selection = Selection(period=period.code, unit=unit, tone=Tone.NEGATIVE if negative else "", **filters)
    return f"{reverse('reports:registry')}?{selection.query_string()}"


def tally_links(period: Period, unit: int | None, **filters: Any) -> list[str]:
    """Links for the columns «всего» and «отрицательных» of a row."""
    return [registry_link(period, unit, **filters), registry_link(period, unit, negative=True, **filters)]


def share_text(tally: Tally) -> str:
    return ru.percent(tally.share)


def signed(value: float | None, suffix: str) -> str:
    return ru.signed(value, suffix)
