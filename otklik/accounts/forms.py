"""The sign-in forms of the site and of the admin, with the limit on failed attempts."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm

from otklik.accounts import throttle


class ThrottledLoginMixin:
    """Refuses a locked account or address before the password is checked; counts each failure."""

    request: Any
    cleaned_data: dict[str, Any]
    locked_message = ""

    def clean(self) -> dict[str, Any]:
        username = str(self.cleaned_data.get("username") or "")
        address = self.request.META.get("REMOTE_ADDR", "") if self.request is not None else ""
        lock = throttle.current_lock(username, address)
        if lock is not None:
            self.locked_message = lock.message()
            raise forms.ValidationError(self.locked_message, code="locked")
        try:
            cleaned: dict[str, Any] = super().clean()  # type: ignore[misc]
        except forms.ValidationError:
            lock = throttle.record_failure(username, address)
            if lock is not None:
                self.locked_message = lock.message()
                raise forms.ValidationError(self.locked_message, code="locked") from None
            raise
        throttle.clear_account(username)
        return cleaned


class LoginForm(ThrottledLoginMixin, AuthenticationForm):
    pass


class AdminLoginForm(ThrottledLoginMixin, AdminAuthenticationForm):
    pass
