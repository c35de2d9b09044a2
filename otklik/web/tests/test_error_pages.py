"""Error pages speak Russian: a missing page, a forbidden one, a stale form, a bad request, a server error."""

from __future__ import annotations

from typing import Any

from django.test import Client, RequestFactory
from django.views.defaults import server_error

from otklik.conftest import PASSWORD


def _text(answer: Any) -> str:
    return str(answer.content.decode())


def test_a_missing_page_and_a_forbidden_one_say_so_in_russian(users: dict[str, Any]) -> None:
    client = Client()
    assert client.login(username="officer", password=PASSWORD)
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404 and "Страница не найдена" in _text(missing)
    assert "Not Found" not in _text(missing)
    forbidden = client.get("/audit/")
    assert forbidden.status_code == 403 and "Нет доступа" in _text(forbidden)
    assert "Forbidden" not in _text(forbidden)


def test_a_stale_form_a_bad_request_and_a_server_error_say_so_in_russian(users: dict[str, Any]) -> None:
    stale = Client(enforce_csrf_checks=True).post("/login/", {"username": "officer", "password": PASSWORD})
    assert stale.status_code == 403 and "Форма устарела" in _text(stale) and "CSRF" not in _text(stale)
    bad = Client().get("/login/", HTTP_HOST="not-an-allowed-host.example")
    assert bad.status_code == 400 and "Неверный запрос" in _text(bad) and "Bad Request" not in _text(bad)
    failed = server_error(RequestFactory().get("/"))
    assert failed.status_code == 500 and "Ошибка на сервере" in failed.content.decode()
