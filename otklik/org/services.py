"""Reads and writes of the reference data. Every write is audited in its own transaction."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q

from otklik.audit import services as audit
from otklik.org.models import Channel, Regulation, ResponsibilityRule, Topic, TopicUnit, Unit


@dataclasses.dataclass(frozen=True, slots=True)
class Responsibility:
    regulation: Regulation
    rule: ResponsibilityRule

    @property
    def unit(self) -> Unit | None:
        return self.rule.unit

    @property
    def by_answering_unit(self) -> bool:
        return self.rule.answering_unit


def regulation_in_force(on: dt.date) -> Regulation | None:
    return (
        Regulation.objects.filter(
            Q(effective_from__lte=on), Q(effective_to__isnull=True) | Q(effective_to__gte=on)
        )
        .order_by("-effective_from")
        .first()
    )


def responsible_for(channel_code: str, on: dt.date) -> Responsibility | None:
    """Who was responsible for a stream on a date, under the regulation then in force."""
    regulation = regulation_in_force(on)
    if regulation is None:
        return None
    rule = (
        ResponsibilityRule.objects.select_related("unit", "channel")
        .filter(regulation=regulation, channel__code=channel_code)
        .first()
    )
    return Responsibility(regulation, rule) if rule else None


def competent_unit(topic_code: str, on: dt.date) -> Unit | None:
    link = (
        TopicUnit.objects.in_force(on)
        .filter(topic__code=topic_code)
        .select_related("unit")
        .order_by("-valid_from")
        .first()
    )
    return link.unit if link else None


@dataclasses.dataclass(frozen=True, slots=True)
class RuleSpec:
    row: int
    channel: str
    unit: str | None  # None: the unit that gave the answer
    periodicity: str
    working_days: int


@transaction.atomic
def adopt_regulation(
    *,
    number: str,
    date: dt.date,
    title: str,
    effective_from: dt.date,
    rules: list[RuleSpec],
    text: str = "",
    acting_user: Any = None,
) -> Regulation:
    """Put a new regulation in force from `effective_from`; the one before it ends the day before."""
    previous = regulation_in_force(effective_from)
    if previous is not None and previous.effective_from >= effective_from:
        raise ValueError("Новый регламент должен вступать в силу позже действующего")
    if previous is not None:
        before = audit.snapshot(previous)
        previous.effective_to = effective_from - dt.timedelta(days=1)
        previous.save(update_fields=["effective_to"])
        audit.record(
            "regulation.closed",
            acting_user=acting_user,
            obj=previous,
            changes=audit.diff(before, audit.snapshot(previous)),
        )
    regulation = Regulation.objects.create(
        number=number, date=date, title=title, effective_from=effective_from, text=text
    )
    for spec in rules:
        ResponsibilityRule.objects.create(
            regulation=regulation,
            row=spec.row,
            channel=Channel.objects.get(code=spec.channel),
            unit=Unit.objects.get(code=spec.unit) if spec.unit else None,
            answering_unit=spec.unit is None,
            periodicity=spec.periodicity,
            working_days=spec.working_days,
        )
    audit.record(
        "regulation.adopted",
        acting_user=acting_user,
        obj=regulation,
        changes={"rules": [dataclasses.asdict(r) for r in rules]},
    )
    return regulation


@transaction.atomic
def assign_topic(*, topic: Topic, unit: Unit, valid_from: dt.date, acting_user: Any = None) -> TopicUnit:
    """Make `unit` competent for `topic` from a date; the earlier assignment ends the day before."""
    current = TopicUnit.objects.in_force(valid_from).filter(topic=topic).order_by("-valid_from").first()
    if current is not None:
        if current.valid_from >= valid_from:
            raise ValueError("Новое закрепление тематики должно начинаться позже действующего")
        current.valid_to = valid_from - dt.timedelta(days=1)
        current.save(update_fields=["valid_to"])
    link = TopicUnit.objects.create(topic=topic, unit=unit, valid_from=valid_from)
    audit.record(
        "topic.assigned",
        acting_user=acting_user,
        obj=link,
        changes={"topic": topic.code, "unit": unit.code, "valid_from": str(valid_from)},
    )
    return link
