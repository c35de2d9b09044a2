"""What intake's tests share: sample files, a file of appeals, the database URL for a second process."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from django.db import connection
from django.test import Client

SAMPLES = Path(__file__).resolve().parents[3] / "docs" / "formats" / "samples"


def write_appeals(path: Path, rows: int, prefix: str = "") -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, delimiter=";")
        out.writerow(
            ["Регистрационный номер", "Дата поступления", "Форма поступления", "Текст обращения", "ИНН"]
        )
        for i in range(rows):
            out.writerow(
                [f"01-12/{prefix}{i:06d}@", "02.03.2026 10:15", "Почта", f"Обращение номер {i} о налоге", ""]
            )


def database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    return (
        f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{s['NAME']}"
    )


def post(token: str, records: list[dict[str, Any]]) -> Any:
    return Client().post(
        "/api/v1/feedback",
        data=json.dumps({"records": records}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def call(source_id: str, **extra: Any) -> dict[str, Any]:
    return {
        "channel": "calls",
        "source_id": source_id,
        "received_at": "2026-03-02T10:00:00+10:00",
        "source": "direct",
        "office": "ОП1",
        "text": "Не могу дозвониться третий день",
        "is_complaint": True,
        **extra,
    }
