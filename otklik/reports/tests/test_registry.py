from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection

from otklik.accounts.models import User
from otklik.org.models import TaxOffice
from otklik.registry.models import Feedback
from otklik.reports import paging, search, tallies
from otklik.reports.tests.factory import make
from otklik.reports.tests.support import client_for, total


def test_filters_narrow_the_list_and_the_count(users: dict[str, User]) -> None:
    make(2, dt.date(2026, 8, 1), tone="negative", office="ОП1", topic="property.notice")
    make(2, dt.date(2026, 8, 2), tone="neutral", office="ОП1", topic="property.notice")
    make(6, dt.date(2026, 8, 3), tone="negative", office="ОП2", topic="service.queue")
    make(6, dt.date(2026, 11, 3), tone="negative", office="ОП2", topic="service.queue")
    client = client_for("leader")
    op1 = TaxOffice.objects.get(code="ОП1").pk
    assert total(client.get("/reports/registry/")) == "4"
    assert total(client.get("/reports/registry/?period=2026Q3")) == "3"
    assert total(client.get("/reports/registry/?period=2026Q3&tone=negative")) == "2"
    assert total(client.get(f"/reports/registry/?office={op1}&tone=negative")) == "1"
    assert total(client.get("/reports/registry/?channel=6&date_from=2026-08-03&date_to=2026-08-03")) == "1"


def test_a_broken_filter_refuses_the_selection_rather_than_widening_it(users: dict[str, User]) -> None:
    make(2, dt.date(2026, 8, 1), tone="negative")
    page = client_for("leader").get("/reports/registry/?period=2026Q9&tone=negative")
    assert page.status_code == 400 and "не распознан код периода" in page.content.decode()


def test_a_unit_officer_sees_only_the_records_of_the_unit(users: dict[str, User]) -> None:
    make(2, dt.date(2026, 8, 1), topic="property.notice")  # unit 16
    make(2, dt.date(2026, 8, 1), topic="service.queue")  # unit 08
    assert total(client_for("officer16").get("/reports/registry/")) == "1"
    assert total(client_for("analyst").get("/reports/registry/")) == "2"


def test_keyset_pages_walk_every_record_once_in_each_order(reference: Any) -> None:

    for i in range(7):
        make(6, dt.date(2026, 8, 1 + i % 3), grades={"staff": 1 + i % 5})
    for sort in ("new", "old", "grade"):
        seen, cursor = [], ""
        while True:
            found = paging.page(Feedback.objects.all(), sort, cursor, size=3)
            seen += [f.pk for f in found.rows]
            cursor = found.next_cursor
            if not cursor:
                break
        assert sorted(seen) == sorted(Feedback.objects.values_list("pk", flat=True)), sort
        assert len(seen) == 7


def test_a_search_box_query_narrows_the_list(users: dict[str, User]) -> None:
    make(2, dt.date(2026, 8, 1), text="Не получил уведомления")
    make(2, dt.date(2026, 8, 1), text="Очередь")
    client = client_for("leader")
    page = client.get("/reports/registry/?q=уведомление")
    assert "Не получил уведомления" in page.content.decode() and "Очередь" not in page.content.decode()
    assert 'data-count-url="/reports/registry/count?q=' in page.content.decode()  # counted after the page
    assert client.get("/reports/registry/count?q=уведомление").json() == {
        "total": 1,
        "exact": True,
        "approximate": False,
        "text": "1",
    }
    assert total(client.get("/reports/registry/?q=уведомление&count=1")) == "1"  # without the script


def test_a_search_the_index_finds_many_times_is_counted_about(
    users: dict[str, User], monkeypatch: pytest.MonkeyPatch
) -> None:
    for day in range(1, 13):
        make(2, dt.date(2026, 8, day), text="Не получил уведомления")
    make(2, dt.date(2026, 8, 1), text="Очередь")
    client = client_for("leader")
    small = client.get("/reports/registry/count?q=уведомление").json()
    assert small == {
        "total": 12,
        "exact": True,
        "approximate": False,
        "text": "12",
    }  # small: exact everywhere
    monkeypatch.setattr(search, "EXACT_UP_TO", 0)  # as if the index found more than is counted exactly
    counted = client.get("/reports/registry/count?q=уведомление").json()
    page = client.get("/reports/registry/?q=уведомление&count=1").content.decode()
    assert counted["approximate"] and not counted["exact"]
    assert counted["text"] == f"около {counted['total']}"
    assert f">около {counted['total']}<" in page
    if connection.vendor == "sqlite":  # 12 matches among 13 indexed records; the selection holds all 13
        assert counted["total"] == 12


