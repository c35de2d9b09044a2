"""An officer reads why an item came to a unit in plain words, with units named, not numbered."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.test import Client

from otklik.conftest import PASSWORD
from otklik.monitoring import services
from otklik.monitoring.models import Analysis
from otklik.monitoring.tests.factory import negative_item


def _page(username: str, url: str) -> str:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    answer = client.get(url)
    assert answer.status_code == 200, url
    return re.sub(r"\s+", " ", answer.content.decode().replace("\u00a0", " "))


def test_the_triage_page_says_why_in_words_a_unit_officer_understands(users: dict[str, Any]) -> None:
    negative_item("appeals", dt.datetime(2026, 3, 10, 10, 0), topic="property.transport", confidence=0.11)
    services.route_pending()
    page = _page("leader", "/monitoring/triage/")
    assert (
        "Тематика определена неуверенно (уверенность 11 %, нужно не меньше 60 %), поэтому отзыв направлен "
        "в общий отдел для распределения." in page
    )
    assert "0,11" not in page and "→ разбор" not in page


def test_the_route_of_an_analysis_names_the_units(users: dict[str, Any]) -> None:
    item = negative_item("appeals", dt.datetime(2026, 3, 10, 10, 0), topic="property.transport")
    services.route_pending()
    analysis = Analysis.objects.get(feedback=item)
    page = _page("leader", f"/monitoring/analyses/{analysis.pk}/")
    route = page[page.index('id="transfers"') :]
    assert (
        "Отзыв по тематике «Транспортный налог» направлен в отдел камерального контроля имущественных налогов"
        in route
    )
    assert "КК имущ." in route  # the unit's short name in the «Кому» column
    assert "(уверенность 90 %)" in page  # the classifier's confidence as people read a share
    assert not re.search(r"<td>\s*16\s*</td>|→ отдел 16", route)
