from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from otklik.nlp import features, tone
from otklik.nlp.lemmas import lemmas, tokenize
from otklik.nlp.signals import combine_signals
from otklik.nlp.tone import ToneModel, ToneResult


def test_lemmas_are_lower_case_dictionary_forms_without_yo() -> None:
    assert lemmas("Нахамили в ОЧЕРЕДЯХ, ещё") == ["нахамить", "в", "очередь", "еще"]


def test_token_spans_point_into_the_original_text() -> None:
    text = "  Инспектор  нахамил!"
    assert [(t.text, text[t.start : t.end]) for t in tokenize(text)] == [
        ("Инспектор", "Инспектор"),
        ("нахамил", "нахамил"),
        ("!", "!"),
    ]


def test_obvious_complaint_is_negative_and_praise_positive(small_model: ToneModel) -> None:
    neg, pos = small_model.predict(
        ["Ужасное обслуживание, нахамили и три часа в очереди", "Огромное спасибо, всё быстро и вежливо!"]
    )
    assert (neg.label, pos.label) == ("negative", "positive")
    assert neg.probability > 0.5 and neg.model_version == "test-small"


def test_explanation_highlights_the_words_that_decided(small_model: ToneModel) -> None:
    text = "Сотрудница нахамила, ужасное отношение"
    [result] = small_model.predict([text])
    assert result.evidence
    assert all(text[e.start : e.end] == e.text for e in result.evidence)
    assert any(e.text in ("нахамила", "ужасное") for e in result.evidence[:2])


def test_evaluate_reports_per_class_scores_and_macro_f1(small_model: ToneModel) -> None:
    s = tone.evaluate(small_model, ["ужасно плохо", "спасибо большое"], ["negative", "positive"])
    assert {"negative_precision", "negative_recall", "negative_f1", "macro_f1", "n"} <= set(s)
    assert s["n"] == 2


def test_staff_correction_overrides_public_data_in_the_next_version(tmp_path: Path) -> None:
    text = "Спасибо, очень вежливо ответили, что ничего сделать нельзя"
    before = tone.train(cache_dir=tmp_path)
    after = tone.train(extra_examples=[(text, "negative")], cache_dir=tmp_path)
    assert after.version != before.version
    [result] = after.predict([text])
    assert result.label == "negative" and result.corrected


test_staff_correction_overrides_public_data_in_the_next_version = pytest.mark.slow(
    test_staff_correction_overrides_public_data_in_the_next_version
)


@pytest.mark.slow
def test_model_is_cached_on_disk_and_reloaded_identically(tmp_path: Path) -> None:
    first = tone.train(cache_dir=tmp_path)
    files = list(tmp_path.glob("*.pkl"))
    second = tone.train(cache_dir=tmp_path)
    assert len(files) == 1 and second.version == first.version
    texts = ["очередь два часа", "спасибо"]
    assert [r.probabilities for r in first.predict(texts)] == [r.probabilities for r in second.predict(texts)]


@pytest.mark.slow
def test_a_cached_model_that_no_longer_reads_is_fitted_again(tmp_path: Path) -> None:
    """A cache written when the engine's classes lived in another module (an upgrade) is not an error: the
    model is fitted again from the same data and keeps its version."""
    first = tone.train(cache_dir=tmp_path)
    (cached,) = tmp_path.glob("*.pkl")
    cached.write_bytes(b"cotklik.analysis.nlp.tone\nToneModel\n.")  # a class of a module gone since
    second = tone.train(cache_dir=tmp_path)
    assert second.version == first.version
    assert second.predict(["очередь два часа"])[0].label == first.predict(["очередь два часа"])[0].label
    assert cached.read_bytes()[:1] != b"c"  # written anew


def _tone(label: str) -> ToneResult:
    return ToneResult(label, 0.9, {label: 0.9}, "v1")


def test_low_grade_decides_negative_whatever_the_text() -> None:
    d = combine_signals(_tone("positive"), grades={"time_queue": 2, "staff": 5})
    assert (d.label, d.line) == ("negative", "2")
    assert "Плохо" in d.signal_ru and "очереди" in d.signal_ru


def test_complaint_under_tax_code_decides_negative() -> None:
    d = combine_signals(_tone("neutral"), appeal_kind="complaint", regime="nk19")
    assert (d.label, d.line, d.reason_ru) == ("negative", "3", "жалоба по главе 19 НК РФ")


def test_negative_mark_and_call_complaint_decide_negative() -> None:
    assert combine_signals(_tone("positive"), negative_mark=True).line == "4"
    assert combine_signals(None, is_complaint=True).label == "negative"


def test_good_grades_with_a_complaining_text_follow_the_text() -> None:
    d = combine_signals(_tone("negative"), grades={"staff": 5}, complaint_cue=True)
    assert (d.label, d.line) == ("negative", "9")


def test_good_grades_with_a_text_the_model_alone_calls_negative_stay_positive() -> None:
    d = combine_signals(_tone("negative"), grades={"staff": 5, "time_queue": 4})
    assert (d.label, d.line) == ("positive", "8")


def test_good_grades_without_negative_text_are_positive() -> None:
    d = combine_signals(_tone("neutral"), grades={"staff": 4, "comfort": 5})
    assert (d.label, d.line) == ("positive", "8")


def _complains(text: str) -> bool:
    vectorizer = features.ToneVectorizer(features.Lexicon.load())
    vectorizer.fit(["не работает", "спасибо"])
    _, counts = vectorizer.transform_cues([tokenize(text)])
    return bool(features.complaint_cues(counts)[0])


@pytest.mark.parametrize(
    ("text", "complains"),
    [
        ("Документы не приняли.", True),  # a neutral verb negated, nothing else: a complaint
        ("Молодцы! Вообще не дала, за десять минут все сделали.", False),  # praise: the bare «не дала» is not
        ("Спасибо, справку не выдали.", True),  # thanks is not praise: polite complaints open with it
        ("Молодцы, но документы не приняли.", True),  # praise with a contrast
        ("Молодцы, но хамство на каждом шагу.", True),  # a negative cue complains whatever the praise
        ("Все вежливо, только не помогли.", True),  # a positive cue negated complains whatever the praise
        ("ОЧЕРЕДИ НЕТ ПРИНЯЛИ СРАЗУ", False),  # «нет» negates the noun before it, not the verb after
        ("Очереди нет, не приняли документы", True),  # a good fact is not praise
    ],
)
def test_a_complaint_in_words_as_the_table_of_tone_decisions_defines_it(text: str, complains: bool) -> None:
    assert _complains(text) is complains


def test_every_word_of_praise_is_a_positive_cue_of_the_lexicon() -> None:
    lexicon = features.Lexicon.load()
    data = yaml.safe_load(features.LEXICON_PATH.read_text(encoding="utf-8"))
    assert len(lexicon.praise) == len(data["praise"]) >= 10
