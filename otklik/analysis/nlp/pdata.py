"""Personal data in Russian text (152-ФЗ): find it and mask it.

Numbers are found by pattern and confirmed by their check digits (ИНН, СНИЛС, card) or by their shape and
context (phone, passport); a number that fails its check is left alone. Names come from natasha's offline
NER (PER spans), run only on the sentences that contain a word pymorphy3 knows as a first name, surname
or patronymic, or initials: most feedback has none, and the NER is the slowest step of the analysis.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import threading
from collections.abc import Sequence
from typing import Any

from otklik.analysis.nlp.lemmas import morph, sentences
from otklik.lib.identifiers import is_valid_inn, is_valid_luhn, is_valid_snils

MASKS = {
    "inn": "[ИНН]",
    "snils": "[СНИЛС]",
    "phone": "[ТЕЛЕФОН]",
    "email": "[EMAIL]",
    "passport": "[ПАСПОРТ]",
    "card": "[КАРТА]",
    "name": "[ФИО]",
}

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-zа-я]{2,}(?![\w-])", re.IGNORECASE)
_PASSPORT = re.compile(
    r"(?:паспорт\w*|серия|серии)[^\d\n]{0,25}?(\d{2}\s?\d{2})\s*(?:№|N|номер|ном\.|н\.)?\s*(\d{6})(?!\d)",
    re.IGNORECASE,
)
_CARD = re.compile(r"(?<![\d-])\d{4}(?:[ -]?\d{4}){2}[ -]?\d{1,7}(?![\d-])")
_SNILS = re.compile(r"(?<![\d-])\d{3}[- ]?\d{3}[- ]?\d{3}[- ]?\d{2}(?![\d-])")
_INN = re.compile(r"(?<!\d)(?:\d{12}|\d{10})(?!\d)")
_PHONE = re.compile(
    r"(?<![\w+])(?:\+\s?7|8|7)?[\s\-.]?(?:\(\d{3,5}\)|\d{3,5})[\s\-.]?\d{1,3}[\s\-.]?\d{2}[\s\-.]?\d{2}(?!\d)"
)
_LOCAL_PHONE = re.compile(r"(?:тел\w*\.?|т\.)\s*:?\s*(\d{2,3}[\s\-]\d{2}[\s\-]\d{2})(?!\d)", re.IGNORECASE)
_SNILS_CONTEXT = re.compile(r"снилс|страхов\w+ номер", re.IGNORECASE)
_INN_CONTEXT = re.compile(r"инн", re.IGNORECASE)
_PHONE_CONTEXT = re.compile(r"тел|моб|звон|whatsapp|вотсап|номер", re.IGNORECASE)

_INITIALS = re.compile(r"\b[А-ЯЁ]\.\s?[А-ЯЁ]\.")
_CAPITALISED = re.compile(r"\b[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?\b")
# A street, a square or a city district is named after a person but is not personal data.
_PLACE_BEFORE = re.compile(
    r"(?:ул|улиц\w*|пр|просп\w*|пр-т|пер|переул\w*|пл|площад\w*|им|имени|бульв\w*|наб\w*|шоссе|"
    r"мкр|микрорайон\w*)\.?\s*$",
    re.IGNORECASE,
)


@dataclasses.dataclass(frozen=True, slots=True)
class PDSpan:
    kind: str  # a key of MASKS
    start: int
    end: int
    text: str


def _digits(s: str) -> str:
    return "".join(ch for ch in s if ch.isdigit())


def _before(text: str, start: int, width: int = 25) -> str:
    return text[max(0, start - width) : start]


def _numbers(text: str) -> list[PDSpan]:
    """Number-like personal data; earlier kinds win an overlap, so the order here is the precedence."""
    found: list[PDSpan] = []

    def add(kind: str, start: int, end: int) -> None:
        if all(end <= s.start or start >= s.end for s in found):
            found.append(PDSpan(kind, start, end, text[start:end]))

    for m in _EMAIL.finditer(text):
        add("email", m.start(), m.end())
    for m in _PASSPORT.finditer(text):
        add("passport", m.start(1), m.end(2))
    for m in _CARD.finditer(text):
        if is_valid_luhn(_digits(m.group())) and len(_digits(m.group())) >= 15:
            add("card", m.start(), m.end())
    for m in _SNILS.finditer(text):
        d = _digits(m.group())
        plain = m.group().isdigit()
        phone_like = plain and d[0] in "78" and not _SNILS_CONTEXT.search(_before(text, m.start(), 40))
        if is_valid_snils(d) and not phone_like:
            add("snils", m.start(), m.end())
    for m in _INN.finditer(text):
        d = m.group()
        context = _before(text, m.start(), 30)
        mobile = len(d) == 10 and d[0] == "9" and not _INN_CONTEXT.search(context)
        if is_valid_inn(d) and not mobile:
            add("inn", m.start(), m.end())
    for m in _PHONE.finditer(text):
        d = _digits(m.group())
        plus = m.group().lstrip().startswith("+")
        if (len(d) == 11 and d[0] in "78") or (len(d) == 10 and not plus and d[0] in "3489"):
            start = m.start() + (len(m.group()) - len(m.group().lstrip()))
            add("phone", start, m.end())
    for m in _LOCAL_PHONE.finditer(text):
        add("phone", m.start(1), m.end(1))
    return found


@functools.lru_cache(maxsize=100_000)
def _name_like(word: str) -> bool:
    """pymorphy3 knows the word as a first name, surname or patronymic (in any of its parses)."""
    return any(p.tag.grammemes & {"Name", "Surn", "Patr"} for p in morph().parse(word))


def _needs_ner(sentence: str) -> bool:
    if _INITIALS.search(sentence):
        return True
    return any(_name_like(m.group()) for m in _CAPITALISED.finditer(sentence))


_ner_lock = threading.Lock()
_ner: Any = None


def ner_tagger() -> Any:
    """natasha's NewsNERTagger on NewsEmbedding, loaded once (~0.5 s). natasha's MorphVocab is never
    touched: it needs pymorphy2, which does not run on current Python."""
    global _ner
    with _ner_lock:
        if _ner is None:
            from natasha import NewsEmbedding, NewsNERTagger

            _ner = NewsNERTagger(NewsEmbedding())
            _ner.batch_size = 32
        return _ner


def _names(texts: Sequence[str]) -> list[list[PDSpan]]:
    """PER spans of all texts, with one batched NER call over the sentences that may hold a name."""
    jobs: list[tuple[int, int, str]] = []
    for i, text in enumerate(texts):
        jobs += [(i, start, s) for start, _, s in sentences(text) if _needs_ner(s)]
    out: list[list[PDSpan]] = [[] for _ in texts]
    if not jobs:
        return out
    for (i, offset, _sentence), markup in zip(jobs, ner_tagger().map([s for *_, s in jobs]), strict=True):
        for span in markup.spans:
            if span.type != "PER":
                continue
            start, end = offset + span.start, offset + span.stop
            text = texts[i]
            if _PLACE_BEFORE.search(_before(text, start, 15)) and not _INITIALS.search(text[start:end]):
                continue
            if not any(ch.isupper() for ch in text[start:end]):
                continue
            previous = out[i][-1] if out[i] else None
            if previous and not text[previous.end : start].strip():
                # NER sometimes splits «Волкова С.В.» in two; one person is one mask
                start = previous.start
                out[i].pop()
            out[i].append(PDSpan("name", start, end, text[start:end]))
    return out


def find_batch(texts: Sequence[str], names: bool = True) -> list[list[PDSpan]]:
    per_text = [_numbers(t) for t in texts]
    if names:
        for found, extra in zip(per_text, _names(texts), strict=True):
            found += [n for n in extra if all(n.end <= s.start or n.start >= s.end for s in found)]
    return [sorted(found, key=lambda s: s.start) for found in per_text]


def find(text: str, names: bool = True) -> list[PDSpan]:
    return find_batch([text], names)[0]


def mask(text: str, spans: Sequence[PDSpan]) -> str:
    out, pos = [], 0
    for s in sorted(spans, key=lambda s: s.start):
        out += [text[pos : s.start], MASKS[s.kind]]
        pos = s.end
    out.append(text[pos:])
    return "".join(out)


def mask_batch(texts: Sequence[str]) -> list[tuple[str, list[PDSpan]]]:
    return [(mask(t, spans), spans) for t, spans in zip(texts, find_batch(texts), strict=True)]
