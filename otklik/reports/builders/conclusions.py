"""«Выводы и предложения»: what the quarter's figures, analyses and measures say, in sentences a head of
department can sign, each built from the data (nothing in it is fixed text about the situation)."""

from __future__ import annotations

import dataclasses
from collections import Counter

from django.db.models import Count, QuerySet

from otklik.lib import ru
from otklik.lib.periods import Period
from otklik.measures.models import Measure, MeasureState
from otklik.measures.queries import measures_of_period
from otklik.monitoring.models import Analysis
from otklik.org.models import Topic
from otklik.org.services import competent_unit
from otklik.registry.models import Feedback, Tone, counted_once
from otklik.reports import figures
from otklik.reports.builders import problems
from otklik.reports.document import Paragraph, Section
from otklik.reports.figures import Tally
from otklik.reports.oversight import effect_text, rounds

OPEN_MEASURE_STATES = (MeasureState.PROPOSED, MeasureState.APPROVED, MeasureState.IN_PROGRESS)
TOP_PROBLEMS = 3
TOP_CAUSES = 3


@dataclasses.dataclass(frozen=True)
class AnalysisFigures:
    """How the units judged the period's negative items."""

    negative: int
    closed: int
    open: int
    well_founded: int  # fully or partly
    not_founded: int
    causes: list[tuple[str, int]]

    @property
    def founded_share(self) -> float | None:
        judged = self.well_founded + self.not_founded
        return 100 * self.well_founded / judged if judged else None


