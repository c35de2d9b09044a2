"""Every URL for every role, against a table of expected answers; a URL missing from the table fails."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from otklik.accounts.models import User
from otklik.conftest import PASSWORD
from otklik.web.tests.access import DENIED as DENIED
from otklik.web.tests.access import OK, ROLES
from otklik.web.tests.roles_table import TABLE, access_context, url_names


def test_every_url_of_the_application_is_in_the_access_table() -> None:
    missing = url_names() - set(TABLE)
    assert not missing, f"URL без строки в таблице доступа: {sorted(missing)}"


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_exactly_the_answers_of_the_table(users: dict[str, User], role: str) -> None:
    client = Client()
    if role != "anonymous":
        assert client.login(username=role, password=PASSWORD)
    ctx: dict[str, Any] = {"users": users, **access_context(users)}
    wrong = {}
    for name, (make_path, expected) in TABLE.items():
        status = client.get(make_path(ctx)).status_code
        if status != expected[role]:
            wrong[name] = (status, expected[role])
    assert not wrong, f"роль {role}: (получено, ожидалось) {wrong}"


@pytest.mark.parametrize(
    ("role", "can_enter_admin"),
    [
        ("admin", True),
        ("leader", False),
        ("officer", False),
        ("analyst", False),
        ("auditor", False),
    ],
)
def test_only_the_administrator_enters_the_admin_site(
    users: dict[str, User], role: str, can_enter_admin: bool
) -> None:
    client = Client()
    assert client.login(username=role, password=PASSWORD)
    status = client.get("/admin/").status_code
    assert (status == OK) is can_enter_admin


def test_the_navigation_shows_a_role_only_its_sections(users: dict[str, User]) -> None:
    client = Client()
    client.login(username="auditor", password=PASSWORD)
    page = client.get("/").content.decode()
    assert "Аудит" in page and "Администрирование" not in page
    client.login(username="admin", password=PASSWORD)
    page = client.get("/").content.decode()
    assert "Администрирование" in page and ">Аудит<" not in page


@pytest.mark.parametrize("role", ["admin", "leader", "officer", "analyst", "auditor"])
def test_every_section_the_navigation_offers_a_role_opens_for_it(users: dict[str, User], role: str) -> None:
    client = Client()
    assert client.login(username=role, password=PASSWORD)
    page = client.get("/").content.decode()
    nav = page.split('<nav class="mainnav"', 1)[1].split("</nav>", 1)[0]
    links = re.findall(r'<a href="([^"]+)"', nav)
    assert links, "the navigation shows nothing"
    for link in links:
        assert client.get(link).status_code == OK, link


def test_a_unit_officer_is_offered_the_registry(users: dict[str, User]) -> None:
    client = Client()
    client.login(username="officer", password=PASSWORD)
    assert '/reports/registry/">Реестр<' in client.get("/").content.decode()
