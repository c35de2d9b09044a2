"""The hourly spike check replayed day by day over demo data, scored against the planted episodes.

Shared by the test and by `bench/bench_spikes.py`; it needs no database: the rows are built from the
generator's own labels (true tone, topic, office, stream), as the registry would hold them after analysis.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from zoneinfo import ZoneInfo

from otklik.demo import generate, planted_spikes
from otklik.demo.calendar import window
from otklik.demo.item import PlantedSpike
from otklik.lib.spikes import SpikeAlert
from otklik.measures.alerts import BASELINE_DAYS, RECENT_DAYS, Key, Row, daily_series, recent_spikes

LOCAL = ZoneInfo("Asia/Vladivostok")


@dataclasses.dataclass(frozen=True)
class Score:
    alerts: list[tuple[SpikeAlert[Key], str | None]]  # each alert with the planted episode it belongs to
    planted: list[PlantedSpike]

    @property
    def found(self) -> set[str]:
        return {episode for _, episode in self.alerts if episode}

    @property
    def missed(self) -> set[str]:
        return {p.id for p in self.planted} - self.found

    @property
    def false_alarms(self) -> list[SpikeAlert[Key]]:
        return [alert for alert, episode in self.alerts if episode is None]

    @property
    def precision(self) -> float:
        return (len(self.alerts) - len(self.false_alarms)) / len(self.alerts) if self.alerts else 1.0


def demo_rows(seed: int, end: dt.date, scale: float = 1.0, quarters: int = 6) -> list[Row]:
    return [
        (
            item.record.received_at.astimezone(LOCAL).date(),
            item.record.office or None,
            item.topic,
            item.record.channel,
            1,
        )
        for item in generate(seed=seed, scale=scale, end=end, quarters=quarters)
        if item.tone == "negative"
    ]


def replay(rows: list[Row], first: dt.date, last: dt.date) -> list[SpikeAlert[Key]]:
    """Every alert the daily checks from `first` to `last` would raise, each (dimension, key, day) once."""
    series = daily_series(rows, first, last)
    span = BASELINE_DAYS + RECENT_DAYS
    raised: dict[tuple[Key, dt.date], SpikeAlert[Key]] = {}
    for stop in range(span, (last - first).days + 2):
        start = stop - span
        part = {key: counts[start:stop] for key, counts in series.items()}
        for alert in recent_spikes(part, first + dt.timedelta(days=start)):
            raised.setdefault((alert.key, alert.day), alert)
    return sorted(raised.values(), key=lambda a: (a.day, a.key))


def episode_of(alert: SpikeAlert[Key], planted: list[PlantedSpike]) -> str | None:
    """The planted episode an alert points at: its days, and its office, topic or one of its streams."""
    dimension, code = alert.key
    for spike in planted:
        if not spike.first_day <= alert.day <= spike.last_day:
            continue
        if (
            (dimension == "office" and code == spike.office)
            or (dimension == "topic" and code == spike.topic)
            or (dimension == "stream" and code in spike.channels)
        ):
            return spike.id
    return None


def score(seed: int, end: dt.date, scale: float = 1.0, quarters: int = 6) -> Score:
    first, last = window(end, quarters)
    planted = planted_spikes(end, quarters)
    alerts = replay(demo_rows(seed, end, scale, quarters), first, last)
    return Score([(a, episode_of(a, planted)) for a in alerts], planted)
