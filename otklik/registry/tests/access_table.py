from __future__ import annotations

import datetime as dt
from typing import Any

from otklik.web.tests.access import DENIED, NOT_FOUND, OK, AccessTable, row


def context(users: dict[str, Any]) -> dict[str, Any]:
    """A record of unit 16's competence: officer16 may open it, officer (unit 07) may not."""
    from otklik.org.models import Channel, Topic
    from otklik.registry.models import Feedback

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
    "registry:erasure": (lambda ctx: "/registry/erasure/", row(DENIED, admin=OK)),
    # The record card is a page of the web layer; its address belongs to the registry's names.
    "registry:detail": (card, row(NOT_FOUND, admin=OK, leader=OK, analyst=OK, officer16=OK)),
}
