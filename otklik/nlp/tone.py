"""The 3-class tone model: lemma/char TF-IDF and domain-lexicon features, multinomial logistic regression.

Trained from the data the repository carries (SentiRuEval-2015 tweets about banks and telecoms plus the
product's own lexicon and example sentences) and from staff corrections; cached on disk by a hash of all
of that and of the code version, so a second start loads it in well under a second.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import json
import os
import pickle
import tempfile
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from sklearn.linear_model import LogisticRegression

from otklik.lib.env import env_str
from otklik.nlp.explain import Evidence, explain_row
from otklik.nlp.features import (
    CUE_COUNTS,
    EXAMPLES_PATH,
    LEXICON_PATH,
    Lexicon,
    ToneVectorizer,
    complaint_cues,
    load_examples,
)
from otklik.nlp.lemmas import Token, normalise, tokenize

# Bump when features or training change: it is part of the cache key and of every result's version.
CODE_VERSION = "5"
LABELS = ("negative", "neutral", "positive")
DATA_DIR = Path(__file__).resolve().parent / "data"
CORPUS = DATA_DIR / "sentirueval2015_banks_telecom.csv"
REPO_DIR = Path(__file__).resolve().parents[2]


@dataclasses.dataclass(frozen=True, slots=True)
class Params:
    C: float = 4.0
    lexicon_scale: float = 2.0
    example_weight: float = 3.0  # the lexicon's example sentences
    correction_weight: float = 20.0  # staff corrections outweigh the public data they contradict
    min_df: int = 1
    class_weight: tuple[float, float, float] = (1.3, 0.8, 1.3)  # negative, neutral, positive


DEFAULT_PARAMS = Params()


@dataclasses.dataclass(frozen=True, slots=True)
class ToneResult:
    label: str
    probability: float
    probabilities: dict[str, float]
    model_version: str
    evidence: tuple[Evidence, ...] = ()
    corrected: bool = False  # the text is one that staff labelled by hand
    complaint_cue: bool = False  # a complaint phrase of the lexicon, not negated
    request_cue: bool = False  # a question, a request for an explanation or a document, thanks


def default_cache_dir() -> Path:
    var = env_str("OTKLIK_VAR_DIR")
    return (Path(var) if var else REPO_DIR / "var") / "models"


def correction_key(text: str) -> str:
    return " ".join(normalise(text).split())


def load_corpus(path: Path = CORPUS) -> list[dict[str, str]]:
    """SentiRuEval rows without duplicate texts (the first occurrence is kept)."""
    seen: set[str] = set()
    rows = []
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            key = correction_key(row["text"])
            if key not in seen:
                seen.add(key)
                rows.append(row)
    return rows


class ToneModel:
    def __init__(
        self,
        vectorizer: ToneVectorizer,
        coef: NDArray[np.float64],
        intercept: NDArray[np.float64],
        version: str,
        corrections: dict[str, str],
    ) -> None:
        self.vectorizer = vectorizer
        self.coef = coef
        self.intercept = intercept
        self.version = version
        self.corrections = corrections

    def proba(self, x: sp.csr_matrix) -> NDArray[np.float64]:
        logits = np.asarray(x @ self.coef.T) + self.intercept
        logits -= logits.max(axis=1, keepdims=True)
        p: NDArray[np.float64] = np.exp(logits)
        return p / p.sum(axis=1, keepdims=True)

    def predict(self, texts: Sequence[str], explain: bool = True, top: int = 5) -> list[ToneResult]:
        return self.predict_tokens(texts, [tokenize(t) for t in texts], explain, top)

    def predict_tokens(
        self, texts: Sequence[str], docs: Sequence[Sequence[Token]], explain: bool = True, top: int = 5
    ) -> list[ToneResult]:
        x, cues = self.vectorizer.transform_cues(docs)
        proba = self.proba(x)
        complaint = complaint_cues(cues)
        request = cues[:, CUE_COUNTS.index("lex_request")] > 0
        out = []
        for i, text in enumerate(texts):
            k = int(proba[i].argmax())
            fixed = self.corrections.get(correction_key(text)) if self.corrections else None
            if fixed is not None:
                k = LABELS.index(fixed)
            evidence = explain_row(self.vectorizer, self.coef, x, i, docs[i], text, k, top) if explain else ()
            probs = {label: float(proba[i, j]) for j, label in enumerate(LABELS)}
            p = 1.0 if fixed is not None else probs[LABELS[k]]
            out.append(
                ToneResult(
                    LABELS[k],
                    p,
                    probs,
                    self.version,
                    evidence,
                    fixed is not None,
                    bool(complaint[i]),
                    bool(request[i]),
                )
            )
        return out

    def labels(self, texts: Sequence[str]) -> list[str]:
        return [r.label for r in self.predict(texts, explain=False)]


def fit(
    texts: Sequence[str],
    labels: Sequence[str],
    weights: Sequence[float] | None = None,
    params: Params = DEFAULT_PARAMS,
    lexicon: Lexicon | None = None,
    version: str = "unversioned",
    corrections: dict[str, str] | None = None,
) -> ToneModel:
    vec = ToneVectorizer(lexicon or Lexicon.load(), params.min_df, params.lexicon_scale).fit(texts)
    x = vec.transform(texts)
    y = np.array([LABELS.index(label) for label in labels])
    w = np.ones(len(y)) if weights is None else np.asarray(weights, dtype=float)
    w = w * np.asarray(params.class_weight)[y]
    clf = LogisticRegression(C=params.C, max_iter=2000, tol=1e-4)
    clf.fit(x, y, sample_weight=w)
    return ToneModel(
        vec, clf.coef_.astype(np.float64), clf.intercept_.astype(np.float64), version, corrections or {}
    )


def training_set(
    rows: Iterable[dict[str, str]],
    extra_examples: Sequence[tuple[str, str]] = (),
    params: Params = DEFAULT_PARAMS,
) -> tuple[list[str], list[str], list[float]]:
    """Public rows, then the lexicon's examples, then staff corrections, each with its weight."""
    texts, labels, weights = [], [], []
    for row in rows:
        texts.append(row["text"])
        labels.append(row["label"])
        weights.append(1.0)
    for text, label in load_examples():
        texts.append(text)
        labels.append(label)
        weights.append(params.example_weight)
    for text, label in extra_examples:
        if label not in LABELS:
            raise ValueError(f"unknown tone label {label!r}")
        texts.append(text)
        labels.append(label)
        weights.append(params.correction_weight)
    return texts, labels, weights


