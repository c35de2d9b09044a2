from __future__ import annotations

import pytest

from otklik.nlp.media import MediaAnalyser
from otklik.nlp.offices import OfficeRecogniser, load_offices
from otklik.nlp.tone import ToneModel
from otklik.nlp.topics import Topic, TopicClassifier, load_catalogue

OFFICES = OfficeRecogniser(load_offices())


def test_default_catalogue_has_leaf_topics_with_key_phrases() -> None:
    topics = load_catalogue()
    assert any(t.code == "service.queue" and "очередь" in t.key_phrases for t in topics)
    assert all("." in t.code for t in topics)


def test_key_phrase_matches_any_inflection() -> None:
    result = TopicClassifier(load_catalogue()).classify(
        "Не могу получить ответ, заблокировали счёт организации"
    )
    assert result.code == "debt.collection"
    assert "заблокировали счет" in result.matched_phrases


def test_text_without_any_cue_goes_to_triage() -> None:
    result = TopicClassifier(load_catalogue()).classify("Добрый день, у меня вопрос")
    assert result.needs_triage


def test_examples_teach_the_model_words_that_no_key_phrase_has() -> None:
    topics = [Topic("a.tax", "Налог", ("налог",)), Topic("b.queue", "Очередь", ("очередь",))]
    examples = [
        ("долго стоял у окна", "b.queue"),
        ("стоял у окна час", "b.queue"),
        ("сумма к уплате", "a.tax"),
    ]
    result = TopicClassifier(topics, examples, threshold=0.3).classify("час стоял у окна")
    assert result.code == "b.queue" and not result.matched_phrases


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Жалоба на ИФНС по Центральному району", "ОП1"),
        ("В ОП № 3 опять очередь", "ОП3"),
        ("обособленное подразделение №7 не отвечает", "ОП7"),
        ("инспекция на Ленина закрыта", "ОП1"),
        ("налоговая в Советской Гавани", "ОП9"),
        ("УФНС России по Хабаровскому краю ответило", "2700"),
    ],
)
def test_office_is_recognised_however_it_is_named(text: str, code: str) -> None:
    match = OFFICES.recognise(text)
    assert match is not None and match.code == code


def test_city_with_several_offices_names_candidates_but_no_office() -> None:
    match = OFFICES.recognise("налоговая в Комсомольске")
    assert match is not None and match.code == "" and set(match.candidates) == {"ОП7", "ОП8"}


def test_media_about_the_tax_service_is_relevant_and_tone_comes_from_its_sentences(
    small_model: ToneModel,
) -> None:
    analyser = MediaAnalyser(load_offices())
    about, other = analyser.analyse(
        [
            "В Хабаровске открылся новый стадион. Налоговая инспекция отказалась принимать декларации, "
            "жители возмущены хамством налоговиков.",
            "Курс рубля снизился, а урожай картофеля вырос.",
        ],
        small_model,
    )
    assert about.relevant and about.in_region and about.tone is not None
    assert about.tone.label == "negative"
    assert not other.relevant and other.tone is None
