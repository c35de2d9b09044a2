"""Who may open each page of the reports app (see otklik/web/tests/test_role_access.py)."""

from __future__ import annotations

from typing import Any

from otklik.web.tests.access import DENIED, NOT_FOUND, OK, AccessTable, row

LEADERSHIP = row(DENIED, admin=OK, leader=OK, analyst=OK)
MEDIA_UNIT_TOO = row(DENIED, admin=OK, leader=OK, analyst=OK, officer=OK)
UNITS_TOO = row(DENIED, admin=OK, leader=OK, analyst=OK, officer=OK, officer16=OK)

# An export job is its owner's alone (the leader's here): to any other registry reader it does not exist.
OWNER_ONLY = row(
    DENIED, admin=NOT_FOUND, leader=OK, analyst=NOT_FOUND, officer=NOT_FOUND, officer16=NOT_FOUND
)


def context(users: dict[str, Any]) -> dict[str, Any]:
    from otklik.reports.models import ExportJob

    return {"export_job": ExportJob.objects.create(user=users["leader"], fmt="csv", total=10)}


TABLE: AccessTable = {
    "reports:index": (lambda ctx: "/reports/", UNITS_TOO),
    "reports:dashboard": (lambda ctx: "/reports/dashboard/", LEADERSHIP),
    "reports:registry": (lambda ctx: "/reports/registry/", UNITS_TOO),
    "reports:registry_export": (lambda ctx: "/reports/registry/export?format=csv", UNITS_TOO),
    "reports:export_job": (lambda ctx: f"/reports/exports/{ctx['export_job'].pk}/", OWNER_ONLY),
    "reports:export_job_progress": (
        lambda ctx: f"/reports/exports/{ctx['export_job'].pk}/progress",
        OWNER_ONLY,
    ),
    # Not ready yet: even its owner gets «not found» until the file is made.
    "reports:export_job_download": (
        lambda ctx: f"/reports/exports/{ctx['export_job'].pk}/download",
        row(
            DENIED,
            admin=NOT_FOUND,
            leader=NOT_FOUND,
            analyst=NOT_FOUND,
            officer=NOT_FOUND,
            officer16=NOT_FOUND,
        ),
    ),
    "reports:registry_count": (lambda ctx: "/reports/registry/count?q=уведомление", UNITS_TOO),
    # The daily media review is the media unit's (07) own stream; another unit's officer may not read it.
    "reports:report": (lambda ctx: "/reports/daily/2026-11-27/", MEDIA_UNIT_TOO),
    "reports:download": (lambda ctx: "/reports/daily/2026-11-27/xlsx", MEDIA_UNIT_TOO),
    # The named annex (quotes unmasked): leadership reads every unit and has the personal-data right.
    "reports:named_annex": (lambda ctx: "/reports/quarterly/2026Q3/named/docx", row(DENIED, leader=OK)),
}
