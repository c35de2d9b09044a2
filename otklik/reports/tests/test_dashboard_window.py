"""The dashboard compares like with like, and every tile counts the chosen days."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client

from otklik.lib.periods import parse_period
from otklik.measures.models import Alert, Dimension, Measure
from otklik.monitoring.tests.factory import negative_item
from otklik.org.models import Unit
from otklik.reports.dashboard import dashboard, window
from otklik.reports.selection import Selection

D = dt.date


def test_a_running_quarter_is_set_against_the_same_days_before() -> None:
    span = window(parse_period("2026Q4"), D(2026, 12, 4))
    assert span.to_date and span.days == 65
    assert (span.current.start, span.current.end) == (D(2026, 10, 1), D(2026, 12, 4))
    assert (span.before.start, span.before.end) == (D(2026, 7, 1), D(2026, 9, 3))
    assert (span.year_ago.start, span.year_ago.end) == (D(2025, 10, 1), D(2025, 12, 4))


def test_a_finished_quarter_is_set_against_whole_quarters() -> None:
    span = window(parse_period("2026Q3"), D(2026, 12, 4))
    assert not span.to_date
    assert (span.current.start, span.current.end) == (D(2026, 7, 1), D(2026, 9, 30))
    assert (span.before.start, span.before.end) == (D(2026, 4, 1), D(2026, 6, 30))
    assert (span.year_ago.start, span.year_ago.end) == (D(2025, 7, 1), D(2025, 9, 30))


def test_the_same_flow_shows_no_fall_and_the_tiles_count_the_same_days(
    reference: Any, users: dict[str, Any]
) -> None:
    def item(day: D) -> None:
        negative_item("vashkontrol", dt.datetime(day.year, day.month, day.day, 10, 0))

    for day in (D(2026, 10, 5), D(2026, 7, 5), D(2025, 10, 5)):  # one in each window
        item(day)
    item(D(2026, 9, 20))  # later in the previous quarter than today is in this one: not compared
    Alert.objects.create(
        dimension=Dimension.OFFICE, key="2700", day=D(2026, 10, 6), observed=9, expected=2.0, p_value=0.001
    )
    Alert.objects.create(
        dimension=Dimension.OFFICE, key="2700", day=D(2026, 9, 6), observed=9, expected=2.0, p_value=0.001
    )
    Measure.objects.create(title="Старая мера", unit=Unit.objects.get(code="16"), due_date=D(2026, 9, 1))
    figures = dashboard(Selection(), parse_period("2026Q4"), today=D(2026, 12, 4))
    line = next(s for s in figures["streams"] if s.channel.code == "vashkontrol")
    assert (line.total.value, line.total_before, line.total_year_ago) == (1, 1, 1)
    assert line.growth == 0.0 and line.growth_year == 0.0
    assert figures["alerts"] == {"total": 1, "open": 1}
    assert "date_to=2026-12-04" in figures["total"].link
    earlier = dashboard(Selection(), parse_period("2026Q3"), today=D(2026, 12, 4))
    assert earlier["alerts"]["total"] == 1
    assert earlier["total"].value == 2 and "date_to" not in earlier["total"].link


def test_the_page_says_what_it_compares_and_writes_numbers_one_way(
    reference: Any, users: dict[str, Any]
) -> None:
    for n in range(1234):
        negative_item(
            "vashkontrol", dt.datetime(2026, 7, 1 + n % 28, 10, 0), tone="neutral" if n % 3 else "negative"
        )
    client = Client()
    client.force_login(users["leader"])
    html = client.get("/reports/dashboard/?period=2026Q3").content.decode()
    assert "Квартал завершен: он сравнивается с предыдущим кварталом" in html
    assert "1\xa0234" in html  # grouped thousands
    assert "33,4\xa0%" in html  # 412 of 1 234, with a decimal comma
    assert "33.4" not in html
