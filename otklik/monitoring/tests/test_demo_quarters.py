"""Over two demo quarters every rule has its rounds and every negative item exactly one analysis.

The demo generator's own truth (tone and topic) stands in for the text analysis, so the test is about
scheduling and routing alone; one item in five gets an unsure topic and must go to triage.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count

from otklik.demo import generate
from otklik.lib.periods import Periodicity, periods_between
from otklik.lib.routing import GENERAL_DEPARTMENT
from otklik.monitoring import services
from otklik.monitoring.models import Analysis, MonitoringRound
from otklik.org.models import Channel, Topic
from otklik.org.services import competent_unit, regulation_in_force
from otklik.registry.linking import link_pending
from otklik.registry.models import Feedback, ImportBatch, Tone
from otklik.registry.services import References, register_many

D = dt.date
FIRST, LAST = D(2026, 4, 1), D(2026, 9, 30)  # II and III quarters of 2026


def _load_demo() -> None:
    items = list(generate(seed=11, scale=0.06, end=LAST, quarters=2))
    refs = References()
    topics = dict(Topic.objects.values_list("code", "pk"))
    by_channel: dict[str, list[Any]] = {}
    for item in items:
        by_channel.setdefault(item.record.channel, []).append(item)
    for n, (code, group) in enumerate(by_channel.items()):
        batch = ImportBatch.objects.create(channel=Channel.objects.get(code=code), origin="demo")
        outcomes = register_many([i.record for i in group], refs=refs, batch=batch)
        for k, (item, outcome) in enumerate(zip(group, outcomes, strict=True)):
            if outcome.status != "created" or outcome.feedback_id is None:
                continue
            Feedback.objects.filter(pk=outcome.feedback_id).update(
                tone=item.tone,
                topic_id=topics.get(item.topic),
                topic_confidence=0.35 if (k + n) % 5 == 0 else 0.9,
                analysed_at=item.record.received_at,
            )


def test_two_demo_quarters_get_every_round_and_one_analysis_per_negative_item(reference: Any) -> None:
    _load_demo()
    assert Feedback.objects.filter(tone=Tone.NEGATIVE).count() > 50
    services.open_rounds(LAST + dt.timedelta(days=1), start=FIRST)
    while Feedback.objects.filter(links_checked=False).exists():  # publications wait for their copies
        link_pending()
    services.route_pending()

    regulation = regulation_in_force(LAST)
    assert regulation is not None and regulation_in_force(FIRST) == regulation
    for rule in regulation.rules.select_related("channel"):
        for period in periods_between(FIRST, LAST, Periodicity(rule.periodicity)):
            rounds = MonitoringRound.objects.filter(rule=rule, period_start=period.start)
            if period.end > LAST:  # not finished on the day the rounds were opened
                assert not rounds.exists(), (rule, period)
                continue
            if rule.answering_unit:
                start, end = services.day_bounds(period.start, period.end)
                answering = set(
                    Feedback.objects.filter(
                        channel=rule.channel, received_at__gte=start, received_at__lt=end
                    ).values_list("answering_unit_id", flat=True)
                ) - {None}
                assert set(rounds.values_list("unit_id", flat=True)) == answering, (rule, period)
            else:
                assert list(rounds.values_list("unit_id", flat=True)) == [rule.unit_id], (rule, period)
            assert all(r.due_date > period.end for r in rounds)

    negatives = Feedback.objects.filter(tone=Tone.NEGATIVE).select_related(
        "channel", "topic", "answering_unit", "analysis__unit"
    )
    assert not negatives.filter(analysis__isnull=True).exists()
    assert not Analysis.objects.values("feedback").annotate(n=Count("id")).filter(n__gt=1).exists()
    assert Analysis.objects.count() == negatives.count()
    triaged = 0
    for item in negatives:
        day = services.local_date(item.received_at)
        held = item.analysis.unit.code
        if item.channel.code == "lk_comments" and item.answering_unit:
            expected = item.answering_unit.code
        elif (item.topic is None or (item.topic_confidence or 0) < 0.6) and item.grades:
            # Surveys and reviews with an unsure topic go by their grades (docs/routing-table.md, rule 4).
            assert item.analysis.transfers.get().basis in ("grade", "triage"), item.pk
            triaged += item.analysis.triage
            continue
        elif item.topic is None or (item.topic_confidence or 0) < 0.6:
            expected = GENERAL_DEPARTMENT
        else:
            unit = competent_unit(item.topic.code, day)
            expected = unit.code if unit else GENERAL_DEPARTMENT
        assert held == expected, (item.pk, item.channel.code, item.topic_id, held, expected)
        triaged += item.analysis.triage
    assert triaged > 0