def _fingerprint(
    extra_examples: Sequence[tuple[str, str]],
    params: Params,
    splits: Sequence[str],
    overrides: Sequence[tuple[str, str]],
) -> str:
    h = hashlib.sha256()
    h.update(CODE_VERSION.encode())
    h.update(repr(params).encode())
    h.update(repr(tuple(splits)).encode())
    for path in (CORPUS, LEXICON_PATH, EXAMPLES_PATH):
        h.update(path.read_bytes())
    h.update(json.dumps(list(extra_examples), ensure_ascii=False).encode())
    h.update(json.dumps(list(overrides), ensure_ascii=False).encode())
    return h.hexdigest()


def train(
    extra_examples: Sequence[tuple[str, str]] = (),
    cache_dir: Path | None = None,
    params: Params = DEFAULT_PARAMS,
    *,
    splits: Sequence[str] = ("train", "test"),
    overrides: Sequence[tuple[str, str]] = (),
) -> ToneModel:
    """A model fitted on the public rows of `splits`, the product's examples and `extra_examples` (staff
    corrections), answering with the staff's tone for the texts of `extra_examples` and `overrides`
    (corrections looked up, not learned); loaded from the cache if built. The production model uses
    both public splits; a model that is to be scored on the test split is fitted on `("train",)`."""
    extra = [(str(t), str(label)) for t, label in extra_examples]
    fixed = [(str(t), str(label)) for t, label in overrides]
    digest = _fingerprint(extra, params, splits, fixed)
    tag = "" if tuple(splits) == ("train", "test") else "p"  # «p»: a probe that never saw the test split
    version = f"tone-{CODE_VERSION}{tag}.{digest[:10]}"
    directory = cache_dir or default_cache_dir()
    path = directory / f"{version}.pkl"
    cached = _cached(path)
    if cached is not None:
        return cached
    rows = [r for r in load_corpus() if r["split"] in splits]
    texts, labels, weights = training_set(rows, extra, params)
    corrections = {correction_key(t): label for t, label in [*extra, *fixed]}
    model = fit(texts, labels, weights, params, version=version, corrections=corrections)
    directory.mkdir(parents=True, exist_ok=True)
    # write-then-rename: a concurrent reader sees either no file or a whole one
    with tempfile.NamedTemporaryFile(dir=directory, prefix=".tmp-", delete=False) as tmp:
        pickle.dump(model, tmp, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp.name, path)
    return model


def _cached(path: Path) -> ToneModel | None:
    """The model kept at `path`; none if it is not there or no longer reads (a cache written by a release
    whose classes lived elsewhere): the model is then fitted again from the same data, so the same version."""
    try:
        with path.open("rb") as f:
            model: ToneModel = pickle.load(f)  # noqa: S301 - our own cache file, written by `train`
    except FileNotFoundError:
        return None
    except (ModuleNotFoundError, AttributeError, EOFError, pickle.UnpicklingError):
        return None
    return model


_default_lock = threading.Lock()
_default: ToneModel | None = None


def default_model() -> ToneModel:
    global _default
    with _default_lock:
        if _default is None:
            _default = train()
        return _default


def evaluate(model: ToneModel, texts: Sequence[str], labels: Sequence[str]) -> dict[str, float]:
    """Per-class precision/recall/F1 (keys like `negative_f1`), macro-F1 and `n`: the model's own answers,
    without the staff's tone looked up for texts they corrected."""
    bare = ToneModel(model.vectorizer, model.coef, model.intercept, model.version, {})
    return scores(labels, bare.labels(texts))


def scores(truth: Sequence[str], predicted: Sequence[str]) -> dict[str, float]:
    out: dict[str, float] = {"n": float(len(truth))}
    f1s = []
    for label in LABELS:
        tp = sum(1 for t, p in zip(truth, predicted, strict=True) if t == p == label)
        n_pred = sum(1 for p in predicted if p == label)
        n_true = sum(1 for t in truth if t == label)
        precision = tp / n_pred if n_pred else 0.0
        recall = tp / n_true if n_true else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out |= {f"{label}_precision": precision, f"{label}_recall": recall, f"{label}_f1": f1}
        f1s.append(f1)
    out["macro_f1"] = sum(f1s) / len(f1s)
    return out
