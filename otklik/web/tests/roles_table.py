"""Every URL for every role and the answer expected, gathered from each app's `tests/access_table.py`."""

from __future__ import annotations

import importlib
from typing import Any

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

from otklik.accounts.models import User
from otklik.web.tests.access import DENIED, NOT_ALLOWED, OK, AccessTable, row

# url name -> (path maker, expected status per role). Statuses: 200 shown, 302 sent to login, 403 refused.
CORE: AccessTable = {
    "home": (lambda ctx: "/", row(OK)),
    "health": (lambda ctx: "/health", row(OK, anonymous=OK)),
    "login": (lambda ctx: "/login/", row(OK, anonymous=OK)),
    "logout": (lambda ctx: "/logout/", row(NOT_ALLOWED, anonymous=NOT_ALLOWED)),
    "audit:log": (lambda ctx: "/audit/", row(DENIED, auditor=OK)),
    "regulation": (lambda ctx: "/regulation/", row(OK)),
    # Approval from the to-do list is a form's POST only; who may approve is tested in test_home.py.
    "home_approve_measure": (lambda ctx: "/home/measures/1/approve", row(NOT_ALLOWED)),
}


def app_tables() -> list[Any]:
    """Each product app's `tests/access_table.py`: its TABLE rows and, optionally, `context(users)`."""
    modules = []
    for config in apps.get_app_configs():
        if not config.name.startswith("otklik."):
            continue
        name = f"{config.name}.tests.access_table"
        try:
            modules.append(importlib.import_module(name))
        except ModuleNotFoundError as exc:
            if exc.name is None or not name.startswith(exc.name):
                raise
    return modules


TABLE: AccessTable = dict(CORE)
for _module in app_tables():
    TABLE.update(_module.TABLE)


def access_context(users: dict[str, User]) -> dict[str, Any]:
    """Objects that URLs with arguments point at."""
    ctx: dict[str, Any] = {}
    for module in app_tables():
        if hasattr(module, "context"):
            ctx.update(module.context(users))
    return ctx


def url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list[Any], namespace: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.app_name == "admin":
                    continue  # the Django admin has its own permission checks, tested separately
                ns = p.namespace or namespace
                walk(p.url_patterns, f"{ns}:" if p.namespace else namespace)
            elif isinstance(p, URLPattern) and p.name:
                names.add(f"{namespace}{p.name}")

    walk(get_resolver().url_patterns, "")
    return names
