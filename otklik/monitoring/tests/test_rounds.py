"""Opening the monitoring rounds of the regulation: due dates on the production calendar, idempotence."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from otklik.lib.periods import Periodicity, due_date, period_containing
from otklik.lib.workdays import default_calendar
from otklik.monitoring import services
from otklik.monitoring.models import MonitoringRound
from otklik.monitoring.tests.factory import negative_item
from otklik.org.models import Unit

D = dt.date


def test_quarterly_round_of_2025q4_is_due_after_the_new_year_holidays() -> None:
    # 10 working days after 31.12.2025: the holidays run to 11.01.2026, so 12–16 and 19–23 January.
    assert due_date(D(2025, 12, 31), 10, default_calendar()) == D(2026, 1, 23)


def test_weekly_round_of_the_week_ending_on_the_may_holidays() -> None:
    week = period_containing(D(2026, 5, 3), Periodicity.WEEKLY)
    assert (week.start, week.end, week.code) == (D(2026, 4, 27), D(2026, 5, 3), "2026-W18")
    # 1–3 May are days off; 4, 5 and 6 May are the three working days.
    assert due_date(week.end, 3, default_calendar()) == D(2026, 5, 6)


def test_rounds_of_2025q4_carry_their_due_dates(reference: Any) -> None:
    services.open_rounds(D(2026, 1, 1), start=D(2025, 10, 1))
    quarterly = MonitoringRound.objects.filter(period_code="2025Q4")
    assert quarterly.count() == 5  # appeals, forwarded, calls, surveys, vashkontrol
    assert set(quarterly.values_list("due_date", flat=True)) == {D(2026, 1, 23)}
    assert set(quarterly.values_list("unit__code", flat=True)) == {"01", "07"}
    media = MonitoringRound.objects.get(period_code="2025-12-30")
    # 31.12.2025 is a day off by the 2025 decree, and 1–11 January are holidays.
    assert media.due_date == D(2026, 1, 12)
    assert MonitoringRound.objects.filter(period_code="2025-12-31").exists()
    assert not MonitoringRound.objects.filter(period_code="2026-01-01").exists()


def test_weekly_rounds_go_to_each_unit_that_answered(reference: Any) -> None:
    negative_item("lk_comments", dt.datetime(2026, 4, 28, 10, 0), answering_unit="16")
    negative_item("lk_comments", dt.datetime(2026, 4, 29, 10, 0), answering_unit="19")
    negative_item("lk_comments", dt.datetime(2026, 4, 30, 10, 0), answering_unit="19")
    services.open_rounds(D(2026, 5, 4), start=D(2026, 4, 27))
    weekly = MonitoringRound.objects.filter(period_code="2026-W18", channel__code="lk_comments")
    assert sorted(weekly.values_list("unit__code", flat=True)) == ["16", "19"]
    assert set(weekly.values_list("due_date", flat=True)) == {D(2026, 5, 6)}


def test_opening_twice_creates_nothing_new(reference: Any) -> None:
    first = services.open_rounds(D(2026, 4, 1), start=D(2026, 1, 1))
    count = MonitoringRound.objects.count()
    assert first == count > 0
    assert services.open_rounds(D(2026, 4, 1), start=D(2026, 1, 1)) == 0
    assert MonitoringRound.objects.count() == count


def test_unfinished_periods_get_no_round(reference: Any) -> None:
    services.open_rounds(D(2026, 3, 31), start=D(2026, 1, 1))
    assert not MonitoringRound.objects.filter(period_code="2026Q1").exists()
    assert not MonitoringRound.objects.filter(period_code="2026-03-31").exists()
    assert MonitoringRound.objects.filter(period_code="2026-03-30").exists()


def test_default_start_is_the_previous_quarter() -> None:
    assert services.default_start(D(2026, 11, 29)) == D(2026, 7, 1)
    assert services.default_start(D(2026, 1, 15)) == D(2025, 10, 1)


@pytest.mark.django_db
def test_round_status_on_a_day(reference: Any) -> None:
    services.open_rounds(D(2026, 1, 1), start=D(2025, 10, 1))
    rnd = MonitoringRound.objects.get(period_code="2025Q4", channel__code="calls")
    assert services.round_status(rnd, D(2026, 1, 23)) == "open"
    assert services.round_status(rnd, D(2026, 1, 24)) == "overdue"
    counts = services.due_and_overdue_on(D(2026, 1, 23))
    assert counts["due"] == 5
    assert Unit.objects.filter(code="07").exists()


def test_stream_one_items_without_an_answering_unit_are_the_general_departments(reference: Any) -> None:
    negative_item("lk_comments", dt.datetime(2026, 4, 28, 10, 0), answering_unit="16")
    unknown = negative_item("lk_comments", dt.datetime(2026, 4, 29, 10, 0), answering_unit=None)
    services.open_rounds(D(2026, 5, 4), start=D(2026, 4, 27))
    weekly = MonitoringRound.objects.filter(period_code="2026-W18", channel__code="lk_comments")
    assert sorted(weekly.values_list("unit__code", flat=True)) == ["01", "16"]
    general = weekly.get(unit__code="01")
    assert list(services.round_items(general)) == [unknown]
    assert unknown not in services.round_items(weekly.get(unit__code="16"))
