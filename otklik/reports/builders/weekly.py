"""The weekly report on stream 1: negative comments on written answers, per answering unit."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from otklik.intake.models import Feedback, Tone
from otklik.lib.periods import Period
from otklik.org.models import Channel, Unit
from otklik.reports import analyses, figures
from otklik.reports.builders.common import NOT_SET, organisation, period_genitive, today_label
from otklik.reports.document import Cell, Document, Paragraph, Section, Table

LK_COMMENTS = 1


def negative_comments(period: Period, unit: Unit | None = None) -> QuerySet[Feedback]:
    channel = Channel.objects.filter(number=LK_COMMENTS).first()
    qs = figures.in_period(Feedback.objects.filter(channel=channel), period).filter(
        Q(tone=Tone.NEGATIVE) | Q(negative_mark=True)
    )
    return qs.filter(answering_unit=unit) if unit else qs


def weekly(period: Period, unit: Unit | None = None) -> Document:
    negatives = negative_comments(period, unit)
    analysed_ids = set(analyses.with_analysis(negatives, True).values_list("pk", flat=True))
    per_unit = negatives.order_by().values("answering_unit").annotate(n=Count("pk"))
    units = {u.pk: u for u in Unit.objects.all()}
    summary_rows: list[list[Cell]] = []
    for row in sorted(per_unit, key=lambda r: -r["n"]):
        done = negatives.filter(answering_unit=row["answering_unit"], pk__in=analysed_ids).count()
        name = units[row["answering_unit"]].name if row["answering_unit"] else NOT_SET
        summary_rows.append([name, row["n"], done, row["n"] - done])
    detail: list[list[Cell]] = [
        [
            f"{timezone.localtime(f.received_at):%d.%m.%Y}",
            f.answering_unit.name if f.answering_unit else NOT_SET,
            f.topic.name if f.topic else "",
            f.masked_text[:300],
            "проанализирован" if f.pk in analysed_ids else "ожидает анализа",
        ]
        for f in negatives.select_related("answering_unit", "topic").order_by(
            "answering_unit__code", "received_at"
        )
    ]
    total = negatives.count()
    subject = f"об отрицательных комментариях в ЛК ФЛ на письменные ответы за {period_genitive(period)}"
    return Document(
        organisation=organisation(),
        kind="Еженедельный отчет",
        subject=subject + (f" ({unit.name})" if unit else ""),
        period_label=period.label,
        file_stem=f"weekly-{period.code}" + (f"-{unit.code}" if unit else ""),
        sections=[
            Section("Сводные сведения").add(
                Paragraph(
                    f"За период поступило {total} отрицательных комментариев на ответы налоговых органов."
                ),
                Table(
                    "Отрицательные комментарии по подразделениям, давшим ответ",
                    ["Подразделение", "Комментариев", "Проанализировано", "Ожидает анализа"],
                    summary_rows,
                ),
            ),
            Section("Перечень комментариев").add(
                Table(
                    "Отрицательные комментарии (персональные данные скрыты)",
                    ["Дата", "Подразделение", "Тематика", "Комментарий", "Состояние"],
                    detail,
                )
                if detail
                else Paragraph("Отрицательных комментариев за период не поступало.")
            ),
        ],
        made_on=today_label(),
    )
