"""The daily media digest (stream 7): the day's relevant publications, their tone, offices and topics."""

from __future__ import annotations

from django.db.models import Count
from django.utils import timezone

from otklik.intake.models import Feedback, Tone, counted_once
from otklik.lib.periods import Period
from otklik.org.models import Channel
from otklik.reports import figures
from otklik.reports.builders.common import organisation, today_label
from otklik.reports.document import Document, Paragraph, Section, Table

MEDIA = 7


def daily(period: Period) -> Document:
    channel = Channel.objects.filter(number=MEDIA).first()
    day = figures.in_period(counted_once(Feedback.objects.filter(channel=channel)), period)
    relevant = day.filter(is_relevant=True)
    tones = dict(relevant.order_by().values_list("tone").annotate(n=Count("pk")))
    summary = (
        f"За {period.label} в СМИ выявлено {day.count()} публикаций, "
        f"из них относятся к работе налоговых органов — "
        f"{relevant.count()}: отрицательных {tones.get(Tone.NEGATIVE, 0)}, нейтральных "
        f"{tones.get(Tone.NEUTRAL, 0)}, положительных {tones.get(Tone.POSITIVE, 0)}."
    )
    rows = relevant.select_related("sub_source", "office", "topic").order_by("tone", "received_at")
    table = Table(
        "Публикации, относящиеся к работе налоговых органов",
        ["Время", "Вид СМИ", "Заголовок", "Тональность", "Налоговый орган", "Тематика", "Ссылка"],
        [
            [
                f"{timezone.localtime(f.received_at):%H:%M}",
                f.sub_source.name if f.sub_source else "",
                f.masked_title or f.masked_text[:120],
                f.get_tone_display() if f.tone else "",
                str(f.office) if f.office else "",
                f.topic.name if f.topic else "",
                f.url,
            ]
            for f in rows
        ],
    )
    by_topic = Table(
        "Публикации по тематикам",
        ["Тематика", "Всего", "Отрицательных"],
        [[name or "не определена", total, negative] for name, total, negative in _by_topic(relevant)],
    )
    return Document(
        organisation=organisation(),
        kind="Обзор публикаций в средствах массовой информации",
        subject=f"о качестве обслуживания налогоплательщиков за {period.label}",
        period_label=period.label,
        file_stem=f"daily-{period.code}",
        sections=[
            Section("Общие сведения").add(Paragraph(summary)),
            Section("Публикации").add(table if table.rows else Paragraph("Публикаций за день не выявлено.")),
            Section("Тематики публикаций").add(by_topic),
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
