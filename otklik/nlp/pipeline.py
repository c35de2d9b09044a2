"""One pass over a batch of records: tone (with structured signals), topic, office, personal data.

Each text is tokenised once and the tokens are shared by every step; the tone model, the NER and the
topic model each see the whole batch in one call.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

from otklik.nlp import pdata
from otklik.nlp.lemmas import tokenize
from otklik.nlp.media import MediaAnalyser
from otklik.nlp.offices import Office, OfficeRecogniser, load_offices
from otklik.nlp.signals import combine_signals
from otklik.nlp.tone import ToneModel, default_model
from otklik.nlp.topics import Topic, TopicClassifier, load_catalogue

BATCH = 256


class Analyser:
    def __init__(
        self,
        model: ToneModel | None = None,
        topics: Sequence[Topic] | None = None,
        offices: Sequence[Office] | None = None,
        topic_examples: Sequence[tuple[str, str]] = (),
    ) -> None:
        office_list = list(offices) if offices is not None else load_offices()
        self.model = model or default_model()
        self.topics = TopicClassifier(topics if topics is not None else load_catalogue(), topic_examples)
        self.offices = OfficeRecogniser(office_list)
        self.media = MediaAnalyser(office_list)

    def analyse(self, records: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for i in range(0, len(records), BATCH):
            out += self._batch(records[i : i + BATCH])
        return out

    def _batch(self, records: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
        texts = [_text(r) for r in records]
        docs = [tokenize(t) for t in texts]
        tones = self.model.predict_tokens(texts, docs)
        topics = self.topics.classify_batch(texts, docs)
        personal = pdata.find_batch(texts)
        media_idx = [i for i, r in enumerate(records) if r.get("channel") == "media"]
        media = self.media.analyse([texts[i] for i in media_idx], self.model, [docs[i] for i in media_idx])
        media_by_index = dict(zip(media_idx, media, strict=True))
        out = []
        for i, r in enumerate(records):
            text_tone = tones[i] if texts[i].strip() else None
            m = media_by_index.get(i)
            if m is not None:
                text_tone = m.tone  # towards the service, not the tone of the whole article
            decision = combine_signals(
                text_tone,
                r.get("grades"),
                str(r.get("appeal_kind") or ""),
                str(r.get("regime") or ""),
                r.get("negative_mark"),
                r.get("is_complaint"),
                complaint_cue=text_tone is not None and text_tone.complaint_cue,
                request_cue=text_tone is not None and text_tone.request_cue,
                media=m is not None,
                about_service=m is not None and m.relevant,
            )
            evidence = text_tone.evidence if text_tone is not None and decision.by_text else ()
            office = self.offices.recognise(texts[i], docs[i])
            result: dict[str, Any] = {
                "tone": decision.label,
                "probability": round(decision.probability, 4),
                "model_version": self.model.version,
                "rule_line": decision.line,
                "decided_by_ru": decision.signal_ru,
                "probabilities": {k: round(v, 4) for k, v in tones[i].probabilities.items()},
                "explanation": [dataclasses.asdict(e) for e in evidence],
                "topic": topics[i].code,
                "topic_confidence": topics[i].confidence,
                "topic_phrases": list(topics[i].matched_phrases),
                "needs_triage": topics[i].needs_triage,
                "office": office.code if office else "",
                "office_evidence": dataclasses.asdict(office) if office else None,
                "personal_data": [dataclasses.asdict(s) for s in personal[i]],
                "masked_text": pdata.mask(texts[i], personal[i]),
            }
            if m is not None:
                result["media"] = {
                    "relevant": m.relevant,
                    "score": m.score,
                    "in_region": m.in_region,
                    "cues": list(m.cues),
                    "sentences": [list(s) for s in m.sentences],
                }
            out.append(result)
        return out


def _text(record: Mapping[str, Any]) -> str:
    title, text = str(record.get("title") or ""), str(record.get("text") or "")
    return f"{title}\n{text}" if title and record.get("channel") == "media" else text


_default: Analyser | None = None


def analyse(records: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Analyse records (dicts with `text`, `channel`, optional `grades`, `appeal_kind`, `regime`,
    `negative_mark`, `is_complaint`, `title`) with the default catalogue, offices and tone model."""
    global _default
    if _default is None:
        _default = Analyser()
    return _default.analyse(records)
