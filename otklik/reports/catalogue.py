"""The reports the product makes: name → period kind and builder, used by the page, the CLI and the worker."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

from otklik.lib.periods import Period, Periodicity
from otklik.org.models import ResponsibilityRule, Unit
from otklik.org.services import regulation_in_force
from otklik.reports.document import Document


@dataclasses.dataclass(frozen=True)
class ReportKind:
    name: str
    title: str
    periodicity: Periodicity
    takes_unit: bool
    build: Callable[..., Document]
    example: str  # a period code, for help texts
    document: str  # the document's kind, as its heading names it («Аналитическая справка»)
    channel: int | None = None  # the one stream a whole-administration report is about


def kinds() -> dict[str, ReportKind]:
    from otklik.reports.builders import daily as daily_review
    from otklik.reports.builders import quarterly as quarterly_note
    from otklik.reports.builders import weekly as weekly_report

    return {
        "daily": ReportKind(
            "daily",
            "Ежедневный обзор публикаций СМИ",
            Periodicity.DAILY,
            False,
            daily_review.daily,
            "2026-11-27",
            daily_review.DOCUMENT,
            daily_review.MEDIA,
        ),
        "weekly": ReportKind(
            "weekly",
            "Еженедельный отчет по комментариям в ЛК ФЛ",
            Periodicity.WEEKLY,
            True,
            weekly_report.weekly,
            "2026-W47",
            weekly_report.DOCUMENT,
        ),
        "quarterly": ReportKind(
            "quarterly",
            "Ежеквартальная аналитическая справка",
            Periodicity.QUARTERLY,
            True,
            quarterly_note.quarterly,
            "2026Q3",
            quarterly_note.DOCUMENT,
        ),
    }


def build(kind: str, period: Period, unit: Unit | None = None, made_by: Any = None) -> Document:
    """The report; `made_by`, the person who asks for it, is named as its «Исполнитель»."""
    report = kinds()[kind]
    document = report.build(period, unit) if report.takes_unit else report.build(period)
    document.performer = performer(made_by)
    return document


def performer(user: Any) -> str:
    """«Лебедев Дмитрий Сергеевич, отдел работы с налогоплательщиками»: a person, never a login."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    full_name = " ".join(p for p in (user.last_name, user.first_name, user.patronymic) if p)
    if not full_name:
        return ""
    unit = getattr(user, "unit", None)
    return f"{full_name}, {unit.name[0].lower()}{unit.name[1:]}" if unit else full_name


def unit_monitors(kind: ReportKind, unit: Unit, on: dt.date) -> bool:
    """Whether `unit` monitors the stream of a whole-administration report under the regulation in force."""
    if kind.channel is None:
        return False
    regulation = regulation_in_force(on)
    return ResponsibilityRule.objects.filter(
        regulation=regulation, unit=unit, channel__number=kind.channel
    ).exists()
