"""Which tax office a text names: by number («ОП № 3»), by alias («ИФНС по Центральному району»,
«инспекция на Ленина»), by name or short name, or by city («налоговая в Комсомольске»).

The more specific evidence wins; a city with several offices names none of them but narrows the
candidates, which the caller can show to a person.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from otklik.nlp.lemmas import Token, tokenize
from otklik.nlp.phrases import PhraseMatcher, content_tokens

REFERENCE = Path(__file__).resolve().parents[1] / "org" / "defaults" / "reference.yaml"
_NUMBERED = re.compile(
    r"(?:\bОП|обособленн\w*\s+подразделени\w*|подразделени\w*)\s*(?:№|N|номер|no\.?)?\s*-?\s*(\d{1,2})(?!\d)",
    re.IGNORECASE,
)
_STREET = re.compile(r"^(?:ул\.?|улица|пр\.?|просп\.?|проспект|пер\.?|переулок)\s+", re.IGNORECASE)
_RANK = {"number": 4, "alias": 3, "name": 2, "city": 1}


@dataclasses.dataclass(frozen=True, slots=True)
class Office:
    code: str
    name: str
    short_name: str = ""
    city: str = ""
    aliases: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True, slots=True)
class OfficeMatch:
    code: str  # empty when the text only narrows it down to several candidates
    evidence: str  # number, alias, name, city
    matched: str  # the words of the text
    start: int
    end: int
    candidates: tuple[str, ...]


def load_offices(path: Path = REFERENCE) -> list[Office]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [office_from_dict(o) for o in data["offices"]]


def office_from_dict(o: Mapping[str, Any]) -> Office:
    return Office(
        o["code"], o["name"], o.get("short_name", ""), o.get("city", ""), tuple(o.get("aliases") or ())
    )


def _city_variants(city: str) -> list[str]:
    # «Комсомольск-на-Амуре» is «Комсомольск» in speech
    return [city, city.split("-на-")[0]] if "-на-" in city else [city]


class OfficeRecogniser:
    def __init__(self, offices: Iterable[Office]) -> None:
        self.offices = list(offices)
        self._by_number: dict[int, str] = {}
        phrases: dict[str, list[str]] = {}
        for o in self.offices:
            number = re.search(r"№\s*(\d+)", o.name)
            if number:
                self._by_number[int(number.group(1))] = o.code
            aliases = [a for a in o.aliases] + [_STREET.sub("", a) for a in o.aliases if _STREET.match(a)]
            phrases[f"alias\t{o.code}"] = aliases
            phrases[f"name\t{o.code}"] = [o.name] + ([o.short_name] if o.short_name else [])
        cities: dict[str, list[str]] = {}
        for o in self.offices:
            if o.city:
                cities.setdefault(o.city, []).append(o.code)
        self._city_offices = cities
        for city in cities:
            phrases[f"city\t{city}"] = _city_variants(city)
        self.matcher = PhraseMatcher(phrases)

    def recognise(self, text: str, tokens: Sequence[Token] | None = None) -> OfficeMatch | None:
        found: list[OfficeMatch] = []
        for m in _NUMBERED.finditer(text):
            code = self._by_number.get(int(m.group(1)))
            if code:
                found.append(OfficeMatch(code, "number", m.group(), m.start(), m.end(), (code,)))
        content = content_tokens(tokens if tokens is not None else tokenize(text))
        for pm in self.matcher.find(content, overlapping=True):
            kind, key = pm.key.split("\t")
            matched = text[pm.start : pm.end]
            if kind == "city":
                codes = tuple(self._city_offices[key])
                # the regional administration sits in Khabarovsk too but is not «the office in Khabarovsk»
                local = tuple(c for c in codes if c.startswith("ОП")) or codes
                code = local[0] if len(local) == 1 else ""
                found.append(OfficeMatch(code, "city", matched, pm.start, pm.end, local))
            else:
                found.append(OfficeMatch(key, kind, matched, pm.start, pm.end, (key,)))
        if not found:
            return None
        return max(found, key=lambda f: (_RANK[f.evidence] + (0.5 if f.code else 0), f.end - f.start))
