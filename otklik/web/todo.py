"""What each person has to do today, read from every app: the home page's lists.

An officer sees their unit's rounds falling due, the analyses waiting (oldest and most serious first), the
measures due and what other units handed over; leadership, what waits for its decision and how the quarter
goes; the administrator, what broke in the intake and the worker.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django_tasks_db.models import DBTaskResult

from otklik.intake.models import MediaFeed, QuarantineRow
from otklik.lib.periods import Periodicity, period_containing
from otklik.measures.models import Alert, AlertState, Measure, MeasureState
from otklik.monitoring import services as monitoring
from otklik.monitoring.models import Analysis, AnalysisTransfer, MonitoringRound
from otklik.org.models import Channel
from otklik.registry.access import shown_text, shown_title
from otklik.registry.models import Feedback, ImportBatch, Tone
from otklik.reports.periods import received_range
from otklik.worker.models import PeriodicRun, WorkerHeartbeat

DUE_SOON_DAYS = 7  # a round due within a week is on the list before it is late
MEASURE_HORIZON_DAYS = 30
WORKER_LEASE = dt.timedelta(minutes=10)  # the worker's own default: no signal for this long means stopped

SORTS = {
    "oldest": (
        "сначала давние",
        (
            F("feedback__received_at").asc(),
            F("feedback__is_complaint").desc(nulls_last=True),
            F("feedback__tone_probability").desc(nulls_last=True),
        ),
    ),
    "serious": (
        "сначала серьезные",
        (
            F("feedback__is_complaint").desc(nulls_last=True),
            F("feedback__tone_probability").desc(nulls_last=True),
            F("feedback__received_at").asc(),
        ),
    ),
    "newest": ("сначала новые", (F("feedback__received_at").desc(),)),
}
WHO = {
    "": "все",
    "free": "никем не взятые",
    "mine": "взятые мной",
    "handed": "переданные из других подразделений",
}


@dataclasses.dataclass(frozen=True)
class AnalysisFilter:
    who: str = ""
    channel: int | None = None
    sort: str = "oldest"

    @classmethod
    def parse(cls, params: Any) -> AnalysisFilter:
        """Unknown values fall back to the defaults: a hand-edited address never fails the page."""
        who = params.get("who", "")
        sort = params.get("sort", "oldest")
        channel = params.get("channel", "")
        return cls(
            who=who if who in WHO else "",
            channel=int(channel) if channel.isdigit() else None,
            sort=sort if sort in SORTS else "oldest",
        )


def masked_summary(feedback: Feedback) -> str:
    """The list shows every role the text with personal data masked: reading it unmasked is a look at the
    record's card, where it is audited (152-ФЗ)."""
    nobody = AnonymousUser()  # holds no right, so the one masking rule of `intake.access` applies
    return shown_title(feedback, nobody) or shown_text(feedback, nobody)[:160]


def handed_over() -> Exists:
    """The analysis came to its unit from another one (not by the first routing)."""
    return Exists(
        AnalysisTransfer.objects.filter(
            analysis=OuterRef("pk"), to_unit=OuterRef("unit"), from_unit__isnull=False
        )
    )


def unit_analyses(user: Any, chosen: AnalysisFilter) -> QuerySet[Analysis]:
    qs = Analysis.objects.filter(unit_id=user.unit_id, state=Analysis.State.OPEN).select_related(
        "feedback__channel", "feedback__topic", "feedback__office", "taken_by"
    )
    if chosen.who == "free":
        qs = qs.filter(taken_by__isnull=True)
    elif chosen.who == "mine":
        qs = qs.filter(taken_by=user)
    elif chosen.who == "handed":
        qs = qs.filter(handed_over())
    if chosen.channel:
        qs = qs.filter(feedback__channel__number=chosen.channel)
    return qs.order_by(*SORTS[chosen.sort][1], "pk")


