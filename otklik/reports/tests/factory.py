"""A constructed quarter of feedback whose figures the tests know in advance."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from typing import Any

from django.utils import timezone

from otklik.org.models import Channel, ChannelSource, TaxOffice, Topic, Unit
from otklik.registry.models import Feedback, PersonalData
from otklik.reports.search import index_feedback

_ids = itertools.count(1)


def at(day: dt.date, hour: int = 12) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def make(
    channel: int,
    day: dt.date,
    *,
    tone: str = "neutral",
    office: str | None = None,
    topic: str | None = None,
    answering_unit: str | None = None,
    text: str = "Обычный отзыв",
    grades: dict[str, int] | None = None,
    personal: dict[str, str] | None = None,
    **fields: Any,
) -> Feedback:
    source_id = f"t{next(_ids)}"
    feedback = Feedback.objects.create(
        channel=Channel.objects.get(number=channel),
        sub_source=fields.pop("sub_source", None)
        or ChannelSource.objects.filter(channel__number=channel).first(),
        source_id=source_id,
        received_at=at(day),
        office=TaxOffice.objects.get(code=office) if office else None,
        topic=Topic.objects.get(code=topic) if topic else None,
        answering_unit=Unit.objects.get(code=answering_unit) if answering_unit else None,
        text=text,
        masked_text=fields.pop("masked_text", text),
        tone=tone,
        tone_probability=fields.pop("tone_probability", 0.9),
        grades=grades or {},
        min_grade=min(grades.values()) if grades else None,
        fingerprint=source_id,
        **fields,
    )
    if personal:
        PersonalData.objects.create(feedback=feedback, **personal)
    index_feedback([feedback.pk])
    return feedback


@dataclasses.dataclass
class Quarter:
    """2026Q3 with known counts; 2026Q2 and 2025Q3 as the comparison quarters."""

    vk_total: int = 6
    vk_negative: int = 2
    appeals_total: int = 4
    appeals_negative: int = 3


def build_quarter() -> Quarter:
    q3 = dt.date(2026, 8, 10)
    # «Ваш контроль»: 6 reviews, 2 negative; known grades.
    for i, staff in enumerate((1, 2, 5, 5, 4, 4)):
        make(
            6,
            q3 + dt.timedelta(days=i),
            tone="negative" if staff <= 2 else "positive",
            office="ОП1" if i % 2 else "ОП3",
            topic="service.queue",
            grades={"time_service": 5, "time_queue": staff, "staff": staff, "comfort": 4, "information": 3},
            text=f"Очередь в инспекции, отзыв {i}",
        )
    # Written appeals: 4, 3 negative, on tax notices (the search test's words).
    for i, words in enumerate(
        (
            "Не пришло налоговое уведомление",
            "Уведомления не приходят второй год",
            "Нет уведомлений в личном кабинете",
        )
    ):
        make(
            2,
            q3 + dt.timedelta(days=20 + i),
            tone="negative",
            office="ОП3",
            topic="property.notice",
            text=f"{words}. Прошу разобраться.",
        )
    make(
        2,
        q3 + dt.timedelta(days=30),
        tone="positive",
        office="ОП1",
        topic="ndfl.deduction",
        text="Спасибо за быстрый вычет",
    )
    # Previous quarter: 5 appeals, 1 negative; the same quarter a year before: 2 reviews, both negative.
    for i in range(5):
        make(
            2,
            dt.date(2026, 5, 5) + dt.timedelta(days=i),
            tone="negative" if i == 0 else "neutral",
            office="ОП1",
            topic="property.notice",
        )
    for i in range(2):
        make(
            6,
            dt.date(2025, 8, 5) + dt.timedelta(days=i),
            tone="negative",
            office="ОП1",
            topic="service.queue",
            grades={"time_service": 1, "time_queue": 1, "staff": 1, "comfort": 1, "information": 1},
        )
    return Quarter()
