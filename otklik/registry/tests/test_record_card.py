"""The record card: masked for roles without the personal-data right, every unmasked view audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from otklik.accounts.models import User
from otklik.analysis.models import Label
from otklik.audit.models import AuditEvent
from otklik.conftest import PASSWORD
from otklik.org.models import Channel, Topic
from otklik.registry.models import Feedback, PersonalData

TEXT = (
    "Меня зовут Сидоров Петр Ильич, ИНН 500100732259, звоните 8-914-555-12-34. В ОП № 3 нагрубили в очереди."
)


@pytest.fixture
def feedback(users: dict[str, User]) -> Feedback:
    f = Feedback.objects.create(
        channel=Channel.objects.get(code="appeals"),
        source_id="card-1",
        received_at=dt.datetime(2026, 3, 2, tzinfo=dt.UTC),
        text=TEXT,
        fingerprint="x",
        topic=Topic.objects.get(code="service.queue"),
    )
    PersonalData.objects.create(feedback=f, full_name="Сидоров Петр Ильич", inn="500100732259")
    return f


def open_card(username: str, f: Feedback) -> str:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    response = client.get(f"/registry/{f.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_an_analyst_sees_the_text_with_personal_data_masked(feedback: Feedback) -> None:
    page = open_card("analyst", feedback)
    assert "500100732259" not in page and "555-12-34" not in page and "Сидоров" not in page
    assert "нагрубили в очереди" in page
    assert "Персональные данные скрыты" in page
    assert not AuditEvent.objects.filter(action="pd.viewed").exists()


def test_leadership_sees_personal_data_and_the_view_is_audited(
    feedback: Feedback, users: dict[str, User]
) -> None:
    page = open_card("leader", feedback)
    assert "500100732259" in page and "Сидоров Петр Ильич" in page
    event = AuditEvent.objects.get(action="pd.viewed")
    assert event.actor == users["leader"] and event.object_id == str(feedback.pk)


def test_an_officers_correction_is_kept_with_who_made_it_and_applied(
    feedback: Feedback, users: dict[str, User]
) -> None:
    client = Client()
    client.login(username="officer", password=PASSWORD)  # unit 07: not competent for queues (unit 08)
    assert client.post(f"/analysis/records/{feedback.pk}/correct/", {"tone": "negative"}).status_code == 404
    client.login(username="admin", password=PASSWORD)
    response = client.post(
        f"/analysis/records/{feedback.pk}/correct/", {"tone": "negative", "topic": "service.staff_conduct"}
    )
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert (
        feedback.tone == "negative"
        and feedback.topic is not None
        and feedback.topic.code == "service.staff_conduct"
    )
    label = Label.objects.get(origin="staff")
    assert label.created_by == users["admin"] and label.previous_topic is not None
    assert AuditEvent.objects.filter(action="analysis.corrected", actor=users["admin"]).exists()
    # The card's history names the tones in words, never by their stored codes.
    card = client.get(f"/registry/{feedback.pk}/").content.decode()
    was = {"negative": "отрицательный", "neutral": "нейтральный", "positive": "положительный"}
    assert f"тональность изменена с «{was.get(label.previous_tone, '—')}» на «отрицательный»" in card
    assert "→ negative" not in card
