"""The daily media digest (stream 7): the day's relevant publications, their tone, offices and topics."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.db.models import Count
from django.utils import timezone

from otklik.lib import ru
from otklik.lib.periods import Period
from otklik.org.models import Channel
from otklik.registry.models import Feedback, Tone, counted_once
from otklik.reports import figures
from otklik.reports.builders.common import organisation, today_label
from otklik.reports.document import Document, Paragraph, Section, Table

MEDIA = 7
DOCUMENT = "Обзор публикаций в средствах массовой информации"


OUTLET_KEYS = ("outlet", "СМИ", "Наименование СМИ", "Издание", "Источник")
SUMMARY_LENGTH = 200
KIND_OF_SOURCE = {"print": "печатное издание", "online": "электронное СМИ"}


def outlet_of(item: Feedback) -> str:
    """The outlet's name as the source gave it (a feed's title, a column of the table), else the site."""
    raw = item.raw if isinstance(item.raw, dict) else {}
    for key in OUTLET_KEYS:
        value = raw.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    host = urlsplit(item.url).hostname or "" if item.url else ""
    return host.removeprefix("www.") or "издание не указано"


def summary_of(item: Feedback) -> str:
    """One line of what the publication says: its first sentence, masked, cut at a word."""
    text = " ".join(item.masked_text.split())
    first = re.split(r"(?<=[.!?…])\s", text, maxsplit=1)[0]
    if len(first) > SUMMARY_LENGTH:
        first = first[: SUMMARY_LENGTH - 1].rsplit(" ", 1)[0] + "…"
    return first


def _tone(item: Feedback) -> str:
    return (
        {
            Tone.NEGATIVE: "отрицательная",
            Tone.NEUTRAL: "нейтральная",
            Tone.POSITIVE: "положительная",
        }.get(Tone(item.tone), "не определена")
        if item.tone
        else "не определена"
    )


def publication(number: int, item: Feedback) -> Paragraph:
    kind = KIND_OF_SOURCE.get(item.sub_source.code if item.sub_source else "", "СМИ")
    title = item.masked_title or summary_of(item)
    parts = [
        f"{number}. «{title}» — {outlet_of(item)} ({kind}), {timezone.localtime(item.received_at):%H:%M}.",
    ]
    summary = summary_of(item)
    if summary and summary != title:
        parts.append(summary)
    parts.append(f"Тональность по отношению к налоговой службе: {_tone(item)}.")
    where = ", ".join(
        p for p in (str(item.office) if item.office else "", item.topic.name if item.topic else "") if p
    )
    if where:
        parts.append(f"Налоговый орган, тематика: {where}.")
    if item.url:
        parts.append(f"Ссылка: {item.url}")
    return Paragraph(" ".join(parts))


def daily(period: Period) -> Document:
    channel = Channel.objects.filter(number=MEDIA).first()
    day = figures.in_period(counted_once(Feedback.objects.filter(channel=channel)), period)
    relevant = day.filter(is_relevant=True)
    tones = dict(relevant.order_by().values_list("tone").annotate(n=Count("pk")))
    found, about = day.count(), relevant.count()
    summary = (
        f"За {period.label} в СМИ {ru.plural(found, 'выявлена', 'выявлено', 'выявлено')} "
        f"{ru.counted(found, 'публикация', 'публикации', 'публикаций')}, из них относятся к работе налоговых "
        f"органов — {ru.number(about)}: отрицательных — {ru.number(tones.get(Tone.NEGATIVE, 0))}, "
        f"нейтральных — {ru.number(tones.get(Tone.NEUTRAL, 0))}, "
        f"положительных — {ru.number(tones.get(Tone.POSITIVE, 0))}."
    )
    rows = list(
        relevant.select_related("sub_source", "office", "topic").order_by("tone", "received_at", "pk")
    )
    listed = [publication(n, item) for n, item in enumerate(rows, start=1)]
    by_topic = Table(
        "Публикации по тематикам",
        ["Тематика", "Всего", "Отрицательных"],
        [[name or "не определена", total, negative] for name, total, negative in _by_topic(relevant)],
    )
    return Document(
        organisation=organisation(),
        kind=DOCUMENT,
        subject=f"о качестве обслуживания налогоплательщиков за {period.label}",
        period_label=period.label,
        file_stem=f"daily-{period.code}",
        sections=[
            Section("Общие сведения").add(Paragraph(summary)),
            Section("Публикации о работе налоговых органов", short="Публикации").add(
                *(listed or [Paragraph("Публикаций за день не выявлено.")])
            ),
            Section("Тематики публикаций", short="Тематики").add(
                by_topic if by_topic.rows else Paragraph("Публикаций за день не выявлено.")
            ),
        ],
        made_on=today_label(),
    )


def _by_topic(relevant: object) -> list[tuple[str, int, int]]:
    from django.db.models import Q

    rows = (
        relevant.order_by()  # type: ignore[attr-defined]
        .values("topic__name")
        .annotate(total=Count("*"), negative=Count("tone", filter=Q(tone=Tone.NEGATIVE)))
        .order_by("-negative", "-total")
    )
    return [(r["topic__name"], r["total"], r["negative"]) for r in rows]
