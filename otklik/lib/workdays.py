"""The Russian production calendar: which days are working days for a five-day week.

Weekends are Saturday and Sunday. A year's deviations come from the Government's decree on moving days off
(ст. 112 ТК РФ) and are kept as data, so that an administrator adds a new year without a code change. For a
year without data the calendar applies ст. 112 ТК РФ alone: the statutory holidays, and a holiday outside
1–8 January that falls on a weekend moves the day off to the next working day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

DEFAULT_DATA = Path(__file__).parent / "data" / "production_calendar.yaml"

# (month, day) of the non-working holidays of ст. 112 ч. 1 ТК РФ.
STATUTORY_HOLIDAYS = (
    *((1, day) for day in range(1, 9)),
    (2, 23),
    (3, 8),
    (5, 1),
    (5, 9),
    (6, 12),
    (11, 4),
)

_ONE_DAY = dt.timedelta(days=1)
# The years the calendar answers for: those of the periods the product accepts (`PERIOD_YEARS`) with a
# margin on both sides for terms that run past a period's end or a week that starts in the year before.
# Outside them a day is an error, not a guess (the Python dates of year 9999 would overflow a step later).
PERIOD_YEARS = range(2000, 2100)
FIRST_YEAR = 1990
LAST_YEAR = 2199


class CalendarRangeError(ValueError):
    """A day outside the years the calendar answers for; the message is in Russian."""

    def __init__(self, day: dt.date) -> None:
        super().__init__(
            f"производственный календарь ведется на {FIRST_YEAR}–{LAST_YEAR} годы, а запрошен {day.year} год"
        )


def check_year(day: dt.date) -> None:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise CalendarRangeError(day)


def statutory_holidays(year: int) -> list[dt.date]:
    return [dt.date(year, month, day) for month, day in STATUTORY_HOLIDAYS]


def _is_weekend(day: dt.date) -> bool:
    return day.weekday() >= 5


class CalendarDataError(ValueError):
    """A year's data contradicts the Labour Code or itself."""


@dataclass(frozen=True)
class CalendarYear:
    """One year's deviations from the Monday–Friday week, with the acts they come from."""

    year: int
    decree: str
    days_off: frozenset[dt.date]
    working_days: frozenset[dt.date]
    # Days made non-working by the President's decrees (2020, 2021); see ProductionCalendar.
    non_working_days: frozenset[dt.date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        for day in self.days_off | self.working_days | self.non_working_days:
            if day.year != self.year:
                raise CalendarDataError(f"{day} не относится к {self.year} году")
        if weekend_days_off := sorted(d for d in self.days_off if _is_weekend(d)):
            raise CalendarDataError(f"в days_off только будни, а указаны выходные: {weekend_days_off}")
        if weekdays := sorted(d for d in self.working_days if not _is_weekend(d)):
            raise CalendarDataError(f"в working_days только субботы и воскресенья, а указаны: {weekdays}")
        missing = sorted(
            d for d in statutory_holidays(self.year) if not _is_weekend(d) and d not in self.days_off
        )
        if missing:
            raise CalendarDataError(f"праздники ст. 112 ТК РФ, выпавшие на будни, не указаны: {missing}")


def _date(value: Any) -> dt.date:
    # YAML gives a date for an unquoted ISO date and a string for a quoted one; accept both.
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _dates(values: Iterable[Any] | None) -> frozenset[dt.date]:
    return frozenset(_date(v) for v in values or ())


def years_from_mapping(data: Mapping[Any, Any]) -> list[CalendarYear]:
    """Parse the `years:` mapping of the calendar file (see data/production_calendar.yaml)."""
    years = []
    for year, entry in data["years"].items():
        acts = entry.get("non_working_days") or ()
        years.append(
            CalendarYear(
                year=int(year),
                decree=str(entry["decree"]),
                days_off=_dates(entry.get("days_off")),
                working_days=_dates(entry.get("working_days")),
                non_working_days=frozenset(d for act in acts for d in _dates(act["dates"])),
            )
        )
    return years


class ProductionCalendar:
    """Working days of a five-day week.

    `count_non_working_days` decides whether days made non-working by the President's decrees count as
    days off: they do for terms under the Tax Code (п. 6 ст. 6.1 НК РФ), they do not in the Ministry of
    Labour's production calendar.
    """

    def __init__(self, years: Iterable[CalendarYear], *, count_non_working_days: bool = True) -> None:
        self._years = {y.year: y for y in years}
        self.count_non_working_days = count_non_working_days

    @classmethod
    def from_file(cls, path: Path = DEFAULT_DATA, **options: bool) -> ProductionCalendar:
        with path.open(encoding="utf-8") as fh:
            return cls(years_from_mapping(yaml.safe_load(fh)), **options)

    def covers(self, year: int) -> bool:
        """True when the year's decree is in the data; otherwise only ст. 112 ТК РФ is applied."""
        return year in self._years

    def decree(self, year: int) -> str | None:
        entry = self._years.get(year)
        return entry.decree if entry else None

    def is_working_day(self, day: dt.date) -> bool:
        entry = self._years.get(day.year)
        if entry is None:
            check_year(day)
            return not _is_weekend(day) and day not in _statutory_days_off(day.year)
        if self.count_non_working_days and day in entry.non_working_days:
            return False
        if _is_weekend(day):
            return day in entry.working_days
        return day not in entry.days_off

    def add_working_days(self, day: dt.date, n: int) -> dt.date:
        """The n-th working day after `day` (before it for negative n); `day` itself for n == 0."""
        check_year(day)
        step = _ONE_DAY if n >= 0 else -_ONE_DAY
        remaining = abs(n)
        while remaining:
            day += step
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days d with start < d <= end; negative when end is before start.

        So `working_days_between(d, add_working_days(d, n)) == n`.
        """
        check_year(start)
        check_year(end)
        if end < start:
            return -self.working_days_between(end, start)
        count = 0
        day = start
        while day < end:
            day += _ONE_DAY
            count += self.is_working_day(day)
        return count

    def next_working_day(self, day: dt.date) -> dt.date:
        """`day` itself when it is a working day, else the first working day after it."""
        check_year(day)
        while not self.is_working_day(day):
            day += _ONE_DAY
        return day

    def previous_working_day(self, day: dt.date) -> dt.date:
        """`day` itself when it is a working day, else the last working day before it."""
        check_year(day)
        while not self.is_working_day(day):
            day -= _ONE_DAY
        return day


@cache
def _statutory_days_off(year: int) -> frozenset[dt.date]:
    holidays = set(statutory_holidays(year))
    days_off = {d for d in holidays if not _is_weekend(d)}
    # ч. 2 ст. 112 ТК РФ: a weekend that coincides with a holiday outside 1–8 January moves to the next
    # working day after the holiday; the January ones are moved only by the Government's decree.
    for holiday in sorted(holidays):
        if _is_weekend(holiday) and holiday.month != 1:
            day = holiday + _ONE_DAY
            while _is_weekend(day) or day in holidays or day in days_off:
                day += _ONE_DAY
            days_off.add(day)
    return frozenset(days_off)


@cache
def default_calendar() -> ProductionCalendar:
    """The calendar shipped with the product, 2015–2027."""
    return ProductionCalendar.from_file()
