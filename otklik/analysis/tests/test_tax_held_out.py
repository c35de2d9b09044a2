"""The tax-service held-out set is what the model is judged by, so the model must never train on it."""

from __future__ import annotations

from collections import Counter

from otklik.nlp.features import load_examples
from otklik.nlp.tone import correction_key, load_corpus
from otklik.nlp.tone_eval import load_tax_held_out


def test_the_held_out_set_is_large_and_covers_the_hard_cases() -> None:
    rows = load_tax_held_out()
    kinds = Counter(r["kind"] for r in rows)
    assert len(rows) >= 150
    for kind in ("negation", "sarcasm", "polite_complaint", "polite_question", "thanks_complaint"):
        assert kinds[kind] >= 15, kind
    assert {r["label"] for r in rows} == {"negative", "neutral", "positive"}


def test_no_held_out_text_is_among_the_training_texts() -> None:
    held = {correction_key(r["text"]) for r in load_tax_held_out()}
    trained = {correction_key(t) for t, _ in load_examples()} | {
        correction_key(r["text"]) for r in load_corpus()
    }
    assert len(held) == len(load_tax_held_out())  # no duplicates inside the set either
    assert held.isdisjoint(trained)
