"""The named annex to the quarterly note: its quotes as the taxpayers wrote them, personal data included.

The note itself always quotes masked text, whoever makes it; the annex is made only for a role with the
personal-data right, on request, and every copy is an audited look at personal data (see the view).
"""

from __future__ import annotations

from otklik.lib.periods import Period
from otklik.org.models import Topic, Unit
from otklik.reports import figures
from otklik.reports.builders import problems
from otklik.reports.builders.common import organisation, period_genitive, today_label
from otklik.reports.builders.quarterly import scope
from otklik.reports.document import Document, Paragraph, Section, Table

DOCUMENT = "Приложение с персональными данными"


def subject(period: Period, unit: Unit | None = None) -> str:
    """The annex's subject, also its name in the audit journal before the annex is made."""
    text = f"к аналитической справке за {period_genitive(period)}"
    return text + (f" (направление деятельности: {unit.name})" if unit else "")


def named_annex(period: Period, unit: Unit | None = None) -> Document:
    base = scope(unit, period)
    ranked = problems.ranked_topics(figures.tallies(base, period, "channel_id", "office_id", "topic_id"))[
        : problems.TOP_TOPICS
    ]
    names = dict(Topic.objects.filter(pk__in=[k for k, _ in ranked]).values_list("pk", "name"))
    section = Section("Цитаты раздела «Основные проблемы» без маскирования персональных данных")
    section.add(
        Paragraph(
            "Приложение содержит персональные данные налогоплательщиков (152-ФЗ): только для служебного "
            "пользования, не для направления за пределы администрации."
        )
    )
    # A table, not quotes: every format (the workbook too) carries it whole.
    table = Table(
        "Цитаты по тематикам", ["Тематика", "№ в реестре", "Поток, налоговый орган, дата", "Текст"], []
    )
    for topic_id, _tally in ranked:
        for row in problems.quoted_items(base, period, topic_id):
            quoted = problems.quote(row, row.text)
            table.rows.append([names[topic_id], row.pk, quoted.source, quoted.text])
    section.add(
        table
        if table.rows
        else Paragraph("Отрицательных отзывов с определенной тематикой за период не поступало.")
    )
    return Document(
        organisation=organisation(),
        kind=DOCUMENT,
        subject=subject(period, unit),
        period_label=period.label,
        file_stem=f"quarterly-{period.code}" + (f"-{unit.code}" if unit else "") + "-annex",
        sections=[section],
        made_on=today_label(),
    )
