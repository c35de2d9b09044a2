"""Text analysis of registry records: tone, topic, office, personal data; corrections by staff.

The engine (`otklik.nlp`) knows nothing of the database; this module feeds it the catalogue,
the offices and the labelled records from the database and writes its answers back to the registry.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
import uuid
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from otklik.analysis.models import Label, ModelVersion
from otklik.analysis.signals import feedback_analysed
from otklik.audit import services as audit
from otklik.nlp import pdata
from otklik.nlp.offices import Office
from otklik.nlp.pipeline import Analyser
from otklik.nlp.tone import ToneModel, default_model, train
from otklik.nlp.topics import Topic as EngineTopic
from otklik.org.models import TaxOffice, Topic
from otklik.registry.masking import Known, mask_known
from otklik.registry.models import Feedback, PersonalData

TOPIC_EXAMPLES_LIMIT = 20000
_lock = threading.Lock()
_cached: tuple[str, Analyser] | None = None


def staff_corrections() -> list[tuple[str, str]]:
    """(text, tone) of every tone correction by staff, the latest per record."""
    latest: dict[int, tuple[str, str]] = {}
    for label in (
        Label.objects.filter(origin=Label.Origin.STAFF)
        .exclude(tone="")
        .select_related("feedback")
        .order_by("id")
    ):
        latest[label.feedback_id] = (label.feedback.text, label.tone)
    return list(latest.values())


HELD_OUT_SHARE = 5  # one correction in five is never learned from: versions are compared on those


def held_out(text: str) -> bool:
    return int(hashlib.sha256(text.encode()).hexdigest(), 16) % HELD_OUT_SHARE == 0


def tone_model() -> ToneModel:
    """The version in service: the public data plus the staff corrections it learned from; the held-out
    corrections are answered by look-up, so those records keep the staff's tone."""
    current = ModelVersion.objects.filter(in_service=True).first()
    if current is None or not current.corrections:
        return default_model()
    corrections = staff_corrections_until(current)
    return train(
        extra_examples=[c for c in corrections if not held_out(c[0])],
        overrides=[c for c in corrections if held_out(c[0])],
    )


def staff_corrections_until(version: ModelVersion) -> list[tuple[str, str]]:
    cutoff = Label.objects.filter(origin=Label.Origin.STAFF, created_at__lte=version.created_at)
    latest: dict[int, tuple[str, str]] = {}
    for label in cutoff.exclude(tone="").select_related("feedback").order_by("id"):
        latest[label.feedback_id] = (label.feedback.text, label.tone)
    return list(latest.values())


def topic_examples() -> list[tuple[str, str]]:
    rows = (
        Label.objects.filter(topic__isnull=False)
        .select_related("feedback", "topic")
        .order_by("-origin", "-id")
        .values_list("feedback__text", "topic__code")[:TOPIC_EXAMPLES_LIMIT]
    )
    return [(text, code) for text, code in rows if text]


def catalogue() -> list[EngineTopic]:
    leaves = Topic.objects.filter(is_active=True, children__isnull=True)
    return [EngineTopic(t.code, t.name, tuple(t.key_phrases)) for t in leaves]


def offices() -> list[Office]:
    return [Office(o.code, o.name, o.short_name, o.city, tuple(o.aliases)) for o in TaxOffice.objects.all()]


def analyser() -> Analyser:
    """The engine with the database's catalogue and labels, rebuilt when a new model version is in service."""
    global _cached
    key = str(
        ModelVersion.objects.filter(in_service=True).values_list("version", flat=True).first() or "default"
    )
    with _lock:
        if _cached is None or _cached[0] != key:
            _cached = (
                key,
                Analyser(
                    model=tone_model(), topics=catalogue(), offices=offices(), topic_examples=topic_examples()
                ),
            )
        return _cached[1]


def forget_analyser() -> None:
    global _cached
    with _lock:
        _cached = None


def as_input(f: Feedback) -> dict[str, Any]:
    return {
        "text": f.text,
        "title": f.title,
        "channel": f.channel.code,
        "grades": f.grades,
        "appeal_kind": f.appeal_kind,
        "regime": f.regime,
        "negative_mark": f.negative_mark,
        "is_complaint": f.is_complaint,
    }


def analyse_feedback(items: Sequence[Feedback]) -> int:
    """Analyse the records and store tone, topic, office, relevance and masked text on each."""
    if not items:
        return 0
    results = analyser().analyse([as_input(f) for f in items])
    topics = dict(Topic.objects.values_list("code", "pk"))
    office_ids = dict(TaxOffice.objects.values_list("code", "pk"))
    now = timezone.now()
    known = known_personal_data([f.pk for f in items])
    for f, r in zip(items, results, strict=True):
        f.tone = r["tone"]
        f.tone_probability = r["probability"]
        f.tone_signal = r["decided_by_ru"]
        f.tone_rule = r["rule_line"]
        f.tone_model = r["model_version"]
        f.explanation = r["explanation"]
        f.topic_id = topics.get(r["topic"])
        f.topic_confidence = r["topic_confidence"]
        f.suggested_office_id = office_ids.get(r["office"]) if r["office"] else None
        f.is_relevant = r.get("media", {}).get("relevant", True)
        masked = (
            r["masked_text"]
            if f.channel.code != "media" or not f.title
            else pdata.mask(f.text, pdata.find(f.text))
        )
        # The same rule as `registry.masking.mask_text`: the detector's finds and the record's own data.
        own = known.get(f.pk, Known())
        f.masked_text = mask_known(masked, own)
        f.masked_title = mask_known(pdata.mask(f.title, pdata.find(f.title)), own) if f.title else ""
        f.analysed_at = now
        f.analysis_claim, f.analysis_claimed_until = "", None
    fields = [
        "tone",
        "tone_probability",
        "tone_signal",
        "tone_rule",
        "tone_model",
        "explanation",
        "topic",
        "topic_confidence",
        "suggested_office",
        "is_relevant",
        "masked_text",
        "masked_title",
        "analysed_at",
        "analysis_claim",
        "analysis_claimed_until",
    ]
    with transaction.atomic():
        Feedback.objects.bulk_update(items, fields, batch_size=500)
        feedback_analysed.send(sender=Feedback, ids=[f.pk for f in items])
    return len(items)


