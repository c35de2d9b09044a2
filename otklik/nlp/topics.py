"""Topic of a record over the catalogue: key phrases on lemmas, plus a linear model when examples exist.

Key phrases give an answer from the first day; labelled examples (staff-confirmed topics) add a model
that learns the vocabulary the phrases miss. Below `threshold` the caller sends the record to triage.
"""

from __future__ import annotations

import dataclasses
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import yaml

from otklik.nlp.lemmas import Token, tokenize
from otklik.nlp.phrases import PhraseMatcher, content_tokens

REFERENCE = Path(__file__).resolve().parents[1] / "org" / "defaults" / "reference.yaml"
DEFAULT_THRESHOLD = 0.4


@dataclasses.dataclass(frozen=True, slots=True)
class Topic:
    code: str
    name: str
    key_phrases: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True, slots=True)
class TopicResult:
    code: str
    confidence: float
    matched_phrases: tuple[str, ...]
    needs_triage: bool


def load_catalogue(path: Path = REFERENCE) -> list[Topic]:
    """Leaf topics of the default catalogue (sections only group them and are never assigned)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))

    def leaves(items: Iterable[dict[str, Any]]) -> Iterable[Topic]:
        for item in items:
            if item.get("children"):
                yield from leaves(item["children"])
            else:
                yield Topic(item["code"], item["name"], tuple(item.get("key_phrases") or ()))

    return list(leaves(data["topics"]))


class TopicClassifier:
    def __init__(
        self,
        topics: Sequence[Topic],
        examples: Sequence[tuple[str, str]] = (),
        threshold: float = DEFAULT_THRESHOLD,
        fallback: str = "other.general",
    ) -> None:
        self.topics = list(topics)
        codes = {t.code for t in self.topics}
        self.fallback = fallback if fallback in codes else ""
        self.threshold = threshold
        self.matcher = PhraseMatcher({t.code: t.key_phrases for t in self.topics})
        self.model: Any = None
        labelled = [(text, code) for text, code in examples if code in codes]
        if len({code for _, code in labelled}) >= 2:
            self._fit([t for t, _ in labelled], [c for _, c in labelled])

    def _fit(self, texts: list[str], codes: list[str]) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline

        from otklik.nlp.lemmas import lemma_string

        self.model = make_pipeline(
            TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, token_pattern=r"\S+"),  # noqa: S106 - a regex
            LogisticRegression(C=10.0, max_iter=2000),
        ).fit([lemma_string(t) for t in texts], codes)

    def classify(self, text: str, tokens: Sequence[Token] | None = None) -> TopicResult:
        return self.classify_batch([text], [tokens if tokens is not None else tokenize(text)])[0]

    def classify_batch(self, texts: Sequence[str], docs: Sequence[Sequence[Token]]) -> list[TopicResult]:
        model_proba = None
        if self.model is not None:
            lemma_strings = [" ".join(t.lemma for t in doc if t.is_word) for doc in docs]
            model_proba = self.model.predict_proba(lemma_strings)
        out = []
        for i, doc in enumerate(docs):
            scores: dict[str, float] = defaultdict(float)
            phrases: dict[str, list[str]] = defaultdict(list)
            for m in self.matcher.find(content_tokens(doc)):
                # a longer phrase is stronger evidence than a single common word
                scores[m.key] += 1.0 + 0.5 * (m.last - m.first)
                phrases[m.key].append(m.phrase)
            total = sum(scores.values())
            combined = {code: s / total * (1.0 - math.exp(-1.2 * total)) for code, s in scores.items()}
            if model_proba is not None:
                for code, p in zip(self.model.classes_, model_proba[i], strict=True):
                    combined[code] = 0.5 * combined.get(code, 0.0) + 0.5 * float(p) if scores else float(p)
            if not combined:
                out.append(TopicResult(self.fallback, 0.0, (), True))
                continue
            code = max(combined, key=lambda c: combined[c])
            conf = round(combined[code], 4)
            out.append(TopicResult(code, conf, tuple(dict.fromkeys(phrases[code])), conf < self.threshold))
        return out
