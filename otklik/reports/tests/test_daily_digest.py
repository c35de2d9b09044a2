"""The daily media digest names each publication's outlet and kind, says what it is about in a line, and its
tone to the tax service; its counts agree with their nouns."""

from __future__ import annotations

import datetime as dt
from typing import Any

from otklik.lib.periods import parse_period
from otklik.org.models import ChannelSource
from otklik.reports.builders.daily import daily
from otklik.reports.document import Paragraph
from otklik.reports.tests.factory import make

DAY = dt.date(2026, 8, 10)


def test_each_publication_has_its_outlet_kind_summary_and_tone(reference: Any) -> None:
    online = ChannelSource.objects.get(channel__number=7, code="online")
    make(
        7,
        DAY,
        tone="negative",
        title="Очереди в налоговой на Ленина",
        masked_title="Очереди в налоговой на Ленина",
        text="Читатели жалуются на очереди в инспекции. В УФНС обещали открыть окна.",
        url="https://www.dvhab.ru/news/1",
        raw={"outlet": "Новости Хабаровска"},
        sub_source=online,
    )
    make(
        7,
        DAY,
        tone="positive",
        title="Налоговая продлила часы приема",
        masked_title="Налоговая продлила часы приема",
        text="Инспекция работает дольше.",
        url="https://kray27.example.com/n/2",
    )
    make(7, DAY, tone="neutral", title="Выставка цветов", text="Открылась выставка.", is_relevant=False)
    make(7, DAY, tone="neutral", title="Погода", text="Дожди.", is_relevant=False)
    document = daily(parse_period(DAY.isoformat()))
    summary = document.sections[0].blocks[0]
    assert isinstance(summary, Paragraph)
    assert "выявлено 4 публикации" in summary.text and "отрицательных — 1" in summary.text
    items = [b.text for b in document.sections[1].blocks if isinstance(b, Paragraph)]
    assert len(items) == 2
    negative = next(t for t in items if "Очереди" in t)
    assert "Новости Хабаровска (электронное СМИ)" in negative
    assert "Читатели жалуются на очереди в инспекции." in negative
    assert "Тональность по отношению к налоговой службе: отрицательная" in negative
    assert "https://www.dvhab.ru/news/1" in negative
    positive = next(t for t in items if "продлила" in t)
    assert "kray27.example.com (печатное издание)" in positive  # no outlet given: the site names it
    assert "Печатные" not in " ".join(items)


def test_one_publication_is_one_publication(reference: Any) -> None:
    make(7, DAY, tone="neutral", title="Одна", text="Одна публикация.")
    text = daily(parse_period(DAY.isoformat())).sections[0].blocks[0]
    assert isinstance(text, Paragraph) and "выявлена 1 публикация" in text.text
