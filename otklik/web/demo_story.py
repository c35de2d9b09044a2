"""The demo's story: the monitoring cycle played over the generated quarters, day by day, by the demo users.

Each morning the rounds of the periods just finished are opened and the negative items of the day before
are routed, as the worker does. The officers of the units that have a demo account (01, 07, 16) write the
analyses their unit holds, propose measures and close their rounds with a conclusion: most on time, some
late, a few not yet; leadership approves or rejects the measures, and the units carry them out and say what
they did. Every step goes through the product's own services with their clock set to the story's moment,
so each step's checks hold and the cards, the history and the audit log read in order (the audit log marks
the story's entries with the origin «demo»). The effect of the measures done is then measured by the
product's own comparison on the demo data; the generator plants a real improvement in ОП № 3 from the day
the story's first measure is done (`otklik.demo.improvements`), so that effect is there to find.

Deterministic: the same data give the same story. Played once: a second run finds its mark in the audit
log, or measures or closed rounds of the installation's own, and does nothing.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import random
from collections import Counter
from collections.abc import Iterator
from typing import Any
from unittest import mock

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone

from otklik.audit import context
from otklik.audit import services as audit
from otklik.audit.models import AuditEvent
from otklik.demo import planted_improvements, planted_spikes
from otklik.lib import ru
from otklik.lib.workdays import ProductionCalendar, default_calendar
from otklik.measures import effect as effects
from otklik.measures import services as measures
from otklik.measures.models import Measure, MeasureState
from otklik.monitoring import notifications
from otklik.monitoring import services as monitoring
from otklik.monitoring.models import Analysis, Cause, MonitoringRound
from otklik.org.models import TaxOffice, Topic, Unit
from otklik.registry.linking import link_pending
from otklik.registry.models import Feedback, Tone

STORY_ACTION = "demo.story"
ORIGIN = "demo"
LEADER = "leader"
OFFICERS = {"01": "general", "07": "officer", "16": "officer16"}  # unit code -> demo user
LEFT_FOR_THE_UNITS_DAYS = 14  # analyses of the last two weeks are still to be written
LET_HANG = 0.04  # analyses a unit puts off: written weeks late, unless a round of its own forces them
LET_HANG_DAYS = 90  # those of the last three months are still open
ON_TIME, LATE = 0.80, 0.15  # rounds of the units with an officer; the rest are not closed yet
STILL_OPEN_WITHIN_DAYS = 120  # an older round is closed at last, if late


@dataclasses.dataclass(frozen=True)
class Summary:
    rounds_on_time: int
    rounds_late: int
    rounds_open: int
    analyses_closed: int
    analyses_open: int
    measures: dict[str, int]
    effects: dict[str, int]

    def __str__(self) -> str:
        states = ", ".join(f"{MeasureState(s).label} — {ru.number(n)}" for s, n in self.measures.items() if n)
        closed = self.analyses_closed
        return (
            f"Демонстрационная история: мониторинги подразделений с сотрудниками — закрыто в срок "
            f"{ru.number(self.rounds_on_time)}, с опозданием {ru.number(self.rounds_late)}, открыто "
            f"{ru.number(self.rounds_open)}; анализ завершен по {ru.number(closed)} "
            f"{ru.plural(closed, 'отзыву', 'отзывам', 'отзывам')}, в работе {ru.number(self.analyses_open)}; "
            f"меры: {states or 'нет'}"
        )


def already_played() -> bool:
    return (
        AuditEvent.objects.filter(action=STORY_ACTION).exists()
        or Measure.objects.exists()
        or MonitoringRound.objects.filter(state=MonitoringRound.State.CLOSED).exists()
    )


def play(today: dt.date | None = None) -> Summary | None:
    """Play the story over the registry's demo data; None when there is nothing to play it on, no demo
    users, or it was played already."""
    today = today or timezone.localdate()
    if already_played() or not Feedback.objects.exists():
        return None
    users = get_user_model().objects.filter(username__in=[LEADER, *OFFICERS.values()], is_active=True)
    by_name = {u.username: u for u in users}
    if LEADER not in by_name or not any(name in by_name for name in OFFICERS.values()):
        return None
    token = context.bind(context.RequestContext(origin=ORIGIN))
    try:
        with transaction.atomic():
            story = Story(by_name, today)
            story.run()
            summary = story.summary()
            audit.record(
                STORY_ACTION,
                object_type="demo",
                object_repr=f"демонстрационная история по {today:%d.%m.%Y}",
                changes=dataclasses.asdict(summary),
            )
    finally:
        context.reset(token)
    return summary


@contextlib.contextmanager
def clock(moment: dt.datetime) -> Iterator[None]:
    """The services' «now» is the story's moment: created, closed and audited then."""
    with mock.patch.object(timezone, "now", return_value=moment):
        yield


def _local(day: dt.date, minutes: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min) + dt.timedelta(minutes=minutes))


def _rng(*key: object) -> random.Random:
    return random.Random(":".join(str(k) for k in ("story", *key)))


# ----------------------------------------------------------------------------------------------------
# What the units write


CAUSE_OF_TOPIC = (  # the first prefix of the item's topic that matches decides the cause of a founded one
    ("service.queue", "delay"),
    ("service.staff_conduct", "behaviour"),
    ("service.information", "wrong_info"),
    ("eservices", "software"),
    ("appeals.answer_quality", "wrong_info"),
    ("appeals", "delay"),
    ("contact_centre", "delay"),
    ("property", "wrong_info"),
    ("debt", "wrong_info"),
    ("ndfl", "delay"),
    ("returns", "delay"),
    ("registration", "delay"),
)
FOUNDED_COMMENTS = {
    "delay": "Доводы подтвердились: срок нарушен по вине исполнителя, ответ направлен заявителю.",
    "behaviour": "Доводы подтвердились: сотрудник допустил некорректное общение, проведена беседа.",
    "wrong_info": "Доводы подтвердились: заявителю дана неполная информация, направлено уточнение.",
    "software": "Доводы подтвердились: сбой программы на стороне инспекции, устранен.",
    "regulation": "Доводы подтвердились: порядок, установленный регламентом, неудобен заявителю.",
    "other": "Доводы подтвердились, недостаток устранен в рабочем порядке.",
}
PARTLY_PREFIX = "Доводы подтвердились частично. "
UNFOUNDED_COMMENTS = {
    "regulation": "Действия инспекции соответствуют Налоговому кодексу; заявителю даны разъяснения.",
    "other": "Изложенные факты при проверке не подтвердились; заявителю направлен ответ.",
}
NO_MEASURE_REASONS = (
    "Единичный случай: нарушение устранено в рабочем порядке, с исполнителем проведена беседа.",
    "Ошибка исправлена, заявителю направлен ответ; системной причины не выявлено.",
    "Недостаток устранен при рассмотрении; повторных обращений по этому вопросу нет.",
)


def _founded_cause(topic: str) -> str:
    return next((cause for prefix, cause in CAUSE_OF_TOPIC if topic.startswith(prefix)), "other")


# ----------------------------------------------------------------------------------------------------
# The measures of the story


@dataclasses.dataclass
class MeasurePlan:
    """One measure's way through the workflow: the days of its steps (None: not reached)."""

    unit: str
    title: str
    description: str
    proposed: dt.date
    due: dt.date
    topics: tuple[str, ...] = ()
    offices: tuple[str, ...] = ()
    items: Complaints | None = None  # the complaints it answers
    approved: dt.date | None = None
    started: dt.date | None = None
    done: dt.date | None = None
    outcome: str = ""
    rejected: dt.date | None = None
    reason: str = ""
    measure: Measure | None = None