def known_personal_data(ids: Sequence[int]) -> dict[int, Known]:
    """The stored personal data of the records, in one query, for masking it in their own texts."""
    rows = PersonalData.objects.filter(feedback_id__in=ids, erased_at__isnull=True).values_list(
        "feedback_id", "full_name", "inn", "phone", "email", "postal_address"
    )
    return {row[0]: Known(*row[1:]) for row in rows}


REMASK_CHUNK = 2000


def remask_known(ids: Sequence[int] | None = None) -> int:
    """Mask, in the stored masked text and title of analysed records, their own stored personal data (for
    records analysed before that part of the rule existed); the search index follows. Returns the count of
    records whose masked text changed."""
    qs = Feedback.objects.filter(analysed_at__isnull=False).order_by("pk")
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    pks = list(qs.filter(personal__isnull=False).values_list("pk", flat=True))
    changed = 0
    for start in range(0, len(pks), REMASK_CHUNK):
        chunk = pks[start : start + REMASK_CHUNK]
        known = known_personal_data(chunk)
        rows = list(Feedback.objects.filter(pk__in=chunk).only("pk", "masked_text", "masked_title"))
        updated = []
        for f in rows:
            own = known.get(f.pk)
            if own is None:
                continue
            text, title = mask_known(f.masked_text, own), mask_known(f.masked_title, own)
            if (text, title) != (f.masked_text, f.masked_title):
                f.masked_text, f.masked_title = text, title
                updated.append(f)
        with transaction.atomic():
            Feedback.objects.bulk_update(updated, ["masked_text", "masked_title"], batch_size=500)
            if updated:
                feedback_analysed.send(sender=Feedback, ids=[f.pk for f in updated])
        changed += len(updated)
    return changed


CLAIM_LEASE = dt.timedelta(minutes=15)


def claim_pending(limit: int) -> list[Feedback]:
    """Take up to `limit` unanalysed records for this worker with a conditional UPDATE and a lease, so
    several workers take disjoint rows and a worker that died leaves its rows to be taken again."""
    now = timezone.now()
    token = uuid.uuid4().hex
    claimable = Q(analysis_claim="") | Q(analysis_claimed_until__lt=now)
    candidates = list(
        Feedback.objects.filter(claimable, analysed_at__isnull=True)
        .order_by("id")
        .values_list("pk", flat=True)[:limit]
    )
    if not candidates:
        return []
    with transaction.atomic():
        Feedback.objects.filter(claimable, pk__in=candidates, analysed_at__isnull=True).update(
            analysis_claim=token, analysis_claimed_until=now + CLAIM_LEASE
        )
    return list(Feedback.objects.filter(analysis_claim=token).select_related("channel").order_by("id"))


def analyse_pending(limit: int = 1000) -> int:
    """Analyse up to `limit` records not analysed yet. The analysis runs outside any transaction; only the
    claim and the results are written, each in a short one, so imports and pages never wait for it."""
    items = claim_pending(limit)
    if not items:
        return 0
    return analyse_feedback(items)


def reanalyse_since(since: dt.date) -> int:
    """Put the records received since a date back in the worker's queue (after a new model version)."""
    start = timezone.make_aware(dt.datetime.combine(since, dt.time.min))
    return Feedback.objects.filter(received_at__gte=start).update(analysed_at=None)


@transaction.atomic
def correct(feedback: Feedback, *, acting_user: Any, tone: str = "", topic: Topic | None = None) -> Label:
    """An officer's correction of tone and/or topic: kept with who made it, applied to the record now."""
    label = Label.objects.create(
        feedback=feedback,
        origin=Label.Origin.STAFF,
        tone=tone,
        topic=topic,
        previous_tone=feedback.tone,
        previous_topic=feedback.topic,
        created_by=acting_user,
    )
    changes: dict[str, Any] = {}
    if tone and tone != feedback.tone:
        changes["tone"] = [feedback.tone, tone]
        feedback.tone, feedback.tone_probability = tone, 1.0
        feedback.tone_signal, feedback.tone_rule = "строка 1 таблицы: исправление сотрудника", "1"
    if topic is not None and topic.pk != feedback.topic_id:
        changes["topic"] = [feedback.topic_id, topic.pk]
        feedback.topic, feedback.topic_confidence = topic, 1.0
    feedback.save(
        update_fields=["tone", "tone_signal", "tone_rule", "tone_probability", "topic", "topic_confidence"]
    )
    audit.record("analysis.corrected", acting_user=acting_user, obj=feedback, changes=changes)
    return label
