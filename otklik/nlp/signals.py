"""The final tone of a record: the table of tone decisions (docs/tone-rules.md), line by line.

A grade of 1–2, a complaint, a negative mark on an answer or a call flagged as a complaint is the
taxpayer's own statement that something went wrong, and no text model overrules it; grades of 4–5 on
every criterion are the same statement that all went well, and only a text that plainly complains
overrules them. A question, a request or thanks is not negative unless the text also complains. The
first line whose condition holds decides, and the record keeps that line's number.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from otklik.nlp.tone import ToneResult

CRITERIA_RU = {
    "time_service": "время предоставления услуги",
    "time_queue": "время ожидания в очереди",
    "staff": "вежливость и компетентность сотрудников",
    "comfort": "комфортность помещений",
    "information": "доступность информации об услуге",
    "overall": "общая оценка",
}
GRADES_RU = {1: "Очень плохо", 2: "Плохо", 3: "Нормально", 4: "Хорошо", 5: "Отлично"}

# Line number -> the condition as the signed table words it (docs/tone-rules.md, column «Условие»).
LINES = {
    "1": "сотрудник исправил тональность записи",
    "2": "оценка 1 или 2 хотя бы по одному критерию",
    "3": "жалоба по 59-ФЗ или по главе 19 НК РФ",
    "4": "отрицательная отметка ответа в личном кабинете",
    "5": "звонок отмечен как жалоба",
    "6": "публикация СМИ не о налоговой службе",
    "7": "публикация СМИ о налоговой службе",
    "8": "оценки 4–5 по всем критериям, текст без жалобы",
    "9": "оценки 4–5 по всем критериям, текст с жалобой",
    "10": "вопрос, просьба или благодарность без жалобы",
    "11": "вопрос, просьба или благодарность с жалобой",
    "12": "прочий текст",
    "13": "текста нет, оценки 3 и выше",
    "14": "ни текста, ни оценок, ни отметок",
}


@dataclasses.dataclass(frozen=True, slots=True)
class ToneFacts:
    """What the table looks at: the record's structured fields and what was found in its text."""

    grades: Mapping[str, int] = dataclasses.field(default_factory=dict)
    appeal_kind: str = ""  # appeal, complaint, proposal
    regime: str = ""  # 59fz, nk19
    negative_mark: bool | None = None
    call_complaint: bool | None = None
    corrected: str = ""  # the tone an officer set by hand
    media: bool = False
    about_service: bool = True  # media: the publication is about the tax service
    text_tone: str = ""  # the text model's label; empty when there is no text
    complaint_cue: bool = False  # the text holds a complaint phrase of the lexicon, not negated
    request_cue: bool = False  # the text asks a question, requests a document or an explanation, thanks


@dataclasses.dataclass(frozen=True, slots=True)
class Decision:
    label: str  # negative, neutral, positive
    line: str  # the line of the table that decided
    reason_ru: str  # what decided, for people: names the grade, the flag or the text
    probability: float = 1.0
    model_version: str = ""
    by_text: bool = False  # the text model's words explain it

    @property
    def signal_ru(self) -> str:
        return f"строка {self.line} таблицы: {self.reason_ru}"


def _not_negative(text_tone: str) -> str:
    return "neutral" if text_tone in ("negative", "") else text_tone


def decide(facts: ToneFacts) -> Decision:
    """The table of tone decisions as a pure function; see docs/tone-rules.md."""
    grades = {k: int(v) for k, v in facts.grades.items() if v is not None}
    worst = min(grades.items(), key=lambda kv: (kv[1], kv[0]), default=None)
    text_complains = facts.text_tone == "negative" and facts.complaint_cue
    if facts.corrected:
        return Decision(facts.corrected, "1", "исправление сотрудника")
    if worst is not None and worst[1] <= 2:
        criterion = CRITERIA_RU.get(worst[0], worst[0])
        why = f"оценка {worst[1]} («{GRADES_RU[worst[1]]}») по критерию «{criterion}»"
        return Decision("negative", "2", why)
    if facts.regime == "nk19":
        return Decision("negative", "3", "жалоба по главе 19 НК РФ")
    if facts.appeal_kind == "complaint":
        return Decision("negative", "3", "жалоба по 59-ФЗ")
    if facts.negative_mark:
        return Decision("negative", "4", "отрицательная отметка ответа в личном кабинете")
    if facts.call_complaint:
        return Decision("negative", "5", "звонок отмечен как жалоба")
    if facts.media and not facts.about_service:
        return Decision("neutral", "6", "публикация не о налоговой службе")
    if facts.media:
        label = facts.text_tone or "neutral"
        return Decision(label, "7", "тональность по отношению к налоговой службе", by_text=True)
    if worst is not None and worst[1] >= 4:
        if text_complains:
            return Decision("negative", "9", "оценки 4–5, но в тексте жалоба", by_text=True)
        return Decision("positive", "8", "оценки 4–5 по всем критериям, текст без жалобы")
    if facts.text_tone and facts.request_cue:
        if text_complains:
            return Decision("negative", "11", "в вопросе или просьбе есть жалоба", by_text=True)
        why = "вопрос, просьба или благодарность без жалобы"
        return Decision(_not_negative(facts.text_tone), "10", why, by_text=True)
    if facts.text_tone:
        return Decision(facts.text_tone, "12", "тональность текста", by_text=True)
    if worst is not None:
        return Decision("neutral", "13", f"оценка {worst[1]} («{GRADES_RU.get(worst[1], worst[1])}»)")
    return Decision("neutral", "14", "нет данных для оценки")


def combine_signals(
    text_tone: ToneResult | None,
    grades: Mapping[str, int] | None = None,
    appeal_kind: str = "",
    regime: str = "",
    negative_mark: bool | None = None,
    is_complaint: bool | None = None,
    *,
    complaint_cue: bool = False,
    request_cue: bool = False,
    media: bool = False,
    about_service: bool = True,
) -> Decision:
    """The table applied to a record and the text model's answer for its text."""
    facts = ToneFacts(
        grades=grades or {},
        appeal_kind=appeal_kind,
        regime=regime,
        negative_mark=negative_mark,
        call_complaint=is_complaint,
        corrected=text_tone.label if text_tone is not None and text_tone.corrected else "",
        media=media,
        about_service=about_service,
        text_tone=text_tone.label if text_tone is not None else "",
        complaint_cue=complaint_cue,
        request_cue=request_cue,
    )
    decision = decide(facts)
    version = text_tone.model_version if text_tone else ""
    probability = text_tone.probability if decision.by_text and text_tone is not None else 1.0
    if decision.line == "14":
        probability = 0.0
    return dataclasses.replace(decision, probability=probability, model_version=version)


def line_ru(line: str) -> str:
    """«строка 2: оценка 1 или 2 хотя бы по одному критерию» for a card; empty for an unknown line."""
    return f"строка {line}: {LINES[line]}" if line in LINES else ""
