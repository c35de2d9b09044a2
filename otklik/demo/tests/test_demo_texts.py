"""Texts of the demo data: varied, noisy, on topic, with names declined and offices named in words."""

from __future__ import annotations

import collections
import random
import re

from otklik.demo import people
from otklik.demo.tests.support import six_quarters, topic_leaves
from otklik.demo.texts import SARCASM
from otklik.lib.identifiers import is_valid_luhn, is_valid_snils


def _texts() -> list[str]:
    return [i.record.text for i in six_quarters() if i.record.text]


def _person(surname: str, female: bool) -> people.Person:
    return people.Person(surname, "Мария" if female else "Илья", "Петровна", female, "", "", "", "", "ОП1")


def test_surnames_decline_by_their_kind() -> None:
    assert _person("Иванов", True).full("gen") == "Ивановой Марии Петровны"
    assert _person("Иванов", False).last("gen") == "Иванова"
    assert _person("Ковальский", False).last("dat") == "Ковальскому"
    assert _person("Ковальский", True).last("nom") == "Ковальская"
    assert _person("Шевченко", False).last("gen") == "Шевченко"
    assert _person("Ким", False).last("gen") == "Кима"
    assert _person("Ким", True).last("gen") == "Ким"
    assert _person("Петров", False).full("dat").startswith("Петрову Илье ")
    assert _person("Петров", False).initials("gen", before=False) == "Петрова И.П."


def test_thousands_of_distinct_texts_are_produced() -> None:
    texts = _texts()
    assert len(texts) > 6000
    assert len(set(texts)) > 0.7 * len(texts)


def test_texts_are_short_and_long() -> None:
    lengths = [len(t) for t in _texts()]
    assert min(lengths) < 10 and max(lengths) > 600


def test_texts_are_spoiled_the_way_people_type() -> None:
    texts = _texts()
    assert sum(t == t.lower() and any(c.isalpha() for c in t) for t in texts) > 300  # no capitals
    assert sum(t == t.upper() and len(t) > 20 for t in texts) > 20  # caps lock
    assert sum(not re.search(r"[.,!?]", t) and len(t) > 40 for t in texts) > 100  # no punctuation


def test_sarcasm_appears_in_negative_texts_only() -> None:
    openings = tuple(s.split("{")[0].lower() for group in SARCASM.values() for s in group)
    assert min(len(o) for o in openings) >= 20
    sarcastic = [i for i in six_quarters() if i.record.text.lower().startswith(openings)]
    assert sarcastic and all(i.tone == "negative" for i in sarcastic)


def test_key_phrases_of_a_topic_are_missing_from_many_of_its_texts() -> None:
    """The analyser must learn paraphrases too: exact key phrases are not handed to it in every text."""
    leaves = topic_leaves()
    with_phrase, total = 0, 0
    for item in six_quarters():
        phrases = leaves[item.topic]["key_phrases"]
        if item.record.text and phrases and item.record.channel != "media":
            total += 1
            with_phrase += any(p in item.record.text.lower() for p in phrases)
    assert 0.15 < with_phrase / total < 0.85


def test_offices_are_named_in_words_inside_texts() -> None:
    texts = " ".join(_texts())
    for mention in ("ОП № 3", "в налоговой в Комсомольске", "на Ленина", "в УФНС"):
        assert mention in texts, mention


def test_snils_and_card_numbers_in_texts_are_valid() -> None:
    found: collections.Counter[str] = collections.Counter()
    for item in six_quarters():
        for kind, value in item.text_personal:
            digits = re.sub(r"\D", "", value)
            if kind == "snils":
                assert is_valid_snils(digits)
            elif kind == "card":
                assert is_valid_luhn(digits)
            found[kind] += 1
    assert found["snils"] > 5 and found["card"] > 5


def test_phones_are_written_in_many_formats() -> None:
    rng = random.Random(2)
    shapes = {re.sub(r"\d", "9", people.phone(rng)) for _ in range(500)}
    assert len(shapes) >= 8
