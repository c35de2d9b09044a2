"""The reasons the router wrote before it spoke plain Russian («тематика «X» → отдел 16», «тематика не
определена уверенно (0,45 < 0,60) → разбор в общем отделе») are rewritten the way it writes them now, with the
unit named. A reason in any other form (one a person typed) is left as it is. The wording is copied here, not
imported, so that this migration does the same whatever the router says later."""

from __future__ import annotations

import re
from typing import Any

from django.db import migrations

NBSP = "\u00a0"
UNIT_SAYS = re.compile(r"(?:отдел (?P<unit>\S+)|разбор в общем отделе)")
ANSWERED = re.compile(r"^ответ давал отдел (?P<unit>\S+)$")
TOPIC = re.compile(r"^тематика «(?P<name>.+)» → отдел (?P<unit>\S+)$")
GRADE = re.compile(r"^наименьшая оценка \((?P<grade>\d+)\) по критерию «(?P<criterion>.+)» → отдел (?P<unit>\S+)$")
SERVICE = re.compile(r"^оценка услуги «(?P<name>.+)» → отдел (?P<unit>\S+)$")
TRIAGE = re.compile(r"^(?P<why>.+) → " + UNIT_SAYS.pattern + "$")
UNSURE = re.compile(r"^тематика не определена уверенно \((?P<shown>[\d,]+) < (?P<needed>[\d,]+)\)$")
NO_UNIT = re.compile(r"^для тематики «(?P<name>.+)» нет отдела на (?P<day>[\d.]+)$")
NO_ANSWERING_UNIT = "отдел, дававший ответ, не указан; "


def unit_phrase(name: str, code: str) -> str:
    name = name.strip()
    if not name:
        return f"отдел {code}"
    if name.split()[0].lower().endswith(("а", "я")):
        return f"подразделение «{name}»"
    if len(name) > 1 and name[1].islower():
        name = name[0].lower() + name[1:]
    return name


def _percent(text: str) -> str:
    return f"{round(float(text.replace(',', '.')) * 100)}{NBSP}%"


def rewrite(reason: str, unit_names: dict[str, str], to_unit: str, graded: bool) -> str | None:
    """The reason in today's words, or None when it is not one the router wrote."""
    if reason.startswith(NO_ANSWERING_UNIT):
        rest = rewrite(reason[len(NO_ANSWERING_UNIT) :], unit_names, to_unit, graded)
        return None if rest is None else f"Отдел, дававший ответ, в отзыве не указан. {rest}"

    def unit(code: str | None) -> str:
        code = code or to_unit
        return unit_phrase(unit_names.get(code, ""), code)

    if found := ANSWERED.match(reason):
        return (
            f"Отзыв направлен в {unit(found['unit'])}: ответ, к которому оставлен комментарий, готовили там."
        )
    if found := TOPIC.match(reason):
        return (
            f"Отзыв по тематике «{found['name']}» направлен в {unit(found['unit'])}, к компетенции которого "
            "относится эта тематика."
        )
    if found := GRADE.match(reason):
        return (
            f"Наименьшая оценка ({found['grade']}) поставлена по критерию «{found['criterion']}», поэтому "
            f"отзыв направлен в {unit(found['unit'])}, к компетенции которого относится этот критерий."
        )
    if found := SERVICE.match(reason):
        return (
            f"Оценена услуга «{found['name']}», поэтому отзыв направлен в {unit(found['unit'])}, к компетенции "
            "которого относится эта услуга."
        )
    if found := TRIAGE.match(reason):
        why = found["why"]
        if why == "тематика не определена":
            said = "Тематика не определена"
        elif unsure := UNSURE.match(why):
            said = (
                f"Тематика определена неуверенно (уверенность {_percent(unsure['shown'])}, нужно не меньше "
                f"{_percent(unsure['needed'])})"
            )
        elif none := NO_UNIT.match(why):
            said = f"За тематикой «{none['name']}» на {none['day']} не закреплен ни один отдел"
        else:
            return None
        if graded:
            said += ", а по оценкам подходящий отдел не найден"
        return f"{said}, поэтому отзыв направлен в {unit(found['unit'])} для распределения."
    return None


def forward(apps: Any, schema_editor: Any) -> None:
    Unit = apps.get_model("org", "Unit")
    AnalysisTransfer = apps.get_model("monitoring", "AnalysisTransfer")
    names = dict(Unit.objects.values_list("code", "name"))
    automatic = AnalysisTransfer.objects.filter(by__isnull=True, from_unit__isnull=True).select_related(
        "to_unit", "analysis__feedback"
    )
    for transfer in automatic.iterator():
        new = rewrite(transfer.reason, names, transfer.to_unit.code, bool(transfer.analysis.feedback.grades))
        if new is not None and new != transfer.reason:
            AnalysisTransfer.objects.filter(pk=transfer.pk).update(reason=new)


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0004_analysis_taken"),
        ("org", "0001_initial"),
        ("intake", "0001_initial"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
