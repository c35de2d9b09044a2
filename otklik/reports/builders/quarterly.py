"""The quarterly analytical note («Аналитическая справка»): the main report of the monitoring."""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet

from otklik.lib import ru
from otklik.lib.periods import Period
from otklik.org.models import Channel, TaxOffice, Topic, Unit
from otklik.registry.models import Feedback, FeedbackLink
from otklik.reports import charts, figures
from otklik.reports.builders import conclusions, problems
from otklik.reports.builders.common import (
    NOT_SET,
    organisation,
    period_genitive,
    share_text,
    signed,
    tally_links,
    today_label,
)
from otklik.reports.builders.oversight_sections import alerts_section, measures_section, rounds_section
from otklik.reports.document import Chart, Document, Paragraph, Section, Signature, Table
from otklik.reports.figures import Tally
from otklik.reports.periods import previous, year_before
from otklik.reports.selection import unit_scope

DOCUMENT = "Аналитическая справка"


def scope(unit: Unit | None, period: Period) -> QuerySet[Feedback]:
    base = Feedback.objects.all()
    return base.filter(unit_scope(unit.pk, period.end)) if unit else base


def quarterly(period: Period, unit: Unit | None = None) -> Document:
    base = scope(unit, period)
    before, year_ago = previous(period), year_before(period)
    unit_id = unit.pk if unit else None
    current = figures.tallies(base, period, "channel_id", "office_id", "topic_id")
    sections = [
        streams_section(base, period, before, year_ago, current, unit_id),
        grades_section(base, period, before, year_ago),
        offices_section(base, period, before, current, unit_id),
        topics_section(period, current, unit_id),
        units_section(base, period, unit_id),
        problems.section(base, period, current),
        rounds_section(period, unit_id),
        measures_section(period, unit_id),
        alerts_section(period),
        conclusions.section(
            base, period, current, figures.overall(figures.tallies(base, before, "channel_id")), unit_id
        ),
    ]
    subject = "о результатах мониторинга обратной связи налогоплательщиков"
    if unit:
        subject += f" по направлению деятельности: {unit.name}"
    return Document(
        organisation=organisation(),
        kind=DOCUMENT,
        subject=f"{subject} за {period_genitive(period)}",
        period_label=period.label,
        file_stem=f"quarterly-{period.code}" + (f"-{unit.code}" if unit else ""),
        sections=sections,
        signature=signer(unit),
        made_on=today_label(),
    )


def signer(unit: Unit | None) -> Signature:
    """The head of the unit whose report it is; for the whole administration, of the unit the settings name
    (`OTKLIK_REPORT_SIGNING_UNIT`). A name not yet entered is left blank for the hand, never made up."""
    signing = unit or Unit.objects.filter(code=settings.REPORT_SIGNING_UNIT).first()
    if signing is None:
        return Signature("Руководитель подразделения", "")
    return Signature(signing.head_position or f"Руководитель: {signing.name}", signing.head_name)


