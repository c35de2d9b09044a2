from __future__ import annotations

from typing import Any

from otklik.web.tests.access import DENIED, NOT_ALLOWED, NOT_FOUND, OK, AccessTable, row

FOUND = 302
LOADERS_AND_READERS = row(DENIED, admin=OK, leader=OK, analyst=OK, officer=OK, officer16=OK)
# A batch uploaded by officer (unit 07): officer16 is told it does not exist.
UNIT_07_BATCH = row(DENIED, admin=OK, leader=OK, analyst=OK, officer=OK, officer16=NOT_FOUND)


def context(users: dict[str, Any]) -> dict[str, Any]:
    """A batch that officer (unit 07) uploaded, with a row in quarantine."""
    from otklik.intake.models import QuarantineRow
    from otklik.org.models import Channel
    from otklik.registry.models import ImportBatch

    batch = ImportBatch.objects.create(
        channel=Channel.objects.get(code="appeals"), file_name="access.csv", created_by=users["officer"]
    )
    quarantine = QuarantineRow.objects.create(batch=batch, row_number=2, reason="ИНН", raw={"ИНН": "1"})
    return {"batch": batch, "quarantine": quarantine}


TABLE: AccessTable = {
    # The API answers with its own token authentication, never with a login redirect.
    "api:post_feedback": (lambda ctx: "/api/v1/feedback", row(NOT_ALLOWED, anonymous=NOT_ALLOWED)),
    "api:api-root": (lambda ctx: "/api/v1/", row(NOT_FOUND, anonymous=NOT_FOUND)),
    "api:openapi-json": (lambda ctx: "/api/v1/openapi.json", row(OK, anonymous=OK)),
    "api:openapi-view": (lambda ctx: "/api/v1/docs", row(OK, anonymous=OK)),
    "intake:new": (lambda ctx: "/registry/new/", row(DENIED, admin=OK, officer=OK, officer16=OK)),
    "intake:batches": (lambda ctx: "/registry/batches/", LOADERS_AND_READERS),
    "intake:upload": (lambda ctx: "/registry/upload/", row(DENIED, admin=OK, officer=OK, officer16=OK)),
    # Without a file waiting for its columns, the mapping page sends the user back to the upload page.
    "intake:mapping": (
        lambda ctx: "/registry/upload/mapping/",
        row(DENIED, admin=FOUND, officer=FOUND, officer16=FOUND),
    ),
    "intake:batch": (lambda ctx: f"/registry/batches/{ctx['batch'].pk}/", UNIT_07_BATCH),
    "intake:batch_progress": (
        lambda ctx: f"/registry/batches/{ctx['batch'].pk}/progress/",
        UNIT_07_BATCH,
    ),
    "intake:quarantine_fix": (
        lambda ctx: f"/registry/quarantine/{ctx['quarantine'].pk}/",
        row(DENIED, admin=NOT_ALLOWED, officer=NOT_ALLOWED, officer16=NOT_ALLOWED),
    ),
}
