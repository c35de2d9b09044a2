"""Which unit must analyse a negative feedback item, and why.

The responsibility matrix gives stream 1 (comments in ЛК ФЛ) to the unit that wrote the answer; every other
item goes, by its topic, to the unit competent for that topic (the footnote of the appendix). An item whose
topic is unknown, uncertain or mapped to no unit is routed by its grades when it has them (a survey or a
«Ваш контроль» review): by the criterion that got the lowest grade, else by the public service rated, through
the dated criterion→unit map. Only what has neither goes to the triage unit, the general department, which
sorts it by hand. Both maps are dated, because the administration's orders change them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from otklik.lib.ru import percent

GENERAL_DEPARTMENT = "01"
# The criteria rated by visitors (the five of «Ваш контроль», and the one overall grade of a survey), in the
# order that settles a tie between equally low grades: waiting first, since it is the commonest complaint.
CRITERIA = {
    "time_queue": "время ожидания в очереди",
    "time_service": "время обслуживания",
    "staff": "вежливость и компетентность сотрудников",
    "information": "доступность информации",
    "comfort": "комфортность условий",
    "overall": "общая оценка",
}
# Only a grade this low or lower says which criterion the visitor was unhappy with.
LOW_GRADE = 3


class Dated(Protocol):
    """Anything in force from `valid_from` to `valid_to` inclusive (open-ended when None)."""

    @property
    def valid_from(self) -> dt.date: ...

    @property
    def valid_to(self) -> dt.date | None: ...


def in_force[T: Dated](entries: Iterable[T], on_date: dt.date) -> list[T]:
    """The entries in force on the date, the most recently started first."""
    current = [
        e for e in entries if e.valid_from <= on_date and (e.valid_to is None or on_date <= e.valid_to)
    ]
    return sorted(current, key=lambda e: e.valid_from, reverse=True)


@dataclass(frozen=True)
class TopicAssignment:
    topic: str
    unit: str
    valid_from: dt.date
    valid_to: dt.date | None = None


@dataclass(frozen=True)
class GradeAssignment:
    """The unit for a low grade on a criterion, for a public service, or both; "" stands for any."""

    criterion: str
    service: str
    unit: str
    valid_from: dt.date
    valid_to: dt.date | None = None


@dataclass(frozen=True)
class RoutingPolicy:
    topic_map: tuple[TopicAssignment, ...]
    grade_map: tuple[GradeAssignment, ...] = ()
    # A classifier's topic below this confidence is not trusted.
    confidence_threshold: float = 0.6
    triage_unit: str = GENERAL_DEPARTMENT
    # Unit code → its name («Общий отдел»): a reason names the unit as people know it, not by its code.
    unit_names: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RoutingItem:
    channel: str
    on_date: dt.date
    # True when the matrix's rule for the channel is "the unit that gave the answer" (stream 1).
    to_answering_unit: bool = False
    answering_unit: str | None = None
    topic: str | None = None
    topic_name: str | None = None
    # None when a person set the topic: then it is trusted whatever the threshold.
    confidence: float | None = None
    # Grades by criterion (CRITERIA) and the public service rated, for surveys and «Ваш контроль».
    grades: Mapping[str, int] | None = None
    service: str | None = None
    service_name: str | None = None


class RouteBasis(StrEnum):
    ANSWERING_UNIT = "answering_unit"
    TOPIC = "topic"
    GRADE = "grade"
    TRIAGE = "triage"


@dataclass(frozen=True)
class Route:
    unit: str
    reason: str
    basis: RouteBasis


def route(item: RoutingItem, policy: RoutingPolicy) -> Route:
    if item.to_answering_unit:
        if item.answering_unit:
            return Route(
                item.answering_unit,
                f"Отзыв направлен в {_unit(item.answering_unit, policy)}: ответ, к которому оставлен "
                "комментарий, готовили там.",
                RouteBasis.ANSWERING_UNIT,
            )
        by_topic = _route_by_topic(item, policy)
        return Route(
            by_topic.unit, f"Отдел, дававший ответ, в отзыве не указан. {by_topic.reason}", by_topic.basis
        )
    return _route_by_topic(item, policy)


def _route_by_topic(item: RoutingItem, policy: RoutingPolicy) -> Route:
    def triage(why: str) -> Route:
        if item.grades:
            why += ", а по оценкам подходящий отдел не найден"
        return _route_by_grades(item, policy) or Route(
            policy.triage_unit,
            f"{why}, поэтому отзыв направлен в {_unit(policy.triage_unit, policy)} для распределения.",
            RouteBasis.TRIAGE,
        )

    if item.topic is None:
        return triage("Тематика не определена")
    if item.confidence is not None and item.confidence < policy.confidence_threshold:
        shown, needed = _percents(item.confidence, policy.confidence_threshold)
        return triage(f"Тематика определена неуверенно (уверенность {shown}, нужно не меньше {needed})")
    name = item.topic_name or item.topic
    assignments = in_force((a for a in policy.topic_map if a.topic == item.topic), item.on_date)
    if not assignments:
        return triage(f"За тематикой «{name}» на {item.on_date:%d.%m.%Y} не закреплен ни один отдел")
    unit = assignments[0].unit
    return Route(
        unit,
        f"Отзыв по тематике «{name}» направлен в {_unit(unit, policy)}, к компетенции которого "
        "относится эта тематика.",
        RouteBasis.TOPIC,
    )


def _route_by_grades(item: RoutingItem, policy: RoutingPolicy) -> Route | None:
    """The unit of the lowest-graded criterion (for the service rated, or for any), else of the service."""
    grades = item.grades or {}
    lines = in_force(policy.grade_map, item.on_date)
    service = item.service or ""

    def unit_for(criterion: str) -> str | None:
        # A line for this criterion and this service is more specific than one for any service.
        for wanted in (service, "") if service else ("",):
            for line in lines:
                if line.criterion == criterion and line.service == wanted:
                    return line.unit
        return None

    low = min((g for c, g in grades.items() if c in CRITERIA), default=None)
    if low is not None and low <= LOW_GRADE:
        for criterion in (c for c in CRITERIA if grades.get(c) == low):
            unit = unit_for(criterion)
            if unit:
                return Route(
                    unit,
                    f"Наименьшая оценка ({low}) поставлена по критерию «{CRITERIA[criterion]}», поэтому "
                    f"отзыв направлен в {_unit(unit, policy)}, к компетенции которого относится этот "
                    "критерий.",
                    RouteBasis.GRADE,
                )
    if grades and service:
        unit = next((line.unit for line in lines if line.criterion == "" and line.service == service), None)
        if unit:
            name = item.service_name or service
            return Route(
                unit,
                f"Оценена услуга «{name}», поэтому отзыв направлен в {_unit(unit, policy)}, к компетенции "
                "которого относится эта услуга.",
                RouteBasis.GRADE,
            )
    return None


def _unit(code: str, policy: RoutingPolicy) -> str:
    """The unit as the object of «направлен в …»: «общий отдел», «отдел кадров».

    A name headed by «отдел» (or another word whose accusative is its nominative) is used as it is, with a
    small first letter unless it opens an abbreviation; any other name is quoted after «подразделение», so
    that the sentence stays grammatical whatever an administrator calls a unit.
    """
    name = policy.unit_names.get(code, "").strip()
    if not name:
        return f"отдел {code}"
    first_word = name.split()[0].lower()
    if first_word.endswith(("а", "я")):  # «служба», «правовая группа»: the accusative would differ
        return f"подразделение «{name}»"
    if len(name) > 1 and name[1].islower():
        name = name[0].lower() + name[1:]
    return name


def _percents(confidence: float, threshold: float) -> tuple[str, str]:
    """«45 %» and «60 %»; more digits where whole percents would show a confidence below the threshold as
    equal to it («59,5 %», never «60 %, нужно не меньше 60 %»)."""
    wanted = round(threshold * 100, 6)
    needed = percent(wanted, 0 if wanted.is_integer() else 1)
    for digits in (0, 1, 2):
        shown = percent(confidence * 100, digits)
        if shown != percent(wanted, digits):
            break
    return shown, needed
