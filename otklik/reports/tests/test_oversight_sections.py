from __future__ import annotations

import datetime as dt
from typing import Any

from otklik.lib.periods import parse_period
from otklik.measures.models import Alert, Dimension, Measure, MeasureState
from otklik.org.models import Unit
from otklik.reports.catalogue import build


def test_the_quarterly_report_lists_the_measures_done_and_the_alerts_of_the_quarter(reference: Any) -> None:
    unit = Unit.objects.get(code="07")
    Measure.objects.create(
        title="Провести обучение операторов зала приема",
        unit=unit,
        due_date=dt.date(2026, 9, 1),
        state=MeasureState.DONE,
        done_date=dt.date(2026, 8, 15),
    )
    Measure.objects.create(  # done in another quarter: not in this report
        title="Обновить стенды",
        unit=unit,
        due_date=dt.date(2026, 3, 1),
        state=MeasureState.DONE,
        done_date=dt.date(2026, 2, 10),
    )
    Alert.objects.create(
        dimension=Dimension.OFFICE,
        key="ОП3",
        label="ОП № 3",
        day=dt.date(2026, 7, 20),
        observed=14,
        expected=2.5,
        p_value=1e-6,
    )
    document = build("quarterly", parse_period("2026Q3"))
    tables = {table.title: table for _, table in document.tables()}
    measures = next(t for title, t in tables.items() if title.startswith("Меры"))
    assert [row[0] for row in measures.rows] == ["Провести обучение операторов зала приема"]
    assert measures.rows[0][2] == MeasureState.DONE.label
    alerts = next(t for title, t in tables.items() if title.startswith("Сигналы"))
    assert len(alerts.rows) == 1 and "ОП № 3" in str(alerts.rows[0][1]) and "14" in str(alerts.rows[0][1])


def test_the_quarterly_report_counts_the_rounds_of_the_quarter_by_state(reference: Any) -> None:
    from otklik.monitoring.services import open_rounds

    open_rounds(until=dt.date(2026, 11, 1), start=dt.date(2026, 7, 1))
    document = build("quarterly", parse_period("2026Q3"))
    table = next(t for _, t in document.tables() if t.title.startswith("Мониторинги периода"))
    media = next(row for row in table.rows if str(row[0]).startswith("7."))
    # 92 daily media rounds of July–September, all open and past their due date by now.
    assert media[2] == 92 and media[5] == 92
    quarterly = [row for row in table.rows if str(row[0])[:2] in ("2.", "3.", "4.", "5.", "6.")]
    assert len(quarterly) == 5 and all(row[2] == 1 for row in quarterly)


def test_a_done_measure_shows_what_was_done_beside_its_effect_in_the_table_and_the_conclusions(
    reference: Any,
) -> None:
    from otklik.measures.tests.factory import many

    many(dt.date(2026, 8, 3), negative=2, other=3)  # the conclusions speak only of a quarter with feedback
    unit = Unit.objects.get(code="07")
    Measure.objects.create(
        title="Второе окно выдачи талонов в ОП № 3",
        unit=unit,
        due_date=dt.date(2026, 9, 1),
        state=MeasureState.DONE,
        done_date=dt.date(2026, 8, 15),
        outcome="Открыто второе окно; талоны выдаются и через сайт.",
    )
    proposed = Measure.objects.create(title="Обновить стенды", unit=unit, due_date=dt.date(2026, 9, 30))
    Measure.objects.filter(pk=proposed.pk).update(created_at=dt.datetime(2026, 8, 1, 3, tzinfo=dt.UTC))
    document = build("quarterly", parse_period("2026Q3"))
    table = next(t for _, t in document.tables() if t.title.startswith("Меры"))
    assert table.columns[4:] == ["Что сделано", "Результат"]
    rows = {row[0]: row for row in table.rows}
    assert (
        rows["Второе окно выдачи талонов в ОП № 3"][4] == "Открыто второе окно; талоны выдаются и через сайт."
    )
    assert rows["Второе окно выдачи талонов в ОП № 3"][5] == "мало данных"
    assert rows["Обновить стенды"][4:] == ["—", "не исполнена"]
    conclusions = document.sections[-1]
    text = " ".join(getattr(b, "text", "") for b in conclusions.blocks)
    assert (
        "Мера «Второе окно выдачи талонов в ОП № 3» (Отдел работы с налогоплательщиками). "
        "Сделано: открыто второе окно; талоны выдаются и через сайт. Измеренный эффект: мало данных."
    ) in text
