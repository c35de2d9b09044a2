"""The quarter at a glance: the dashboard's figures, each with the registry selection behind it."""

from __future__ import annotations

import dataclasses
import functools
from typing import Any

from django.urls import reverse
from django.utils import timezone

from otklik.intake.models import Tone
from otklik.lib.periods import Period
from otklik.org.models import Channel, TaxOffice, Topic
from otklik.reports import figures, oversight
from otklik.reports.figures import Tally
from otklik.reports.periods import previous
from otklik.reports.selection import Selection


@dataclasses.dataclass
class Figure:
    value: int
    link: str


@dataclasses.dataclass
class StreamLine:
    channel: Channel
    total: Figure
    negative: Figure
    share: float | None
    share_before: float | None
    total_before: int

    @property
    def share_change(self) -> float | None:
        return figures.change(self.share, self.share_before)

    @property
    def growth(self) -> float | None:
        return figures.growth(self.total.value, self.total_before)


@dataclasses.dataclass
class HeatCell:
    negative: Figure
    total: int
    share: float | None

    @property
    def level(self) -> int:
        """0–5, the colour step of the cell; 0 for no feedback."""
        if self.share is None:
            return 0
        return min(5, 1 + int(self.share // 10))


@functools.cache
def _registry_url() -> str:
    return reverse("reports:registry")


def _link(selection: Selection, **changes: Any) -> str:
    return f"{_registry_url()}?{selection.query_string(**changes)}"


def dashboard(selection: Selection, period: Period) -> dict[str, Any]:
    """`selection` carries the dashboard's filters (stream, office, unit) with `period` as its period."""
    grouped = figures.tallies(selection, period, "channel_id", "office_id", "topic_id")
    before = previous(period)
    earlier = dataclasses.replace(selection, period=before.code)
    before_grouped = figures.roll_up(figures.tallies(earlier, before, "channel_id"), 0)
    per_channel = figures.roll_up(grouped, 0)
    streams = []
    for channel in Channel.objects.all():
        now, prev = per_channel.get(channel.pk, Tally()), before_grouped.get(channel.pk, Tally())
        if selection.channel and selection.channel != channel.number:
            continue
        streams.append(
            StreamLine(
                channel,
                Figure(now.total, _link(selection, channel=channel.number)),
                Figure(now.negative, _link(selection, channel=channel.number, tone=Tone.NEGATIVE)),
                now.share,
                prev.share,
                prev.total,
            )
        )
    total = figures.overall(grouped)
    return {
        "period": period,
        "before": before,
        "total": Figure(total.total, _link(selection)),
        "negative": Figure(total.negative, _link(selection, tone=Tone.NEGATIVE)),
        "share": total.share,
        "streams": streams,
        **heatmap(selection, grouped),
        "rounds_due": oversight.rounds_due_and_overdue(timezone.localdate()),
        "open_alerts": oversight.open_alert_count(),
        "measures": oversight.measures_by_state(),
    }


def heatmap(selection: Selection, grouped: dict[tuple[int | None, ...], Tally]) -> dict[str, Any]:
    """Offices × topic sections, coloured by negative share; a topic counts under its section."""
    sections = {t.pk: (t.parent_id or t.pk) for t in Topic.objects.only("pk", "parent_id")}
    cells: dict[tuple[int | None, int | None], Tally] = {}
    for (_, office_id, topic_id), tally in grouped.items():
        key = (office_id, sections.get(topic_id) if topic_id is not None else None)
        cell = cells.setdefault(key, Tally())
        cell.total += tally.total
        cell.negative += tally.negative
    section_ids = sorted({s for _, s in cells if s is not None})
    columns = list(Topic.objects.filter(pk__in=section_ids).order_by("code"))
    rows = []
    for office in TaxOffice.objects.filter(pk__in={o for o, _ in cells if o is not None}):
        line = []
        for topic in columns:
            tally = cells.get((office.pk, topic.pk), Tally())
            link = _link(selection, office=office.pk, topic=topic.pk, tone=Tone.NEGATIVE)
            line.append(HeatCell(Figure(tally.negative, link), tally.total, tally.share))
        rows.append((office, line))
    return {"heat_columns": columns, "heat_rows": rows}
