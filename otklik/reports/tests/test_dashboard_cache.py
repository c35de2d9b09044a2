"""The dashboard's counted part is kept for a few seconds, and a change of the registry shows at once all the
same, on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import override_settings

from otklik.accounts.models import User
from otklik.registry.models import Feedback, FeedbackLink
from otklik.reports import dashboard
from otklik.reports.tests.factory import build_quarter, make
from otklik.reports.tests.support import client_for, figures_of

URL = "/reports/dashboard/?period=2026Q3"


@pytest.fixture(autouse=True)
def _nothing_kept() -> Any:
    dashboard._kept.clear()
    yield
    dashboard._kept.clear()


@override_settings(DASHBOARD_CACHE_SECONDS=60)
def test_a_change_of_the_registry_shows_at_once(
    users: dict[str, User], django_assert_max_num_queries: Any
) -> None:
    build_quarter()
    client = client_for("leader")
    first = figures_of(client.get(URL))
    with django_assert_max_num_queries(1000) as asked:
        again = figures_of(client.get(URL))
    assert again == first
    assert dashboard._kept
    counting = [
        q["sql"]
        for q in asked.captured_queries
        if "sum(total)" in q["sql"] or ("COUNT(" in q["sql"] and '"intake_feedback"' in q["sql"])
    ]
    assert not counting  # kept: the second request counted nothing
    record = make(2, dt.date(2026, 8, 3), tone="negative")  # volume and negatives of the quarter go up
    after = figures_of(client.get(URL))
    assert (after[0][0], after[1][0]) == (first[0][0] + 1, first[1][0] + 1)
    record.tone = "neutral"  # a correction on the card
    record.save()
    corrected = figures_of(client.get(URL))
    assert (corrected[0][0], corrected[1][0]) == (first[0][0] + 1, first[1][0])
    earlier = Feedback.objects.exclude(pk=record.pk).filter(channel=record.channel).earliest("received_at")
    link = FeedbackLink.objects.create(
        earlier=earlier, later=record, kind=FeedbackLink.Kind.DUPLICATE, similarity=1
    )
    assert figures_of(client.get(URL))[0][0] == first[0][0]  # a second copy of a publication stops counting
    link.delete()
    assert figures_of(client.get(URL))[0][0] == first[0][0] + 1


def test_without_seconds_to_keep_nothing_is_kept(users: dict[str, User]) -> None:
    build_quarter()
    client_for("leader").get(URL)
    assert not dashboard._kept
