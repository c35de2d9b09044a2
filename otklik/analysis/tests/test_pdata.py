from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
import yaml

from otklik.nlp import pdata

CASES = yaml.safe_load((Path(__file__).parent / "data" / "pdata_cases.yaml").read_text("utf-8"))
REQUIRED_RECALL = {"inn": 0.95, "snils": 0.95, "phone": 0.95, "email": 0.95, "card": 0.95, "name": 0.85}


def _found(expected: dict[str, str], text: str, spans: list[pdata.PDSpan]) -> bool:
    start = text.index(expected["text"])
    end = start + len(expected["text"])
    for s in spans:
        if s.kind != expected["kind"]:
            continue
        overlap = min(end, s.end) - max(start, s.start)
        # numbers must be covered whole; a name counts if most of it is masked
        need = (end - start) if s.kind != "name" else 0.6 * (end - start)
        if overlap >= need:
            return True
    return False


def recall_per_kind() -> dict[str, float]:
    cases: list[dict[str, Any]] = CASES["cases"]
    found = pdata.find_batch([c["text"] for c in cases])
    hits: dict[str, list[bool]] = defaultdict(list)
    for case, spans in zip(cases, found, strict=True):
        for expected in case["expect"]:
            hits[expected["kind"]].append(_found(expected, case["text"], spans))
    return {kind: sum(v) / len(v) for kind, v in hits.items()}


def test_case_file_is_large_and_varied() -> None:
    assert len(CASES["cases"]) >= 100
    assert len(CASES["clean"]) >= 30
    kinds = {e["kind"] for c in CASES["cases"] for e in c["expect"]}
    assert kinds >= set(REQUIRED_RECALL)


@pytest.mark.parametrize("kind", sorted(REQUIRED_RECALL))
def test_recall_per_kind_meets_the_requirement(kind: str) -> None:
    assert recall_per_kind()[kind] >= REQUIRED_RECALL[kind]


def test_numbers_with_invalid_check_digits_are_not_masked_as_their_kind() -> None:
    cases = [c for c in CASES["cases"] if c.get("forbid")]
    assert len(cases) >= 10
    for case, spans in zip(cases, pdata.find_batch([c["text"] for c in cases]), strict=True):
        assert not [s for s in spans if s.kind in case["forbid"]], case["text"]


def test_clean_texts_get_no_masks() -> None:
    for text, spans in zip(CASES["clean"], pdata.find_batch(CASES["clean"]), strict=True):
        assert spans == [], (text, spans)


def test_invalid_inn_check_digit_is_not_masked() -> None:
    assert pdata.find("ИНН 272100000001", names=False) == []


def test_masked_text_replaces_each_item_with_its_label() -> None:
    text = "Иванов Иван Петрович, тел. +7 (914) 123-45-67, почта ivan@mail.ru"
    masked = pdata.mask(text, pdata.find(text))
    assert masked == "[ФИО], тел. [ТЕЛЕФОН], почта [EMAIL]"


def test_spans_point_at_the_original_text() -> None:
    text = "Звоните 8-914-123-45-67 вечером"
    [span] = pdata.find(text)
    assert (span.kind, text[span.start : span.end], span.text) == (
        "phone",
        "8-914-123-45-67",
        "8-914-123-45-67",
    )


def test_street_named_after_a_person_is_not_a_name() -> None:
    assert pdata.find("Инспекция на ул. Ленина переполнена") == []
