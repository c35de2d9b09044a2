"""A new model version from the public data and the staff's corrections, put in service only if not worse.

Corrections are split by a hash of their text into a training part and a held-out part (one in five).
A candidate trained on the public data plus the training part is compared with the version in service on
the held-out corrections and on the public test split; if it is not worse on either, a version trained
on all corrections goes into service and the records of the current quarter are analysed again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from otklik.analysis import services
from otklik.analysis.models import ModelVersion
from otklik.analysis.nlp.tone import ToneModel, evaluate, load_corpus, train
from otklik.audit import services as audit
from otklik.lib.periods import Periodicity, period_containing

HELD_OUT_SHARE = 5  # one correction in five is kept out of training
TOLERANCE = 0.005  # differences smaller than this are noise, not "worse"


def held_out(text: str) -> bool:
    return int(hashlib.sha256(text.encode()).hexdigest(), 16) % HELD_OUT_SHARE == 0


def public_test() -> tuple[list[str], list[str]]:
    rows = [r for r in load_corpus() if r["split"] == "test"]
    return [r["text"] for r in rows], [r["label"] for r in rows]


def figures(model: ToneModel, held: Sequence[tuple[str, str]]) -> dict[str, float]:
    texts, labels = public_test()
    public = evaluate(model, texts, labels)
    out = {"public_negative_f1": public["negative_f1"], "public_macro_f1": public["macro_f1"]}
    if held:
        own = evaluate(model, [t for t, _ in held], [label for _, label in held])
        out |= {"held_out_macro_f1": own["macro_f1"], "held_out_n": float(len(held))}
    return out


def not_worse(candidate: dict[str, float], current: dict[str, float]) -> bool:
    keys = ["public_negative_f1", "held_out_macro_f1"]
    return all(candidate.get(k, 0.0) + TOLERANCE >= current.get(k, 0.0) for k in keys if k in current)


def retrain(*, acting_user: Any = None) -> ModelVersion:
    corrections = services.staff_corrections()
    held = [(t, label) for t, label in corrections if held_out(t)]
    learn = [(t, label) for t, label in corrections if not held_out(t)]
    current_model = services.tone_model()
    current = figures(current_model, held)
    candidate = figures(train(extra_examples=learn), held)
    accepted = not_worse(candidate, current)
    final = train(extra_examples=corrections) if accepted else None
    with transaction.atomic():
        version, _ = ModelVersion.objects.update_or_create(
            version=(final.version if final else f"rejected-{timezone.now():%Y%m%d%H%M%S%f}"),
            defaults={
                "metrics": {"candidate": candidate, "in_service_before": current},
                "corrections": len(corrections),
                "note": (
                    "не хуже действующей: введена в эксплуатацию"
                    if accepted
                    else "хуже действующей на отложенной выборке: не введена"
                ),
            },
        )
        if accepted:
            ModelVersion.objects.filter(in_service=True).update(in_service=False)
            ModelVersion.objects.filter(pk=version.pk).update(in_service=True)
            version.in_service = True
        audit.record(
            "analysis.retrained",
            acting_user=acting_user,
            obj=version,
            changes={"accepted": accepted, "candidate": candidate, "current": current},
        )
    if accepted:
        services.forget_analyser()
        quarter = period_containing(timezone.localdate(), Periodicity.QUARTERLY)
        services.reanalyse_since(quarter.start)
    return version
