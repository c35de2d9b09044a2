"""Local calendar days of a period as an aware datetime range, so that filters stay index-friendly."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from otklik.lib.periods import Period, Periodicity, parse_period, period_containing


def day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def received_range(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start of the first day, start of the day after the last) in the installation's time zone."""
    return day_start(start), day_start(end + dt.timedelta(days=1))


def current_quarter() -> Period:
    return period_containing(timezone.localdate(), Periodicity.QUARTERLY)


def previous(period: Period) -> Period:
    return period_containing(period.start - dt.timedelta(days=1), period.periodicity)


def year_before(period: Period) -> Period:
    start = period.start
    try:
        day = start.replace(year=start.year - 1)
    except ValueError:  # 29 February
        day = start.replace(year=start.year - 1, day=28)
    return period_containing(day, period.periodicity)


def parse(code: str, periodicity: Periodicity) -> Period:
    period = parse_period(code)
    if period.periodicity != periodicity:
        raise ValueError(f"отчет строится {periodicity.label}, а период «{code[:20]}» — другой длины")
    return period
