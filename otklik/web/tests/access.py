"""Shared vocabulary of the role × URL access tables (see test_role_access.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from otklik.conftest import ROLE_USERS

ROLES = ["anonymous", *ROLE_USERS]
OK, LOGIN, DENIED, NOT_FOUND, NOT_ALLOWED = 200, 302, 403, 404, 405

# url name -> (function of the test context giving the path, expected status per role)
AccessTable = dict[str, tuple[Callable[[dict[str, Any]], str], dict[str, int]]]


def row(default: int, **per_role: int) -> dict[str, int]:
    """Expected answers: `default` for every signed-in role, the login redirect for the anonymous visitor."""
    answers = {role: default for role in ROLES}
    answers["anonymous"] = per_role.pop("anonymous", LOGIN)
    answers.update(per_role)
    return answers
