"""The numbers behind the reports and the dashboard: counts, negative shares and mean grades by dimension.

Every function takes the base queryset (all feedback, or one unit's) and a period, and counts "negative" as
`tone = negative`, the same test the registry's tone filter applies, so a figure and its list agree. A
publication from two sources counts once: the second copy is left out (`counted_once`), as in the lists.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Aggregate, Avg, Count, FloatField, Q, QuerySet
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils import timezone

from otklik.lib.periods import Period, Periodicity
from otklik.org.models import Channel, Topic, TopicUnit
from otklik.registry.models import Feedback, FeedbackLink, Tone, counted_once
from otklik.reports import tallies as monthly
from otklik.reports.periods import received_range
from otklik.reports.selection import Selection, competent_topics

VK_CRITERIA = {
    "time_service": "Время предоставления услуги",
    "time_queue": "Время ожидания в очереди",
    "staff": "Вежливость и компетентность сотрудников",
    "comfort": "Комфортность условий в помещении",
    "information": "Доступность информации о порядке предоставления услуги",
}
SURVEY_CRITERIA = {"overall": "Общая оценка качества услуги"}
VASHKONTROL, SURVEYS = 6, 5


@dataclasses.dataclass
class Tally:
    total: int = 0
    negative: int = 0

    @property
    def share(self) -> float | None:
        """Negative share in per cent, None without feedback."""
        return round(100 * self.negative / self.total, 1) if self.total else None


def in_period(queryset: QuerySet[Feedback], period: Period) -> QuerySet[Feedback]:
    start, end = received_range(period.start, period.end)
    return queryset.filter(received_at__gte=start, received_at__lt=end)


def tallies(
    base: QuerySet[Feedback] | Selection, period: Period, *fields: str
) -> dict[tuple[int | None, ...], Tally]:
    """Counts within `period` grouped by `fields` (column names such as channel_id, office_id, topic_id).

    `base` is the feedback to count, or a selection of it; a selection of stream, office, unit and topic is
    counted from the monthly tallies where the database keeps them and the days are whole months
    (`otklik.reports.tallies`).
    """
    if isinstance(base, Selection):
        counted = _monthly(base, period, fields)
        if counted is not None:
            return counted
        base = base.apply(Feedback.objects.all())
    else:
        base = counted_once(base)
    rows = (
        in_period(base, period)
        .order_by()
        .values(*fields)
        .annotate(total=Count("*"), negative=Count("tone", filter=Q(tone=Tone.NEGATIVE)))
    )
    return {tuple(r[f] for f in fields): Tally(r["total"], r["negative"]) for r in rows}


def _monthly(
    selection: Selection, period: Period, fields: tuple[str, ...]
) -> dict[tuple[int | None, ...], Tally] | None:
    """What `tallies` counts, summed from the monthly table; None when the table cannot answer."""
    narrowed = selection.source or selection.tone or selection.analysed or selection.q or selection.copies
    if narrowed or not set(fields) <= set(monthly.KEY) or not monthly.in_step():
        return None
    start, end = selection.bounds()
    first, last = max(period.start, start or period.start), min(period.end, end or period.end)
    if first > last:
        return {}
    # Whole months from the table; the days before the first whole month and after the last one (a quarter
    # counted to today) from the registry.
    head_end = first if first.day == 1 else _month_end(first)
    months_first = first if first.day == 1 else head_end + dt.timedelta(days=1)
    months_last = (
        last if (last + dt.timedelta(days=1)).day == 1 else last.replace(day=1) - dt.timedelta(days=1)
    )
    if months_first > months_last:
        return None
    edges = [
        Period(a, b, period.periodicity)
        for a, b in ((first, months_first - dt.timedelta(days=1)), (months_last + dt.timedelta(days=1), last))
        if a <= b
    ]
    first, last = months_first, months_last
    channel_id = None
    if selection.channel:
        channel_id = (
            Channel.objects.filter(number=selection.channel).values_list("pk", flat=True).first() or 0
        )
    topic_ids = None
    if selection.topic:
        topic_ids = [
            selection.topic,
            *Topic.objects.filter(parent_id=selection.topic).values_list("pk", flat=True),
        ]
    unit = None
    if selection.unit:
        unit = (selection.unit, competent_topics(selection.unit, end or timezone.localdate()))
    counted = monthly.read(
        first, last, fields, channel_id=channel_id, office_id=selection.office, topic_ids=topic_ids, unit=unit
    )
    out = {key: Tally(total, negative) for key, (total, negative) in counted.items()}
    for edge in edges:
        for key, tally in tallies(selection.apply(Feedback.objects.all()), edge, *fields).items():
            into = out.setdefault(key, Tally())
            into.total += tally.total
            into.negative += tally.negative
    return out


def selection_size(selection: Selection) -> int | None:
    """How many records the registry lists for `selection` with nobody's scope narrowing it, from the monthly
    tallies; None when they cannot answer (a search, a source, another tone, the analysis filter, copies
    shown, no bounds). The tallies are kept in the same transaction as the records and count what the list
    shows (second copies left out, local days), so the number is exact whatever its size."""
    if selection.tone not in ("", Tone.NEGATIVE):
        return None
    start, end = selection.bounds()
    if start is None or end is None or start > end:
        return None
    counted = _monthly(dataclasses.replace(selection, tone=""), Period(start, end, Periodicity.DAILY), ())
    if counted is None:
        return None
    tally = counted.get((), Tally())
    return tally.negative if selection.tone else tally.total


def _month_end(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def roll_up(
    grouped: dict[tuple[int | None, ...], Tally], position: int, mapping: dict[int, int] | None = None
) -> dict[int | None, Tally]:
    """Sum finer groups into one of their keys, optionally mapped (e.g. topic → its section)."""
    out: dict[int | None, Tally] = defaultdict(Tally)
    for key, tally in grouped.items():
        value = key[position]
        if mapping is not None and value is not None:
            value = mapping.get(value, value)
        out[value].total += tally.total
        out[value].negative += tally.negative
    return dict(out)


def overall(grouped: dict[tuple[int | None, ...], Tally]) -> Tally:
    return Tally(sum(t.total for t in grouped.values()), sum(t.negative for t in grouped.values()))


def mean_grades(
    queryset: QuerySet[Feedback], period: Period, channel_id: int, criteria: Iterable[str]
) -> dict[str, tuple[float | None, int]]:
    """Mean grade and number of graded records per criterion of one stream."""
    qs = in_period(counted_once(queryset), period).filter(channel_id=channel_id).order_by()
    aggregates: dict[str, Aggregate] = {}
    for criterion in criteria:
        value = Cast(KT(f"grades__{criterion}"), FloatField())
        aggregates[f"{criterion}__mean"] = Avg(value)
        aggregates[f"{criterion}__n"] = Count("pk", filter=Q(**{f"grades__{criterion}__isnull": False}))
    found = qs.aggregate(**aggregates)
    return {
        c: (round(found[f"{c}__mean"], 2) if found[f"{c}__mean"] is not None else None, found[f"{c}__n"])
        for c in criteria
    }


def competent_units(period: Period) -> dict[int, int]:
    """Topic → the unit competent for it at the end of the period."""
    rows = TopicUnit.objects.in_force(period.end).values_list("topic_id", "unit_id")
    return dict(rows)


def by_unit(queryset: QuerySet[Feedback], period: Period) -> dict[int | None, Tally]:
    """Per unit, what the registry's unit filter shows: what it answered (stream 1) and what falls within its
    competence by topic. A record answered by one unit on another's topic counts for both."""
    grouped = tallies(queryset, period, "answering_unit_id", "topic_id")
    topic_unit = competent_units(period)
    out: dict[int | None, Tally] = defaultdict(Tally)
    for (answering, topic), tally in grouped.items():
        units = {answering, topic_unit.get(topic) if topic is not None else None} - {None}
        for unit in units or {None}:
            out[unit].total += tally.total
            out[unit].negative += tally.negative
    return dict(out)


def change(now: float | None, before: float | None) -> float | None:
    return None if now is None or before is None else round(now - before, 1)


def growth(now: int, before: int) -> float | None:
    """Change of a count in per cent; None when there was nothing before."""
    return round(100 * (now - before) / before, 1) if before else None


def link_counts(base: QuerySet[Feedback], period: Period) -> dict[str, int]:
    """Links found for the records received within `period`, by kind (repeat, same taxpayer, …)."""
    rows = (
        FeedbackLink.objects.filter(later__in=in_period(base, period).values("pk"))
        .order_by()
        .values_list("kind")
        .annotate(n=Count("pk"))
    )
    return {kind: n for kind, n in rows}
