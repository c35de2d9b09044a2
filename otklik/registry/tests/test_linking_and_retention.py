"""Repeat appeals are linked, not merged; personal data past its term is erased with a record."""

from __future__ import annotations

import datetime as dt
from typing import Any

from otklik.audit.models import AuditEvent
from otklik.registry.linking import link_pending
from otklik.registry.models import Feedback, FeedbackLink, PersonalData
from otklik.registry.record import FeedbackRecord
from otklik.registry.record import PersonalData as PD
from otklik.registry.retention import erase_expired
from otklik.registry.services import register_many

DAY = dt.datetime(2026, 2, 2, 10, 0, tzinfo=dt.UTC)
AUTHOR = PD(full_name="Морозова Елена Викторовна", inn="500100732259")
TEXT = "Второй месяц не могу получить налоговый вычет за лечение, документы сданы в январе, ответа нет"


def record(
    channel: str, source_id: str, days: int, text: str = TEXT, personal: PD = AUTHOR
) -> FeedbackRecord:
    return FeedbackRecord(
        channel=channel,
        source_id=source_id,
        received_at=DAY + dt.timedelta(days=days),
        text=text,
        personal=personal,
    )


def test_a_repeat_appeal_and_the_same_appeal_in_another_stream_are_linked_to_the_first(
    reference: object,
) -> None:
    register_many(
        [
            record("appeals", "a-1", 0),
            record("appeals", "a-2", 20, TEXT + ". Повторно прошу разобраться!"),
            record("forwarded", "f-1", 25, "Переслано: " + TEXT),
            record("appeals", "a-3", 21, "Спасибо за быстрый ответ по транспортному налогу"),
            record("appeals", "b-1", 22, personal=PD(full_name="Другой Человек Иванович")),
            record("appeals", "a-4", 95),  # outside the 90-day term of a-1, but a repeat of a-2
        ]
    )
    link_pending()
    links = {(link.earlier.source_id, link.later.source_id, link.kind) for link in FeedbackLink.objects.all()}
    assert ("a-1", "a-2", "repeat") in links
    assert ("a-1", "f-1", "cross_stream") in links
    assert ("a-1", "a-3", "same_taxpayer") in links, "another matter of the same taxpayer"
    assert not any("a-3" in pair and "repeat" in pair for pair in links)
    assert not any("b-1" in pair for pair in links), "the same words from another person are not his repeat"
    assert ("a-2", "a-4", "repeat") in links
    assert ("a-1", "a-4", "repeat") not in links
    assert Feedback.objects.count() == 6, "linked, never merged"
    assert link_pending() == 0, "each record is checked once"


def test_personal_data_past_the_retention_term_is_erased_and_the_erasure_recorded(
    reference: object, settings: Any
) -> None:
    settings.PD_RETENTION_DAYS = 365
    (old, new) = register_many(
        [
            record("appeals", "old", -400, "Меня зовут Морозова Елена, звоните 89141234567"),
            record("appeals", "new", 0),
        ]
    )
    assert old.feedback_id is not None and new.feedback_id is not None
    Feedback.objects.update(analysed_at=DAY, masked_text="Меня зовут [ФИО], звоните [ТЕЛЕФОН]")
    assert erase_expired(now=DAY + dt.timedelta(days=1)) == 1
    erased = PersonalData.objects.get(feedback_id=old.feedback_id)
    assert erased.erased_at is not None and erased.inn == "" and erased.full_name == ""
    assert "89141234567" not in Feedback.objects.get(pk=old.feedback_id).text
    assert PersonalData.objects.get(feedback_id=new.feedback_id).inn == AUTHOR.inn
    assert AuditEvent.objects.get(action="pd.erased").changes["records"] == 1
    assert erase_expired(now=DAY + dt.timedelta(days=1)) == 0
