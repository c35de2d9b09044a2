"""The generator's calendar: the window of quarters, working days of the offices, hours of the day.

Everything is in local time of the region (Asia/Vladivostok, UTC+10 all year) and converted to UTC at the
end, so that weekly cycles and working hours look right to someone reading the dates in Khabarovsk.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import itertools
import random
from collections.abc import Iterator, Sequence
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Asia/Vladivostok")
UTC = dt.UTC

# Fixed-date public holidays; the yearly moved days are left out, close enough for a demo.
_HOLIDAYS = {(1, d) for d in range(1, 9)} | {(2, 23), (3, 8), (5, 1), (5, 9), (6, 12), (11, 4)}

# Relative volume of a day of each kind. Offices open on the 2nd and 4th Saturday only.
PATTERNS: dict[str, dict[str, float]] = {
    "office": {
        "mon": 1.2,
        "work": 1.0,
        "fri": 0.85,
        "sat_open": 0.45,
        "sat": 0.0,
        "sun": 0.0,
        "holiday": 0.0,
    },
    "calls": {"mon": 1.25, "work": 1.0, "fri": 0.9, "sat_open": 0.0, "sat": 0.0, "sun": 0.0, "holiday": 0.0},
    "workdays": {
        "mon": 1.1,
        "work": 1.0,
        "fri": 0.9,
        "sat_open": 0.0,
        "sat": 0.0,
        "sun": 0.0,
        "holiday": 0.0,
    },
    "online": {
        "mon": 1.15,
        "work": 1.0,
        "fri": 0.9,
        "sat_open": 0.55,
        "sat": 0.55,
        "sun": 0.45,
        "holiday": 0.4,
    },
    "media": {
        "mon": 1.0,
        "work": 1.0,
        "fri": 1.0,
        "sat_open": 0.35,
        "sat": 0.35,
        "sun": 0.25,
        "holiday": 0.2,
    },
}

# Hour-of-day weights (local), index = hour.
_OFFICE_HOURS = [0] * 9 + [6, 10, 11, 9, 7, 9, 10, 9, 7, 2, 1] + [0] * 4
_CALL_HOURS = [0] * 8 + [5, 9, 11, 11, 9, 8, 9, 9, 8, 6, 4, 2] + [0] * 4
_ONLINE_HOURS = [1, 1, 0.5, 0.3, 0.3, 0.5, 1, 2, 4, 6, 7, 7, 6, 6, 7, 7, 6, 6, 6, 7, 8, 7, 5, 3]
_MEDIA_HOURS = [0.2] * 7 + [3, 5, 7, 8, 8, 7, 7, 7, 7, 6, 5, 3, 2, 1, 1, 0.5, 0.3]


def _cumulative(weights: Sequence[float]) -> list[float]:
    return list(itertools.accumulate(weights))


_HOUR_CUM = {
    "office": _cumulative(_OFFICE_HOURS),
    "calls": _cumulative(_CALL_HOURS),
    "workdays": _cumulative(_OFFICE_HOURS),
    "online": _cumulative(_ONLINE_HOURS),
    "media": _cumulative(_MEDIA_HOURS),
}


@dataclasses.dataclass(frozen=True, slots=True)
class Day:
    date: dt.date
    kind: str  # key of a PATTERNS row
    utc_midnight: dt.datetime  # local midnight of `date`, in UTC

    def at(self, seconds: int) -> dt.datetime:
        return self.utc_midnight + dt.timedelta(seconds=seconds)


def day_kind(day: dt.date) -> str:
    if (day.month, day.day) in _HOLIDAYS:
        return "holiday"
    weekday = day.weekday()
    if weekday == 6:
        return "sun"
    if weekday == 5:
        return "sat_open" if (day.day - 1) // 7 in (1, 3) else "sat"
    return {0: "mon", 4: "fri"}.get(weekday, "work")


def quarter_start(day: dt.date, back: int = 0) -> dt.date:
    index = day.year * 4 + (day.month - 1) // 3 - back
    return dt.date(index // 4, index % 4 * 3 + 1, 1)


def window(end: dt.date, quarters: int) -> tuple[dt.date, dt.date]:
    """From the first day of the quarter `quarters - 1` before the one holding `end`, through `end`."""
    if quarters < 1:
        raise ValueError("quarters must be at least 1")
    return quarter_start(end, quarters - 1), end


def days(first: dt.date, last: dt.date) -> Iterator[Day]:
    current = first
    one = dt.timedelta(days=1)
    while current <= last:
        midnight = dt.datetime(current.year, current.month, current.day, tzinfo=LOCAL_TZ)
        yield Day(current, day_kind(current), midnight.astimezone(UTC))
        current += one


def today_local() -> dt.date:
    return dt.datetime.now(LOCAL_TZ).date()


def seconds_of_day(rng: random.Random, pattern: str, kind: str) -> int:
    """A local time of day in seconds: working hours for offices and calls, any hour online."""
    cum = _HOUR_CUM[pattern]
    if pattern == "office" and rng.random() < 0.04:
        cum = _HOUR_CUM["online"]  # a review left in the evening, from the link received after the visit
    hour = bisect.bisect_right(cum, rng.random() * cum[-1])
    if kind == "sat_open" and pattern == "office":
        hour = 10 + hour % 5
    return hour * 3600 + int(rng.random() * 3600)
