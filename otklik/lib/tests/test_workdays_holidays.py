"""The shipped production calendar checked against an independent source: the `holidays` package (module
Russia), which keeps the Government's transfers of days off year by year.

Compared is the Ministry of Labour's calendar (`count_non_working_days=False`): `holidays` does not know the
days made non-working by the President's decrees of 2020–2021, which the YAML lists with their acts.
"""

import datetime as dt

import holidays
import pytest
import yaml

from otklik.lib.workdays import DEFAULT_DATA, CalendarYear, ProductionCalendar, years_from_mapping

WEEKDAYS = ("пн", "вт", "ср", "чт", "пт", "сб", "вс")


def _years() -> dict[int, CalendarYear]:
    with DEFAULT_DATA.open(encoding="utf-8") as fh:
        return {y.year: y for y in years_from_mapping(yaml.safe_load(fh))}


YEARS = _years()


@pytest.fixture(scope="module")
def calendar() -> ProductionCalendar:
    return ProductionCalendar.from_file(count_non_working_days=False)


def _days(year: int) -> list[dt.date]:
    first = dt.date(year, 1, 1)
    return [first + dt.timedelta(days=i) for i in range((dt.date(year + 1, 1, 1) - first).days)]


def _named(day: dt.date) -> str:
    return f"{day:%d.%m.%Y} ({WEEKDAYS[day.weekday()]})"


def test_the_check_covers_every_year_of_the_calendar_file() -> None:
    assert sorted(YEARS) == list(range(2015, 2028))


@pytest.mark.parametrize("year", sorted(YEARS))
def test_every_public_holiday_of_the_holidays_package_is_a_day_off(
    calendar: ProductionCalendar, year: int
) -> None:
    reference = holidays.country_holidays("RU", years=year)
    assert len(reference) >= 14  # the statutory holidays at least: the source answers for the year
    transfers = YEARS[year].working_days
    problems = [
        f"{_named(day)} «{name}»"
        + (" — в нашем календаре это рабочий выходной по переносу (working_days)" if day in transfers else "")
        for day, name in sorted(reference.items())
        if calendar.is_working_day(day)
    ]
    assert not problems, (
        f"{year}: дни, нерабочие по пакету holidays, у нас рабочие: {'; '.join(problems)}. "
        f"Сверьте с постановлением: {YEARS[year].decree}"
    )


@pytest.mark.parametrize("year", sorted(YEARS))
def test_our_extra_days_off_and_working_weekends_are_transfers(
    calendar: ProductionCalendar, year: int
) -> None:
    reference = holidays.country_holidays("RU", years=year)
    days = _days(year)
    # A weekday off in our calendar is a holiday or a transfer by the decree or by ч. 2 ст. 112 ТК РФ; the
    # package lists all three (transfers as «Выходной (перенесено с …)», Labour Code ones as «(выходной)»).
    unexplained = [
        _named(d) for d in days if d.weekday() < 5 and not calendar.is_working_day(d) and d not in reference
    ]
    # A working Saturday or Sunday exists only as the other end of a transfer by the decree.
    ours = {d for d in days if d.weekday() >= 5 and calendar.is_working_day(d)}
    theirs = {d for d in reference.weekend_workdays if d.year == year}
    assert ours == YEARS[year].working_days
    assert not unexplained, (
        f"{year}: у нас нерабочие, а в пакете holidays рабочие будни: {', '.join(unexplained)}"
    )
    assert ours == theirs, (
        f"{year}: рабочие выходные по переносу расходятся. Только у нас: "
        f"{', '.join(map(_named, sorted(ours - theirs))) or 'нет'}; только в пакете holidays: "
        f"{', '.join(map(_named, sorted(theirs - ours))) or 'нет'}. "
        f"Сверьте с постановлением: {YEARS[year].decree}"
    )
    for day in ours:
        # The package names the day off each working weekend was moved to: «перенесено с <этот день>».
        assert any(f"перенесено с {day:%d.%m.%Y}" in name for name in reference.values()), _named(day)


@pytest.mark.parametrize("year", sorted(YEARS))
def test_every_day_of_the_year_agrees_with_the_holidays_package(
    calendar: ProductionCalendar, year: int
) -> None:
    reference = holidays.country_holidays("RU", years=year)
    differ = [
        f"{_named(d)}: у нас {'рабочий' if ours else 'нерабочий'}"
        + (f", в пакете «{reference.get(d)}»" if d in reference else "")
        for d in _days(year)
        if (ours := calendar.is_working_day(d)) != reference.is_working_day(d)
    ]
    assert not differ, f"{year}: расхождения с пакетом holidays: {'; '.join(differ)}"
