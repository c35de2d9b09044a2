"""The reports the product makes: name → period kind and builder, used by the page, the CLI and the worker."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

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


def build(kind: str, period: Period, unit: Unit | None = None) -> Document:
    report = kinds()[kind]
    return report.build(period, unit) if report.takes_unit else report.build(period)
