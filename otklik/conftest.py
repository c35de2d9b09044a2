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
