"""Recall of the personal-data detector per kind on the hand-written test set, and no masks on ordinary
texts (streets, offices and organisations named after people among them)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
import yaml

from otklik.nlp import pdata
from otklik.nlp.offices import OfficeRecogniser, load_offices

SET = yaml.safe_load((Path(__file__).parent / "data" / "pdata_set.yaml").read_text("utf-8"))
REQUIRED_RECALL = {
    "address": 0.95,
    "inn": 0.95,
    "snils": 0.95,
    "phone": 0.95,
    "email": 0.95,
    "card": 0.95,
    "passport": 0.95,
    "birth": 0.95,
    "name": 0.90,
}


def covered(expected_kind: str, value: str, text: str, spans: list[pdata.PDSpan]) -> bool:
    """The expected item is masked as its kind: numbers and addresses whole, a name at least mostly."""
    start = text.index(value)
    end = start + len(value)
    need = 0.6 * (end - start) if expected_kind == "name" else end - start
    return any(s.kind == expected_kind and min(end, s.end) - max(start, s.start) >= need for s in spans)


def recall_per_kind() -> dict[str, tuple[int, int]]:
    cases: list[dict[str, Any]] = SET["cases"]
    hits: dict[str, list[bool]] = defaultdict(list)
    for case, spans in zip(cases, pdata.find_batch([c["text"] for c in cases]), strict=True):
        for kind, value in case["expect"]:
            hits[kind].append(covered(kind, value, case["text"], spans))
    return {kind: (sum(v), len(v)) for kind, v in hits.items()}


@pytest.fixture(scope="module")
def recall() -> dict[str, tuple[int, int]]:
    return recall_per_kind()


def test_the_set_is_large_and_covers_every_kind() -> None:
    assert len(SET["cases"]) >= 200
    assert len(SET["clean"]) >= 40
    kinds = {kind for c in SET["cases"] for kind, _ in c["expect"]}
    assert kinds == set(REQUIRED_RECALL) == set(pdata.MASKS)


@pytest.mark.parametrize("kind", sorted(REQUIRED_RECALL))
def test_recall_of_each_kind_meets_the_requirement(kind: str, recall: dict[str, tuple[int, int]]) -> None:
    found, total = recall[kind]
    assert total >= 10
    assert found / total >= REQUIRED_RECALL[kind], f"{kind}: {found} of {total}"


def test_ordinary_texts_come_back_byte_identical() -> None:
    texts: list[str] = SET["clean"]
    for text, (masked, spans) in zip(texts, pdata.mask_batch(texts), strict=True):
        assert masked == text, (text, spans)


def test_a_street_with_a_house_and_flat_is_an_address_not_a_name() -> None:
    text = "Проживаю: ул. Карла Маркса, д. 96, кв. 12."
    assert pdata.mask(text, pdata.find(text)) == "Проживаю: [АДРЕС]."


@pytest.mark.parametrize(
    "text",
    ["Инспекция на Ленина работает до 18:00", "Налоговая на ул. Ленина, д. 5, переполнена, нет стульев"],
)
def test_an_office_named_by_its_street_keeps_both_its_text_and_its_recognition(text: str) -> None:
    assert pdata.find(text) == []
    match = OfficeRecogniser(load_offices()).recognise(text)
    assert match is not None and match.code == "ОП1"


def test_each_kind_gets_its_own_label() -> None:
    text = (
        "Я, кан виктор сергеевич, 1985 г.р., проживаю: пос. Корфовский, ул. Таежная 20-192, "
        "ИНН 2724 6196 4473, почта ivanov собака mail.ru, тел. восемь 914 123 45 67"
    )
    assert pdata.mask(text, pdata.find(text)) == (
        "Я, [ФИО], [ДАТА РОЖДЕНИЯ], проживаю: [АДРЕС], ИНН [ИНН], почта [EMAIL], тел. [ТЕЛЕФОН]"
    )
