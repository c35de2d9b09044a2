"""The weekly report on stream 1: negative comments on written answers, per answering unit."""

from __future__ import annotations

from collections import Counter

from django.db.models import Q, QuerySet
from django.utils import timezone

from otklik.lib.periods import Period
from otklik.lib.ru import counted, number, plural
from otklik.monitoring.models import Analysis
from otklik.org.models import Channel, Unit
from otklik.registry.models import Feedback, Tone
from otklik.reports import figures
from otklik.reports.builders.common import NOT_SET, organisation, period_genitive, today_label
from otklik.reports.document import Cell, Document, Paragraph, Section, Table

LK_COMMENTS = 1
DOCUMENT = "Еженедельный отчет"


def negative_comments(period: Period, unit: Unit | None = None) -> QuerySet[Feedback]:
    channel = Channel.objects.filter(number=LK_COMMENTS).first()
    qs = figures.in_period(Feedback.objects.filter(channel=channel), period).filter(
        Q(tone=Tone.NEGATIVE) | Q(negative_mark=True)
    )
    return qs.filter(answering_unit=unit) if unit else qs


def stage_of(feedback_id: int, found: dict[int, Analysis]) -> str:
    """The analysis's real state: closed, someone works on it, nobody has yet; or not yet routed."""
    analysis = found.get(feedback_id)
    return analysis.stage if analysis is not None else "ожидает направления"


def weekly(period: Period, unit: Unit | None = None) -> Document:
    negatives = negative_comments(period, unit)
    found = {a.feedback_id: a for a in Analysis.objects.filter(feedback__in=negatives)}
    units = {u.pk: u for u in Unit.objects.all()}
    per_unit: dict[int | None, Counter[str]] = {}
    listed = negatives.select_related("answering_unit", "topic").order_by(
        "answering_unit__code", "received_at"
    )
    detail: list[list[Cell]] = []
    for f in listed:
        stage = stage_of(f.pk, found)
        # A withdrawn analysis (the comment is no longer negative) counts as not waiting for anyone.
        per_unit.setdefault(f.answering_unit_id, Counter())["закрыт" if stage == "снят" else stage] += 1
        detail.append(
            [
                f"{timezone.localtime(f.received_at):%d.%m.%Y}",
                f.answering_unit.name if f.answering_unit else NOT_SET,
                f.topic.name if f.topic else "",
                f.masked_text[:300],
                stage,
            ]
        )
    summary_rows: list[list[Cell]] = []
    for unit_id, counts in sorted(per_unit.items(), key=lambda kv: -sum(kv[1].values())):
        name = units[unit_id].name if unit_id else NOT_SET
        waiting = counts["открыт"] + counts["ожидает направления"]
        summary_rows.append([name, sum(counts.values()), counts["закрыт"], counts["в работе"], waiting])
    overall = sum(per_unit.values(), Counter[str]())
    total, closed, in_work = len(detail), overall["закрыт"], overall["в работе"]
    comments = counted(
        total, "отрицательный комментарий", "отрицательных комментария", "отрицательных комментариев"
    )
    subject = f"об отрицательных комментариях в ЛК ФЛ на письменные ответы за {period_genitive(period)}"
    return Document(
        organisation=organisation(),
        kind=DOCUMENT,
        subject=subject + (f" ({unit.name})" if unit else ""),
        period_label=period.label,
        file_stem=f"weekly-{period.code}" + (f"-{unit.code}" if unit else ""),
        sections=[
            Section("Сводные сведения").add(
                Paragraph(
                    f"За период {plural(total, 'поступил', 'поступили', 'поступило')} {comments} на ответы "
                    f"налоговых органов. Анализ закрыт — {number(closed)}, в работе — {number(in_work)}, "
                    f"не начат — {number(total - closed - in_work)}."
                ),
                Table(
                    "Отрицательные комментарии по подразделениям, давшим ответ",
                    ["Подразделение", "Комментариев", "Анализ закрыт", "В работе", "Не начат"],
                    summary_rows,
                ),
            ),
            Section("Перечень комментариев").add(
                Table(
                    "Отрицательные комментарии (персональные данные скрыты)",
                    ["Дата", "Подразделение", "Тематика", "Комментарий", "Анализ"],
                    detail,
                )
                if detail
                else Paragraph("Отрицательных комментариев за период не поступало.")
            ),
        ],
        made_on=today_label(),
    )
