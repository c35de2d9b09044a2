from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from otklik.analysis.nlp import tone, tone_eval
from otklik.analysis.nlp.tone import ToneModel


@pytest.fixture
def use_small_model(small_model: ToneModel, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tone, "_default", small_model)


def test_analyse_command_writes_one_json_line_per_input(
    use_small_model: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = [
        {"text": "Нахамили в ОП № 2", "channel": "calls", "is_complaint": True},
        {"text": "Спасибо!", "channel": "appeals"},
    ]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(json.dumps(x, ensure_ascii=False) for x in lines)))
    out = io.StringIO()
    call_command("analyse", stdout=out)
    results = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(results) == 2
    assert results[0]["rule_line"] == "5" and results[0]["office"] == "ОП2"


def test_evaluate_tone_command_ends_with_a_json_summary(use_small_model: None, tmp_path: Path) -> None:
    path = tmp_path / "labelled.csv"
    path.write_text('text,label\n"Ужасно, нахамили",negative\nСпасибо за помощь,positive\n', "utf-8")
    out = io.StringIO()
    call_command("evaluate_tone", str(path), stdout=out)
    summary = json.loads(out.getvalue().splitlines()[-1])
    assert set(summary) == {
        "n",
        "negative_precision",
        "negative_recall",
        "negative_f1",
        "macro_f1",
        "texts_per_second",
    }
    assert summary["n"] == 2


def test_evaluate_tone_without_a_file_compares_the_model_with_the_baseline(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[bool] = []
    scores = tone.scores(["negative", "positive"], ["negative", "neutral"])

    def compare(quick: bool = False) -> dict[str, dict[str, dict[str, float]]]:
        asked.append(quick)
        return {"baseline": {"test_split": scores}, "ours": {"test_split": scores, "cv5_grouped": scores}}

    monkeypatch.setattr(tone_eval, "compare", compare)
    out = io.StringIO()
    call_command("evaluate_tone", "--quick", stdout=out)
    lines = out.getvalue().splitlines()
    assert asked == [True]
    assert [line.split()[:2] for line in lines[:-1]] == [
        ["baseline", "test_split"],
        ["ours", "test_split"],
        ["ours", "cv5_grouped"],
    ]
    assert "negF1=1.000" in lines[0]
    assert json.loads(lines[-1])["ours"]["cv5_grouped"]["n"] == 2
