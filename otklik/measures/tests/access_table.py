"""Who may open each page of the measures app (see otklik/web/tests/test_role_access.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from otklik.web.tests.access import DENIED, NOT_ALLOWED, NOT_FOUND, OK, AccessTable, row

READERS = row(DENIED, admin=OK, leader=OK, analyst=OK, officer=OK, officer16=OK)
# A record of unit 07: officer (unit 07) opens it, officer16 is told it does not exist.
UNIT_07 = row(DENIED, admin=OK, leader=OK, analyst=OK, officer=OK, officer16=NOT_FOUND)
POST_ONLY = row(NOT_ALLOWED)  # refused before any lookup; a POST is checked like its page


def context(users: dict[str, Any]) -> dict[str, Any]:
    from otklik.measures.models import Alert, Measure
    from otklik.org.models import Topic, Unit

    unit = Unit.objects.get(code="07")
    measure = Measure.objects.create(
        title="Дополнительное окно приема", unit=unit, due_date=dt.date(2026, 12, 31)
    )
    measure.topics.set([Topic.objects.get(code="service.queue")])
    alert = Alert.objects.create(
        dimension="topic",
        key="service.queue",
        day=dt.date(2026, 11, 20),
        observed=9,
        expected=2.0,
        p_value=1e-5,
        unit=unit,
    )
    return {"measure": measure, "alert": alert}


TABLE: AccessTable = {
    "measures:list": (lambda ctx: "/measures/", READERS),
    "measures:new": (lambda ctx: "/measures/new/", row(DENIED, leader=OK, officer=OK, officer16=OK)),
    "measures:detail": (lambda ctx: f"/measures/{ctx['measure'].pk}/", UNIT_07),
    "measures:step": (lambda ctx: f"/measures/{ctx['measure'].pk}/approve/", POST_ONLY),
    "measures:alerts": (lambda ctx: "/measures/alerts/", READERS),
    "measures:alert": (lambda ctx: f"/measures/alerts/{ctx['alert'].pk}/", UNIT_07),
    "measures:alert_step": (lambda ctx: f"/measures/alerts/{ctx['alert'].pk}/close/", POST_ONLY),
}
