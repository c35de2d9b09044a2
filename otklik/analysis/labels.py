from __future__ import annotations

from collections.abc import Sequence

from otklik.analysis.models import Label
from otklik.org.models import Topic


def store_demo_labels(rows: Sequence[tuple[int, str, str]]) -> None:
    """Keep the demo generator's truth (feedback id, tone, topic code) as training labels."""
    topics = dict(Topic.objects.values_list("code", "pk"))
    Label.objects.bulk_create(
        [
            Label(feedback_id=fid, origin=Label.Origin.DEMO, tone=tone, topic_id=topics.get(topic))
            for fid, tone, topic in rows
        ],
        batch_size=1000,
    )
