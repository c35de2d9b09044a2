from __future__ import annotations

import datetime as dt
from typing import Any

from otklik.web.tests.access import NOT_ALLOWED, NOT_FOUND, OK, AccessTable, row


def context(users: dict[str, Any]) -> dict[str, Any]:
    """A record of unit 16's competence: officer16 may open it, officer (unit 07) may not."""
    from otklik.intake.models import Feedback
    from otklik.org.models import Channel, Topic

    feedback = Feedback.objects.create(
        channel=Channel.objects.get(code="appeals"),
        source_id="access-1",
        received_at=dt.datetime(2026, 3, 2, tzinfo=dt.UTC),
        text="Неверно начислен транспортный налог",
        topic=Topic.objects.get(code="property.transport"),
        fingerprint="x",
    )
    return {"feedback": feedback}


def card(ctx: dict[str, Any]) -> str:
    return f"/registry/{ctx['feedback'].pk}/"


TABLE: AccessTable = {
    # The API answers with its own token authentication, never with a login redirect.
    "api:post_feedback": (lambda ctx: "/api/v1/feedback", row(NOT_ALLOWED, anonymous=NOT_ALLOWED)),
    "api:api-root": (lambda ctx: "/api/v1/", row(NOT_FOUND, anonymous=NOT_FOUND)),
    "api:openapi-json": (lambda ctx: "/api/v1/openapi.json", row(OK, anonymous=OK)),
    "api:openapi-view": (lambda ctx: "/api/v1/docs", row(OK, anonymous=OK)),
    "registry:detail": (card, row(NOT_FOUND, admin=OK, leader=OK, analyst=OK, officer16=OK)),
    "registry:correct": (lambda ctx: card(ctx) + "correct/", row(NOT_ALLOWED)),
}
