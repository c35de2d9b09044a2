"""The media stream: is a publication about the tax service of the region, and what is its tone towards it.

Most publications that mention taxes are not about the service at all, so relevance comes first and is a
weighted sum of cues: the service itself (ФНС, налоговая, инспекция, налоговики, the offices), the region,
and tax vocabulary. Tone is then taken only from the sentences that mention the service, so that a story
about a bank's losses with one line quoting the tax office does not colour the office.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence

from otklik.nlp.lemmas import Token, sentences, tokenize
from otklik.nlp.offices import Office
from otklik.nlp.phrases import PhraseMatcher, content_tokens
from otklik.nlp.tone import ToneModel, ToneResult

SERVICE_CUES = [
    "ФНС",
    "УФНС",
    "ИФНС",
    "МИФНС",
    "налоговая служба",
    "налоговая инспекция",
    "налоговый орган",
    "налоговики",
    "налоговик",
    "межрайонная инспекция",
    "инспекция ФНС",
    "налоговая",
    "налоговой",
    "налоговую",
    "обособленное подразделение",
    "nalog.gov.ru",
    "личный кабинет налогоплательщика",
]
REGION_CUES = [
    "Хабаровский край",
    "Хабаровск",
    "Комсомольск",
    "Амурск",
    "Советская Гавань",
    "Николаевск",
    "Бикин",
    "Ванино",
    "Хабаровчане",
    "Хабаровчанин",
    "Дальний Восток",
]
TAX_CUES = ["налог", "налоговый", "декларация", "вычет", "НДФЛ", "недоимка", "налогоплательщик", "ЕНС"]
WEIGHTS = {"service": 1.0, "office": 1.0, "region": 0.4, "tax": 0.15}


@dataclasses.dataclass(frozen=True, slots=True)
class MediaResult:
    relevant: bool
    score: float
    in_region: bool
    cues: tuple[str, ...]
    tone: ToneResult | None  # towards the service, from the sentences that mention it
    sentences: tuple[tuple[int, int], ...]  # spans of those sentences


class MediaAnalyser:
    def __init__(self, offices: Sequence[Office] = (), threshold: float = 0.6) -> None:
        office_names = [o.name for o in offices] + [o.short_name for o in offices if o.short_name]
        self.matcher = PhraseMatcher(
            {"service": SERVICE_CUES, "office": office_names, "region": REGION_CUES, "tax": TAX_CUES}
        )
        self.threshold = threshold

    def relevance(
        self, tokens: Sequence[Token]
    ) -> tuple[float, bool, bool, list[str], list[tuple[int, int]]]:
        matches = self.matcher.find(content_tokens(tokens))
        kinds = {m.key for m in matches}
        total = sum(WEIGHTS[m.key] for m in matches)
        score = 1.0 - math.exp(-total)
        about_service = bool(kinds & {"service", "office"})
        spans = [(m.start, m.end) for m in matches if m.key in ("service", "office")]
        return score, about_service, "region" in kinds, sorted({m.phrase for m in matches}), spans

    def analyse(
        self, texts: Sequence[str], model: ToneModel, docs: Sequence[Sequence[Token]] | None = None
    ) -> list[MediaResult]:
        docs = docs if docs is not None else [tokenize(t) for t in texts]
        pending: list[tuple[int, str, list[tuple[int, int]]]] = []
        partial = []
        for i, (text, doc) in enumerate(zip(texts, docs, strict=True)):
            score, about, in_region, cues, spans = self.relevance(doc)
            relevant = about and score >= self.threshold
            partial.append((relevant, round(score, 4), in_region, tuple(cues)))
            if relevant:
                chosen = [(s, e) for s, e, _ in sentences(text) if any(s <= a < e for a, _ in spans)]
                # blank out the other sentences instead of cutting them, so evidence spans stay valid
                kept = [" "] * len(text)
                for s, e in chosen:
                    kept[s:e] = text[s:e]
                pending.append((i, "".join(kept), chosen))
        tones = model.predict([p[1] for p in pending]) if pending else []
        by_index = {i: (tone, tuple(chosen)) for (i, _, chosen), tone in zip(pending, tones, strict=True)}
        return [MediaResult(*partial[i], *by_index.get(i, (None, ()))) for i in range(len(texts))]
