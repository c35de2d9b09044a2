"""The one registration door: created, duplicate or rejected, per record, with personal data kept apart."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from otklik.registry.models import Feedback, PersonalData
from otklik.registry.record import FeedbackRecord
from otklik.registry.record import PersonalData as PD
from otklik.registry.services import register_many

RECEIVED = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)


def appeal(source_id: str = "01-12/00001@", **changes: Any) -> FeedbackRecord:
    record = FeedbackRecord(
        channel="appeals",
        source_id=source_id,
        received_at=RECEIVED,
        source="post",
        office="ОП3",
        text="Прошу разобраться с начислением транспортного налога",
        appeal_kind="complaint",
        regime="59fz",
        personal=PD(full_name="Петров Иван Сергеевич", inn="500100732259", phone="+7 914 123-45-67"),
    )
    return dataclasses.replace(record, **changes)


def test_a_new_record_is_created_with_its_personal_data_in_a_table_of_its_own(reference: object) -> None:
    (outcome,) = register_many([appeal()])
    assert outcome.status == "created"
    assert outcome.feedback_id is not None
    feedback = Feedback.objects.get(pk=outcome.feedback_id)
    assert feedback.sub_source is not None and feedback.sub_source.code == "post"
    assert feedback.office is not None and feedback.office.code == "ОП3"
    assert PersonalData.objects.get(feedback=feedback).inn == "500100732259"
    assert "Петров" not in str(Feedback.objects.filter(pk=feedback.pk).values().get())


def test_an_appeal_under_59_fz_gets_its_answer_and_forwarding_deadlines(reference: object) -> None:
    (outcome,) = register_many([appeal(registered_at=RECEIVED)])
    assert outcome.feedback_id is not None
    feedback = Feedback.objects.get(pk=outcome.feedback_id)
    assert feedback.due_date is not None and feedback.forward_due is not None
    assert (feedback.due_date - feedback.forward_due).days > 0


def test_the_same_record_twice_is_stored_once(reference: object) -> None:
    first = register_many([appeal()])
    again = register_many([appeal(text="другой текст, тот же номер")])
    assert first[0].status == "created"
    assert again[0].status == "duplicate" and again[0].feedback_id == first[0].feedback_id
    assert Feedback.objects.count() == 1


def test_a_duplicate_inside_one_batch_is_reported_not_stored_twice(reference: object) -> None:
    outcomes = register_many([appeal(), appeal()])
    assert [o.status for o in outcomes] == ["created", "duplicate"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"personal": PD(inn="500100732258")}, "personal.inn"),
        ({"channel": "fax"}, "channel"),
        ({"office": "ОП99"}, "office"),
        ({"source": "telegram"}, "source"),
        ({"grades": {"staff": 7}}, "grades"),
        ({"source_id": "  "}, "source_id"),
        ({"text": "", "title": ""}, "text"),
        ({"received_at": dt.datetime(2026, 3, 2, 10, 0)}, "received_at"),
    ],
)
def test_an_invalid_record_is_rejected_with_the_field_and_reason(
    reference: object, changes: dict[str, Any], field: str
) -> None:
    (outcome,) = register_many([appeal(**changes)])
    assert outcome.status == "rejected"
    assert outcome.field == field and outcome.reason
    assert Feedback.objects.count() == 0


def test_good_records_go_in_beside_a_rejected_one(reference: object) -> None:
    outcomes = register_many([appeal("a"), appeal("b", office="ОП99"), appeal("c")])
    assert [o.status for o in outcomes] == ["created", "rejected", "created"]
    assert Feedback.objects.count() == 2
