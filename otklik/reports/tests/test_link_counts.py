"""The quarterly note counts the records that belong with earlier ones, by kind of link."""

from __future__ import annotations

import datetime as dt
from typing import Any

from otklik.lib.periods import parse_period
from otklik.registry.linking import link_pending
from otklik.registry.record import FeedbackRecord, PersonalData
from otklik.registry.services import register_many
from otklik.reports.builders.quarterly import quarterly
from otklik.reports.document import Table

Q3 = parse_period("2026Q3")
DAY = dt.datetime(2026, 7, 6, 2, 0, tzinfo=dt.UTC)
LETTER = "Прошу пересчитать транспортный налог за проданный автомобиль, уведомление пришло за весь год"


def appeal(source_id: str, days: int, text: str, inn: str) -> FeedbackRecord:
    return FeedbackRecord(
        channel="appeals",
        source_id=source_id,
        received_at=DAY + dt.timedelta(days=days),
        text=text,
        personal=PersonalData(inn=inn),
    )


def test_repeats_and_same_taxpayer_appeals_of_the_quarter_are_counted(reference: Any) -> None:
    register_many(
        [
            appeal("first", 0, LETTER, "500100732259"),
            appeal("repeat", 20, LETTER + " Пишу повторно.", "500100732259"),
            appeal("other-matter", 30, "Спасибо за консультацию по вычету", "500100732259"),
            appeal("stranger", 31, "Когда вернут переплату по налогу?", "7707083893"),
            appeal("next-quarter", 100, LETTER, "500100732259"),
        ]
    )
    while link_pending():
        pass
    document = quarterly(Q3)
    table = next(
        block
        for section in document.sections
        for block in section.blocks
        if isinstance(block, Table) and block.title == "Связанные записи"
    )
    counts = {label: n for label, n in table.rows}
    assert counts["Повторные обращения"] == 1
    assert counts["Другие обращения того же налогоплательщика"] == 2
    assert counts["То же обращение, поступившее по другому потоку"] == 0
