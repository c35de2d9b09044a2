"""The day-by-day loop that streams demo feedback: volumes, weekly and yearly cycles, spikes, links.

Each day's items are made, sorted by time and yielded before the next day starts, so memory stays flat
whatever the scale; only the appeals that will come back later are kept, for at most a month.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import math
import random
from collections.abc import Callable, Iterator

from otklik.demo import calendar, streams_office, streams_other, streams_written
from otklik.demo.improvements import planted_improvements
from otklik.demo.item import DemoItem
from otklik.demo.spikes import SpikeSpec, planted_spikes, spec
from otklik.demo.state import State

REFERENCE_DAYS = 6 * 365.25 / 4  # VOLUMES are for six quarters
_FLAT = (1.0,) * 12
_MILD = (0.9, 1.0, 1.05, 1.05, 1.0, 0.95, 0.9, 0.9, 1.0, 1.0, 1.1, 1.05)
_BUSY = (0.8, 1.0, 1.15, 1.15, 1.0, 0.9, 0.8, 0.8, 0.95, 1.05, 1.3, 1.2)
Make = Callable[[State, calendar.Day, SpikeSpec | None], DemoItem]


@dataclasses.dataclass(frozen=True, slots=True)
class _Stream:
    name: str
    channel: str
    pattern: str  # a row of calendar.PATTERNS
    volume: float  # items in six quarters at scale 1, spikes and repeats aside
    season: tuple[float, ...]
    make: Make


_paper = functools.partial(streams_written.appeals, online=False)
_online = functools.partial(streams_written.appeals, online=True)
_STREAMS = (
    _Stream("vashkontrol", "vashkontrol", "office", 7000, _MILD, streams_office.vashkontrol),
    _Stream("surveys", "surveys", "office", 5000, _MILD, streams_office.surveys),
    _Stream("appeals:paper", "appeals", "office", 900, _BUSY, _paper),
    _Stream("appeals:online", "appeals", "online", 1900, _BUSY, _online),
    _Stream("forwarded", "forwarded", "workdays", 330, _BUSY, streams_written.forwarded),
    _Stream("calls", "calls", "calls", 3000, _BUSY, streams_other.calls),
    _Stream("lk_comments", "lk_comments", "online", 1500, _BUSY, streams_other.lk_comments),
    _Stream("media", "media", "media", 600, _FLAT, streams_other.media),
)  # fmt: skip
VOLUMES: dict[str, float] = {}
for _s in _STREAMS:
    VOLUMES[_s.channel] = VOLUMES.get(_s.channel, 0) + _s.volume
_WORKING = {"mon", "work", "fri"}


def _season(table: tuple[float, ...], day: dt.date) -> float:
    """The monthly factor, interpolated between mid-months so that no month starts with a jump."""
    position = day.month - 1 + (day.day - 15) / 30
    low = math.floor(position)
    frac = position - low
    return table[low % 12] * (1 - frac) + table[(low + 1) % 12] * frac


def _poisson(rng: random.Random, lam: float) -> int:
    if lam <= 0:
        return 0
    if lam > 40:
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    limit, k, product = math.exp(-lam), 0, rng.random()
    while product > limit:
        k += 1
        product *= rng.random()
    return k


def _rate(stream: _Stream, day: calendar.Day) -> float:
    return calendar.PATTERNS[stream.pattern][day.kind] * _season(stream.season, day.date)


def generate(
    seed: int = 2026, scale: float = 1.0, end: dt.date | None = None, quarters: int = 6
) -> Iterator[DemoItem]:
    """Stream demo feedback of all seven streams, day by day, over `quarters` quarters ending at `end`.

    The window starts on the first day of the quarter `quarters - 1` before the one holding `end` (so the
    last quarter is partial); `end` defaults to today in Khabarovsk. At scale 1 six quarters hold about
    20,000 items (see VOLUMES); `scale` multiplies every volume. Same arguments, same items.
    """
    if scale <= 0:
        raise ValueError("scale must be positive")
    end = end or calendar.today_local()
    first, last = calendar.window(end, quarters)
    state = State(seed, last)
    state.improvements = planted_improvements(end, quarters)
    all_days = list(calendar.days(first, last))
    # Normalise each stream over this window, so that its volume does not depend on where holidays fall.
    norms = {s.name: sum(_rate(s, d) for d in all_days) / len(all_days) for s in _STREAMS}
    by_channel = {s.channel: s for s in _STREAMS if s.name != "appeals:paper"}
    spikes = [(p, spec(p.id)) for p in planted_spikes(end, quarters)]
    counts = state.rng("counts")
    for day in all_days:
        batch: list[DemoItem] = []
        batch.extend(
            streams_other.media_copy(state, day, original) for original in state.due_copies(day.date)
        )
        for pending in state.due(day.date):
            if pending.link_kind == "repeat":
                batch.append(streams_written.repeat_appeal(state, day, pending))
            elif day.kind in _WORKING:
                batch.append(streams_written.forwarded(state, day, None, copy_of=pending))
            else:  # authorities send letters on working days
                state.schedule(day.date + dt.timedelta(days=1), pending)
        for stream in _STREAMS:
            lam = stream.volume / REFERENCE_DAYS * scale * _rate(stream, day) / norms[stream.name]
            batch.extend(stream.make(state, day, None) for _ in range(_poisson(counts, lam)))
        for planted, spike_spec in spikes:
            if planted.first_day <= day.date <= planted.last_day:
                for channel, per_day in spike_spec.per_day.items():
                    stream = by_channel[channel]
                    lam = per_day * scale * calendar.PATTERNS[stream.pattern][day.kind]
                    batch.extend(stream.make(state, day, spike_spec) for _ in range(_poisson(counts, lam)))
        batch.sort(key=_time)
        yield from batch


def _time(item: DemoItem) -> dt.datetime:
    return item.record.received_at
