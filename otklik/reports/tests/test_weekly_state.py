"""The weekly stream-1 report tells leadership where each analysis really stands, not that one exists."""

from __future__ import annotations

import datetime as dt
from typing import Any

from otklik.lib.periods import parse_period
from otklik.monitoring import services
from otklik.monitoring.models import Analysis, Cause
from otklik.monitoring.tests.factory import negative_item
from otklik.reports.builders.weekly import weekly
from otklik.reports.document import Paragraph, Table


def _item(day: int) -> Analysis:
    item = negative_item("lk_comments", dt.datetime(2026, 11, day, 10, 0), answering_unit="16")
    services.route_pending()
    return Analysis.objects.get(feedback=item)


def test_open_analyses_are_shown_as_open_and_only_closed_ones_as_closed(
    reference: Any, users: dict[str, Any]
) -> None:
    untouched = _item(16)
    taken = _item(17)
    closed = _item(18)
    officer = users["officer16"]
    services.take(taken, officer)
    services.close_unfounded(closed, Cause.objects.get(code="other"), "Ответ дан по существу", officer)
    assert {untouched.unit.code, taken.unit.code, closed.unit.code} == {"16"}

    document = weekly(parse_period("2026-W47"))
    summary, detail = (t for _, t in document.tables())
    assert isinstance(detail, Table)
    assert [row[-1] for row in detail.rows] == ["открыт", "в работе", "закрыт"]
    assert "проанализирован" not in str(detail.rows)
    assert summary.rows == [["Отдел камерального контроля имущественных налогов", 3, 1, 1, 1]]
    text = next(b for b in document.sections[0].blocks if isinstance(b, Paragraph)).text
    assert "поступило 3 отрицательных комментария" not in text  # «поступили 3 … комментария»
    assert "поступили 3 отрицательных комментария" in text
    assert "Анализ закрыт — 1, в работе — 1, не начат — 1." in text


def test_findings_recorded_without_taking_the_item_mean_work_has_started(
    reference: Any, users: dict[str, Any]
) -> None:
    analysis = _item(16)
    services.record_analysis(
        analysis, well_founded="yes", cause=Cause.objects.get(code="delay"), acting_user=users["officer16"]
    )
    detail = weekly(parse_period("2026-W47")).tables()[1][1]
    assert detail.rows[0][-1] == "в работе"
