"""Retraining: corrections change the next version's answers; a worse version is not put in service."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from otklik.accounts.models import User
from otklik.analysis import retraining, services
from otklik.analysis.models import ModelVersion
from otklik.org.models import Channel
from otklik.registry.models import Feedback

# Texts the public data reads as negative; the staff say that in this administration they are praise.
CONTRADICTING = [
    "очередь на приеме в инспекции двигалась быстро, жаловаться не на что",
    "ответ пришел через месяц, зато подробный и понятный",
    "без записи не приняли, но по записи все сделали за десять минут",
    "сайт налоговой сначала завис, потом все заработало",
    "пришлось ждать, но инспектор все объяснил до конца",
    "долго не могли дозвониться, но консультация оказалась полезной",
    "требование пришло внезапно, инспектор спокойно все разъяснил",
    "думал будет хуже, а оказалось нормально",
    "справку выдали не сразу, но без ошибок",
    "сначала отказали, а потом разобрались и вернули переплату",
]


def correct_all(user: User, texts: list[str], tone: str, prefix: str = "r") -> list[Feedback]:
    channel = Channel.objects.get(code="appeals")
    made = []
    for i, text in enumerate(texts):
        f = Feedback.objects.create(
            channel=channel,
            source_id=f"{prefix}-{tone}-{i}",
            text=text,
            fingerprint="x",
            received_at=dt.datetime(2026, 3, 2, tzinfo=dt.UTC),
        )
        services.correct(f, acting_user=user, tone=tone)
        made.append(f)
    return made


@pytest.mark.slow
def test_corrections_that_contradict_the_public_data_change_the_next_versions_answers(
    users: dict[str, User],
) -> None:
    before = services.tone_model().labels(CONTRADICTING)
    correct_all(users["officer"], CONTRADICTING, "positive")
    version = retraining.retrain(acting_user=users["admin"])
    assert version.in_service, version.note
    after = services.tone_model().labels(CONTRADICTING)
    changed = sum(b != a for b, a in zip(before, after, strict=True))
    assert after.count("positive") > before.count("positive") and changed >= len(CONTRADICTING) // 2
    # scored by a version fitted without the public test split (fitted with it, it would score ~0.99)
    assert version.metrics["candidate"]["test_negative_f1"] < 0.8


@pytest.mark.slow
def test_a_version_worse_on_the_held_out_corrections_is_not_put_in_service(
    users: dict[str, User], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The held-out corrections are plain complaints, which the version in service reads as negative; the
    # corrections it learns from call the same complaints praise: learning from them can only make the
    # held-out figures worse.
    held = [
        "ужасное обслуживание в инспекции, очередь три часа, хамство сотрудников",
        "отвратительная работа налоговой, третий раз пишу и ничего не решили",
    ]
    monkeypatch.setattr(retraining, "held_out", lambda text: text in held)
    correct_all(users["officer"], held, "negative")
    opposite = [f"{t}{ending}" for t in held for ending in ("", ".", "!", "!!", " )", " :)", "...", " ..")]
    correct_all(users["officer"], [t for t in opposite if t not in held], "positive", prefix="opposite")
    version = retraining.retrain(acting_user=users["admin"])
    if (
        version.metrics["candidate"]["held_macro_f1"] + retraining.TOLERANCE
        < (version.metrics["in_service_before"]["held_macro_f1"])
    ):
        assert not version.in_service
        assert not ModelVersion.objects.filter(in_service=True).exists()
    else:
        pytest.fail(f"the constructed corrections did not make the candidate worse: {version.metrics}")


def test_not_worse_compares_every_figure_the_current_version_has() -> None:
    current = {"test_negative_f1": 0.66, "held_macro_f1": 0.9}
    assert retraining.not_worse({"test_negative_f1": 0.66, "held_macro_f1": 0.9}, current)
    assert not retraining.not_worse({"test_negative_f1": 0.60, "held_macro_f1": 0.95}, current)
    assert not retraining.not_worse({"test_negative_f1": 0.70, "held_macro_f1": 0.80}, current)


def test_the_models_page_shows_the_gate_figures_in_plain_words(
    users: dict[str, User], client: Client
) -> None:
    ModelVersion.objects.create(
        version="tone-4.abc",
        metrics={
            "candidate": {"test_negative_f1": 0.6712, "held_macro_f1": 0.8, "held_n": 1234.0},
            "in_service_before": {"test_negative_f1": 0.662, "held_macro_f1": 0.75, "held_n": 1234.0},
        },
        corrections=5,
    )
    client.force_login(users["admin"])
    page = client.get(reverse("analysis:models")).content.decode()
    assert "Открытые данные, тестовая часть: F1 класса «негатив»" in page
    assert "0,671" in page and "0,662" in page and "1\u00a0234" in page
    assert "test_negative_f1" not in page and "public_negative_f1" not in page


def test_corrections_are_split_the_same_way_by_the_gate_and_by_the_version_in_service() -> None:
    texts = [f"обращение номер {i}" for i in range(200)]
    learned, held = retraining.split([(t, "neutral") for t in texts])
    assert 20 < len(held) < 70 and len(learned) + len(held) == 200
    assert all(services.held_out(t) for t, _ in held)
    assert not any(services.held_out(t) for t, _ in learned)