def streams_section(
    base: QuerySet[Feedback],
    period: Period,
    before: Period,
    year_ago: Period,
    current: dict[tuple[int | None, ...], Tally],
    unit_id: int | None,
) -> Section:
    now = figures.roll_up(current, 0)
    prev = figures.roll_up(figures.tallies(base, before, "channel_id"), 0)
    last_year = figures.roll_up(figures.tallies(base, year_ago, "channel_id"), 0)
    channels = list(Channel.objects.all())
    volume = Table(
        "Количество поступившей обратной связи по потокам",
        ["Поток", period.label, before.label, "Изменение, %", year_ago.label, "Изменение, %"],
        [],
    )
    negative = Table(
        "Отрицательные отзывы по потокам",
        [
            "Поток",
            "Всего",
            "Отрицательных",
            "Доля, %",
            f"Доля, % ({before.label})",
            "Изменение, п.п.",
            f"Доля, % ({year_ago.label})",
            "Изменение, п.п.",
        ],
        [],
    )
    totals = [Tally(), Tally(), Tally()]
    for channel in channels:
        t, p, y = (
            now.get(channel.pk, Tally()),
            prev.get(channel.pk, Tally()),
            last_year.get(channel.pk, Tally()),
        )
        for acc, part in zip(totals, (t, p, y), strict=True):
            acc.total, acc.negative = acc.total + part.total, acc.negative + part.negative
        _stream_rows(volume, negative, f"{channel.number}. {channel.name}", t, p, y)
        links = tally_links(period, unit_id, channel=channel.number)
        volume.links.append(["", links[0]])
        negative.links.append(["", links[0], links[1]])
    _stream_rows(volume, negative, "Итого", *totals)
    overall_links = tally_links(period, unit_id)
    volume.links.append(["", overall_links[0]])
    negative.links.append(["", overall_links[0], overall_links[1]])
    t, p, y = totals
    arrived = ru.plural(t.total, "поступила", "поступило", "поступило")
    summary = ru.sentence(
        f"За {period_genitive(period)} {arrived} "
        f"{ru.counted(t.total, 'единица', 'единицы', 'единиц')} обратной связи, из них отрицательных — "
        f"{ru.number(t.negative)} ({share_text(t)}). "
        f"По сравнению с предыдущим кварталом количество изменилось на "
        f"{signed(figures.growth(t.total, p.total), '%')}, доля отрицательных — на "
        f"{signed(figures.change(t.share, p.share), 'п.п.')}; по сравнению с тем же кварталом "
        f"прошлого года — на {signed(figures.growth(t.total, y.total), '%')} "
        f"и {signed(figures.change(t.share, y.share), 'п.п.')}"
    )
    labels = [str(c.number) for c in channels]
    volume_chart = charts.bars(
        "Количество обратной связи по потокам",
        labels,
        {
            period.label: [now.get(c.pk, Tally()).total for c in channels],
            before.label: [prev.get(c.pk, Tally()).total for c in channels],
        },
    )
    share_chart = charts.bars(
        "Доля отрицательных отзывов по потокам, %",
        labels,
        {
            period.label: [now.get(c.pk, Tally()).share or 0 for c in channels],
            before.label: [prev.get(c.pk, Tally()).share or 0 for c in channels],
        },
    )
    return Section("Общие сведения о поступившей обратной связи", short="Общие сведения").add(
        Paragraph(summary),
        volume,
        Chart("Количество обратной связи по потокам (номера потоков — по таблице)", volume_chart),
        negative,
        Chart("Доля отрицательных отзывов по потокам", share_chart),
        links_table(base, period),
    )


def links_table(base: QuerySet[Feedback], period: Period) -> Table:
    """How many records belong with earlier ones: repeats, the same taxpayer, copies of a publication."""
    found = figures.link_counts(base, period)
    return Table(
        "Связанные записи",
        ["Связь с более ранней записью", "Количество"],
        [[label, found.get(kind, 0)] for kind, label in LINK_ROWS],
    )


LINK_ROWS = (
    (FeedbackLink.Kind.REPEAT, "Повторные обращения"),
    (FeedbackLink.Kind.SAME_TAXPAYER, "Другие обращения того же налогоплательщика"),
    (FeedbackLink.Kind.CROSS_STREAM, "То же обращение, поступившее по другому потоку"),
    (FeedbackLink.Kind.DUPLICATE, "Та же публикация из другого источника"),
)


def _stream_rows(volume: Table, negative: Table, label: str, t: Tally, p: Tally, y: Tally) -> None:
    volume.rows.append(
        [label, t.total, p.total, figures.growth(t.total, p.total), y.total, figures.growth(t.total, y.total)]
    )
    negative.rows.append(
        [
            label,
            t.total,
            t.negative,
            t.share,
            p.share,
            figures.change(t.share, p.share),
            y.share,
            figures.change(t.share, y.share),
        ]
    )


