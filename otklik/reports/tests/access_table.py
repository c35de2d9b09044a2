"""Who may open each page of the reports app (see otklik/web/tests/test_role_access.py)."""

from __future__ import annotations

from otklik.web.tests.access import DENIED, OK, AccessTable, row

LEADERSHIP = row(DENIED, admin=OK, leader=OK, analyst=OK)
UNITS_TOO = row(DENIED, admin=OK, leader=OK, analyst=OK, officer=OK, officer16=OK)

TABLE: AccessTable = {
    "reports:index": (lambda ctx: "/reports/", LEADERSHIP),
    "reports:dashboard": (lambda ctx: "/reports/dashboard/", LEADERSHIP),
    "reports:registry": (lambda ctx: "/reports/registry/", UNITS_TOO),
    "reports:registry_export": (lambda ctx: "/reports/registry/export?format=csv", UNITS_TOO),
    "reports:registry_count": (lambda ctx: "/reports/registry/count?q=уведомление", UNITS_TOO),
    "reports:report": (lambda ctx: "/reports/daily/2026-11-27/", LEADERSHIP),
    "reports:download": (lambda ctx: "/reports/daily/2026-11-27/xlsx", LEADERSHIP),
    # The named annex (quotes unmasked): leadership reads every unit and has the personal-data right.
    "reports:named_annex": (lambda ctx: "/reports/quarterly/2026Q3/named/docx", row(DENIED, leader=OK)),
}
