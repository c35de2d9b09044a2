"""Deadlines of a written appeal, by the regime it is considered under.

59-ФЗ «О порядке рассмотрения обращений граждан Российской Федерации»:
  ч. 2 ст. 8  — registration within 3 days of receipt;
  ч. 3 ст. 8  — forwarding to the competent body within 7 days of registration;
  ч. 1 ст. 12 — an answer within 30 days of registration;
  ч. 2 ст. 12 — in exceptional cases one extension of at most 30 days, with notice to the author.
  These are calendar days (ст. 191 ГК РФ: a term starts the day after its event).

Налоговый кодекс РФ, глава 19 (a complaint to the higher tax body):
  п. 6 ст. 140 НК РФ — the decision within 15 working days of receiving the complaint; the head of the body
  may extend it once, by at most 15 working days, to obtain documents from the lower body. Working days as
  п. 6 ст. 6.1 НК РФ defines them, so the production calendar decides.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from otklik.lib.workdays import ProductionCalendar


class Regime(StrEnum):
    """The codes are the registry's (`registry.record.Regime`): one spelling everywhere."""

    CITIZENS_APPEAL = "59fz"
    TAX_COMPLAINT = "nk19"

    @property
    def label(self) -> str:
        return _REGIME_LABELS[self]


_REGIME_LABELS = {
    Regime.CITIZENS_APPEAL: "обращение гражданина (59-ФЗ)",
    Regime.TAX_COMPLAINT: "жалоба в вышестоящий налоговый орган (гл. 19 НК РФ)",
}


class NonWorkingEnd(StrEnum):
    """What to do when a calendar-day term ends on a day off.

    59-ФЗ says nothing; ст. 193 ГК РФ moves the end to the next working day, while office-work rules
    commonly require the answer on the working day before. The stricter rule is the default, so that
    monitoring warns early rather than late.
    """

    PREVIOUS_WORKING_DAY = "previous"
    NEXT_WORKING_DAY = "next"
    KEEP = "keep"


REGISTRATION_DAYS = 3
FORWARDING_DAYS = 7
ANSWER_DAYS = 30
MAX_EXTENSION_DAYS = 30
TAX_DECISION_WORKING_DAYS = 15
MAX_TAX_EXTENSION_WORKING_DAYS = 15


@dataclass(frozen=True)
class AppealDeadlines:
    regime: Regime
    answer_by: dt.date
    # The answer date before any extension; equal to answer_by when there is none.
    original_answer_by: dt.date
    register_by: dt.date | None = None
    forward_by: dt.date | None = None

    @property
    def extended(self) -> bool:
        return self.answer_by != self.original_answer_by


def appeal_deadlines(
    regime: Regime,
    *,
    received: dt.date,
    registered: dt.date | None = None,
    extension_days: int = 0,
    calendar: ProductionCalendar,
    non_working_end: NonWorkingEnd = NonWorkingEnd.PREVIOUS_WORKING_DAY,
) -> AppealDeadlines:
    """Due dates of one appeal.

    `extension_days` is the one extension granted (calendar days under 59-ФЗ, working days under the Tax
    Code); 0 when there is none. An unregistered 59-ФЗ appeal is counted as if registered on its last
    allowed day, which is the latest the answer can legally be due.
    """
    if extension_days < 0:
        raise ValueError("продление не может быть отрицательным")
    if regime is Regime.TAX_COMPLAINT:
        return _tax_complaint(received, extension_days, calendar)

    if extension_days > MAX_EXTENSION_DAYS:
        raise ValueError(f"по 59-ФЗ срок продлевается не более чем на {MAX_EXTENSION_DAYS} дней")

    def adjust(day: dt.date) -> dt.date:
        if calendar.is_working_day(day) or non_working_end is NonWorkingEnd.KEEP:
            return day
        if non_working_end is NonWorkingEnd.NEXT_WORKING_DAY:
            return calendar.next_working_day(day)
        return calendar.previous_working_day(day)

    register_by = received + dt.timedelta(days=REGISTRATION_DAYS)
    counted_from = registered or register_by
    original = counted_from + dt.timedelta(days=ANSWER_DAYS)
    return AppealDeadlines(
        regime=regime,
        register_by=adjust(register_by),
        forward_by=adjust(counted_from + dt.timedelta(days=FORWARDING_DAYS)),
        original_answer_by=adjust(original),
        answer_by=adjust(original + dt.timedelta(days=extension_days)),
    )


def _tax_complaint(received: dt.date, extension_days: int, calendar: ProductionCalendar) -> AppealDeadlines:
    if extension_days > MAX_TAX_EXTENSION_WORKING_DAYS:
        raise ValueError(
            f"по п. 6 ст. 140 НК РФ срок продлевается не более чем на {MAX_TAX_EXTENSION_WORKING_DAYS} "
            "рабочих дней"
        )
    original = calendar.add_working_days(received, TAX_DECISION_WORKING_DAYS)
    return AppealDeadlines(
        regime=Regime.TAX_COMPLAINT,
        original_answer_by=original,
        answer_by=calendar.add_working_days(original, extension_days),
    )
