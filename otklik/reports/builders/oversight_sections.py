"""Report sections on monitoring rounds, measures and alerts (empty-state text until there are any)."""

from __future__ import annotations

from collections import Counter

from otklik.lib import ru
from otklik.lib.periods import Period
from otklik.reports import oversight
from otklik.reports.document import Paragraph, Section, Table


def _date(value: object) -> str:
    return value.strftime("%d.%m.%Y") if hasattr(value, "strftime") else ""


def rounds_section(period: Period, unit_id: int | None = None) -> Section:
    rows = oversight.rounds(period, unit_id)
    out = Section("Состояние мониторинга по потокам", short="Мониторинги")
    if not rows:
        return out.add(Paragraph("Сведения о проведении мониторинга за период отсутствуют."))
    states = ("в срок", "с опозданием", "просрочен", "открыт")
    counts = Counter(r.state for r in rows)
    planned = ru.plural(len(rows), "предусмотрен", "предусмотрено", "предусмотрено")
    parts = [
        f"проведено в срок — {ru.number(counts['в срок'])}",
        f"проведено с опозданием — {ru.number(counts['с опозданием'])}",
        f"не проведено, срок истек — {ru.number(counts['просрочен'])}",
    ]
    if counts["открыт"]:
        parts.append(f"проводится, срок не истек — {ru.number(counts['открыт'])}")
    out.add(
        Paragraph(
            f"За период графиком {planned} "
            f"{ru.counted(len(rows), 'мониторинг', 'мониторинга', 'мониторингов')}: " + "; ".join(parts) + "."
        )
    )
    tally: dict[tuple[str, str], Counter[str]] = {}
    for r in rows:
        tally.setdefault((r.stream, r.unit), Counter())[r.state] += 1
    return out.add(
        Table(
            "Мониторинги периода по потокам и подразделениям",
            [
                "Поток",
                "Подразделение",
                "Всего",
                "Закрыто в срок",
                "Закрыто с опозданием",
                "Просрочено",
                "Открыто",
            ],
            [
                [stream, unit, sum(counts.values()), *(counts[s] for s in states)]
                for (stream, unit), counts in sorted(tally.items())
            ],
        )
    )


def measures_section(period: Period, unit_id: int | None = None) -> Section:
    rows = oversight.measures(period, unit_id)
    out = Section("Меры по устранению недостатков и их результативность", short="Меры")
    if not rows:
        return out.add(Paragraph("Предложения по мерам за период не поступали."))
    return out.add(
        Table(
            "Меры, предложенные и исполненные в периоде",
            ["Мера", "Подразделение", "Состояние", "Срок", "Что сделано", "Результат"],
            [[r.title, r.unit, r.state, _date(r.due), r.outcome or "—", r.effect] for r in rows],
        )
    )


def alerts_section(period: Period) -> Section:
    rows = oversight.alerts(period)
    out = Section("Сигналы о росте отрицательных отзывов", short="Сигналы о росте")
    if not rows:
        return out.add(Paragraph("Сигналов о значимом росте отрицательных отзывов за период не было."))
    return out.add(
        Table(
            "Сигналы периода",
            ["Дата", "Предмет", "Состояние"],
            [[_date(r.raised), r.subject, r.state] for r in rows],
        )
    )
