"""Hand-built feedback items for the monitoring tests."""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

from otklik.org.models import Channel, Topic, Unit
from otklik.registry.models import Feedback

_ids = itertools.count(1)


def negative_item(
    channel: str,
    received: dt.datetime,
    *,
    topic: str | None = "property.transport",
    confidence: float | None = 0.9,
    answering_unit: str | None = None,
    tone: str = "negative",
    analysed: bool = True,
) -> Feedback:
    source_id = f"mon{next(_ids)}"
    moment = timezone.make_aware(received) if timezone.is_naive(received) else received
    return Feedback.objects.create(
        channel=Channel.objects.get(code=channel),
        source_id=source_id,
        received_at=moment,
        topic=Topic.objects.get(code=topic) if topic else None,
        topic_confidence=confidence if topic else None,
        answering_unit=Unit.objects.get(code=answering_unit) if answering_unit else None,
        text="Долго ждал ответа, никто не помог",
        masked_text="Долго ждал ответа, никто не помог",
        tone=tone,
        analysed_at=moment if analysed else None,
        fingerprint=source_id,
    )
