import datetime as dt

import pytest

from otklik.lib.workdays import (
    CalendarDataError,
    CalendarRangeError,
    CalendarYear,
    ProductionCalendar,
    default_calendar,
    years_from_mapping,
)

D = dt.date


@pytest.fixture(scope="module")
def calendar() -> ProductionCalendar:
    return default_calendar()


def test_the_shipped_data_covers_2015_to_2027_and_cites_each_decree(calendar: ProductionCalendar) -> None:
    for year in range(2015, 2028):
        assert calendar.covers(year)
        decree = calendar.decree(year)
        assert decree is not None
        assert "Постановление Правительства РФ от" in decree and "№" in decree and str(year) in decree


@pytest.mark.parametrize(
    "day",
    [D(2024, 4, 27), D(2024, 11, 2), D(2024, 12, 28), D(2025, 11, 1), D(2016, 2, 20), D(2018, 12, 29)],
)
def test_a_saturday_made_a_working_day_by_decree_is_a_working_day(
    calendar: ProductionCalendar, day: dt.date
) -> None:
    assert day.weekday() == 5
    assert calendar.is_working_day(day)


@pytest.mark.parametrize(
    "day",
    [
        D(2025, 5, 2),
        D(2025, 5, 8),
        D(2025, 6, 13),
        D(2025, 11, 3),
        D(2025, 12, 31),
        D(2026, 1, 9),
        D(2026, 12, 31),
        D(2024, 4, 29),
        D(2024, 12, 30),
        D(2026, 3, 9),
        D(2026, 5, 11),
    ],
)
def test_a_weekday_moved_off_by_decree_or_labour_code_is_not_a_working_day(
    calendar: ProductionCalendar, day: dt.date
) -> None:
    assert day.weekday() < 5
    assert not calendar.is_working_day(day)


def test_new_year_holidays_2025_2026_run_from_31_december_to_11_january(calendar: ProductionCalendar) -> None:
    days = [D(2025, 12, 30) + dt.timedelta(days=i) for i in range(14)]
    working = [d for d in days if calendar.is_working_day(d)]
    assert working == [D(2025, 12, 30), D(2026, 1, 12)]


def test_the_first_working_day_of_2025_after_the_holidays_is_9_january(calendar: ProductionCalendar) -> None:
    assert calendar.add_working_days(D(2024, 12, 28), 1) == D(2025, 1, 9)


def test_may_holidays_2025_leave_three_working_days_between_them(calendar: ProductionCalendar) -> None:
    may = [D(2025, 5, d) for d in range(1, 12)]
    assert [d.day for d in may if calendar.is_working_day(d)] == [5, 6, 7]


def test_may_2024_worked_a_saturday_before_the_long_weekend(calendar: ProductionCalendar) -> None:
    assert calendar.add_working_days(D(2024, 4, 26), 1) == D(2024, 4, 27)
    assert calendar.add_working_days(D(2024, 4, 27), 1) == D(2024, 5, 2)


def test_working_days_between_counts_the_end_and_not_the_start(calendar: ProductionCalendar) -> None:
    assert calendar.working_days_between(D(2026, 3, 2), D(2026, 3, 6)) == 4
    assert calendar.working_days_between(D(2026, 3, 6), D(2026, 3, 2)) == -4
    assert calendar.working_days_between(D(2026, 3, 2), D(2026, 3, 2)) == 0


def test_adding_working_days_and_counting_them_agree(calendar: ProductionCalendar) -> None:
    start = D(2025, 12, 20)
    for n in range(0, 40):
        assert calendar.working_days_between(start, calendar.add_working_days(start, n)) == n


def test_adding_negative_working_days_goes_back(calendar: ProductionCalendar) -> None:
    assert calendar.add_working_days(D(2026, 1, 12), -1) == D(2025, 12, 30)


