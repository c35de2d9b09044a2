"""What the generator yields: a record plus the truth about it, for training and evaluation."""

from __future__ import annotations

import dataclasses
import datetime as dt

from otklik.registry.record import FeedbackRecord

TONES = ("negative", "neutral", "positive")
LINK_KINDS = ("repeat", "cross_stream", "duplicate")


@dataclasses.dataclass(slots=True)
class DemoItem:
    record: FeedbackRecord
    tone: str  # one of TONES
    topic: str  # leaf topic code of reference.yaml
    planted_spike: str | None = None  # PlantedSpike.id when the item belongs to a planted episode
    # Media: False when the publication is not about the quality of tax service at all.
    relevant: bool = True
    # A repeat appeal, the same appeal arriving through a second stream, or the same publication from a
    # second source ("duplicate") points at the earlier item.
    link_kind: str = ""
    linked_channel: str = ""
    linked_source_id: str = ""
    # Personal data written into the text, as (kind, exact substring), so masking can be scored.
    text_personal: tuple[tuple[str, str], ...] = ()


@dataclasses.dataclass(frozen=True, slots=True)
class PlantedSpike:
    """One episode where negative feedback about one office and one topic jumps for a few days."""

    id: str
    office: str
    topic: str
    first_day: dt.date  # local (Asia/Vladivostok) calendar days, inclusive
    last_day: dt.date
    channels: tuple[str, ...]
    description: str
