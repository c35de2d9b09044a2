from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from otklik.analysis.services import analyse_pending
from otklik.org.models import Channel
from otklik.registry.models import Feedback
from otklik.reports.models import SearchDocument
from otklik.reports.search import search


def test_a_record_is_found_by_the_search_once_the_worker_has_analysed_it(reference: Any) -> None:
    feedback = Feedback.objects.create(
        channel=Channel.objects.get(number=2),
        source_id="a-1",
        received_at=timezone.make_aware(dt.datetime(2026, 8, 3, 12)),
        text="Мне не пришли налоговые уведомления, звонил Иванов Петр Сергеевич",
        fingerprint="a-1",
    )
    assert not SearchDocument.objects.filter(feedback=feedback).exists()

    assert analyse_pending() == 1

    found = search(Feedback.objects.all(), "уведомление")
    assert list(found.values_list("pk", flat=True)) == [feedback.pk]
    # The index holds the masked text only: the name is not searchable.
    assert not search(Feedback.objects.all(), "Иванов").exists()
