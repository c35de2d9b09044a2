"""On the demo, where they are planted and known: every repeated appeal, every appeal sent on by an authority
and every publication from a second source is linked to its first, and grade-only items rarely need triage.

The generator's truth (`DemoItem.link_kind`, `linked_source_id`) says which records belong together; the
grade-only items are analysed by the product's own analysis, then routed.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from otklik.analysis.services import analyse_feedback
from otklik.demo import generate
from otklik.demo.item import DemoItem
from otklik.monitoring import services as monitoring
from otklik.monitoring.models import Analysis
from otklik.registry.linking import link_pending
from otklik.registry.models import Feedback, FeedbackLink, Tone
from otklik.registry.services import References, register_many

END = dt.date(2026, 9, 30)


def load(scale: float, seed: int = 5) -> list[DemoItem]:
    items = list(generate(seed=seed, scale=scale, end=END, quarters=4))
    outcomes = register_many([i.record for i in items], refs=References())
    assert sum(o.status == "created" for o in outcomes) > 0.97 * len(items)
    return [i for i, o in zip(items, outcomes, strict=True) if o.status == "created"]


def link_all() -> None:
    while Feedback.objects.filter(links_checked=False).exists():
        link_pending()


def test_every_planted_repeat_copy_and_duplicated_publication_is_linked_to_its_first(reference: Any) -> None:
    items = load(scale=0.25)
    link_all()
    ids = dict(
        ((channel, source_id), pk)
        for channel, source_id, pk in Feedback.objects.values_list("channel__code", "source_id", "pk")
    )
    links = {
        (e, lt): kind for e, lt, kind in FeedbackLink.objects.values_list("earlier_id", "later_id", "kind")
    }
    planted = [i for i in items if i.link_kind]
    kinds = Counter(i.link_kind for i in planted)
    assert kinds["repeat"] >= 5 and kinds["cross_stream"] >= 5 and kinds["duplicate"] >= 10, kinds
    expected = {"repeat": "repeat", "cross_stream": "cross_stream", "duplicate": "duplicate"}
    missed = [
        (i.link_kind, i.linked_source_id, i.record.source_id)
        for i in planted
        if links.get(
            (ids[(i.linked_channel, i.linked_source_id)], ids[(i.record.channel, i.record.source_id)])
        )
        != expected[i.link_kind]
    ]
    assert not missed, missed
    # Only the planted copies are duplicates: no other publication is dropped from the counts.
    assert Counter(links.values())["duplicate"] == kinds["duplicate"]


def test_fewer_than_one_grade_only_item_in_ten_goes_to_triage(reference: Any) -> None:
    load(scale=0.25)
    grade_only = list(
        Feedback.objects.filter(channel__code__in=("surveys", "vashkontrol"), text="")
        .exclude(grades={})
        .select_related("channel")
    )
    analyse_feedback(grade_only)
    monitoring.route_pending()
    routed = Analysis.objects.filter(feedback__in=[f.pk for f in grade_only], feedback__tone=Tone.NEGATIVE)
    assert routed.count() >= 20
    triaged = routed.filter(triage=True).count()
    assert triaged < 0.1 * routed.count(), (triaged, routed.count())
