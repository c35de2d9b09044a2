"""Retraining: corrections change the next version's answers; a worse version is not put in service."""

from __future__ import annotations

import datetime as dt

import pytest

from otklik.accounts.models import User
from otklik.analysis import retraining, services
from otklik.analysis.models import ModelVersion
from otklik.intake.models import Feedback
from otklik.org.models import Channel

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


@pytest.mark.slow
def test_a_version_worse_on_the_held_out_corrections_is_not_put_in_service(
    users: dict[str, User], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The held-out corrections say one thing, the ones used for training the opposite: learning from them
    # can only make the held-out figures worse.
    held = [t for t in CONTRADICTING if retraining.held_out(t)] or CONTRADICTING[:2]
    monkeypatch.setattr(retraining, "held_out", lambda text: text in held)
    correct_all(users["officer"], held, "negative")
    noise = [f"налоговая служба {t}" for t in CONTRADICTING if t not in held]
    correct_all(users["officer"], noise, "positive", prefix="noise")
    correct_all(users["officer"], [f"{t}, ужасно" for t in held], "positive", prefix="opposite")
    version = retraining.retrain(acting_user=users["admin"])
    if (
        version.metrics["candidate"]["held_out_macro_f1"] + retraining.TOLERANCE
        < (version.metrics["in_service_before"]["held_out_macro_f1"])
    ):
        assert not version.in_service
        assert not ModelVersion.objects.filter(in_service=True).exists()
    else:
        pytest.fail(f"the constructed corrections did not make the candidate worse: {version.metrics}")


def test_not_worse_compares_every_figure_the_current_version_has() -> None:
    current = {"public_negative_f1": 0.66, "held_out_macro_f1": 0.9}
    assert retraining.not_worse({"public_negative_f1": 0.66, "held_out_macro_f1": 0.9}, current)
    assert not retraining.not_worse({"public_negative_f1": 0.60, "held_out_macro_f1": 0.95}, current)
    assert not retraining.not_worse({"public_negative_f1": 0.70, "held_out_macro_f1": 0.80}, current)
