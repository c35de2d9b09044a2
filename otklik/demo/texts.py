"""Texts of feedback composed from the YAML material: frames + topic sentences + slot values + noise.

A `Writer` is made per text: it knows the author, the office and the day, fills the slots in braces and
remembers every piece of personal data it wrote, so that the item can say where the text holds some.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from otklik.demo import identifiers, people
from otklik.demo.material import load
from otklik.demo.noise import spoil

TOPICS: dict[str, dict[str, list[str]]] = {**load("topics_a"), **load("topics_b"), **load("topics_c")}
_SLOTS = load("slots")
FRAMES = load("frames")
_TONE_KEY = {"negative": "neg", "neutral": "neu", "positive": "pos"}
_GENDER = {
    "a": ("", "а"), "sya": ("ся", "ась"), "la": ("", "ла"), "el": ("ел", "ла"), "en": ("ен", "ьна"),
    "ka": ("", "ка"), "aya": ("ий", "ая"),
}  # fmt: skip
_MONTHS = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
]
SARCASM: dict[str, list[str]] = {}
for _entry in FRAMES["sarcasm"]:
    SARCASM.setdefault(_entry["topic"], []).append(_entry["text"])
PROPOSALS: dict[str, list[str]] = {}
for _entry in FRAMES["appeal"]["proposals"]:
    PROPOSALS.setdefault(_entry["topic"], []).append(_entry["text"])
_PRAISE_TOPICS = ("service.staff_conduct", "service.premises", "service.information")


class Writer(dict[str, str]):
    """The slot values of one text; a slot asked for twice gets the same value, as in a real letter."""

    def __init__(
        self,
        rng: random.Random,
        day: dt.date,
        office: str,
        topic: str,
        author: people.Person | None = None,
        female: bool | None = None,
    ) -> None:
        super().__init__()
        self.rng = rng
        self.day = day
        self.office = office
        self.topic = topic
        self.author = author
        self.female = author.female if author is not None else bool(female)
        self.personal: list[tuple[str, str]] = []

    def __missing__(self, key: str) -> str:
        if key in _GENDER:
            value = _GENDER[key][self.female]
        else:
            value = _SLOT_FILLERS[key](self)
            if "{" in value:
                value = value.format_map(self)
        self[key] = value
        return value

    def fill(self, template: str) -> str:
        if "{" not in template:
            return template
        text = template.format_map(self)
        if ".." in text and "..." not in text:
            text = text.replace("..", ".")  # a slot value ending in «г.» at the end of a sentence
        # A sentence that opens with a slot («{office} мне ...») still starts with a capital.
        return text[:1].upper() + text[1:] if template[0] == "{" else text

    def pick(self, options: list[str]) -> str:
        return self.fill(self.rng.choice(options))

    def sentences(self, topic: str, tone: str, count: int = 1) -> list[str]:
        pool = TOPICS[topic][_TONE_KEY[tone]]
        chosen = self.rng.sample(pool, min(count, len(pool)))
        return [self.fill(s) for s in chosen]

    def _pd(self, kind: str, value: str) -> str:
        if value:
            self.personal.append((kind, value))
        return value


def _date(w: Writer) -> str:
    day = w.day - dt.timedelta(days=w.rng.randint(3, 45))
    roll = w.rng.random()
    if roll < 0.5:
        return day.strftime("%d.%m.%Y")
    if roll < 0.8:
        return f"{day.day} {_MONTHS[day.month - 1]}"
    return day.strftime("%d.%m.%y")


def _year(w: Writer) -> str:
    year = w.day.year - 1 - (w.rng.random() < 0.2)
    return w.rng.choice((f"{year} год", f"{year} г.", f"{year}г", f"{year} год"))


def _sum(w: Writer) -> str:
    rub = w.rng.choice(
        (w.rng.randint(100, 9_999), w.rng.randint(1_000, 99_999), w.rng.randint(10, 999) * 100)
    )
    kop = w.rng.randint(0, 99)
    roll = w.rng.random()
    if roll < 0.35:
        return f"{rub:,} руб.".replace(",", " ")
    if roll < 0.6:
        return f"{rub} рублей"
    if roll < 0.8:
        return f"{rub},{kop:02d} руб."
    return f"{rub}р"


def _num(w: Writer) -> str:
    n = w.rng.randint(1, 60_000)
    return w.rng.choice(
        (f"№ 01-12/{n:05d}@", f"№{n}", f"от ЛК № {w.rng.randint(10**9, 10**10 - 1)}", f"№ {n:05d}")
    )


def _staff(case: str, title: bool) -> Callable[[Writer], str]:
    def fill(w: Writer) -> str:
        name = w._pd("name", people.staff_name(w.rng, case))
        if not title:
            return name
        role = w.rng.choice(_SLOTS["staff_roles"])
        return f"{role} {name}" if case == "nom" else f"{role.lower()}у {name}".replace("каю", "ке")

    return fill


def _author(case: str, written: bool) -> Callable[[Writer], str]:
    def fill(w: Writer) -> str:
        if w.author is None:
            return ""
        name = w.author.written(w.rng, case) if written else w.author.full(case)
        return w._pd("name", name)

    return fill


def _author_field(field: str) -> Callable[[Writer], str]:
    def fill(w: Writer) -> str:
        value = getattr(w.author, field, "") if w.author is not None else ""
        return w._pd(field, value)

    return fill


def _snils(w: Writer) -> str:
    n = identifiers.snils(w.rng)
    return w._pd("snils", f"{n[:3]}-{n[3:6]}-{n[6:9]} {n[9:]}" if w.rng.random() < 0.7 else n)


def _card(w: Writer) -> str:
    n = identifiers.card(w.rng)
    return w._pd("card", " ".join(n[i : i + 4] for i in range(0, 16, 4)) if w.rng.random() < 0.6 else n)


def _choice(key: str) -> Callable[[Writer], str]:
    return lambda w: w.rng.choice(_SLOTS[key])


_SLOT_FILLERS: dict[str, Callable[[Writer], str]] = {
    "office": lambda w: w.rng.choice(_SLOTS["offices"].get(w.office) or _SLOTS["offices"]["2700"]),
    "office_short": lambda w: w.office.replace("ОП", "ОП № ") if w.office.startswith("ОП") else "УФНС",
    "about": lambda w: w.rng.choice(TOPICS[w.topic]["about"]),
    "about_any": _choice("about_any"),
    "when": _choice("when"),
    "days": _choice("days"),
    "wait": _choice("wait"),
    "time": _choice("time"),
    "car": _choice("cars"),
    "window": _choice("windows"),
    "date": _date,
    "year": _year,
    "sale_year": lambda w: str(w.day.year - w.rng.randint(1, 8)),
    "sum": _sum,
    "num": _num,
    "hp": lambda w: str(w.rng.choice((75, 90, 105, 110, 136, 150, 181, 249, 277, 309))),
    "kadastr": lambda w: (
        f"27:{w.rng.randint(1, 24):02d}:{w.rng.randint(1, 99_999):07d}:{w.rng.randint(1, 999)}"
    ),
    "staff": _staff("nom", True),
    "staff_dat": _staff("dat", True),
    "author": _author("nom", True),
    "author_nom": _author("nom", False),
    "author_gen": _author("gen", True),
    "inn": _author_field("inn"),
    "phone": _author_field("phone"),
    "email": _author_field("email"),
    "address": _author_field("address"),
    "snils": _snils,
    "card": _card,
}


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _join(parts: list[str], sep: str = " ") -> str:
    return sep.join(p for p in parts if p)


def finish(w: Writer, text: str, level: float) -> tuple[str, tuple[tuple[str, str], ...]]:
    """Spoil the text and keep the personal data that survived the typos, in the form it now has."""
    text = spoil(w.rng, text, level)
    kept: list[tuple[str, str]] = []
    for kind, value in w.personal:
        for form in (value, value.lower(), value.upper()):
            if form in text:
                kept.append((kind, form))
                break
    return text, tuple(kept)


def review(w: Writer, tone: str) -> str:
    """A «Ваш контроль» or survey comment: a word, a line or a few sentences."""
    rng, frames = w.rng, FRAMES["review"]
    roll = rng.random()
    if tone == "negative" and roll < 0.07 and w.topic in SARCASM:
        return w.pick(SARCASM[w.topic])
    if roll < 0.22:
        short = frames["short_topic"].get(w.topic) if tone == "negative" and roll < 0.15 else None
        return w.pick(short or frames["short"][tone])
    if tone == "neutral" or (tone == "negative" and roll > 0.9):
        praise = w.sentences(rng.choice(_PRAISE_TOPICS), "positive")[0].rstrip(".!")
        core = f"{praise}, но {_lower_first(w.sentences(w.topic, 'negative')[0])}"
    else:
        core = _join(w.sentences(w.topic, tone, 1 + (rng.random() < 0.3)))
    return _join([w.pick(frames["open"][tone]), core, w.pick(frames["close"][tone])])


def appeal(w: Writer, tone: str, kind: str, *, repeat: bool = False, forwarded: bool = False) -> str:
    """A written appeal: greeting, who writes, what about, the substance, the request, the signature."""
    rng, frames = w.rng, FRAMES["appeal"]
    signed = w.author is not None
    parts = [w.pick(frames["greet_forwarded"] if forwarded else frames["greet"])]
    headed = signed and not forwarded and rng.random() < 0.25
    if headed:
        heads = _SLOTS["office_heads"]
        parts.insert(0, f"{w.pick(heads.get(w.office) or heads['other'])}\nот {w['author_gen']}")
    elif signed and rng.random() < 0.35:
        parts.append(w.pick(frames["intro"]))
    if repeat:
        parts.append(w.pick(frames["repeat"]))
    parts.append(w.pick(frames["open"][tone]))
    if kind == "proposal" and w.topic in PROPOSALS:
        parts.append(w.pick(PROPOSALS[w.topic]))
    else:
        parts.extend(w.sentences(w.topic, tone, rng.choice((1, 2, 2, 3))))
    if rng.random() < 0.4:
        parts.append(w.pick(frames["context"]))
    if forwarded and rng.random() < 0.6:
        parts.append(w.pick(frames["request_forwarded"]))
    else:
        parts.append(w.pick(frames["request"][tone]))
    if signed and rng.random() < 0.75:
        parts.append(w.pick(frames["sign"]))
    return _join(parts, "\n" if headed or rng.random() < 0.5 else " ")


def lk_comment(w: Writer, tone: str) -> str:
    frames = FRAMES["lk"]
    middle = w.pick(frames["middle"][tone])
    said = w.sentences(w.topic, tone, 1 + (w.rng.random() < 0.25))
    if middle.endswith(":") and not said[0][1:2].isupper():
        said[0] = _lower_first(said[0])
    parts = [w.pick(frames["open"][tone]), middle, *said]
    return _join(parts)


def call_note(w: Writer, tone: str, redirected_to: str, resolved: bool) -> str:
    frames = FRAMES["calls"]
    w["core"] = w.sentences(w.topic, tone)[0]
    parts = [w.pick(frames[tone])]
    if redirected_to:
        w["to"] = redirected_to
        parts.append(w.pick(frames["redirected"]))
    parts.append(w.pick(frames["resolved" if resolved else "unresolved"]))
    return _join(parts)


def call_hint(topic: str) -> str:
    hints: dict[str, str] = FRAMES["calls"]["hints"]
    return hints.get(topic.split(".", 1)[0], hints["other"])
