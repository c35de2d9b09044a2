"""A unit reads the reports of its own unit, scoped to its records and with personal data masked."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client

from otklik.monitoring import services
from otklik.monitoring.tests.factory import negative_item


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _comment(day: int, unit: str, text: str, masked: str) -> None:
    item = negative_item("lk_comments", dt.datetime(2026, 11, day, 10, 0), answering_unit=unit)
    type(item).objects.filter(pk=item.pk).update(text=text, masked_text=masked)


def test_an_officer_opens_the_reports_page_with_the_reports_of_their_unit(
    reference: Any, users: dict[str, Any]
) -> None:
    page = _client(users["officer16"]).get("/reports/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Отчеты по вашему подразделению" in html and "камерального контроля имущественных" in html
    assert "report-kind-weekly" in html and "report-kind-quarterly" in html
    assert "report-kind-daily" not in html  # the media review is the media unit's own stream
    assert _client(users["officer"]).get("/reports/daily/2026-11-27/").status_code == 200
    assert _client(users["officer16"]).get("/reports/daily/2026-11-27/").status_code == 403


def test_a_units_weekly_report_holds_its_own_comments_only_whatever_the_address_asks(
    reference: Any, users: dict[str, Any]
) -> None:
    _comment(
        16,
        "16",
        "Иванов Иван, ИНН 500100732259: ответ не по существу",
        "[ФИО], ИНН [ИНН]: ответ не по существу",
    )
    _comment(17, "19", "Ответ отдела НДФЛ пришел поздно", "Ответ отдела НДФЛ пришел поздно")
    services.route_pending()
    officer = _client(users["officer16"])
    for address in ("/reports/weekly/2026-W47/", "/reports/weekly/2026-W47/?unit=19"):
        html = officer.get(address).content.decode()
        assert "ответ не по существу" in html
        assert "отдела НДФЛ" not in html
        assert "Иванов" not in html and "500100732259" not in html
    download = officer.get("/reports/weekly/2026-W47/xlsx?unit=19")
    assert download.status_code == 200
    assert "-16." in download["Content-Disposition"]
    # Leadership still reads any unit's and the whole administration's.
    assert "отдела НДФЛ" in _client(users["leader"]).get("/reports/weekly/2026-W47/").content.decode()


def test_a_units_quarterly_report_lists_its_own_rounds_only(reference: Any, users: dict[str, Any]) -> None:
    services.open_rounds(dt.date(2026, 1, 1), start=dt.date(2025, 10, 1))
    html = _client(users["officer16"]).get("/reports/quarterly/2025Q4/").content.decode()
    assert "по направлению деятельности: Отдел камерального контроля имущественных налогов" in html
    assert "Общий отдел" not in html
