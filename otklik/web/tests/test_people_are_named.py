"""Pages name people as Russian papers do, «Федорова О. А.», and never show a login where the account has a
name: the measures, the import batches, an analysis's route, the audit log and the header."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from otklik.accounts.models import User
from otklik.audit import services as audit
from otklik.conftest import PASSWORD
from otklik.lib.ru import NBSP
from otklik.measures.models import Measure, MeasureEvent, MeasureState
from otklik.monitoring import services as monitoring
from otklik.monitoring.models import Analysis
from otklik.monitoring.tests.factory import negative_item
from otklik.org.models import Channel, Unit
from otklik.registry.models import ImportBatch

OFFICER = f"Федорова{NBSP}О.{NBSP}А."
LEADER = f"Медведев{NBSP}С.{NBSP}П."


@pytest.fixture
def named(users: dict[str, User]) -> dict[str, User]:
    for login, (last, first, middle) in {
        "officer": ("Федорова", "Ольга", "Андреевна"),
        "leader": ("Медведев", "Сергей", "Петрович"),
    }.items():
        User.objects.filter(username=login).update(last_name=last, first_name=first, patronymic=middle)
    return {u.username: u for u in User.objects.all()}


def _page(url: str, login: str = "leader") -> str:
    client = Client()
    assert client.login(username=login, password=PASSWORD)
    answer = client.get(url)
    assert answer.status_code == 200, url
    return answer.content.decode()


def _shows_names_not_logins(html: str, *names: str) -> None:
    for name in names:
        assert name in html
    for login in ("officer", "leader"):
        assert f">{login}<" not in html and f" {login} " not in html and f" {login}," not in html


def test_a_measure_names_who_proposed_it_who_answers_for_it_and_who_moved_it(named: dict[str, Any]) -> None:
    officer, leader = named["officer"], named["leader"]
    measure = Measure.objects.create(
        title="Продлить часы приема",
        unit=Unit.objects.get(code="07"),
        due_date=dt.date(2099, 1, 1),
        proposed_by=officer,
        responsible=officer,
    )
    MeasureEvent.objects.create(measure=measure, actor=leader, to_state=MeasureState.PROPOSED)
    MeasureEvent.objects.create(measure=measure, actor=None, to_state=MeasureState.PROPOSED)
    detail = _page(f"/measures/{measure.pk}/")
    _shows_names_not_logins(detail, OFFICER, LEADER, "система")
    _shows_names_not_logins(_page("/measures/"), OFFICER)


def test_an_import_batch_names_who_loaded_it(named: dict[str, Any]) -> None:
    batch = ImportBatch.objects.create(
        channel=Channel.objects.get(code="calls"), file_name="calls.xlsx", created_by=named["officer"]
    )
    _shows_names_not_logins(_page(f"/registry/batches/{batch.pk}/"), OFFICER)
    _shows_names_not_logins(_page("/registry/batches/"), OFFICER)


def test_the_route_of_an_analysis_names_who_passed_it_on(named: dict[str, Any]) -> None:
    item = negative_item("appeals", dt.datetime(2026, 3, 10, 10, 0))
    monitoring.route_pending()
    analysis = Analysis.objects.get(feedback=item)
    monitoring.transfer(analysis, Unit.objects.get(code="07"), "Вопрос приема", named["leader"])
    _shows_names_not_logins(_page(f"/monitoring/analyses/{analysis.pk}/"), LEADER)


def test_the_header_and_the_audit_log_name_the_person_and_say_where_no_one_acted(
    named: dict[str, Any],
) -> None:
    audit.record("export", acting_user=named["officer"], changes={"records": 3})
    audit.record("export", acting_user=None, changes={"records": 4})
    client = Client()
    assert client.login(username="auditor", password=PASSWORD)
    page = client.get("/audit/").content.decode()
    assert OFFICER in page and "система" in page
    assert ">officer<" not in page and ">system<" not in page
    assert LEADER in _page("/")  # the header names the signed-in person


def test_an_account_without_a_name_is_shown_by_its_login(users: dict[str, Any]) -> None:
    measure = Measure.objects.create(
        title="Без имени",
        unit=Unit.objects.get(code="07"),
        due_date=dt.date(2099, 1, 1),
        proposed_by=users["officer"],
    )
    assert "<dd>officer," in _page(f"/measures/{measure.pk}/")
    assert str(users["officer"]) == "officer"
