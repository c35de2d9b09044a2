"""Small hand-built registries for the measures tests."""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

from otklik.org.models import Channel, TaxOffice, Topic, Unit
from otklik.registry.models import Feedback

_ids = itertools.count(1)


def at(day: dt.date, hour: int = 12) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def make(
    day: dt.date,
    *,
    tone: str = "neutral",
    channel: str = "appeals",
    office: str | None = "ОП3",
    topic: str | None = "service.queue",
    hour: int = 12,
    answering_unit: str | None = None,
) -> Feedback:
    source_id = f"m{next(_ids)}"
    return Feedback.objects.create(
        channel=Channel.objects.get(code=channel),
        source_id=source_id,
        received_at=at(day, hour),
        office=TaxOffice.objects.get(code=office) if office else None,
        topic=Topic.objects.get(code=topic) if topic else None,
        answering_unit=Unit.objects.get(code=answering_unit) if answering_unit else None,
        text="Отзыв",
        tone=tone,
        fingerprint=source_id,
    )


def many(day: dt.date, negative: int, other: int, **fields: object) -> None:
    """`negative` negative and `other` neutral items on one day."""
    for _ in range(negative):
        make(day, tone="negative", **fields)  # type: ignore[arg-type]
    for _ in range(other):
        make(day, tone="neutral", **fields)  # type: ignore[arg-type]
