"""A person's data erased on request (`registry.retention.erase_person`) leave refused import rows too."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from otklik.intake.models import QuarantineRow
from otklik.registry.retention import Known, matches, scrub


def erase_from_quarantine(sender: Any, values: Sequence[Known], **_kwargs: Any) -> int:
    """Rows still in quarantine that carry the person's data lose their content; their reason is scrubbed."""
    erased = 0
    for row in QuarantineRow.objects.exclude(raw={}).iterator():
        flat = " ".join(str(v) for v in row.raw.values()) if isinstance(row.raw, dict) else str(row.raw)
        if matches(flat, values):
            QuarantineRow.objects.filter(pk=row.pk).update(raw={}, reason=scrub(row.reason, values))
            erased += 1
    return erased
