from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.db import models
from django.forms import Form
from django.http import HttpRequest

from otklik.accounts import access
from otklik.accounts.forms import AdminLoginForm
from otklik.accounts.models import User
from otklik.audit.admin_mixins import AuditedAdmin

_BEFORE = "_otklik_access_before"
admin.site.login_form = AdminLoginForm


@admin.register(User)
class UserAdmin(AuditedAdmin, BaseUserAdmin[User]):
    """Accounts: nobody is made a superuser here, nobody changes their own access, every change is audited."""

    verbose_name_accusative = "пользователя"

    list_display = ["username", "last_name", "first_name", "unit", "is_active"]
    list_filter = ["groups", "unit", "is_active"]
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        ("Подразделение", {"fields": ("unit", "patronymic")}),
    )
    audit_exclude = ("password", "last_login")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        locked: tuple[str, ...] = ("is_superuser", "last_login", "date_joined")
        if obj is not None and obj.pk == request.user.pk:
            locked += access.SELF_LOCKED_FIELDS
        return tuple(dict.fromkeys((*super().get_readonly_fields(request, obj), *locked)))

    def save_model(self, request: HttpRequest, obj: models.Model, form: Form, change: bool) -> None:
        assert isinstance(obj, User)
        setattr(request, _BEFORE, access.snapshot(obj) if change and obj.pk else {})
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        target = form.instance
        before, after = getattr(request, _BEFORE, {}), access.snapshot(target)
        access.check_change(request.user, target, before, after)
        access.record_change(request.user, target, before, after)


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(AuditedAdmin, BaseGroupAdmin):
    """Roles: a member of a role cannot widen it; every change of a role's rights is audited."""

    verbose_name_accusative = "группу"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = tuple(super().get_readonly_fields(request, obj))
        if obj is not None and obj.user_set.filter(pk=request.user.pk).exists():
            fields += ("permissions",)
        return fields

    def save_model(self, request: HttpRequest, obj: models.Model, form: Form, change: bool) -> None:
        assert isinstance(obj, Group)
        setattr(request, _BEFORE, access.group_snapshot(obj) if change and obj.pk else {"permissions": []})
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        group = form.instance
        before, after = getattr(request, _BEFORE, {"permissions": []}), access.group_snapshot(group)
        access.check_group_change(request.user, group, before, after)
        access.record_group_change(request.user, group, before, after)
