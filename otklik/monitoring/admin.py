from __future__ import annotations

from django.contrib import admin

from otklik.audit.admin_mixins import AuditedAdmin
from otklik.monitoring.models import Cause


@admin.register(Cause)
class CauseAdmin(AuditedAdmin):
    verbose_name_accusative = "причину негативного отзыва"
    list_display = ["order", "code", "name", "is_active"]
    list_editable = ["name", "is_active"]
    list_display_links = ["code"]
    ordering = ["order", "name"]
