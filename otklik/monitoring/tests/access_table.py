"""Who may open each page of the monitoring app (see otklik/web/tests/test_role_access.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from otklik.web.tests.access import DENIED, NOT_ALLOWED, NOT_FOUND, OK, AccessTable, row

READERS = row(DENIED, admin=OK, leader=OK, analyst=OK, officer=OK, officer16=OK)
OFFICERS = row(DENIED, officer=OK, officer16=OK)
ALL_UNITS = row(DENIED, admin=OK, leader=OK, analyst=OK)
# A record of unit 07: officer (unit 07) opens it, officer16 is told it does not exist.
UNIT_07 = row(DENIED, admin=OK, leader=OK, analyst=OK, officer=OK, officer16=NOT_FOUND)


def context(users: dict[str, Any]) -> dict[str, Any]:
    from otklik.monitoring import services
    from otklik.monitoring.models import Analysis, MonitoringRound
    from otklik.monitoring.tests.factory import negative_item
    from otklik.org.models import Unit

    services.open_rounds(dt.date(2026, 1, 1), start=dt.date(2025, 10, 1))
    unit = Unit.objects.get(code="07")
    rnd = MonitoringRound.objects.filter(unit=unit).first()
    item = negative_item("appeals", dt.datetime(2025, 11, 10, 10, 0), topic="service.queue")
    analysis = Analysis.objects.create(feedback=item, unit=unit)
    return {"round": rnd, "analysis": analysis}


TABLE: AccessTable = {
    "monitoring:calendar": (lambda ctx: "/monitoring/", READERS),
    "monitoring:my_unit": (lambda ctx: "/monitoring/my/", OFFICERS),
    "monitoring:round": (lambda ctx: f"/monitoring/rounds/{ctx['round'].pk}/", UNIT_07),
    "monitoring:analysis": (lambda ctx: f"/monitoring/analyses/{ctx['analysis'].pk}/", UNIT_07),
    # Bulk actions are a POST of the to-do list's form; who may act is tested in test_bulk.py.
    "monitoring:bulk": (lambda ctx: "/monitoring/analyses/bulk/", row(NOT_ALLOWED)),
    "monitoring:triage": (lambda ctx: "/monitoring/triage/", ALL_UNITS),
    "monitoring:notifications": (lambda ctx: "/monitoring/notifications/", READERS),
}
