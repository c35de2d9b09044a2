"""The quarter at a glance: the dashboard's figures, each with the registry selection behind it, set against
the same days of the previous quarter and of the same quarter a year before."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import time
from typing import Any

from django.conf import settings
from django.db import connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from otklik.lib.periods import Period
from otklik.org.models import Channel, TaxOffice, Topic
from otklik.registry.models import Tone
from otklik.reports import figures, oversight, tallies
from otklik.reports.figures import Tally
from otklik.reports.periods import previous, year_before
from otklik.reports.selection import Selection


@dataclasses.dataclass
class Figure:
    value: int
    link: str


@dataclasses.dataclass(frozen=True)
class Window:
    """The days the dashboard counts and the same days it compares them with.

    A quarter still running is counted to today and set against the same number of days from the start
    of the previous quarter and of the same quarter a year before; a finished quarter, against those whole
    quarters. Comparing 65 days with 92 would show a fall that is not there.
    """

    quarter: Period
    current: Period
    before: Period
    year_ago: Period

    @property
    def to_date(self) -> bool:
        return self.current.end < self.quarter.end

    @property
    def days(self) -> int:
        return (self.current.end - self.current.start).days + 1


def _first_days(quarter: Period, days: int) -> Period:
    end = min(quarter.start + dt.timedelta(days=days - 1), quarter.end)
    return Period(quarter.start, end, quarter.periodicity)


def window(quarter: Period, today: dt.date) -> Window:
    days = (min(quarter.end, today) - quarter.start).days + 1
    if days < 1:  # a quarter not begun: nothing to count yet, compare nothing with nothing
        days = 0
    current = Period(quarter.start, quarter.start + dt.timedelta(days=days - 1), quarter.periodicity)
    whole = current.end >= quarter.end
    before, year_ago = previous(quarter), year_before(quarter)
    return Window(
        quarter,
        quarter if whole else current,
        before if whole else _first_days(before, days),
        year_ago if whole else _first_days(year_ago, days),
    )


@dataclasses.dataclass
class StreamLine:
    channel: Channel
    total: Figure
    negative: Figure
    share: float | None
    share_before: float | None
    total_before: int
    share_year_ago: float | None
    total_year_ago: int

    @property
    def share_change(self) -> float | None:
        return figures.change(self.share, self.share_before)

    @property
    def share_change_year(self) -> float | None:
        return figures.change(self.share, self.share_year_ago)

    @property
    def growth(self) -> float | None:
        return figures.growth(self.total.value, self.total_before)

    @property
    def growth_year(self) -> float | None:
        return figures.growth(self.total.value, self.total_year_ago)


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


def _scoped(selection: Selection, span: Period, quarter: Period) -> Selection:
    """The selection of `span`: its quarter's code, cut at the span's last day when it ends earlier."""
    return dataclasses.replace(
        selection, period=quarter.code, date_to=span.end if span.end < quarter.end else None
    )


def dashboard(selection: Selection, period: Period, today: dt.date | None = None) -> dict[str, Any]:
    """`selection` carries the dashboard's filters (stream, office, unit); `period` is the chosen quarter,
    counted to `today` while it runs, and every figure and tile counts the same days."""
    today = today or timezone.localdate()
    counted = _counted(selection, period, today)
    span = counted["window"]
    return {
        **counted,
        "rounds": oversight.round_states(span.current.start, span.current.end, today),
        "alerts": oversight.alert_counts(span.current.start, span.current.end),
        "measures": oversight.measures_by_state(span.current.start, span.current.end),
    }


# The counted part of the dashboard, kept by each web process for `DASHBOARD_CACHE_SECONDS`:
# the same for every reader, since the page is for roles that see every unit and shows no personal data.
# The key holds the monthly tallies' change count (`tallies.generation`), so that a change of the registry
# made before the page was asked for shows at once; a write committed out of the order of its tally row
# shows within the seconds kept. Reference data (names, competences) changed meanwhile shows as well.
_kept: dict[tuple[object, ...], tuple[float, dict[str, Any]]] = {}


def _counted(selection: Selection, period: Period, today: dt.date) -> dict[str, Any]:
    seconds = settings.DASHBOARD_CACHE_SECONDS
    generation = tallies.generation() if seconds else None
    if generation is None:
        return _count(selection, period, today)
    key = (
        connection.settings_dict["NAME"],
        period.code,
        selection.channel,
        selection.office,
        selection.unit,
        today,
        generation,
    )
    now = time.monotonic()
    kept = _kept.get(key)
    if kept is not None and now - kept[0] < seconds:
        return kept[1]
    value = _count(selection, period, today)
    for old in [k for k, (at, _) in _kept.items() if now - at >= seconds]:
        del _kept[old]
    _kept[key] = (now, value)
    return value


def _count(selection: Selection, period: Period, today: dt.date) -> dict[str, Any]:
    span = window(period, today)
    selection = _scoped(selection, span.current, period)
    grouped = figures.tallies(selection, span.current, "channel_id", "office_id", "topic_id")
    earlier = {}
    for name, other, quarter in (
        ("before", span.before, previous(period)),
        ("year_ago", span.year_ago, year_before(period)),
    ):
        scoped = _scoped(selection, other, quarter)
        earlier[name] = figures.roll_up(figures.tallies(scoped, other, "channel_id"), 0)
    per_channel = figures.roll_up(grouped, 0)
    streams = []
    for channel in Channel.objects.all():
        if selection.channel and selection.channel != channel.number:
            continue
        now = per_channel.get(channel.pk, Tally())
        prev = earlier["before"].get(channel.pk, Tally())
        ago = earlier["year_ago"].get(channel.pk, Tally())
        streams.append(
            StreamLine(
                channel,
                Figure(now.total, _link(selection, channel=channel.number)),
                Figure(now.negative, _link(selection, channel=channel.number, tone=Tone.NEGATIVE)),
                now.share,
                prev.share,
                prev.total,
                ago.share,
                ago.total,
            )
        )
    total = figures.overall(grouped)
    counted = {
        "period": period,
        "window": span,
        "selection": selection,
        "total": Figure(total.total, _link(selection)),
        "negative": Figure(total.negative, _link(selection, tone=Tone.NEGATIVE)),
        "share": total.share,
        "streams": streams,
        **heatmap(selection, grouped),
        "counted_at": timezone.localtime(),
    }
    # The streams and the heat map as HTML, made once with the figures and kept with them.
    figures_html = render_to_string("reports/dashboard_figures.html", counted)
    return {**counted, "figures_html": figures_html}


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
