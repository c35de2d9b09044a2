"""The default regulation is Appendix No. 1 of the order, row by row."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from otklik.org.models import Regulation, ResponsibilityRule

APPENDIX = Path(__file__).resolve().parents[1] / "defaults" / "appendix-1.ru.txt"

# The appendix's table as a person reads it: row, stream (first words), responsible unit, periodicity.
EXPECTED = [
    (1, "lk_comments", "Ответственные за предоставление ответа налогоплательщику", "еженедельно"),
    (2, "appeals", "Общий отдел", "ежеквартально"),
    (3, "forwarded", "Общий отдел", "ежеквартально"),
    (4, "calls", "Отдел работы с налогоплательщиками", "ежеквартально"),
    (5, "surveys", "Отдел работы с налогоплательщиками", "ежеквартально"),
    (6, "vashkontrol", "Отдел работы с налогоплательщиками", "ежеквартально"),
    (7, "media", "Отдел работы с налогоплательщиками", "ежедневно"),
]


def appendix_rows() -> list[tuple[int, str, str]]:
    """(row, unit, periodicity) parsed from the appendix text itself."""
    lines = [line.strip() for line in APPENDIX.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = []
    for i, line in enumerate(lines):
        if re.fullmatch(r"[1-7]", line) and i + 3 < len(lines):
            rows.append((int(line), lines[i + 1], lines[i + 3]))
    return rows


def test_the_appendix_text_has_the_seven_rows_the_expected_table_names() -> None:
    assert appendix_rows() == [(row, unit, period) for row, _, unit, period in EXPECTED]


def test_default_regulation_reproduces_the_appendix_row_by_row(reference: object) -> None:
    regulation = Regulation.objects.get()
    assert regulation.effective_to is None
    assert "Разграничение ответственности" in regulation.text
    rules = list(ResponsibilityRule.objects.filter(regulation=regulation).select_related("unit", "channel"))
    assert len(rules) == 7
    for rule, (row, channel, unit, periodicity) in zip(rules, EXPECTED, strict=True):
        assert rule.row == row
        assert rule.channel.code == channel
        assert rule.get_periodicity_display() == periodicity
        if row == 1:
            assert rule.answering_unit and rule.unit is None
        else:
            assert rule.unit is not None and rule.unit.name == unit


def test_every_stream_of_the_order_has_a_channel_with_its_sub_sources(reference: object) -> None:
    from otklik.org.models import Channel

    sources = {c.code: [s.code for s in c.sources.all()] for c in Channel.objects.all()}
    assert list(sources) == [
        "lk_comments",
        "appeals",
        "forwarded",
        "calls",
        "surveys",
        "vashkontrol",
        "media",
    ]
    assert sources["appeals"] == ["in_person", "post", "fns_service", "lkfl", "lkul", "lkip", "epgu"]


def test_loading_the_defaults_twice_changes_nothing(reference: object) -> None:
    from otklik.audit.models import AuditEvent
    from otklik.org import refdata

    events = AuditEvent.objects.count()
    refdata.load_defaults()
    assert AuditEvent.objects.count() == events
    assert Regulation.objects.count() == 1
    assert Regulation.objects.get().effective_from == dt.date(2016, 1, 1)
