"""The demo's story over six small quarters: rounds closed on time and late by their units' officers,
analyses written, measures in every state, done ones with what was done and an effect measured by the
product's own comparison — and the pages and the quarterly note show them. Played once only.

The generator's truth (tone and topic) stands in for the text analysis, as in the monitoring's demo tests.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db.models import F
from django.test import Client

from otklik.accounts.models import User
from otklik.audit.models import AuditEvent
from otklik.demo import generate, planted_improvements
from otklik.lib.periods import Periodicity, period_containing
from otklik.lib.ru import person
from otklik.measures import effect as effects
from otklik.measures.models import Measure, MeasureState
from otklik.monitoring import services as monitoring
from otklik.monitoring.models import Analysis, MonitoringRound
from otklik.org.models import Channel, Topic
from otklik.registry.models import Feedback, ImportBatch
from otklik.registry.services import References, register_many
from otklik.reports.builders.quarterly import quarterly
from otklik.reports.oversight import effect_text
from otklik.reports.render import render
from otklik.web import demo_story

END = dt.date(2026, 9, 30)


def load_demo(scale: float, quarters: int) -> None:
    items = list(generate(seed=2026, scale=scale, end=END, quarters=quarters))
    refs = References()
    topics = dict(Topic.objects.values_list("code", "pk"))
    by_channel: dict[str, list[Any]] = {}
    for item in items:
        by_channel.setdefault(item.record.channel, []).append(item)
    for code, group in by_channel.items():
        batch = ImportBatch.objects.create(channel=Channel.objects.get(code=code), origin="demo")
        outcomes = register_many([i.record for i in group], refs=refs, batch=batch)
        for item, outcome in zip(group, outcomes, strict=True):
            if outcome.status == "created" and outcome.feedback_id is not None:
                Feedback.objects.filter(pk=outcome.feedback_id).update(
                    tone=item.tone,
                    topic_id=topics.get(item.topic),
                    topic_confidence=0.9,
                    analysed_at=F("received_at"),
                )


@pytest.fixture
def demo_users(reference: Any, settings: Any, tmp_path: Path) -> dict[str, User]:
    settings.VAR_DIR = tmp_path
    call_command("demo_users", stdout=io.StringIO())
    return {u.username: u for u in User.objects.all()}


def text_of(page: bytes) -> str:
    """What a reader sees: the text without tags, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page.decode())).split())


