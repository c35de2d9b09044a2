"""The record card says which line of the table of tone decisions decided, in words."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from otklik.accounts.models import User
from otklik.analysis import services
from otklik.nlp.pipeline import Analyser
from otklik.nlp.tone import ToneModel
from otklik.org.models import Channel
from otklik.registry.models import Feedback


def test_the_card_names_the_deciding_line_and_the_grade(
    users: dict[str, User], client: Client, small_model: ToneModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services, "analyser", lambda: Analyser(model=small_model))
    f = Feedback.objects.create(
        channel=Channel.objects.get(code="vashkontrol"),
        source_id="vk-1",
        text="Все хорошо, спасибо",
        grades={"time_queue": 2, "staff": 5},
        fingerprint="x",
        received_at=dt.datetime(2026, 3, 2, tzinfo=dt.UTC),
    )
    services.analyse_feedback([f])
    f.refresh_from_db()
    assert (f.tone, f.tone_rule) == ("negative", "2")
    client.force_login(users["admin"])
    page = client.get(reverse("registry:detail", args=[f.pk])).content.decode()
    assert "строка 2: оценка 1 или 2 хотя бы по одному критерию" in page
    assert "оценка 2 («Плохо») по критерию «время ожидания в очереди»" in page
