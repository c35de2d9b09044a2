"""Every file of the bad-file corpus ends in a clear refusal or in row errors, never in a crash."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from otklik.intake.readers import (
    RowError,
    UnreadableFile,
    check_stream,
    file_kind,
    looks_like_formula,
    mapping_from_dict,
    parse_feed,
    read_records,
    read_vashkontrol_xml,
)
from otklik.intake.tests.badfiles import CORPUS, TEST_MAPPING, BadFile
from otklik.registry.record import FeedbackRecord

Outcome = FeedbackRecord | list[RowError]
CYRILLIC = re.compile("[а-яА-ЯёЁ]")


def outcomes(bad: BadFile, path: Path) -> list[Outcome]:
    if bad.channel:  # uploaded for another stream: told by its kind before any reader sees it
        check_stream(file_kind(path), bad.channel)
    if bad.reader == "vk":
        return list(read_vashkontrol_xml(path, bad.limits))
    if bad.reader == "feed":
        return parse_feed(path.read_bytes(), limits=bad.limits)
    return [outcome for _row, outcome in read_records(path, mapping_from_dict(TEST_MAPPING), bad.limits)]


def test_the_corpus_holds_at_least_twenty_five_distinct_bad_files() -> None:
    assert len(CORPUS) >= 25
    assert len({bad.name for bad in CORPUS}) == len(CORPUS)


@pytest.mark.parametrize("bad", CORPUS, ids=lambda bad: bad.name)
def test_each_bad_file_gets_its_expected_outcome_with_a_russian_explanation(
    bad: BadFile, tmp_path: Path
) -> None:
    path = bad.write(tmp_path)
    if bad.expect == "unreadable":
        with pytest.raises(UnreadableFile) as caught:
            outcomes(bad, path)
        assert bad.hint in caught.value.message
        assert CYRILLIC.search(caught.value.message)
        return
    results = outcomes(bad, path)
    records = [r for r in results if isinstance(r, FeedbackRecord)]
    errors = [e for r in results if isinstance(r, list) for e in r]
    assert len(records) == bad.records
    if bad.expect == "accepted":
        assert not errors
        return
    reported = {(e.row, e.column) for e in errors}
    assert set(bad.errors) <= reported, [str(e) for e in errors]
    assert all(CYRILLIC.search(e.reason) for e in errors)


def test_formula_like_cells_are_kept_verbatim_as_plain_text(tmp_path: Path) -> None:
    bad = next(b for b in CORPUS if b.name == "formula_cells")
    records = [r for r in outcomes(bad, bad.write(tmp_path)) if isinstance(r, FeedbackRecord)]
    texts = [r.text for r in records]
    assert texts == [
        '=HYPERLINK("http://evil.example","жми")',
        "+cmd|' /C calc'!A0",
        "@SUM(1+1)*cmd|' /C calc'!A0",
    ]
    assert all(looks_like_formula(text) for text in texts)


@pytest.mark.parametrize("text", ["-5 баллов за очередь", "Отлично", "+7 914 000-00-00", "- всё хорошо", ""])
def test_ordinary_text_is_not_taken_for_a_formula(text: str) -> None:
    assert not looks_like_formula(text)


def test_a_row_error_reads_as_row_column_and_reason() -> None:
    error = RowError(5, "ИНН", "ИНН 123 не проходит проверку контрольных цифр")
    assert str(error) == "строка 5, столбец «ИНН»: ИНН 123 не проходит проверку контрольных цифр"