@dataclasses.dataclass(frozen=True)
class Complaints:
    """The negative items a measure answers: received within [first, last], matching `where`."""

    first: dt.date
    last: dt.date
    where: dict[str, Any]
    limit: int = 5

    def find(self) -> list[Feedback]:
        start, end = monitoring.day_bounds(self.first, self.last)
        found = Feedback.objects.filter(
            tone=Tone.NEGATIVE, received_at__gte=start, received_at__lt=end, **self.where
        ).order_by("received_at", "pk")
        return list(found[: self.limit])


class Story:
    def __init__(self, users: dict[str, Any], today: dt.date) -> None:
        self.today = today
        self.now = min(timezone.now(), _local(today + dt.timedelta(days=1), 0))  # nothing after `today`
        self.calendar: ProductionCalendar = default_calendar()
        self.leader = users[LEADER]
        units = {u.code: u for u in Unit.objects.filter(code__in=OFFICERS)}
        self.officers = {units[code].pk: users[name] for code, name in OFFICERS.items() if name in users}
        self.causes = {c.code: c for c in Cause.objects.filter(is_active=True)}
        span = Feedback.objects.aggregate(first=Min("received_at"), last=Max("received_at"))
        self.first = timezone.localdate(span["first"])
        self.end = min(timezone.localdate(span["last"]), today)
        self.quarters = (
            (self.end.year * 4 + (self.end.month - 1) // 3)
            - (self.first.year * 4 + (self.first.month - 1) // 3)
            + 1
        )
        self.writes: dict[dt.date, list[tuple[int, int]]] = {}  # day -> (minute, analysis pk)
        self.closes: dict[dt.date, list[tuple[int, int]]] = {}  # day -> (minute, round pk)
        self.steps: dict[dt.date, list[tuple[int, MeasurePlan, str]]] = {}
        self.seen_round = self.seen_analysis = 0
        self.plans = self._plans()

    # -- the day loop ---------------------------------------------------------------------------------

    def run(self) -> None:
        while Feedback.objects.filter(links_checked=False).exists():  # copies of a publication found first
            link_pending()
        for plan in self.plans:
            self._schedule_measure(plan)
        self._schedule_new_rounds()
        self._schedule_new_analyses(self.first)
        day = self.first
        while day <= self.today:
            self._morning(day)
            for minute, plan, step in sorted(self.steps.pop(day, []), key=lambda s: s[0]):
                self._step(plan, step, _local(day, minute))
            for minute, pk in sorted(self.writes.pop(day, [])):
                self._write(pk, _local(day, minute))
            for minute, pk in sorted(self.closes.pop(day, [])):
                self._close(pk, _local(day, minute))
            if day.weekday() == 4:  # on Fridays the officers read what came
                with clock(_local(day, 17 * 60 + 50)):
                    for officer in self.officers.values():
                        notifications.mark_read(officer)
            day += dt.timedelta(days=1)
        effects.refresh_all(today=self.today)

    def _morning(self, day: dt.date) -> None:
        """The worker's early run: the rounds of the periods just ended, the items of the day before."""
        with clock(_local(day, 8 * 60 + 30)):
            monitoring.open_rounds(until=day, start=day - dt.timedelta(days=1), calendar=self.calendar)
            start, _ = monitoring.day_bounds(day, day)
            waiting = monitoring.pending_items().filter(received_at__lt=start).count()
            if waiting:
                monitoring.route_pending(limit=waiting)
        self._schedule_new_rounds()
        self._schedule_new_analyses(day)

    # -- rounds ---------------------------------------------------------------------------------------

    def _schedule_new_rounds(self) -> None:
        rounds = MonitoringRound.objects.filter(
            pk__gt=self.seen_round, unit_id__in=list(self.officers), state=MonitoringRound.State.OPEN
        ).select_related("channel", "unit")
        for rnd in rounds.order_by("pk"):
            planned = self._round_plan(rnd)
            if planned is not None:
                self.closes.setdefault(planned[0], []).append((planned[1], rnd.pk))
        self.seen_round = MonitoringRound.objects.aggregate(m=Max("pk"))["m"] or 0

    def _round_plan(self, rnd: MonitoringRound) -> tuple[dt.date, int] | None:
        """On time (on the due day or a little before), late (some working days after it), or not yet."""
        rng = _rng("round", rnd.channel.code, rnd.period_code, rnd.unit.code)
        roll = rng.random()
        recent = rnd.due_date > self.today - dt.timedelta(days=STILL_OPEN_WITHIN_DAYS)
        if roll < ON_TIME:
            early = rng.choice((0, 0, 0, 1, 2)) if rnd.periodicity != "daily" else 0
            day = self.calendar.add_working_days(rnd.due_date, -early)
            if day <= rnd.period_end:
                day = rnd.due_date
        elif roll < ON_TIME + LATE or not recent:
            day = self.calendar.add_working_days(rnd.due_date, rng.randint(1, 8))
        else:
            return None
        minute = 15 * 60 + rng.randint(0, 170)
        return (day, minute) if _local(day, minute) < self.now else None

    def _close(self, pk: int, moment: dt.datetime) -> None:
        rnd = MonitoringRound.objects.select_related("rule", "unit", "channel").get(pk=pk)
        if rnd.state != MonitoringRound.State.OPEN:
            return
        officer = self.officers[rnd.unit_id]
        own = Analysis.objects.filter(
            feedback__in=monitoring.round_negative_items(rnd), unit_id=rnd.unit_id, state=Analysis.State.OPEN
        )
        pending = list(own.order_by("feedback__received_at", "pk").values_list("pk", flat=True))
        for n, analysis_pk in enumerate(pending):  # what is left is written before the round is closed
            self._write(analysis_pk, moment - dt.timedelta(minutes=2 * (len(pending) - n)))
        with clock(moment):
            try:
                monitoring.close_round(rnd, self._conclusion(rnd), officer)
            except monitoring.MonitoringError:
                return  # an item of the period still waits for routing: the round stays open

    def _conclusion(self, rnd: MonitoringRound) -> str:
        work = monitoring.round_work(rnd)
        if not work.negative:
            return "Отрицательных отзывов за период нет; замечаний к обслуживанию не выявлено."
        negatives = ru.counted(
            work.negative, "отрицательный отзыв", "отрицательных отзыва", "отрицательных отзывов"
        )
        own = Analysis.objects.filter(
            feedback__in=monitoring.round_negative_items(rnd),
            unit_id=rnd.unit_id,
            state=Analysis.State.CLOSED,
        )
        parts = [f"За период поступило {negatives}."]
        if work.own_closed:
            founded = own.filter(well_founded__in=["yes", "partly"])
            n_founded = founded.count()
            analysed = ru.counted(work.own_closed, "отзыва", "отзывов", "отзывов")
            parts.append(
                f"Подразделение завершило анализ {analysed}: обоснованных — {ru.number(n_founded)}, "
                f"необоснованных — {ru.number(work.own_closed - n_founded)}."
            )
            cause = Counter(founded.values_list("cause__name", flat=True)).most_common(1)
            if cause and cause[0][0]:
                parts.append(f"Основная причина обоснованных отзывов — {cause[0][0].lower()}.")
        elsewhere = work.elsewhere_open_total + work.elsewhere_closed
        if elsewhere:
            parts.append(
                f"Передано на анализ другим подразделениям: {ru.number(elsewhere)}, из них анализ завершен: "
                f"{ru.number(work.elsewhere_closed)}."
            )
        active = Measure.objects.filter(
            unit_id=rnd.unit_id,
            state__in=[MeasureState.APPROVED, MeasureState.IN_PROGRESS],
            created_at__lte=timezone.now(),
        ).first()
        if active is not None:
            parts.append(f"Выполняется мера № {active.pk}: «{active.title}».")
        return " ".join(parts)

    # -- analyses -------------------------------------------------------------------------------------

    def _schedule_new_analyses(self, day: dt.date) -> None:
        fresh = Analysis.objects.filter(pk__gt=self.seen_analysis, unit_id__in=list(self.officers))
        recent = self.today - dt.timedelta(days=LEFT_FOR_THE_UNITS_DAYS)
        rows = fresh.values_list("pk", "feedback__source_id", "feedback__received_at")
        for pk, source_id, received in rows:
            rng = _rng("analysis", source_id)
            received_on = timezone.localdate(received)
            if received_on >= recent:
                continue
            delay = rng.randint(1, 7)
            if rng.random() < LET_HANG:  # put off: still open if recent, else written weeks late
                if received_on >= self.today - dt.timedelta(days=LET_HANG_DAYS):
                    continue
                delay = rng.randint(15, 40)
            routed = max(day, received_on + dt.timedelta(days=1))
            write_day = self.calendar.add_working_days(routed, delay)
            self.writes.setdefault(write_day, []).append((10 * 60 + rng.randint(0, 290), pk))
        self.seen_analysis = Analysis.objects.aggregate(m=Max("pk"))["m"] or 0

    def _write(self, pk: int, moment: dt.datetime) -> None:
        analysis = Analysis.objects.select_related("feedback__topic").get(pk=pk)
        officer = self.officers.get(analysis.unit_id)
        if analysis.state != Analysis.State.OPEN or officer is None or moment >= self.now:
            return
        feedback = analysis.feedback
        rng = _rng("findings", feedback.source_id)
        answered = monitoring.has_measure(analysis)
        roll = rng.random()
        if answered or roll < 0.3:
            verdict = Analysis.WellFounded.YES
        elif roll < 0.45:
            verdict = Analysis.WellFounded.PARTLY
        else:
            verdict = Analysis.WellFounded.NO
        if verdict == Analysis.WellFounded.NO:
            code = "regulation" if rng.random() < 0.6 else "other"
            comment = UNFOUNDED_COMMENTS[code]
        else:
            code = _founded_cause(feedback.topic.code if feedback.topic else "")
            comment = (PARTLY_PREFIX if verdict == Analysis.WellFounded.PARTLY else "") + FOUNDED_COMMENTS[
                code
            ]
        cause = self.causes.get(code) or self.causes.get("other")
        reason = "" if answered or verdict == Analysis.WellFounded.NO else rng.choice(NO_MEASURE_REASONS)
        with clock(moment):
            try:
                monitoring.record_analysis(
                    analysis,
                    well_founded=verdict,
                    cause=cause,
                    comment=comment,
                    no_measure_reason=reason,
                    acting_user=officer,
                )
                monitoring.close_analysis(analysis, officer)
            except monitoring.MonitoringError:
                return

    # -- measures -------------------------------------------------------------------------------------

    def _plans(self) -> list[MeasurePlan]:
        end, wd = self.end, self._working_day
        plans: list[MeasurePlan] = []
        improvement = next(iter(planted_improvements(end, self.quarters)), None)
        spikes = {s.id: s for s in planted_spikes(end, self.quarters)}
        if improvement is not None:
            fixed = improvement.first_day
            proposed = wd(fixed - dt.timedelta(days=35))
            approved = self.calendar.add_working_days(proposed, 2)
            plans.append(
                MeasurePlan(
                    unit="07",
                    title="Второе окно выдачи талонов и запись на прием через сайт в ОП № 3",
                    description=(
                        "Посетители ОП № 3 жалуются на очередь у терминала и нехватку талонов в часы пик. "
                        "Открыть второе окно выдачи талонов, ввести предварительную запись через сайт, "
                        "обучить операторов зала приема."
                    ),
                    proposed=proposed,
                    due=fixed + dt.timedelta(days=7),
                    offices=(improvement.office,),
                    items=Complaints(
                        proposed - dt.timedelta(days=60),
                        proposed - dt.timedelta(days=1),
                        {"office__code": improvement.office, "channel__code": "vashkontrol"},
                    ),
                    approved=approved,
                    started=self.calendar.add_working_days(approved, 1),
                    done=fixed,
                    outcome=(
                        "Открыто второе окно выдачи талонов, работает предварительная запись на прием "
                        "через сайт; операторы зала приема обучены порядку работы с очередью. В первый "
                        "день ожидание талона в часы пик — не больше 10 минут вместо прежних 40."
                    ),
                )
            )
        lk = spikes.get("op7-lk-access")
        if lk is not None:
            proposed = self.calendar.add_working_days(lk.last_day, 1)
            plans.append(
                MeasurePlan(
                    unit="07",
                    title="Перевыпуск паролей к личному кабинету, выданных в ОП № 7",
                    description=(
                        "Выданные в ОП № 7 пароли к личному кабинету не действуют: налогоплательщики не "
                        "могут войти и обращаются повторно. Выяснить причину со службой ИТ, перевыпустить "
                        "пароли, проверять вход при выдаче."
                    ),
                    proposed=proposed,
                    due=proposed + dt.timedelta(days=30),
                    topics=("eservices.lk_access",),
                    offices=(lk.office,),
                    items=Complaints(
                        lk.first_day,
                        lk.last_day,
                        {"office__code": lk.office, "topic__code": "eservices.lk_access"},
                    ),
                    approved=self.calendar.add_working_days(proposed, 1),
                    started=self.calendar.add_working_days(proposed, 2),
                    done=self.calendar.add_working_days(proposed, 12),
                    outcome=(
                        "Причина — сбой при печати паролей в ОП № 7, устранен. Пароли, выданные за неделю "
                        "сбоя, перевыпущены и направлены налогоплательщикам; при выдаче оператор теперь "
                        "проверяет вход вместе с посетителем."
                    ),
                )
            )
        deadlines = wd(end - dt.timedelta(days=300))
        plans.append(
            MeasurePlan(
                unit="01",
                title="Ежедневный контроль сроков подготовки ответов на обращения",
                description=(
                    "Часть ответов на обращения направляется с нарушением срока. Ввести ежедневную сверку "
                    "обращений со сроком ответа в ближайшие три дня и напоминание исполнителям."
                ),
                proposed=deadlines,
                due=deadlines + dt.timedelta(days=45),
                topics=("appeals.deadline", "appeals.no_answer"),
                items=Complaints(
                    deadlines - dt.timedelta(days=45),
                    deadlines - dt.timedelta(days=1),
                    {"topic__code__in": ["appeals.deadline", "appeals.no_answer"]},
                    limit=4,
                ),
                approved=self.calendar.add_working_days(deadlines, 3),
                started=self.calendar.add_working_days(deadlines, 4),
                done=self.calendar.add_working_days(deadlines, 40),
                outcome=(
                    "Общий отдел ежедневно сверяет обращения со сроком ответа в ближайшие три дня и "
                    "напоминает исполнителям; ответы с нарушением срока за месяц — единичные."
                ),
            )
        )
        saturday = wd(end - dt.timedelta(days=130))
        plans.append(
            MeasurePlan(
                unit="01",
                title="Прием налогоплательщиков каждую субботу во всех налоговых органах",
                description="Налогоплательщики просят принимать их по субботам, а не только во 2-ю и 4-ю.",
                proposed=saturday,
                due=saturday + dt.timedelta(days=60),
                topics=("service.queue",),
                rejected=self.calendar.add_working_days(saturday, 3),
                reason=(
                    "Нет штатной возможности; нагрузку в часы пик снимает предварительная запись через "
                    "сайт, которая уже работает."
                ),
            )
        )
        notices = spikes.get("ufns-notices-nov")
        checked = (
            self.calendar.add_working_days(notices.last_day, 2)
            if notices
            else wd(end - dt.timedelta(days=40))
        )
        plans.append(
            MeasurePlan(
                unit="16",
                title="Сверка сведений об имуществе с Росреестром до рассылки налоговых уведомлений",
                description=(
                    "В уведомлениях этого года ошибки в сведениях об имуществе, налогоплательщики "
                    "массово обращаются. До следующей рассылки сверить сведения с Росреестром."
                ),
                proposed=checked,
                due=checked + dt.timedelta(days=150),
                topics=("property.notice",),
                items=Complaints(
                    checked - dt.timedelta(days=14),
                    checked - dt.timedelta(days=1),
                    {"topic__code": "property.notice"},
                ),
                approved=self.calendar.add_working_days(checked, 1),
                started=self.calendar.add_working_days(checked, 2),
            )
        )
        transport = wd(end - dt.timedelta(days=25))
        plans.append(
            MeasurePlan(
                unit="16",
                title="Разъяснения о расчете транспортного налога в личном кабинете",
                description="Разместить в личном кабинете разъяснения о ставках и льготах по налогу.",
                proposed=transport,
                due=transport + dt.timedelta(days=90),
                topics=("property.transport",),
                approved=self.calendar.add_working_days(transport, 3),
            )
        )
        plans.append(
            MeasurePlan(
                unit="07",
                title="Обучение операторов контакт-центра вопросам доступа к личному кабинету",
                description="Операторы не всегда подсказывают, как восстановить доступ к личному кабинету.",
                proposed=wd(end - dt.timedelta(days=6)),
                due=end + dt.timedelta(days=45),
                topics=("eservices.lk_access", "contact_centre.unreachable"),
            )
        )
        plans.append(
            MeasurePlan(
                unit="01",
                title="Памятка о сроках рассмотрения обращений на сайте и в личном кабинете",
                description="Заявители не знают, в какой срок ждать ответа, и пишут повторно.",
                proposed=wd(end - dt.timedelta(days=3)),
                due=end + dt.timedelta(days=30),
                topics=("appeals.deadline",),
            )
        )
        return [p for p in plans if self.first + dt.timedelta(days=14) <= p.proposed <= self.today]

    def _working_day(self, day: dt.date) -> dt.date:
        return self.calendar.previous_working_day(day)

    def _schedule_measure(self, plan: MeasurePlan) -> None:
        steps = [
            ("propose", plan.proposed, 9 * 60 + 20),
            ("approve", plan.approved, 9 * 60 + 30),
            ("reject", plan.rejected, 9 * 60 + 30),
            ("start", plan.started, 9 * 60 + 40),
            ("complete", plan.done, 9 * 60 + 50),
        ]
        for step, day, minute in steps:
            if day is not None and _local(day, minute) < self.now:
                self.steps.setdefault(day, []).append((minute, plan, step))

    def _step(self, plan: MeasurePlan, step: str, moment: dt.datetime) -> None:
        unit = Unit.objects.get(code=plan.unit)
        officer = self.officers.get(unit.pk)
        if officer is None or (step != "propose" and plan.measure is None):
            return
        with clock(moment):
            try:
                if step == "propose":
                    items = plan.items.find() if plan.items else []
                    plan.measure = measures.propose(
                        acting_user=officer,
                        title=plan.title,
                        description=plan.description,
                        unit=unit,
                        responsible=officer,
                        due_date=plan.due,
                        feedback=items,
                        topics=Topic.objects.filter(code__in=plan.topics),
                        offices=TaxOffice.objects.filter(code__in=plan.offices),
                        analyses=Analysis.objects.filter(feedback__in=items),
                    )
                elif step == "approve":
                    measures.approve(plan.measure, acting_user=self.leader)  # type: ignore[arg-type]
                elif step == "reject":
                    measures.reject(
                        plan.measure,  # type: ignore[arg-type]
                        acting_user=self.leader,
                        reason=plan.reason,
                    )
                elif step == "start":
                    measures.start(plan.measure, acting_user=officer)  # type: ignore[arg-type]
                elif step == "complete":
                    measures.complete(
                        plan.measure,  # type: ignore[arg-type]
                        acting_user=officer,
                        outcome=plan.outcome,
                        done_date=plan.done,
                    )
            except measures.TransitionError:
                return

    # -- the result -----------------------------------------------------------------------------------

    def summary(self) -> Summary:
        statuses = Counter(
            monitoring.round_status(r, self.today)
            for r in MonitoringRound.objects.filter(unit_id__in=list(self.officers))
        )
        return Summary(
            rounds_on_time=statuses[monitoring.RoundStatus.ON_TIME],
            rounds_late=statuses[monitoring.RoundStatus.LATE],
            rounds_open=statuses[monitoring.RoundStatus.OPEN] + statuses[monitoring.RoundStatus.OVERDUE],
            analyses_closed=Analysis.objects.filter(state=Analysis.State.CLOSED).count(),
            analyses_open=Analysis.objects.filter(state=Analysis.State.OPEN).count(),
            measures={s.value: Measure.objects.filter(state=s).count() for s in MeasureState},
            effects=dict(
                Counter(
                    (m.effect or {}).get("verdict", "")
                    for m in Measure.objects.filter(state=MeasureState.DONE)
                )
            ),
        )