def analysis_figures(base: QuerySet[Feedback], period: Period) -> AnalysisFigures:
    negative = figures.in_period(counted_once(base), period).filter(tone=Tone.NEGATIVE)
    analyses = Analysis.objects.filter(feedback__in=negative).exclude(state=Analysis.State.WITHDRAWN)
    by_state = dict(analyses.values_list("state").annotate(n=Count("pk")).values_list("state", "n"))
    closed = analyses.filter(state=Analysis.State.CLOSED)
    verdicts = Counter(
        dict(closed.values_list("well_founded").annotate(n=Count("pk")).values_list("well_founded", "n"))
    )
    causes = list(
        closed.filter(well_founded__in=[Analysis.WellFounded.YES, Analysis.WellFounded.PARTLY])
        .exclude(cause=None)
        .values_list("cause__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "cause__name")
        .values_list("cause__name", "n")[:TOP_CAUSES]
    )
    return AnalysisFigures(
        negative=negative.count(),
        closed=by_state.get(Analysis.State.CLOSED, 0),
        open=by_state.get(Analysis.State.OPEN, 0),
        well_founded=verdicts[Analysis.WellFounded.YES] + verdicts[Analysis.WellFounded.PARTLY],
        not_founded=verdicts[Analysis.WellFounded.NO],
        causes=causes,
    )


def _negatives(n: int) -> str:
    return ru.counted(n, "отрицательный отзыв", "отрицательных отзыва", "отрицательных отзывов")


def _of_negatives(n: int) -> str:
    """The genitive after «из» or «анализ»: «из 1 отрицательного отзыва», «из 5 отрицательных отзывов»."""
    return ru.counted(n, "отрицательного отзыва", "отрицательных отзывов", "отрицательных отзывов")


def section(
    base: QuerySet[Feedback],
    period: Period,
    current: dict[tuple[int | None, ...], Tally],
    previous_total: Tally,
    unit_id: int | None = None,
) -> Section:
    out = Section("Выводы и предложения", short="Выводы и предложения")
    total = figures.overall(current)
    if not total.total:
        return out.add(Paragraph("Обратная связь за период не поступала; выводов и предложений нет."))
    conclusions: list[str] = []
    share_change = figures.change(total.share, previous_total.share)
    if share_change is None:
        trend_text = "сравнить ее с предыдущим кварталом нельзя: тогда отзывов не было"
    elif abs(share_change) < 0.05:
        trend_text = "осталась на уровне предыдущего квартала"
    else:
        trend = "выросла" if share_change > 0 else "снизилась"
        trend_text = f"{trend} на {ru.number(abs(share_change), 1)} п.п. по сравнению с предыдущим кварталом"
    conclusions.append(
        f"Доля отрицательных отзывов составила {ru.percent(total.share)} "
        f"({_negatives(total.negative)} из {ru.number(total.total)}) и {trend_text}."
    )
    ranked = problems.ranked_topics(current)[:TOP_PROBLEMS]
    names = dict(Topic.objects.filter(pk__in=[k for k, _ in ranked]).values_list("pk", "name"))
    if ranked:
        listed = "; ".join(f"«{names[k]}» — {_negatives(t.negative)}" for k, t in ranked)
        conclusions.append(f"Основные проблемы, на которые указывают налогоплательщики: {listed}.")
    judged = analysis_figures(base, period)
    if judged.negative:
        text = (
            f"Подразделения завершили анализ {ru.number(judged.closed)} из {_of_negatives(judged.negative)} "
            f"периода"
        )
        if judged.founded_share is not None:
            text += (
                f"; обоснованными (полностью или частично) признаны {ru.number(judged.well_founded)} "
                f"({ru.percent(judged.founded_share)})"
            )
        conclusions.append(text + ".")
        if judged.causes:
            listed = "; ".join(f"{name.lower()} — {ru.number(n)}" for name, n in judged.causes)
            conclusions.append(f"Чаще всего причинами обоснованных жалоб названы: {listed}.")
    measures = [
        m for m in measures_of_period(period.start, period.end) if not unit_id or m.measure.unit_id == unit_id
    ]
    done = [m for m in measures if m.measure.state == MeasureState.DONE]
    if measures:
        text = (
            f"В периоде {ru.plural(len(measures), 'предложена', 'предложены', 'предложено')} "
            f"{ru.counted(len(measures), 'мера', 'меры', 'мер')}, исполнено — {ru.number(len(done))}"
        )
        conclusions.append(text + ".")
        for item in done:
            outcome = item.measure.outcome.strip().rstrip(".;")
            if outcome[1:2].islower():  # «Сделано: открыто окно», but «Сделано: ОП № 3 …» as written
                outcome = outcome[0].lower() + outcome[1:]
            if outcome:
                conclusions.append(
                    f"Мера «{item.measure.title}» ({item.measure.unit.name}). Сделано: {outcome}. "
                    f"Измеренный эффект: {effect_text(item.effect)}."
                )
            else:
                conclusions.append(
                    f"Мера «{item.measure.title}» ({item.measure.unit.name}): {effect_text(item.effect)}."
                )
    else:
        conclusions.append("Меры по устранению недостатков в периоде не предлагались.")
    out.add(Paragraph("Выводы:"))
    out.add(*(Paragraph(f"{i}. {text}") for i, text in enumerate(conclusions, start=1)))
    proposals = _proposals(base, period, ranked, names, judged, unit_id)
    out.add(Paragraph("Предложения:"))
    out.add(*(Paragraph(f"{i}. {text}") for i, text in enumerate(proposals, start=1)))
    if ranked:
        quotes = problems.quotes(base, period, ranked[0][0], limit=1)
        if quotes:
            out.add(Paragraph(f"Характерный отзыв по тематике «{names[ranked[0][0]]}»:"), *quotes)
    return out


def _proposals(
    base: QuerySet[Feedback],
    period: Period,
    ranked: list[tuple[int, Tally]],
    names: dict[int, str],
    judged: AnalysisFigures,
    unit_id: int | None,
) -> list[str]:
    out: list[str] = []
    covered = set(
        Measure.objects.filter(state__in=[*OPEN_MEASURE_STATES, MeasureState.DONE]).values_list(
            "topics", flat=True
        )
    )
    codes = dict(Topic.objects.filter(pk__in=names).values_list("pk", "code"))
    for topic_id, tally in ranked:
        if topic_id in covered:
            continue
        unit = competent_unit(codes[topic_id], period.end)
        whom = f"{unit.short_name or unit.name}: " if unit else ""
        out.append(
            f"{whom}рассмотреть и предложить меры по тематике «{names[topic_id]}» "
            f"({_negatives(tally.negative)} за период, мер в работе нет)."
        )
    if judged.open:
        out.append(f"Завершить анализ {_of_negatives(judged.open)}, по которым он не окончен.")
    late = Counter(r.unit for r in rounds(period, unit_id) if r.state == "просрочен")
    if late:
        listed = ", ".join(f"{unit} ({n})" for unit, n in sorted(late.items()))
        out.append(f"Провести просроченные мониторинги: {listed}.")
    if not out:
        out.append("Продолжить мониторинг в установленном порядке; дополнительных мер не требуется.")
    return out
