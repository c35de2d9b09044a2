"""Authors of demo feedback: names in the cases people write them, phones, e-mails, addresses.

Names decline by the regular rules of Russian surnames (-ов/-ин, -ский, indeclinable -ко/-их, Korean
surnames that decline only for men), which covers every name in the material without a dictionary.
"""

from __future__ import annotations

import dataclasses
import random

from otklik.demo import identifiers
from otklik.demo.material import load
from otklik.registry.record import PersonalData

_DATA = load("people")
_MALE: list[str] = _DATA["male_names"]
_FEMALE: list[str] = _DATA["female_names"]
_PATRONYMICS: list[list[str]] = _DATA["patronymics"]
_SURNAMES: list[str] = _DATA["surnames"]
_LOCALITIES: dict[str, list[list[object]]] = _DATA["localities"]
_HUSHING = set("кгхжшчщ")
_TRANSLIT = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "e",
            "e",
            "zh",
            "z",
            "i",
            "y",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "sch",
            "_",
            "y",
            "_",
            "e",
            "yu",
            "ya",
        ],
        strict=True,
    )
)
CASES = ("nom", "gen", "dat")


def _first_name(name: str, case: str) -> str:
    if case == "nom":
        return name
    if name.endswith("ия"):
        return name[:-1] + "и"
    if name[-1] in "йь":
        return name[:-1] + ("я" if case == "gen" else "ю")
    if name[-1] in "ая":
        if case == "dat":
            return name[:-1] + "е"
        return name[:-1] + ("и" if name[-1] == "я" or name[-2] in _HUSHING else "ы")
    return name + ("а" if case == "gen" else "у")


def _surname(stem: str, female: bool, case: str) -> str:
    if stem.endswith(("ский", "цкий")):
        if female:
            return stem[:-2] + ("ая" if case == "nom" else "ой")
        return stem if case == "nom" else stem[:-2] + ("ого" if case == "gen" else "ому")
    if stem.endswith(("ов", "ев", "ин", "ын")):
        if female:
            return stem + ("а" if case == "nom" else "ой")
        return stem if case == "nom" else stem + ("а" if case == "gen" else "у")
    if female or case == "nom" or stem.endswith(("ко", "их", "ых", "и")):
        return stem
    if stem.endswith("й"):
        return stem[:-1] + ("я" if case == "gen" else "ю")
    return stem + ("а" if case == "gen" else "у")


def _patronymic(word: str, case: str) -> str:
    if case == "nom":
        return word
    if word.endswith("а"):
        return word[:-1] + ("ы" if case == "gen" else "е")
    return word + ("а" if case == "gen" else "у")


def translit(text: str) -> str:
    return "".join(_TRANSLIT.get(ch, ch) for ch in text.lower()).replace("_", "")


@dataclasses.dataclass(slots=True)
class Person:
    surname: str
    name: str
    patronymic: str
    female: bool
    inn: str
    phone: str
    email: str
    address: str
    office: str

    def full(self, case: str = "nom") -> str:
        return f"{self.last(case)} {_first_name(self.name, case)} {_patronymic(self.patronymic, case)}"

    def last(self, case: str = "nom") -> str:
        return _surname(self.surname, self.female, case)

    def initials(self, case: str = "nom", before: bool = False, spaced: bool = False) -> str:
        gap = " " if spaced else ""
        letters = f"{self.name[0]}.{gap}{self.patronymic[0]}."
        return f"{letters} {self.last(case)}" if before else f"{self.last(case)} {letters}"

    def written(self, rng: random.Random, case: str = "nom") -> str:
        """The name as people sign: in full most often, then with initials in either order."""
        roll = rng.random()
        if roll < 0.55:
            return self.full(case)
        return self.initials(case, before=roll > 0.85, spaced=rng.random() < 0.3)

    def personal_data(self, with_name: bool = True) -> PersonalData:
        return PersonalData(self.full() if with_name else "", self.inn, self.phone, self.email, self.address)


def phone(rng: random.Random, office: str = "") -> str:
    n = rng.randrange(10_000_000)
    a, b, c = f"{n:07d}"[:3], f"{n:07d}"[3:5], f"{n:07d}"[5:]
    if rng.random() < 0.2:  # a landline: Khabarovsk 4212, Komsomolsk 4217
        city = "4217" if office in ("ОП7", "ОП8") else "4212"
        six = f"{n % 1_000_000:06d}"
        return rng.choice(
            (
                f"8 ({city}) {six[:2]}-{six[2:4]}-{six[4:]}",
                f"({city}) {six}",
                f"{six[:2]}-{six[2:4]}-{six[4:]}",
            )
        )
    code = rng.choice(_DATA["mobile_codes"])
    return rng.choice(
        (
            f"+7 ({code}) {a}-{b}-{c}",
            f"8{code}{a}{b}{c}",
            f"8-{code}-{a}-{b}-{c}",
            f"+7{code}{a}{b}{c}",
            f"8 {code} {a} {b} {c}",
            f"+7 {code} {a}-{b}-{c}",
            f"8({code}){a}{b}{c}",
        )
    )


def _email(rng: random.Random, surname: str, name: str) -> str:
    local = rng.choice(
        (
            f"{translit(surname)}.{translit(name[0])}",
            f"{translit(name)}{rng.randrange(70, 100)}",
            f"{translit(surname)}{rng.randrange(1, 999)}",
            f"{translit(name[0])}{translit(surname)}_khv",
        )
    )
    return f"{local}@{rng.choice(_DATA['mail_domains'])}"


def address(rng: random.Random, office: str) -> str:
    locality, codes, streets = rng.choice(_LOCALITIES.get(office, _LOCALITIES["2700"]))
    assert isinstance(locality, str) and isinstance(codes, list) and isinstance(streets, list)
    postcode = rng.randint(codes[0], codes[1])
    street = rng.choice(streets)
    house, flat = rng.randint(1, 120), rng.randint(1, 240)
    roll = rng.random()
    if roll < 0.45:
        return f"{postcode}, {locality}, {street}, д. {house}, кв. {flat}"
    if roll < 0.7:
        return f"{locality}, {street} {house}-{flat}"
    if roll < 0.85:
        return f"{locality}, {street}, д. {house}, кв. {flat}, {postcode}"
    return f"{locality}, {street}, {house}"


def person(rng: random.Random, office: str, kind: str = "fl") -> Person:
    female = rng.random() < 0.56
    surname = rng.choice(_SURNAMES)
    name = rng.choice(_FEMALE if female else _MALE)
    patronymic = rng.choice(_PATRONYMICS)[1 if female else 0]
    inn = identifiers.inn10(rng) if kind == "ul" else identifiers.inn12(rng)
    email = _email(rng, _surname(surname, female, "nom"), name) if rng.random() < 0.7 else ""
    return Person(
        surname, name, patronymic, female, inn, phone(rng, office), email, address(rng, office), office
    )


def staff_name(rng: random.Random, case: str = "nom") -> str:
    """An inspector as complainants name one: the surname, sometimes with initials."""
    female = rng.random() < 0.8
    last = _surname(rng.choice(_SURNAMES), female, case)
    if rng.random() < 0.5:
        return last
    first = rng.choice(_FEMALE if female else _MALE)
    return f"{last} {first[0]}.{rng.choice(_PATRONYMICS)[0][0]}."
