from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from otklik.accounts.models import User
from otklik.audit.admin_mixins import AuditedAdmin


@admin.register(User)
class UserAdmin(AuditedAdmin, BaseUserAdmin[User]):
    list_display = ["username", "last_name", "first_name", "unit", "is_active"]
    list_filter = ["groups", "unit", "is_active"]
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        ("Подразделение", {"fields": ("unit", "patronymic")}),
    )