def grades_section(base: QuerySet[Feedback], period: Period, before: Period, year_ago: Period) -> Section:
    section = Section("Оценка качества предоставления государственных услуг", short="Оценки качества услуг")
    streams = {c.number: c for c in Channel.objects.filter(number__in=[figures.VASHKONTROL, figures.SURVEYS])}
    for number, criteria in (
        (figures.VASHKONTROL, figures.VK_CRITERIA),
        (figures.SURVEYS, figures.SURVEY_CRITERIA),
    ):
        channel = streams.get(number)
        if channel is None:
            continue
        grades = [figures.mean_grades(base, p, channel.pk, criteria) for p in (period, before, year_ago)]
        table = Table(
            f"Средняя оценка по критериям: {channel.name} (по пятибалльной шкале)",
            ["Критерий", "Средняя оценка", "Число оценок", before.label, year_ago.label],
            [
                [label, grades[0][key][0], grades[0][key][1], grades[1][key][0], grades[2][key][0]]
                for key, label in criteria.items()
            ],
        )
        section.add(table)
        if number == figures.VASHKONTROL and any(grades[0][k][0] for k in criteria):
            section.add(
                Chart(
                    "Средняя оценка по критериям «Ваш контроль»",
                    charts.bars(
                        "Средняя оценка по критериям «Ваш контроль»",
                        ["Время услуги", "Очередь", "Сотрудники", "Помещение", "Информация"],
                        {
                            period.label: [grades[0][k][0] or 0 for k in criteria],
                            before.label: [grades[1][k][0] or 0 for k in criteria],
                        },
                    ),
                )
            )
    return section


def offices_section(
    base: QuerySet[Feedback],
    period: Period,
    before: Period,
    current: dict[tuple[int | None, ...], Tally],
    unit_id: int | None,
) -> Section:
    now = figures.roll_up(current, 1)
    prev = figures.roll_up(figures.tallies(base, before, "office_id"), 0)
    table = Table(
        "Обратная связь по налоговым органам",
        [
            "Налоговый орган",
            "Всего",
            "Отрицательных",
            "Доля, %",
            f"Доля, % ({before.label})",
            "Изменение, п.п.",
        ],
        [],
    )
    for office in TaxOffice.objects.all():
        t, p = now.get(office.pk, Tally()), prev.get(office.pk, Tally())
        if t.total or p.total:
            table.rows.append(
                [str(office), t.total, t.negative, t.share, p.share, figures.change(t.share, p.share)]
            )
            table.links.append(["", *tally_links(period, unit_id, office=office.pk)])
    unknown = now.get(None, Tally())
    if unknown.total:
        table.rows.append([NOT_SET, unknown.total, unknown.negative, unknown.share, None, None])
    return Section("Обратная связь по налоговым органам", short="Налоговые органы").add(table)


def topics_section(
    period: Period, current: dict[tuple[int | None, ...], Tally], unit_id: int | None
) -> Section:
    now = figures.roll_up(current, 2)
    topics = {t.pk: t for t in Topic.objects.select_related("parent")}
    ranked = sorted(
        ((k, v) for k, v in now.items() if k is not None), key=lambda kv: (-kv[1].negative, -kv[1].total)
    )
    table = Table(
        "Обратная связь по тематикам", ["Раздел", "Тематика", "Всего", "Отрицательных", "Доля, %"], []
    )
    for topic_id, tally in ranked:
        topic = topics[topic_id]
        section_name = topic.parent.name if topic.parent else ""
        table.rows.append([section_name, topic.name, tally.total, tally.negative, tally.share])
        table.links.append(["", "", *tally_links(period, unit_id, topic=topic_id)])
    unknown = now.get(None, Tally())
    if unknown.total:
        table.rows.append(["", "Тематика не определена", unknown.total, unknown.negative, unknown.share])
    return Section("Обратная связь по тематикам", short="Тематики").add(table)


def units_section(base: QuerySet[Feedback], period: Period, unit_id: int | None) -> Section:
    per_unit = figures.by_unit(base, period)
    table = Table(
        "Обратная связь по структурным подразделениям (давшим ответ или компетентным по тематике)",
        ["Подразделение", "Всего", "Отрицательных", "Доля, %"],
        [],
    )
    for unit in Unit.objects.filter(pk__in=[k for k in per_unit if k is not None]):
        tally = per_unit[unit.pk]
        table.rows.append([unit.name, tally.total, tally.negative, tally.share])
        table.links.append(["", *tally_links(period, unit.pk)] if unit_id is None else [])
    return Section("Обратная связь по структурным подразделениям", short="Подразделения").add(
        table,
        Paragraph(
            "Отзыв учитывается у подразделения, давшего ответ налогоплательщику, и у подразделения, "
            "компетентного по тематике отзыва; поэтому сумма по подразделениям может превышать "
            "общее количество."
        ),
    )
