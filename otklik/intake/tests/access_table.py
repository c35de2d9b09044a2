from __future__ import annotations

import datetime as dt
from typing import Any

from otklik.web.tests.access import DENIED, NOT_ALLOWED, NOT_FOUND, OK, AccessTable, row

FOUND = 302
LOADERS_AND_READERS = row(DENIED, admin=OK, leader=OK, analyst=OK, officer=OK, officer16=OK)
# A batch uploaded by officer (unit 07): officer16 is told it does not exist.
UNIT_07_BATCH = row(DENIED, admin=OK, leader=OK, analyst=OK, officer=OK, officer16=NOT_FOUND)


def context(users: dict[str, Any]) -> dict[str, Any]:
    """A record of unit 16's competence: officer16 may open it, officer (unit 07) may not; a batch that
    officer uploaded."""
    from otklik.intake.models import Feedback, ImportBatch, QuarantineRow
    from otklik.org.models import Channel, Topic

    feedback = Feedback.objects.create(
        channel=Channel.objects.get(code="appeals"),
        source_id="access-1",
        received_at=dt.datetime(2026, 3, 2, tzinfo=dt.UTC),
        text="Неверно начислен транспортный налог",
        topic=Topic.objects.get(code="property.transport"),
        fingerprint="x",
    )
    batch = ImportBatch.objects.create(
        channel=feedback.channel, file_name="access.csv", created_by=users["officer"]
    )
    quarantine = QuarantineRow.objects.create(batch=batch, row_number=2, reason="ИНН", raw={"ИНН": "1"})
    return {"feedback": feedback, "batch": batch, "quarantine": quarantine}


def card(ctx: dict[str, Any]) -> str:
    return f"/registry/{ctx['feedback'].pk}/"


TABLE: AccessTable = {
    # The API answers with its own token authentication, never with a login redirect.
    "api:post_feedback": (lambda ctx: "/api/v1/feedback", row(NOT_ALLOWED, anonymous=NOT_ALLOWED)),
    "api:api-root": (lambda ctx: "/api/v1/", row(NOT_FOUND, anonymous=NOT_FOUND)),
    "api:openapi-json": (lambda ctx: "/api/v1/openapi.json", row(OK, anonymous=OK)),
    "api:openapi-view": (lambda ctx: "/api/v1/docs", row(OK, anonymous=OK)),
    "registry:erasure": (lambda ctx: "/registry/erasure/", row(DENIED, admin=OK)),
    "registry:detail": (card, row(NOT_FOUND, admin=OK, leader=OK, analyst=OK, officer16=OK)),
    "registry:new": (lambda ctx: "/registry/new/", row(DENIED, admin=OK, officer=OK, officer16=OK)),
    "registry:batches": (lambda ctx: "/registry/batches/", LOADERS_AND_READERS),
    "registry:upload": (lambda ctx: "/registry/upload/", row(DENIED, admin=OK, officer=OK, officer16=OK)),
    # Without a file waiting for its columns, the mapping page sends the user back to the upload page.
    "registry:mapping": (
        lambda ctx: "/registry/upload/mapping/",
        row(DENIED, admin=FOUND, officer=FOUND, officer16=FOUND),
    ),
    "registry:batch": (lambda ctx: f"/registry/batches/{ctx['batch'].pk}/", UNIT_07_BATCH),
    "registry:batch_progress": (
        lambda ctx: f"/registry/batches/{ctx['batch'].pk}/progress/",
        UNIT_07_BATCH,
    ),
    "registry:quarantine_fix": (
        lambda ctx: f"/registry/quarantine/{ctx['quarantine'].pk}/",
        row(DENIED, admin=NOT_ALLOWED, officer=NOT_ALLOWED, officer16=NOT_ALLOWED),
    ),
}
