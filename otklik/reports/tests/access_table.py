"""Who may open each page of the reports app (see otklik/web/tests/test_role_access.py)."""

from __future__ import annotations

from otklik.web.tests.access import DENIED, OK, AccessTable, row

LEADERSHIP = row(DENIED, admin=OK, leader=OK, analyst=OK)
MEDIA_UNIT_TOO = row(DENIED, admin=OK, leader=OK, analyst=OK, officer=OK)
UNITS_TOO = row(DENIED, admin=OK, leader=OK, analyst=OK, officer=OK, officer16=OK)

TABLE: AccessTable = {
    "reports:index": (lambda ctx: "/reports/", UNITS_TOO),
    "reports:dashboard": (lambda ctx: "/reports/dashboard/", LEADERSHIP),
    "reports:registry": (lambda ctx: "/reports/registry/", UNITS_TOO),
    "reports:registry_export": (lambda ctx: "/reports/registry/export?format=csv", UNITS_TOO),
    "reports:registry_count": (lambda ctx: "/reports/registry/count?q=уведомление", UNITS_TOO),
    # The daily media review is the media unit's (07) own stream; another unit's officer may not read it.
    "reports:report": (lambda ctx: "/reports/daily/2026-11-27/", MEDIA_UNIT_TOO),
    "reports:download": (lambda ctx: "/reports/daily/2026-11-27/xlsx", MEDIA_UNIT_TOO),
}
