"""Writing measures and alerts: each change validated, saved and audited in one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from otklik.audit import services as audit
from otklik.measures import permissions
from otklik.measures.models import Alert, AlertState, Measure, MeasureEvent, MeasureState
from otklik.monitoring.models import Analysis
from otklik.org.models import TaxOffice, Topic, Unit
from otklik.registry.models import Feedback


class TransitionError(ValueError):
    """A step the measure's workflow does not allow from its current state, or with these data."""


# state -> the states a measure may go to from it
TRANSITIONS: dict[str, tuple[str, ...]] = {
    MeasureState.PROPOSED: (MeasureState.APPROVED, MeasureState.REJECTED),
    MeasureState.APPROVED: (MeasureState.IN_PROGRESS, MeasureState.REJECTED),
    MeasureState.IN_PROGRESS: (MeasureState.DONE,),
    MeasureState.DONE: (),
    MeasureState.REJECTED: (),
}


@transaction.atomic
def propose(
    *,
    acting_user: Any,
    title: str,
    unit: Unit,
    due_date: dt.date,
    description: str = "",
    responsible: Any = None,
    feedback: Iterable[Feedback] = (),
    topics: Iterable[Topic] = (),
    offices: Iterable[TaxOffice] = (),
    analyses: Iterable[Analysis] = (),
) -> Measure:
    if not permissions.may_propose(acting_user):
        raise PermissionDenied("нет права предлагать меры")
    title = title.strip()
    if not title:
        raise TransitionError("укажите, что будет сделано")
    if due_date < timezone.localdate():
        raise TransitionError("срок не может быть в прошлом")
    if responsible is not None and responsible.unit_id != unit.pk:
        raise TransitionError("ответственный сотрудник должен быть из ответственного подразделения")
    measure = Measure.objects.create(
        title=title,
        description=description.strip(),
        unit=unit,
        responsible=responsible,
        due_date=due_date,
        proposed_by=acting_user if getattr(acting_user, "pk", None) else None,
    )
    measure.feedback.set(list(feedback))
    measure.topics.set(list(topics))
    measure.offices.set(list(offices))
    analysis_ids = sorted(a.pk for a in analyses)
    measure.analyses.set(analysis_ids)
    if not (measure.feedback.exists() or measure.topics.exists() or measure.offices.exists()):
        raise TransitionError("мера должна касаться хотя бы одного отзыва, тематики или налогового органа")
    _event(measure, acting_user, "", MeasureState.PROPOSED, "")
    audit.record(
        "measure.proposed",
        acting_user=acting_user,
        obj=measure,
        changes={
            **audit.snapshot(measure, ["title", "unit_id", "responsible_id", "due_date", "state"]),
            "feedback": sorted(measure.feedback.values_list("pk", flat=True)),
            "topics": sorted(measure.topics.values_list("code", flat=True)),
            "offices": sorted(measure.offices.values_list("code", flat=True)),
            "analyses": analysis_ids,
        },
    )
    return measure


def approve(measure: Measure, *, acting_user: Any) -> Measure:
    if not permissions.may_approve(acting_user):
        raise PermissionDenied("согласовать меру может только руководство")
    return _move(measure, MeasureState.APPROVED, acting_user=acting_user)


def reject(measure: Measure, *, acting_user: Any, reason: str) -> Measure:
    if not permissions.may_approve(acting_user):
        raise PermissionDenied("отклонить меру может только руководство")
    if not reason.strip():
        raise TransitionError("укажите причину отклонения")
    return _move(measure, MeasureState.REJECTED, acting_user=acting_user, comment=reason.strip())


def start(measure: Measure, *, acting_user: Any) -> Measure:
    if not permissions.may_progress(acting_user, measure):
        raise PermissionDenied("начать выполнение может ответственное подразделение")
    return _move(measure, MeasureState.IN_PROGRESS, acting_user=acting_user)


