"""«Основные проблемы»: the topics with most negative feedback, each with its count and a few quotes."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from otklik.lib import ru
from otklik.lib.periods import Period
from otklik.org.models import Topic
from otklik.registry.models import Feedback, Tone, counted_once
from otklik.reports import charts, figures
from otklik.reports.document import Chart, Paragraph, Quote, Section
from otklik.reports.figures import Tally

TOP_TOPICS = 5
QUOTES_PER_TOPIC = 3
QUOTE_LENGTH = 400


def quoted_items(
    base: QuerySet[Feedback], period: Period, topic_id: int, limit: int = QUOTES_PER_TOPIC
) -> list[Feedback]:
    """The clearest negative items of a topic (by tone probability), from different offices."""
    rows = (
        figures.in_period(counted_once(base), period)
        .filter(topic_id=topic_id, tone=Tone.NEGATIVE)
        .exclude(masked_text="")
        .select_related("channel", "office")
        .order_by("-tone_probability", "-received_at")[: limit * 4]
    )
    chosen: list[Feedback] = []
    seen_offices: set[int | None] = set()
    for row in rows:
        if row.office_id not in seen_offices or len(rows) <= limit:
            chosen.append(row)
            seen_offices.add(row.office_id)
        if len(chosen) == limit:
            break
    return chosen


def quote(row: Feedback, text: str) -> Quote:
    text = " ".join(text.split())
    if len(text) > QUOTE_LENGTH:
        text = text[: QUOTE_LENGTH - 1].rsplit(" ", 1)[0] + "…"
    where = ", ".join(
        part
        for part in (
            row.channel.name,
            str(row.office) if row.office else "",
            f"{timezone.localtime(row.received_at):%d.%m.%Y}",
        )
        if part
    )
    return Quote(text, where)


def quotes(
    base: QuerySet[Feedback], period: Period, topic_id: int, limit: int = QUOTES_PER_TOPIC
) -> list[Quote]:
    """A document that leaves the system quotes the masked text, whoever makes it."""
    return [quote(row, row.masked_text) for row in quoted_items(base, period, topic_id, limit)]


def ranked_topics(current: dict[tuple[int | None, ...], Tally]) -> list[tuple[int, Tally]]:
    """Topics with negative feedback, most negative first (ties by total, then by id, so the order holds)."""
    per_topic = figures.roll_up(current, 2)
    return sorted(
        ((k, t) for k, t in per_topic.items() if k is not None and t.negative),
        key=lambda kv: (-kv[1].negative, -kv[1].total, kv[0]),
    )


def section(
    base: QuerySet[Feedback], period: Period, current: dict[tuple[int | None, ...], Tally]
) -> Section:
    per_topic = figures.roll_up(current, 2)
    all_negative = sum(t.negative for t in per_topic.values())
    ranked = ranked_topics(current)[:TOP_TOPICS]
    out = Section("Основные проблемы, выявленные по отрицательным отзывам", short="Основные проблемы")
    if not ranked:
        return out.add(Paragraph("Отрицательных отзывов с определенной тематикой за период не поступало."))
    names = dict(Topic.objects.filter(pk__in=[k for k, _ in ranked]).values_list("pk", "name"))
    out.add(
        Paragraph(
            f"Больше всего отрицательных отзывов связано со следующими тематиками "
            f"(всего отрицательных отзывов за период — {ru.number(all_negative)})."
        ),
        Chart(
            "Тематики с наибольшим количеством отрицательных отзывов",
            charts.horizontal(
                "Отрицательные отзывы по тематикам",
                [names[k] for k, _ in ranked],
                [t.negative for _, t in ranked],
            ),
        ),
    )
    for index, (topic_id, tally) in enumerate(ranked, start=1):
        share = 100 * tally.negative / all_negative if all_negative else 0.0
        negatives = ru.counted(
            tally.negative, "отрицательный отзыв", "отрицательных отзыва", "отрицательных отзывов"
        )
        out.add(
            Paragraph(
                f"{index}) «{names[topic_id]}»: {negatives} из {ru.number(tally.total)} по тематике "
                f"({ru.percent(share)} всех отрицательных отзывов периода). Примеры:"
            ),
            *quotes(base, period, topic_id),
        )
    return out
