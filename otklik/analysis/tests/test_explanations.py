"""Explanations a person can read: content words, whole words, and the grade or flag that decided."""

from __future__ import annotations

import re

from otklik.nlp.explain import FUNCTION_WORDS
from otklik.nlp.lemmas import lemma
from otklik.nlp.pipeline import Analyser
from otklik.nlp.tone import ToneModel
from otklik.web.record import highlight

TEXTS = [
    "Инспектор и сотрудница нахамили, и это ужасно!!! Я ждал, а они — ни слова.",
    "АБОНЕНТ не отвечает, на горячую линию не дозвониться, и ответа нет уже месяц.",
    "Спасибо, что помогли с вычетом, и всё это без очереди.",
    "Очереди нет, приняли сразу. Спасибо сотрудникам!",
]


def test_weighing_words_are_whole_content_words(small_model: ToneModel) -> None:
    for text, result in zip(TEXTS, small_model.predict(TEXTS), strict=True):
        assert result.evidence, text
        for e in result.evidence:
            assert text[e.start : e.end] == e.text
            assert re.search(r"\w", e.text), e  # no punctuation alone
            assert e.start == 0 or not text[e.start - 1].isalnum(), e  # not a fragment of a word
            assert e.end == len(text) or not text[e.end].isalnum(), e
            words = re.findall(r"\w+", e.text)
            assert any(lemma(w) not in FUNCTION_WORDS for w in words), e  # never «и» alone


def test_a_short_cue_is_highlighted_as_a_whole_word_only() -> None:
    shown = highlight("АБОНЕНТ не отвечает", [{"text": "не"}], "negative")
    assert shown == 'АБОНЕНТ <mark class="cue-negative">не</mark> отвечает'


def test_a_structured_decision_is_explained_by_the_grade_not_by_words(small_model: ToneModel) -> None:
    [graded, asked] = Analyser(small_model).analyse(
        [
            {"text": "Все хорошо", "channel": "vashkontrol", "grades": {"staff": 5, "time_queue": 2}},
            {"text": "Подскажите, как получить справку 2-НДФЛ?", "channel": "appeals"},
        ]
    )
    assert graded["decided_by_ru"] == (
        "строка 2 таблицы: оценка 2 («Плохо») по критерию «время ожидания в очереди»"
    )
    assert graded["explanation"] == []
    assert asked["rule_line"] == "10" and asked["tone"] != "negative"
