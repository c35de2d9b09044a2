"""A new model version from the public data and the staff's corrections, put in service only if not worse.

Versions are compared only on data that neither of them has seen. Corrections are split by a hash of their
text into a training part and a held-out part (one in five) that no version ever learns from (its texts
are answered with the staff's tone by look-up, which the scoring leaves out). The public test split is
scored by probes: each version's recipe fitted on the public train split alone. If the candidate is not
worse on either, it goes into service and the records of the current quarter are analysed again.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from otklik.analysis import services
from otklik.analysis.models import ModelVersion
from otklik.audit import services as audit
from otklik.lib.periods import Periodicity, period_containing
from otklik.nlp.tone import ToneModel, evaluate, load_corpus, train

TOLERANCE = 0.005  # differences smaller than this are noise, not "worse"
held_out = services.held_out
# The figures a version is judged by, in the order and the words of the models page.
FIGURES_RU = {
    "test_negative_f1": "Открытые данные, тестовая часть: F1 класса «негатив»",
    "test_macro_f1": "Открытые данные, тестовая часть: средний F1 трёх классов",
    "held_negative_f1": "Отложенные исправления сотрудников: F1 класса «негатив»",
    "held_macro_f1": "Отложенные исправления сотрудников: средний F1 трёх классов",
    "held_n": "Отложенных исправлений",
}
COMPARED = ("test_negative_f1", "held_macro_f1")
UNSEEN = "на данных, которых ни одна из версий не видела"


def public_test() -> tuple[list[str], list[str]]:
    rows = [r for r in load_corpus() if r["split"] == "test"]
    return [r["text"] for r in rows], [r["label"] for r in rows]


def probe(learned: Sequence[tuple[str, str]]) -> ToneModel:
    """A version's recipe fitted without the public test split: the only fair one to score there."""
    return train(extra_examples=learned, splits=("train",))


def figures(model: ToneModel, held: Sequence[tuple[str, str]]) -> dict[str, float]:
    """Scores of a probe on the public test split and on the held-out corrections."""
    texts, labels = public_test()
    public = evaluate(model, texts, labels)
    out = {"test_negative_f1": public["negative_f1"], "test_macro_f1": public["macro_f1"]}
    if held:
        own = evaluate(model, [t for t, _ in held], [label for _, label in held])
        out |= {
            "held_negative_f1": own["negative_f1"],
            "held_macro_f1": own["macro_f1"],
            "held_n": float(len(held)),
        }
    return out


def not_worse(candidate: dict[str, float], current: dict[str, float]) -> bool:
    return all(candidate.get(k, 0.0) + TOLERANCE >= current[k] for k in COMPARED if k in current)


def split(corrections: Sequence[tuple[str, str]]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(learned, held out) by the hash of each text."""
    learned = [(t, label) for t, label in corrections if not held_out(t)]
    return learned, [(t, label) for t, label in corrections if held_out(t)]


def retrain(*, acting_user: Any = None) -> ModelVersion:
    learn, held = split(services.staff_corrections())
    in_service = ModelVersion.objects.filter(in_service=True).first()
    learned_before = (
        split(services.staff_corrections_until(in_service))[0]
        if in_service is not None and in_service.corrections
        else []
    )
    current = figures(probe(learned_before), held)
    candidate = figures(probe(learn), held)
    accepted = not_worse(candidate, current)
    final = train(extra_examples=learn, overrides=held) if accepted else None
    with transaction.atomic():
        version, _ = ModelVersion.objects.update_or_create(
            version=(final.version if final else f"rejected-{timezone.now():%Y%m%d%H%M%S%f}"),
            defaults={
                "metrics": {"candidate": candidate, "in_service_before": current},
                "corrections": len(learn) + len(held),
                "note": (
                    f"не хуже действующей {UNSEEN}: введена в эксплуатацию"
                    if accepted
                    else f"хуже действующей {UNSEEN}: не введена"
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


def figures_ru(metrics: dict[str, dict[str, float]]) -> list[tuple[str, str, str]]:
    """(what, the candidate's figure, the figure of the version in service before) in plain words."""
    candidate, before = metrics.get("candidate", {}), metrics.get("in_service_before", {})
    return [
        (name, _number(candidate.get(key), key), _number(before.get(key), key))
        for key, name in FIGURES_RU.items()
        if key in candidate or key in before
    ]


def _number(value: float | None, key: str) -> str:
    if value is None:
        return "—"
    if key == "held_n":
        return f"{int(value):,}".replace(",", "\u00a0")
    return f"{value:.3f}".replace(".", ",")
