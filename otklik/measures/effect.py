"""Did the measure work? The share of negative feedback in equal windows before and after its done date.

The scope is the measure's topics (with their subtopics), offices, and the streams of its feedback items; an
empty part of the scope does not restrict. Only feedback with a decided tone counts, and of the media only
publications about the tax service. The day of completion
itself belongs to neither window. Each window holds `window` days, fewer when the data do not reach that far
on either side (both windows are then shortened alike, so the two shares cover equal spans).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone

from otklik.lib.stats import compare_proportions
from otklik.measures.models import Measure, MeasureState
from otklik.registry.models import Feedback, Tone

DEFAULT_WINDOW_DAYS = 90
MIN_WINDOW_DAYS = 14  # shorter windows say more about the week than about the measure
MIN_ITEMS = 10  # per window, with a decided tone
ALPHA = 0.05

DECREASED = "доля снизилась значимо"
NOT_SIGNIFICANT = "изменение незначимо"
INCREASED = "доля выросла"
TOO_LITTLE = "мало данных"


@dataclasses.dataclass(frozen=True)
class Effect:
    window_days: int
    before_from: dt.date | None
    before_to: dt.date | None
    after_from: dt.date | None
    after_to: dt.date | None
    negative_before: int
    total_before: int
    negative_after: int
    total_after: int
    verdict: str
    method: str = ""
    p_two_sided: float | None = None
    p_decrease: float | None = None

    @property
    def share_before(self) -> float | None:
        return self.negative_before / self.total_before if self.total_before else None

    @property
    def share_after(self) -> float | None:
        return self.negative_after / self.total_after if self.total_after else None

    @property
    def percent_before(self) -> float | None:
        share = self.share_before
        return None if share is None else 100 * share

    @property
    def percent_after(self) -> float | None:
        share = self.share_after
        return None if share is None else 100 * share

    def as_json(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        for key, value in data.items():
            if isinstance(value, dt.date):
                data[key] = value.isoformat()
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Effect:
        values = dict(data)
        for key in ("before_from", "before_to", "after_from", "after_to"):
            if values.get(key):
                values[key] = dt.date.fromisoformat(values[key])
        return cls(**values)


def scope(measure: Measure) -> QuerySet[Feedback]:
    qs = Feedback.objects.filter(is_relevant=True).exclude(tone="")
    topic_ids = list(measure.topics.values_list("pk", flat=True))
    if topic_ids:
        qs = qs.filter(Q(topic_id__in=topic_ids) | Q(topic__parent_id__in=topic_ids))
    office_ids = list(measure.offices.values_list("pk", flat=True))
    if office_ids:
        qs = qs.filter(office_id__in=office_ids)
    channel_ids = set(measure.feedback.values_list("channel_id", flat=True))
    if channel_ids:
        qs = qs.filter(channel_id__in=channel_ids)
    return qs


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _counts(qs: QuerySet[Feedback], first: dt.date, last: dt.date) -> tuple[int, int]:
    got = qs.filter(received_at__gte=_start_of(first), received_at__lt=_start_of(last + dt.timedelta(days=1)))
    figures = got.aggregate(total=Count("pk"), negative=Count("pk", filter=Q(tone=Tone.NEGATIVE)))
    return int(figures["negative"]), int(figures["total"])


def compute(measure: Measure, *, today: dt.date | None = None, window: int = DEFAULT_WINDOW_DAYS) -> Effect:
    """The before/after comparison for a done measure; «мало данных» when there is not enough to test."""
    today = today or timezone.localdate()
    done = measure.done_date
    if measure.state != MeasureState.DONE or done is None:
        return Effect(0, None, None, None, None, 0, 0, 0, 0, TOO_LITTLE)
    qs = scope(measure)
    earliest = qs.aggregate(first=Min("received_at"))["first"]
    last_complete = today - dt.timedelta(days=1)
    days = min(window, (last_complete - done).days)
    if earliest is not None:
        days = min(days, (done - timezone.localdate(earliest)).days)
    if days < 1:
        return Effect(max(days, 0), None, None, None, None, 0, 0, 0, 0, TOO_LITTLE)
    before = (done - dt.timedelta(days=days), done - dt.timedelta(days=1))
    after = (done + dt.timedelta(days=1), done + dt.timedelta(days=days))
    negative_before, total_before = _counts(qs, *before)
    negative_after, total_after = _counts(qs, *after)
    figures = (days, *before, *after, negative_before, total_before, negative_after, total_after)
    if days < MIN_WINDOW_DAYS or min(total_before, total_after) < MIN_ITEMS:
        return Effect(*figures, verdict=TOO_LITTLE)
    result = compare_proportions(negative_before, total_before, negative_after, total_after)
    if result.p_decrease < ALPHA:
        verdict = DECREASED
    elif result.difference > 0 and result.p_two_sided < ALPHA:
        verdict = INCREASED
    else:
        verdict = NOT_SIGNIFICANT
    return Effect(
        *figures,
        verdict=verdict,
        method=str(result.method),
        p_two_sided=result.p_two_sided,
        p_decrease=result.p_decrease,
    )


def refresh(measure: Measure, *, today: dt.date | None = None) -> Effect:
    """Compute and keep the effect on the measure (a derived figure, so no audit event)."""
    effect = compute(measure, today=today)
    Measure.objects.filter(pk=measure.pk).update(effect=effect.as_json(), effect_computed_at=timezone.now())
    measure.effect = effect.as_json()
    return effect


def refresh_all(today: dt.date | None = None) -> str:
    """The worker's daily job: every done measure's effect recomputed."""
    verdicts: dict[str, int] = {}
    for measure in Measure.objects.filter(state=MeasureState.DONE).iterator():
        verdict = refresh(measure, today=today).verdict
        verdicts[verdict] = verdicts.get(verdict, 0) + 1
    summary = ", ".join(f"{v}: {n}" for v, n in sorted(verdicts.items()))
    return f"эффект мер пересчитан ({sum(verdicts.values())}){': ' + summary if summary else ''}"