def client_of(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def test_the_story_tells_the_whole_monitoring_cycle_and_the_pages_show_its_measures(
    demo_users: dict[str, User],
) -> None:
    load_demo(scale=0.05, quarters=6)
    summary = demo_story.play(today=END)
    assert summary is not None

    # Rounds of the units with an officer: closed on time and late, each by its unit's officer with a
    # conclusion; some still open.
    officers = {demo_users[name].pk: code for code, name in demo_story.OFFICERS.items()}
    statuses = [monitoring.round_status(r, END) for r in MonitoringRound.objects.all()]
    assert statuses.count(monitoring.RoundStatus.ON_TIME) > 10
    assert statuses.count(monitoring.RoundStatus.LATE) > 3
    assert summary.rounds_on_time == statuses.count(monitoring.RoundStatus.ON_TIME)
    closed = MonitoringRound.objects.filter(state=MonitoringRound.State.CLOSED).select_related("unit")
    assert closed.exists()
    for rnd in closed:
        assert officers.get(rnd.closed_by_id or 0) == rnd.unit.code and rnd.conclusion.startswith(
            ("За период", "Отриц")
        )
        assert rnd.closed_at is not None and monitoring.local_date(rnd.closed_at) > rnd.period_end
    quarters = {r.period_code for r in closed if r.periodicity == Periodicity.QUARTERLY}
    assert len(quarters) >= 4  # the story runs over the demo's quarters, not the last one alone

    # Analyses written by the holding unit's officer, founded and not, each with a cause; later items and
    # other units' items are still open.
    written = Analysis.objects.filter(state=Analysis.State.CLOSED).select_related("unit")
    assert {a.well_founded for a in written} >= {"yes", "no"}
    for analysis in written:
        assert analysis.cause_id is not None and analysis.comment
        assert officers.get(analysis.closed_by_id or 0) == analysis.unit.code
        assert analysis.closed_at is not None and analysis.created_at <= analysis.closed_at
        assert monitoring.local_date(analysis.closed_at) <= END
        assert analysis.is_well_founded is False or analysis.no_measure_reason or analysis.measures.exists()
    assert Analysis.objects.filter(state=Analysis.State.OPEN).exists()

    # Measures in every state, by the units' officers, approved or rejected by leadership.
    measures = Measure.objects.select_related("proposed_by", "unit")
    assert {m.state for m in measures} == set(MeasureState.values)
    assert all(officers.get(m.proposed_by_id or 0) == m.unit.code for m in measures)
    rejected = measures.get(state=MeasureState.REJECTED)
    assert rejected.rejection_reason and rejected.events.last().actor.username == "leader"  # type: ignore[union-attr]
    done = list(measures.filter(state=MeasureState.DONE))
    assert len(done) >= 2
    for measure in done:
        assert measure.outcome and measure.effect is not None and measure.effect_computed_at is not None
        # The kept effect is the product's own comparison on the demo data, not a number of the story.
        assert measure.effect == effects.compute(measure, today=END).as_json()
    window = next(m for m in done if m.title.startswith("Второе окно"))
    (improvement,) = planted_improvements(END, 6)
    assert window.done_date == improvement.first_day and list(
        window.offices.values_list("code", flat=True)
    ) == ["ОП3"]
    kept = effects.Effect.from_json(window.effect)  # type: ignore[arg-type]
    assert kept.total_before > 0 and kept.total_after > 0
    assert (
        AuditEvent.objects.get(action="measure.done", object_id=str(window.pk)).at.date() <= window.done_date
    )
    assert AuditEvent.objects.filter(origin=demo_story.ORIGIN, action="measure.done").count() == len(done)

    # The measures list, a done measure's card and the leadership's home page.
    officer = demo_users["officer"]
    listed = text_of(client_of("leader").get("/measures/").content)
    assert window.outcome[:60] in listed and f"Эффект: {kept.verdict}" in listed
    page = client_of("officer").get(f"/measures/{window.pk}/").content
    card = text_of(page)
    assert window.outcome in card and "Эффект меры" in card and kept.verdict.capitalize() in card
    assert f"<dd>{person(officer)}, " in page.decode() and "<dd>officer," not in page.decode()
    home = text_of(client_of("leader").get("/").content)
    for waiting in measures.filter(state=MeasureState.PROPOSED):
        assert waiting.title in home

    # The quarterly note of the quarter the measure was done in quotes what was done and its effect.
    quarter = period_containing(window.done_date, Periodicity.QUARTERLY)
    note = text_of(render(quarterly(quarter), "html"))
    outcome = window.outcome[0].lower() + window.outcome[1:].rstrip(".")
    assert f"Мера «{window.title}» ({window.unit.name}). Сделано: {outcome}." in note
    assert " ".join(f"Измеренный эффект: {effect_text(kept)}.".split()) in note


def test_the_story_is_played_once(demo_users: dict[str, User]) -> None:
    load_demo(scale=0.03, quarters=2)

    def state() -> tuple[int, ...]:
        return (
            AuditEvent.objects.count(),
            Measure.objects.count(),
            MonitoringRound.objects.filter(state=MonitoringRound.State.CLOSED).count(),
            Analysis.objects.filter(state=Analysis.State.CLOSED).count(),
        )

    assert demo_story.play(today=END) is not None
    played = state()
    assert played[1] > 0 and played[2] > 0 and played[3] > 0
    assert demo_story.already_played()
    assert demo_story.play(today=END) is None
    out = io.StringIO()
    call_command("demo_story", stdout=out)
    assert "уже проиграна" in out.getvalue()
    assert state() == played
