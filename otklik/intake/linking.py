"""Repeat appeals and the same appeal through two streams: linked to the earlier record, never merged."""

from __future__ import annotations

import datetime as dt
import re

from django.db import transaction
from django.db.models import Q

from otklik.intake.models import Feedback, FeedbackLink, PersonalData

WINDOW = dt.timedelta(days=60)
MIN_SIMILARITY = 0.35
_WORD = re.compile(r"\w{3,}")


def words(text: str) -> set[str]:
    # A crude stem (the first five letters) makes «налога» and «налогу» one word without a dictionary.
    return {w[:5] for w in _WORD.findall(text.lower().replace("ё", "е"))}


def similarity(a: str, b: str) -> float:
    wa, wb = words(a), words(b)
    return len(wa & wb) / len(wa | wb) if wa and wb else 0.0


def normal_name(name: str) -> str:
    return " ".join(name.lower().replace("ё", "е").split())


def link_pending(limit: int = 2000) -> int:
    """Check up to `limit` unchecked records against the same author's earlier ones; returns links made."""
    made = 0
    with transaction.atomic():
        batch = list(
            Feedback.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(links_checked=False)
            .select_related("personal")
            .order_by("received_at")[:limit]
        )
        for feedback in batch:
            made += _link(feedback)
        Feedback.objects.filter(pk__in=[f.pk for f in batch]).update(links_checked=True)
    return made


def _link(feedback: Feedback) -> int:
    try:
        person: PersonalData = feedback.personal
    except PersonalData.DoesNotExist:
        return 0
    same_author = Q()
    if person.inn:
        same_author |= Q(personal__inn=person.inn)
    if person.full_name.strip():
        same_author |= Q(personal__full_name__iexact=normal_name(person.full_name))
    if not same_author:
        return 0
    earlier = (
        Feedback.objects.filter(
            same_author, received_at__gte=feedback.received_at - WINDOW, received_at__lte=feedback.received_at
        )
        .exclude(pk=feedback.pk)
        .order_by("-received_at")[:20]
    )
    made = 0
    for other in earlier:
        score = similarity(feedback.text, other.text)
        if score < MIN_SIMILARITY:
            continue
        kind = (
            FeedbackLink.Kind.CROSS_STREAM
            if other.channel_id != feedback.channel_id
            else FeedbackLink.Kind.REPEAT
        )
        _, created = FeedbackLink.objects.get_or_create(
            earlier=other, later=feedback, defaults={"kind": kind, "similarity": round(score, 3)}
        )
        made += created
    return made
