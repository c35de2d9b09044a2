"""Analysis backlog: workers take disjoint records, and records of a worker that died are taken again."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from otklik.analysis.services import claim_pending
from otklik.org.models import Channel
from otklik.registry.models import Feedback


def make(n: int) -> None:
    channel = Channel.objects.get(code="calls")
    Feedback.objects.bulk_create(
        Feedback(
            channel=channel,
            source_id=f"c{i}",
            text="Не дозвониться",
            fingerprint="x",
            received_at=dt.datetime(2026, 3, 2, tzinfo=dt.UTC),
        )
        for i in range(n)
    )


def test_two_claims_take_disjoint_records(reference: object) -> None:
    make(10)
    first, second = claim_pending(6), claim_pending(6)
    assert len(first) == 6 and len(second) == 4
    assert not {f.pk for f in first} & {f.pk for f in second}
    assert claim_pending(6) == []


def test_records_of_a_worker_whose_lease_ran_out_are_taken_again(reference: object) -> None:
    make(3)
    taken = claim_pending(3)
    Feedback.objects.filter(pk__in=[f.pk for f in taken]).update(
        analysis_claimed_until=timezone.now() - dt.timedelta(seconds=1)
    )
    again = claim_pending(3)
    assert {f.pk for f in again} == {f.pk for f in taken}
    assert len({f.analysis_claim for f in again} | {taken[0].analysis_claim}) == 2
