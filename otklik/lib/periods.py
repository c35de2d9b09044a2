"""Reporting periods of the monitoring: a day, an ISO week (Monday–Sunday), a month, a quarter, a year.

A period has a machine code (`2026Q3`, `2026-W09`, `2026-03`, `2026`, `2026-03-05`) for URLs and files and a
Russian label for people («III квартал 2026», «неделя 23.02–01.03.2026», «март 2026», «05.03.2026»).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from otklik.lib.workdays import PERIOD_YEARS, ProductionCalendar


class Periodicity(StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    YEARLY = "yearly"

    @property
    def label(self) -> str:
        return _PERIODICITY_LABELS[self]


_PERIODICITY_LABELS = {
    Periodicity.DAILY: "ежедневно",
    Periodicity.WEEKLY: "еженедельно",
    Periodicity.MONTHLY: "ежемесячно",
    Periodicity.QUARTERLY: "ежеквартально",
    Periodicity.YEARLY: "ежегодно",
}

_MONTHS = (
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
)
_ROMAN_QUARTERS = ("I", "II", "III", "IV")


@dataclass(frozen=True, order=True)
class Period:
    start: dt.date
    end: dt.date
    periodicity: Periodicity

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end

    @property
    def code(self) -> str:
        start = self.start
        match self.periodicity:
            case Periodicity.DAILY:
                return start.isoformat()
            case Periodicity.WEEKLY:
                iso = start.isocalendar()
                return f"{iso.year}-W{iso.week:02d}"
            case Periodicity.MONTHLY:
                return f"{start.year}-{start.month:02d}"
            case Periodicity.QUARTERLY:
                return f"{start.year}Q{_quarter(start)}"
            case Periodicity.YEARLY:
                return str(start.year)

    @property
    def label(self) -> str:
        start, end = self.start, self.end
        match self.periodicity:
            case Periodicity.DAILY:
                return start.strftime("%d.%m.%Y")
            case Periodicity.WEEKLY:
                first = start.strftime("%d.%m" if start.year == end.year else "%d.%m.%Y")
                return f"неделя {first}–{end.strftime('%d.%m.%Y')}"
            case Periodicity.MONTHLY:
                return f"{_MONTHS[start.month - 1]} {start.year}"
            case Periodicity.QUARTERLY:
                return f"{_ROMAN_QUARTERS[_quarter(start) - 1]} квартал {start.year}"
            case Periodicity.YEARLY:
                return f"{start.year} год"

    def next(self) -> Period:
        return period_containing(self.end + dt.timedelta(days=1), self.periodicity)

    def __str__(self) -> str:
        return self.label


def _quarter(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def _month_end(year: int, month: int) -> dt.date:
    if month == 12:
        return dt.date(year, 12, 31)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)


def period_containing(day: dt.date, periodicity: Periodicity) -> Period:
    match periodicity:
        case Periodicity.DAILY:
            start, end = day, day
        case Periodicity.WEEKLY:
            start = day - dt.timedelta(days=day.weekday())
            end = start + dt.timedelta(days=6)
        case Periodicity.MONTHLY:
            start, end = day.replace(day=1), _month_end(day.year, day.month)
        case Periodicity.QUARTERLY:
            first_month = 3 * (_quarter(day) - 1) + 1
            start, end = dt.date(day.year, first_month, 1), _month_end(day.year, first_month + 2)
        case Periodicity.YEARLY:
            start, end = dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    return Period(start, end, periodicity)


def periods_between(start: dt.date, end: dt.date, periodicity: Periodicity) -> Iterator[Period]:
    """Every period that overlaps [start, end], in order; the first and last may reach beyond it."""
    if end < start:
        return
    period = period_containing(start, periodicity)
    while period.start <= end:
        yield period
        period = period.next()


_CODE_PATTERNS: tuple[tuple[re.Pattern[str], Periodicity], ...] = (
    (re.compile(r"(\d{4})-(\d{2})-(\d{2})"), Periodicity.DAILY),
    (re.compile(r"(\d{4})-W(\d{2})"), Periodicity.WEEKLY),
    (re.compile(r"(\d{4})-(\d{2})"), Periodicity.MONTHLY),
    (re.compile(r"(\d{4})Q([1-4])"), Periodicity.QUARTERLY),
    (re.compile(r"(\d{4})"), Periodicity.YEARLY),
)


def parse_period(code: str) -> Period:
    """The period of a code such as `2026Q3`, `2026-W09`, `2026-03`, `2026` or `2026-03-05`."""
    text = code.strip().upper()
    for pattern, periodicity in _CODE_PATTERNS:
        if match := pattern.fullmatch(text):
            numbers = [int(g) for g in match.groups()]
            if numbers[0] not in PERIOD_YEARS:
                raise ValueError(
                    f"период «{text}» вне {PERIOD_YEARS[0]}–{PERIOD_YEARS[-1]} годов, которые ведет система"
                )
            try:
                return period_containing(_first_day(periodicity, numbers), periodicity)
            except ValueError as exc:
                raise ValueError(f"нет такого периода: «{text}»") from exc
    raise ValueError(
        f"не распознан код периода «{text[:20]}»: ожидается, например, 2026Q3, 2026-03, 2026-W09, "
        "2026-03-05 или 2026"
    )


def _first_day(periodicity: Periodicity, numbers: list[int]) -> dt.date:
    year = numbers[0]
    match periodicity:
        case Periodicity.DAILY:
            return dt.date(year, numbers[1], numbers[2])
        case Periodicity.WEEKLY:
            return dt.date.fromisocalendar(year, numbers[1], 1)
        case Periodicity.MONTHLY:
            return dt.date(year, numbers[1], 1)
        case Periodicity.QUARTERLY:
            return dt.date(year, 3 * numbers[1] - 2, 1)
        case Periodicity.YEARLY:
            return dt.date(year, 1, 1)


def due_date(period_end: dt.date, working_days: int, calendar: ProductionCalendar) -> dt.date:
    """The day a period's report is due: `working_days` working days after the period's last day."""
    return calendar.add_working_days(period_end, working_days)
