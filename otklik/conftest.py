"""Shared fixtures: the default reference data and one user per role."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group

from otklik.accounts import roles
from otklik.accounts.models import User
from otklik.org import refdata
from otklik.org.models import Unit

PASSWORD = "correct-horse-battery-staple"  # noqa: S105 - test users only

ROLE_USERS = {
    "admin": (roles.ADMINISTRATOR, "50"),
    "leader": (roles.LEADERSHIP, None),
    "officer": (roles.UNIT_OFFICER, "07"),
    "officer16": (roles.UNIT_OFFICER, "16"),
    "analyst": (roles.ANALYST, "26"),
    "auditor": (roles.AUDITOR, "06"),
    "nobody": (None, None),  # signed in, but given no role: must see nothing
}


@pytest.fixture
def reference(db: Any) -> dict[str, int]:
    return refdata.load_defaults()


@pytest.fixture
def users(reference: dict[str, int]) -> dict[str, User]:
    made = {}
    for username, (role, unit_code) in ROLE_USERS.items():
        user = User.objects.create_user(
            username=username,
            password=PASSWORD,
            unit=Unit.objects.filter(code=unit_code).first() if unit_code else None,
            is_staff=role == roles.ADMINISTRATOR,
        )
        if role:
            user.groups.add(Group.objects.get(name=role))
        made[username] = user
    return made


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def browser_page(live_server: Any) -> Any:
    """A page of a real Chromium driven by Playwright, against the live test server; skipped, saying why,
    where Chromium is not installed (`apt-get install chromium`)."""
    import os
    import shutil

    chromium = CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium")
    if not chromium:
        pytest.skip("браузерный тест пропущен: Chromium не установлен (apt-get install chromium)")
    # Playwright's synchronous API runs an event loop in this thread; the test's own ORM calls are plain
    # synchronous code all the same.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        context = browser.new_context(
            base_url=live_server.url,
            locale="ru-RU",
            accept_downloads=True,
            viewport={"width": 1366, "height": 900},
        )
        context.set_default_timeout(20_000)
        page = context.new_page()
        try:
            yield page
        finally:
            browser.close()
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def sign_in(page: Any, username: str, password: str = PASSWORD) -> None:
    """Sign in through the login form, as a user would."""
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)
