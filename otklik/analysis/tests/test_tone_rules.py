"""docs/tone-rules.md is the tone decision as the administration signs it; every line must hold."""

from __future__ import annotations

from pathlib import Path

import pytest

from otklik.nlp.signals import CRITERIA_RU, LINES, ToneFacts, combine_signals, decide
from otklik.nlp.tone import ToneModel, train

TABLE = Path(__file__).resolve().parents[3] / "docs" / "tone-rules.md"
NONE = "—"
TONES = {"негатив": "negative", "нейтрально": "neutral", "позитив": "positive"}
CRITERIA = list(CRITERIA_RU)


def _tables(text: str) -> list[list[list[str]]]:
    tables: list[list[list[str]]] = []
    current: list[list[str]] = []
    for line in [*text.splitlines(), ""]:
        if line.startswith("|"):
            current.append([cell.strip() for cell in line.strip().strip("|").split("|")])
        elif current:
            tables.append([row for row in current[1:] if not set("".join(row)) <= set("-: ")])
            current = []
    return tables


RULES, CASES, TEXTS = _tables(TABLE.read_text(encoding="utf-8"))


def _grades(cell: str) -> dict[str, int]:
    return {} if cell == NONE else dict(zip(CRITERIA, map(int, cell.split(", ")), strict=False))


def _facts(row: list[str]) -> ToneFacts:
    _, grades, appeal, flags, media, text_tone, complains, asks, _, _ = row
    kind, _, regime = appeal.partition(", ")
    corrected = text_tone.endswith("(исправлено сотрудником)")
    tone = TONES.get(text_tone.split(" (")[0], "")
    return ToneFacts(
        grades=_grades(grades),
        appeal_kind={"жалоба": "complaint", "обращение": "appeal", "предложение": "proposal"}.get(kind, ""),
        regime={"59-ФЗ": "59fz", "гл. 19 НК РФ": "nk19"}.get(regime, ""),
        negative_mark=flags == "отрицательная отметка",
        call_complaint=flags == "звонок — жалоба",
        corrected=tone if corrected else "",
        media=media != NONE,
        about_service=media != "не о налоговой службе",
        text_tone="" if corrected else tone,
        complaint_cue=complains == "да",
        request_cue=asks == "да",
    )


def test_the_signed_rules_are_the_rules_of_the_program_word_for_word() -> None:
    assert [(row[0], row[1]) for row in RULES] == list(LINES.items())


def test_every_line_of_the_rules_has_an_example() -> None:
    assert {row[-1] for row in CASES} == set(LINES)


@pytest.mark.parametrize("row", CASES, ids=[f"пример {row[0]}" for row in CASES])
def test_each_example_of_the_signed_table_is_decided_as_written(row: list[str]) -> None:
    decision = decide(_facts(row))
    assert (decision.label, decision.line) == (TONES[row[-2]], row[-1])


def test_a_structured_decision_names_the_grade_or_the_flag() -> None:
    grade = decide(ToneFacts(grades={"time_queue": 2, "staff": 5}, text_tone="positive"))
    assert grade.reason_ru == "оценка 2 («Плохо») по критерию «время ожидания в очереди»"
    assert not grade.by_text
    assert decide(ToneFacts(appeal_kind="appeal", regime="nk19")).reason_ru == "жалоба по главе 19 НК РФ"
    assert decide(ToneFacts(negative_mark=True)).signal_ru.startswith("строка 4 таблицы:")


@pytest.fixture(scope="module")
def model() -> ToneModel:
    return train()


@pytest.mark.slow
@pytest.mark.parametrize("row", TEXTS, ids=[row[0][:30] for row in TEXTS])
def test_each_text_example_is_decided_as_written(model: ToneModel, row: list[str]) -> None:
    text, grades, tone, line = row
    [result] = model.predict([text])
    decision = combine_signals(
        result,
        _grades(grades),
        complaint_cue=result.complaint_cue,
        request_cue=result.request_cue,
    )
    assert (decision.label, decision.line) == (TONES[tone], line), result
