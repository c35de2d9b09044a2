from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.test import Client

from otklik.conftest import PASSWORD
from otklik.monitoring import services
from otklik.monitoring.models import MonitoringRound
from otklik.monitoring.views import MY_UNIT_ROUNDS


def test_my_unit_shows_the_first_rounds_and_links_to_all_of_them_in_the_calendar(
    reference: Any, users: dict[str, Any]
) -> None:
    services.open_rounds(until=dt.date(2026, 11, 1), start=dt.date(2026, 8, 1))  # daily media rounds: 07
    count = MonitoringRound.objects.filter(unit__code="07", state=MonitoringRound.State.OPEN).count()
    assert count > MY_UNIT_ROUNDS
    client = Client()
    assert client.login(username="officer", password=PASSWORD)
    page = client.get("/monitoring/my/").content.decode()
    assert page.count('href="/monitoring/rounds/') == 2 * MY_UNIT_ROUNDS  # stream and period link a round
    link = re.search(r'id="all-open-rounds" href="([^"]+)"', page)
    assert link and f"({count})" in page
    calendar = client.get(link.group(1).replace("&amp;", "&"))
    assert calendar.status_code == 200
    assert calendar.content.decode().count('href="/monitoring/rounds/') >= 2 * MY_UNIT_ROUNDS
