"""The generator's running state: random streams, id counters and the appeals due to come back later."""

from __future__ import annotations

import dataclasses
import datetime as dt
import heapq
import itertools
import random

from otklik.demo.improvements import PlantedImprovement
from otklik.demo.item import DemoItem
from otklik.demo.people import Person


@dataclasses.dataclass(slots=True)
class Pending:
    """An appeal that will arrive again: as a repeat, or sent on by another authority."""

    link_kind: str  # "repeat" | "cross_stream"
    author: Person
    office: str
    topic: str
    taxpayer_kind: str
    channel: str
    source_id: str
    registration_number: str
    received: dt.date
    text: str
    text_personal: tuple[tuple[str, str], ...]


class State:
    def __init__(self, seed: int, end: dt.date) -> None:
        self.seed = seed
        self.end = end
        self._rngs: dict[str, random.Random] = {}
        self._counters: dict[str, int] = {}
        self._pending: list[tuple[int, int, Pending]] = []
        self._copies: list[tuple[int, int, DemoItem]] = []
        self._order = itertools.count()
        self.improvements: list[PlantedImprovement] = []  # set by the generator for its window

    def rng(self, name: str) -> random.Random:
        """An independent stream per name, so that one stream's draws never shift another's."""
        rng = self._rngs.get(name)
        if rng is None:
            rng = self._rngs[name] = random.Random(f"{self.seed}:{name}")
        return rng

    def next_id(self, key: str, rng: random.Random, start: int = 1, gap: int = 1) -> int:
        """Increasing numbers with random gaps, like ids of a system shared with other regions."""
        value = self._counters.get(key, start) + (rng.randint(1, gap) if gap > 1 else 1)
        self._counters[key] = value
        return value

    def schedule(self, day: dt.date, pending: Pending) -> None:
        heapq.heappush(self._pending, (day.toordinal(), next(self._order), pending))

    def due(self, day: dt.date) -> list[Pending]:
        ordinal, out = day.toordinal(), []
        while self._pending and self._pending[0][0] <= ordinal:
            out.append(heapq.heappop(self._pending)[2])
        return out

    def schedule_copy(self, day: dt.date, original: DemoItem) -> None:
        """A publication that another source will bring again on `day` (a reprint, an agency's table)."""
        heapq.heappush(self._copies, (day.toordinal(), next(self._order), original))

    def due_copies(self, day: dt.date) -> list[DemoItem]:
        ordinal, out = day.toordinal(), []
        while self._copies and self._copies[0][0] <= ordinal:
            out.append(heapq.heappop(self._copies)[2])
        return out
