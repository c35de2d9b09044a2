"""Side-by-side evaluation of the tone model and the plain TF-IDF baseline.

Four protocols: the tax-service held-out set (`data/taxpayer_heldout.tsv`, written apart from every
training example and never trained on; both models fitted on the SentiRuEval train split, the product's
model with its own examples too); the original SentiRuEval test split (trained on its train split only);
5-fold cross-validation over all texts grouped by normalised text, so a duplicate never sits on both sides;
and a held-out 20 % of the train split, the only one that was used to choose parameters. On the tax set
the product's decision by the table of docs/tone-rules.md (text lines) is scored as well.
Run: `otklik evaluate-tone [--quick]` or `python -m otklik.nlp.tone_eval [--quick]` (`--quick`
leaves out the cross-validation, which takes most of the time).
"""

from __future__ import annotations

import csv
import json
import sys
import time
from collections.abc import Callable, Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold, train_test_split

from otklik.nlp.lemmas import lemma_string
from otklik.nlp.signals import combine_signals
from otklik.nlp.tone import (
    DATA_DIR,
    DEFAULT_PARAMS,
    Params,
    ToneModel,
    correction_key,
    fit,
    load_corpus,
    scores,
    training_set,
)

HELD_OUT_TAX = DATA_DIR / "taxpayer_heldout.tsv"
Predictor = Callable[[Sequence[str]], list[str]]
Trainer = Callable[[list[dict[str, str]]], Predictor]


def baseline(rows: list[dict[str, str]]) -> Predictor:
    """TF-IDF of lemma 1–2-grams and character 2–5-grams, logistic regression with default settings."""
    words = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, token_pattern=r"\S+")  # noqa: S106 - a regex
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True)
    texts = [r["text"] for r in rows]
    x = sp.hstack([words.fit_transform([lemma_string(t) for t in texts]), chars.fit_transform(texts)])
    clf = LogisticRegression(max_iter=2000).fit(x, [r["label"] for r in rows])

    def predict(batch: Sequence[str]) -> list[str]:
        xb = sp.hstack([words.transform([lemma_string(t) for t in batch]), chars.transform(batch)])
        return [str(label) for label in clf.predict(xb)]

    return predict


def ours(params: Params = DEFAULT_PARAMS) -> Trainer:
    def trainer(rows: list[dict[str, str]]) -> Predictor:
        model = fit(*training_set(rows, params=params), params=params)
        return model.labels

    return trainer


def decided(params: Params = DEFAULT_PARAMS) -> Trainer:
    """The product's model, its answer put through the text lines of the table of tone decisions."""

    def trainer(rows: list[dict[str, str]]) -> Predictor:
        model: ToneModel = fit(*training_set(rows, params=params), params=params)

        def predict(batch: Sequence[str]) -> list[str]:
            results = model.predict(batch, explain=False)
            return [
                combine_signals(r, complaint_cue=r.complaint_cue, request_cue=r.request_cue).label
                for r in results
            ]

        return predict

    return trainer


def load_tax_held_out() -> list[dict[str, str]]:
    """The tax-service held-out set: `kind` (negation, sarcasm, polite_complaint, ...), `label`, `text`."""
    with HELD_OUT_TAX.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def run(
    trainer: Trainer, train_rows: list[dict[str, str]], test_rows: list[dict[str, str]]
) -> dict[str, float]:
    predict = trainer(train_rows)
    start = time.perf_counter()
    predicted = predict([r["text"] for r in test_rows])
    result = scores([r["label"] for r in test_rows], predicted)
    result["texts_per_second"] = len(test_rows) / (time.perf_counter() - start)
    return result


def cross_validate(trainer: Trainer, rows: list[dict[str, str]], folds: int = 5) -> dict[str, float]:
    """Pooled predictions of a grouped k-fold: every text is predicted once, by a model that never saw it."""
    groups = [correction_key(r["text"]) for r in rows]
    truth, predicted = [], []
    for train_idx, test_idx in GroupKFold(n_splits=folds).split(rows, groups=groups):
        predict = trainer([rows[i] for i in train_idx])
        test = [rows[i] for i in test_idx]
        truth += [r["label"] for r in test]
        predicted += predict([r["text"] for r in test])
    return scores(truth, predicted)


def held_out(rows: list[dict[str, str]]) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    train = [r for r in rows if r["split"] == "train"]
    fit_rows, dev_rows = train_test_split(
        train, test_size=0.2, random_state=0, stratify=[r["label"] for r in train]
    )
    return list(fit_rows), list(dev_rows)


def compare(quick: bool = False) -> dict[str, dict[str, dict[str, float]]]:
    rows = load_corpus()
    train = [r for r in rows if r["split"] == "train"]
    test = [r for r in rows if r["split"] == "test"]
    fit_rows, dev_rows = held_out(rows)
    tax = load_tax_held_out()
    out: dict[str, dict[str, dict[str, float]]] = {}
    for name, trainer in (("baseline", baseline), ("ours", ours())):
        out[name] = {
            "tax_held_out": run(trainer, train, tax),
            "held_out": run(trainer, fit_rows, dev_rows),
            "test_split": run(trainer, train, test),
        }
        if not quick:
            out[name]["cv5_grouped"] = cross_validate(trainer, rows)
    out["decision"] = {"tax_held_out": run(decided(), train, tax)}
    return out


def report(result: dict[str, dict[str, dict[str, float]]]) -> list[str]:
    """One line per model and protocol, then the whole result as JSON."""
    lines = [
        f"{name:9} {protocol:13} negF1={s['negative_f1']:.3f} P={s['negative_precision']:.3f} "
        f"R={s['negative_recall']:.3f} macroF1={s['macro_f1']:.3f} "
        f"neuF1={s['neutral_f1']:.3f} posF1={s['positive_f1']:.3f}"
        for name, protocols in result.items()
        for protocol, s in protocols.items()
    ]
    return [*lines, json.dumps(result, default=lambda v: float(np.round(v, 4)))]


def main(argv: Sequence[str]) -> None:
    print("\n".join(report(compare(quick="--quick" in argv))))


if __name__ == "__main__":
    main(sys.argv[1:])
