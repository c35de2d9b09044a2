from __future__ import annotations

from otklik.nlp.pipeline import Analyser
from otklik.nlp.tone import ToneModel


def test_record_gets_tone_topic_office_and_masked_personal_data(small_model: ToneModel) -> None:
    [result] = Analyser(small_model).analyse(
        [
            {
                "text": "В ОП № 2 огромная очередь, инспектор Петрова А.С. нахамила. Тел. 8-914-123-45-67",
                "channel": "vashkontrol",
                "grades": {"time_queue": 1},
            }
        ]
    )
    assert result["tone"] == "negative" and result["rule_line"] == "2"
    assert result["decided_by_ru"] == (
        "строка 2 таблицы: оценка 1 («Очень плохо») по критерию «время ожидания в очереди»"
    )
    assert result["explanation"] == []  # the grade decided, not the words
    assert result["model_version"] == "test-small"
    assert result["topic"] == "service.queue"
    assert result["office"] == "ОП2"
    assert {p["kind"] for p in result["personal_data"]} == {"name", "phone"}
    assert "[ФИО]" in result["masked_text"] and "8-914" not in result["masked_text"]


def test_text_decides_when_there_are_no_structured_signals(small_model: ToneModel) -> None:
    [result] = Analyser(small_model).analyse(
        [{"text": "Спасибо большое, всё отлично!", "channel": "appeals"}]
    )
    assert (result["tone"], result["rule_line"]) == ("positive", "10")  # thanks, no complaint
    assert result["explanation"]