def officer(user: Any, today: dt.date) -> dict[str, Any]:
    unit_rounds = MonitoringRound.objects.filter(unit_id=user.unit_id, state=MonitoringRound.State.OPEN)
    soon = unit_rounds.filter(due_date__lte=today + dt.timedelta(days=DUE_SOON_DAYS)).select_related(
        "channel", "unit", "rule"
    )
    rows = [
        monitoring.RoundRow(r, monitoring.round_status(r, today))
        for r in soon.order_by("due_date", "channel__number")
    ]
    open_analyses = Analysis.objects.filter(unit_id=user.unit_id, state=Analysis.State.OPEN)
    measures = (
        Measure.objects.filter(
            unit_id=user.unit_id,
            state__in=[MeasureState.APPROVED, MeasureState.IN_PROGRESS, MeasureState.PROPOSED],
        )
        .filter(due_date__lte=today + dt.timedelta(days=MEASURE_HORIZON_DAYS))
        .order_by("due_date", "pk")
    )
    return {
        "rounds": rows,
        "overdue_count": sum(1 for r in rows if r.status == monitoring.RoundStatus.OVERDUE),
        "due_soon_count": sum(1 for r in rows if r.status != monitoring.RoundStatus.OVERDUE),
        "open_rounds_count": unit_rounds.count(),
        "analyses_count": open_analyses.count(),
        "free_count": open_analyses.filter(taken_by__isnull=True).count(),
        "handed_count": open_analyses.filter(handed_over()).count(),
        "measures": list(measures[:10]),
        "measures_count": measures.count(),
        "measures_late": measures.filter(due_date__lt=today).count(),
    }


@dataclasses.dataclass
class Glance:
    label: str
    total: int
    negative: int
    rounds: Counter[str]
    measures_done: int

    @property
    def share(self) -> float | None:
        return 100 * self.negative / self.total if self.total else None


def quarter_glance(today: dt.date) -> Glance:
    quarter = period_containing(today, Periodicity.QUARTERLY)
    start, end = received_range(quarter.start, today)
    counted = Feedback.objects.filter(received_at__gte=start, received_at__lt=end)
    rounds = Counter(row.status for row in monitoring.rounds_of_period(quarter.start, quarter.end, today))
    return Glance(
        label=f"{quarter.label}, по {today:%d.%m.%Y}",
        total=counted.count(),
        negative=counted.filter(tone=Tone.NEGATIVE).count(),
        rounds=rounds,
        measures_done=Measure.objects.filter(state=MeasureState.DONE, done_date__gte=quarter.start).count(),
    )


def leadership(today: dt.date) -> dict[str, Any]:
    waiting = Measure.objects.filter(state=MeasureState.PROPOSED).select_related("unit", "proposed_by")
    overdue = MonitoringRound.objects.filter(state=MonitoringRound.State.OPEN, due_date__lt=today)
    by_unit: dict[int, dict[str, Any]] = {}
    for rnd in overdue.select_related("unit").order_by("due_date"):
        row = by_unit.setdefault(rnd.unit_id, {"unit": rnd.unit, "count": 0, "oldest": rnd.due_date})
        row["count"] += 1
    alerts = Alert.objects.filter(state=AlertState.OPEN).order_by("-day", "-pk")
    return {
        "waiting": list(waiting.order_by("created_at", "pk")[:20]),
        "waiting_count": waiting.count(),
        "overdue_by_unit": sorted(by_unit.values(), key=lambda r: (-r["count"], r["unit"].code)),
        "overdue_total": overdue.count(),
        "alerts": list(alerts[:10]),
        "alerts_count": alerts.count(),
        "glance": quarter_glance(today),
    }


def administrator(now: dt.datetime) -> dict[str, Any]:
    failed = ImportBatch.objects.filter(status=ImportBatch.Status.FAILED).select_related("channel")
    feeds = MediaFeed.objects.filter(enabled=True, last_status__startswith="ошибка").order_by("name")
    alive = WorkerHeartbeat.objects.filter(last_seen__gte=now - WORKER_LEASE).order_by("worker_id")
    queued = DBTaskResult.objects.filter(status="READY")
    failed_tasks = DBTaskResult.objects.filter(status="FAILED", finished_at__gte=now - dt.timedelta(days=1))
    last_runs = PeriodicRun.objects.filter(
        started_at__gte=now - dt.timedelta(days=1), outcome=PeriodicRun.Outcome.FAILED
    ).order_by("-started_at")
    stale_since = now - dt.timedelta(days=1)
    return {
        "failed_batches": list(failed.order_by("-created_at")[:10]),
        "failed_batches_count": failed.count(),
        "quarantine_count": QuarantineRow.objects.filter(status=QuarantineRow.Status.OPEN).count(),
        "feeds": list(feeds),
        "feeds_silent": MediaFeed.objects.filter(enabled=True)
        .filter(Q(last_polled_at__isnull=True) | Q(last_polled_at__lt=stale_since))
        .count(),
        "workers": list(alive),
        "queued": queued.count(),
        "oldest_queued": queued.order_by("enqueued_at").values_list("enqueued_at", flat=True).first(),
        "failed_tasks": failed_tasks.count(),
        "failed_runs": list(last_runs[:10]),
    }


def channels() -> QuerySet[Channel]:
    return Channel.objects.order_by("number")