def test_each_year_has_the_working_day_count_of_the_official_calendar() -> None:
    # The Ministry of Labour's five-day calendars, which do not count the President's non-working days.
    calendar = ProductionCalendar.from_file(count_non_working_days=False)
    official = {2015: 247, 2016: 247, 2017: 247, 2018: 247, 2019: 247, 2020: 248, 2021: 247, 2022: 247}
    official |= {2023: 247, 2024: 248, 2025: 247, 2026: 247}
    for year, count in official.items():
        assert calendar.working_days_between(D(year - 1, 12, 31), D(year, 12, 31)) == count, year


def test_presidential_non_working_days_count_for_tax_terms_only_when_asked() -> None:
    tax = default_calendar()
    labour = ProductionCalendar.from_file(count_non_working_days=False)
    for day in (D(2020, 4, 15), D(2020, 7, 1), D(2021, 5, 5), D(2021, 11, 2)):
        assert not tax.is_working_day(day)
        assert labour.is_working_day(day)


def test_a_year_without_a_decree_follows_article_112_alone(calendar: ProductionCalendar) -> None:
    # 2026 with its decree removed: only the two moved January days differ.
    statutory = ProductionCalendar([])
    year = [D(2026, 1, 1) + dt.timedelta(days=i) for i in range(365)]
    differ = [d for d in year if statutory.is_working_day(d) != calendar.is_working_day(d)]
    assert differ == [D(2026, 1, 9), D(2026, 12, 31)]
    assert not statutory.covers(2026)


def test_without_a_decree_a_holiday_on_a_weekend_moves_the_day_off_to_the_next_working_day() -> None:
    statutory = ProductionCalendar([])
    assert D(2030, 2, 23).weekday() == 5
    assert not statutory.is_working_day(D(2030, 2, 25))
    # January holidays on a weekend are moved only by a decree.
    assert D(2028, 1, 1).weekday() == 5
    assert statutory.is_working_day(D(2028, 1, 10))


def test_an_administrator_adds_a_new_year_as_data() -> None:
    data = {
        "years": {
            2028: {
                "decree": "Постановление Правительства РФ от 01.09.2027 № 1",
                "days_off": [
                    "2028-01-03", "2028-01-04", "2028-01-05", "2028-01-06", "2028-01-07",
                    "2028-02-23", "2028-03-08", "2028-05-01", "2028-05-09", "2028-06-12", "2028-11-06",
                ],
                "working_days": ["2028-11-04"],
            }
        }
    }  # fmt: skip
    calendar = ProductionCalendar(years_from_mapping(data))
    assert calendar.covers(2028)
    assert calendar.is_working_day(D(2028, 11, 4))
    assert not calendar.is_working_day(D(2028, 11, 6))


def test_a_year_that_forgets_a_statutory_holiday_is_rejected() -> None:
    with pytest.raises(CalendarDataError, match="праздники"):
        CalendarYear(2026, "x", days_off=frozenset(), working_days=frozenset())


def test_a_weekday_listed_as_a_working_weekend_day_is_rejected() -> None:
    with pytest.raises(CalendarDataError, match="working_days"):
        CalendarYear(
            2015,
            "x",
            days_off=frozenset(
                D(2015, m, d)
                for m, d in [
                    (1, 1),
                    (1, 2),
                    (1, 5),
                    (1, 6),
                    (1, 7),
                    (1, 8),
                    (2, 23),
                    (5, 1),
                    (6, 12),
                    (11, 4),
                ]
            ),
            working_days=frozenset({D(2015, 3, 10)}),
        )


@pytest.mark.parametrize("day", [dt.date(9999, 12, 31), dt.date(1, 1, 1), dt.date(2200, 1, 1)])
def test_a_day_outside_the_calendars_years_is_a_clear_error_not_an_overflow(day: dt.date) -> None:
    calendar = default_calendar()
    with pytest.raises(CalendarRangeError, match="производственный календарь ведется на 1990–2199 годы"):
        calendar.add_working_days(day, 3)
    with pytest.raises(CalendarRangeError):
        calendar.next_working_day(day)


def test_a_year_without_a_decree_but_within_range_still_follows_the_labour_code() -> None:
    assert not default_calendar().is_working_day(dt.date(2090, 6, 12))
