"""A measure goes proposed → approved → in progress → done, or is rejected; only leadership approves."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from otklik.accounts.models import User
from otklik.audit.models import AuditEvent
from otklik.conftest import PASSWORD
from otklik.measures import services
from otklik.measures.models import Measure, MeasureState
from otklik.measures.tests.factory import make
from otklik.org.models import TaxOffice, Topic, Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def measure(users: dict[str, User]) -> Measure:
    item = make(timezone.localdate() - dt.timedelta(days=3), tone="negative")
    return services.propose(
        acting_user=users["officer"],
        title="Второе окно выдачи талонов",
        unit=Unit.objects.get(code="07"),
        responsible=users["officer"],
        due_date=timezone.localdate() + dt.timedelta(days=30),
        feedback=[item],
        topics=[Topic.objects.get(code="service.queue")],
        offices=[TaxOffice.objects.get(code="ОП3")],
    )


def test_a_proposal_is_recorded_with_its_items_history_and_audit(measure: Measure) -> None:
    assert measure.state == MeasureState.PROPOSED
    assert list(measure.topics.values_list("code", flat=True)) == ["service.queue"]
    assert measure.feedback.count() == 1
    assert [(e.from_state, e.to_state) for e in measure.events.all()] == [("", "proposed")]
    event = AuditEvent.objects.get(action="measure.proposed", object_id=str(measure.pk))
    assert event.actor_label == "officer"
    assert event.changes["topics"] == ["service.queue"]


@pytest.mark.parametrize("who", ["officer", "officer16", "analyst", "admin"])
def test_only_leadership_approves(users: dict[str, User], measure: Measure, who: str) -> None:
    with pytest.raises(PermissionDenied):
        services.approve(measure, acting_user=users[who])
    measure.refresh_from_db()
    assert measure.state == MeasureState.PROPOSED


def test_the_whole_way_to_done_is_audited_step_by_step(users: dict[str, User], measure: Measure) -> None:
    services.approve(measure, acting_user=users["leader"])
    services.start(measure, acting_user=users["officer"])
    services.complete(measure, acting_user=users["officer"], outcome="Окно открыто")
    measure.refresh_from_db()
    assert measure.state == MeasureState.DONE
    assert measure.done_date == timezone.localdate()
    assert measure.outcome == "Окно открыто"
    history = [(e.from_state, e.to_state, e.actor.username if e.actor else "") for e in measure.events.all()]
    assert history == [
        ("", "proposed", "officer"),
        ("proposed", "approved", "leader"),
        ("approved", "in_progress", "officer"),
        ("in_progress", "done", "officer"),
    ]
    actions = list(
        AuditEvent.objects.filter(object_type="measures.measure", object_id=str(measure.pk))
        .order_by("pk")
        .values_list("action", "actor_label")
    )
    assert actions == [
        ("measure.proposed", "officer"),
        ("measure.approved", "leader"),
        ("measure.in_progress", "officer"),
        ("measure.done", "officer"),
    ]
    done = AuditEvent.objects.get(action="measure.done", object_id=str(measure.pk))
    assert done.changes["state"] == ["in_progress", "done"]
    assert done.changes["outcome"] == ["", "Окно открыто"]


@pytest.mark.parametrize(
    ("steps", "illegal"),
    [
        ([], "start"),  # not approved yet
        ([], "complete"),
        (["approve"], "approve"),  # twice
        (["approve"], "complete"),  # not started
        (["approve", "start"], "reject"),  # too late to reject
        (["approve", "start", "complete"], "start"),
        (["reject"], "approve"),  # rejected is final
    ],
)
def test_an_illegal_transition_is_refused_and_leaves_no_trace(
    users: dict[str, User], measure: Measure, steps: list[str], illegal: str
) -> None:
    leader, officer = users["leader"], users["officer"]
    do = {
        "approve": lambda: services.approve(measure, acting_user=leader),
        "reject": lambda: services.reject(measure, acting_user=leader, reason="Нет средств"),
        "start": lambda: services.start(measure, acting_user=officer),
        "complete": lambda: services.complete(measure, acting_user=officer, outcome="Окно открыто"),
    }
    for step in steps:
        do[step]()
    state = Measure.objects.get(pk=measure.pk).state
    events = measure.events.count()
    audits = AuditEvent.objects.filter(object_type="measures.measure").count()
    with pytest.raises(services.TransitionError):
        do[illegal]()
    assert Measure.objects.get(pk=measure.pk).state == state
    assert measure.events.count() == events
    assert AuditEvent.objects.filter(object_type="measures.measure").count() == audits


def test_a_rejection_needs_a_reason_which_is_kept(users: dict[str, User], measure: Measure) -> None:
    with pytest.raises(services.TransitionError):
        services.reject(measure, acting_user=users["leader"], reason="  ")
    services.reject(measure, acting_user=users["leader"], reason="Дублирует меру № 3")
    measure.refresh_from_db()
    assert measure.state == MeasureState.REJECTED
    assert measure.rejection_reason == "Дублирует меру № 3"
    assert measure.events.last().comment == "Дублирует меру № 3"  # type: ignore[union-attr]


def test_another_units_officer_cannot_progress_the_measure(users: dict[str, User], measure: Measure) -> None:
    services.approve(measure, acting_user=users["leader"])
    with pytest.raises(PermissionDenied):
        services.start(measure, acting_user=users["officer16"])


def test_a_measure_must_address_something_and_have_a_future_due_date(users: dict[str, User]) -> None:
    unit = Unit.objects.get(code="07")
    with pytest.raises(services.TransitionError):
        services.propose(acting_user=users["officer"], title="Мера", unit=unit, due_date=dt.date(2099, 1, 1))
    with pytest.raises(services.TransitionError):
        services.propose(
            acting_user=users["officer"],
            title="Мера",
            unit=unit,
            due_date=dt.date(2020, 1, 1),
            topics=[Topic.objects.get(code="service.queue")],
        )
    assert not Measure.objects.exists()


def test_the_buttons_drive_the_workflow_and_only_leadership_sees_approve(
    users: dict[str, User], measure: Measure
) -> None:
    officer, leader = Client(), Client()
    officer.login(username="officer", password=PASSWORD)
    leader.login(username="leader", password=PASSWORD)
    card = f"/measures/{measure.pk}/"
    assert "Согласовать" not in officer.get(card).content.decode()
    assert "Согласовать" in leader.get(card).content.decode()
    assert officer.post(card + "approve/").status_code == 403
    leader.post(card + "approve/")
    officer.post(card + "start/")
    officer.post(card + "complete/", {"outcome": "Второе окно открыто, очередь короче"})
    measure.refresh_from_db()
    assert measure.state == MeasureState.DONE
    page = officer.get(card).content.decode()
    assert "Эффект меры" in page and "мало данных" in page.lower()
    assert "Второе окно открыто, очередь короче" in page


@pytest.mark.parametrize("outcome", ["", "   \n  "])
def test_marking_done_asks_what_was_done_and_keeps_the_measure_in_progress_without_it(
    users: dict[str, User], measure: Measure, outcome: str
) -> None:
    services.approve(measure, acting_user=users["leader"])
    services.start(measure, acting_user=users["officer"])
    with pytest.raises(services.TransitionError, match="что сделано"):
        services.complete(measure, acting_user=users["officer"], outcome=outcome)
    officer = Client()
    officer.login(username="officer", password=PASSWORD)
    response = officer.post(f"/measures/{measure.pk}/complete/", {"outcome": outcome})
    assert response.status_code == 400
    form = response.context["complete_form"]
    assert form.errors["outcome"] == [
        "Опишите, что сделано и каков результат: без этого мера не отмечается выполненной"
    ]
    assert "Опишите, что сделано и каков результат" in response.content.decode()
    measure.refresh_from_db()
    assert measure.state == MeasureState.IN_PROGRESS and measure.outcome == "" and measure.done_date is None
    assert not AuditEvent.objects.filter(action="measure.done").exists()
    assert measure.events.count() == 3
    # With the text the step goes through, and the card, the list and the history show it.
    officer.post(f"/measures/{measure.pk}/complete/", {"outcome": "  Открыто второе окно выдачи талонов  "})
    measure.refresh_from_db()
    assert measure.state == MeasureState.DONE and measure.outcome == "Открыто второе окно выдачи талонов"
    assert measure.events.last().comment == measure.outcome  # type: ignore[union-attr]
    assert measure.outcome in officer.get("/measures/").content.decode()


def test_another_units_officer_gets_no_form_and_no_change_with_an_empty_outcome(
    users: dict[str, User], measure: Measure
) -> None:
    services.approve(measure, acting_user=users["leader"])
    services.start(measure, acting_user=users["officer"])
    outsider = Client()
    outsider.login(username="analyst", password=PASSWORD)
    assert outsider.post(f"/measures/{measure.pk}/complete/", {"outcome": ""}).status_code in (403, 404)
    measure.refresh_from_db()
    assert measure.state == MeasureState.IN_PROGRESS


def test_the_proposal_form_creates_a_measure(users: dict[str, User]) -> None:
    item = make(timezone.localdate(), tone="negative", channel="vashkontrol", answering_unit="07")
    client = Client()
    client.login(username="officer", password=PASSWORD)
    response = client.post(
        "/measures/new/",
        {
            "title": "Электронная очередь в ОП № 3",
            "unit": Unit.objects.get(code="07").pk,
            "due_date": (timezone.localdate() + dt.timedelta(days=10)).isoformat(),
            "topics": [Topic.objects.get(code="service.queue").pk],
            "feedback": str(item.pk),
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    measure = Measure.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/measures/{measure.pk}/"
    assert list(measure.feedback.all()) == [item]
    assert measure.proposed_by == users["officer"]


def test_a_measure_proposed_from_an_analysis_starts_with_its_item_and_answers_it(
    users: dict[str, User],
) -> None:
    from otklik.monitoring.models import Analysis

    item = make(timezone.localdate(), tone="negative", topic="service.queue", office="ОП3")
    analysis = Analysis.objects.create(feedback=item, unit=Unit.objects.get(code="07"))
    client = Client()
    client.login(username="officer", password=PASSWORD)
    form = client.get(f"/measures/new/?analysis={analysis.pk}").context["form"]
    assert form.initial["feedback"] == str(item.pk)
    assert form.initial["topics"] == [Topic.objects.get(code="service.queue").pk]
    assert form.initial["offices"] == [TaxOffice.objects.get(code="ОП3").pk]
    assert form.initial["unit"] == Unit.objects.get(code="07").pk
    client.post(
        "/measures/new/",
        {
            "title": "Запись на прием через сайт",
            "unit": form.initial["unit"],
            "due_date": (timezone.localdate() + dt.timedelta(days=10)).isoformat(),
            "topics": form.initial["topics"],
            "offices": form.initial["offices"],
            "feedback": form.initial["feedback"],
            "analysis": analysis.pk,
        },
    )
    measure = Measure.objects.get()
    assert list(measure.analyses.all()) == [analysis]
    assert list(analysis.measures.all()) == [measure]
    assert AuditEvent.objects.get(action="measure.proposed").changes["analyses"] == [analysis.pk]
    # officer16 neither sees the item nor gets the analysis preselected.
    client.login(username="officer16", password=PASSWORD)
    assert (
        client.get(f"/measures/new/?analysis={analysis.pk}").context["form"].initial.get("feedback") is None
    )