def test_a_search_the_index_finds_few_times_is_counted_exactly_whatever_the_planner_expects(
    users: dict[str, User], monkeypatch: pytest.MonkeyPatch
) -> None:
    for day in range(1, 13):
        make(2, dt.date(2026, 8, day), text="Не получил уведомления")
    # A planner that overrates the word: the count is still exact, for the index found few matches.
    monkeypatch.setattr(search, "_planned_rows", lambda sql, params: 4870)
    for path in (
        "/reports/registry/count?q=уведомление",
        "/reports/registry/count?q=уведомление&period=2026Q3",
    ):
        assert client_for("leader").get(path).json() == {
            "total": 12,
            "exact": True,
            "approximate": False,
            "text": "12",
        }


def test_a_common_word_is_estimated_from_the_index_and_the_tallies(
    users: dict[str, User], monkeypatch: pytest.MonkeyPatch
) -> None:
    for day in range(1, 13):
        make(2, dt.date(2026, 8, day), text="Не получил уведомления", topic="property.notice")  # unit 16
    make(2, dt.date(2026, 8, 1), text="Очередь")
    for day in range(1, 7):
        make(2, dt.date(2026, 4, day), text="Уведомление не пришло")
    for day in range(1, 8):
        make(2, dt.date(2026, 4, day), text="Очередь")
    monkeypatch.setattr(search, "EXACT_UP_TO", 5)  # as if 12 matches were many
    monkeypatch.setattr(search, "_planned_rows", lambda sql, params: 18)  # a planner that knows the count
    path = "/reports/registry/count?q=уведомление&period=2026Q3"
    counted = client_for("leader").get(path).json()
    # 18 matches in the registry's 26 indexed records, of which the quarter holds 13: about 9.
    assert counted == {"total": 9, "exact": False, "approximate": True, "text": "около 9"}
    # A unit's scope is not in the tallies: its size without the search is counted (12 in the quarter).
    officer = client_for("officer16").get(path).json()
    assert officer == {"total": 8, "exact": False, "approximate": True, "text": "около 8"}  # 18 × 12 / 26


def test_rounded_estimates_keep_two_digits() -> None:
    assert [search.rounded(n) for n in (7, 99, 150, 4870, 31234, 99960, 1_234_567)] == [
        7,
        99,
        150,
        4900,
        31000,
        100000,
        1200000,
    ]


def test_the_search_count_sees_only_what_the_user_may_see(users: dict[str, User]) -> None:
    make(2, dt.date(2026, 8, 1), text="Уведомление", topic="property.notice")
    make(6, dt.date(2026, 8, 1), text="Уведомление", topic="service.queue")
    counts = {
        name: client_for(name).get("/reports/registry/count?q=уведомление").json()["total"]
        for name in ("leader", "officer16")
    }
    assert counts["leader"] == 2 and counts["officer16"] == 1
    assert client_for("auditor").get("/reports/registry/count?q=уведомление").status_code in (302, 403)


@pytest.mark.parametrize(
    ("found", "shown"),
    [(search.Found(31234, True), "31 234"), (search.Found(31000, False, True), "около 31 000")],
)
def test_the_page_writes_a_large_count_as_the_count_text_does(
    users: dict[str, User], monkeypatch: pytest.MonkeyPatch, found: search.Found, shown: str
) -> None:
    monkeypatch.setattr(search, "count_found", lambda *args: found)
    html = client_for("leader").get("/reports/registry/").content.decode()
    assert f">{shown}</strong>" in html.replace("\xa0", " ") and found.text.replace("\xa0", " ") == shown


def test_the_count_comes_from_the_monthly_tallies_for_the_whole_registry_only(
    users: dict[str, User], django_assert_max_num_queries: Any
) -> None:
    make(2, dt.date(2026, 8, 1), tone="negative", topic="property.notice")  # unit 16
    make(6, dt.date(2026, 8, 3), tone="negative", topic="service.queue")  # unit 08
    make(6, dt.date(2026, 9, 3), tone="neutral", topic="service.queue")
    counts = {}
    for name in ("leader", "officer16"):
        client = client_for(name)
        with django_assert_max_num_queries(60) as captured:
            page = client.get("/reports/registry/?period=2026Q3&tone=negative")
        tally_read = any(tallies.TABLE in q["sql"] for q in captured.captured_queries)
        counts[name] = (total(page), tally_read, client.get("/reports/registry/count?period=2026Q3").json())
    assert counts["leader"][:2] == ("2", True)
    assert counts["leader"][2]["total"] == 3 and counts["leader"][2]["exact"]
    assert counts["officer16"][:2] == ("1", False)  # a unit's scope is not in the tallies: counted
    assert counts["officer16"][2]["total"] == 1
