"""The reports the product makes: name → period kind and builder, used by the page, the CLI and the worker."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from otklik.lib.periods import Period, Periodicity
from otklik.org.models import Unit
from otklik.reports.document import Document


@dataclasses.dataclass(frozen=True)
class ReportKind:
    name: str
    title: str
    periodicity: Periodicity
    takes_unit: bool
    build: Callable[..., Document]
    example: str  # a period code, for help texts


def kinds() -> dict[str, ReportKind]:
    from otklik.reports.builders.daily import daily
    from otklik.reports.builders.quarterly import quarterly
    from otklik.reports.builders.weekly import weekly

    return {
        "daily": ReportKind(
            "daily", "Ежедневный обзор публикаций СМИ", Periodicity.DAILY, False, daily, "2026-11-27"
        ),
        "weekly": ReportKind(
            "weekly",
            "Еженедельный отчет по комментариям в ЛК ФЛ",
            Periodicity.WEEKLY,
            True,
            weekly,
            "2026-W47",
        ),
        "quarterly": ReportKind(
            "quarterly",
            "Ежеквартальная аналитическая справка",
            Periodicity.QUARTERLY,
            True,
            quarterly,
            "2026Q3",
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
