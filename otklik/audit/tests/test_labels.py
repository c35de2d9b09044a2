"""Every action the product writes to the audit log has a name the auditor reads; the code stays in the
record, for search and export."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

from otklik.audit.labels import ACTIONS, record_lines
from otklik.measures.models import AlertState, MeasureState
from otklik.org.models import Regulation, Unit

ROOT = Path(__file__).resolve().parents[2]
# Actions written under a name built at run time: the states a measure or an alert is moved to (an alert is
# raised open, under its own action).
BUILT = {f"measure.{s}" for s in MeasureState.values} | {
    f"alert.{s}" for s in AlertState.values if s != AlertState.OPEN
}


def recorded_actions() -> set[str]:
    """The action codes in the product's calls of `record(...)`, including both of «a if … else b»."""
    found: set[str] = set()
    for path in ROOT.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name != "record":
                continue
            for part in ast.walk(node.args[0]):
                if isinstance(part, ast.Constant) and isinstance(part.value, str) and part.value:
                    found.add(part.value)
    return found


def test_every_recorded_action_has_a_russian_name() -> None:
    actions = recorded_actions()
    assert {"monitoring.analysis_routed", "refdata.updated", "export"} <= actions  # the scan finds them
    whole = {a for a in actions if not a.endswith(".")} | BUILT
    assert sorted(whole - set(ACTIONS)) == []


def test_a_record_change_reads_as_words_with_names_not_codes(reference: Any) -> None:
    parent = Unit.objects.get(code="07")
    lines = record_lines(
        Unit,
        {"id": 3, "valid_to": [None, "2026-12-31"], "parent_id": [None, parent.pk], "email": ""},
        diff=True,
    )
    assert lines == [
        "действует по: было «—», стало «31.12.2026»",
        f"вышестоящее подразделение: было «—», стало «{parent}»",
        "адрес для уведомлений: —",
    ]
    rules = [{"row": 1, "channel": "lk_comments", "unit": "01", "periodicity": "weekly", "working_days": 3}]
    (line,) = record_lines(Regulation, {"rules": rules}, diff=False)
    assert line.startswith("правила разграничения ответственности: № п/п 1, поток 1. Комментарии в ЛК ФЛ")
    assert "ответственное подразделение 01 Общий" in line and "периодичность еженедельно" in line
    assert "lk_comments" not in line and "weekly" not in line
