"""Planted episodes: negative feedback about one office and one topic jumps for a week.

Their dates follow `end`, so they always fall inside the generated window; a spike detector is tested by
generating data and comparing what it flags with `planted_spikes(end, quarters)`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from otklik.demo.calendar import window
from otklik.demo.item import PlantedSpike


@dataclasses.dataclass(frozen=True, slots=True)
class SpikeSpec:
    id: str
    office: str
    topic: str
    days: int
    per_day: dict[str, float]  # extra negative items per average working day at scale 1, by channel
    description: str


PLANTED_SPIKES = (
    SpikeSpec(
        "op3-queue", "ОП3", "service.queue", 7,
        {"vashkontrol": 2.0, "appeals": 0.6, "calls": 0.8},
        "ОП № 3: очереди и нехватка талонов в течение недели (6 недель до конца периода)",
    ),
    SpikeSpec(
        "op7-lk-access", "ОП7", "eservices.lk_access", 6,
        {"appeals": 1.2, "calls": 1.5, "lk_comments": 0.8, "vashkontrol": 0.8},
        "ОП № 7: выданные пароли к личному кабинету не работают (около 200 дней до конца периода)",
    ),
    SpikeSpec(
        "ufns-notices-nov", "2700", "property.notice", 9,
        {"appeals": 2.0, "calls": 2.5, "lk_comments": 1.0, "forwarded": 0.3},
        "УФНС: ошибки в налоговых уведомлениях в ноябре (последний ноябрь периода)",
    ),
)  # fmt: skip


def _start(spec: SpikeSpec, end: dt.date) -> dt.date:
    if spec.id == "op3-queue":
        day = end - dt.timedelta(days=42)
        return day - dt.timedelta(days=day.weekday())  # a Monday
    if spec.id == "op7-lk-access":
        day = end - dt.timedelta(days=200)
        return day - dt.timedelta(days=(day.weekday() - 1) % 7)  # a Tuesday
    year = end.year if end >= dt.date(end.year, 11, 10 + spec.days) else end.year - 1
    return dt.date(year, 11, 10)


def planted_spikes(end: dt.date, quarters: int = 6) -> list[PlantedSpike]:
    """The planted episodes wholly inside the window of `generate(end=..., quarters=...)`."""
    first, last = window(end, quarters)
    spikes = []
    for spec in PLANTED_SPIKES:
        start = _start(spec, end)
        stop = start + dt.timedelta(days=spec.days - 1)
        if first <= start and stop <= last:
            spikes.append(
                PlantedSpike(
                    spec.id, spec.office, spec.topic, start, stop, tuple(spec.per_day), spec.description
                )
            )
    return spikes


def spec(spike_id: str) -> SpikeSpec:
    return next(s for s in PLANTED_SPIKES if s.id == spike_id)
