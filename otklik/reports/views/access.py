"""Who may open which page of the reports app."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase

View = Callable[..., HttpResponseBase]


def _requiring(*perms: str) -> Callable[[View], View]:
    """Signed-in users holding any one of `perms`; others get 403 (anonymous visitors: the login page)."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not any(request.user.has_perm(p) for p in perms):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return login_required(wrapped)

    return decorate


# Every unit works with its own records in the registry and reads the reports of its own unit; the dashboard
# is the whole picture.
registry_reader = _requiring("accounts.view_all_units", "accounts.work_unit_items")
reports_reader = registry_reader
leadership_reader = _requiring("accounts.view_all_units")


def own_unit(user: Any) -> Any:
    """The unit whose reports a user may read only, or None for roles that read every unit's."""
    if user.has_perm("accounts.view_all_units"):
        return None
    return getattr(user, "unit", None)
