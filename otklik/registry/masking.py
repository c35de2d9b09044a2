"""The masking rule: what a record's text, title or a message becomes for a reader without the right to see
personal data.

Two sources are masked together. The detector (`nlp.pdata`) finds personal data of any person in
running text. And what the registry already knows about the record's own taxpayer (its `PersonalData`: name,
ИНН, phone, e-mail, postal address) is masked wherever it appears in that record's text, in any case of the
name and with any spacing of the numbers, even where the detector does not recognise it.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable

from otklik.nlp import pdata

ADDRESS_MASK = "[АДРЕС]"
VALUE_MASK = "[СКРЫТО]"
_SUFFIX = r"[а-яё]{0,3}"
_INITIAL = r"[а-яё]\.\s?"
_VOWELS = "аеёиоуыэюяйь"
# Digits that may belong to a number a person owns (ИНН, phone, document): in messages they are hidden.
_LONG_NUMBER = re.compile(r"(?<!\d)\d(?:[\s\-]?\d){5,}(?!\d)")


@dataclasses.dataclass(frozen=True, slots=True)
class Known:
    """The personal data stored for one record (empty strings where none)."""

    full_name: str = ""
    inn: str = ""
    phone: str = ""
    email: str = ""
    postal_address: str = ""

    def values(self) -> list[str]:
        return [v for v in (self.full_name, self.inn, self.phone, self.email, self.postal_address) if v]


def _digits_pattern(digits: str) -> str:
    """The digits with any spacing, hyphens or brackets between them."""
    return r"[\s\-().]{0,3}".join(digits)


def _inn(value: str) -> re.Pattern[str] | None:
    digits = "".join(ch for ch in value if ch.isdigit())
    if len(digits) < 10:
        return None
    return re.compile(rf"(?<!\d){_digits_pattern(digits)}(?!\d)")


def _phone(value: str) -> re.Pattern[str] | None:
    digits = "".join(ch for ch in value if ch.isdigit())
    if len(digits) == 11 and digits[0] in "78":
        digits = digits[1:]
    if len(digits) < 6:
        return None
    prefix = r"(?:(?:\+\s?7|8|7)[\s\-(]{0,2})?" if len(digits) == 10 else ""
    return re.compile(rf"(?<![\d+]){prefix}{_digits_pattern(digits)}(?!\d)")


def _literal(value: str) -> re.Pattern[str] | None:
    words = value.split()
    if not words:
        return None
    return re.compile(r"\s*".join(re.escape(w) for w in words), re.IGNORECASE)


def _address_parts(value: str) -> list[re.Pattern[str]]:
    """The whole address, and each of its comma-separated parts with a number in it (index, street and
    house, flat): a letter quotes its sender's address in pieces as often as whole."""
    patterns = [p for p in [_literal(value)] if p is not None]
    for part in value.split(","):
        part = part.strip()
        if len(part) >= 4 and any(ch.isdigit() for ch in part):
            found = _literal(part)
            if found is not None:
                patterns.append(found)
    return patterns


def _stem(word: str) -> str:
    """The part of a name that stays in every case: «Иванова» → «Иванов», «Сергей» → «Серге»."""
    w = word.lower()
    if w.endswith(("ский", "цкий", "ская", "цкая")):
        return w[:-2]
    while len(w) > 3 and w[-1] in _VOWELS:
        w = w[:-1]
    return w


def _name(value: str) -> re.Pattern[str] | None:
    """The person's name in any case and order, in full or with initials, or the surname alone."""
    parts = [p for p in re.split(r"[\s.]+", value) if len(p) > 1]
    if not parts:
        return None
    stems = sorted({re.escape(_stem(p)) for p in parts}, key=len, reverse=True)
    word = rf"(?:{'|'.join(stems)}){_SUFFIX}"
    surname = rf"{re.escape(_stem(parts[0]))}{_SUFFIX}"
    initials = {p[0].lower() for p in parts[1:]}
    initial = rf"[{''.join(sorted(initials))}]\.\s?" if initials else _INITIAL
    piece = rf"(?:{word}|{initial})"
    # Two or more pieces in a row (a name and a patronymic, initials and a surname), or the surname alone
    # when its stem is long enough not to be an ordinary word.
    alone = f"|{surname}" if len(_stem(parts[0])) >= 4 else ""
    return re.compile(rf"(?<![а-яё])(?:{piece}(?:\s*{piece})+{alone})(?![а-яё])", re.IGNORECASE)


def _spans(text: str, patterns: Iterable[tuple[re.Pattern[str] | None, str]]) -> list[tuple[int, int, str]]:
    found: list[tuple[int, int, str]] = []
    for pattern, mask in patterns:
        if pattern is None:
            continue
        found += [(m.start(), m.end(), mask) for m in pattern.finditer(text) if m.end() > m.start()]
    return found


def _apply(text: str, spans: list[tuple[int, int, str]]) -> str:
    """Replace the spans, the longer first where two overlap; touching masks of one kind merge."""
    chosen: list[tuple[int, int, str]] = []
    for start, end, mask in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        if chosen and start < chosen[-1][1]:
            last = chosen[-1]
            chosen[-1] = (last[0], max(last[1], end), last[2])
            continue
        chosen.append((start, end, mask))
    out, pos = [], 0
    for start, end, mask in chosen:
        out += [text[pos:start], mask]
        pos = end
    out.append(text[pos:])
    return "".join(out)


def mask_known(text: str, known: Known) -> str:
    """`text` with the record's own stored personal data masked wherever it appears."""
    if not text:
        return text
    patterns: list[tuple[re.Pattern[str] | None, str]] = [
        (_inn(known.inn), pdata.MASKS["inn"]) if known.inn else (None, ""),
        (_phone(known.phone), pdata.MASKS["phone"]) if known.phone else (None, ""),
        (_literal(known.email), pdata.MASKS["email"]) if known.email else (None, ""),
        (_name(known.full_name), pdata.MASKS["name"]) if known.full_name else (None, ""),
    ]
    patterns += [(p, ADDRESS_MASK) for p in _address_parts(known.postal_address)]
    return _apply(text, _spans(text, patterns))


def mask_text(text: str, known: Known | None = None) -> str:
    """A record's text as a reader without the personal-data right sees it: what the detector finds and the
    record's own stored data, masked."""
    if not text:
        return text
    masked = pdata.mask(text, pdata.find(text))
    return mask_known(masked, known) if known is not None else masked


def mask_message(text: str, values: Iterable[str] = (), names: bool = True) -> str:
    """A message about a record or a row (a quarantine reason, a notification): the detector's finds, the
    given values of the row, and every long run of digits (an ИНН that failed its check is still one) are
    masked."""
    if not text:
        return text
    masked = pdata.mask(text, pdata.find(text, names=names))
    spans = _spans(masked, [(_literal(v), VALUE_MASK) for v in values if len(v.strip()) >= 4])
    spans += [(m.start(), m.end(), VALUE_MASK) for m in _LONG_NUMBER.finditer(masked)]
    return _apply(masked, spans)
