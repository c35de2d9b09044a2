import datetime as dt

import pytest

from otklik.lib.periods import Periodicity, due_date, parse_period, period_containing, periods_between
from otklik.lib.workdays import default_calendar

D = dt.date


@pytest.mark.parametrize(
    ("day", "periodicity", "start", "end", "label", "code"),
    [
        (D(2026, 3, 5), Periodicity.DAILY, D(2026, 3, 5), D(2026, 3, 5), "05.03.2026", "2026-03-05"),
        (
            D(2026, 3, 1),
            Periodicity.WEEKLY,
            D(2026, 2, 23),
            D(2026, 3, 1),
            "неделя 23.02–01.03.2026",
            "2026-W09",
        ),
        (D(2026, 3, 5), Periodicity.MONTHLY, D(2026, 3, 1), D(2026, 3, 31), "март 2026", "2026-03"),
        (D(2026, 2, 14), Periodicity.QUARTERLY, D(2026, 1, 1), D(2026, 3, 31), "I квартал 2026", "2026Q1"),
        (D(2026, 3, 5), Periodicity.YEARLY, D(2026, 1, 1), D(2026, 12, 31), "2026 год", "2026"),
    ],
)
def test_a_day_lies_in_one_period_of_each_periodicity_with_a_russian_label(
    day: dt.date, periodicity: Periodicity, start: dt.date, end: dt.date, label: str, code: str
) -> None:
    period = period_containing(day, periodicity)
    assert (period.start, period.end) == (start, end)
    assert period.label == label
    assert period.code == code


def test_a_week_runs_monday_to_sunday() -> None:
    sunday = period_containing(D(2026, 3, 1), Periodicity.WEEKLY)
    monday = period_containing(D(2026, 3, 2), Periodicity.WEEKLY)
    assert sunday.start.weekday() == 0 and sunday.end.weekday() == 6
    assert monday.start == sunday.end + dt.timedelta(days=1)


def test_a_week_across_new_year_shows_both_years_and_takes_the_iso_year() -> None:
    week = period_containing(D(2026, 1, 1), Periodicity.WEEKLY)
    assert week.label == "неделя 29.12.2025–04.01.2026"
    assert week.code == "2026-W01"


def test_february_of_a_leap_year_ends_on_the_29th() -> None:
    assert period_containing(D(2028, 2, 10), Periodicity.MONTHLY).end == D(2028, 2, 29)


def test_the_fourth_quarter_ends_on_31_december() -> None:
    q4 = period_containing(D(2026, 11, 4), Periodicity.QUARTERLY)
    assert (q4.start, q4.end, q4.label) == (D(2026, 10, 1), D(2026, 12, 31), "IV квартал 2026")


@pytest.mark.parametrize(
    "code", ["2026Q3", "2026-W09", "2026-03", "2026", "2026-03-05", "2025-W01", "2026q4"]
)
def test_a_period_code_parses_back_to_its_period(code: str) -> None:
    period = parse_period(code)
    assert period.code == code.upper()
    assert parse_period(period.code) == period


def test_quarter_code_gives_the_quarter_dates() -> None:
    q3 = parse_period("2026Q3")
    assert (q3.start, q3.end, q3.periodicity) == (D(2026, 7, 1), D(2026, 9, 30), Periodicity.QUARTERLY)


@pytest.mark.parametrize("code", ["2026Q5", "2026-W54", "2026-13", "26", "2026-02-30", "квартал", ""])
def test_a_malformed_or_impossible_code_is_refused(code: str) -> None:
    with pytest.raises(ValueError):
        parse_period(code)


def test_periods_between_lists_every_overlapping_period_in_order() -> None:
    quarters = list(periods_between(D(2025, 11, 15), D(2026, 4, 1), Periodicity.QUARTERLY))
    assert [q.code for q in quarters] == ["2025Q4", "2026Q1", "2026Q2"]
    weeks = list(periods_between(D(2026, 3, 1), D(2026, 3, 31), Periodicity.WEEKLY))
    assert weeks[0].start == D(2026, 2, 23) and weeks[-1].end == D(2026, 4, 5)
    assert len(weeks) == 6
    days = list(periods_between(D(2026, 2, 27), D(2026, 3, 2), Periodicity.DAILY))
    assert [d.code for d in days] == ["2026-02-27", "2026-02-28", "2026-03-01", "2026-03-02"]


def test_periods_between_an_end_before_the_start_is_empty() -> None:
    assert list(periods_between(D(2026, 3, 2), D(2026, 3, 1), Periodicity.DAILY)) == []


def test_a_period_contains_its_days_only() -> None:
    march = parse_period("2026-03")
    assert D(2026, 3, 31) in march
    assert D(2026, 4, 1) not in march


def test_the_due_date_counts_working_days_after_the_period_end() -> None:
    calendar = default_calendar()
    # Q4 2025 ends on a day off (31.12.2025); 10 working days run from 12.01.2026.
    assert due_date(parse_period("2025Q4").end, 10, calendar) == D(2026, 1, 23)
    # A week ending on Sunday 01.03.2026 with 2 working days: Tuesday.
    assert due_date(parse_period("2026-W09").end, 2, calendar) == D(2026, 3, 3)


@pytest.mark.parametrize("code", ["9999Q4", "0001-01-01", "1999", "2100-W01", "9999-12"])
def test_a_period_outside_the_years_the_system_keeps_is_refused_in_russian(code: str) -> None:
    with pytest.raises(ValueError, match="вне 2000–2099 годов"):
        parse_period(code)


def test_an_unknown_code_names_the_forms_accepted() -> None:
    with pytest.raises(ValueError, match="ожидается, например, 2026Q3"):
        parse_period("2026Q9")
