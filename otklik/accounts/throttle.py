"""Sign-in attempts limited per account and per address, with a lock for a set term.

Django's own means, not django-axes: its latest release (8.3.1) declares support up to Django 6.0, and the
product runs 6.1. The counts live in the database, so every web process and machine shares them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from otklik.accounts.models import LoginFailure, User
from otklik.audit import services as audit


@dataclasses.dataclass(frozen=True)
class Lock:
    scope: str
    until: dt.datetime

    def message(self) -> str:
        local = timezone.localtime(self.until)
        whom = "под этой учетной записью" if self.scope == LoginFailure.Scope.ACCOUNT else "с этого адреса"
        return (
            f"Слишком много неудачных попыток входа: вход {whom} закрыт до {local:%H:%M} "
            f"({local:%d.%m.%Y}). Попробуйте позже или обратитесь к администратору."
        )


def _key(value: str) -> str:
    return hashlib.sha256(value.strip().lower().encode()).hexdigest()


def _term() -> dt.timedelta:
    return dt.timedelta(minutes=settings.LOGIN_LOCK_MINUTES)


def _limits() -> dict[str, int]:
    return {
        LoginFailure.Scope.ACCOUNT: settings.LOGIN_FAILURES_PER_ACCOUNT,
        LoginFailure.Scope.ADDRESS: settings.LOGIN_FAILURES_PER_ADDRESS,
    }


def _keys(username: str, address: str) -> dict[str, str]:
    keys: dict[str, str] = {LoginFailure.Scope.ACCOUNT: _key(username)} if username else {}
    if address:
        keys[LoginFailure.Scope.ADDRESS] = _key(address)
    return keys


def current_lock(username: str, address: str, *, now: dt.datetime | None = None) -> Lock | None:
    """The lock in force for this account or address, the account's first."""
    now = now or timezone.now()
    for scope, key in _keys(username, address).items():
        row = LoginFailure.objects.filter(scope=scope, key=key, locked_until__gt=now).first()
        if row is not None and row.locked_until is not None:
            return Lock(scope, row.locked_until)
    return None


@transaction.atomic
def record_failure(username: str, address: str, *, now: dt.datetime | None = None) -> Lock | None:
    """Count a failed sign-in; returns the lock it brings about, if it reaches a limit."""
    now = now or timezone.now()
    lock: Lock | None = None
    for scope, key in _keys(username, address).items():
        row, _ = LoginFailure.objects.select_for_update().get_or_create(
            scope=scope, key=key, defaults={"window_start": now}
        )
        if row.window_start <= now - _term() or (row.locked_until and row.locked_until <= now):
            row.failures, row.window_start, row.locked_until = 0, now, None
        row.failures += 1
        if row.failures >= _limits()[scope] and row.locked_until is None:
            row.locked_until = now + _term()
            lock = lock or Lock(scope, row.locked_until)
            account = User.objects.filter(username=username).first()
            audit.record(
                "accounts.login_locked",
                obj=account if scope == LoginFailure.Scope.ACCOUNT else None,
                object_type="accounts.user",
                object_repr=account.username if account and scope == LoginFailure.Scope.ACCOUNT else "",
                changes={
                    "scope": str(scope),
                    "failures": row.failures,
                    "until": row.locked_until.isoformat(),
                },
            )
        row.save()
    return lock


def clear_account(username: str) -> None:
    """A successful sign-in clears the account's count (an address's count runs on)."""
    LoginFailure.objects.filter(scope=LoginFailure.Scope.ACCOUNT, key=_key(username)).delete()
