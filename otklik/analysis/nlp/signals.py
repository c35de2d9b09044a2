"""The final tone of a record: structured signals first, the text model after.

A grade of 1–2, a complaint, a negative mark on an answer or a call flagged as a complaint is the
taxpayer's own statement that something went wrong, and no text model should overrule it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from otklik.analysis.nlp.tone import ToneResult

CRITERIA_RU = {
    "time_service": "время предоставления услуги",
    "time_queue": "время ожидания в очереди",
    "staff": "вежливость и компетентность сотрудников",
    "comfort": "комфортность помещений",
    "information": "доступность информации об услуге",
}
GRADES_RU = {1: "Очень плохо", 2: "Плохо", 3: "Нормально", 4: "Хорошо", 5: "Отлично"}
REGIMES_RU = {"59fz": "жалоба по 59-ФЗ", "nk19": "жалоба по главе 19 НК РФ"}


@dataclasses.dataclass(frozen=True, slots=True)
class Decision:
    label: str  # negative, neutral, positive
    signal: str  # machine name of what decided: grade, complaint, negative_mark, call_complaint, text, ...
    signal_ru: str  # the same for people
    probability: float
    model_version: str


def combine_signals(
    text_tone: ToneResult | None,
    grades: Mapping[str, int] | None = None,
    appeal_kind: str = "",
    regime: str = "",
    negative_mark: bool | None = None,
    is_complaint: bool | None = None,
) -> Decision:
    version = text_tone.model_version if text_tone else ""
    grades = {k: int(v) for k, v in (grades or {}).items() if v is not None}
    worst = min(grades.items(), key=lambda kv: kv[1], default=None)
    if worst is not None and worst[1] <= 2:
        criterion = CRITERIA_RU.get(worst[0], worst[0])
        return Decision("negative", "grade", f"оценка «{GRADES_RU[worst[1]]}» ({criterion})", 1.0, version)
    if appeal_kind == "complaint" or regime == "nk19":
        why = REGIMES_RU.get(regime, "жалоба")
        return Decision("negative", "complaint", why, 1.0, version)
    if negative_mark:
        return Decision("negative", "negative_mark", "отрицательная отметка на ответ в ЛК ФЛ", 1.0, version)
    if is_complaint:
        return Decision("negative", "call_complaint", "звонок отмечен как жалоба", 1.0, version)
    text_negative = text_tone is not None and text_tone.label == "negative"
    if worst is not None and worst[1] >= 4 and not text_negative:
        return Decision(
            "positive", "grade", "оценки «Хорошо» и «Отлично» без негативного текста", 1.0, version
        )
    if text_tone is not None:
        signal_ru = "исправление сотрудника" if text_tone.corrected else "тональность текста"
        signal = "correction" if text_tone.corrected else "text"
        return Decision(text_tone.label, signal, signal_ru, text_tone.probability, version)
    if worst is not None:
        return Decision("neutral", "grade", f"оценка «{GRADES_RU.get(worst[1], worst[1])}»", 1.0, version)
    return Decision("neutral", "none", "нет данных для оценки", 0.0, version)
