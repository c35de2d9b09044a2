"""A unit officer sees and acts on their unit's measures and alerts only; leadership sees all."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from otklik.accounts.models import User
from otklik.conftest import PASSWORD
from otklik.measures.models import Alert, Measure
from otklik.org.models import Topic, Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(users: dict[str, User]) -> dict[str, Measure | Alert]:
    made: dict[str, Measure | Alert] = {}
    for code in ("07", "16"):
        unit = Unit.objects.get(code=code)
        measure = Measure.objects.create(
            title=f"Мера подразделения {code}", unit=unit, due_date=dt.date(2099, 1, 1)
        )
        measure.topics.set([Topic.objects.get(code="service.queue")])
        made[f"measure{code}"] = measure
        made[f"alert{code}"] = Alert.objects.create(
            dimension="office",
            key=f"ОП{code[-1]}",
            label=f"Всплеск для {code}",
            day=dt.date(2026, 11, 20),
            observed=8,
            expected=1.0,
            p_value=1e-6,
            unit=unit,
        )
    return made


def page(username: str, path: str) -> str:
    client = Client()
    client.login(username=username, password=PASSWORD)
    return client.get(path).content.decode()


def test_an_officer_lists_only_their_units_measures_and_alerts(records: dict[str, Measure | Alert]) -> None:
    measures = page("officer", "/measures/")
    assert "Мера подразделения 07" in measures and "Мера подразделения 16" not in measures
    alerts = page("officer16", "/measures/alerts/")
    assert "Всплеск для 16" in alerts and "Всплеск для 07" not in alerts


def test_leadership_lists_all_and_filters_by_unit_and_state(records: dict[str, Measure | Alert]) -> None:
    everything = page("leader", "/measures/")
    assert "Мера подразделения 07" in everything and "Мера подразделения 16" in everything
    unit16 = Unit.objects.get(code="16").pk
    only16 = page("leader", f"/measures/?unit={unit16}&state=proposed")
    assert "Мера подразделения 07" not in only16 and "Мера подразделения 16" in only16
    assert "Мера подразделения" not in page("leader", "/measures/?state=done")


def test_an_officer_cannot_open_another_units_measure(records: dict[str, Measure | Alert]) -> None:
    client = Client()
    client.login(username="officer", password=PASSWORD)
    assert client.get(f"/measures/{records['measure16'].pk}/").status_code == 404
    assert client.get(f"/measures/{records['measure07'].pk}/").status_code == 200


def test_an_officer_proposes_for_their_own_unit_only(users: dict[str, User]) -> None:
    client = Client()
    client.login(username="officer", password=PASSWORD)
    response = client.post(
        "/measures/new/",
        {
            "title": "Чужая мера",
            "unit": Unit.objects.get(code="16").pk,
            "due_date": "2099-01-01",
            "topics": [Topic.objects.get(code="service.queue").pk],
        },
    )
    assert response.status_code == 200 and "unit" in response.context["form"].errors
    assert not Measure.objects.exists()


def test_a_measure_proposed_from_an_alert_starts_with_its_topic_and_unit(
    records: dict[str, Measure | Alert],
) -> None:
    alert = records["alert16"]
    assert isinstance(alert, Alert)
    Alert.objects.filter(pk=alert.pk).update(dimension="topic", key="property.notice")
    client = Client()
    client.login(username="officer16", password=PASSWORD)
    form = client.get(f"/measures/new/?alert={alert.pk}").context["form"]
    assert form.initial["topics"] == [Topic.objects.get(code="property.notice").pk]
    assert form.initial["unit"] == Unit.objects.get(code="16").pk
    client.login(username="officer", password=PASSWORD)  # unit 07 may not see unit 16's alert
    assert "topics" not in client.get(f"/measures/new/?alert={alert.pk}").context["form"].initial


def test_an_alert_reads_in_plain_words_with_numbers_a_person_can_check(
    records: dict[str, Measure | Alert],
) -> None:
    listed = page("leader", "/measures/alerts/")
    assert "в 8 раз" in listed and "Бенджамини" not in listed and "e-0" not in listed
    alert = records["alert07"]
    shown = page("leader", f"/measures/alerts/{alert.pk}/")
    assert "рост значим: в 8 раз больше обычного" in shown
    assert "p-значение" not in shown and "e-06" not in shown
