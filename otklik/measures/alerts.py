"""Spike alerts: daily counts of negative feedback per office, topic and stream, tested against their past.

`check_spikes` is the service the worker runs every hour. The counting and testing (`daily_series`,
`recent_spikes`) are plain functions over rows, so the same code is measured on demo data without a database.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone

from otklik.accounts.roles import LEADERSHIP
from otklik.audit import services as audit
from otklik.lib.spikes import DEFAULT_BASELINE_DAYS, SpikeAlert, detect_spikes
from otklik.measures.models import Alert, Dimension
from otklik.org.models import Channel, ResponsibilityRule, TaxOffice, Topic, TopicUnit, Unit
from otklik.registry.models import Feedback, Tone

log = logging.getLogger(__name__)

# Each check tests the last RECENT_DAYS complete days, each against the BASELINE_DAYS before it. Only those
# days make the family of tests: testing the whole history again every hour would make Benjamini–Hochberg
# ever stricter for the days that matter. A day stays in the checked week for seven daily checks, so data
# loaded late still raise their alert, once.
BASELINE_DAYS = DEFAULT_BASELINE_DAYS
RECENT_DAYS = 7

Key = tuple[str, str]  # (dimension, code)
# (local day, office code, topic code, stream code, negative items)
Row = tuple[dt.date, str | None, str | None, str | None, int]


def daily_series(rows: Iterable[Row], first: dt.date, last: dt.date) -> dict[Key, list[int]]:
    """Negative items per day from `first` to `last`, one series per office, per topic and per stream."""
    n_days = (last - first).days + 1
    series: dict[Key, list[int]] = {}
    for day, office, topic, stream, count in rows:
        index = (day - first).days
        if not 0 <= index < n_days:
            continue
        for dimension, code in (
            (Dimension.OFFICE, office),
            (Dimension.TOPIC, topic),
            (Dimension.STREAM, stream),
        ):
            if code:
                series.setdefault((str(dimension), code), [0] * n_days)[index] += count
    return series


def recent_spikes(series: Mapping[Key, list[int]], first: dt.date) -> list[SpikeAlert[Key]]:
    """Spikes on the days after the first BASELINE_DAYS of the series, all three dimensions in one family
    of tests, so that Benjamini–Hochberg bounds the false alarms of the check as a whole."""
    return detect_spikes(series, first, baseline_days=BASELINE_DAYS)


def _rows(first: dt.date, last: dt.date) -> list[Row]:
    start = timezone.make_aware(dt.datetime.combine(first, dt.time.min))
    stop = timezone.make_aware(dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min))
    grouped = (
        Feedback.objects.filter(
            tone=Tone.NEGATIVE, is_relevant=True, received_at__gte=start, received_at__lt=stop
        )
        .annotate(day=TruncDate("received_at"))
        .values("day", "office__code", "topic__code", "channel__code")
        .annotate(n=Count("pk"))
    )
    return [(g["day"], g["office__code"], g["topic__code"], g["channel__code"], g["n"]) for g in grouped]


def check_spikes(today: dt.date | None = None) -> list[Alert]:
    """Raise an alert for each spike of the last `RECENT_DAYS` complete days not alerted yet; the new ones."""
    today = today or timezone.localdate()
    last = today - dt.timedelta(days=1)
    first = last - dt.timedelta(days=BASELINE_DAYS + RECENT_DAYS - 1)
    series = daily_series(_rows(first, last), first, last)
    created = []
    for spike in recent_spikes(series, first):
        alert = raise_alert(spike)
        if alert is not None:
            created.append(alert)
    return created


def check_spikes_job() -> str:
    created = check_spikes()
    return f"всплески проверены: новых {len(created)}"


@transaction.atomic
def raise_alert(spike: SpikeAlert[Key]) -> Alert | None:
    """The alert for this (dimension, code, day), created and announced once; None when it exists."""
    dimension, code = spike.key
    if Alert.objects.filter(dimension=dimension, key=code, day=spike.day).exists():
        return None
    alert, created = Alert.objects.get_or_create(
        dimension=dimension,
        key=code,
        day=spike.day,
        defaults={
            "label": _label(dimension, code),
            "observed": spike.observed,
            "expected": spike.expected,
            "p_value": spike.p_value,
            "unit": competent_unit(dimension, code, spike.day),
        },
    )
    if not created:  # another worker got there first
        return None
    audit.record(
        "alert.raised",
        obj=alert,
        changes=audit.snapshot(
            alert, ["dimension", "key", "day", "observed", "expected", "p_value", "unit_id"]
        ),
    )
    _announce(alert)
    return alert


def _label(dimension: str, code: str) -> str:
    model: Any = {Dimension.OFFICE: TaxOffice, Dimension.TOPIC: Topic, Dimension.STREAM: Channel}[
        Dimension(dimension)
    ]
    found = model.objects.filter(code=code).first()
    return str(found) if found else code


def competent_unit(dimension: str, code: str, day: dt.date) -> Unit | None:
    """Who answers for the spike: the topic's unit; the stream's unit by the regulation in force; for an
    office, the unit of the topic most of that day's negative items were about."""
    if dimension == Dimension.TOPIC:
        link = (
            TopicUnit.objects.in_force(day)
            .filter(Q(topic__code=code) | Q(topic__children__code=code))
            .select_related("unit")
            .order_by("-topic__parent_id")
            .first()
        )
        return link.unit if link else None
    if dimension == Dimension.STREAM:
        rule = (
            ResponsibilityRule.objects.filter(channel__code=code, regulation__effective_from__lte=day)
            .filter(Q(regulation__effective_to__isnull=True) | Q(regulation__effective_to__gte=day))
            .select_related("unit")
            .order_by("-regulation__effective_from")
            .first()
        )
        return rule.unit if rule else None
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    topics = Counter(
        Feedback.objects.filter(
            tone=Tone.NEGATIVE,
            office__code=code,
            received_at__gte=start,
            received_at__lt=start + dt.timedelta(days=1),
        )
        .exclude(topic=None)
        .values_list("topic__code", flat=True)
    )
    for topic, _ in topics.most_common():
        unit = competent_unit(Dimension.TOPIC, topic, day)
        if unit is not None:
            return unit
    return None


def _notifier() -> Callable[..., Any] | None:
    """The monitoring app's `notify`, imported at call time (monitoring must never import measures, so
    the dependency stays one-way even at import time); a build without it sends no notifications, and the
    alert list still shows every alert."""
    try:
        from otklik.monitoring.notifications import notify
    except ImportError:
        return None
    return notify


def _announce(alert: Alert) -> None:
    notify = _notifier()
    if notify is None:
        log.info("alert %s raised without notification: no notify function in otklik.monitoring", alert.pk)
        return
    leaders = list(get_user_model().objects.filter(groups__name=LEADERSHIP, is_active=True))
    text = (
        f"Всплеск отрицательных отзывов: {alert.get_dimension_display()} «{alert.label}», "
        f"{alert.day:%d.%m.%Y}: {alert.observed} при ожидаемых {alert.expected:.1f}"
    )
    notify(unit=alert.unit, users=leaders, text=text, link=reverse("measures:alert", args=[alert.pk]))
