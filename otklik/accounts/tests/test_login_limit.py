"""Sign-in attempts are limited per account and per address, with a clear message, for a set term."""

from __future__ import annotations

import datetime as dt
from unittest import mock

from django.test import Client
from django.utils import timezone

from otklik.accounts.models import User
from otklik.audit.models import AuditEvent
from otklik.conftest import PASSWORD


def _post(client: Client, username: str, password: str, address: str = "10.0.0.7") -> str:
    return client.post(
        "/login/", {"username": username, "password": password}, REMOTE_ADDR=address
    ).content.decode()


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_thirty_wrong_passwords_lock_the_account_even_for_the_right_one_until_the_term_ends(
    users: dict[str, User],
) -> None:
    client = Client()
    for _ in range(30):
        _post(client, "officer", "wrong-password")
    html = _post(client, "officer", PASSWORD)
    assert not _signed_in(client)
    assert "Слишком много неудачных попыток входа: вход под этой учетной записью закрыт до" in html
    assert AuditEvent.objects.filter(
        action="accounts.login_locked", object_id=str(users["officer"].pk)
    ).exists()
    # Another account from elsewhere is not affected.
    other = Client()
    _post(other, "analyst", PASSWORD, address="10.0.0.8")
    assert _signed_in(other)
    later = timezone.now() + dt.timedelta(minutes=16)
    with mock.patch("otklik.accounts.throttle.timezone.now", return_value=later):
        _post(client, "officer", PASSWORD)
    assert _signed_in(client)


def test_a_lock_comes_after_the_set_number_of_failures_not_before(
    users: dict[str, User], settings: object
) -> None:
    client = Client()
    for _ in range(4):
        _post(client, "officer", "wrong-password")
    _post(client, "officer", PASSWORD)
    assert _signed_in(client)  # four failures, then the right password: in, and the count starts again
    client.logout()
    for _ in range(4):
        _post(client, "officer", "wrong-password")
    _post(client, "officer", PASSWORD)
    assert _signed_in(client)


def test_many_accounts_tried_from_one_address_lock_that_address(users: dict[str, User]) -> None:
    client = Client()
    for i in range(30):
        _post(client, f"guess{i}", "wrong-password", address="10.9.9.9")
    html = _post(client, "leader", PASSWORD, address="10.9.9.9")
    assert not _signed_in(client)
    assert "вход с этого адреса закрыт" in html
    elsewhere = Client()
    _post(elsewhere, "leader", PASSWORD, address="10.9.9.10")
    assert _signed_in(elsewhere)


def test_the_admin_sign_in_page_is_limited_too(users: dict[str, User]) -> None:
    client = Client()
    for _ in range(6):
        client.post("/admin/login/", {"username": "admin", "password": "wrong"}, REMOTE_ADDR="10.0.0.5")
    html = client.post("/admin/login/", {"username": "admin", "password": PASSWORD}, REMOTE_ADDR="10.0.0.5")
    assert not _signed_in(client)
    assert "Слишком много неудачных попыток входа" in html.content.decode()
