from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from otklik.nlp import tone, tone_eval
from otklik.nlp.tone import ToneModel


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


def _bare_shell(tmp_path: Path) -> dict[str, str]:
    """A new shell: no secret key, no database, no variable of the product set."""
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path), "LANG": "C.UTF-8"}


def _run_bare(
    command: list[str], tmp_path: Path, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command,
        input=stdin,
        env=_bare_shell(tmp_path),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_commands_without_database_or_web_run_in_a_new_shell_without_any_variable(tmp_path: Path) -> None:
    otklik = Path(sys.executable).parent / "otklik"
    command = [str(otklik)] if otklik.exists() else [sys.executable, "-m", "otklik.cli"]
    line = json.dumps(
        {"text": "Третий раз прошу разъяснить, ответа нет", "channel": "appeals"}, ensure_ascii=False
    )
    done = _run_bare([*command, "analyse"], tmp_path, stdin=line + "\n")
    assert done.returncode == 0, done.stderr[-2000:]
    assert "OTKLIK_SECRET_KEY" not in done.stderr
    assert json.loads(done.stdout.splitlines()[-1])["tone"] == "negative"

    labelled = tmp_path / "labelled.csv"
    labelled.write_text('text,label\n"Ужасно, нахамили",negative\nСпасибо за помощь,positive\n', "utf-8")
    done = _run_bare([*command, "evaluate-tone", str(labelled)], tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout.splitlines()[-1])["n"] == 2


def test_a_command_that_needs_the_database_still_refuses_to_run_without_the_key(tmp_path: Path) -> None:
    """Only the offline commands get a key of their own; the rest still need the installation's key."""
    done = subprocess.run(
        [sys.executable, "-m", "otklik.cli", "check"],
        env={**_bare_shell(tmp_path), "OTKLIK_VAR_DIR": str(tmp_path / "var")},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode != 0
    assert "OTKLIK_SECRET_KEY не задан" in done.stderr


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
