"""Every filter value a page cannot apply is answered with 400 and a Russian reason, never a 500 and never
dropped: a list or an export with a bad filter would otherwise show (and hand out) more than was asked."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from otklik.accounts.models import User
from otklik.conftest import PASSWORD
from otklik.reports.tests.factory import make

CYRILLIC = re.compile("[а-яё]{4,}", re.IGNORECASE)

BAD_SELECTIONS = (
    "period=2026Q9",
    "period=9999Q4",
    "period=0001-01-01",
    "period=2026-W60",
    "period=завтра",
    "date_from=0001-01-01",
    "date_to=9999-12-31",
    "date_from=2026-13-45",
    "date_from=2026-09-01&date_to=2026-08-01",
    "channel=99",
    "channel=два",
    "source=999999",
    "office=999999",
    "unit=-1",
    "topic=999999",
    "tone=furious",
    "analysed=maybe",
    "sort=random",
    "q=" + "ж" * 300,
)
SELECTION_PAGES = ("/reports/registry/", "/reports/registry/export", "/reports/dashboard/")
REPORT_PAGES = (
    "/reports/quarterly/9999Q4/",
    "/reports/quarterly/0001Q1/",
    "/reports/quarterly/2026Q9/",
    "/reports/quarterly/2026-03/",
    "/reports/quarterly/9999Q4/pdf",
    "/reports/weekly/9999-W52/",
    "/reports/daily/9999-12-31/",
    "/reports/daily/0001-01-01/xlsx",
    "/reports/quarterly/2026Q3/?unit=нет-такого",
)


def client_for(user: str) -> Client:
    client = Client()
    assert client.login(username=user, password=PASSWORD)
    return client


def assert_refused(response: object, url: str) -> None:
    status = getattr(response, "status_code", 0)
    assert status == 400, (url, status)
    body = getattr(response, "content", b"").decode()
    assert CYRILLIC.search(body), url
    assert "Traceback" not in body


@pytest.mark.parametrize("query", BAD_SELECTIONS)
@pytest.mark.parametrize("page", SELECTION_PAGES)
def test_an_invalid_filter_of_a_list_an_export_or_the_dashboard_is_a_400_with_its_reason(
    users: dict[str, User], page: str, query: str
) -> None:
    url = f"{page}?{query}"
    response = client_for("leader").get(url)
    assert_refused(response, url)
    assert "Фильтр не применен" in response.content.decode()


def test_the_refusal_names_the_filter_and_what_is_wrong(users: dict[str, User]) -> None:
    body = client_for("leader").get("/reports/registry/?period=9999Q4&tone=furious").content.decode()
    assert "«Период (код)»: период «9999Q4» вне 2000–2099 годов" in body
    assert "«Тональность»" in body


def test_an_export_with_an_invalid_filter_hands_out_nothing(users: dict[str, User]) -> None:
    make(3, dt.date(2026, 8, 1))
    response = client_for("leader").get("/reports/registry/export?period=2026Q9")
    assert response.status_code == 400
    assert "attachment" not in response.get("Content-Disposition", "")


def test_an_unknown_export_format_is_refused(users: dict[str, User]) -> None:
    response = client_for("leader").get("/reports/registry/export?format=pdf")
    assert_refused(response, "format=pdf")


def test_the_count_of_an_invalid_selection_is_a_400_in_json(users: dict[str, User]) -> None:
    response = client_for("leader").get("/reports/registry/count?date_from=0001-01-01")
    assert response.status_code == 400
    assert "вне" in response.json()["error"]


def test_the_dashboard_takes_only_a_quarter(users: dict[str, User]) -> None:
    response = client_for("leader").get("/reports/dashboard/?period=2026-03")
    assert_refused(response, "period=2026-03")
    assert "квартал" in response.content.decode()


@pytest.mark.parametrize("url", REPORT_PAGES)
def test_a_report_for_a_period_out_of_range_or_of_the_wrong_length_is_a_400(
    users: dict[str, User], url: str
) -> None:
    assert_refused(client_for("leader").get(url), url)


@pytest.mark.parametrize("query", ("period=9999Q4", "period=0001-01", "period=2026Q9", "unit=999999"))
def test_the_monitoring_calendar_answers_a_bad_filter_with_a_form_error(
    users: dict[str, User], query: str
) -> None:
    assert_refused(client_for("leader").get(f"/monitoring/?{query}"), query)


@pytest.mark.parametrize("url", ("/measures/?state=bogus", "/measures/alerts/?dimension=bogus"))
def test_the_measures_lists_answer_a_bad_filter_with_a_form_error(users: dict[str, User], url: str) -> None:
    assert_refused(client_for("leader").get(url), url)


@pytest.mark.parametrize(
    "url",
    (
        "/reports/registry/?period=2026Q3",
        "/reports/registry/?date_from=2026-08-01&date_to=2026-08-31&tone=negative",
        "/reports/dashboard/?period=2026Q3",
        "/reports/quarterly/2026Q3/",
        "/monitoring/?period=2026Q3",
    ),
)
def test_valid_filters_still_work(users: dict[str, User], url: str) -> None:
    assert client_for("leader").get(url).status_code == 200
