"""Monitoring work: opening the rounds of the regulation, routing negative items into analyses, closing both.

Every write is audited in the same transaction. Opening rounds and routing are idempotent and safe when two
processes run them at once: the unique constraints decide, and a loser simply finds the winner's row.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from otklik.accounts.roles import LEADERSHIP, UNIT_OFFICER
from otklik.audit import services as audit
from otklik.lib.env import env_str
from otklik.lib.periods import Period, Periodicity, due_date, period_containing, periods_between
from otklik.lib.routing import (
    GENERAL_DEPARTMENT,
    GradeAssignment,
    RouteBasis,
    RoutingItem,
    RoutingPolicy,
    TopicAssignment,
    route,
)
from otklik.lib.workdays import ProductionCalendar, default_calendar
from otklik.monitoring.models import Analysis, AnalysisTransfer, Cause, MonitoringRound
from otklik.monitoring.notifications import notify
from otklik.org.models import GradeUnit, Regulation, ResponsibilityRule, TopicUnit, Unit
from otklik.org.services import regulation_in_force
from otklik.registry.models import Feedback, Tone, counted_once

log = logging.getLogger(__name__)


class MonitoringError(ValueError):
    """A rule of the monitoring was broken; the message is for the user."""


# ----------------------------------------------------------------------------------------------------
# Time helpers


def local_date(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def day_bounds(first: dt.date, last: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start of `first`, start of the day after `last`) in the local time zone."""
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(first, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return start, end


def default_start(until: dt.date) -> dt.date:
    """The first day from which rounds are opened: a setting, else the start of the previous quarter."""
    configured = getattr(settings, "MONITORING_START", None) or env_str("OTKLIK_MONITORING_START")
    if configured:
        return configured if isinstance(configured, dt.date) else dt.date.fromisoformat(str(configured))
    this_quarter = period_containing(until, Periodicity.QUARTERLY)
    return period_containing(this_quarter.start - dt.timedelta(days=1), Periodicity.QUARTERLY).start


# ----------------------------------------------------------------------------------------------------
# Rounds


def _general_department_id() -> int | None:
    return Unit.objects.filter(code=GENERAL_DEPARTMENT).values_list("pk", flat=True).first()


def _answering_units(rule: ResponsibilityRule, period: Period) -> list[int]:
    """The units that answered items of the period; items whose answering unit is not known are the
    general department's, as routing sends them there for triage."""
    start, end = day_bounds(period.start, period.end)
    found = set(
        Feedback.objects.filter(channel_id=rule.channel_id, received_at__gte=start, received_at__lt=end)
        .order_by()
        .values_list("answering_unit_id", flat=True)
        .distinct()
    )
    if None in found:
        found.discard(None)
        general = _general_department_id()
        if general is not None:
            found.add(general)
    return sorted(u for u in found if u is not None)


def _regulations_between(start: dt.date, until: dt.date) -> list[Regulation]:
    return list(
        Regulation.objects.filter(
            Q(effective_from__lte=until), Q(effective_to__isnull=True) | Q(effective_to__gte=start)
        ).order_by("effective_from")
    )


def open_rounds(
    until: dt.date, *, start: dt.date | None = None, calendar: ProductionCalendar | None = None
) -> int:
    """Open the round of every finished period (ended before `until`) from `start`; returns how many are new.

    Each period belongs to the regulation in force on its last day. Stream 1 ("the unit that answered") gets
    one round per answering unit with items in the period.
    """
    start = start or default_start(until)
    calendar = calendar or default_calendar()
    wanted: list[MonitoringRound] = []
    for regulation in _regulations_between(start, until):
        rules = list(regulation.rules.select_related("channel"))
        for periodicity in sorted({r.periodicity for r in rules}):
            for period in periods_between(start, until - dt.timedelta(days=1), Periodicity(periodicity)):
                if period.end >= until or regulation_in_force(period.end) != regulation:
                    continue
                for rule in (r for r in rules if r.periodicity == periodicity):
                    units = _answering_units(rule, period) if rule.answering_unit else [rule.unit_id]
                    due = due_date(period.end, rule.working_days, calendar)
                    wanted.extend(
                        MonitoringRound(
                            rule=rule,
                            channel_id=rule.channel_id,
                            unit_id=unit_id,
                            periodicity=periodicity,
                            period_start=period.start,
                            period_end=period.end,
                            period_code=period.code,
                            due_date=due,
                        )
                        for unit_id in units
                        if unit_id is not None
                    )
    if not wanted:
        return 0
    existing = set(
        MonitoringRound.objects.filter(period_start__gte=min(r.period_start for r in wanted)).values_list(
            "rule_id", "period_start", "unit_id"
        )
    )
    missing = [r for r in wanted if (r.rule_id, r.period_start, r.unit_id) not in existing]
    if not missing:
        return 0
    # Every worker inserts in the same order, so two of them racing wait on each other's row instead of
    # deadlocking; the loser's insert hits the unique constraint and get_or_create finds the winner's row.
    missing.sort(key=lambda r: (r.period_start, r.rule_id, r.unit_id))
    opened: list[MonitoringRound] = []
    with transaction.atomic():
        for r in missing:
            _, created = MonitoringRound.objects.get_or_create(
                rule_id=r.rule_id,
                period_start=r.period_start,
                unit_id=r.unit_id,
                defaults={
                    "channel_id": r.channel_id,
                    "periodicity": r.periodicity,
                    "period_end": r.period_end,
                    "period_code": r.period_code,
                    "due_date": r.due_date,
                },
            )
            if created:
                opened.append(r)
        if opened:
            audit.record(
                "monitoring.rounds_opened",
                object_type="monitoring.monitoringround",
                object_repr=f"мониторинги по {until:%d.%m.%Y}",
                changes={
                    "count": len(opened),
                    "rounds": sorted(f"{r.period_code}/{r.unit_id}/{r.rule_id}" for r in opened)[:200],
                },
            )
    return len(opened)


def round_items(rnd: MonitoringRound) -> QuerySet[Feedback]:
    """The feedback items the round covers: its stream and period, and for stream 1 the answering unit (the
    general department's round also has the items whose answering unit is not known)."""
    start, end = day_bounds(rnd.period_start, rnd.period_end)
    qs = counted_once(
        Feedback.objects.filter(channel_id=rnd.channel_id, received_at__gte=start, received_at__lt=end)
    )
    if rnd.rule.answering_unit:
        answered = Q(answering_unit_id=rnd.unit_id)
        if rnd.unit_id == _general_department_id():
            answered |= Q(answering_unit__isnull=True)
        qs = qs.filter(answered)
    return qs


def round_negative_items(rnd: MonitoringRound) -> QuerySet[Feedback]:
    return round_items(rnd).filter(tone=Tone.NEGATIVE)


@dataclass(frozen=True, slots=True)
class RoundWork:
    """Where the analysis of a round's negative items stands: the round's own unit's part decides whether
    it may close; what other units hold is followed, not waited for."""

    negative: int
    unrouted: int
    own_open: int
    own_closed: int
    elsewhere_open: dict[Unit, int]
    elsewhere_closed: int

    @property
    def elsewhere_open_total(self) -> int:
        return sum(self.elsewhere_open.values())


def round_work(rnd: MonitoringRound) -> RoundWork:
    negatives = round_negative_items(rnd)
    rows = (
        Analysis.objects.filter(
            feedback__in=negatives, state__in=[Analysis.State.OPEN, Analysis.State.CLOSED]
        )
        .order_by()
        .values_list("unit_id", "state")
    )
    own_open = own_closed = elsewhere_closed = 0
    elsewhere: Counter[int] = Counter()
    for unit_id, state in rows:
        if unit_id == rnd.unit_id:
            own_open += state == Analysis.State.OPEN
            own_closed += state == Analysis.State.CLOSED
        elif state == Analysis.State.OPEN:
            elsewhere[unit_id] += 1
        else:
            elsewhere_closed += 1
    units = Unit.objects.in_bulk(list(elsewhere))
    return RoundWork(
        negative=negatives.count(),
        unrouted=negatives.filter(analysis__isnull=True).count(),
        own_open=own_open,
        own_closed=own_closed,
        elsewhere_open={units[u]: n for u, n in sorted(elsewhere.items(), key=lambda kv: -kv[1])},
        elsewhere_closed=elsewhere_closed,
    )


class RoundStatus:
    ON_TIME = "on_time"
    LATE = "late"
    OVERDUE = "overdue"
    OPEN = "open"

    LABELS = {ON_TIME: "в срок", LATE: "с опозданием", OVERDUE: "просрочен", OPEN: "открыт"}


def round_status(rnd: MonitoringRound, today: dt.date) -> str:
    """в срок / с опозданием (closed after the due date) / просрочен / открыт (still within the term)."""
    if rnd.state == MonitoringRound.State.CLOSED and rnd.closed_at is not None:
        return RoundStatus.ON_TIME if local_date(rnd.closed_at) <= rnd.due_date else RoundStatus.LATE
    return RoundStatus.OVERDUE if today > rnd.due_date else RoundStatus.OPEN


@dataclass(frozen=True, slots=True)
class RoundRow:
    round: MonitoringRound
    status: str

    @property
    def status_label(self) -> str:
        return RoundStatus.LABELS[self.status]


def rounds_of_period(
    start: dt.date, end: dt.date, today: dt.date, *, queryset: QuerySet[MonitoringRound] | None = None
) -> list[RoundRow]:
    """The rounds whose period ends within [start, end], each with its status on `today`."""
    qs = queryset if queryset is not None else MonitoringRound.objects.all()
    qs = qs.filter(period_end__gte=start, period_end__lte=end).select_related("channel", "unit", "rule")
    return [
        RoundRow(r, round_status(r, today)) for r in qs.order_by("due_date", "channel__number", "unit__code")
    ]


def due_and_overdue_on(day: dt.date, *, queryset: QuerySet[MonitoringRound] | None = None) -> dict[str, int]:
    """How many rounds fall due on `day` and how many are overdue on it (open past their due date)."""
    qs = queryset if queryset is not None else MonitoringRound.objects.all()
    return {
        "due": qs.filter(due_date=day).count(),
        "overdue": qs.filter(state=MonitoringRound.State.OPEN, due_date__lt=day).count(),
    }


@transaction.atomic
def close_round(rnd: MonitoringRound, conclusion: str, acting_user: Any) -> MonitoringRound:
    rnd = MonitoringRound.objects.select_for_update().select_related("rule").get(pk=rnd.pk)
    if rnd.state == MonitoringRound.State.CLOSED:
        raise MonitoringError("Мониторинг за этот период уже закрыт")
    conclusion = conclusion.strip()
    if not conclusion:
        raise MonitoringError("Укажите вывод по итогам мониторинга")
    work = round_work(rnd)
    if work.unrouted:
        raise MonitoringError(
            f"Не направлены на анализ отрицательные отзывы периода: {work.unrouted}. "
            "Дождитесь направления или передайте их вручную."
        )
    if work.own_open:
        raise MonitoringError(
            f"Не завершен анализ отрицательных отзывов вашего подразделения: {work.own_open}. "
            "Закройте анализ каждого из них."
        )
    before = audit.snapshot(rnd)
    rnd.state = MonitoringRound.State.CLOSED
    rnd.conclusion = conclusion
    rnd.closed_at = timezone.now()
    rnd.closed_by = acting_user if getattr(acting_user, "pk", None) else None
    rnd.save(update_fields=["state", "conclusion", "closed_at", "closed_by"])
    audit.record(
        "monitoring.round_closed",
        acting_user=acting_user,
        obj=rnd,
        changes={
            **audit.diff(before, audit.snapshot(rnd)),
            "open_elsewhere": {u.code: n for u, n in work.elsewhere_open.items()},
        },
    )
    return rnd


# ----------------------------------------------------------------------------------------------------
# Routing negative items into analyses


def routing_policy() -> RoutingPolicy:
    links = TopicUnit.objects.select_related("topic", "unit")
    grade_lines = GradeUnit.objects.select_related("service", "unit")
    return RoutingPolicy(
        topic_map=tuple(TopicAssignment(t.topic.code, t.unit.code, t.valid_from, t.valid_to) for t in links),
        grade_map=tuple(
            GradeAssignment(
                g.criterion, g.service.code if g.service else "", g.unit.code, g.valid_from, g.valid_to
            )
            for g in grade_lines
        ),
        unit_names=dict(Unit.objects.values_list("code", "name")),
    )


def pending_items() -> QuerySet[Feedback]:
    # A publication waits until linking has looked for its other copies, so that one story gets one analysis.
    return (
        counted_once(
            Feedback.objects.filter(tone=Tone.NEGATIVE, analysed_at__isnull=False, analysis__isnull=True)
        )
        .exclude(channel__code="media", links_checked=False)
        .order_by("received_at", "pk")
    )


def route_pending(limit: int | None = None) -> int:
    """Give every analysed negative item without an analysis exactly one, held by the competent unit."""
    policy = routing_policy()
    units = {u.code: u for u in Unit.objects.all()}
    rules: dict[tuple[int, dt.date], ResponsibilityRule | None] = {}
    created: Counter[int] = Counter()
    items = pending_items().select_related("channel", "topic", "answering_unit", "service")
    for item in items[:limit] if limit else items:
        day = local_date(item.received_at)
        key = (item.channel_id, day)
        if key not in rules:
            regulation = regulation_in_force(day)
            rules[key] = (
                ResponsibilityRule.objects.filter(regulation=regulation, channel_id=item.channel_id).first()
                if regulation
                else None
            )
        rule = rules[key]
        decision = route(
            RoutingItem(
                channel=item.channel.code,
                on_date=day,
                to_answering_unit=bool(rule and rule.answering_unit),
                answering_unit=item.answering_unit.code if item.answering_unit else None,
                topic=item.topic.code if item.topic else None,
                topic_name=item.topic.name if item.topic else None,
                confidence=item.topic_confidence,
                grades=item.grades or None,
                service=item.service.code if item.service else None,
                service_name=item.service.name if item.service else None,
            ),
            policy,
        )
        unit = units.get(decision.unit) or units.get(GENERAL_DEPARTMENT)
        if unit is None:
            log.warning("feedback %s not routed: no unit %s", item.pk, decision.unit)
            continue
        if _create_analysis(item, unit, decision.reason, str(decision.basis)):
            created[unit.pk] += 1
    _announce_new(created)
    return sum(created.values())


def follow_tone() -> tuple[int, int]:
    """Open analyses of items whose tone is no longer negative (a correction on the card, a new model
    version) are withdrawn, and withdrawn ones whose item is negative again are open again, with what the
    unit had written. Closed analyses stay as they are. Returns (withdrawn, restored)."""
    withdrawn = restored = 0
    moves = (
        (Analysis.State.OPEN, Analysis.State.WITHDRAWN, ~Q(feedback__tone=Tone.NEGATIVE)),
        (Analysis.State.WITHDRAWN, Analysis.State.OPEN, Q(feedback__tone=Tone.NEGATIVE)),
    )
    for before, after, condition in moves:
        ids = list(Analysis.objects.filter(condition, state=before).values_list("pk", flat=True))
        for pk in ids:
            with transaction.atomic():
                analysis = Analysis.objects.select_for_update().select_related("feedback").get(pk=pk)
                if analysis.state != before or (analysis.feedback.tone == Tone.NEGATIVE) != (
                    after == Analysis.State.OPEN
                ):
                    continue  # changed meanwhile
                analysis.state = after
                analysis.save(update_fields=["state", "updated_at"])
                audit.record(
                    "monitoring.analysis_withdrawn"
                    if after == Analysis.State.WITHDRAWN
                    else "monitoring.analysis_restored",
                    obj=analysis,
                    changes={"state": [before, after], "tone": analysis.feedback.tone},
                )
            if after == Analysis.State.WITHDRAWN:
                withdrawn += 1
            else:
                restored += 1
    return withdrawn, restored


@transaction.atomic
def _create_analysis(item: Feedback, unit: Unit, reason: str, basis: str) -> bool:
    analysis, created = Analysis.objects.get_or_create(
        feedback=item, defaults={"unit": unit, "triage": basis == RouteBasis.TRIAGE}
    )
    if not created:
        return False
    AnalysisTransfer.objects.create(analysis=analysis, to_unit=unit, reason=reason, basis=basis)
    audit.record(
        "monitoring.analysis_routed",
        obj=analysis,
        changes={"feedback": item.pk, "unit": unit.code, "basis": basis, "reason": reason},
    )
    return True


def _announce_new(created: Counter[int]) -> None:
    if not created:
        return
    for unit in Unit.objects.filter(pk__in=list(created)):
        count = created[unit.pk]
        notify(
            unit=unit,
            text=f"Поступили на анализ отрицательные отзывы: {count}",
            link=reverse("monitoring:my_unit"),
        )


# ----------------------------------------------------------------------------------------------------
# Analysis


def _user(acting_user: Any) -> Any:
    return acting_user if getattr(acting_user, "pk", None) else None


@transaction.atomic
def transfer(analysis: Analysis, to_unit: Unit, reason: str, acting_user: Any) -> Analysis:
    """Hand an open analysis to another unit, with the reason; the history keeps every holder."""
    analysis = Analysis.objects.select_for_update().get(pk=analysis.pk)
    if analysis.state == Analysis.State.CLOSED:
        raise MonitoringError("Анализ закрыт: передать его нельзя")
    reason = reason.strip()
    if not reason:
        raise MonitoringError("Укажите причину передачи")
    if to_unit.pk == analysis.unit_id:
        raise MonitoringError("Анализ уже находится в этом подразделении")
    from_unit_id = analysis.unit_id
    analysis.unit = to_unit
    analysis.triage = to_unit.code == GENERAL_DEPARTMENT and analysis.triage
    analysis.taken_by, analysis.taken_at = None, None  # the new unit decides who works on it
    analysis.save(update_fields=["unit", "triage", "taken_by", "taken_at", "updated_at"])
    AnalysisTransfer.objects.create(
        analysis=analysis,
        from_unit_id=from_unit_id,
        to_unit=to_unit,
        reason=reason,
        basis="transfer",
        by=_user(acting_user),
    )
    audit.record(
        "monitoring.analysis_transferred",
        acting_user=acting_user,
        obj=analysis,
        changes={"unit": [from_unit_id, to_unit.pk], "reason": reason},
    )
    notify(
        unit=to_unit,
        text=f"Передан на анализ отзыв № {analysis.feedback_id}: {reason}",
        link=reverse("monitoring:analysis", args=[analysis.pk]),
    )
    return analysis


@transaction.atomic
def record_analysis(
    analysis: Analysis,
    *,
    well_founded: str,
    cause: Cause | None,
    comment: str = "",
    no_measure_reason: str = "",
    acting_user: Any = None,
) -> Analysis:
    """Save the unit's findings on an open analysis."""
    analysis = Analysis.objects.select_for_update().get(pk=analysis.pk)
    if analysis.state != Analysis.State.OPEN:
        raise MonitoringError(f"Анализ {analysis.get_state_display()}: изменить его нельзя")
    if well_founded and well_founded not in Analysis.WellFounded.values:
        raise MonitoringError("Неизвестное значение обоснованности")
    before = audit.snapshot(analysis)
    analysis.well_founded = well_founded
    analysis.cause = cause
    analysis.comment = comment.strip()
    analysis.no_measure_reason = no_measure_reason.strip()
    analysis.save()
    audit.record(
        "monitoring.analysis_recorded",
        acting_user=acting_user,
        obj=analysis,
        changes=audit.diff(before, audit.snapshot(analysis)),
    )
    return analysis


# Whether a measure (not rejected) answers an analysis or covers its item: the measures app, which builds on
# this one, puts its check here when it starts (`MeasuresConfig.ready`).
MEASURE_CHECKS: list[Callable[[Analysis], bool]] = []


def has_measure(analysis: Analysis) -> bool:
    return any(check(analysis) for check in MEASURE_CHECKS)


@transaction.atomic
def close_analysis(analysis: Analysis, acting_user: Any) -> Analysis:
    """Close an analysis; a (partly) well-founded complaint needs a measure or a reason for having none."""
    analysis = Analysis.objects.select_for_update().get(pk=analysis.pk)
    if analysis.state != Analysis.State.OPEN:
        raise MonitoringError(f"Анализ {analysis.get_state_display()}: закрыть его нельзя")
    if not analysis.well_founded:
        raise MonitoringError("Укажите, обоснован ли отзыв")
    if analysis.cause_id is None:
        raise MonitoringError("Укажите причину")
    if analysis.is_well_founded and not analysis.no_measure_reason and not has_measure(analysis):
        raise MonitoringError("Отзыв обоснован: предложите меру или укажите, почему мера не нужна")
    analysis.state = Analysis.State.CLOSED
    analysis.closed_at = timezone.now()
    analysis.closed_by = _user(acting_user)
    analysis.save(update_fields=["state", "closed_at", "closed_by", "updated_at"])
    audit.record(
        "monitoring.analysis_closed",
        acting_user=acting_user,
        obj=analysis,
        changes={"well_founded": analysis.well_founded, "cause": analysis.cause_id},
    )
    return analysis


@transaction.atomic
def reopen_analysis(analysis: Analysis, acting_user: Any) -> Analysis:
    analysis = Analysis.objects.select_for_update().get(pk=analysis.pk)
    if analysis.state != Analysis.State.CLOSED:
        raise MonitoringError("Анализ не закрыт")
    analysis.state = Analysis.State.OPEN
    analysis.closed_at = None
    analysis.closed_by = None
    analysis.save(update_fields=["state", "closed_at", "closed_by", "updated_at"])
    audit.record("monitoring.analysis_reopened", acting_user=acting_user, obj=analysis)
    return analysis


@transaction.atomic
def take(analysis: Analysis, acting_user: Any) -> Analysis:
    """The officer takes an open analysis of their unit into their own work."""
    analysis = Analysis.objects.select_for_update().get(pk=analysis.pk)
    if analysis.state != Analysis.State.OPEN:
        raise MonitoringError(f"Отзыв № {analysis.feedback_id}: анализ {analysis.get_state_display()}")
    if analysis.taken_by_id == getattr(acting_user, "pk", None):
        return analysis
    before = analysis.taken_by_id
    analysis.taken_by = _user(acting_user)
    analysis.taken_at = timezone.now()
    analysis.save(update_fields=["taken_by", "taken_at", "updated_at"])
    audit.record(
        "monitoring.analysis_taken",
        acting_user=acting_user,
        obj=analysis,
        changes={"taken_by": [before, analysis.taken_by_id]},
    )
    return analysis


def close_unfounded(analysis: Analysis, cause: Cause, reason: str, acting_user: Any) -> Analysis:
    """Record the item as not well-founded, with its cause and the reason, and close its analysis."""
    reason = reason.strip()
    if not reason:
        raise MonitoringError("Укажите, почему отзыв не обоснован")
    record_analysis(
        analysis, well_founded=Analysis.WellFounded.NO, cause=cause, comment=reason, acting_user=acting_user
    )
    return close_analysis(analysis, acting_user)


BULK_ACTIONS = {
    "take": "взяты в работу",
    "transfer": "переданы",
    "close_unfounded": "закрыты как необоснованные",
}


@transaction.atomic
def bulk(
    ids: Iterable[int],
    action: str,
    *,
    acting_user: Any,
    unit: Unit,
    to_unit: Unit | None = None,
    cause: Cause | None = None,
    reason: str = "",
) -> int:
    """One action on several analyses of `unit` at once, each audited as if done alone; all or none: the
    first refusal undoes the rest and names the item. Returns how many were changed."""
    wanted = sorted(set(ids))
    if not wanted:
        raise MonitoringError("Отметьте отзывы, к которым применить действие")
    if action not in BULK_ACTIONS:
        raise MonitoringError("Неизвестное действие")
    found = list(Analysis.objects.filter(pk__in=wanted, unit=unit).order_by("pk"))
    if len(found) != len(wanted):
        raise MonitoringError("Часть отмеченных отзывов не находится на анализе в вашем подразделении")
    if action == "transfer" and to_unit is None:
        raise MonitoringError("Выберите подразделение, которому передать")
    if action == "close_unfounded" and cause is None:
        raise MonitoringError("Выберите причину")
    for analysis in found:
        try:
            if action == "take":
                take(analysis, acting_user)
            elif action == "transfer":
                assert to_unit is not None
                transfer(analysis, to_unit, reason, acting_user)
            else:
                assert cause is not None
                close_unfounded(analysis, cause, reason, acting_user)
        except MonitoringError as exc:
            message = str(exc)
            if not message.startswith("Отзыв №"):
                message = f"Отзыв № {analysis.feedback_id}: {message[:1].lower()}{message[1:]}"
            raise MonitoringError(f"{message}. Ничего не изменено.") from exc
    return len(found)


# ----------------------------------------------------------------------------------------------------
# Reminders


def _recipients(unit: Unit) -> tuple[list[Any], list[Any]]:
    users = get_user_model().objects.filter(is_active=True)
    officers = list(users.filter(unit=unit, groups__name=UNIT_OFFICER).distinct())
    leaders = list(users.filter(groups__name=LEADERSHIP).distinct())
    return officers, leaders


def _emails(people: Iterable[Any], unit: Unit) -> list[str]:
    found = {p.email for p in people if p.email}
    if unit.email:
        found.add(unit.email)
    return sorted(found)


def remind_overdue(today: dt.date | None = None) -> int:
    """Remind about every open round past its due date, once per round and day; returns the rounds reminded.

    A unit gets one letter and one notification a day listing all its overdue rounds, not one per round:
    the recipients are the unit's officers (and its own address) and the leadership.
    """
    today = today or timezone.localdate()
    not_today = Q(reminded_on__isnull=True) | Q(reminded_on__lt=today)
    overdue = MonitoringRound.objects.filter(state=MonitoringRound.State.OPEN, due_date__lt=today)
    units = Unit.objects.filter(pk__in=overdue.filter(not_today).values("unit_id")).order_by("code")
    site = env_str("OTKLIK_SITE_URL").rstrip("/")
    reminded = 0
    for unit in units:
        with transaction.atomic():
            candidates = list(
                overdue.filter(not_today, unit=unit)
                .select_related("channel")
                .order_by("due_date", "channel__number")
            )
            # Each round's conditional update is its claim: a second worker finds nothing left to update.
            rounds = [
                r
                for r in candidates
                if MonitoringRound.objects.filter(not_today, pk=r.pk).update(reminded_on=today)
            ]
            if not rounds:
                continue
            lines = [
                f"— {r.channel.name}, {period_label(r)}: срок {r.due_date:%d.%m.%Y}, "
                f"просрочка {(today - r.due_date).days} дн. {site}{reverse('monitoring:round', args=[r.pk])}"
                for r in rounds
            ]
            first = rounds[0]
            if len(rounds) == 1:
                text = f"Просрочен мониторинг: {first.channel.name}, {period_label(first)}, {unit}"
                link = reverse("monitoring:round", args=[first.pk])
            else:
                text = f"Просрочены мониторинги ({len(rounds)}): {unit}"
                link = reverse("monitoring:calendar") + f"?unit={unit.pk}&status=overdue"
            officers, leaders = _recipients(unit)
            notify(unit=unit, users=leaders, text=text, link=link)
            recipients = _emails([*officers, *leaders], unit)
            if recipients:
                send_mail(
                    subject=f"Отклик: {text[:1].lower()}{text[1:]}",
                    message=f"{text}, на {today:%d.%m.%Y}:\n\n" + "\n".join(lines),
                    from_email=None,
                    recipient_list=recipients,
                    fail_silently=False,
                )
            audit.record(
                "monitoring.rounds_reminded",
                obj=unit,
                changes={"day": str(today), "rounds": [r.pk for r in rounds], "emails": recipients},
            )
            reminded += len(rounds)
    return reminded


def period_label(rnd: MonitoringRound) -> str:
    return Period(rnd.period_start, rnd.period_end, Periodicity(rnd.periodicity)).label
