"""The card shows the chain of linked records, earlier and later, masked for roles without the right."""

from __future__ import annotations

import datetime as dt

from django.test import Client

from otklik.accounts.models import User
from otklik.audit.models import AuditEvent
from otklik.conftest import PASSWORD
from otklik.registry.linking import link_pending
from otklik.registry.models import Feedback
from otklik.registry.record import FeedbackRecord, PersonalData
from otklik.registry.services import register_many

DAY = dt.datetime(2026, 3, 2, 2, 0, tzinfo=dt.UTC)
AUTHOR = PersonalData(full_name="Сидоров Петр Ильич", inn="500100732259")
TEXT = "Я, Сидоров Петр Ильич, прошу пересчитать транспортный налог за проданный автомобиль, ответа нет"


def appeal(source_id: str, days: int, text: str, number: str) -> FeedbackRecord:
    return FeedbackRecord(
        channel="appeals",
        source_id=source_id,
        received_at=DAY + dt.timedelta(days=days),
        text=text,
        registration_number=number,
        personal=AUTHOR,
    )


def load() -> Feedback:
    register_many(
        [
            appeal("first", 0, TEXT, "01-13/00100"),
            appeal("second", 20, TEXT + " Пишу повторно.", "01-13/00200"),
            appeal("third", 45, "Ранее направлял обращение № 01-13/00200, прошу ответить", "01-13/00300"),
        ]
    )
    link_pending()
    return Feedback.objects.get(source_id="second")


def card(username: str, f: Feedback) -> str:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    response = client.get(f"/registry/{f.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_card_shows_the_earlier_and_the_later_appeal_with_personal_data_masked(
    users: dict[str, User],
) -> None:
    middle = load()
    page = card("analyst", middle)
    assert "Связанные записи" in page and "эта запись" in page
    assert "01-13/00100" in page and "01-13/00300" in page, "earlier and later"
    assert "ссылка на обращение № 01-13/00200" in page
    assert "Сидоров" not in page, "the chain's texts are masked for a role without the right"
    assert not AuditEvent.objects.filter(action="pd.viewed").exists()


def test_a_role_with_the_right_reads_the_chain_and_the_one_audit_record_names_the_linked_records(
    users: dict[str, User],
) -> None:
    middle = load()
    page = card("leader", middle)
    assert "Сидоров Петр Ильич, прошу" in page
    event = AuditEvent.objects.get(action="pd.viewed")
    others = set(Feedback.objects.exclude(pk=middle.pk).values_list("pk", flat=True))
    assert set(event.changes["linked"]) == others
