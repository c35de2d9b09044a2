"""Planted improvements: from a chosen day the visitors of one office are markedly happier.

This is what a measure that worked looks like in the data: the demo's story (the monitoring cycle played
over the generated quarters) marks its measure done on the first day of the improvement, so the product's
own before/after comparison finds a real drop there. Like the spikes, the dates follow `end`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from otklik.demo.calendar import window


@dataclasses.dataclass(frozen=True, slots=True)
class ImprovementSpec:
    id: str
    office: str
    days_before_end: int
    mood: float  # added to the latent grade of the office's «Ваш контроль» visitors from the first day on
    description: str


PLANTED_IMPROVEMENTS = (
    ImprovementSpec(
        "op3-second-window", "ОП3", 150, 1.3,
        "ОП № 3: после открытия второго окна выдачи талонов посетители оценивают прием заметно выше "
        "(с понедельника около 150 дней до конца периода; всплеск очередей позже, за 6 недель до конца)",
    ),
)  # fmt: skip


@dataclasses.dataclass(frozen=True, slots=True)
class PlantedImprovement:
    id: str
    office: str
    first_day: dt.date  # local calendar day from which the office's visitors are happier
    mood: float
    description: str


def first_day(spec: ImprovementSpec, end: dt.date) -> dt.date:
    day = end - dt.timedelta(days=spec.days_before_end)
    return day - dt.timedelta(days=day.weekday())  # a Monday


def planted_improvements(end: dt.date, quarters: int = 6) -> list[PlantedImprovement]:
    """The improvements whose first day falls inside the window of `generate(end=..., quarters=...)`, with
    at least a month of data before it."""
    first, last = window(end, quarters)
    found = []
    for spec in PLANTED_IMPROVEMENTS:
        day = first_day(spec, end)
        if first + dt.timedelta(days=30) <= day <= last:
            found.append(PlantedImprovement(spec.id, spec.office, day, spec.mood, spec.description))
    return found


def mood_shift(improvements: list[PlantedImprovement], office: str, day: dt.date) -> float:
    return sum(p.mood for p in improvements if p.office == office and day >= p.first_day)