OUTCOME_REQUIRED = "опишите, что сделано и каков результат"


def complete(
    measure: Measure, *, acting_user: Any, outcome: str, done_date: dt.date | None = None
) -> Measure:
    """Mark the measure done, with what the unit did and what came of it (kept on the measure and quoted in
    the reports; the history keeps it too)."""
    if not permissions.may_progress(acting_user, measure):
        raise PermissionDenied("отметить выполнение может ответственное подразделение")
    outcome = outcome.strip()
    if not outcome:
        raise TransitionError(OUTCOME_REQUIRED)
    done = done_date or timezone.localdate()
    if done > timezone.localdate():
        raise TransitionError("дата выполнения не может быть в будущем")
    if done < timezone.localdate(measure.created_at):
        raise TransitionError("дата выполнения раньше, чем мера была предложена")
    return _move(
        measure, MeasureState.DONE, acting_user=acting_user, comment=outcome, done_date=done, outcome=outcome
    )


AUDITED_FIELDS = ["state", "rejection_reason", "done_date", "outcome"]


@transaction.atomic
def _move(
    measure: Measure,
    to_state: str,
    *,
    acting_user: Any,
    comment: str = "",
    done_date: dt.date | None = None,
    outcome: str | None = None,
) -> Measure:
    locked = Measure.objects.select_for_update().get(pk=measure.pk)
    from_state = locked.state
    if to_state not in TRANSITIONS[from_state]:
        raise TransitionError(
            f"мера в состоянии «{MeasureState(from_state).label}» не может перейти "
            f"в состояние «{MeasureState(to_state).label}»"
        )
    before = audit.snapshot(locked, AUDITED_FIELDS)
    locked.state = to_state
    if to_state == MeasureState.REJECTED:
        locked.rejection_reason = comment
    if done_date is not None:
        locked.done_date = done_date
    if outcome is not None:
        locked.outcome = outcome
    locked.save(update_fields=AUDITED_FIELDS)
    _event(locked, acting_user, from_state, to_state, comment)
    audit.record(
        f"measure.{to_state}",
        acting_user=acting_user,
        obj=locked,
        changes=audit.diff(before, audit.snapshot(locked, AUDITED_FIELDS)),
    )
    measure.refresh_from_db()
    return locked


def _event(measure: Measure, acting_user: Any, from_state: str, to_state: str, comment: str) -> None:
    MeasureEvent.objects.create(
        measure=measure,
        actor=acting_user if getattr(acting_user, "pk", None) else None,
        from_state=from_state,
        to_state=to_state,
        comment=comment,
    )


@transaction.atomic
def handle_alert(alert: Alert, *, acting_user: Any, to_state: str, comment: str = "") -> Alert:
    """Acknowledge (open → acknowledged) or close (open or acknowledged → closed) an alert."""
    if not permissions.may_handle_alert(acting_user, alert):
        raise PermissionDenied("нет права обрабатывать этот всплеск")
    locked = Alert.objects.select_for_update().get(pk=alert.pk)
    allowed = {
        AlertState.ACKNOWLEDGED: (AlertState.OPEN,),
        AlertState.CLOSED: (AlertState.OPEN, AlertState.ACKNOWLEDGED),
    }
    if locked.state not in allowed.get(to_state, ()):  # type: ignore[call-overload]
        raise TransitionError(
            f"всплеск в состоянии «{AlertState(locked.state).label}» нельзя перевести "
            f"в состояние «{AlertState(to_state).label}»"
        )
    before = locked.state
    locked.state = to_state
    locked.handled_by = acting_user
    locked.handled_at = timezone.now()
    if comment.strip():
        locked.comment = comment.strip()
    locked.save(update_fields=["state", "handled_by", "handled_at", "comment"])
    audit.record(
        f"alert.{to_state}",
        acting_user=acting_user,
        obj=locked,
        changes={"state": [before, to_state], "comment": locked.comment},
    )
    return locked
